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

/** An event about to be appended. `eventId` makes appends idempotent: retrying with the same ids stores nothing new. */
export interface NewEvent {
  /** A UUID: KurrentDB accepts nothing else, and the SQLite adapter keeps ids unique across the store. */
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
  /** True when every event id was already stored: nothing new was written. */
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
   * {@link WrongExpectedRevisionError}, or RangeError when `events` is empty.
   * A retry is recognised by event ids: when every id is already stored in this stream,
   * consecutively and in the same order, it resolves with `duplicate: true` and the stored
   * revision and position, whatever `expectedRevision` says. When only some ids are stored,
   * or in another order, it rejects with {@link EventIdConflictError} and stores nothing.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
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

export class WrongExpectedRevisionError extends Error {
  readonly code = 'STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | undefined,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An append reused event ids that are stored with different content or in another place. */
export class EventIdConflictError extends Error {
  readonly code = 'STORE.EVENT_ID_CONFLICT';
  constructor(readonly streamId: string, readonly eventId: string) {
    super(`event ${eventId} is already stored elsewhere or differently; not appended to ${streamId}`);
    this.name = 'EventIdConflictError';
  }
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
