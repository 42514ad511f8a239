import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type PositionFloor,
  type ReadAhead,
  type ReadAllAheadOptions,
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
import { readAhead } from './sqlite-read-ahead';
import type { ReadAheadThreadHandle } from './read-ahead-thread-handle';
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
  /**
   * `readAllAhead` reads on another thread only a range of at least this many positions
   * (default 100,000; `Infinity`: never): below, starting the thread costs more than it saves.
   */
  readonly readAheadFromEvents?: number;
  /**
   * Rows per batch the reading thread hands over (default 1,024). A batch's array of texts must
   * stay a young object (V8 puts arrays over 128 KB straight into the old generation, which then
   * keeps every string of the batch alive until a full collection): 1,024 rows are 4,096 texts,
   * 32 KB.
   */
  readonly readAheadBatchRows?: number;
  /** Batches the reading thread may read ahead of the consumer (default 4); bounds memory. */
  readonly readAheadBatches?: number;
  /**
   * Positions at the start of the range that `readAllAhead` reads on the calling thread while
   * the reading thread starts (default 50,000): about the events a rebuild folds meanwhile under
   * the TypeScript compiler (a quarter of a second), some 60 ms more work for this thread where
   * the thread starts in 40 ms (compiled JavaScript).
   */
  readonly readAheadHeadStart?: number;
  /**
   * Fewer cores than this for the process while a read is ahead on a thread (measured every 32
   * batches): the thread is stopped and the rest read on the calling thread (default 1.25). A
   * rebuild with a core for each thread uses 1.45-1.65 (the reading thread waits for the folding
   * one); sharing one core, the two are slower than one thread alone.
   */
  readonly readAheadMinCores?: number;
  /**
   * Fewer idle cores than this on the machine while `readAllAhead` reads its first 100 ms on the
   * calling thread: no thread is started (default 0.5; 0: the thread is started at once).
   */
  readonly readAheadMinIdleCores?: number;
}

/** Counters of `readAllAhead`'s reading threads, for tests and metrics. */
export interface ReadAheadStats {
  /** Threads started since this instance was opened (a read short enough to stay on this thread starts none). */
  readonly started: number;
  /** Threads running now: reads under way, or ended without their thread having stopped yet. */
  readonly running: number;
  /** Reads whose thread was stopped for want of a core of its own, the rest read on the calling thread. */
  readonly handedBack: number;
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
  readAheadFromEvents: 100_000,
  readAheadBatchRows: 1_024,
  readAheadBatches: 4,
  readAheadHeadStart: 50_000,
  readAheadMinCores: 1.25,
  readAheadMinIdleCores: 0.5,
};

/** Batches between two looks at the cores the process gets while reading ahead (32,768 rows by default). */
const CHECK_CORES_EVERY_BATCHES = 32;
/** How long `readAllAhead` reads on the calling thread first, counting the machine's idle cores. */
const PROBE_MS = 100;

/**
 * The event store in one SQLite file. Appends are group-committed: those issued while a
 * commit is pending share one durable transaction, each checked on its own. Several processes
 * may open the same file; a subscription sees the others' appends by polling.
 */
