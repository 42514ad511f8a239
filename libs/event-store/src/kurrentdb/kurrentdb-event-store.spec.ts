import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import {
  EventIdConflictError,
  InvalidPositionError,
  type NewEvent,
  parsePosition,
  positionToString,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { eventStoreContract } from '../testing/event-store.contract';
import {
  KurrentDbTestServer,
  type KurrentDbTestServerOptions,
  type SubscriptionFlow,
} from '../testing/kurrentdb-test-server';
import { AppendOutcomeUnknownError, describeTarget, EventStoreUnavailableError } from './kurrentdb-errors';
import { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';

const servers: KurrentDbTestServer[] = [];
async function startServer(options?: KurrentDbTestServerOptions): Promise<KurrentDbTestServer> {
  const server = await KurrentDbTestServer.start(options);
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/**
 * The client's Rust read path waits `discoveryInterval` (500 ms by default) before it first
 * connects; the adapter-specific tests open many stores, so they shorten it.
 */
function quickUrl(server: KurrentDbTestServer): string {
  return `${server.url}&discoveryInterval=10`;
}

/** Stores opened by a test, closed after it even when it fails. */
const opened: KurrentDbEventStore[] = [];
async function openStore(
  server: KurrentDbTestServer,
  options?: KurrentDbEventStoreOptions,
): Promise<KurrentDbEventStore> {
  const store = await KurrentDbEventStore.connect(quickUrl(server), options);
  opened.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

// As a real server: BatchAppend advertised, and system events written every 20 ms between the
// contract's own.
eventStoreContract('KurrentDbEventStore on the in-process test server, BatchAppend path', async () =>
  KurrentDbEventStore.connect((await startServer({ systemEventIntervalMs: 20 })).url),
);

eventStoreContract('KurrentDbEventStore on the in-process test server, plain Append path', async () =>
  KurrentDbEventStore.connect((await startServer({ advertiseBatchAppend: false })).url),
);

// A server that answers idempotent appends without a position: the adapter reads it back.
eventStoreContract('KurrentDbEventStore on a test server answering idempotent appends with NoPosition', async () =>
  KurrentDbEventStore.connect((await startServer({ idempotentAppendsWithoutPosition: true })).url),
);

// An unconfigured external run shows as skipped in jest's summary: set KURRENTDB_URL (e.g.
// kurrentdb://127.0.0.1:2113?tls=false; see README.md, "Running on KurrentDB") to run it.
const realServerUrl = process.env.KURRENTDB_URL;
(realServerUrl ? describe : describe.skip)('KurrentDbEventStore on a real KurrentDB server (KURRENTDB_URL)', () => {
  eventStoreContract(`KurrentDbEventStore on ${describeTarget(realServerUrl ?? 'kurrentdb://unset')}`, () =>
    KurrentDbEventStore.connect(realServerUrl as string),
  );
});

describe('KurrentDbEventStore', () => {
  describe('when events written by a legacy TCP client have commit and prepare positions that differ', () => {
    it('keeps both through the port and its string form, and reads and subscribes after them exactly', async () => {
      const server = await startServer();
      const store = await openStore(server);
      const streamId = newStreamId();
      server.appendLegacyTransaction(
        streamId,
        [0, 1, 2].map((n) => ({ type: 'Tested', data: { n } })),
      );
      const stored = await collect(store.readStream(streamId));

      expect(stored.map((event) => event.position.commit === event.position.prepare)).toEqual([false, false, false]);
      for (const event of stored) expect(parsePosition(positionToString(event.position))).toEqual(event.position);

      const checkpoint = parsePosition(positionToString(stored[0].position));
      const after = (await collect(store.readAll({ after: checkpoint }))).filter(
        (event) => event.streamId === streamId,
      );
      expect(after.map((event) => event.data.n)).toEqual([1, 2]);
      const subscription = store.subscribeToAll({ after: checkpoint });
      expect((await take(subscription, 2, streamId)).map((event) => event.data.n)).toEqual([1, 2]);
    });
  });

  describe('when $all holds system events', () => {
    it('leaves them out of readAll, headPosition and subscriptions', async () => {
      const server = await startServer();
      const store = await openStore(server);
      const streamId = newStreamId();
      const subscription = store.subscribeToAll();
      const appended = await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      server.appendSystemEvent();
      server.appendSystemEvent('$persistentSubscriptionConfig', 'PersistentConfig1');

      const all = await collect(store.readAll());
      expect(server.eventCount).toBeGreaterThan(all.length);
      expect(all.filter((event) => event.streamId.startsWith('$') || event.type.startsWith('$'))).toEqual([]);
      expect(await store.headPosition()).toEqual(appended.position);

      await store.appendToStream(streamId, [newEvent({ n: 1 })]);
      const iterator = subscription[Symbol.asyncIterator]();
      const delivered = [
        (await iterator.next()).value as RecordedEvent,
        (await iterator.next()).value as RecordedEvent,
      ];
      expect(delivered.map((event) => [event.streamId, event.data.n])).toEqual([
        [streamId, 0],
        [streamId, 1],
      ]);
      await subscription.close();
    });
  });

  describe('when the server drops a subscription', () => {
    it('resubscribes after the last delivered event, skipping and repeating nothing', async () => {
      const server = await startServer();
      const drops: number[] = [];
      const store = await openStore(server, {
        resubscribeDelayMs: 10,
        onSubscriptionDropped: (_error, attempt) => drops.push(attempt),
      });
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent({ n: 0 }), newEvent({ n: 1 })]);
      const subscription = store.subscribeToAll({ after: undefined });
      const delivered = await take(subscription, 2, streamId);

      expect(server.dropSubscriptions()).toBe(1);
      await store.appendToStream(streamId, [newEvent({ n: 2 })]);
      delivered.push(...(await take(subscription, 1, streamId)));
      expect(server.dropSubscriptions()).toBe(1);
      expect(server.dropSubscriptions()).toBe(0);
      await store.appendToStream(streamId, [newEvent({ n: 3 }), newEvent({ n: 4 })]);
      delivered.push(...(await take(subscription, 2, streamId)));

      expect(delivered.map((event) => event.data.n)).toEqual([0, 1, 2, 3, 4]);
      expect(drops).toEqual([1, 1]);
      expect(server.activeSubscriptions).toBe(1);
      await subscription.close();
    });

    it('resumes after the server restarts, and the health check passes again', async () => {
      const server = await startServer();
      const store = await openStore(server, {
        resubscribeDelayMs: 20,
        resubscribeMaxDelayMs: 200,
        onSubscriptionDropped: () => undefined,
      });
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      const subscription = store.subscribeToAll();
      const delivered = await take(subscription, 1, streamId);

      await server.restart();
      await waitFor(() => store.ready(1_000));
      await store.appendToStream(streamId, [newEvent({ n: 1 })]);
      delivered.push(...(await take(subscription, 1, streamId)));

      expect(delivered.map((event) => event.data.n)).toEqual([0, 1]);
      await subscription.close();
    });

    it('keeps resubscribing while the server is down, and still ends at close()', async () => {
      const server = await startServer();
      const drops = dropRecorder();
      const store = await openStore(server, {
        resubscribeDelayMs: 10,
        resubscribeMaxDelayMs: 50,
        onSubscriptionDropped: drops.record,
      });
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const iteration = (async () => {
        for await (const event of subscription) void event;
        return 'ended';
      })();
      // Each step waits for the event it needs, never for a time or by polling: the server says
      // when the subscription is open, the adapter when it was dropped.
      await server.whenSubscriptionsOpen(1);
      await server.stop();
      // An iteration that ends (or throws) while the server is down fails the test at once.
      const endedEarly = iteration.then(
        () => Promise.reject(new Error('the subscription ended while the server was down')),
        (error: unknown) => Promise.reject(error),
      );
      await Promise.race([drops.reached(2), endedEarly]);
      endedEarly.catch(() => undefined);
      await subscription.close();
      await expect(iteration).resolves.toBe('ended');
      expect(drops.attempts.slice(0, 2)).toEqual([1, 2]);
    });
  });

  describe('when a subscriber reads slower than the events come (flow control)', () => {
    const payload = 'x'.repeat(1_000);
    const batch = (from: number) => Array.from({ length: 100 }, (_, n) => newEvent({ n: from + n, payload }));
    const numbers = (count: number) => Array.from({ length: count }, (_, n) => n);

    it('holds the server at the client window while catching up, then delivers every event once, in order', async () => {
      const server = await startServer();
      const store = await openStore(server, { subscriptionBufferSize: 8 });
      const streamId = newStreamId();
      for (let from = 0; from < 600; from += 100) await store.appendToStream(streamId, batch(from));
      const subscription = store.subscribeToAll();
      const held = server.whenSubscriptionHeld();
      const delivered = await take(subscription, 10, streamId);
      // The consumer stops here: its buffer fills, the HTTP/2 window closes, the server stops writing.
      await held;
      const steady = await heldSteadily(server);
      expect(steady).toMatchObject({ held: true, written: expect.any(Number) });
      expect(steady.written).toBeLessThan(300);
      delivered.push(...(await take(subscription, 590, streamId)));
      expect(delivered.map((event) => event.data.n)).toEqual(numbers(600));
      expect(server.subscriptionFlows[0].fellBehind).toBe(0);
      await subscription.close();
    });

    it('falls behind when live events overflow the server buffer, and catches up from the log, losing nothing', async () => {
      const server = await startServer();
      const store = await openStore(server, { subscriptionBufferSize: 8 });
      const streamId = newStreamId();
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      const first = iterator.next();
      await server.whenSubscriptionsOpen(1);
      await store.appendToStream(streamId, batch(0));
      const delivered = [((await first) as IteratorYieldResult<RecordedEvent>).value];
      // Live now; the consumer stops while 500 more events are appended.
      for (let from = 100; from < 600; from += 100) await store.appendToStream(streamId, batch(from));
      const steady = await heldSteadily(server);
      expect(steady).toMatchObject({ held: true, written: expect.any(Number) });
      expect(steady.written).toBeLessThan(300);
      delivered.push(...(await take(subscription, 599, streamId)));
      expect(delivered.map((event) => event.data.n)).toEqual(numbers(600));
      expect(server.subscriptionFlows[0].fellBehind).toBe(1);
      await subscription.close();
    });
  });

  describe('when the server is unreachable', () => {
    it('fails connect() at once with an error naming the server, instead of hanging', async () => {
      const server = await startServer();
      await server.stop();
      const started = Date.now();
      const error = await KurrentDbEventStore.connect(server.url, { connectTimeoutMs: 5_000 }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(`127.0.0.1:${server.port} (tls=false)`);
      expect((error as Error).message).toMatch(/unreachable/);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('fails connect() after the timeout when something answers the port but not as KurrentDB', async () => {
      const silent = await listenSilently();
      try {
        const started = Date.now();
        const error = await KurrentDbEventStore.connect(`kurrentdb://127.0.0.1:${silent.port}?tls=false`, {
          connectTimeoutMs: 500,
        }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(EventStoreUnavailableError);
        expect((error as Error).message).toMatch(
          new RegExp(`127\\.0\\.0\\.1:${silent.port} \\(tls=false\\) (did not answer within 500 ms|is unreachable)`),
        );
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        await silent.close();
      }
    });

    it('makes ready(), the health check, fail once a running server goes away', async () => {
      const server = await startServer();
      const store = await openStore(server);
      await expect(store.ready()).resolves.toBeUndefined();
      await server.stop();
      await expect(store.ready(2_000)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.appendToStream(newStreamId(), [newEvent()])).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
    });

    it('refuses a connection string it cannot parse, saying so', () => {
      expect(() => new KurrentDbEventStore('kurrentdb://')).toThrow(/not a valid KurrentDB connection string/);
    });
  });

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('when the expected revision is wrong (%s)', (path, advertiseBatchAppend) => {
    it('rejects with WrongExpectedRevisionError carrying the actual revision', async () => {
      const server = await startServer({ advertiseBatchAppend });
      const store = await openStore(server);
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent(), newEvent()]);
      const error = await store
        .appendToStream(streamId, [newEvent()], { expectedRevision: 0 })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId, expected: 0, actual: 1 });
      expect(server.calls.get(`Streams/${path}`)).toBeGreaterThan(0);
    });
  });

  /** Short windows, so that fault tests take milliseconds; the server's commit timeout is set shorter still. */
  const quickOutcome: KurrentDbEventStoreOptions = { outcomeWindowMs: 400, appendPollIntervalMs: 20 };

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('when the connection drops during an append (%s)', (path, advertiseBatchAppend) => {
    it.each(['before-write', 'after-write'] as const)(
      'finds out from the stream whether it was written (%s), and stores it once',
      async (when) => {
        const server = await startServer({ advertiseBatchAppend });
        const store = await openStore(server, quickOutcome);
        const streamId = newStreamId();
        await store.appendToStream(streamId, [newEvent({ n: 0 })]);
        const callsBefore = server.calls.get(`Streams/${path}`) ?? 0;
        server.failNextAppends(1, when);

        const events = [newEvent({ n: 1 }), newEvent({ n: 2 })];
        const result = await store.appendToStream(streamId, events, { expectedRevision: 0 });

        const stored = await collect(store.readStream(streamId));
        expect(stored.map((event) => event.data.n)).toEqual([0, 1, 2]);
        expect(result).toEqual({ nextExpectedRevision: 2, position: stored[2].position, duplicate: false });
        // One Append call per attempt: sent again only when it was not written. (BatchAppend
        // multiplexes appends over one long call, so its calls do not count attempts.)
        if (path === 'Append')
          expect(server.calls.get('Streams/Append')).toBe(callsBefore + (when === 'before-write' ? 2 : 1));
      },
    );

    it('gives up after three attempts saying the outcome is unknown, having stored nothing', async () => {
      const server = await startServer({ advertiseBatchAppend });
      const store = await openStore(server, quickOutcome);
      const streamId = newStreamId();
      server.failNextAppends(3);
      const error = await store.appendToStream(streamId, [newEvent()]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppendOutcomeUnknownError);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `KurrentDB at 127\\.0\\.0\\.1:${server.port} .*whether the append to ${streamId} was written is unknown`,
        ),
      );
      expect(await store.streamRevision(streamId)).toBeUndefined();
      await expect(store.appendToStream(streamId, [newEvent()])).resolves.toMatchObject({ nextExpectedRevision: 0 });
    });
  });

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('when the server times out on the commit and commits later (%s)', (path, advertiseBatchAppend) => {
    it.each([
      ['within the window the adapter watches', 150],
      ['after that window, while the adapter resends', 700],
    ])('acknowledges the write once it lands %s, and stores it once', async (_when, commitsAfterMs) => {
      const server = await startServer({ advertiseBatchAppend, commitTimeoutMs: 100 });
      const store = await openStore(server, { ...quickOutcome, outcomeWindowMs: 300, appendAttempts: 5 });
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      server.failNextAppends(1, { kind: 'commit-timeout', commitsAfterMs });

      const result = await store.appendToStream(streamId, [newEvent({ n: 1 }), newEvent({ n: 2 })], {
        expectedRevision: 0,
      });

      const stored = await collect(store.readStream(streamId));
      expect(stored.map((event) => event.data.n)).toEqual([0, 1, 2]);
      expect(result).toMatchObject({ nextExpectedRevision: 2, position: stored[2].position });
      expect(path).toBeDefined();
    });

    it("stores an 'any' append once too: its resend expects the revision the stream was seen at", async () => {
      const server = await startServer({ advertiseBatchAppend, commitTimeoutMs: 100 });
      const store = await openStore(server, { ...quickOutcome, outcomeWindowMs: 300, appendAttempts: 5 });
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      server.failNextAppends(1, { kind: 'commit-timeout', commitsAfterMs: 700 });

      const result = await store.appendToStream(streamId, [newEvent({ n: 1 })], { expectedRevision: 'any' });

      const stored = await collect(store.readStream(streamId));
      expect(stored.map((event) => event.data.n)).toEqual([0, 1]);
      expect(result).toMatchObject({ nextExpectedRevision: 1, position: stored[1].position });
    });
  });

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('when the node declines an append (%s)', (_path, advertiseBatchAppend) => {
    it.each(['not-leader', 'not-ready', 'busy'] as const)('sends it again (%s), and stores it once', async (fault) => {
      const server = await startServer({ advertiseBatchAppend });
      const store = await openStore(server, quickOutcome);
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      server.failNextAppends(1, fault);

      const result = await store.appendToStream(streamId, [newEvent({ n: 1 })], { expectedRevision: 0 });

      const stored = await collect(store.readStream(streamId));
      expect(stored.map((event) => event.data.n)).toEqual([0, 1]);
      expect(result).toEqual({ nextExpectedRevision: 1, position: stored[1].position, duplicate: false });
    });
  });

  describe('when the leadership moves to another node', () => {
    it('sends the next append to the new leader the old one names, and stores it once', async () => {
      const server = await startServer();
      const newLeader = await server.addNode();
      const store = await openStore(server, quickOutcome);
      const streamId = newStreamId();
      const first = await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      server.moveLeaderTo(newLeader);
      // Reads go to the leader too (the client's default node preference), through the old one first.
      expect(await store.headPosition()).toEqual(first.position);

      const result = await store.appendToStream(streamId, [newEvent({ n: 1 })], { expectedRevision: 0 });

      const stored = await collect(store.readStream(streamId));
      expect(stored.map((event) => event.data.n)).toEqual([0, 1]);
      expect(result).toEqual({ nextExpectedRevision: 1, position: stored[1].position, duplicate: false });
    });

    it('resolves an append whose commit timed out during the election, on the new leader, and stores it once', async () => {
      const server = await startServer({ commitTimeoutMs: 150 });
      const newLeader = await server.addNode();
      const store = await openStore(server, { ...quickOutcome, outcomeWindowMs: 300, appendAttempts: 5 });
      const streamId = newStreamId();
      await store.appendToStream(streamId, [newEvent({ n: 0 })]);
      server.failNextAppends(1, { kind: 'commit-timeout', commitsAfterMs: 400 });

      const appending = store.appendToStream(streamId, [newEvent({ n: 1 })], { expectedRevision: 0 });
      await delay(50);
      server.moveLeaderTo(newLeader);
      const result = await appending;

      const stored = await collect(store.readStream(streamId));
      expect(stored.map((event) => event.data.n)).toEqual([0, 1]);
      expect(result).toMatchObject({ nextExpectedRevision: 1, position: stored[1].position });
    });
  });

  describe('when a leader election happens between an append and its retry', () => {
    it('still recognises a retry that names its expected revision', async () => {
      const server = await startServer();
      const store = await openStore(server);
      const streamId = newStreamId();
      const events = [newEvent(), newEvent()];
      const original = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      server.elect();
      await expect(store.appendToStream(streamId, events, { expectedRevision: 'no_stream' })).resolves.toMatchObject({
        nextExpectedRevision: 1,
        position: original.position,
      });
      expect(await store.streamRevision(streamId)).toBe(1);
    });

    it("does not recognise an 'any' retry, as KurrentDB does not: the weak guarantee the port states", async () => {
      const server = await startServer();
      const store = await openStore(server);
      const streamId = newStreamId();
      const events = [newEvent()];
      await store.appendToStream(streamId, events, { expectedRevision: 'any' });
      await expect(store.appendToStream(streamId, events, { expectedRevision: 'any' })).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
      server.elect();
      await expect(store.appendToStream(streamId, events, { expectedRevision: 'any' })).resolves.toMatchObject({
        nextExpectedRevision: 1,
      });
    });
  });

  describe('when a stream is truncated ($tb, $maxCount) or soft-deleted', () => {
    it('appends, recognises retries and reads from where the stream now starts', async () => {
      const server = await startServer();
      const store = await openStore(server);
      const streamId = newStreamId();
      for (let n = 0; n < 5; n++) await store.appendToStream(streamId, [newEvent({ n })]);
      server.truncateBefore(streamId, 3);

      const events = [newEvent({ n: 5 })];
      const result = await store.appendToStream(streamId, events, { expectedRevision: 4 });
      await expect(store.appendToStream(streamId, events, { expectedRevision: 4 })).resolves.toMatchObject({
        nextExpectedRevision: 5,
        position: result.position,
      });
      expect((await collect(store.readStream(streamId))).map((event) => event.revision)).toEqual([3, 4, 5]);
      expect(await store.streamRevision(streamId)).toBe(5);

      server.softDelete(streamId);
      expect(await store.streamRevision(streamId)).toBeUndefined();
      await expect(
        store.appendToStream(streamId, [newEvent({ n: 6 })], { expectedRevision: 'no_stream' }),
      ).resolves.toMatchObject({ nextExpectedRevision: 6 });
      expect((await collect(store.readStream(streamId))).map((event) => event.data.n)).toEqual([6]);
    });
  });

  describe('when asked to read or subscribe from a position this store does not have', () => {
    it('fails with InvalidPositionError at once instead of resubscribing forever', async () => {
      const server = await startServer();
      const drops: unknown[] = [];
      const store = await openStore(server, {
        resubscribeDelayMs: 10,
        onSubscriptionDropped: (error) => drops.push(error),
      });
      await store.appendToStream(newStreamId(), [newEvent()]);
      // Not a record boundary: a checkpoint carried over from a SQLite store, say.
      const foreign = { commit: 7n, prepare: 7n };

      await expect(collect(store.readAll({ after: foreign }))).rejects.toBeInstanceOf(InvalidPositionError);
      const subscription = store.subscribeToAll({ after: foreign });
      const error = await subscription[Symbol.asyncIterator]()
        .next()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidPositionError);
      expect((error as Error).message).toMatch(/rebuild the projection or index/);
      expect(drops).toEqual([]);
    });
  });

  describe('when an append is bigger than the server takes', () => {
    it('rejects it with a RangeError naming the limit, having stored nothing', async () => {
      const server = await startServer({ maxAppendSize: 64 * 1024 });
      const store = await openStore(server);
      const streamId = newStreamId();
      const big = Array.from({ length: 10 }, (_, n) => newEvent({ n, text: 'x'.repeat(8 * 1024) }));
      const error = await store.appendToStream(streamId, big).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/maximum append size of 65536 bytes/);
      expect(await store.streamRevision(streamId)).toBeUndefined();
    });
  });

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('when the server answers an idempotent append without a position (%s)', (_path, advertiseBatchAppend) => {
    it('reads the original position back on the leader and reports a duplicate', async () => {
      const server = await startServer({ idempotentAppendsWithoutPosition: true, advertiseBatchAppend });
      const store = await openStore(server);
      const streamId = newStreamId();
      const events = [newEvent(), newEvent()];
      const reads = (): number => server.calls.get('Streams/Read') ?? 0;
      const readsBefore = reads();
      const original = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      expect(original).toMatchObject({ nextExpectedRevision: 1, duplicate: false });
      // A write's answer has its position: nothing is read for it.
      expect(reads()).toBe(readsBefore);
      const stored = await collect(store.readStream(streamId));
      expect(original.position).toEqual(stored[1].position);

      const retry = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      expect(retry).toEqual({ nextExpectedRevision: 1, position: stored[1].position, duplicate: true });
      const anyRetry = await store.appendToStream(streamId, events, { expectedRevision: 'any' });
      expect(anyRetry).toEqual({ nextExpectedRevision: 1, position: stored[1].position, duplicate: true });
      expect(await store.streamRevision(streamId)).toBe(1);
    });
  });

  describe('when another instance retries an append', () => {
    it('answers with the original revision and position, and stores nothing', async () => {
      const server = await startServer();
      const [first, second] = [await openStore(server), await openStore(server)];
      const streamId = newStreamId();
      const events = [newEvent(), newEvent()];
      const original = await first.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      await expect(second.appendToStream(streamId, events, { expectedRevision: 'no_stream' })).resolves.toMatchObject({
        nextExpectedRevision: original.nextExpectedRevision,
        position: original.position,
      });
      await expect(
        second.appendToStream(streamId, [events[1], events[0]], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await first.streamRevision(streamId)).toBe(1);
    });
  });

  describe('when given what KurrentDB or the ledger could not read back', () => {
    it('rejects it before sending anything', async () => {
      const server = await startServer();
      const store = await openStore(server);
      const appendsBefore = server.calls.get('Streams/BatchAppend') ?? 0;
      await expect(store.appendToStream('s', [{ ...newEvent(), eventId: 'not-a-uuid' }])).rejects.toThrow(
        /must be a UUID/,
      );
      await expect(store.appendToStream('$system', [newEvent()])).rejects.toBeInstanceOf(RangeError);
      await expect(store.appendToStream('s', [{ ...newEvent(), type: '$Typed' }])).rejects.toBeInstanceOf(RangeError);
      await expect(store.appendToStream('s', [{ ...newEvent(), metadata: [] as never }])).rejects.toBeInstanceOf(
        TypeError,
      );
      expect(server.calls.get('Streams/BatchAppend') ?? 0).toBe(appendsBefore);
    });
  });

  describe('when closed', () => {
    it('ends open subscriptions and refuses further calls', async () => {
      const server = await startServer();
      const store = await KurrentDbEventStore.connect(quickUrl(server));
      const subscription = store.subscribeToAll({ after: await store.headPosition() });
      const pending = subscription[Symbol.asyncIterator]().next();
      await store.close();
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
      await expect(store.appendToStream(newStreamId(), [newEvent()])).rejects.toThrow(/closed/);
    });

    it('lets appends already under way finish first', async () => {
      const server = await startServer();
      const store = await KurrentDbEventStore.connect(quickUrl(server));
      const streamId = newStreamId();
      const pending = [
        store.appendToStream(streamId, [newEvent()]),
        store.appendToStream(streamId, [newEvent(), newEvent()]),
      ];
      await store.close();
      // Concurrent appends with 'any' land in either order; both must have landed.
      const [single, pair] = await Promise.all(pending);
      expect([single.nextExpectedRevision, pair.nextExpectedRevision]).toEqual(
        pair.nextExpectedRevision === 2 ? [0, 2] : [2, 1],
      );
      const reader = await openStore(server);
      expect(await reader.streamRevision(streamId)).toBe(2);
    });
  });
});

