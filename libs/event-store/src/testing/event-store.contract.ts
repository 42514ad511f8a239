import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  EventIdConflictError,
  metadataString,
  type EventStore,
  type NewEvent,
  type Position,
  type RecordedEvent,
  type Subscription,
  WrongExpectedRevisionError,
} from '../event-store.port';

/** How long a subscription may take to deliver an expected event before the test fails. */
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The behaviour every {@link EventStore} adapter must have, as one jest `describe` block.
 * It uses only the port, and assumes nothing about what else the store holds: streams get
 * random names, reads of the global order filter to the test's own streams, and positions
 * are only compared, never assumed to start at 1 or to be dense. So it runs unchanged against
 * a fresh SQLite file or a shared, remote KurrentDB.
 *
 * @param name label of the adapter, shown in test names.
 * @param open opens the store once for the whole suite.
 * @param cleanup disposes of it afterwards; defaults to `store.close()`.
 */
export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  cleanup: (store: EventStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`${name} (event-store contract)`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await open();
    });

    afterAll(async () => {
      await cleanup(store);
    });

    /** Appends `count` events one call at a time, returning them as stored. */
    async function seedStream(streamId: string, count: number): Promise<RecordedEvent[]> {
      for (let index = 0; index < count; index++) {
        await store.appendToStream(streamId, [newEvent('Seeded', { index })]);
      }
      return collect(store.readStream(streamId));
    }

    describe('appendToStream', () => {
      describe("when expecting 'no_stream'", () => {
        it('appends to a stream that does not exist yet, from revision 0', async () => {
          const streamId = newStreamId();
          const result = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' });
          expect(result).toMatchObject({ nextExpectedRevision: 0, duplicate: false });
          expect(await store.streamRevision(streamId)).toBe(0);
        });

        it('refuses a stream that exists, reporting its actual revision', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 2);
          await expect(
            store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' }),
          ).rejects.toMatchObject(wrongRevision(streamId, 'no_stream', 1));
          expect(await store.streamRevision(streamId)).toBe(1);
        });
      });

      describe("when expecting 'stream_exists'", () => {
        it('appends to a stream that exists', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 1);
          const result = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'stream_exists' });
          expect(result).toMatchObject({ nextExpectedRevision: 1, duplicate: false });
        });

        it('refuses a stream that does not exist', async () => {
          const streamId = newStreamId();
          await expect(
            store.appendToStream(streamId, [newEvent()], { expectedRevision: 'stream_exists' }),
          ).rejects.toMatchObject(wrongRevision(streamId, 'stream_exists', undefined));
          expect(await store.streamRevision(streamId)).toBeUndefined();
        });
      });

      describe("when expecting 'any'", () => {
        it('appends to a stream that does not exist', async () => {
          const streamId = newStreamId();
          const result = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' });
          expect(result.nextExpectedRevision).toBe(0);
        });

        it('appends to a stream that exists, after its last event', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 3);
          const result = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' });
          expect(result.nextExpectedRevision).toBe(3);
        });
      });

      describe('when no expected revision is given', () => {
        it("appends as with 'any'", async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 2);
          const result = await store.appendToStream(streamId, [newEvent()]);
          expect(result.nextExpectedRevision).toBe(2);
        });
      });

      describe('when expecting a revision number', () => {
        it('appends when it is the revision of the last event', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 3);
          const result = await store.appendToStream(streamId, [newEvent()], { expectedRevision: 2 });
          expect(result).toMatchObject({ nextExpectedRevision: 3, duplicate: false });
        });

        it('refuses a stale revision', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 3);
          await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: 1 })).rejects.toMatchObject(
            wrongRevision(streamId, 1, 2),
          );
        });

        it('refuses a revision the stream has not reached', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 3);
          await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: 5 })).rejects.toMatchObject(
            wrongRevision(streamId, 5, 2),
          );
        });

        it('refuses a stream that does not exist', async () => {
          const streamId = newStreamId();
          await expect(store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject(
            wrongRevision(streamId, 0, undefined),
          );
          expect(await store.streamRevision(streamId)).toBeUndefined();
        });
      });

      describe('when appending several events in one call', () => {
        it('gives them consecutive revisions in order and reports the last one', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 1);
          const events = [newEvent('First'), newEvent('Second'), newEvent('Third')];
          const result = await store.appendToStream(streamId, events, { expectedRevision: 0 });
          expect(result.nextExpectedRevision).toBe(3);
          const stored = await collect(store.readStream(streamId, { fromRevision: 1 }));
          expect(stored.map((event) => [event.eventId, event.revision])).toEqual([
            [events[0].eventId, 1],
            [events[1].eventId, 2],
            [events[2].eventId, 3],
          ]);
        });

        it('reports the position of the last event', async () => {
          const streamId = newStreamId();
          const result = await store.appendToStream(streamId, [newEvent(), newEvent()]);
          const stored = await collect(store.readStream(streamId));
          expect(result.position).toEqual(stored[1].position);
        });
      });

      describe('when a multi-event append is refused for its expected revision', () => {
        it('stores none of its events', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 1);
          await expect(
            store.appendToStream(streamId, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
          ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          expect(await collect(store.readStream(streamId))).toHaveLength(1);
          expect(await store.streamRevision(streamId)).toBe(0);
        });
      });

      describe('when an event id stored in another stream is appended', () => {
        // Ids are unique per stream (the port's `NewEvent.eventId`): another stream's id is another event.
        it('stores it as a new event of this stream, never taken for a retry of the other', async () => {
          const [first, second] = [newStreamId('first'), newStreamId('second')];
          const event = newEvent();
          const original = await store.appendToStream(first, [event]);
          await seedStream(second, 1);
          const reused = await store.appendToStream(second, [event], { expectedRevision: 0 });
          expect(reused).toMatchObject({ nextExpectedRevision: 1, duplicate: false });
          expect(reused.position).not.toEqual(original.position);
          const stored = await collect(store.readStream(second));
          expect(stored.map((e) => e.eventId)).toEqual([expect.any(String), event.eventId]);
          expect(stored[1].position).toEqual(reused.position);
          expect((await collect(store.readStream(first))).map((e) => e.eventId)).toEqual([event.eventId]);
        });

        it("is so under 'no_stream' and 'any' too, and a retry in that stream is recognised as ever", async () => {
          const [first, second, third] = [newStreamId('first'), newStreamId('second'), newStreamId('third')];
          const events = [newEvent(), newEvent()];
          await store.appendToStream(first, events, { expectedRevision: 'no_stream' });
          const created = await store.appendToStream(second, events, { expectedRevision: 'no_stream' });
          expect(created).toMatchObject({ nextExpectedRevision: 1, duplicate: false });
          const retry = await store.appendToStream(second, events, { expectedRevision: 'no_stream' });
          expect(retry).toMatchObject({ nextExpectedRevision: 1, position: created.position });
          expect(await store.appendToStream(third, events, { expectedRevision: 'any' })).toMatchObject({
            nextExpectedRevision: 1,
            duplicate: false,
          });
          for (const streamId of [first, second, third]) {
            expect((await collect(store.readStream(streamId))).map((e) => e.eventId)).toEqual(
              events.map((e) => e.eventId),
            );
          }
        });
      });

      describe('when given no events', () => {
        it('rejects with a RangeError', async () => {
          await expect(store.appendToStream(newStreamId(), [])).rejects.toBeInstanceOf(RangeError);
        });
      });
    });

    // `duplicate` is not asserted on retries: KurrentDB answers its own idempotent appends like
    // the original write (see the port). What both promise is the original's revision and
    // position, and nothing stored twice.
    describe('idempotent retries', () => {
      describe('when every event id is already stored in that stream, in the same order, after the same expected revision', () => {
        it('answers with the original revision and position, and stores nothing', async () => {
          const streamId = newStreamId();
          const events = [newEvent(), newEvent()];
          const first = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
          const retry = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
          expect(retry).toMatchObject({ nextExpectedRevision: first.nextExpectedRevision, position: first.position });
          expect(await collect(store.readStream(streamId))).toHaveLength(2);
        });

        it('recognises it even after later appends made its expected revision stale', async () => {
          const streamId = newStreamId();
          const original = [newEvent()];
          const first = await store.appendToStream(streamId, original, { expectedRevision: 'no_stream' });
          await store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 });
          const retry = await store.appendToStream(streamId, original, { expectedRevision: 'no_stream' });
          expect(retry).toMatchObject({ nextExpectedRevision: 0, position: first.position });
          expect(await store.streamRevision(streamId)).toBe(1);
        });

        it('recognises a retry of an append in the middle of the stream', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 2);
          const middle = [newEvent(), newEvent()];
          const first = await store.appendToStream(streamId, middle, { expectedRevision: 1 });
          await seedStream(streamId, 1);
          const retry = await store.appendToStream(streamId, middle, { expectedRevision: 1 });
          expect(retry).toMatchObject({ nextExpectedRevision: 3, position: first.position });
          expect(await store.streamRevision(streamId)).toBe(4);
        });
      });

      describe("when the first event id is stored and a later one is not (expecting 'any')", () => {
        it('rejects with EventIdConflictError and stores nothing', async () => {
          const streamId = newStreamId();
          const stored = [newEvent(), newEvent()];
          await store.appendToStream(streamId, stored);
          const extra = newEvent();
          await expect(store.appendToStream(streamId, [stored[1], extra])).rejects.toMatchObject({
            code: 'STORE.EVENT_ID_CONFLICT',
            streamId,
          });
          await expect(store.appendToStream(streamId, [stored[0], extra])).rejects.toBeInstanceOf(EventIdConflictError);
          const ids = (await collect(store.readStream(streamId))).map((event) => event.eventId);
          expect(ids).toEqual(stored.map((event) => event.eventId));
        });
      });

      describe('when the stored ids are retried in another order, after the same expected revision', () => {
        it('rejects with EventIdConflictError', async () => {
          const streamId = newStreamId();
          const events = [newEvent(), newEvent()];
          await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
          await expect(
            store.appendToStream(streamId, [events[1], events[0]], { expectedRevision: 'no_stream' }),
          ).rejects.toBeInstanceOf(EventIdConflictError);
          expect(await store.streamRevision(streamId)).toBe(1);
        });
      });

      describe('when a new event and a stored one are sent after a stale expected revision', () => {
        it('rejects with WrongExpectedRevisionError (it is no retry: its first event is new) and stores nothing', async () => {
          const streamId = newStreamId();
          const events = [newEvent(), newEvent()];
          await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
          await expect(
            store.appendToStream(streamId, [newEvent(), events[1]], { expectedRevision: 'no_stream' }),
          ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.streamRevision(streamId)).toBe(1);
        });
      });

      describe('when the same append is issued concurrently', () => {
        it('writes it once and answers both with its revision and position', async () => {
          const streamId = newStreamId();
          const events = [newEvent(), newEvent()];
          const results = await Promise.all([
            store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }),
            store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }),
          ]);
          // One of them wrote; the other may or may not know it was a duplicate (see the port).
          expect(results.filter((result) => !result.duplicate).length).toBeGreaterThanOrEqual(1);
          expect(results.map((result) => result.nextExpectedRevision)).toEqual([1, 1]);
          expect(results[0].position).toEqual(results[1].position);
          expect(await collect(store.readStream(streamId))).toHaveLength(2);
        });
      });
    });

    describe('metadataString', () => {
      it('answers a string member of the metadata as read, wherever it stands, and nothing for others', async () => {
        const streamId = newStreamId();
        await store.appendToStream(streamId, [
          newEvent('First', {}, { agency: 'east-psb', actor: 'clerk-7', count: 3 }),
          // Quotes, backslashes and non-ASCII survive; a member not first is found too.
          newEvent(
            'Second',
            { agency: 'not metadata' },
            { actor: 'clerk-8', agency: 'a"b\\c 市局', nested: { agency: 'x' } },
          ),
        ]);
        const [first, second] = await collect(store.readStream(streamId));
        expect(metadataString(first, 'agency')).toBe('east-psb');
        expect(metadataString(first, 'actor')).toBe('clerk-7');
        expect(metadataString(second, 'agency')).toBe('a"b\\c 市局');
        expect(metadataString(first, 'count')).toBeUndefined();
        expect(metadataString(first, 'missing')).toBeUndefined();
        expect(metadataString(second, 'nested')).toBeUndefined();
        // Read after the metadata was parsed, and the metadata is as appended.
        expect(second.metadata).toEqual({ actor: 'clerk-8', agency: 'a"b\\c 市局', nested: { agency: 'x' } });
        expect(metadataString(second, 'actor')).toBe('clerk-8');
      });
    });

    describe('readStream', () => {
      describe('when reading forwards', () => {
        it('returns every event from revision 0 in order, as appended', async () => {
          const streamId = newStreamId();
          const appended: NewEvent[] = [
            newEvent('Filed', { text: 'ünïcødé ✓', nested: { list: [1, 2.5, null, true] } }, { actor: 'clerk-7' }),
            newEvent('Accepted', {}, {}),
          ];
          await store.appendToStream(streamId, appended);
          const stored = await collect(store.readStream(streamId));
          expect(
            stored.map(({ eventId, type, streamId: stream, revision, data, metadata }) => ({
              eventId,
              type,
              streamId: stream,
              revision,
              data,
              metadata,
            })),
          ).toEqual(appended.map((event, revision) => ({ ...event, streamId, revision })));
          expect(comparePositions(stored[0].position, stored[1].position)).toBeLessThan(0);
        });

        it('starts at fromRevision, inclusive', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 5);
          expect(revisionsOf(await collect(store.readStream(streamId, { fromRevision: 2 })))).toEqual([2, 3, 4]);
        });

        it('returns at most maxCount events', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 5);
          expect(revisionsOf(await collect(store.readStream(streamId, { maxCount: 2 })))).toEqual([0, 1]);
          expect(revisionsOf(await collect(store.readStream(streamId, { fromRevision: 1, maxCount: 3 })))).toEqual([
            1, 2, 3,
          ]);
        });

        it('returns nothing from past the last revision', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 2);
          expect(await collect(store.readStream(streamId, { fromRevision: 2 }))).toEqual([]);
        });
      });

      describe('when reading backwards', () => {
        it('returns every event from the last one down to revision 0', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 4);
          expect(revisionsOf(await collect(store.readStream(streamId, { direction: 'backwards' })))).toEqual([
            3, 2, 1, 0,
          ]);
        });

        it('starts at fromRevision, inclusive, and honours maxCount', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 5);
          expect(
            revisionsOf(await collect(store.readStream(streamId, { direction: 'backwards', fromRevision: 2 }))),
          ).toEqual([2, 1, 0]);
          expect(
            revisionsOf(await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 2 }))),
          ).toEqual([4, 3]);
        });
      });

      describe('when the stream does not exist', () => {
        it('yields nothing and has no revision', async () => {
          const streamId = newStreamId();
          expect(await collect(store.readStream(streamId))).toEqual([]);
          expect(await collect(store.readStream(streamId, { direction: 'backwards' }))).toEqual([]);
          expect(await store.streamRevision(streamId)).toBeUndefined();
        });
      });

      describe('when other streams are written in between', () => {
        it('returns only the events of the stream asked for', async () => {
          const [mine, other] = [newStreamId(), newStreamId()];
          await store.appendToStream(mine, [newEvent()]);
          await store.appendToStream(other, [newEvent()]);
          await store.appendToStream(mine, [newEvent()]);
          const stored = await collect(store.readStream(mine));
          expect(stored.map((event) => [event.streamId, event.revision])).toEqual([
            [mine, 0],
            [mine, 1],
          ]);
        });
      });
    });

    describe('streamRevision', () => {
      describe('when the stream has events', () => {
        it('is the revision of its last event', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 3);
          await store.appendToStream(streamId, [newEvent(), newEvent()]);
          expect(await store.streamRevision(streamId)).toBe(4);
        });
      });
    });

    describe('readAll', () => {
      describe('when several streams are appended to in turn', () => {
        it('returns their events in the order they were appended, with increasing positions', async () => {
          const start = await store.headPosition();
          const [a, b] = [newStreamId('a'), newStreamId('b')];
          await store.appendToStream(a, [newEvent('A0')]);
          await store.appendToStream(b, [newEvent('B0'), newEvent('B1')]);
          await store.appendToStream(a, [newEvent('A1')]);
          const all = await collect(store.readAll({ after: start }));
          const ours = all.filter((event) => event.streamId === a || event.streamId === b);
          expect(ours.map((event) => event.type)).toEqual(['A0', 'B0', 'B1', 'A1']);
          expectIncreasingPositions(all);
          if (start) expect(comparePositions(all[0].position, start)).toBeGreaterThan(0);
        });
      });

      describe('when given a position to start after', () => {
        it('returns only the events strictly after it', async () => {
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent(), newEvent(), newEvent()]);
          const [first] = await collect(store.readStream(streamId));
          const after = await collect(store.readAll({ after: first.position }));
          expect(revisionsOf(after.filter((event) => event.streamId === streamId))).toEqual([1, 2]);
        });
      });

      describe('when given maxCount', () => {
        it('returns at most that many events', async () => {
          const start = await store.headPosition();
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent(), newEvent(), newEvent()]);
          expect(await collect(store.readAll({ after: start, maxCount: 2 }))).toHaveLength(2);
        });
      });

      describe('when no position is given', () => {
        it('starts at the beginning of the store', async () => {
          const streamId = newStreamId();
          const appended = await store.appendToStream(streamId, [newEvent()]);
          const [first] = await collect(store.readAll({ maxCount: 1 }));
          expect(comparePositions(first.position, appended.position)).toBeLessThanOrEqual(0);
        });
      });
    });

    describe('headPosition', () => {
      describe('when events were appended', () => {
        it('is at or after the position of the last of them', async () => {
          const before = await store.headPosition();
          const result = await store.appendToStream(newStreamId(), [newEvent()]);
          const after = await store.headPosition();
          if (before) expect(comparePositions(before, result.position)).toBeLessThan(0);
          expect(after).toBeDefined();
          expect(comparePositions(after as Position, result.position)).toBeGreaterThanOrEqual(0);
        });
      });
    });

    describe('subscribeToAll', () => {
      describe('when events exist before and are appended after subscribing', () => {
        it('delivers the existing ones, then the new ones, in order and each once', async () => {
          const start = await store.headPosition();
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent(), newEvent(), newEvent()]);
          await withSubscription(store.subscribeToAll({ after: start }), async (events) => {
            const caughtUp = await events.take(3, streamId);
            await store.appendToStream(streamId, [newEvent(), newEvent()]);
            const live = await events.take(2, streamId);
            // The next event of the stream must be the one appended now, not a repeat from the boundary.
            await store.appendToStream(streamId, [newEvent()]);
            const sentinel = await events.take(1, streamId);
            expect(revisionsOf([...caughtUp, ...live, ...sentinel])).toEqual([0, 1, 2, 3, 4, 5]);
          });
        });
      });

      describe('when subscribed at the head and events are appended one by one', () => {
        it('delivers each as it is appended', async () => {
          const start = await store.headPosition();
          const streamId = newStreamId();
          await withSubscription(store.subscribeToAll({ after: start }), async (events) => {
            for (let revision = 0; revision < 3; revision++) {
              await store.appendToStream(streamId, [newEvent()]);
              expect(revisionsOf(await events.take(1, streamId))).toEqual([revision]);
            }
          });
        });
      });

      describe('when subscribed from a checkpoint', () => {
        it('delivers only the events strictly after it', async () => {
          const streamId = newStreamId();
          await store.appendToStream(streamId, [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()]);
          const stored = await collect(store.readStream(streamId));
          await withSubscription(store.subscribeToAll({ after: stored[2].position }), async (events) => {
            const delivered = await events.take(2, streamId);
            expect(delivered.map((event) => event.eventId)).toEqual([stored[3].eventId, stored[4].eventId]);
            expect(delivered[0].position).toEqual(stored[3].position);
          });
        });
      });

      describe('when closed while waiting for events', () => {
        it('ends the iteration', async () => {
          const subscription = store.subscribeToAll({ after: await store.headPosition() });
          const iteration = (async () => {
            for await (const event of subscription) void event;
            return 'ended';
          })();
          await delay(50);
          await subscription.close();
          await expect(
            withTimeout(iteration, DELIVERY_TIMEOUT_MS, 'iteration did not end after close()'),
          ).resolves.toBe('ended');
          await expect(subscription[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true });
        });
      });
    });

    describe('concurrent appends', () => {
      describe('when several expect the same revision of one stream', () => {
        it('accepts exactly one and refuses the others', async () => {
          const streamId = newStreamId();
          await seedStream(streamId, 1);
          const outcomes = await Promise.allSettled(
            Array.from({ length: 10 }, () => store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 })),
          );
          const accepted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
          const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
          expect(accepted).toHaveLength(1);
          expect(refused).toHaveLength(9);
          for (const reason of refused) expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.streamRevision(streamId)).toBe(1);
        });
      });

      describe("when several create the same stream with 'no_stream'", () => {
        it('accepts exactly one', async () => {
          const streamId = newStreamId();
          const outcomes = await Promise.allSettled(
            Array.from({ length: 5 }, () =>
              store.appendToStream(streamId, [newEvent()], { expectedRevision: 'no_stream' }),
            ),
          );
          expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
          expect(await collect(store.readStream(streamId))).toHaveLength(1);
        });
      });

      describe('when they go to different streams', () => {
        it('accepts them all', async () => {
          const streamIds = Array.from({ length: 20 }, () => newStreamId());
          const results = await Promise.all(
            streamIds.map((streamId) =>
              store.appendToStream(streamId, [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
            ),
          );
          expect(results.map((result) => result.nextExpectedRevision)).toEqual(streamIds.map(() => 1));
          const revisions = await Promise.all(streamIds.map((streamId) => store.streamRevision(streamId)));
          expect(revisions).toEqual(streamIds.map(() => 1));
        });
      });
    });
  });
}

