import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { canonicalJsonOrFallback } from '../canonical/canonical-json';
import { HASH_SIZE, hashLeafText } from '../merkle/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../merkle/merkle-proofs';
import { type Checkpoint, parseCheckpoint } from '../signed-note/checkpoint';
import { type NoteVerifier, keyIdHex, parseVerifierKey } from '../signed-note/note-keys';
import { openNote } from '../signed-note/signed-note';
import { type WitnessKey, cosignaturesOf } from '../witness/cosignature';
import {
  CSV_FILE,
  EVENTS_FILE,
  EXPORT_FORMAT,
  type ExportManifest,
  MANIFEST_FILE,
  type ManifestCheckpoint,
  PROOFS_FILE,
} from './export-manifest';

export interface ExportVerification {
  /** True when every check passed. */
  readonly ok: boolean;
  /** Each failed check, saying which file, line or proof and what is wrong. */
  readonly failures: readonly string[];
  /** Facts worth stating (the key used, what was proved). */
  readonly notes: readonly string[];
  readonly eventCount?: number;
  readonly checkpoint?: Checkpoint;
  /** The key the checkpoint was checked with. */
  readonly verifiedWith?: string;
}

export interface ExportVerifyOptions {
  /** The ledger's public key(s), obtained independently of the export. Without them, the key named in the manifest is used, and the report says so. */
  readonly verifiers?: readonly NoteVerifier[];
  /** Detailed line failures reported before the rest are only counted. */
  readonly maxLineFailures?: number;
  /** Witnesses of which at least `min` must have cosigned the export's checkpoint. */
  readonly witnesses?: { readonly keys: readonly WitnessKey[]; readonly min: number };
}

/**
 * `ledger verify-export`: checks an export offline, with nothing but its files and the ledger's
 * public key: the checkpoint's signature, the consistency proof from the previous checkpoint,
 * every file's SHA-256 and size, and for every event line its leaf hash (recomputed from the
 * canonical event) and its inclusion proof to the signed root. Streams the files: memory stays
 * flat however large the export.
 */
