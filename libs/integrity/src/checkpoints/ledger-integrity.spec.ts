import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { parseCheckpoint } from '../signed-note/checkpoint';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from '../signed-note/note-keys';
import { openNote } from '../signed-note/signed-note';
import { recordSampleLedger } from '../testing/sample-ledger';
import { integrityFor, testIntegrityConfig } from '../testing/test-stores';
import { verifyLedger } from '../verify/ledger-verifier';
import { CheckpointRefusedError, LedgerIntegrity } from './ledger-integrity';
import type { CheckpointSigner } from './checkpoint-signer';
import { SigningKeyMissingError, createSigningKeyFile, readVerifierKeys } from './signing-key-files';

describe('LedgerIntegrity', () => {
  let directory: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'integrity-checkpoints-'));
    store = new SqliteEventStore(join(directory, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('when asked for a checkpoint', () => {
    it('signs a C2SP checkpoint of every event, verifiable with the published key', async () => {
      const integrity = integrityFor(store, directory);
      const count = await recordSampleLedger(store);
      const { checkpoint, created } = await integrity.checkpoint();
      expect(created).toBe(true);
      expect(checkpoint).toMatchObject({ id: 1, treeSize: count, signedAt: '2021-07-01T04:00:00.000Z' });
      const key = parseVerifierKey(readFileSync(join(directory, 'signing.pub'), 'utf8'));
      const body = parseCheckpoint(openNote(checkpoint.note, [key]).text);
      expect(body).toMatchObject({ origin: 'ledger.test-psb/events', treeSize: count, extensions: [] });
      expect(body.rootHash).toEqual(integrity.index.rootAt(count));
      expect(checkpoint.note).toMatch(
        /^ledger\.test-psb\/events\n\d+\n[A-Za-z0-9+/]{43}=\n\n— ledger\.test-psb\/events [A-Za-z0-9+/]+=*\n$/,
      );
      integrity.close();
    });

    it('returns the latest one while the tree has not grown, and signs again once it has (or when forced)', async () => {
      const integrity = integrityFor(store, directory);
      await recordSampleLedger(store, 2);
      const first = await integrity.checkpoint();
      expect((await integrity.checkpoint()).created).toBe(false);
      expect((await integrity.checkpoint({ force: true })).checkpoint.id).toBe(2);
      await recordSampleLedger(store, 1);
      const grown = await integrity.checkpoint();
      expect(grown).toMatchObject({ created: true, checkpoint: { id: 3 } });
      expect(grown.checkpoint.treeSize).toBeGreaterThan(first.checkpoint.treeSize);
      integrity.close();
    });

    it('serialises concurrent requests in one process: one checkpoint per tree size', async () => {
      const integrity = integrityFor(store, directory);
      await recordSampleLedger(store, 2);
      const outcomes = await Promise.all([integrity.checkpoint(), integrity.checkpoint(), integrity.checkpoint()]);
      expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
      expect(integrity.index.checkpointCount()).toBe(1);
      integrity.close();
    });

    it('signs through any CheckpointSigner adapter (a KMS or HSM), its key never read from a file', async () => {
      const held = parseSignerKey(generateSignerKey('ledger.test-psb/events').signerKey);
      const calls: number[] = [];
      const remote: CheckpointSigner = {
        describe: async () => parseVerifierKey(held.verifierKey),
        sign: async (message) => {
          calls.push(message.length);
          return held.sign(message);
        },
      };
      const integrity = new LedgerIntegrity(store, testIntegrityConfig(directory), Date.now, remote);
      await recordSampleLedger(store, 1);
      const { checkpoint } = await integrity.checkpoint();
      expect(calls).toHaveLength(1);
      expect(openNote(checkpoint.note, [parseVerifierKey(held.verifierKey)]).text).toContain(
        `\n${checkpoint.treeSize}\n`,
      );
      expect(existsSync(join(directory, 'signing.key'))).toBe(false);
      integrity.close();
    });

    it('refuses a signature the adapter made with another key than the one it describes', async () => {
      const described = parseSignerKey(generateSignerKey('ledger.test-psb/events').signerKey);
      const other = parseSignerKey(generateSignerKey('ledger.test-psb/events').signerKey);
      const confused: CheckpointSigner = {
        describe: async () => described,
        sign: async (message) => other.sign(message),
      };
      const integrity = new LedgerIntegrity(store, testIntegrityConfig(directory), Date.now, confused);
      await recordSampleLedger(store, 1);
      await expect(integrity.checkpoint()).rejects.toThrow(/does not verify with its own key/);
      expect(integrity.index.checkpointCount()).toBe(0);
      integrity.close();
    });

    it('refuses without a signing key, saying how to create one', async () => {
      const integrity = new LedgerIntegrity(store, testIntegrityConfig(directory));
      await expect(integrity.checkpoint()).rejects.toThrow(SigningKeyMissingError);
      await expect(integrity.checkpoint()).rejects.toThrow(/ledger init-signing-key/);
      integrity.close();
    });

    it('refuses to sign a history that no longer reproduces the latest checkpoint', async () => {
      const integrity = integrityFor(store, directory);
      await recordSampleLedger(store, 2);
      const { checkpoint } = await integrity.checkpoint();
      integrity.close();
      // Someone edits an event and rebuilds the index from the edited store: it no longer reproduces what was signed.
      const Database = (await import('better-sqlite3')).default;
      const events = new Database(join(directory, 'events.sqlite'));
      events
        .prepare("UPDATE events SET data = json_set(data, '$.outcome', 'denied') WHERE type = 'DecisionMade.v1'")
        .run();
      events.close();
      const db = new Database(join(directory, 'integrity.sqlite'));
      db.exec('DELETE FROM leaves');
      db.close();
      await recordSampleLedger(store, 1);
      const reopened = integrityFor(store, directory);
      await expect(reopened.checkpoint()).rejects.toThrow(CheckpointRefusedError);
      expect(reopened.latestCheckpoint()?.id).toBe(checkpoint.id);
      reopened.close();
    });
  });

  describe('when the index is damaged but the events are not', () => {
    it('is reported by verify, and rebuilt from the events by a reindexing checkpoint', async () => {
      const integrity = integrityFor(store, directory);
      await recordSampleLedger(store, 2);
      await integrity.checkpoint();
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(join(directory, 'integrity.sqlite'));
      db.prepare('UPDATE leaves SET nodes = zeroblob(32) WHERE leaf_index = 1').run();
      db.close();
      const damaged = await verifyLedger(store, integrity.index, { verifiers: integrity.localVerifiers() });
      expect(damaged.problems).toEqual([
        expect.stringMatching(/^the integrity index is damaged at leaf 1: its interior hashes differ/),
      ]);
      expect(damaged.tamper).toBeUndefined();
      await recordSampleLedger(store, 1);
      const { created } = await integrity.checkpoint({ reindex: true });
      expect(created).toBe(true);
      expect(await verifyLedger(store, integrity.index, { verifiers: integrity.localVerifiers() })).toMatchObject({
        intact: true,
        checkpointsVerified: 2,
      });
      integrity.close();
    });
  });

  describe('when the signing key is created', () => {
    it('is readable by its owner only, never overwritten, and its verifier key is written beside it', () => {
      const keyFile = join(directory, 'keys', 'signing.key');
      const pubFile = join(directory, 'keys', 'signing.pub');
      const first = createSigningKeyFile(keyFile, pubFile, 'ledger.test-psb/events');
      expect(first.created).toBe(true);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const original = readFileSync(keyFile, 'utf8');
      expect(original).toMatch(/^PRIVATE\+KEY\+ledger\.test-psb\/events\+[0-9a-f]{8}\+/);
      const second = createSigningKeyFile(keyFile, pubFile, 'another-name');
      expect(second.created).toBe(false);
      expect(readFileSync(keyFile, 'utf8')).toBe(original);
      expect(readVerifierKeys(pubFile).map((key) => key.verifierKey)).toEqual([first.signer.verifierKey]);
    });

    it('reads verifier keys given as a string or as a file, and names what is wrong with a bad one', () => {
      const { signer } = createSigningKeyFile(
        join(directory, 'k.key'),
        join(directory, 'k.pub'),
        'ledger.test-psb/events',
      );
      expect(readVerifierKeys(signer.verifierKey)[0].keyId).toBe(signer.keyId);
      writeFileSync(join(directory, 'bad.pub'), 'ledger.test-psb/events+00000000+AAAA\n');
      expect(() => readVerifierKeys(join(directory, 'bad.pub'))).toThrow(/bad\.pub/);
      expect(() => readVerifierKeys(join(directory, 'missing.pub'))).toThrow(/neither a verifier key/);
      expect(existsSync(join(directory, 'missing.pub'))).toBe(false);
    });
  });
});
