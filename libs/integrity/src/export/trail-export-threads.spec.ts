import Database from 'better-sqlite3';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { RangeWorkers } from '../ledger-tree/range-workers';
import { SAMPLE, recordBulk, recordSampleLedger } from '../testing/sample-ledger';
import { TEST_STORES, type TestStore, integrityFor } from '../testing/test-stores';
import { sqliteFileOf } from '../verify/ledger-verifier';
import { CSV_FILE, EVENTS_FILE, MANIFEST_FILE, PROOFS_FILE } from './export-manifest';
import { verifyExport } from './export-verifier';
import type { TrailFilter } from './export-filter';
import { exportTrail } from './trail-exporter';

/** Small ranges, so that a ledger of a few hundred events spans many, handed to both threads in turn. */
const PER_RANGE = 16;

describe('exportTrail with the events read and written by two threads (SQLite file)', () => {
  let opened: TestStore;
  let integrity: LedgerIntegrity;
  beforeEach(async () => {
    opened = await TEST_STORES[0].open();
    integrity = integrityFor(opened.store, opened.directory);
    await recordSampleLedger(opened.store, 6);
    await recordBulk(opened.store, 150, 40);
    // An event RFC 8785 cannot express (a lone surrogate) is written with the fallback encoding by either way.
    await opened.store.appendToStream('legacy-1', [
      { eventId: 'legacy-event-1', type: 'LegacyNote.v1', data: { text: 'broken \ud800 text' }, metadata: {} },
    ]);
    await recordSampleLedger(opened.store, 5);
    await integrity.checkpoint();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    integrity.close();
    await opened.close();
  });

  const exportWith = (name: string, threads: number, filter: TrailFilter = {}) =>
    exportTrail(integrity, join(opened.directory, name), {
      filter,
      now: () => Date.parse('2021-07-02T00:00:00Z'),
      storeFile: sqliteFileOf(opened.store),
      threads,
      leavesPerRange: PER_RANGE,
    });

  /** Exports the same trail on one thread and on two, and checks that two threads were used. */
  async function bothWays(filter: TrailFilter = {}) {
    const start = jest.spyOn(RangeWorkers, 'start');
    const twoThreads = await exportWith('two-threads', 2, filter);
    expect(start).toHaveBeenCalledTimes(1);
    const oneThread = await exportWith('one-thread', 1, filter);
    expect(start).toHaveBeenCalledTimes(1);
    return { oneThread, twoThreads };
  }

  const bytesOf = (directory: string) =>
    Object.fromEntries(
      [EVENTS_FILE, PROOFS_FILE, CSV_FILE, MANIFEST_FILE].map((name) => [name, readFileSync(join(directory, name))]),
    );

  it('writes the very same files as an export on one thread, and verify-export accepts them', async () => {
    const { oneThread, twoThreads } = await bothWays();
    expect(bytesOf(twoThreads.directory)).toEqual(bytesOf(oneThread.directory));
    expect(twoThreads.manifest).toMatchObject({ eventCount: integrity.index.size(), fallbackEncodedEvents: 1 });
    const checked = await verifyExport(twoThreads.directory, { verifiers: integrity.localVerifiers() });
    expect(checked).toMatchObject({ ok: true, failures: [], eventCount: integrity.index.size() });
  });

  it.each([
    { item: SAMPLE.items[0].code },
    { department: SAMPLE.items[1].department },
    { agency: SAMPLE.otherAgency },
  ] as TrailFilter[])('writes the same files for the filter %j', async (filter) => {
    const { oneThread, twoThreads } = await bothWays(filter);
    expect(twoThreads.manifest.eventCount).toBeGreaterThan(0);
    expect(twoThreads.manifest.eventCount).toBeLessThan(integrity.index.size());
    expect(bytesOf(twoThreads.directory)).toEqual(bytesOf(oneThread.directory));
  });

  function editStore(sql: string, leaf: number): void {
    const db = new Database(join(opened.directory, 'events.sqlite'));
    try {
      const position = db.prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET ?').pluck().get(leaf);
      db.prepare(sql).run(position);
    } finally {
      db.close();
    }
  }

  async function failureOf(name: string, threads: number): Promise<Error> {
    const error = await exportWith(name, threads).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error).toBeDefined();
    expect(existsSync(join(opened.directory, name))).toBe(false);
    return error!;
  }

  it.each([
    ['changed', "UPDATE events SET data = json_set(data, '$.value', 999) WHERE position = ?", PER_RANGE + 3],
    ['deleted', 'DELETE FROM events WHERE position = ?', 3 * PER_RANGE],
  ])(
    "refuses a store whose event in the second thread's range was %s, naming it as an export on one thread does",
    async (_kind, sql, leaf) => {
      editStore(sql, leaf);
      const start = jest.spyOn(RangeWorkers, 'start');
      const twoThreads = await failureOf('two-threads', 2);
      expect(start).toHaveBeenCalledTimes(1);
      const oneThread = await failureOf('one-thread', 1);
      expect(twoThreads.message).toBe(oneThread.message);
      expect(twoThreads.message).toMatch(new RegExp(`^the event at leaf ${leaf} \\(position \\d+, stream `));
      // Nothing half-written is left beside the exports either.
      expect(readdirSync(opened.directory).filter((name) => name.includes('partial'))).toEqual([]);
    },
  );
});