export async function verifyExport(directory: string, options: ExportVerifyOptions = {}): Promise<ExportVerification> {
  const failures: string[] = [];
  const notes: string[] = [];
  const done = (extra: Partial<ExportVerification> = {}): ExportVerification => ({
    ok: failures.length === 0,
    failures,
    notes,
    ...extra,
  });

  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    failures.push(`${directory} is not a directory`);
    return done();
  }
  const manifestPath = join(directory, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    failures.push(
      `${MANIFEST_FILE} is missing: this is not a complete export (an interrupted export leaves no manifest)`,
    );
    return done();
  }
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ExportManifest;
  } catch (error) {
    failures.push(`${MANIFEST_FILE} is not valid JSON (truncated or edited?): ${(error as Error).message}`);
    return done();
  }
  const shapeProblem = manifestShapeProblem(manifest);
  if (shapeProblem) {
    failures.push(`${MANIFEST_FILE}: ${shapeProblem}`);
    return done();
  }

  let verifiers = options.verifiers ?? [];
  if (verifiers.length === 0) {
    try {
      verifiers = [parseVerifierKey(manifest.verifierKey)];
      notes.push(
        `no public key given: checked with the key named in the export itself (${manifest.verifierKey}); that only proves the export is self-consistent — compare the key with the one the ledger publishes, or pass --public-key`,
      );
    } catch (error) {
      failures.push(`${MANIFEST_FILE}: verifierKey is not a valid verifier key: ${(error as Error).message}`);
      return done();
    }
  }

  const opened = openCheckpoint('the checkpoint', manifest.checkpoint, verifiers, failures);
  if (opened && options.witnesses && options.witnesses.min > 0) {
    const { valid, invalid } = cosignaturesOf(manifest.checkpoint.note, options.witnesses.keys);
    for (const problem of invalid) failures.push(`the checkpoint: ${problem}`);
    if (valid.length < options.witnesses.min)
      failures.push(
        `the checkpoint (tree size ${manifest.checkpoint.treeSize}) is cosigned by ${valid.length} of the given witnesses, ${options.witnesses.min} required: no witness vouches for it`,
      );
    else
      notes.push(
        `the checkpoint is cosigned by ${valid.map((cosignature) => `${cosignature.witness.name} (${new Date(cosignature.timestamp * 1000).toISOString()})`).join(', ')}`,
      );
  }
  const checkpoint = opened?.body;
  const verifiedWith = opened?.verifiedBy.map((key) => key.verifierKey).join(', ');
  if (manifest.consistency) {
    const from = openCheckpoint(
      `the previous checkpoint #${manifest.consistency.from.id}`,
      manifest.consistency.from,
      verifiers,
      failures,
    )?.body;
    if (from && checkpoint) {
      const proof = decodeHashes(manifest.consistency.proof);
      const failure = proof
        ? verifyConsistency(from.treeSize, checkpoint.treeSize, from.rootHash, checkpoint.rootHash, proof)
        : 'a proof hash is not 32 bytes of base64';
      if (failure)
        failures.push(
          `consistency proof from checkpoint #${manifest.consistency.from.id} (tree size ${from.treeSize}) to #${manifest.checkpoint.id} (tree size ${checkpoint.treeSize}) does not verify: ${failure}`,
        );
      else
        notes.push(
          `checkpoint #${manifest.checkpoint.id} extends checkpoint #${manifest.consistency.from.id} (tree size ${from.treeSize}, signed ${manifest.consistency.from.signedAt}): the ledger only grew in between`,
        );
    }
  }

  for (const file of manifest.files) await checkFile(directory, file, failures);
  const listed = new Set([MANIFEST_FILE, ...manifest.files.map((file) => file.name)]);
  for (const name of readdirSync(directory))
    if (!listed.has(name)) notes.push(`${name} is not listed in the manifest and was not checked`);
  for (const required of [EVENTS_FILE, PROOFS_FILE, CSV_FILE])
    if (!manifest.files.some((file) => file.name === required))
      failures.push(`${MANIFEST_FILE} does not list ${required}`);

  if (checkpoint && existsSync(join(directory, EVENTS_FILE)) && existsSync(join(directory, PROOFS_FILE))) {
    await checkLines(directory, manifest, checkpoint, failures, notes, options.maxLineFailures ?? 20);
  }
  return done({ eventCount: manifest.eventCount, checkpoint, verifiedWith });
}

function manifestShapeProblem(manifest: ExportManifest): string | undefined {
  if (typeof manifest !== 'object' || manifest === null) return 'not a JSON object';
  if (manifest.format !== EXPORT_FORMAT) return `format is ${JSON.stringify(manifest.format)}, not ${EXPORT_FORMAT}`;
  if (!Number.isSafeInteger(manifest.eventCount) || manifest.eventCount < 0) return 'eventCount is not a whole number';
  if (!isManifestCheckpoint(manifest.checkpoint))
    return 'checkpoint is missing or incomplete (id, signedAt, treeSize, rootHash, note)';
  if (typeof manifest.verifierKey !== 'string') return 'verifierKey is missing';
  if (
    manifest.consistency !== null &&
    (typeof manifest.consistency !== 'object' ||
      !isManifestCheckpoint(manifest.consistency.from) ||
      !Array.isArray(manifest.consistency.proof))
  ) {
    return 'consistency is neither null nor { from, proof }';
  }
  if (
    !Array.isArray(manifest.files) ||
    manifest.files.some(
      (file) =>
        typeof file?.name !== 'string' ||
        typeof file.sha256 !== 'string' ||
        !Number.isSafeInteger(file.bytes) ||
        file.name.includes('/') ||
        file.name.includes('\\'),
    )
  ) {
    return 'files is not a list of { name, sha256, bytes, lines } for files of this directory';
  }
  return undefined;
}

function isManifestCheckpoint(value: unknown): value is ManifestCheckpoint {
  const checkpoint = value as ManifestCheckpoint | undefined;
  return (
    typeof checkpoint === 'object' &&
    checkpoint !== null &&
    typeof checkpoint.note === 'string' &&
    Number.isSafeInteger(checkpoint.treeSize) &&
    typeof checkpoint.rootHash === 'string'
  );
}

