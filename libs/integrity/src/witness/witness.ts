import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { verifyConsistency } from '../merkle/merkle-proofs';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { parseCheckpoint } from '../signed-note/checkpoint';
import { type NoteVerifier, parseVerifierKey } from '../signed-note/note-keys';
import { openNote, parseNote } from '../signed-note/signed-note';
import { type WitnessSigner, generateWitnessKey, parseWitnessSignerKey } from './cosignature';

/** The answer to an add-checkpoint request, as c2sp.org/tlog-witness defines it. */
export interface WitnessResponse {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
}

/** Bigger bodies are refused before parsing: 63 proof lines and a checkpoint with a few signatures fit easily. */
export const MAX_ADD_CHECKPOINT_BYTES = 64 * 1024;
const MAX_PROOF_LINES = 63;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS logs (
    origin       TEXT NOT NULL,
    verifier_key TEXT NOT NULL,
    PRIMARY KEY (origin, verifier_key)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS latest (
    origin     TEXT PRIMARY KEY,
    tree_size  INTEGER NOT NULL,
    root_hash  BLOB    NOT NULL,
    checkpoint TEXT    NOT NULL,
    cosigned_at INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/** The files of a witness in its state directory: its key pair and its record of every log's latest checkpoint. */
export function witnessFiles(directory: string): { key: string; publicKey: string; state: string } {
  return {
    key: join(directory, 'witness.key'),
    publicKey: join(directory, 'witness.pub'),
    state: join(directory, 'witness.sqlite'),
  };
}

/**
 * Creates a witness's state directory: a new Ed25519 cosigning key (never overwriting one), its
 * public key, and the list of logs it witnesses (origin and the log's verifier key). Running it
 * again adds logs and keeps the key.
 */
export function initWitness(
  directory: string,
  name: string,
  logKeys: readonly string[],
): { readonly created: boolean; readonly verifierKey: string; readonly logs: readonly string[] } {
  const files = witnessFiles(directory);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  let created = false;
  if (!existsSync(files.key)) {
    const { signerKey, verifierKey } = generateWitnessKey(name);
    writeNew(files.key, `${signerKey}\n`, 0o600);
    writeNew(files.publicKey, `${verifierKey}\n`, 0o644);
    created = true;
  }
  const signer = parseWitnessSignerKey(readFileSync(files.key, 'utf8'));
  const state = openState(files.state);
  try {
    const insert = state.prepare('INSERT OR IGNORE INTO logs (origin, verifier_key) VALUES (?, ?)');
    for (const text of logKeys) {
      const key = parseVerifierKey(text);
      insert.run(key.name, key.verifierKey);
    }
    const logs = state.prepare<[], string>('SELECT verifier_key FROM logs ORDER BY origin').pluck().all();
    return { created, verifierKey: signer.verifierKey, logs };
  } finally {
    state.close();
  }
}

/**
 * A C2SP tlog-witness: cosigns a log's checkpoint only after checking its signature against the
 * log's key and a consistency proof from the latest checkpoint it cosigned for that origin, and
 * records the new one atomically with the check, so two racing requests cannot roll it back.
 */
export class Witness {
  private constructor(
    private readonly db: Database.Database,
    readonly signer: WitnessSigner,
    private readonly clock: () => number,
  ) {}

  static open(directory: string, clock: () => number = Date.now): Witness {
    const files = witnessFiles(directory);
    if (!existsSync(files.key))
      throw new Error(
        `no witness key in ${directory}: create one with \`ledger witness init --dir ${directory} --name <name> --log-key <key>\``,
      );
    return new Witness(openState(files.state), parseWitnessSignerKey(readFileSync(files.key, 'utf8')), clock);
  }

  /** The latest checkpoint cosigned for `origin`, if any. */
  latest(origin: string): { treeSize: number; rootHash: Buffer; checkpoint: string } | undefined {
    const row = this.db
      .prepare<[string], { tree_size: number; root_hash: Buffer; checkpoint: string }>(
        'SELECT tree_size, root_hash, checkpoint FROM latest WHERE origin = ?',
      )
      .get(origin);
    return row ? { treeSize: row.tree_size, rootHash: row.root_hash, checkpoint: row.checkpoint } : undefined;
  }

  /** `POST <prefix>/add-checkpoint` with this body. */
  addCheckpoint(body: string): WitnessResponse {
    const request = parseRequest(body);
    if (typeof request === 'string') return text(400, request);
    const { oldSize, proof, note } = request;
    let checkpoint: ReturnType<typeof parseCheckpoint>;
    let noteText: string;
    try {
      noteText = parseNote(note).text;
      checkpoint = parseCheckpoint(noteText);
    } catch (error) {
      return text(400, `not a signed checkpoint: ${(error as Error).message}`);
    }
    const keys = this.logKeys(checkpoint.origin);
    if (keys.length === 0) return text(404, `unknown log origin ${checkpoint.origin}`);
    try {
      openNote(note, keys);
    } catch (error) {
      return text(403, `the checkpoint is not signed by the log's key: ${(error as Error).message}`);
    }
    if (oldSize > checkpoint.treeSize)
      return text(400, `old size ${oldSize} is larger than the checkpoint's size ${checkpoint.treeSize}`);
    return this.db
      .transaction((): WitnessResponse => {
        const latest = this.latest(checkpoint.origin);
        const latestSize = latest?.treeSize ?? 0;
        if (oldSize !== latestSize) return { status: 409, contentType: 'text/x.tlog.size', body: `${latestSize}\n` };
        if (latest && oldSize === checkpoint.treeSize) {
          if (!latest.rootHash.equals(checkpoint.rootHash))
            return text(409, `tree size ${oldSize} was cosigned with another root hash: the log forked`);
          if (proof.length > 0) return text(422, 'the sizes are equal, so the consistency proof must be empty');
        } else if (latest) {
          const failure = verifyConsistency(oldSize, checkpoint.treeSize, latest.rootHash, checkpoint.rootHash, proof);
          if (failure) return text(422, `the consistency proof from size ${oldSize} does not verify: ${failure}`);
        } else if (proof.length > 0) {
          return text(422, 'the consistency proof must be empty from size 0');
        }
        const timestamp = Math.floor(this.clock() / 1000);
        const line = this.signer.cosign(noteText, timestamp);
        this.db
          .prepare(
            'INSERT INTO latest (origin, tree_size, root_hash, checkpoint, cosigned_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET tree_size = excluded.tree_size, root_hash = excluded.root_hash, checkpoint = excluded.checkpoint, cosigned_at = excluded.cosigned_at',
          )
          .run(checkpoint.origin, checkpoint.treeSize, checkpoint.rootHash, note, timestamp);
        return { status: 200, contentType: 'text/plain; charset=utf-8', body: `${line}\n` };
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private logKeys(origin: string): NoteVerifier[] {
    return this.db
      .prepare<[string], string>('SELECT verifier_key FROM logs WHERE origin = ?')
      .pluck()
      .all(origin)
      .map((key) => parseVerifierKey(key));
  }
}

function parseRequest(body: string): { oldSize: number; proof: Buffer[]; note: string } | string {
  const lines = body.split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(lines[0] ?? '');
  if (!old) return 'the body must start with "old <size>"';
  const proof: Buffer[] = [];
  let index = 1;
  for (; index < lines.length && lines[index] !== ''; index++) {
    if (proof.length === MAX_PROOF_LINES) return `more than ${MAX_PROOF_LINES} consistency proof lines`;
    const line = lines[index];
    const hash = /^[A-Za-z0-9+/]{43}=$/.test(line) ? Buffer.from(line, 'base64') : undefined;
    if (!hash || hash.length !== HASH_SIZE) return `proof line ${index} is not a base64 SHA-256 hash`;
    proof.push(hash);
  }
  if (index >= lines.length) return 'no empty line before the checkpoint';
  const oldSize = Number(old[1]);
  if (!Number.isSafeInteger(oldSize)) return 'old size out of range';
  return { oldSize, proof, note: lines.slice(index + 1).join('\n') };
}

function text(status: WitnessResponse['status'], message: string): WitnessResponse {
  return { status, contentType: 'text/plain; charset=utf-8', body: `${message}\n` };
}

function openState(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A cosigned size is a promise: persisted before the cosignature is returned (the spec's MUST).
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  return db;
}

function writeNew(file: string, content: string, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