export class SqliteEventStore implements EventStore, PositionFloor, ReadAhead {
  private readonly options: Required<SqliteEventStoreOptions>;
  private readonly db: Database.Database;
  private readonly reader: SqliteEventReader;
  private readonly writer: SqliteAppendWriter;
  private readonly appends: GroupCommitQueue<PendingAppend, AppendResult>;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly readAheadThreads = new Set<ReadAheadThreadHandle>();
  private readAheadsStarted = 0;
  private readAheadsHandedBack = 0;
  /** The file this instance opened (undefined in memory): a reading thread must open that one. */
  private readonly file?: FileIdentity;
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
    assertPositiveInteger('readAheadBatchRows', this.options.readAheadBatchRows);
    assertPositiveInteger('readAheadBatches', this.options.readAheadBatches);
    if (!Number.isSafeInteger(this.options.readAheadHeadStart) || this.options.readAheadHeadStart < 0)
      throw new RangeError(`readAheadHeadStart must be an integer >= 0, not ${this.options.readAheadHeadStart}`);
    this.db = openEventDatabase(path, this.options.busyTimeoutMs);
    this.file = path === ':memory:' || path === '' ? undefined : fileIdentity(path);
    this.reader = new SqliteEventReader(this.db);
    this.writer = new SqliteAppendWriter(this.db);
    this.appends = new GroupCommitQueue((batch) => this.commitBatch(batch), this.options.maxBatchAppends);
  }

  /** Counters since this instance was opened. */
  get commitStats(): CommitStats {
    return this.stats;
  }

  get readAheadStats(): ReadAheadStats {
    return {
      started: this.readAheadsStarted,
      running: this.readAheadThreads.size,
      handedBack: this.readAheadsHandedBack,
    };
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
  readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    return this.pagesThrough(options, Number.MAX_SAFE_INTEGER);
  }

  /** `readAll` on this thread, ended after the sequence number `through`. */
  private async *pagesThrough(
    options: ReadAllOptions,
    through: number,
  ): AsyncGenerator<RecordedEvent, void, undefined> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    assertCount(maxCount);
    let after = options.after ? sequenceOf(options.after) : 0;
    let remaining = maxCount;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.options.readPageSize, remaining);
      const rows: EventRow[] = this.reader.eventsAfter(after, limit);
      for (const row of rows) {
        if (row[0] > through) return;
        yield toRecordedEvent(row);
      }
      if (rows.length < limit) return;
      remaining -= rows.length;
      after = rows[rows.length - 1][0];
    }
  }

  /**
   * What {@link readAll} yields (stopped after `through`), the rows read on another thread that
   * opens this file itself, read-only, and hands them over in batches a few ahead of the
   * consumer: this thread builds the events (data and metadata still text until read) and the
   * consumer folds them, so a long read uses a second core. A range shorter than
   * `readAheadFromEvents` positions, a machine of one core, a store in memory, or a file no
   * longer the one this store opened (removed or replaced since: this connection still reads the
   * old one) is read here, as `readAll` reads.
   *
   * A second thread pays only with a core of its own: this one reads the first 100 ms itself,
   * counting the machine's free cores, and starts no thread with fewer than
   * `readAheadMinIdleCores`; then the next `readAheadHeadStart` positions while the other one
   * starts. A thread that cannot open the file (removed after the check above), or that stops
   * getting a core of its own (`readAheadMinCores`), leaves the rest of the range to this thread.
   *
   * Like `readAll`, each batch is its own read transaction, from the position after the last row
   * of the batch before: every event up to a head taken before the read is read, exactly once and
   * in order. Without `through`, the read ends at the first short batch, as `readAll`
   * ends at its first short page; reading ahead, that batch may be read sooner than `readAll`
   * would have read it, so events appended during such a read may be left out where `readAll`
   * would have included them (never one at or before the head when the read began).
   */
  readAllAhead(options: ReadAllAheadOptions = {}): AsyncIterable<RecordedEvent> {
    return { [Symbol.asyncIterator]: () => this.readAheadIterator(options) };
  }

  private readAheadIterator(options: ReadAllAheadOptions): AsyncIterator<RecordedEvent> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    assertCount(maxCount);
    this.assertOpen();
    const after = options.after ? sequenceOf(options.after) : 0;
    const through = options.through ? sequenceOf(options.through) : Number.MAX_SAFE_INTEGER;
    const end = Math.min(through, this.reader.headPosition() ?? 0);
    const span = Math.min(maxCount, end - after);
    if (!this.readsAheadOnThread(span)) return this.pagesThrough(options, through);
    return readAhead(
      // `end`: never beyond the head, so that the events read here before the thread's range all exist already.
      { after, through, end, maxCount },
      {
        path: this.path,
        busyTimeoutMs: this.options.busyTimeoutMs,
        batchRows: this.options.readAheadBatchRows,
        batchesAhead: this.options.readAheadBatches,
      },
      {
        assertOpen: () => this.assertOpen(),
        track: (thread) => {
          this.readAheadsStarted++;
          this.readAheadThreads.add(thread);
          return () => this.readAheadThreads.delete(thread);
        },
        rowsAfter: (from, limit) => {
          this.assertOpen();
          return this.reader.eventsAfter(from, limit);
        },
        pageSize: this.options.readPageSize,
        handedBack: () => this.readAheadsHandedBack++,
      },
      {
        minIdleCores: this.options.readAheadMinIdleCores,
        probeMs: PROBE_MS,
        headStart: this.options.readAheadHeadStart,
        minCores: this.options.readAheadMinCores,
        checkEveryBatches: CHECK_CORES_EVERY_BATCHES,
      },
    );
  }

  /**
   * A thread pays for a long range only, on a machine with a core to spare for it, and only
   * where it opens the very file this store reads (the store in memory has none).
   */
  private readsAheadOnThread(span: number): boolean {
    return (
      span >= this.options.readAheadFromEvents &&
      availableParallelism() > 1 &&
      this.file !== undefined &&
      sameFile(this.path, this.file)
    );
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
    await Promise.all([...this.readAheadThreads].map((thread) => thread.stop()));
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

interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

function fileIdentity(path: string): FileIdentity | undefined {
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return undefined;
  }
}

function sameFile(path: string, opened: FileIdentity): boolean {
  const now = fileIdentity(path);
  return now !== undefined && now.dev === opened.dev && now.ino === opened.ino;
}

function assertCount(maxCount: number): void {
  if (maxCount !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`maxCount must be an integer >= 0, not ${maxCount}`);
  }
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1, not ${value}`);
}