/** Checks a checkpoint's signature and that its note says what the manifest says. */
function openCheckpoint(
  what: string,
  checkpoint: ManifestCheckpoint,
  verifiers: readonly NoteVerifier[],
  failures: string[],
): { body: Checkpoint; verifiedBy: NoteVerifier[] } | undefined {
  let body: Checkpoint;
  let verifiedBy: NoteVerifier[];
  try {
    const opened = openNote(checkpoint.note, verifiers);
    verifiedBy = opened.verifiedBy;
    body = parseCheckpoint(opened.text);
  } catch (error) {
    const keys = verifiers.map((key) => `${key.name}+${keyIdHex(key.keyId)}`).join(', ');
    failures.push(
      `${what} (tree size ${checkpoint.treeSize}) is not validly signed by the public key (${keys}): ${(error as Error).message}`,
    );
    return undefined;
  }
  if (body.treeSize !== checkpoint.treeSize || body.rootHash.toString('base64') !== checkpoint.rootHash) {
    failures.push(
      `${what}: the manifest says tree size ${checkpoint.treeSize} and root ${checkpoint.rootHash}, but the signed note says ${body.treeSize} and ${body.rootHash.toString('base64')}`,
    );
    return undefined;
  }
  return { body, verifiedBy };
}

async function checkFile(directory: string, file: ExportManifest['files'][number], failures: string[]): Promise<void> {
  const path = join(directory, file.name);
  if (!existsSync(path)) {
    failures.push(`${file.name} is missing`);
    return;
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  const sha256 = hash.digest('hex');
  if (bytes !== file.bytes)
    failures.push(
      `${file.name}: ${bytes} bytes, but the manifest says ${file.bytes} (${bytes < file.bytes ? 'shorter: truncated or edited' : 'longer: appended to or edited'})`,
    );
  else if (sha256 !== file.sha256)
    failures.push(`${file.name}: SHA-256 ${sha256} differs from the manifest's ${file.sha256} (the file was changed)`);
}

interface EventLine {
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly event: {
    readonly eventId: string;
    readonly type: string;
    readonly streamId: string;
    readonly revision: number;
    readonly data: unknown;
    readonly metadata: unknown;
  };
}

interface ProofLine {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly inclusionProof: readonly string[];
}

/** Reads events.ndjson and proofs.ndjson in step, line by line, checking each event against its proof. */
async function checkLines(
  directory: string,
  manifest: ExportManifest,
  checkpoint: Checkpoint,
  failures: string[],
  notes: string[],
  maxDetailed: number,
): Promise<void> {
  let lineFailures = 0;
  const fallbackLines: number[] = [];
  const fail = (message: string) => {
    lineFailures++;
    if (lineFailures <= maxDetailed) failures.push(message);
  };
  for (const name of [EVENTS_FILE, PROOFS_FILE])
    if (!endsWithNewline(join(directory, name)))
      failures.push(`${name}: the last line has no line end: the file is truncated`);

  const events = lines(join(directory, EVENTS_FILE));
  const proofs = lines(join(directory, PROOFS_FILE));
  let lineNumber = 0;
  let previousLeaf = -1;
  for (;;) {
    const [eventText, proofText] = await Promise.all([events.next(), proofs.next()]);
    if (eventText.done && proofText.done) break;
    lineNumber++;
    if (eventText.done || proofText.done) {
      fail(
        `${eventText.done ? EVENTS_FILE : PROOFS_FILE} ends at line ${lineNumber - 1}, but ${eventText.done ? PROOFS_FILE : EVENTS_FILE} goes on: the files do not belong together or one is truncated`,
      );
      break;
    }
    const at = `${EVENTS_FILE} line ${lineNumber}`;
    const line = parseLine<EventLine>(eventText.value);
    if (typeof line === 'string' || !isEventLine(line)) {
      fail(
        `${at}: ${typeof line === 'string' ? line : 'not a { leafIndex, leafHash, event } line with eventId, type, streamId, revision, data and metadata'}`,
      );
      continue;
    }
    const where = `${at} (leaf ${line.leafIndex}, stream ${line.event.streamId})`;
    if (line.leafIndex <= previousLeaf)
      fail(
        `${where}: leaf indexes must grow line by line, but the previous line had leaf ${previousLeaf}: lines were reordered or repeated`,
      );
    previousLeaf = Math.max(previousLeaf, line.leafIndex);
    let leafHash: Buffer;
    try {
      const input = canonicalJsonOrFallback(line.event);
      if (input.fallback) fallbackLines.push(lineNumber);
      leafHash = hashLeafText(input.text);
    } catch (error) {
      fail(`${where}: the event cannot be canonicalised: ${(error as Error).message}`);
      continue;
    }
    if (leafHash.toString('base64') !== line.leafHash) {
      fail(`${where}: the event does not hash to the line's leafHash: the event (or the hash) was edited`);
    }
    const proof = parseLine<ProofLine>(proofText.value);
    const proofAt = `${PROOFS_FILE} line ${lineNumber}`;
    if (typeof proof === 'string' || !isProofLine(proof)) {
      fail(`${proofAt}: ${typeof proof === 'string' ? proof : 'not a { leafIndex, treeSize, inclusionProof } line'}`);
      continue;
    }
    if (proof.leafIndex !== line.leafIndex) {
      fail(
        `${proofAt}: the proof is for leaf ${proof.leafIndex}, but ${EVENTS_FILE} line ${lineNumber} holds leaf ${line.leafIndex}`,
      );
      continue;
    }
    if (proof.treeSize !== checkpoint.treeSize) {
      fail(
        `${proofAt} (leaf ${proof.leafIndex}): the proof is for a tree of ${proof.treeSize} leaves, but the signed checkpoint has ${checkpoint.treeSize}: a proof for another tree`,
      );
      continue;
    }
    const hashes = decodeHashes(proof.inclusionProof);
    const failure = hashes
      ? verifyInclusion(line.leafIndex, checkpoint.treeSize, leafHash, hashes, checkpoint.rootHash)
      : 'a proof hash is not 32 bytes of base64';
    if (failure)
      fail(
        `${proofAt} (leaf ${line.leafIndex}, stream ${line.event.streamId}): the inclusion proof does not lead to the signed root of tree size ${checkpoint.treeSize}: ${failure}`,
      );
  }
  if (lineFailures > maxDetailed) failures.push(`… and ${lineFailures - maxDetailed} more line failures`);
  if (fallbackLines.length > 0) {
    notes.push(
      `${fallbackLines.length} event${fallbackLines.length === 1 ? '' : 's'} (${EVENTS_FILE} line${fallbackLines.length === 1 ? '' : 's'} ${fallbackLines.slice(0, 10).join(', ')}${fallbackLines.length > 10 ? ', …' : ''}) ` +
        'cannot be written in RFC 8785 (a lone surrogate) and are hashed with the fallback encoding: RFC 8785 with each lone surrogate escaped as \\uXXXX',
    );
  }
  if (lineNumber !== manifest.eventCount)
    failures.push(`${EVENTS_FILE} holds ${lineNumber} lines, but the manifest says ${manifest.eventCount} events`);
}

function lines(path: string): AsyncIterator<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
}

