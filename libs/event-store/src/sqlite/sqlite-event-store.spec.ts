import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  EventIdConflictError,
  metadataString,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

const directory = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function newFile(): string {
  return join(directory, `${randomUUID()}.sqlite`);
}

function newEvent(data: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'Tested', data, metadata: {} };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Events as plain objects, every member read: an event read keeps its data and metadata as text until then. */
function asRead(events: readonly RecordedEvent[]) {
  return events.map(({ eventId, type, streamId, revision, position, data, metadata }) => ({
    eventId,
    type,
    streamId,
    revision,
    position,
    data,
    metadata,
  }));
}

/** Opens a store that the test's `afterEach` closes, so a failing test leaves no timer behind. */
const opened: SqliteEventStore[] = [];
function openStore(file = newFile(), options?: SqliteEventStoreOptions): SqliteEventStore {
  const store = new SqliteEventStore(file, options);
  opened.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

eventStoreContract('SqliteEventStore in a file', async () => new SqliteEventStore(newFile()));

eventStoreContract(
  'SqliteEventStore with two-row pages and three-append batches',
  async () => new SqliteEventStore(newFile(), { readPageSize: 2, maxBatchAppends: 3, pollIntervalMs: 20 }),
);

describe('SqliteEventStore', () => {
  describe('when many appends are issued in the same tick', () => {
    it('commits them in one transaction', async () => {
      const store = openStore();
      const before = store.commitStats;
      await Promise.all(Array.from({ length: 200 }, () => store.appendToStream(`s-${randomUUID()}`, [newEvent()])));
      expect(store.commitStats).toEqual({
        transactions: before.transactions + 1,
        appends: before.appends + 200,
        events: before.events + 200,
      });
    });

    it('splits them into batches of at most maxBatchAppends', async () => {
      const store = openStore(newFile(), { maxBatchAppends: 50 });
      await Promise.all(Array.from({ length: 200 }, () => store.appendToStream(`s-${randomUUID()}`, [newEvent()])));
      expect(store.commitStats.transactions).toBe(4);
    });
  });

  describe('when one append of a batch is refused', () => {
    it('rejects only that append and commits the others', async () => {
      const store = openStore();
      await store.appendToStream('taken', [newEvent()]);
      // Its second and third events share an id: refused after the first was inserted, so only the savepoint undoes it.
      const twice = newEvent();
      const transactionsBefore = store.commitStats.transactions;

      const outcomes = await Promise.allSettled([
        store.appendToStream('first', [newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('taken', [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('third', [newEvent(), twice, twice]),
        store.appendToStream('fourth', [newEvent()], { expectedRevision: 'no_stream' }),
      ]);

      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(EventIdConflictError);
      expect(store.commitStats.transactions).toBe(transactionsBefore + 1);
      expect(await store.streamRevision('taken')).toBe(0);
      expect(await collect(store.readStream('third'))).toEqual([]);
      expect(await store.streamRevision('fourth')).toBe(0);
    });
  });

  describe('when two appends to one stream share a batch', () => {
    it('checks the later one against the revision the earlier one wrote', async () => {
      const store = openStore();
      const outcomes = await Promise.allSettled([
        store.appendToStream('shared', [newEvent()], { expectedRevision: 'no_stream' }),
        store.appendToStream('shared', [newEvent()], { expectedRevision: 0 }),
        store.appendToStream('shared', [newEvent()], { expectedRevision: 0 }),
      ]);
      expect(
        outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.nextExpectedRevision : 'refused')),
      ).toEqual([0, 1, 'refused']);
      expect(store.commitStats.transactions).toBe(1);
    });
  });

  describe('when an event id is already stored earlier in the same stream and sent as a new event', () => {
    it('rejects the append with EventIdConflictError', async () => {
      const store = openStore();
      const event = newEvent();
      await store.appendToStream('one', [event, newEvent()]);
      await expect(store.appendToStream('one', [newEvent(), event])).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.streamRevision('one')).toBe(1);
    });
  });

  describe('when opening a file of schema version 1 (event ids unique across the store)', () => {
    /** The layout version 1 wrote, kept here as the fixture the migration starts from. */
    function writeVersion1File(file: string): void {
      const db = new Database(file);
      try {
        db.exec(`
          CREATE TABLE events (
            position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
            event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
            UNIQUE (stream_id, revision)
          );
          CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;
          INSERT INTO events VALUES (1, 'a', 0, '${SHARED_ID}', 'Tested', '{"n":1}', '{}');
          INSERT INTO events VALUES (7, 'b', 0, '${randomUUID()}', 'Tested', '{"n":2}', '{"actor":"x"}');
          INSERT INTO events VALUES (8, 'a', 1, '${randomUUID()}', 'Tested', '{"n":3}', '{}');
          INSERT INTO streams VALUES ('a', 1), ('b', 0);
          PRAGMA user_version = 1;
        `);
      } finally {
        db.close();
      }
    }
    const SHARED_ID = randomUUID();

    it('keeps every event at its position and revision, and accepts an id another stream holds', async () => {
      const file = newFile();
      writeVersion1File(file);
      const store = openStore(file);
      const all = await collect(store.readAll());
      expect(all.map((e) => [e.position.commit, e.streamId, e.revision, e.data])).toEqual([
        [1n, 'a', 0, { n: 1 }],
        [7n, 'b', 0, { n: 2 }],
        [8n, 'a', 1, { n: 3 }],
      ]);
      expect(all[1].metadata).toEqual({ actor: 'x' });
      expect(await store.streamRevision('a')).toBe(1);

      const reused = { eventId: SHARED_ID, type: 'Tested', data: {}, metadata: {} };
      const appended = await store.appendToStream('b', [reused], { expectedRevision: 0 });
      expect(appended).toMatchObject({ nextExpectedRevision: 1, position: { commit: 9n }, duplicate: false });
      expect(await store.appendToStream('a', [all[0]], { expectedRevision: 'no_stream' })).toMatchObject({
        nextExpectedRevision: 0,
        duplicate: true,
      });
      await expect(store.appendToStream('a', [reused, newEvent()])).rejects.toBeInstanceOf(EventIdConflictError);
    });

    it('records schema version 2, and opens the migrated file again unchanged', async () => {
      const file = newFile();
      writeVersion1File(file);
      const before = await collect(openStore(file).readAll());
      await Promise.all(opened.splice(0).map((store) => store.close()));
      const inspector = new Database(file, { readonly: true });
      try {
        expect(inspector.pragma('user_version', { simple: true })).toBe(2);
        expect(inspector.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events_v2'").pluck().get()).toBe(0);
      } finally {
        inspector.close();
      }
      expect(asRead(await collect(openStore(file).readAll()))).toEqual(asRead(before));
    });
  });

  describe('when another process creates the schema while this one waits for the write lock', () => {
    it('opens the file it created instead of failing to create the tables again', async () => {
      const file = newFile();
      const setUp = new Database(file);
      setUp.pragma('journal_mode = WAL');
      setUp.close();
      // The other process: takes the write lock, and creates the tables only once this one is
      // waiting for it (it cannot say when, so it waits 300 ms; later only makes the test moot).
      const other = new Worker(
        `
        const { parentPort, workerData } = require('node:worker_threads');
        const Database = require('better-sqlite3');
        const db = new Database(workerData.file);
        db.exec('BEGIN IMMEDIATE');
        parentPort.postMessage('locked');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
        db.exec(workerData.schema + 'PRAGMA user_version = 2;');
        db.exec('COMMIT');
        db.close();
        parentPort.postMessage('done');
        `,
        {
          eval: true,
          workerData: {
            file,
            schema: `CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
              event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
              UNIQUE (stream_id, revision), UNIQUE (stream_id, event_id));
              CREATE TABLE streams (stream_id TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;`,
          },
        },
      );
      const messages: string[] = [];
      const done = new Promise<void>((resolve, reject) => {
        other.on('message', (message: string) => {
          messages.push(message);
          if (message === 'done') resolve();
        });
        other.on('error', reject);
      });
      await new Promise<void>((resolve) => other.once('message', () => resolve()));
      const store = openStore(file, { busyTimeoutMs: 10_000 });
      await done;
      await other.terminate();
      expect(messages).toEqual(['locked', 'done']);
      await store.appendToStream('after-race', [newEvent()]);
      expect(await store.streamRevision('after-race')).toBe(0);
    });
  });

  describe('when a file has a schema version newer than this build', () => {
    it('refuses to open it, naming both versions', () => {
      const file = newFile();
      const db = new Database(file);
      db.pragma('user_version = 3');
      db.close();
      expect(() => openStore(file)).toThrow(/schema version 3; this build understands up to 2/);
    });
  });

  describe('when an append resolves', () => {
    it('is already committed, visible to another connection', async () => {
      const file = newFile();
      const store = openStore(file);
      const event = newEvent();
      const visibleOnResolve = await store.appendToStream('visible', [event]).then(() => {
        const other = new Database(file, { readonly: true });
        try {
          return other.prepare('SELECT count(*) FROM events WHERE event_id = ?').pluck().get(event.eventId);
        } finally {
          other.close();
        }
      });
      expect(visibleOnResolve).toBe(1);
    });
  });

  describe('when another process holds the write lock longer than the busy timeout', () => {
    it('rejects every append of the batch and writes none of them', async () => {
      const file = newFile();
      const store = openStore(file, { busyTimeoutMs: 50 });
      await store.appendToStream('existing', [newEvent()]);
      const locker = new Database(file);
      locker.exec('BEGIN IMMEDIATE');
      try {
        const outcomes = await Promise.allSettled([
          store.appendToStream('blocked-1', [newEvent()]),
          store.appendToStream('blocked-2', [newEvent()]),
        ]);
        expect(
          outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as { code?: string }).code),
        ).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY']);
      } finally {
        locker.exec('ROLLBACK');
        locker.close();
      }
      expect(await store.streamRevision('blocked-1')).toBeUndefined();
      expect(
        (await store.appendToStream('blocked-1', [newEvent()], { expectedRevision: 'no_stream' })).nextExpectedRevision,
      ).toBe(0);
    });
  });

  describe('when events are appended through the same instance', () => {
    it('wakes a live subscription at once, without waiting for its next poll', async () => {
      const store = openStore(newFile(), { pollIntervalMs: 60_000 });
      const subscription = store.subscribeToAll();
      const firstDelivery = subscription[Symbol.asyncIterator]().next();
      await store.appendToStream('local', [newEvent({ n: 1 })]);
      expect(((await firstDelivery).value as RecordedEvent).data).toEqual({ n: 1 });
      await subscription.close();
    }, 5_000);
  });

  describe('when another store instance appends to the same file', () => {
    it('delivers those events to a live subscription by polling', async () => {
      const file = newFile();
      const subscriber = openStore(file, { pollIntervalMs: 20 });
      const writer = openStore(file);
      const subscription = subscriber.subscribeToAll({ after: await subscriber.headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      const firstDelivery = iterator.next();
      await writer.appendToStream('elsewhere', [newEvent({ n: 1 }), newEvent({ n: 2 })]);
      const delivered = [(await firstDelivery).value as RecordedEvent, (await iterator.next()).value as RecordedEvent];
      expect(delivered.map((event) => event.data)).toEqual([{ n: 1 }, { n: 2 }]);
      await subscription.close();
    }, 5_000);
  });

  describe('when the store is closed', () => {
    it('commits appends still queued before closing the file', async () => {
      const file = newFile();
      const store = new SqliteEventStore(file);
      const pending = store.appendToStream('queued', [newEvent(), newEvent()]);
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });
      const reopened = openStore(file);
      expect(await reopened.streamRevision('queued')).toBe(1);
    });

    it('ends open subscriptions at once, without waiting for their next poll', async () => {
      const store = new SqliteEventStore(newFile(), { pollIntervalMs: 60_000 });
      const subscription = store.subscribeToAll();
      const pending = subscription[Symbol.asyncIterator]().next();
      await store.close();
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
    }, 5_000);

    it('refuses further appends', async () => {
      const store = new SqliteEventStore(newFile());
      await store.close();
      await expect(store.appendToStream('late', [newEvent()])).rejects.toThrow(/closed/);
    });
  });

  describe('when events are read past without their data', () => {
    it('parses neither data nor metadata of an event judged by the first member of its metadata', async () => {
      const store = openStore();
      await store.appendToStream('a', [
        { eventId: randomUUID(), type: 'Tested', data: { n: 1 }, metadata: { agency: 'east-psb', actor: 'x' } },
        { eventId: randomUUID(), type: 'Tested', data: { n: 2 }, metadata: { actor: 'y', agency: 'west-psb' } },
      ]);
      const [first, second] = await collect(store.readAll());
      const parse = jest.spyOn(JSON, 'parse');
      try {
        expect(metadataString(first, 'agency')).toBe('east-psb');
        expect(parse).not.toHaveBeenCalled();
        // Not the first member: the metadata is parsed, once, and kept.
        expect(metadataString(second, 'agency')).toBe('west-psb');
        expect(second.metadata).toEqual({ actor: 'y', agency: 'west-psb' });
        expect(parse).toHaveBeenCalledTimes(1);
        expect([first.data, first.data, second.data]).toEqual([{ n: 1 }, { n: 1 }, { n: 2 }]);
        expect(parse).toHaveBeenCalledTimes(3);
      } finally {
        parse.mockRestore();
      }
    });
  });

  describe('when reopened after closing', () => {
    it('keeps every event, revision and position', async () => {
      const file = newFile();
      const store = new SqliteEventStore(file);
      await store.appendToStream('a', [newEvent({ n: 1 }), newEvent({ n: 2 })]);
      await store.appendToStream('b', [newEvent({ n: 3 })]);
      const before = await collect(store.readAll());
      await store.close();

      const reopened = openStore(file);
      expect(asRead(await collect(reopened.readAll()))).toEqual(asRead(before));
      expect(await reopened.streamRevision('a')).toBe(1);
      expect(await reopened.headPosition()).toEqual(before[2].position);
      expect((await reopened.appendToStream('a', [newEvent()], { expectedRevision: 1 })).nextExpectedRevision).toBe(2);
    });
  });

  describe('when opened', () => {
    it('creates missing directories and uses write-ahead logging', async () => {
      const file = join(directory, randomUUID(), 'nested', 'events.sqlite');
      openStore(file);
      expect(existsSync(file)).toBe(true);
      const inspector = new Database(file, { readonly: true });
      try {
        expect(inspector.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        inspector.close();
      }
    });

    it("works in memory with ':memory:'", async () => {
      const store = openStore(':memory:');
      await store.appendToStream('memory', [newEvent()]);
      expect(await store.streamRevision('memory')).toBe(0);
    });
  });

  describe('when given impossible arguments', () => {
    it('rejects them before queueing', async () => {
      const store = openStore();
      await expect(store.appendToStream('s', [newEvent()], { expectedRevision: -1 })).rejects.toBeInstanceOf(
        RangeError,
      );
      await expect(store.appendToStream('', [newEvent()])).rejects.toBeInstanceOf(RangeError);
      await expect(store.appendToStream('s', [{ ...newEvent(), data: null as never }])).rejects.toBeInstanceOf(
        TypeError,
      );
      await expect(collect(store.readAll({ maxCount: -1 }))).rejects.toBeInstanceOf(RangeError);
      expect(store.commitStats.transactions).toBe(0);
    });
  });

  describe('when a subscription catches up over more than one page', () => {
    it('delivers every event once, in order', async () => {
      const store = openStore(newFile(), { readPageSize: 7 });
      for (let index = 0; index < 50; index++) await store.appendToStream('paged', [newEvent({ index })]);
      const subscription = store.subscribeToAll();
      const delivered: number[] = [];
      for await (const event of subscription) {
        delivered.push(event.data.index as number);
        if (delivered.length === 50) break;
      }
      expect(delivered).toEqual(Array.from({ length: 50 }, (_, index) => index));
    });
  });

  describe('when positions must resume after a floor (a loss was accepted)', () => {
    it('puts the first event after the floor and the later ones after it, though the file was recreated', async () => {
      const file = newFile();
      const before = openStore(file);
      await before.appendToStream('lost', [newEvent(), newEvent(), newEvent()]);
      await before.close();
      rmSync(file);
      const store = openStore(file);
      const floor = { commit: 3n, prepare: 3n };
      const recorded = await store.appendAfterPosition(floor, 'recovery', [newEvent(), newEvent()]);
      await store.appendToStream('next', [newEvent()]);
      const positions = (await collect(store.readAll())).map((event) => Number(event.position.commit));
      expect({ recorded: Number(recorded.position.commit), positions }).toEqual({ recorded: 5, positions: [4, 5, 6] });
    });

    it('ignores a floor the head has passed already', async () => {
      const store = openStore();
      await store.appendToStream('s', [newEvent(), newEvent()]);
      const recorded = await store.appendAfterPosition({ commit: 1n, prepare: 1n }, 'recovery', [newEvent()]);
      expect(Number(recorded.position.commit)).toBe(3);
    });

    it('checks the expected revision like any append', async () => {
      const store = openStore();
      await store.appendToStream('recovery', [newEvent()]);
      await expect(
        store.appendAfterPosition({ commit: 9n, prepare: 9n }, 'recovery', [newEvent()], {
          expectedRevision: 'no_stream',
        }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toEqual({ commit: 1n, prepare: 1n });
    });
  });
});
