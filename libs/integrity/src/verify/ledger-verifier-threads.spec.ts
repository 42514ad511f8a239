import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import type { LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { LeafRangeHasher } from '../ledger-tree/leaf-range-hasher';
import { recordBulk, recordSampleLedger } from '../testing/sample-ledger';
import { TEST_STORES, type TestStore, integrityFor } from '../testing/test-stores';
import { type VerifyOptions, sqliteFileOf, verifyLedger } from './ledger-verifier';

/** Small ranges, so that a ledger of a few hundred events spans many, handed to both threads in turn. */
const PER_RANGE = 16;

async function eventsOf(store: TestStore['store']): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe('verifyLedger with the leaves hashed by two threads (SQLite file)', () => {
  let opened: TestStore;
  let integrity: LedgerIntegrity;
  beforeEach(async () => {
    opened = await TEST_STORES[0].open();
    integrity = integrityFor(opened.store, opened.directory);
    await recordSampleLedger(opened.store, 6);
    await integrity.checkpoint();
    await recordBulk(opened.store, 150, 40);
    // An event RFC 8785 cannot express (a lone surrogate) is hashed with the fallback encoding by either pass.
    await opened.store.appendToStream('legacy-1', [
      { eventId: 'legacy-event-1', type: 'LegacyNote.v1', data: { text: 'broken \ud800 text' }, metadata: {} },
    ]);
    await integrity.checkpoint();
    await recordBulk(opened.store, 37, 37);
    await integrity.catchUp();
    // Beyond the index: read after the ranges the index places, from where the last one ended.
    await recordBulk(opened.store, 45, 45);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    integrity.close();
    await opened.close();
  });

  const verify = (options: Partial<VerifyOptions>) =>
    verifyLedger(opened.store, integrity.index, {
      verifiers: integrity.localVerifiers(),
      leavesPerRange: PER_RANGE,
      storeFile: sqliteFileOf(opened.store),
      ...options,
    });

  /** Runs the same verification on one thread and on two, and checks that two threads were used. */
  async function bothWays() {
    const start = jest.spyOn(LeafRangeHasher, 'start');
    const twoThreads = await verify({ hashingThreads: 2 });
    expect(start).toHaveBeenCalledWith(join(opened.directory, 'events.sqlite'), 2);
    const oneThread = await verify({ hashingThreads: 1 });
    expect(start).toHaveBeenCalledTimes(1);
    return { oneThread, twoThreads };
  }

  function editStore(edit: (db: Database.Database, positionOfLeaf: (leaf: number) => number) => void): void {
    const db = new Database(join(opened.directory, 'events.sqlite'));
    try {
      edit(
        db,
        (leaf) =>
          db.prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET ?').pluck().get(leaf) as number,
      );
    } finally {
      db.close();
    }
  }

  it('reports an intact ledger exactly as a pass on one thread does', async () => {
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    const events = await eventsOf(opened.store);
    expect(twoThreads).toMatchObject({
      intact: true,
      problems: [],
      eventsRead: events.length,
      checkpointsVerified: 2,
      fallbackLeafCount: 1,
    });
    expect(twoThreads.fallbackLeaves[0]).toMatchObject({
      leafIndex: events.findIndex((event) => event.eventId === 'legacy-event-1'),
      streamId: 'legacy-1',
    });
    expect(twoThreads.notes[0]).toMatch(/82 events recorded after the latest verified checkpoint/);
  });

  it("catches and names an event changed in the second thread's range", async () => {
    const leaf = PER_RANGE + 5;
    const events = await eventsOf(opened.store);
    editStore((db, positionOf) =>
      db.prepare("UPDATE events SET data = json_set(data, '$.value', 999) WHERE position = ?").run(positionOf(leaf)),
    );
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    expect(twoThreads.intact).toBe(false);
    expect(twoThreads.tamper).toMatchObject({
      kind: 'changed',
      leafIndex: leaf,
      streamId: events[leaf].streamId,
      eventId: events[leaf].eventId,
    });
    expect(twoThreads.problems[0]).toContain(
      `leaf ${leaf} (position ${twoThreads.tamper!.position}, stream ${events[leaf].streamId}): changed content`,
    );
  });

  it("names an event deleted from the second thread's range as missing", async () => {
    const leaf = 3 * PER_RANGE + 2;
    const events = await eventsOf(opened.store);
    editStore((db, positionOf) => db.prepare('DELETE FROM events WHERE position = ?').run(positionOf(leaf)));
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    expect(twoThreads.tamper).toMatchObject({ kind: 'missing', leafIndex: leaf, eventId: events[leaf].eventId });
  });

  it('names the first event of a range deleted: the ranges no longer join up', async () => {
    const leaf = PER_RANGE;
    const events = await eventsOf(opened.store);
    editStore((db, positionOf) => db.prepare('DELETE FROM events WHERE position = ?').run(positionOf(leaf)));
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    expect(twoThreads.tamper).toMatchObject({ kind: 'missing', leafIndex: leaf, eventId: events[leaf].eventId });
  });

  it('names two events swapped across the ranges of the two threads as an order change', async () => {
    const [a, b] = [PER_RANGE - 1, PER_RANGE + 1];
    editStore((db, positionOf) => {
      const read = db
        .prepare('SELECT stream_id, revision, event_id, type, data, metadata FROM events WHERE position = ?')
        .raw();
      const [first, second] = [positionOf(a), positionOf(b)];
      const rowA = read.get(first) as unknown[];
      const rowB = read.get(second) as unknown[];
      const write = db.prepare(
        'UPDATE events SET stream_id = ?, revision = ?, event_id = ?, type = ?, data = ?, metadata = ? WHERE position = ?',
      );
      db.transaction(() => {
        write.run(`swap-${rowA[0]}`, -1, 'swap-temporary', rowA[3], rowA[4], rowA[5], first);
        write.run(...rowA, second);
        write.run(...rowB, first);
      })();
    });
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    expect(twoThreads.tamper).toMatchObject({ kind: 'reordered', leafIndex: a });
  });

  it('reports a ledger whose events moved to other positions intact, though the index places the ranges by the old ones', async () => {
    editStore((db, positionOf) =>
      db
        .prepare('UPDATE events SET position = position + 100000 WHERE position >= ?')
        .run(positionOf(2 * PER_RANGE + 3)),
    );
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    expect(twoThreads).toMatchObject({ intact: true, problems: [] });
  });

  it('brackets a change made to the events and the index together, from the signed roots', async () => {
    const first = integrity.index.checkpoint(1)!.treeSize;
    const leaf = first + PER_RANGE;
    integrity.close();
    editStore((db, positionOf) =>
      db.prepare("UPDATE events SET data = json_set(data, '$.value', 999) WHERE position = ?").run(positionOf(leaf)),
    );
    const index = new Database(join(opened.directory, 'integrity.sqlite'));
    index.exec('DELETE FROM leaves; DELETE FROM stream_facts;');
    index.close();
    integrity = integrityFor(opened.store, opened.directory);
    await integrity.catchUp();
    const { oneThread, twoThreads } = await bothWays();
    expect(twoThreads).toEqual(oneThread);
    expect(twoThreads.tamper).toMatchObject({ kind: 'rewritten', leafIndex: first });
  });
});

describe('verifyLedger on generated ledgers ending at, before and after a range boundary', () => {
  it.each([
    [2 * PER_RANGE, 0],
    [2 * PER_RANGE + 1, 0],
    [3 * PER_RANGE - 1, 0],
    [2 * PER_RANGE, PER_RANGE],
    [2 * PER_RANGE - 1, 1],
    [3 * PER_RANGE + 3, 2 * PER_RANGE + 5],
  ])('%i signed events and %i more: the same report from one thread and from two', async (signed, unsigned) => {
    const opened = await TEST_STORES[0].open();
    const integrity = integrityFor(opened.store, opened.directory);
    try {
      await recordBulk(opened.store, signed, 7);
      await integrity.checkpoint();
      if (unsigned > 0) await recordBulk(opened.store, unsigned, 5);
      const start = jest.spyOn(LeafRangeHasher, 'start');
      const verify = (hashingThreads: number) =>
        verifyLedger(opened.store, integrity.index, {
          verifiers: integrity.localVerifiers(),
          leavesPerRange: PER_RANGE,
          storeFile: sqliteFileOf(opened.store),
          hashingThreads,
        });
      const twoThreads = await verify(2);
      expect(start).toHaveBeenCalledTimes(1);
      const oneThread = await verify(1);
      expect(twoThreads).toEqual(oneThread);
      expect(twoThreads).toMatchObject({ intact: true, eventsRead: signed + unsigned, checkpointsVerified: 1 });
    } finally {
      jest.restoreAllMocks();
      integrity.close();
      await opened.close();
    }
  });
});
