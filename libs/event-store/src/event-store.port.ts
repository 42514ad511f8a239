/**
 * The event-store port: everything the ledger needs from a store of immutable events.
 * Adapters: embedded SQLite (`./sqlite`) and KurrentDB (`./kurrentdb`). Both run the one
 * contract suite in `./testing/event-store.contract.ts`.
 */

/** Dependency-injection token under which the configured adapter is provided. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** A JSON object as stored; the store never interprets it. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * A position in the store's global order. SQLite uses one sequence number for both parts;
 * KurrentDB has a commit and a prepare position, kept both so that the mapping is lossless.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/**
 * An event about to be appended. `eventId` makes a retried append idempotent (see
 * {@link EventStore.appendToStream} for how far, per expected revision); a new event needs a
 * new id.
 */
export interface NewEvent {
  /**
   * A UUID: KurrentDB accepts nothing else. Unique within its stream, not across the store: an
   * id stored in another stream names another event, so it is appended as a new event of this
   * stream, and is never taken for a retry nor refused. KurrentDB's idempotency checks compare
   * ids within the stream only (`IndexWriter.CheckCommit`, kurrent-io/KurrentDB
   * `src/KurrentDB.Core/Services/Storage/ReaderIndex/IndexWriter.cs:210-211, 269-273` at
   * 44996ed05), and it keeps no index that could refuse one store-wide; SQLite follows suit.
   */
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** An event as stored. `revision` counts from 0 within the stream. */
export interface RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * `event.metadata[key]` when it is a string. A store that keeps an event's metadata as JSON text
 * until it is read (SQLite) answers from the text where it can, without parsing it: a reader
 * that judges every event by one member (a projector partition, by its agency) and decodes only
 * the few it keeps pays for the few.
 */
export function metadataString(event: RecordedEvent, key: string): string | undefined {
  const fromText = (event as { metadataString?: (key: string) => string | undefined }).metadataString;
  if (fromText) return fromText.call(event, key);
  const value = event.metadata[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * What the caller believes about the stream before appending:
 * `'no_stream'` it must not exist, `'stream_exists'` it must, `'any'` no check,
 * a number: its last event has exactly this revision.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream (pass it as the next expected revision). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written (or found, for an idempotent retry). */
  readonly position: Position;
  /**
   * True when the store knows this call wrote nothing because every event was already stored.
   * False when it wrote them, and also when a retry was answered like the original write and
   * the store cannot tell the two apart (KurrentDB answers its own idempotent appends with the
   * original revision and position): nothing is stored twice either way, and the revision and
   * position are the original's.
   */
  readonly duplicate: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start revision; defaults to the first (forwards) or last (backwards) event. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the very start. */
  readonly after?: Position;
  readonly maxCount?: number;
}

export interface ReadAllAheadOptions extends ReadAllOptions {
  /** Inclusive end: no event after this position (a head taken before the read, say). */
  readonly through?: Position;
}

/**
 * A store that can read a long stretch of the global order on another thread, ahead of its
 * consumer, whose thread then only builds the events and folds them: SQLite in a file (see
 * `SqliteEventStore.readAllAhead`). It yields what `readAll` with the same `after` and
 * `maxCount` yields, stopped after `through`: the same events in the same order, with the same
 * positions, streams, revisions, data and metadata. The store decides whether a range is long
 * enough to pay for a thread, and reads a short one as `readAll` does.
 */
export interface ReadAhead {
  readAllAhead(options?: ReadAllAheadOptions): AsyncIterable<RecordedEvent>;
}

export function hasReadAhead<S extends object>(store: S): store is S & ReadAhead {
  return typeof (store as Partial<ReadAhead>).readAllAhead === 'function';
}

/**
 * `readAll(options)`, read ahead on another thread up to `through` (inclusive) where the store
 * can ({@link ReadAhead}): for long reads bounded by a head taken first (a rebuild, a replay of
 * the figures). A store that cannot read ahead reads on past `through` as `readAll` does, and
 * the caller stops at it, as it did before: no wrapper stands between it and `readAll`.
 */
export function readAllAheadThrough(
  store: Pick<EventStore, 'readAll'>,
  through: Position,
  options: ReadAllOptions = {},
): AsyncIterable<RecordedEvent> {
  return hasReadAhead(store) ? store.readAllAhead({ ...options, through }) : store.readAll(options);
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after it. Omitted: from the start. */
  readonly after?: Position;
}

/** A catch-up-then-live subscription to all events. Iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically; resolves only once the events are durable. Rejects with
   * {@link WrongExpectedRevisionError}, or RangeError when `events` is empty or
   * `expectedRevision` cannot match anything (see {@link assertValidExpectedRevision}).
   *
   * A retry is recognised by its event ids, as strongly as the expected revision allows:
   * - a revision number or `'no_stream'`: when the events right after that revision carry the
   *   same ids in the same order, it resolves with the stored revision and position and
   *   stores nothing, however long ago the original was written and whatever was appended
   *   since. When only some of them match, or in another order, it rejects with
   *   {@link EventIdConflictError} and stores nothing. Use these for anything a caller may retry.
   * - `'any'` or `'stream_exists'`: recognised as long as the store remembers the ids; KurrentDB
   *   keeps them in a bounded cache on the leader, emptied by a restart or an election, so a
   *   later retry may store the events again. An append whose first id is stored and a later
   *   one is not rejects with {@link EventIdConflictError}; the order is not checked.
   * A new append must use new ids: an id stored earlier in the stream, sent as a new event,
   * is refused by SQLite and stored again by KurrentDB. An id stored in another stream counts
   * as new here (see {@link NewEvent.eventId}), under every expected revision.
   *
   * When the store cannot tell whether an append was written (KurrentDB's commit timeout, a
   * connection lost mid-call), the adapter finds out itself before answering; if it cannot,
   * it rejects with an error saying so (KurrentDB: `AppendOutcomeUnknownError`). Retrying with
   * the same ids and expected revision is then safe.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Reads one stream; an unknown stream yields nothing (check {@link streamRevision} to tell it apart). */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Current revision of a stream, or `undefined` when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  /** Reads every event in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catches up from a checkpoint, then delivers new events as they are appended. */
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the store, or undefined when it is empty. */
  headPosition(): Promise<Position | undefined>;
  close(): Promise<void>;
}

/**
 * A store that can be told where its positions must resume: after a loss was accepted
 * (`ledger recover --accept-loss`), the next event must take a position beyond every one
 * acknowledged before, although the store itself no longer holds them. SQLite positions are
 * rowids, which a restored or recreated file would hand out again.
 */
export interface PositionFloor {
  /**
   * Appends like {@link EventStore.appendToStream}, the first event at a position strictly after
   * `floor` (and after the store's head), so that every later event follows it.
   */
  appendAfterPosition(
    floor: Position,
    streamId: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
}

export function hasPositionFloor(store: EventStore): store is EventStore & PositionFloor {
  return typeof (store as Partial<PositionFloor>).appendAfterPosition === 'function';
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | undefined,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An append reused event ids stored in its stream, but not as a retry of one earlier append (another place or order). */
export class EventIdConflictError extends Error {
  readonly code = 'STORE.EVENT_ID_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(
      `event ${eventId} is reused in ${streamId} (stored there already, or twice in this append) and is no retry of one earlier append; nothing was appended`,
    );
    this.name = 'EventIdConflictError';
  }
}

/**
 * A read or subscription started from a position this store never gave out: a checkpoint
 * carried over from another store (SQLite positions on KurrentDB after `migrate-store`, say).
 * Retrying cannot help; the checkpoint must be reset.
 */
export class InvalidPositionError extends Error {
  readonly code = 'STORE.INVALID_POSITION';
  constructor(
    readonly position: string,
    where: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${where} refused position ${position}: it is not an event's position in this store. ` +
        'A checkpoint carried over from another store (after migrate-store, say) must be reset: rebuild the projection or index.',
      options,
    );
    this.name = 'InvalidPositionError';
  }
}

