/**
 * The storage model behind the KurrentDB test server: one transaction log in memory, with
 * KurrentDB's rules for expected versions, idempotent appends and $all positions. Test-only.
 *
 * What it mirrors of the real server (KurrentDB `IndexWriter.CheckCommit`, `AllReader`):
 * - an append is checked against the stream's last revision; `any` and `stream_exists` are
 *   idempotent when every id is already in the stream (in any order, as the real cache lookup
 *   is), a numeric or `no_stream` expectation is idempotent when the events right after it
 *   carry the same ids; a partial match is "corrupted idempotency", answered as a wrong
 *   expected version;
 * - positions are byte offsets in the log, so they grow by each record's size and are never
 *   dense; an implicit append gives each event commit = prepare = its own offset, while an
 *   explicit transaction (what legacy TCP clients wrote) gives every event of the transaction
 *   the offset of its commit record as commit position and its own offset as prepare position;
 * - reading $all forwards from a position includes the event at that position, reading
 *   backwards excludes it, and a subscription starts strictly after it.
 */

export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  /** Ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  readonly created: bigint;
  readonly position: LogPosition;
}

export type AppendOutcome =
  | {
      readonly kind: 'written' | 'idempotent';
      readonly currentRevision: bigint;
      /** What the server reports: one log position in both fields, as KurrentDB does. */
      readonly reportedPosition: LogPosition;
    }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined };

export interface LogOptions {
  /**
   * Write appends of more than one event as explicit transactions (prepares, then a commit
   * record), so that their events have commit ≠ prepare, as in a database that holds events
   * written by legacy TCP clients. Default true: it is the case a lossless mapping must survive.
   */
  readonly multiEventAppendsAsTransactions?: boolean;
}

/** Size of a record header and of a commit record, in bytes: only their order of magnitude matters. */
const PREPARE_HEADER_BYTES = 91n;
const COMMIT_RECORD_BYTES = 47n;
const encoder = new TextEncoder();

export class InMemoryLog {
  /** Every event in $all order (by commit, then prepare position). */
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<() => void>();
  /** The writer checkpoint: where the next record goes. */
  private tail = 0n;
  private readonly transactions: boolean;

  constructor(options: LogOptions = {}) {
    this.transactions = options.multiEventAppendsAsTransactions ?? true;
  }

  get size(): number {
    return this.events.length;
  }

  /** Checks the expectation and writes, or recognises an idempotent retry, atomically. */
  append(streamId: string, expected: ExpectedState, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    const decision = checkCommit(stream, current, expected, proposed);
    if (decision.kind === 'wrong_expected_version') return { kind: 'wrong_expected_version', currentRevision: current };
    if (decision.kind === 'idempotent') {
      const last = stream[Number(decision.lastRevision)];
      return { kind: 'idempotent', currentRevision: decision.lastRevision, reportedPosition: same(last.position.prepare) };
    }
    if (proposed.length === 0) {
      return { kind: 'written', currentRevision: current ?? -1n, reportedPosition: same(this.tail) };
    }
    const written = this.write(streamId, stream, proposed);
    // KurrentDB answers an append with one log position in both fields (the commit of the
    // transaction), which is not the position of the last event when there are several.
    return { kind: 'written', currentRevision: BigInt(stream.length - 1), reportedPosition: same(written[0].position.commit) };
  }