function newStreamId(): string {
  return `kurrentdb_spec-${randomUUID()}`;
}

function newEvent(data: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'Tested', data, metadata: {} };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The next `count` events of `streamId` from the subscription, within 5 s. */
async function take(subscription: Subscription, count: number, streamId: string): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const taken: RecordedEvent[] = [];
  const deadline = Date.now() + 5_000;
  while (taken.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out waiting for event ${taken.length + 1} of ${count}`)),
        Math.max(deadline - Date.now(), 0),
      );
    });
    const next = await Promise.race([iterator.next(), timeout]).finally(() => clearTimeout(timer));
    if (next.done) throw new Error('subscription ended while events were expected');
    if (next.value.streamId === streamId) taken.push(next.value);
  }
  return taken;
}

/**
 * The server's flow with the one open subscription once it is quiet: nothing more written over
 * 200 ms (re-checked until so). A client with back-pressure leaves it held there, with little
 * written; one that read ahead without bound would have had the whole log written, not held.
 */
async function heldSteadily(server: KurrentDbTestServer): Promise<SubscriptionFlow> {
  for (;;) {
    const before = server.subscriptionFlows[0];
    await delay(200);
    const after = server.subscriptionFlows[0];
    if (after.written === before.written && after.held === before.held) return after;
  }
}

/** Records each drop the adapter reports; `reached(n)` resolves once n were reported, without polling. */
function dropRecorder(): {
  readonly attempts: number[];
  readonly record: (error: unknown, attempt: number) => void;
  readonly reached: (count: number) => Promise<void>;
} {
  const attempts: number[] = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    attempts,
    record: (_error, attempt) => {
      attempts.push(attempt);
      for (const waiter of waiters.filter((w) => w.count <= attempts.length)) waiter.resolve();
      waiters = waiters.filter((w) => w.count > attempts.length);
    },
    reached: (count) =>
      attempts.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** Retries `check` until it resolves, for up to 5 s. */
async function waitFor(check: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(50);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port that accepts connections and never answers: a wrong port, a stuck proxy. */
async function listenSilently(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
