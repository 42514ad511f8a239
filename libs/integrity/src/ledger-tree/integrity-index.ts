import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Position, parsePosition, positionToString } from '@ledger/event-store';
import { CompactRange, perfectSubtrees } from '../merkle/compact-range';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { type NodeSource, rootAt } from '../merkle/merkle-proofs';

/** One indexed event: its leaf hash and where it came from. */
export interface IndexedLeaf {
  readonly leafIndex: number;
  readonly leafHash: Buffer;
  readonly eventId: string;
  readonly streamId: string;
  readonly position: string;
}

/** A leaf about to be indexed, with the perfect subtrees it completes (level 1 upwards). */
export interface NewLeaf {
  readonly leafHash: Buffer;
  readonly completedNodes: readonly Buffer[];
  readonly eventId: string;
  readonly streamId: string;
  readonly position: Position;
}

/** What the export filters need to know about a stream whose later events do not repeat it. */
export interface StreamFacts {
  readonly streamId: string;
  readonly itemCode?: string;
  readonly department?: string;
}

export interface StoredCheckpoint {
  /** Order of signing, from 1. */
  readonly id: number;
  readonly treeSize: number;
  readonly rootHash: Buffer;
  /** The signed note exactly as signed and served. */
  readonly note: string;
  /** When it was signed (ISO-8601, the ledger's clock). Not part of the signed text. */
  readonly signedAt: string;
}

/** 2 added `cosignatures`, 3 `verifications`; an older file gains the tables when opened. */
const SCHEMA_VERSION = 3;

/**
 * `leaves` holds one row per event in global order. `nodes` holds the roots of the perfect
 * subtrees that the row's leaf completes (levels 1..k, 32 bytes each), so that every interior
 * node a proof needs is one primary-key lookup, rows are written append-only, and `ledger verify`
 * can compare them in the same sequential pass as the leaves.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS leaves (
    leaf_index INTEGER PRIMARY KEY,
    leaf_hash  BLOB    NOT NULL,
    nodes      BLOB,
    event_id   TEXT    NOT NULL,
    stream_id  TEXT    NOT NULL,
    position   TEXT    NOT NULL
  );
  CREATE TABLE IF NOT EXISTS checkpoints (
    checkpoint_id INTEGER PRIMARY KEY,
    tree_size     INTEGER NOT NULL,
    root_hash     BLOB    NOT NULL,
    note          TEXT    NOT NULL,
    signed_at     TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS checkpoints_by_size ON checkpoints (tree_size, checkpoint_id);
  CREATE TABLE IF NOT EXISTS cosignatures (
    checkpoint_id INTEGER NOT NULL,
    witness_key   TEXT    NOT NULL,
    line          TEXT    NOT NULL,
    timestamp     INTEGER NOT NULL,
    PRIMARY KEY (checkpoint_id, witness_key)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS verifications (
    verification_id      INTEGER PRIMARY KEY,
    verified_at          TEXT    NOT NULL,
    intact               INTEGER NOT NULL,
    events_read          INTEGER NOT NULL,
    checkpoints_verified INTEGER NOT NULL,
    witnesses_required   INTEGER NOT NULL,
    summary              TEXT    NOT NULL
  );
  CREATE TABLE IF NOT EXISTS stream_facts (
    stream_id  TEXT PRIMARY KEY,
    item_code  TEXT,
    department TEXT
  ) WITHOUT ROWID;
`;

/** A leaf's hashes: its own and those of the perfect subtrees it completes (null when none). */
export type HashRow = [leafIndex: number, leafHash: Buffer, completedNodes: Buffer | null];
type LeafRow = [
  leafIndex: number,
  leafHash: Buffer,
  nodes: Buffer | null,
  eventId: string,
  streamId: string,
  position: string,
];
/** A witness's cosignature on a checkpoint, as returned by the witness (C2SP tlog-cosignature). */
export interface StoredCosignature {
  /** The witness's verifier key string. */
  readonly witnessKey: string;
  /** The signature line, without its newline. */
  readonly line: string;
  /** When the witness says it cosigned (POSIX seconds). */
  readonly timestamp: number;
}

/** One run of `ledger verify`, as the dashboard shows the latest. */
export interface VerificationRecord {
  readonly verifiedAt: string;
  readonly intact: boolean;
  readonly eventsRead: number;
  readonly checkpointsVerified: number;
  /** Cosignatures each checkpoint needed (`--min-witnesses`), 0 without `--witness-key`. */
  readonly witnessesRequired: number;
  /** `intact`, or the first problem found, or why nothing could be verified. */
  readonly summary: string;
}

type CheckpointRow = [id: number, treeSize: number, rootHash: Buffer, note: string, signedAt: string];

