import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventStore, KurrentDbEventStore, SqliteEventStore } from '@ledger/event-store';
import { KurrentDbTestServer } from '@ledger/event-store/testing/kurrentdb-test-server';
import { compareStores, migrateStore } from './store-migration';

const event = (type: string, n: number) => ({
  eventId: randomUUID(),
  type,
  data: { n, 名称: `事项${n}` },
  metadata: {
    agency: 'a',
    businessTime: `2020-01-0${(n % 9) + 1}T09:00:00+08:00`,
    ledgerTime: `2021-01-01T00:00:0${n % 10}.000Z`,
  },
});

async function fill(store: EventStore): Promise<void> {
  // Interleaved streams, so that global order differs from stream order.
  for (let i = 0; i < 30; i++) {
    await store.appendToStream(`application-${i % 4}`, [event('ApplicationAccepted.v1', i)]);
    if (i % 5 === 0)
      await store.appendToStream(`item-${i}`, [event('ItemRegistered.v1', i), event('ItemAmended.v1', i + 1)]);
  }
}

describe('store migration', () => {
  let dir: string;
  let source: SqliteEventStore;
  let target: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'migrate-'));
    source = new SqliteEventStore(path.join(dir, 'source.sqlite'));
    target = new SqliteEventStore(path.join(dir, 'target.sqlite'));
    await fill(source);
  });

  afterEach(async () => {
    await source.close();
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when the target is empty', () => {
    it('copies every event in order with ids, revisions, data and metadata, and verifies both sides', async () => {
      const result = await migrateStore(source, target);
      expect(result).toMatchObject({
        copied: 42,
        skipped: 0,
        verification: { sourceEvents: 42, targetEvents: 42, identical: true },
      });
      const a = [];
      for await (const e of source.readAll()) a.push({ ...e, position: undefined });
      const b = [];
      for await (const e of target.readAll()) b.push({ ...e, position: undefined });
      expect(b).toEqual(a);
    });
  });

  describe('when an earlier run was interrupted', () => {
    it('resumes, copying only what is missing', async () => {
      // The first 10 events made it before the interruption.
      let n = 0;
      for await (const e of source.readAll()) {
        if (n++ >= 10) break;
        await target.appendToStream(
          e.streamId,
          [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }],
          { expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1 },
        );
      }
      const result = await migrateStore(source, target);
      expect(result).toMatchObject({ copied: 32, skipped: 10, verification: { identical: true } });
    });
  });

  describe('when the stores differ', () => {
    it('says so by count and digest', async () => {
      await migrateStore(source, target);
      await target.appendToStream('application-extra', [event('ApplicationAccepted.v1', 99)]);
      const comparison = await compareStores(source, target);
      expect(comparison.identical).toBe(false);
      expect(comparison.targetEvents).toBe(43);
      expect(comparison.sourceDigest).not.toBe(comparison.targetDigest);
    });
  });
});

describe('store migration to and from KurrentDB', () => {
  it('copies the embedded store to KurrentDB and back, identical by count and digest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrate-kdb-'));
    const server = await KurrentDbTestServer.start();
    const source = new SqliteEventStore(path.join(dir, 'source.sqlite'));
    const back = new SqliteEventStore(path.join(dir, 'back.sqlite'));
    const kurrent = await KurrentDbEventStore.connect(`${server.url}&discoveryInterval=10`);
    try {
      await fill(source);
      expect((await migrateStore(source, kurrent)).verification).toMatchObject({
        sourceEvents: 42,
        targetEvents: 42,
        identical: true,
      });
      // Resuming against a complete target copies nothing.
      expect(await migrateStore(source, kurrent)).toMatchObject({ copied: 0, skipped: 42 });
      expect((await migrateStore(kurrent, back)).verification.identical).toBe(true);
      expect((await compareStores(source, back)).identical).toBe(true);
    } finally {
      await kurrent.close();
      await source.close();
      await back.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies back from KurrentDB an event id that two streams hold, as KurrentDB stores it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrate-kdb-'));
    const server = await KurrentDbTestServer.start();
    const kurrent = await KurrentDbEventStore.connect(`${server.url}&discoveryInterval=10`);
    const back = new SqliteEventStore(path.join(dir, 'back.sqlite'));
    try {
      await fill(kurrent);
      // Ids are unique per stream (the event-store port): another stream may hold the same id.
      const shared = event('ItemAmended.v1', 99);
      await kurrent.appendToStream('item-0', [shared]);
      await kurrent.appendToStream('item-5', [shared]);
      const result = await migrateStore(kurrent, back);
      expect(result).toMatchObject({ copied: 44, verification: { identical: true } });
      const holders = [];
      for await (const e of back.readAll()) if (e.eventId === shared.eventId) holders.push(e.streamId);
      expect(holders).toEqual(['item-0', 'item-5']);
    } finally {
      await kurrent.close();
      await back.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('batches by bytes, so that a stream of large events fits the server’s maximum append size', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrate-kdb-'));
    // 64 KiB instead of 1 MiB keeps the test small; the rule is the same.
    const server = await KurrentDbTestServer.start({ maxAppendSize: 64 * 1024 });
    const source = new SqliteEventStore(path.join(dir, 'source.sqlite'));
    const kurrent = await KurrentDbEventStore.connect(`${server.url}&discoveryInterval=10`);
    try {
      for (let n = 0; n < 40; n++)
        await source.appendToStream('application-big', [
          { ...event('ApplicationAccepted.v1', n), data: { n, note: '备注'.repeat(1_000) } },
        ]);
      // 40 events of about 6 KB: one append of them all is over the limit, and refused whole.
      await expect(migrateStore(source, kurrent, undefined, { maxBatchBytes: 1024 * 1024 })).rejects.toThrow(
        /maximum append size of 65536 bytes/,
      );
      expect(await kurrent.streamRevision('application-big')).toBeUndefined();
      const result = await migrateStore(source, kurrent, undefined, { maxBatchBytes: 60 * 1024 });
      expect(result).toMatchObject({ copied: 40, verification: { identical: true } });
    } finally {
      await kurrent.close();
      await source.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
