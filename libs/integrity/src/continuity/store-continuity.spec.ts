import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewEvent, SqliteEventStore } from '@ledger/event-store';
import { integrityFor } from '../testing/test-stores';
import type { LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { checkStoreContinuity, describeContinuityRefusal } from './store-continuity';

const event = (n: number): NewEvent => ({ eventId: randomUUID(), type: 'Tested.v1', data: { n }, metadata: {} });

describe('checkStoreContinuity', () => {
  let directory: string;
  let file: string;
  let store: SqliteEventStore;
  let integrity: LedgerIntegrity;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'store-continuity-'));
    file = join(directory, 'events.sqlite');
    store = new SqliteEventStore(file);
    integrity = integrityFor(store, directory);
  });
  afterEach(async () => {
    integrity.close();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function append(count: number, stream = 'application-A'): Promise<void> {
    for (let n = 0; n < count; n++) await store.appendToStream(stream, [event(n)]);
  }

  /** Replaces the open store by the file at `copy` (a backup, or nothing at all). */
  async function swapStoreFor(copy: string | undefined): Promise<void> {
    await store.close();
    rmSync(file, { force: true });
    if (copy) copyFileSync(copy, file);
    store = new SqliteEventStore(file);
  }

  describe('when the store holds everything the index, the checkpoint and the read models saw', () => {
    it('finds nothing and names the head as the high-water mark', async () => {
      await append(5);
      await integrity.checkpoint();
      await append(2);
      await integrity.catchUp();
      const report = await checkStoreContinuity({
        store,
        index: integrity.index,
        readModels: [{ name: 'yearly-figures', position: '6' }],
      });
      expect(report).toEqual({
        findings: [],
        storeHead: { commit: 7n, prepare: 7n },
        highWater: { commit: 7n, prepare: 7n },
      });
    });

    it('finds nothing on a new ledger without index or read models', async () => {
      expect(await checkStoreContinuity({ store, readModels: [] })).toEqual({ findings: [] });
    });
  });

  describe('when the store was restored from a copy taken before the latest checkpoint', () => {
    it('reports it behind the index, naming both positions', async () => {
      await append(3);
      await store.close();
      const backup = join(directory, 'backup.sqlite');
      copyFileSync(file, backup);
      store = new SqliteEventStore(file);
      integrity = integrityFor(store, directory);
      await append(4);
      await integrity.checkpoint();
      integrity.close();
      await swapStoreFor(backup);
      const report = await checkStoreContinuity({ store, index: integrity.index, readModels: [] });
      expect(report.findings).toEqual([
        expect.objectContaining({ code: 'STORE.BEHIND_INDEX', expected: 'position 7', actual: 'position 3' }),
      ]);
      expect(report.highWater).toEqual({ commit: 7n, prepare: 7n });
      expect(report.findings[0].message).toContain('checkpoint #1 signed for 7');
    });

    it('reports the checkpoint differing once new events took the lost positions', async () => {
      await append(3);
      await store.close();
      const backup = join(directory, 'backup.sqlite');
      copyFileSync(file, backup);
      store = new SqliteEventStore(file);
      integrity = integrityFor(store, directory);
      await append(2);
      await integrity.checkpoint();
      integrity.close();
      await swapStoreFor(backup);
      await append(3, 'application-B');
      const report = await checkStoreContinuity({ store, index: integrity.index, readModels: [] });
      expect(report.findings).toEqual([
        expect.objectContaining({
          code: 'STORE.DIFFERS_FROM_CHECKPOINT',
          expected: expect.stringMatching(/^event \S+ \(leaf 4, position 5, stream application-A\)$/),
          actual: expect.stringMatching(/^event \S+ \(position 5, stream application-B\)$/),
        }),
      ]);
    });

    it('reports an index tip that differs beyond the checkpoint too', async () => {
      await append(2);
      await integrity.checkpoint();
      await store.close();
      const backup = join(directory, 'backup.sqlite');
      copyFileSync(file, backup);
      store = new SqliteEventStore(file);
      integrity = integrityFor(store, directory);
      await append(2);
      await integrity.catchUp();
      integrity.close();
      await swapStoreFor(backup);
      await append(2, 'application-B');
      const report = await checkStoreContinuity({ store, index: integrity.index, readModels: [] });
      expect(report.findings.map((finding) => finding.code)).toEqual(['STORE.DIFFERS_FROM_INDEX']);
    });
  });

  describe('when the events file was deleted', () => {
    it('reports the store empty against the index and every read model', async () => {
      await append(4);
      await integrity.checkpoint();
      integrity.close();
      await swapStoreFor(undefined);
      const report = await checkStoreContinuity({
        store,
        index: integrity.index,
        readModels: [{ name: 'yearly-figures', position: '4' }],
      });
      expect(report.findings.map(({ code, expected, actual }) => ({ code, expected, actual }))).toEqual([
        { code: 'STORE.EMPTY', expected: 'position 4', actual: 'no event' },
        { code: 'STORE.EMPTY', expected: 'position 4', actual: 'no event' },
      ]);
      expect(report.storeHead).toBeUndefined();
      const text = describeContinuityRefusal(report, `sqlite:${file}`);
      expect(text).toContain('the read model yearly-figures has applied events up to position 4');
      expect(text).toContain('holds position 4');
      expect(text).toContain('ledger recover --accept-loss --reason');
    });
  });

  describe('when only a read model saw the lost events', () => {
    it('reports the store behind the read model', async () => {
      await append(2);
      const report = await checkStoreContinuity({ store, readModels: [{ name: 'yearly-figures', position: '9' }] });
      expect(report.findings).toEqual([
        expect.objectContaining({ code: 'STORE.BEHIND_READ_MODEL', expected: 'position 9', actual: 'position 2' }),
      ]);
      expect(report.highWater).toEqual({ commit: 9n, prepare: 9n });
    });
  });

  describe('when the index was rebuilt from a store that lost events after a checkpoint', () => {
    it('reports the store behind the checkpoint', async () => {
      await append(5);
      await integrity.checkpoint();
      integrity.index.clearLeaves();
      await store.close();
      const db = new (await import('better-sqlite3')).default(file);
      db.prepare('DELETE FROM events WHERE position > 3').run();
      db.close();
      store = new SqliteEventStore(file);
      integrity.close();
      integrity = integrityFor(store, directory);
      await integrity.catchUp();
      const report = await checkStoreContinuity({ store, index: integrity.index, readModels: [] });
      expect(report.findings).toEqual([
        expect.objectContaining({ code: 'STORE.BEHIND_CHECKPOINT', expected: expect.stringMatching(/^5 events/) }),
      ]);
    });
  });
});
