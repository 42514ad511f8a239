import type Database from 'better-sqlite3';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type PositionFloor,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  checkedAppend,
} from '../event-store.port';
import { type EventRow, positionOf, sequenceOf, toRecordedEvent } from './event-row';
import { GroupCommitQueue, type Settled } from './group-commit-queue';
import { type PendingAppend, type SerializedEvent, SqliteAppendWriter } from './sqlite-append-writer';
import { SqliteEventReader } from './sqlite-event-reader';
import { openEventDatabase } from './sqlite-schema';
import { SqliteSubscription } from './sqlite-subscription';
import { StorageFullError, isStorageFull } from '../storage-full';

export interface SqliteEventStoreOptions {
  /** Most appends committed in one transaction (default 5,000). */
  readonly maxBatchAppends?: number;
  /** Rows fetched per query by reads and subscriptions (default 1,000); bounds memory. */
  readonly readPageSize?: number;
  /** How often a live subscription looks for events appended by other processes (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** How long a commit waits for another process that holds the write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

/** Counters of the group commit, for tests and metrics. */
export interface CommitStats {
  /** Write transactions committed. */
  readonly transactions: number;
  /** Appends settled by those transactions, including refused and duplicate ones. */
  readonly appends: number;
  /** Events written. */
  readonly events: number;
}

const DEFAULTS: Required<SqliteEventStoreOptions> = {
  maxBatchAppends: 5_000,
  readPageSize: 1_000,
  pollIntervalMs: 250,
  busyTimeoutMs: 5_000,
};

/**
 * The event store in one SQLite file. Appends are group-committed: those issued while a
 * commit is pending share one durable transaction, each checked on its own. Several processes
 * may open the same file; a subscription sees the others' appends by polling.
 */
export class SqliteEventStore implements EventStore, PositionFloor {
  private readonly options: Required<SqliteEventStoreOptions>;
  private readonly db: Database.Database;
  private readonly reader: SqliteEventReader;
  private readonly writer: SqliteAppendWriter;
  private readonly appends: GroupCommitQueue<PendingAppend, AppendResult>;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private stats: CommitStats = { transactions: 0, appends: 0, events: 0 };
  private closed = false;

  /**
   * Opens the file, creating it and its directory when missing.
   * @param path a file path, or `':memory:'` for a private, non-durable store (tests).
   */
  constructor(
    readonly path: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    assertPositiveInteger('readPageSize', this.options.readPageSize);
    this.db = openEventDatabase(path, this.options.busyTimeoutMs);
    this.reader = new SqliteEventReader(this.db);
    this.writer = new SqliteAppendWriter(this.db);
    this.appends = new GroupCommitQueue((batch) => this.commitBatch(batch), this.options.maxBatchAppends);
  }

  /** Counters since this instance was opened. */
  get commitStats(): CommitStats {
    return this.stats;
  }

  /**
   * Resolves once the transaction holding these events has committed and synced.
   * @throws RangeError for an empty event list, an empty stream id or an impossible expected revision.
   */
  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expectedRevision = checkedAppend(streamId, events, options);
    return this.appends.enqueue({ streamId, events: events.map(serialize), expectedRevision });
  }

  /** See {@link PositionFloor}: the first event lands after `floor`, leaving a gap that no event fills. */
  async appendAfterPosition(
    floor: Position,
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expectedRevision = checkedAppend(streamId, events, options);
    return this.appends.enqueue({
      streamId,
      events: events.map(serialize),
      expectedRevision,
      afterPosition: sequenceOf(floor),
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    assertCount(maxCount);
    const backwards = options.direction === 'backwards';
    let revision = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    let remaining = maxCount;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.options.readPageSize, remaining);
      const rows = backwards
        ? this.reader.streamBackwards(streamId, revision, limit)
        : this.reader.streamForwards(streamId, revision, limit);
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      revision = rows[rows.length - 1][2] + (backwards ? -1 : 1);
    }
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return this.reader.streamRevision(streamId);
  }

  /** Pages through the table, so memory stays flat however many events there are. */
  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    assertCount(maxCount);
    let after = options.after ? sequenceOf(options.after) : 0;
    let remaining = maxCount;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.options.readPageSize, remaining);
      const rows: EventRow[] = this.reader.eventsAfter(after, limit);
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      after = rows[rows.length - 1][0];
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const source = {
      eventsAfter: (position: number, limit: number) => this.reader.eventsAfter(position, limit),
      unsubscribe: (subscription: SqliteSubscription) => this.subscriptions.delete(subscription),
    };
    const after = options.after ? sequenceOf(options.after) : 0;
    const subscription = new SqliteSubscription(source, after, this.options.readPageSize, this.options.pollIntervalMs);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    const head = this.reader.headPosition();
    return head === undefined ? undefined : positionOf(head);
  }

  /** Commits the appends still queued, ends every subscription, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appends.drain();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
  }

  private commitBatch(batch: readonly PendingAppend[]): Settled<AppendResult>[] {
    let outcomes: Settled<AppendResult>[];
    try {
      outcomes = this.writer.commitBatch(batch);
    } catch (error) {
      // SQLITE_FULL: the disk (or a size limit) is full. The batch was rolled back whole, so
      // nothing acknowledged is touched and the next batch simply tries again.
      if (isStorageFull(error)) throw new StorageFullError(this.path, { cause: error });
      throw error;
    }
    outcomes = outcomes.map((outcome) =>
      !outcome.ok && isStorageFull(outcome.error)
        ? { ok: false, error: new StorageFullError(this.path, { cause: outcome.error }) }
        : outcome,
    );
    let events = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.ok && !outcome.value.duplicate) events += batch[index].events.length;
    });
    this.stats = {
      transactions: this.stats.transactions + 1,
      appends: this.stats.appends + batch.length,
      events: this.stats.events + events,
    };
    if (events > 0) for (const subscription of this.subscriptions) subscription.notify();
    return outcomes;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`event store ${this.path} is closed`);
  }
}

function serialize(event: NewEvent): SerializedEvent {
  if (typeof event.eventId !== 'string' || event.eventId === '')
    throw new RangeError('event id must be a non-empty string');
  if (typeof event.type !== 'string' || event.type === '')
    throw new RangeError(`event ${event.eventId}: type must be a non-empty string`);
  return {
    eventId: event.eventId,
    type: event.type,
    data: serializeObject(event.eventId, 'data', event.data),
    metadata: serializeObject(event.eventId, 'metadata', event.metadata),
  };
}

function serializeObject(eventId: string, field: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`event ${eventId}: ${field} must be a JSON object`);
  }
  return JSON.stringify(value);
}

function assertCount(maxCount: number): void {
  if (maxCount !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`maxCount must be an integer >= 0, not ${maxCount}`);
  }
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1, not ${value}`);
}