function parseLine<T>(text: string): T | string {
  if (text === '') return 'an empty line';
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
}

function isEventLine(line: EventLine): boolean {
  const event = line?.event;
  return (
    typeof line === 'object' &&
    Number.isSafeInteger(line.leafIndex) &&
    line.leafIndex >= 0 &&
    typeof line.leafHash === 'string' &&
    typeof event === 'object' &&
    event !== null &&
    typeof event.eventId === 'string' &&
    typeof event.type === 'string' &&
    typeof event.streamId === 'string' &&
    Number.isSafeInteger(event.revision) &&
    'data' in event &&
    'metadata' in event
  );
}

function isProofLine(line: ProofLine): boolean {
  return (
    typeof line === 'object' &&
    line !== null &&
    Number.isSafeInteger(line.leafIndex) &&
    Number.isSafeInteger(line.treeSize) &&
    Array.isArray(line.inclusionProof)
  );
}

function decodeHashes(encoded: readonly unknown[]): Buffer[] | undefined {
  const hashes: Buffer[] = [];
  for (const value of encoded) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(value)) return undefined;
    const hash = Buffer.from(value, 'base64');
    if (hash.length !== HASH_SIZE) return undefined;
    hashes.push(hash);
  }
  return hashes;
}

function endsWithNewline(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}