  /** Events of one stream, or undefined when it does not exist. */
  readStream(streamId: string, from: bigint | 'start' | 'end', backwards: boolean, count: bigint): StoredEvent[] | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    const result: StoredEvent[] = [];
    if (backwards) {
      const last = BigInt(stream.length - 1);
      let revision = from === 'end' ? last : from === 'start' ? 0n : from > last ? last : from;
      for (; revision >= 0n && BigInt(result.length) < count; revision--) result.push(stream[Number(revision)]);
    } else {
      let revision = from === 'start' ? 0n : from === 'end' ? BigInt(stream.length) : from;
      for (; revision < BigInt(stream.length) && BigInt(result.length) < count; revision++) result.push(stream[Number(revision)]);
    }
    return result;
  }

  /** Events of $all that pass `filter`: forwards from `from` inclusive, backwards from it exclusive. */
  readAll(from: LogPosition | 'start' | 'end', backwards: boolean, count: bigint, filter: (event: StoredEvent) => boolean): StoredEvent[] {
    const result: StoredEvent[] = [];
    if (backwards) {
      let index = from === 'end' ? this.events.length - 1 : from === 'start' ? -1 : this.indexAtOrAfter(from) - 1;
      for (; index >= 0 && BigInt(result.length) < count; index--) {
        if (filter(this.events[index])) result.push(this.events[index]);
      }
    } else {
      let index = from === 'start' ? 0 : from === 'end' ? this.events.length : this.indexAtOrAfter(from);
      for (; index < this.events.length && BigInt(result.length) < count; index++) {
        if (filter(this.events[index])) result.push(this.events[index]);
      }
    }
    return result;
  }

  /** Index in $all order of the first event at or after `position`. */
  indexAtOrAfter(position: LogPosition): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compare(this.events[middle].position, position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index in $all order of the first event strictly after `position`. */
  indexAfter(position: LogPosition): number {
    const index = this.indexAtOrAfter(position);
    return index < this.events.length && compare(this.events[index].position, position) === 0 ? index + 1 : index;
  }

  eventAt(index: number): StoredEvent | undefined {
    return this.events[index];
  }

  /** Called after every write, synchronously; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(streamId: string, stream: StoredEvent[], proposed: readonly ProposedEvent[]): StoredEvent[] {
    const created = BigInt(Date.now()) * 10_000n;
    const prepares = proposed.map((event) => {
      const prepare = this.tail;
      this.tail += recordSize(streamId, event);
      return prepare;
    });
    const explicit = this.transactions && proposed.length > 1;
    const commitRecord = this.tail;
    if (explicit) this.tail += COMMIT_RECORD_BYTES;
    const written = proposed.map(
      (event, offset): StoredEvent => ({
        ...event,
        streamId,
        revision: BigInt(stream.length + offset),
        created,
        position: { commit: explicit ? commitRecord : prepares[offset], prepare: prepares[offset] },
      }),
    );
    stream.push(...written);
    this.streams.set(streamId, stream);
    this.events.push(...written);
    for (const listener of [...this.listeners]) listener();
    return written;
  }
}

type CommitDecision = { kind: 'ok' } | { kind: 'wrong_expected_version' } | { kind: 'idempotent'; lastRevision: bigint };

/** KurrentDB's `IndexWriter.CheckCommit`, minus deleted streams (the ledger never deletes). */
function checkCommit(
  stream: readonly StoredEvent[],
  current: bigint | undefined,
  expected: ExpectedState,
  proposed: readonly ProposedEvent[],
): CommitDecision {
  const currentVersion = current ?? -1n;
  if (expected.kind === 'stream_exists' && current === undefined) return { kind: 'wrong_expected_version' };
  if (expected.kind === 'any' || expected.kind === 'stream_exists') {
    // The real server looks each id up in a cache of committed events: the ids must all be in
    // this stream, but their order and adjacency are not checked.
    let last: bigint | undefined;
    for (const [index, event] of proposed.entries()) {
      const stored = stream.find((candidate) => candidate.eventId === event.eventId);
      if (!stored) return index === 0 ? { kind: 'ok' } : { kind: 'wrong_expected_version' /* corrupted idempotency */ };
      last = stored.revision;
    }
    return last === undefined ? { kind: 'ok' } : { kind: 'idempotent', lastRevision: last };
  }
  const expectedVersion = expected.kind === 'no_stream' ? -1n : expected.revision;
  if (expectedVersion < currentVersion) {
    let revision = expectedVersion;
    for (const event of proposed) {
      revision += 1n;
      const stored = stream[Number(revision)];
      if (stored && stored.eventId === event.eventId) continue;
      // A first mismatch is a plain conflict; a later one is corrupted idempotency. Both are
      // answered as a wrong expected version.
      return { kind: 'wrong_expected_version' };
    }
    return revision === expectedVersion ? { kind: 'wrong_expected_version' } : { kind: 'idempotent', lastRevision: revision };
  }
  if (expectedVersion > currentVersion) return { kind: 'wrong_expected_version' };
  return { kind: 'ok' };
}

function recordSize(streamId: string, event: ProposedEvent): bigint {
  const variable = encoder.encode(streamId).length + encoder.encode(event.type).length + event.data.length + event.metadata.length;
  return PREPARE_HEADER_BYTES + BigInt(variable) + 32n /* event id and correlation id */;
}

function same(position: bigint): LogPosition {
  return { commit: position, prepare: position };
}

export function compare(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
