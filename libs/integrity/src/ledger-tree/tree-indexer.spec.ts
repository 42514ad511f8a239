import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import { canonicalJson } from '../canonical/canonical-json';
import { CompactRange } from '../merkle/compact-range';
import { hashLeafText } from '../merkle/merkle-hash';
import { inclusionProof, verifyInclusion } from '../merkle/merkle-proofs';
import { recordSampleLedger, sealedApplicant } from '../testing/sample-ledger';
import { TEST_STORES, type TestStore } from '../testing/test-stores';
import { leafHashOf, leafInputOf } from './event-leaf';
import { IndexOutOfDateError, IntegrityIndex } from './integrity-index';
import { IndexStoreMismatchError, catchUpIndex } from './tree-indexer';

async function readAll(store: TestStore['store']): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe('event leaves', () => {
  it('commit to the stored event without its position, canonically', () => {
    const event: RecordedEvent = {
      eventId: 'e-1',
      type: 'ApplicationFiled.v1',
      streamId: 'application-A',
      revision: 0,
      position: { commit: 7n, prepare: 5n },
      data: { itemCode: 'ZA-001', applicant: sealedApplicant(1) },
      metadata: { agency: 'jiangmen-psb', businessTime: '2021-03-01T09:00:00+08:00' },
    };
    expect(leafInputOf(event).text).toBe(
      canonicalJson({
        data: event.data,
        eventId: 'e-1',
        metadata: event.metadata,
        revision: 0,
        streamId: 'application-A',
        type: 'ApplicationFiled.v1',
      }),
    );
    expect(leafInputOf(event).text).not.toContain('"position"');
    expect(leafHashOf({ ...event, position: { commit: 1n, prepare: 1n } })).toEqual(leafHashOf(event));
    expect(leafHashOf(event)).toEqual(hashLeafText(leafInputOf(event).text));
    expect(leafInputOf(event).encoding).toBe('rfc8785');
  });
});

describe.each(TEST_STORES.map((kind) => [kind.name, kind] as const))('the integrity index on %s', (_name, kind) => {
  let opened: TestStore;
  let index: IntegrityIndex;
  beforeEach(async () => {
    opened = await kind.open();
    index = IntegrityIndex.open(join(opened.directory, 'integrity.sqlite'));
  });
  afterEach(async () => {
    index.close();
    await opened.close();
  });

  describe('when caught up with the store', () => {
    it('holds one leaf per event in global order, and the root of the tree recomputed from the events', async () => {
      const count = await recordSampleLedger(opened.store);
      const result = await catchUpIndex(opened.store, index);
      expect(result).toEqual({ size: count, added: count, fallbackLeaves: [] });
      const events = await readAll(opened.store);
      expect(events).toHaveLength(count);
      const range = CompactRange.empty();
      events.forEach((event, leafIndex) => {
        range.append(leafHashOf(event));
        expect(index.leaf(leafIndex)).toMatchObject({
          eventId: event.eventId,
          streamId: event.streamId,
          leafHash: leafHashOf(event),
        });
      });
      expect(index.rootAt(count)).toEqual(range.root());
      expect(index.frontier().root()).toEqual(range.root());
    });

    it('resumes after the last indexed position, and proves every leaf from the stored nodes', async () => {
      await recordSampleLedger(opened.store, 3);
      await catchUpIndex(opened.store, index, { maxEvents: 5 });
      expect(index.size()).toBe(5);
      const more = await recordSampleLedger(opened.store, 4);
      const { size } = await catchUpIndex(opened.store, index);
      const events = await readAll(opened.store);
      expect(size).toBe(events.length);
      expect(more).toBeGreaterThan(0);
      const root = index.rootAt(size);
      events.forEach((event, leafIndex) =>
        expect(
          verifyInclusion(leafIndex, size, leafHashOf(event), inclusionProof(index, leafIndex, size), root),
        ).toBeUndefined(),
      );
    });

    it('remembers the item and department an application was filed for', async () => {
      await recordSampleLedger(opened.store);
      await catchUpIndex(opened.store, index);
      expect(index.streamFacts('application-A-1')).toEqual({
        streamId: 'application-A-1',
        itemCode: 'CRJ-001',
        department: '出入境',
      });
      expect(index.streamFacts('item-jiangmen-psb.ZA-001')).toEqual({
        streamId: 'item-jiangmen-psb.ZA-001',
        itemCode: 'ZA-001',
        department: '治安',
      });
    });
  });
});

describe('the integrity index carried over to another store', () => {
  it('refuses to extend itself from a store whose events are not the ones it indexed, until rebuilt', async () => {
    const [first, second] = [await TEST_STORES[0].open(), await TEST_STORES[1].open()];
    const index = IntegrityIndex.open(join(first.directory, 'integrity.sqlite'));
    try {
      await recordSampleLedger(first.store, 2);
      await recordSampleLedger(second.store, 2);
      await catchUpIndex(first.store, index);
      const root = index.rootAt(index.size());
      await expect(catchUpIndex(second.store, index)).rejects.toThrow(IndexStoreMismatchError);
      // A faithful copy (what migrate-store makes) has other positions but the same events: the same leaves and root.
      const copy = await TEST_STORES[1].open();
      for await (const event of first.store.readAll())
        await copy.store.appendToStream(event.streamId, [
          { eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata },
        ]);
      index.clearLeaves();
      await catchUpIndex(copy.store, index);
      expect(index.rootAt(index.size())).toEqual(root);
      await copy.close();
    } finally {
      index.close();
      await first.close();
      await second.close();
    }
  });
});

describe('the integrity index shared by two processes', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'integrity-index-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('refuses an append that does not extend the current size, and writes nothing of it', () => {
    const file = join(directory, 'integrity.sqlite');
    const first = IntegrityIndex.open(file);
    const second = IntegrityIndex.open(file);
    try {
      const leaf = {
        leafHash: hashLeafText('a'),
        completedNodes: [],
        eventId: 'e-1',
        streamId: 's',
        position: { commit: 1n, prepare: 1n },
      };
      first.append(0, [leaf]);
      expect(() => second.append(0, [{ ...leaf, eventId: 'e-2' }])).toThrow(IndexOutOfDateError);
      expect(second.size()).toBe(1);
      expect(second.leaf(0)?.eventId).toBe('e-1');
    } finally {
      first.close();
      second.close();
    }
  });
});
