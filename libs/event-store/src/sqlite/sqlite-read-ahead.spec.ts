import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Position, type RecordedEvent, metadataString, readAllAheadThrough } from '../event-store.port';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

/**
 * `readAllAhead` reads on another thread and hands batches over; what it yields must be exactly
 * what `readAll` yields. The stores here are small, so the thread is asked for from the first
 * event on (`readAheadFromEvents: 1`), the calling thread reads only the first 100 positions
 * itself, and the batches are small, so that a read spans many of them and the thread has to
 * wait for the main thread to take some (`readAheadBatches`).
 */
const directory = mkdtempSync(join(tmpdir(), 'sqlite-read-ahead-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * The first 100 positions read on the calling thread while the thread starts, the rest by the
 * thread, however few cores the machine running the tests has to spare (`readAheadMinIdleCores`
 * and `readAheadMinCores` 0).
 */
const THREADED: SqliteEventStoreOptions = {
  readAheadFromEvents: 1,
  readAheadBatchRows: 64,
  readAheadBatches: 2,
  readAheadHeadStart: 100,
  readAheadMinCores: 0,
  readAheadMinIdleCores: 0,
};
const EVENTS = 1_000;

const opened: SqliteEventStore[] = [];
function openStore(file: string, options: SqliteEventStoreOptions = THREADED): SqliteEventStore {
  const store = new SqliteEventStore(file, options);
  opened.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/** Events as plain objects, every member read. */
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

async function collect(events: AsyncIterable<RecordedEvent>, limit = Number.POSITIVE_INFINITY) {
  const read: RecordedEvent[] = [];
  for await (const event of events) {
    read.push(event);
    if (read.length >= limit) break;
  }
  return read;
}

/**
 * A store of `count` events over 7 streams (so revisions interleave), of 30 types, with data
 * that has non-Latin text, escapes and nesting, and metadata led by `agency` as the ledger
 * writes it (and once with an escape, which `metadataString` must parse for).
 */
async function seeded(
  count = EVENTS,
  options?: SqliteEventStoreOptions,
): Promise<{ file: string; store: SqliteEventStore }> {
  const file = join(directory, `${randomUUID()}.sqlite`);
  const store = openStore(file, options);
  for (let first = 0; first < count; first += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - first) }, (_, k) => {
        const i = first + k;
        return store.appendToStream(`stream-${i % 7}`, [
          {
            eventId: randomUUID(),
            type: `Type${i % 30}.v1`,
            data: { i, name: `事项 ${i} "quoted" \\ é`, nested: { list: [i, null, true], empty: {} } },
            metadata: {
              agency: i === 5 ? 'esc\\"aped' : `agency-${i % 3}`,
              ledgerTime: new Date(i * 1000).toISOString(),
            },
          },
        ]);
      }),
    );
  }
  return { file, store };
}