function newStreamId(label = 'stream'): string {
  return `contract_${label}-${randomUUID()}`;
}

/** Event ids are UUIDs because KurrentDB requires them. */
function newEvent(
  type = 'Tested',
  data: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): NewEvent {
  return { eventId: randomUUID(), type, data, metadata };
}

function wrongRevision(streamId: string, expected: unknown, actual: number | undefined) {
  return { name: 'WrongExpectedRevisionError', code: 'STORE.WRONG_EXPECTED_REVISION', streamId, expected, actual };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function revisionsOf(events: readonly RecordedEvent[]): number[] {
  return events.map((event) => event.revision);
}

function expectIncreasingPositions(events: readonly RecordedEvent[]): void {
  for (let index = 1; index < events.length; index++) {
    expect(comparePositions(events[index - 1].position, events[index].position)).toBeLessThan(0);
  }
}

interface DeliveredEvents {
  /** The next `count` events of `streamId`, skipping those of other streams (the store may be shared). */
  take(count: number, streamId: string): Promise<RecordedEvent[]>;
}

/** Runs `use` with one iterator over the subscription, and always closes it. */
async function withSubscription(
  subscription: Subscription,
  use: (events: DeliveredEvents) => Promise<void>,
): Promise<void> {
  const iterator = subscription[Symbol.asyncIterator]();
  const events: DeliveredEvents = {
    async take(count, streamId) {
      const taken: RecordedEvent[] = [];
      const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
      while (taken.length < count) {
        const next = await withTimeout(
          iterator.next(),
          deadline - Date.now(),
          `waited for event ${taken.length + 1} of ${count}`,
        );
        if (next.done) throw new Error('subscription ended while events were expected');
        if (next.value.streamId === streamId) taken.push(next.value);
      }
      return taken;
    },
  };
  try {
    await use(events);
  } finally {
    await subscription.close();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${message}`)), Math.max(ms, 0));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
