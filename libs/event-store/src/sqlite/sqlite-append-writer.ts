import type Database from 'better-sqlite3';
import { type AppendResult, EventIdConflictError, type ExpectedRevision } from '../event-store.port';
import { positionOf } from './event-row';
import { assertExpectedRevision } from './expected-revision';
import type { Settled } from './group-commit-queue';

/** An event with its JSON already serialised, so bad input fails before the write transaction. */
export interface SerializedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/** One `appendToStream` call waiting for the next group commit. */
export interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expectedRevision: ExpectedRevision;
  /** The first event takes a position after this one (and after the head); see `PositionFloor`. */
  readonly afterPosition?: number;
}

/** Where an event id is already stored in the stream: `[revision, position]`. */
type StoredEventId = [revision: number, position: number];

/**
 * Writes a batch of appends in one transaction, each inside its own SAVEPOINT so that one
 * refused append (wrong revision, reused id) is undone alone and the rest still commit.
 * Later appends of a batch see the writes of earlier ones, as if they had been committed apart.
 */
export class SqliteAppendWriter {
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackToSavepoint: Database.Statement;
  private readonly findEventId: Database.Statement<[string, string], StoredEventId>;
  private readonly streamRevision: Database.Statement<[string], number>;
  private readonly insertEvent: Database.Statement<[string, number, string, string, string, string]>;
  private readonly insertEventAt: Database.Statement<[number, string, number, string, string, string, string]>;
  private readonly headPosition: Database.Statement<[], number | null>;
  private readonly upsertStream: Database.Statement<[string, number]>;

  constructor(private readonly db: Database.Database) {
    // IMMEDIATE takes the write lock up front: a deferred transaction that reads first could
    // fail with SQLITE_BUSY on its first write when another process writes the same file.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT append');
    this.release = db.prepare('RELEASE append');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO append');
    this.findEventId = db
      .prepare<[string, string], StoredEventId>(
        'SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?',
      )
      .raw();
    this.streamRevision = db.prepare<[string], number>('SELECT revision FROM streams WHERE stream_id = ?').pluck();
    this.insertEvent = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertEventAt = db.prepare(
      'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.headPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
    this.upsertStream = db.prepare(
      'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
    );
  }

  /**
   * Commits the batch and returns one outcome per append, in order. Throws (having rolled
   * everything back) when the transaction as a whole cannot commit; then no append happened.
   */
  commitBatch(appends: readonly PendingAppend[]): Settled<AppendResult>[] {
    const outcomes: Settled<AppendResult>[] = [];
    this.begin.run();
    try {
      for (const append of appends) outcomes.push(this.appendInSavepoint(append));
      this.commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      throw error;
    }
  }

  private appendInSavepoint(append: PendingAppend): Settled<AppendResult> {
    this.savepoint.run();
    try {
      const value = this.appendOne(append);
      this.release.run();
      return { ok: true, value };
    } catch (error) {
      // Some errors (I/O, disk full) make SQLite abandon the whole transaction; carrying on
      // would run the rest of the batch in autocommit mode, so fail the batch instead.
      if (!this.db.inTransaction) throw error;
      this.rollbackToSavepoint.run();
      this.release.run();
      return { ok: false, error };
    }
  }

  private appendOne({ streamId, events, expectedRevision, afterPosition }: PendingAppend): AppendResult {
    // Only a retry can have its first id stored in this stream already; checking that one id
    // keeps the common path to one lookup, and the UNIQUE index catches any later id below.
    // An id stored in another stream is another event (see the port's `NewEvent.eventId`).
    const firstStored = this.findEventId.get(streamId, events[0].eventId);
    if (firstStored) return this.confirmRetry(streamId, events, firstStored);

    const current = this.streamRevision.get(streamId);
    assertExpectedRevision(streamId, expectedRevision, current);
    let revision = current ?? -1;
    let position = 0;
    // Without a floor the rowid is max + 1; with one, the first event jumps past it and the
    // following ones (in this append and after) continue from there.
    let at = afterPosition === undefined ? undefined : Math.max(afterPosition, this.headPosition.get() ?? 0) + 1;
    for (const event of events) {
      revision += 1;
      position = this.insert(streamId, revision, event, at);
      at = undefined;
    }
    this.upsertStream.run(streamId, revision);
    return { nextExpectedRevision: revision, position: positionOf(position), duplicate: false };
  }

  private insert(streamId: string, revision: number, event: SerializedEvent, at?: number): number {
    try {
      const result =
        at === undefined
          ? this.insertEvent.run(streamId, revision, event.eventId, event.type, event.data, event.metadata)
          : this.insertEventAt.run(at, streamId, revision, event.eventId, event.type, event.data, event.metadata);
      return Number(result.lastInsertRowid);
    } catch (error) {
      if (isEventIdTaken(error)) throw new EventIdConflictError(streamId, event.eventId);
      throw error;
    }
  }

  /**
   * A retry is recognised only when every id is stored in this stream, consecutively and in
   * the same order; anything else reuses ids for different facts and must not pass silently.
   */
  private confirmRetry(streamId: string, events: readonly SerializedEvent[], first: StoredEventId): AppendResult {
    let last = first;
    for (let index = 0; index < events.length; index++) {
      const stored = index === 0 ? first : this.findEventId.get(streamId, events[index].eventId);
      if (!stored || stored[0] !== first[0] + index) {
        throw new EventIdConflictError(streamId, events[index].eventId);
      }
      last = stored;
    }
    return { nextExpectedRevision: last[0], position: positionOf(last[1]), duplicate: true };
  }
}

/**
 * Duck-typed rather than `instanceof`: better-sqlite3's native addon keeps the SqliteError class
 * of the realm that loaded it first, so under jest's per-file sandboxes it is a foreign Error.
 */
function isEventIdTaken(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.event_id');
}