export class IndexOutOfDateError extends Error {
  readonly code = 'INTEGRITY.INDEX_MOVED';
  constructor(expected: number, actual: number) {
    super(
      `the integrity index grew from ${expected} to ${actual} leaves meanwhile (another process indexed the same events)`,
    );
    this.name = 'IndexOutOfDateError';
  }
}

/**
 * The integrity index: a SQLite file with the leaf hashes of every event in global order, the
 * interior nodes proofs need, and the log of signed checkpoints. Everything but the checkpoint
 * log is derived from the events and re-checked against them by `ledger verify`. Several
 * processes may share the file; appends are optimistic (they name the size they extend).
 */
export class IntegrityIndex implements NodeSource {
  private readonly db: Database.Database;
  private readonly statements;
  private nodeCache = new Map<string, Buffer>();

  private constructor(db: Database.Database) {
    this.db = db;
    this.statements = {
      size: db.prepare<[], number>('SELECT coalesce(max(leaf_index) + 1, 0) FROM leaves').pluck(),
      lastPosition: db
        .prepare<[], string | undefined>('SELECT position FROM leaves ORDER BY leaf_index DESC LIMIT 1')
        .pluck(),
      leaf: db
        .prepare<[number], LeafRow>(
          'SELECT leaf_index, leaf_hash, nodes, event_id, stream_id, position FROM leaves WHERE leaf_index = ?',
        )
        .raw(),
      leafHash: db.prepare<[number], Buffer>('SELECT leaf_hash FROM leaves WHERE leaf_index = ?').pluck(),
      nodes: db.prepare<[number], Buffer | null>('SELECT nodes FROM leaves WHERE leaf_index = ?').pluck(),
      hashPage: db
        .prepare<[number, number], HashRow>(
          'SELECT leaf_index, leaf_hash, nodes FROM leaves WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?',
        )
        .raw(),
      insertLeaf: db.prepare(
        'INSERT INTO leaves (leaf_index, leaf_hash, nodes, event_id, stream_id, position) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      upsertFacts: db.prepare(
        'INSERT INTO stream_facts (stream_id, item_code, department) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET item_code = coalesce(excluded.item_code, item_code), department = coalesce(excluded.department, department)',
      ),
      facts: db
        .prepare<[string], [string | null, string | null]>(
          'SELECT item_code, department FROM stream_facts WHERE stream_id = ?',
        )
        .raw(),
      latestCheckpoint: db
        .prepare<[], CheckpointRow>(
          'SELECT checkpoint_id, tree_size, root_hash, note, signed_at FROM checkpoints ORDER BY checkpoint_id DESC LIMIT 1',
        )
        .raw(),
      checkpointCount: db.prepare<[], number>('SELECT count(*) FROM checkpoints').pluck(),
      checkpointsBySize: db
        .prepare<[number, number, number], CheckpointRow>(
          'SELECT checkpoint_id, tree_size, root_hash, note, signed_at FROM checkpoints WHERE (tree_size, checkpoint_id) > (?, ?) ORDER BY tree_size, checkpoint_id LIMIT ?',
        )
        .raw(),
      checkpointById: db
        .prepare<[number], CheckpointRow>(
          'SELECT checkpoint_id, tree_size, root_hash, note, signed_at FROM checkpoints WHERE checkpoint_id = ?',
        )
        .raw(),
      checkpointBefore: db
        .prepare<[number], CheckpointRow>(
          'SELECT checkpoint_id, tree_size, root_hash, note, signed_at FROM checkpoints WHERE checkpoint_id < ? ORDER BY checkpoint_id DESC LIMIT 1',
        )
        .raw(),
      shrinkingCheckpoints: db
        .prepare<[], [number, number, number, number]>(
          `SELECT checkpoint_id, tree_size, previous_id, previous_size FROM (
             SELECT checkpoint_id, tree_size,
                    lag(checkpoint_id) OVER (ORDER BY checkpoint_id) AS previous_id,
                    lag(tree_size) OVER (ORDER BY checkpoint_id) AS previous_size
             FROM checkpoints)
           WHERE tree_size < previous_size ORDER BY checkpoint_id LIMIT 1`,
        )
        .raw(),
      insertCheckpoint: db.prepare(
        'INSERT INTO checkpoints (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)',
      ),
    };
  }