/**
 * The one check of an expected revision's shape, for every adapter: rejects values the type
 * allows but that can never match, such as -1 or 1.5.
 */
export function assertValidExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(
      `expected revision must be 'any', 'no_stream', 'stream_exists' or a revision >= 0, not ${String(expected)}`,
    );
  }
}

/**
 * The checks every adapter makes of an append's arguments before it touches its store: a
 * non-empty stream id, at least one event, an expected revision that can match. Returns the
 * expected revision (`'any'` when none is given).
 * @throws RangeError naming what is wrong.
 */
export function checkedAppend(
  streamId: string,
  events: readonly NewEvent[],
  options: { expectedRevision?: ExpectedRevision },
): ExpectedRevision {
  if (typeof streamId !== 'string' || streamId === '') throw new RangeError('stream id must be a non-empty string');
  if (events.length === 0) throw new RangeError(`no events to append to ${streamId}`);
  const expectedRevision = options.expectedRevision ?? 'any';
  assertValidExpectedRevision(expectedRevision);
  return expectedRevision;
}

export function positionToString(p: Position): string {
  return p.commit === p.prepare ? p.commit.toString() : `${p.commit}/${p.prepare}`;
}

export function parsePosition(text: string): Position {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a position: ${text}`);
  const commit = BigInt(m[1]);
  return { commit, prepare: m[2] === undefined ? commit : BigInt(m[2]) };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
