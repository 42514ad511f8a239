import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import type { LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from '../signed-note/note-keys';
import { signNote } from '../signed-note/signed-note';
import { formatCheckpoint } from '../signed-note/checkpoint';
import { recordSampleLedger, tamperedView } from '../testing/sample-ledger';
import { TEST_STORES, type TestStore, integrityFor } from '../testing/test-stores';
import { verifyLedger } from './ledger-verifier';

async function eventsOf(store: TestStore['store']): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe.each(TEST_STORES.map((kind) => [kind.name, kind] as const))('verifyLedger on %s', (_name, kind) => {
  let opened: TestStore;
  let integrity: LedgerIntegrity;
  let count: number;
  beforeEach(async () => {
    opened = await kind.open();
    integrity = integrityFor(opened.store, opened.directory);
    count = await recordSampleLedger(opened.store);
    await integrity.checkpoint();
  });
  afterEach(async () => {
    integrity.close();
    await opened.close();
  });
  const verify = (store = opened.store, verifiers = integrity.localVerifiers()) =>
    verifyLedger(store, integrity.index, { verifiers });

  describe('when nothing was touched', () => {
    it('reports the ledger intact, with every checkpoint verified', async () => {
      const more = await recordSampleLedger(opened.store, 1);
      await integrity.checkpoint();
      const report = await verify();
      expect(report).toMatchObject({
        intact: true,
        problems: [],
        eventsRead: count + more,
        checkpointsVerified: 2,
        notes: [],
      });
    });

    it('notes events recorded after the latest checkpoint without failing', async () => {
      const more = await recordSampleLedger(opened.store, 1);
      const report = await verify();
      expect(report.intact).toBe(true);
      expect(report.notes).toEqual([
        `${more} events recorded after the latest verified checkpoint (tree size ${count}) are not yet signed: 0 were checked against the index, ${more} are not indexed yet`,
      ]);
    });
  });

  describe('when the store was tampered with', () => {
    it('names the leaf, position and stream of an event whose content changed', async () => {
      const events = await eventsOf(opened.store);
      const leaf = events.findIndex((event) => event.type === 'DecisionMade.v1');
      const report = await verify(tamperedView(opened.store, { kind: 'change', leaf }));
      expect(report.intact).toBe(false);
      expect(report.tamper).toMatchObject({
        kind: 'changed',
        leafIndex: leaf,
        streamId: events[leaf].streamId,
        eventId: events[leaf].eventId,
      });
      expect(report.problems[0]).toContain(
        `leaf ${leaf} (position ${report.tamper!.position}, stream ${events[leaf].streamId}): changed content`,
      );
    });

    it('names a deleted event as missing, with the position it had', async () => {
      const events = await eventsOf(opened.store);
      const report = await verify(tamperedView(opened.store, { kind: 'delete', leaf: 4 }));
      expect(report.tamper).toMatchObject({
        kind: 'missing',
        leafIndex: 4,
        streamId: events[4].streamId,
        eventId: events[4].eventId,
      });
      expect(report.problems[0]).toContain('missing event');
    });

    it('names a deleted last event as missing', async () => {
      const report = await verify(tamperedView(opened.store, { kind: 'delete', leaf: count - 1 }));
      expect(report.tamper).toMatchObject({ kind: 'missing', leafIndex: count - 1 });
      expect(report.problems.join('\n')).toMatch(/covers \d+ events, but the store holds only|no longer matches/);
    });

    it('names two swapped events as an order change at the first of them', async () => {
      const events = await eventsOf(opened.store);
      const report = await verify(tamperedView(opened.store, { kind: 'swap', leaves: [3, 9] }));
      expect(report.tamper).toMatchObject({ kind: 'reordered', leafIndex: 3, streamId: events[3].streamId });
      expect(report.problems[0]).toContain(`but the store has ${events[9].eventId}`);
    });

    it('names an inserted event', async () => {
      const report = await verify(tamperedView(opened.store, { kind: 'insert', leaf: 5 }));
      expect(report.tamper).toMatchObject({ kind: 'inserted', leafIndex: 5 });
    });
  });

  describe('when the checkpoints cannot be trusted', () => {
    it('fails every checkpoint against another key and says the ledger is not verified', async () => {
      const stranger = parseVerifierKey(generateSignerKey('ledger.test-psb/events').verifierKey);
      const report = await verify(opened.store, [stranger]);
      expect(report.intact).toBe(false);
      expect(report.problems[0]).toMatch(/checkpoint #1 .*not signed by a trusted key/);
    });

    it('checks an external checkpoint kept elsewhere, and catches one for another history', async () => {
      const signer = parseSignerKey(require('node:fs').readFileSync(join(opened.directory, 'signing.key'), 'utf8'));
      const forged = signNote(
        formatCheckpoint({ origin: 'ledger.test-psb/events', treeSize: 3, rootHash: Buffer.alloc(32, 7) }),
        [signer],
      );
      const good = integrity.latestCheckpoint()!.note;
      writeFileSync(join(opened.directory, 'kept.note'), good);
      const report = await verifyLedger(opened.store, integrity.index, {
        verifiers: integrity.localVerifiers(),
        externalCheckpoints: [
          { source: 'kept.note', note: good },
          { source: 'forged.note', note: forged },
        ],
      });
      expect(report.checkpointsVerified).toBe(2);
      expect(report.problems.join('\n')).toMatch(
        /checkpoint from forged\.note \(tree size 3\) does not match the events/,
      );
    });
  });
});

describe('verifyLedger when events and index were rewritten together', () => {
  it('brackets the change between the last matching checkpoint and the first that fails', async () => {
    const kind = TEST_STORES[0];
    const opened = await kind.open();
    const integrity = integrityFor(opened.store, opened.directory);
    try {
      await recordSampleLedger(opened.store, 2);
      const first = await integrity.checkpoint();
      await recordSampleLedger(opened.store, 2);
      await integrity.checkpoint();
      integrity.close();
      // Edit an event after the first checkpoint in the store, then rebuild the index from the edited store.
      const events = new Database(join(opened.directory, 'events.sqlite'));
      const position = events
        .prepare('SELECT position FROM events ORDER BY position LIMIT 1 OFFSET ?')
        .pluck()
        .get(first.checkpoint.treeSize + 2) as number;
      events.prepare("UPDATE events SET data = json_set(data, '$.outcome', 'denied') WHERE position = ?").run(position);
      events.close();
      const index = new Database(join(opened.directory, 'integrity.sqlite'));
      index.exec('DELETE FROM leaves; DELETE FROM stream_facts;');
      index.close();
      const rebuilt = integrityFor(opened.store, opened.directory);
      await rebuilt.catchUp();
      const report = await verifyLedger(opened.store, rebuilt.index, { verifiers: rebuilt.localVerifiers() });
      expect(report.tamper).toMatchObject({ kind: 'rewritten', leafIndex: first.checkpoint.treeSize });
      expect(report.problems[0]).toMatch(
        new RegExp(`leaves ${first.checkpoint.treeSize}\\.\\.\\d+ \\(after checkpoint #1`),
      );
      rebuilt.close();
    } finally {
      await opened.close();
    }
  });
});

describe('verifyLedger when the index was deleted and the rewritten history re-signed with the same key', () => {
  it('names the first leaf after the last kept checkpoint that still matches, with its real position and stream', async () => {
    const opened = await TEST_STORES[0].open();
    let integrity = integrityFor(opened.store, opened.directory);
    try {
      await recordSampleLedger(opened.store, 2);
      const early = (await integrity.checkpoint()).checkpoint;
      await recordSampleLedger(opened.store, 2);
      const late = (await integrity.checkpoint()).checkpoint;
      integrity.close();
      const events = new Database(join(opened.directory, 'events.sqlite'));
      const [position, streamId] = events
        .prepare('SELECT position, stream_id FROM events ORDER BY position LIMIT 1 OFFSET ?')
        .raw()
        .get(early.treeSize) as [number, string];
      events.prepare("UPDATE events SET data = json_set(data, '$.edited', 1) WHERE position = ?").run(position);
      events.close();
      rmSync(join(opened.directory, 'integrity.sqlite'));
      integrity = integrityFor(opened.store, opened.directory);
      const resigned = (await integrity.checkpoint()).checkpoint;
      expect(resigned.treeSize).toBe(late.treeSize);
      const report = await verifyLedger(opened.store, integrity.index, {
        verifiers: integrity.localVerifiers(),
        externalCheckpoints: [
          { source: 'kept-early.txt', note: early.note },
          { source: 'kept-late.txt', note: late.note },
        ],
      });
      expect(report.intact).toBe(false);
      expect(report.tamper).toMatchObject({
        kind: 'rewritten',
        leafIndex: early.treeSize,
        position: String(position),
        streamId,
      });
      expect(report.problems[0]).toContain(
        `checkpoint from kept-late.txt (tree size ${late.treeSize}) does not match the events, though checkpoint #1`,
      );
      expect(report.problems[0]).toContain(
        `leaves ${early.treeSize}..${late.treeSize - 1} (after checkpoint from kept-early.txt); the first of them is at position ${position}, stream ${streamId}`,
      );
    } finally {
      integrity.close();
      await opened.close();
    }
  });
});

describe('verifyLedger without anything to check against', () => {
  it('says the ledger is unverifiable when the index and its checkpoints are gone, or no key is trusted', async () => {
    const opened = await TEST_STORES[0].open();
    const integrity = integrityFor(opened.store, opened.directory);
    try {
      await recordSampleLedger(opened.store, 1);
      const fresh = await verifyLedger(opened.store, integrity.index, { verifiers: integrity.localVerifiers() });
      expect(fresh).toMatchObject({
        intact: false,
        problems: [],
        unverifiable: expect.stringMatching(/^no signed checkpoint yet/),
      });
      await integrity.checkpoint();
      const keyless = await verifyLedger(opened.store, integrity.index, { verifiers: [] });
      expect(keyless).toMatchObject({
        intact: false,
        problems: [],
        unverifiable: expect.stringMatching(/^no trusted verifier key/),
      });
      const tampered = await verifyLedger(tamperedView(opened.store, { kind: 'change', leaf: 2 }), integrity.index, {
        verifiers: [],
      });
      expect(tampered.tamper).toMatchObject({ kind: 'changed', leafIndex: 2 });
    } finally {
      integrity.close();
      await opened.close();
    }
  });
});
