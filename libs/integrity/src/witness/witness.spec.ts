import Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { hashLeafText } from '../merkle/merkle-hash';
import { MemoryNodeSource } from '../merkle/memory-node-source';
import { consistencyProof, rootAt } from '../merkle/merkle-proofs';
import { formatCheckpoint } from '../signed-note/checkpoint';
import { generateSignerKey, keyIdOf, parseSignerKey } from '../signed-note/note-keys';
import { signNote } from '../signed-note/signed-note';
import { recordSampleLedger } from '../testing/sample-ledger';
import { integrityFor } from '../testing/test-stores';
import { verifyLedger } from '../verify/ledger-verifier';
import {
  cosignatureKeyId,
  cosignaturesOf,
  generateWitnessKey,
  parseWitnessKey,
  parseWitnessSignerKey,
  withSignatureLines,
} from './cosignature';
import { Witness, initWitness, witnessFiles } from './witness';
import { createWitnessServer } from './witness-server';
import { parseWitnessEndpoints } from './witness-client';

const ORIGIN = 'ledger.test-psb/events';
const log = parseSignerKey(generateSignerKey(ORIGIN).signerKey);

function tree(leaves: number, salt = ''): MemoryNodeSource {
  return new MemoryNodeSource(Array.from({ length: leaves }, (_, index) => hashLeafText(`${salt}leaf ${index}`)));
}

function checkpointOf(source: MemoryNodeSource, signer = log): string {
  return signNote(formatCheckpoint({ origin: ORIGIN, treeSize: source.size, rootHash: rootAt(source, source.size) }), [
    signer,
  ]);
}