  /** Opens (creating if needed) the index file; `:memory:` for tests. */
  static open(path: string, options: { readonly busyTimeoutMs?: number } = {}): IntegrityIndex {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 });
    try {
      db.pragma('journal_mode = WAL');
      // The leaves are re-derivable, but a signed checkpoint is evidence: commit it durably.
      db.pragma('synchronous = FULL');
      migrate(db);
      return new IntegrityIndex(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Keeps a witness's cosignature of a checkpoint (a second one from the same witness replaces nothing). */
  addCosignature(checkpointId: number, cosignature: StoredCosignature): void {
    this.db
      .prepare('INSERT OR IGNORE INTO cosignatures (checkpoint_id, witness_key, line, timestamp) VALUES (?, ?, ?, ?)')
      .run(checkpointId, cosignature.witnessKey, cosignature.line, cosignature.timestamp);
  }

  cosignatures(checkpointId: number): StoredCosignature[] {
    return this.db
      .prepare<[number], { witness_key: string; line: string; timestamp: number }>(
        'SELECT witness_key, line, timestamp FROM cosignatures WHERE checkpoint_id = ? ORDER BY witness_key',
      )
      .all(checkpointId)
      .map((row) => ({ witnessKey: row.witness_key, line: row.line, timestamp: row.timestamp }));
  }

  /** The largest tree size this witness cosigned for this log, or undefined when it never did. */
  lastCosignedSize(witnessKey: string): number | undefined {
    const size = this.db
      .prepare<[string], number | null>(
        'SELECT max(c.tree_size) FROM cosignatures s JOIN checkpoints c ON c.checkpoint_id = s.checkpoint_id WHERE s.witness_key = ?',
      )
      .pluck()
      .get(witnessKey);
    return size ?? undefined;
  }

  /** The checkpoint's note with every cosignature kept for it: what is served and exported. */
  cosignedNote(checkpoint: StoredCheckpoint): string {
    const lines = this.cosignatures(checkpoint.id).map((cosignature) => `${cosignature.line}\n`);
    return checkpoint.note + lines.join('');
  }

  /** Keeps the outcome of a `ledger verify` run (the dashboard shows the latest). */
  recordVerification(record: VerificationRecord): void {
    this.db
      .prepare(
        'INSERT INTO verifications (verified_at, intact, events_read, checkpoints_verified, witnesses_required, summary) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.verifiedAt,
        record.intact ? 1 : 0,
        record.eventsRead,
        record.checkpointsVerified,
        record.witnessesRequired,
        record.summary,
      );
  }

  latestVerification(): VerificationRecord | undefined {
    const row = this.db
      .prepare<
        [],
        {
          verified_at: string;
          intact: number;
          events_read: number;
          checkpoints_verified: number;
          witnesses_required: number;
          summary: string;
        }
      >(
        'SELECT verified_at, intact, events_read, checkpoints_verified, witnesses_required, summary FROM verifications ORDER BY verification_id DESC LIMIT 1',
      )
      .get();
    return row
      ? {
          verifiedAt: row.verified_at,
          intact: row.intact === 1,
          eventsRead: row.events_read,
          checkpointsVerified: row.checkpoints_verified,
          witnessesRequired: row.witnesses_required,
          summary: row.summary,
        }
      : undefined;
  }

  /** Number of indexed leaves: the tree size the index can prove. */
  size(): number {
    return this.statements.size.get() ?? 0;
  }

  /** Store position of the last indexed event: indexing resumes strictly after it. */
  lastPosition(): Position | undefined {
    const text = this.statements.lastPosition.get();
    return text === undefined ? undefined : parsePosition(text);
  }

  leaf(leafIndex: number): IndexedLeaf | undefined {
    const row = this.statements.leaf.get(leafIndex);
    return row ? toLeaf(row) : undefined;
  }

  /**
   * Up to `limit` rows from leaf `start`: `[leafIndex, leafHash, completedNodes]`, the hashes
   * alone, for the sequential pass of `ledger verify` (the rest is read only where they differ).
   */
  hashPage(start: number, limit: number): HashRow[] {
    return this.statements.hashPage.all(start, limit);
  }

  /** The compact range of the first `size` leaves (default: all), from the stored nodes. */
  frontier(size = this.size()): CompactRange {
    return CompactRange.resume(
      size,
      perfectSubtrees(0, size).map(({ level, index }) => this.node(level, index)),
    );
  }

  /** MTH of the first `size` leaves, from the stored nodes (O(log n) lookups). */
  rootAt(size: number): Buffer {
    if (size > this.size()) throw new RangeError(`the index holds ${this.size()} leaves, not ${size}`);
    return rootAt(this, size);
  }

  /** NodeSource: a perfect subtree's root, from the row of its last leaf. */
  node(level: number, index: number): Buffer {
    const key = `${level}/${index}`;
    const cached = this.nodeCache.get(key);
    if (cached) return cached;
    const width = 2 ** level;
    const last = (index + 1) * width - 1;
    let hash: Buffer | undefined;
    if (level === 0) {
      hash = this.statements.leafHash.get(index);
    } else {
      const nodes = this.statements.nodes.get(last);
      if (nodes && nodes.length >= level * HASH_SIZE) hash = nodes.subarray((level - 1) * HASH_SIZE, level * HASH_SIZE);
    }
    if (!hash) throw new RangeError(`the integrity index has no node at level ${level}, index ${index}`);
    // Proofs for neighbouring leaves share their upper nodes; a bounded cache keeps memory flat.
    if (this.nodeCache.size >= 65_536) this.nodeCache = new Map();
    this.nodeCache.set(key, hash);
    return hash;
  }

  /**
   * Appends leaves after exactly `expectedSize` leaves, with the stream facts they carry, in one
   * transaction. Throws {@link IndexOutOfDateError} (writing nothing) when the index moved meanwhile.
   */
  append(expectedSize: number, leaves: readonly NewLeaf[], facts: readonly StreamFacts[] = []): void {
    this.db
      .transaction(() => {
        const size = this.size();
        if (size !== expectedSize) throw new IndexOutOfDateError(expectedSize, size);
        leaves.forEach((leaf, offset) => {
          const nodes = leaf.completedNodes.length > 0 ? Buffer.concat(leaf.completedNodes) : null;
          this.statements.insertLeaf.run(
            expectedSize + offset,
            leaf.leafHash,
            nodes,
            leaf.eventId,
            leaf.streamId,
            positionToString(leaf.position),
          );
        });
        for (const fact of facts)
          this.statements.upsertFacts.run(fact.streamId, fact.itemCode ?? null, fact.department ?? null);
      })
      .immediate();
  }

  streamFacts(streamId: string): StreamFacts | undefined {
    const row = this.statements.facts.get(streamId);
    return row ? { streamId, itemCode: row[0] ?? undefined, department: row[1] ?? undefined } : undefined;
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    const row = this.statements.latestCheckpoint.get();
    return row ? toCheckpoint(row) : undefined;
  }

  checkpoint(id: number): StoredCheckpoint | undefined {
    const row = this.statements.checkpointById.get(id);
    return row ? toCheckpoint(row) : undefined;
  }

  /** The checkpoint signed just before checkpoint `id`. */
  checkpointBefore(id: number): StoredCheckpoint | undefined {
    const row = this.statements.checkpointBefore.get(id);
    return row ? toCheckpoint(row) : undefined;
  }

  checkpointCount(): number {
    return this.statements.checkpointCount.get() ?? 0;
  }

  /** Every checkpoint by tree size (then signing order), a page at a time: flat memory however many there are. */
  *checkpointsBySize(pageSize = 1_000): Generator<StoredCheckpoint> {
    let after: [number, number] = [-1, -1];
    for (;;) {
      const rows = this.statements.checkpointsBySize.all(after[0], after[1], pageSize);
      for (const row of rows) yield toCheckpoint(row);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = [last[1], last[0]];
    }
  }

  /** The first checkpoint signed for a smaller tree than the one signed before it: a rollback. */
  firstShrinkingCheckpoint(): { id: number; treeSize: number; previousId: number; previousSize: number } | undefined {
    const row = this.statements.shrinkingCheckpoints.get();
    return row ? { id: row[0], treeSize: row[1], previousId: row[2], previousSize: row[3] } : undefined;
  }

  /**
   * Appends a signed checkpoint. Refuses one for a tree smaller than the latest (a log never
   * shrinks) or for more leaves than the index holds.
   */
  appendCheckpoint(checkpoint: Omit<StoredCheckpoint, 'id'>): StoredCheckpoint {
    return this.db
      .transaction(() => {
        const latest = this.latestCheckpoint();
        if (latest && checkpoint.treeSize < latest.treeSize)
          throw new RangeError(
            `checkpoint for ${checkpoint.treeSize} leaves after one for ${latest.treeSize}: a log never shrinks`,
          );
        if (checkpoint.treeSize > this.size())
          throw new RangeError(`checkpoint for ${checkpoint.treeSize} leaves, but the index holds ${this.size()}`);
        const id = Number(
          this.statements.insertCheckpoint.run(
            checkpoint.treeSize,
            checkpoint.rootHash,
            checkpoint.note,
            checkpoint.signedAt,
          ).lastInsertRowid,
        );
        return { id, ...checkpoint };
      })
      .immediate();
  }

  /**
   * Forgets every leaf (and stream fact) but keeps the checkpoint log, so the index can be
   * rebuilt from the events; the next checkpoint then refuses to sign unless the rebuilt tree
   * reproduces the latest signed root.
   */
  clearLeaves(): void {
    this.db.transaction(() => this.db.exec('DELETE FROM leaves; DELETE FROM stream_facts;')).immediate();
    this.nodeCache = new Map();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION)
    throw new Error(`integrity index has schema version ${version}; this build understands up to ${SCHEMA_VERSION}`);
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function toLeaf(row: LeafRow): IndexedLeaf {
  return { leafIndex: row[0], leafHash: row[1], eventId: row[3], streamId: row[4], position: row[5] };
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return { id: row[0], treeSize: row[1], rootHash: row[2], note: row[3], signedAt: row[4] };
}