describe('SqliteEventStore.readAllAhead', () => {
  it('yields exactly what readAll yields, over many batches, on a thread', async () => {
    const { file, store } = await seeded();
    const expected = asRead(await collect(store.readAll()));
    expect(expected).toHaveLength(EVENTS);
    const read = await collect(store.readAllAhead());
    expect(store.readAheadStats).toEqual({ started: 1, running: 0, handedBack: 0 });
    expect(asRead(read)).toEqual(expected);
    // Every event from the thread, none read on this one meanwhile.
    const allOnThread = openStore(file, { ...THREADED, readAheadHeadStart: 0 });
    expect(asRead(await collect(allOnThread.readAllAhead()))).toEqual(expected);
    expect(allOnThread.readAheadStats.started).toBe(1);
    // Each event is an event of its own, its texts still unparsed until read: metadataString answers as readAll's do.
    const fresh = await collect(store.readAllAhead());
    expect(fresh.map((e) => metadataString(e, 'agency'))).toEqual(expected.map((e) => e.metadata.agency));
    expect(fresh.map((e) => e.position.commit)).toEqual(expected.map((e) => e.position.commit));
    expect(fresh.every((e) => e.position.commit === e.position.prepare)).toBe(true);
  });

  it('takes after, through and maxCount as readAll does, a through between batches or on a batch boundary', async () => {
    const { store } = await seeded();
    const all = await collect(store.readAll());
    const at = (index: number): Position => all[index].position;
    const stopped = (events: RecordedEvent[], through?: Position) =>
      asRead(through ? events.filter((e) => e.position.commit <= through.commit) : events);
    const cases: { after?: Position; maxCount?: number; through?: Position }[] = [
      { after: at(99) },
      { through: at(99) },
      { through: at(100) },
      { maxCount: 100 },
      { maxCount: 101 },
      { after: at(63), through: at(127) },
      { through: at(640) },
      { after: at(10), maxCount: 300 },
      { after: at(10), maxCount: 300, through: at(200) },
      { maxCount: 64 },
      { maxCount: 0 },
      { after: at(EVENTS - 1) },
      { through: at(EVENTS - 1) },
    ];
    for (const { after, maxCount, through } of cases) {
      const expected = stopped(await collect(store.readAll({ after, maxCount })), through);
      expect(asRead(await collect(store.readAllAhead({ after, maxCount, through })))).toEqual(expected);
    }
    expect(store.readAheadStats.started).toBeGreaterThanOrEqual(cases.length - 2);
    expect(store.readAheadStats.running).toBe(0);
  });

  it('ends its thread when the consumer stops early, mid-batch or before the first event', async () => {
    const { store } = await seeded();
    const expected = asRead(await collect(store.readAll(), 150));
    expect(asRead(await collect(store.readAllAhead(), 150))).toEqual(expected);
    expect(store.readAheadStats).toEqual({ started: 1, running: 0, handedBack: 0 });
    const iterator = store.readAllAhead()[Symbol.asyncIterator]();
    await iterator.next();
    expect(store.readAheadStats.running).toBe(1);
    await iterator.return!();
    expect(store.readAheadStats).toEqual({ started: 2, running: 0, handedBack: 0 });
    // The store is still usable, and so is another read ahead.
    expect(asRead(await collect(store.readAllAhead(), 10))).toEqual(expected.slice(0, 10));
  });

  it('hands the rest of the range back to the calling thread when the process gets too few cores', async () => {
    // More cores than any machine has: the first look, after 32 batches of 64, hands back.
    const { file, store } = await seeded(3_000);
    const expected = asRead(await collect(store.readAll()));
    const wanting = openStore(file, { ...THREADED, readAheadMinCores: Number.POSITIVE_INFINITY });
    expect(asRead(await collect(wanting.readAllAhead()))).toEqual(expected);
    const head = (await wanting.headPosition())!;
    const through = asRead(await collect(readAllAheadThrough(wanting, expected[2_500].position)));
    expect(through).toEqual(expected.slice(0, 2_501));
    expect(asRead(await collect(wanting.readAllAhead({ through: head, maxCount: 2_200 })))).toEqual(
      expected.slice(0, 2_200),
    );
    expect(wanting.readAheadStats).toEqual({ started: 3, running: 0, handedBack: 3 });
    // Never handed back with a core to spare (here: with no minimum).
    expect(asRead(await collect(store.readAllAhead()))).toEqual(expected);
    expect(store.readAheadStats).toEqual({ started: 1, running: 0, handedBack: 0 });
  });

  it('starts no thread where the machine has no idle core while it reads the first 100 ms', async () => {
    const { file, store } = await seeded(3_000);
    const expected = asRead(await collect(store.readAll()));
    const busy = openStore(file, { ...THREADED, readAheadMinIdleCores: Number.POSITIVE_INFINITY });
    expect(asRead(await collect(busy.readAllAhead()))).toEqual(expected);
    expect(asRead(await collect(busy.readAllAhead({ after: expected[10].position, maxCount: 2_000 })))).toEqual(
      expected.slice(11, 2_011),
    );
    expect(busy.readAheadStats).toEqual({ started: 0, running: 0, handedBack: 0 });
  });

  it('reads up to the head it is given while events are appended during the read', async () => {
    const { store } = await seeded();
    const head = (await store.headPosition())!;
    const before = asRead(await collect(store.readAll()));
    const read: RecordedEvent[] = [];
    for await (const event of readAllAheadThrough(store, head)) {
      read.push(event);
      if (read.length % 200 === 0)
        await store.appendToStream('stream-late', [{ eventId: randomUUID(), type: 'Late', data: {}, metadata: {} }]);
    }
    expect(asRead(read)).toEqual(before);
    // Without a bound, it ends at the end of the store as it finds it: at least every event there was.
    const unbounded = await collect(store.readAllAhead());
    expect(asRead(unbounded.slice(0, EVENTS))).toEqual(before);
    expect(unbounded.length).toBeGreaterThan(EVENTS);
  });

  it('reads a short range on the calling thread, and a store in memory', async () => {
    const { file } = await seeded(200);
    const short = openStore(file, { ...THREADED, readAheadFromEvents: 500 });
    const expected = asRead(await collect(short.readAll()));
    expect(asRead(await collect(short.readAllAhead()))).toEqual(expected);
    expect(short.readAheadStats.started).toBe(0);
    const memory = openStore(':memory:');
    await memory.appendToStream('s', [{ eventId: randomUUID(), type: 'T', data: { a: 1 }, metadata: {} }]);
    expect(asRead(await collect(memory.readAllAhead()))).toMatchObject([{ streamId: 's', data: { a: 1 } }]);
    expect(memory.readAheadStats.started).toBe(0);
  });

  it.each([1, 100, 300])(
    'goes on from the file it opened when the file is removed after %i events',
    async (removedAfter) => {
      const { file, store } = await seeded();
      const expected = asRead(await collect(store.readAll()));
      const read: RecordedEvent[] = [];
      for await (const event of store.readAllAhead()) {
        read.push(event);
        // Both connections keep the removed file open and read on, as readAll would; a thread
        // not started far enough to have opened it yet leaves its range to this thread.
        if (read.length === removedAfter)
          for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      }
      expect(asRead(read)).toEqual(expected);
      expect(store.readAheadStats).toEqual({ started: 1, running: 0, handedBack: 0 });
    },
  );

  it('reads on the calling thread when the file at its path is no longer the one the store opened', async () => {
    const { file, store } = await seeded();
    const expected = asRead(await collect(store.readAll()));
    const other = await seeded(300);
    await other.store.close();
    // Replaced (as a restore might): a thread opening the path would read another store.
    unlinkSync(file);
    copyFileSync(other.file, file);
    expect(asRead(await collect(store.readAllAhead()))).toEqual(expected);
    // Removed: a thread could open nothing.
    unlinkSync(file);
    expect(asRead(await collect(store.readAllAhead()))).toEqual(expected);
    expect(store.readAheadStats.started).toBe(0);
  });

  it('fails with the thread’s error when the file is corrupt, after the events before it', async () => {
    const { file, store } = await seeded(3_000);
    const intact = asRead(await collect(store.readAll()));
    await store.close();
    // The middle of the file: pages of the events table, read well after the read began.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(16 * 4096, 0xa5), 0, 16 * 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const corrupt = openStore(file);
    const onThisThread = await collect(corrupt.readAll()).catch((error: Error) => error);
    expect(onThisThread).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CORRUPT' });
    const read: RecordedEvent[] = [];
    const failure = await (async () => {
      for await (const event of corrupt.readAllAhead()) read.push(event);
    })().catch((error: Error) => error);
    expect(failure).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CORRUPT' });
    expect((failure as Error).message).toBe((onThisThread as Error).message);
    // The batches before the corrupt pages were handed over first, as readAll yields its pages
    // before the one that fails (it pages in larger steps, so it gets to fewer).
    expect(read.length).toBeGreaterThan(0);
    expect(read.length).toBeLessThan(intact.length);
    expect(asRead(read)).toEqual(intact.slice(0, read.length));
    expect(corrupt.readAheadStats).toEqual({ started: 1, running: 0, handedBack: 0 });
  });

  it('fails the read when the store is closed during it, and ends the thread', async () => {
    const { store } = await seeded();
    const read: RecordedEvent[] = [];
    const failure = await (async () => {
      for await (const event of store.readAllAhead()) {
        read.push(event);
        if (read.length === 100) await store.close();
      }
    })().catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/is closed/);
    expect(store.readAheadStats.running).toBe(0);
  });
});