function body(oldSize: number, proof: readonly Buffer[], note: string): string {
  return `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

describe('cosignature/v1 (C2SP tlog-cosignature)', () => {
  const { signerKey, verifierKey } = generateWitnessKey('witness.test/w1');
  const signer = parseWitnessSignerKey(signerKey);
  const note = checkpointOf(tree(5));
  const text = note.slice(0, note.indexOf('\n\n') + 1);

  it('is verified with the witness key, its timestamp read back', () => {
    const cosigned = withSignatureLines(note, [signer.cosign(text, 1_700_000_000)]);
    const { valid, invalid } = cosignaturesOf(cosigned, [parseWitnessKey(verifierKey)]);
    expect(invalid).toEqual([]);
    expect(valid.map((cosignature) => cosignature.timestamp)).toEqual([1_700_000_000]);
  });

  it('uses key ids of type 0x04, never those of a log key (0x01) with the same name and key', () => {
    const key = parseWitnessKey(verifierKey);
    expect(key.keyId).toBe(cosignatureKeyId(key.name, key.publicKey));
    expect(key.keyId).not.toBe(keyIdOf(key.name, key.publicKey));
  });

  it('ignores lines of other keys and reports one of a given key that does not verify', () => {
    const other = parseWitnessSignerKey(generateWitnessKey('witness.test/w2').signerKey);
    const forged = signer.cosign(checkpointOf(tree(6)).split('\n\n')[0] + '\n', 1);
    const { valid, invalid } = cosignaturesOf(withSignatureLines(note, [other.cosign(text, 1), forged]), [
      parseWitnessKey(verifierKey),
    ]);
    expect(valid).toEqual([]);
    expect(invalid).toEqual([expect.stringContaining('the cosignature does not verify')]);
  });
});

describe('Witness.addCheckpoint (C2SP tlog-witness)', () => {
  let directory: string;
  let witness: Witness;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'witness-'));
    initWitness(directory, 'witness.test/w1', [log.verifierKey]);
    witness = Witness.open(directory, () => 1_700_000_000_000);
  });
  afterEach(() => {
    witness.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('cosigns a first checkpoint from size 0, then a grown one with a consistency proof', () => {
    const small = tree(5);
    const first = witness.addCheckpoint(body(0, [], checkpointOf(small)));
    expect(first.status).toBe(200);
    const key = parseWitnessKey(readFileSync(witnessFiles(directory).publicKey, 'utf8'));
    const lines = first.body.split('\n').filter(Boolean);
    expect(cosignaturesOf(withSignatureLines(checkpointOf(small), lines), [key]).valid).toHaveLength(1);
    const big = tree(12);
    const second = witness.addCheckpoint(body(5, consistencyProof(big, 5, 12), checkpointOf(big)));
    expect(second.status).toBe(200);
    expect(witness.latest(ORIGIN)?.treeSize).toBe(12);
  });

  it('answers 409 with its latest size (text/x.tlog.size) when the old size is not the one it cosigned', () => {
    witness.addCheckpoint(body(0, [], checkpointOf(tree(5))));
    expect(witness.addCheckpoint(body(0, [], checkpointOf(tree(8))))).toEqual({
      status: 409,
      contentType: 'text/x.tlog.size',
      body: '5\n',
    });
  });

  it('refuses with 422 a checkpoint whose tree does not extend the one it cosigned (a rewritten history)', () => {
    witness.addCheckpoint(body(0, [], checkpointOf(tree(5))));
    const rewritten = tree(8, 'rewritten ');
    const answer = witness.addCheckpoint(body(5, consistencyProof(rewritten, 5, 8), checkpointOf(rewritten)));
    expect(answer.status).toBe(422);
    expect(witness.latest(ORIGIN)?.treeSize).toBe(5);
  });

  it('refuses with 409 another root for the size it cosigned', () => {
    witness.addCheckpoint(body(0, [], checkpointOf(tree(5))));
    const answer = witness.addCheckpoint(body(5, [], checkpointOf(tree(5, 'other '))));
    expect(answer).toMatchObject({ status: 409, body: expect.stringContaining('the log forked') });
  });

  it('answers 404 for an unknown origin, 403 for a signature it cannot verify, 400 for a malformed body', () => {
    const stranger = parseSignerKey(generateSignerKey(ORIGIN).signerKey);
    const unknown = parseSignerKey(generateSignerKey('other.log/events').signerKey);
    const otherOrigin = signNote(
      formatCheckpoint({ origin: 'other.log/events', treeSize: 1, rootHash: rootAt(tree(1), 1) }),
      [unknown],
    );
    expect(witness.addCheckpoint(body(0, [], otherOrigin)).status).toBe(404);
    expect(witness.addCheckpoint(body(0, [], checkpointOf(tree(3), stranger))).status).toBe(403);
    expect(witness.addCheckpoint(`old 01\n\n${checkpointOf(tree(3))}`).status).toBe(400);
    expect(witness.addCheckpoint(body(4, [], checkpointOf(tree(3)))).status).toBe(400);
  });
});

describe('LedgerIntegrity with a witness over HTTP', () => {
  let directory: string;
  let store: SqliteEventStore;
  let witnessDir: string;
  let server: ReturnType<typeof createWitnessServer>;
  let witness: Witness;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'witnessed-ledger-'));
    witnessDir = join(directory, 'witness');
    store = new SqliteEventStore(join(directory, 'events.sqlite'));
  });
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    witness?.close();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  async function startWitness(logKey: string): Promise<string> {
    const { verifierKey } = initWitness(witnessDir, 'witness.test/w1', [logKey]);
    witness = Witness.open(witnessDir);
    server = createWitnessServer(witness);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port} ${verifierKey}`;
  }

  it('keeps the cosignatures, proves growth to the witness, and a rewritten history gets none', async () => {
    const plain = integrityFor(store, directory);
    const endpoint = await startWitness(plain.localVerifiers()[0].verifierKey);
    plain.close();
    const witnesses = parseWitnessEndpoints(endpoint);
    let integrity = integrityFor(store, directory, { witnesses });
    await recordSampleLedger(store, 2);
    const first = await integrity.checkpoint();
    expect(first.witnesses).toEqual([{ witness: expect.stringContaining('witness.test/w1'), cosigned: true }]);
    await recordSampleLedger(store, 1);
    const second = await integrity.checkpoint();
    expect(second.witnesses.map((outcome) => outcome.cosigned)).toEqual([true]);
    expect(witness.latest(ORIGIN)?.treeSize).toBe(second.checkpoint.treeSize);
    const keys = witnesses.map((endpoint) => endpoint.key);
    const witnessed = await verifyLedger(store, integrity.index, {
      verifiers: integrity.localVerifiers(),
      witnesses: { keys, min: 1 },
    });
    expect(witnessed).toMatchObject({ intact: true, checkpointsVerified: 2 });

    // A cover-up: an event edited, the index deleted, the history re-signed with the ledger's own key.
    integrity.close();
    await store.close();
    const events = new Database(join(directory, 'events.sqlite'));
    events.prepare("UPDATE events SET data = json_set(data, '$.edited', 1) WHERE position = 3").run();
    events.close();
    store = new SqliteEventStore(join(directory, 'events.sqlite'));
    rmSync(join(directory, 'integrity.sqlite'));
    integrity = integrityFor(store, directory, { witnesses });
    const resigned = await integrity.checkpoint();
    expect(resigned.witnesses).toEqual([
      expect.objectContaining({ cosigned: false, message: expect.stringContaining('the log forked') }),
    ]);
    const report = await verifyLedger(store, integrity.index, {
      verifiers: integrity.localVerifiers(),
      witnesses: { keys, min: 1 },
    });
    expect(report.intact).toBe(false);
    expect(report.problems).toContainEqual(
      expect.stringContaining('is cosigned by 0 of the given witnesses, 1 required'),
    );
    integrity.close();
  });
});
