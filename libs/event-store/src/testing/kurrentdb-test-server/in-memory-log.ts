/**
 * The storage model behind the KurrentDB test server: one transaction log in memory, with
 * KurrentDB's rules for expected versions, idempotent appends and $all positions. Test-only.
 *
 * Cited from kurrent-io/KurrentDB at 44996ed05 (HEAD when written) unless a tag is named:
 * - an append is checked against the stream's last revision (`IndexWriter.cs:163-325`,
 *   `CheckCommit`). A numeric or `no_stream` expectation is idempotent when the events right
 *   after it carry the same ids, looked up in the index (`:260-321`, "strong idempotency");
 *   `any` and `stream_exists` are idempotent only when every id is in the node's bounded
 *   cache of recently committed events (`:198-255`, "weak idempotency checks … check recently
 *   written events only"; the cache is `_committedEvents`, `:75`, capped at
 *   `ESConsts.CommittedEventsMemCacheLimit` = 8 MiB, `ESConsts.cs:13`), in any order. That
 *   cache lives in the node's memory: a restart or a leader election empties it. A partial
 *   match is "corrupted idempotency", answered as a wrong expected version
 *   (`StorageWriterService.cs:784-788`);
 * - an idempotent append whose original is written but not yet committed is
 *   `IdempotentNotReady`: the server drops it without answering (`StorageWriterService.cs:790-798`),
 *   so the client sees a timeout;
 * - positions are byte offsets in the log, growing by each record's size, never dense. gRPC
 *   appends are implicit transactions (`PrepareFlags.IsCommitted`, `StorageWriterService.cs:378-399`):
 *   each event has commit = prepare = its own offset, and the append is answered with the
 *   last prepare's position in both fields (`RequestManagerBase.cs:131-139`, `WriteEvents.cs:85-91`:
 *   "not technically correct, but matches current behavior"). An idempotent append is answered
 *   with the position of the last event it matched (`IndexWriter.cs:243-254`); servers up to
 *   21.10 answered it with no position (-1, `Streams.Append.cs:125-126`);
 * - explicit transactions (legacy TCP clients only) give every event of the transaction the
 *   offset of its commit record as commit position: {@link InMemoryLog.appendLegacyTransaction};
 * - `$tb` (truncate before, what `$maxCount` and soft delete amount to) hides the events before
 *   it from reads; revisions go on from where they were. A soft-deleted stream reads as not
 *   found and is re-created by an append expecting `no_stream` or `any`, from the next
 *   revision (`IndexWriter.cs:298-303`);
 * - reading $all forwards from a position includes the event at that position, reading
 *   backwards excludes it, and a subscription starts strictly after it. A position that is not
 *   a record boundary, or past the end of the log, is invalid (`StorageReaderWorker.All.cs:44-47`).
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

export interface AppendSuccess {
  readonly kind: 'written' | 'idempotent';
  readonly currentRevision: bigint;
  /** What the server reports: one log position in both fields, as KurrentDB does. */
  readonly reportedPosition: LogPosition;
}

export type AppendOutcome =
  | AppendSuccess
  /** The original is written but not committed yet: the server answers nothing. */
  | { readonly kind: 'idempotent_not_ready' }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined };

export interface LogOptions {
  /** Event ids the leader remembers for `any` / `stream_exists` idempotency (default 100,000, about what 8 MiB holds). */
  readonly recentEventIds?: number;
}

/** Size of a record header and of a commit record, in bytes: only their order of magnitude matters. */
const PREPARE_HEADER_BYTES = 91n;
const COMMIT_RECORD_BYTES = 47n;
const encoder = new TextEncoder();

interface Stream {
  readonly events: StoredEvent[];
  /** Revision of the first event reads show (`$tb`); `softDeleted` hides them all. */
  truncateBefore: bigint;
  softDeleted: boolean;
}

/** A write whose prepares are on disk but not committed: reserved revisions, invisible to reads. */
interface PendingWrite {
  readonly streamId: string;
  readonly firstRevision: bigint;
  readonly events: readonly ProposedEvent[];
}

export class InMemoryLog {
  /** Every event in $all order (by commit, then prepare position). */
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, Stream>();
  private readonly listeners = new Set<() => void>();
  /** The leader's `_committedEvents`: id → where it was written, oldest first. */
  private readonly recentIds = new Map<string, { streamId: string; revision: bigint }>();
  private readonly pending = new Set<PendingWrite>();
  /** Every record boundary, for telling a valid position from an invalid one. */
  private readonly boundaries = new Set<bigint>([0n]);
  /** The writer checkpoint: where the next record goes. */
  private tail = 0n;
  private readonly recentCapacity: number;

  constructor(options: LogOptions = {}) {
    this.recentCapacity = options.recentEventIds ?? 100_000;
  }

  get size(): number {
    return this.events.length;
  }

  /** Checks the expectation and writes, or recognises an idempotent retry, atomically. */
  append(streamId: string, expected: ExpectedState, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.stream(streamId);
    const decision = this.checkCommit(streamId, stream, expected, proposed);
    if (decision.kind !== 'ok') return decision;
    const current = this.writerVersion(streamId, stream);
    if (proposed.length === 0) return { kind: 'written', currentRevision: current, reportedPosition: same(this.tail) };
    const written = this.write(streamId, stream, proposed, current + 1n);
    return {
      kind: 'written',
      currentRevision: current + BigInt(proposed.length),
      reportedPosition: same(written[written.length - 1].position.prepare),
    };
  }

  /**
   * Checks like {@link append}, then reserves the revisions without making the events
   * visible, as a write whose prepares are on disk while replication or indexing lags.
   * `commit()` makes them visible (at the end of the log: a simplification, the real log would
   * hold everything written after them back too).
   */
  appendPending(
    streamId: string,
    expected: ExpectedState,
    proposed: readonly ProposedEvent[],
  ): { outcome: AppendOutcome; commit: () => void } {
    const stream = this.stream(streamId);
    const decision = this.checkCommit(streamId, stream, expected, proposed);
    if (decision.kind !== 'ok' || proposed.length === 0)
      return {
        outcome: decision.kind === 'ok' ? this.append(streamId, expected, proposed) : decision,
        commit: () => undefined,
      };
    const pending: PendingWrite = {
      streamId,
      firstRevision: this.writerVersion(streamId, stream) + 1n,
      events: proposed,
    };
    this.pending.add(pending);
    const commit = (): void => {
      if (!this.pending.delete(pending)) return;
      this.write(streamId, stream, proposed, pending.firstRevision);
    };
    return {
      outcome: {
        kind: 'written',
        currentRevision: pending.firstRevision + BigInt(proposed.length) - 1n,
        reportedPosition: same(-1n),
      },
      commit,
    };
  }

  /** Writes events as a legacy TCP client's explicit transaction: commit position of the commit record, prepare their own. */
  appendLegacyTransaction(streamId: string, proposed: readonly ProposedEvent[]): StoredEvent[] {
    const stream = this.stream(streamId);
    return this.write(streamId, stream, proposed, this.writerVersion(streamId, stream) + 1n, true);
  }

  /** Sets `$tb`: reads of the stream start at `revision`. `$maxCount` has the same effect as the stream grows. */
  truncateBefore(streamId: string, revision: bigint): void {
    const stream = this.stream(streamId);
    stream.truncateBefore = revision;
  }

  /** Soft delete: `$tb` past the last event; the stream reads as not found until appended to again. */
  softDelete(streamId: string): void {
    const stream = this.stream(streamId);
    stream.truncateBefore = BigInt(stream.events.length);
    stream.softDeleted = true;
  }

  /** A restart or an election: the new leader's cache of recent event ids starts empty. */
  forgetRecentEventIds(): void {
    this.recentIds.clear();
  }

  /** Events of one stream, or undefined when it does not exist (or is soft-deleted). */
  readStream(
    streamId: string,
    from: bigint | 'start' | 'end',
    backwards: boolean,
    count: bigint,
  ): StoredEvent[] | undefined {
    const stream = this.streams.get(streamId);
    if (!stream || stream.events.length === 0 || stream.softDeleted) return undefined;
    const events = stream.events;
    const first = stream.truncateBefore;
    const last = BigInt(events.length - 1);
    const result: StoredEvent[] = [];
    if (backwards) {
      let revision = from === 'end' ? last : from === 'start' ? first : from > last ? last : from;
      for (; revision >= first && BigInt(result.length) < count; revision--) result.push(events[Number(revision)]);
    } else {
      let revision = from === 'start' ? first : from === 'end' ? last + 1n : from < first ? first : from;
      for (; revision <= last && BigInt(result.length) < count; revision++) result.push(events[Number(revision)]);
    }
    return result;
  }

  /** Events of $all that pass `filter`: forwards from `from` inclusive, backwards from it exclusive. */
  readAll(
    from: LogPosition | 'start' | 'end',
    backwards: boolean,
    count: bigint,
    filter: (event: StoredEvent) => boolean,
  ): StoredEvent[] {
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

  /**
   * Whether reading can start at this position: a record boundary not past the writer
   * checkpoint. The server answers anything else with "Trying to read from an invalid position."
   */
  isValidPosition(position: LogPosition): boolean {
    return (
      position.prepare <= this.tail &&
      position.commit <= this.tail &&
      this.boundaries.has(position.prepare) &&
      this.boundaries.has(position.commit)
    );
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

  private stream(streamId: string): Stream {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { events: [], truncateBefore: 0n, softDeleted: false };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  /** The writer's idea of the stream's last revision: committed events and pending ones. -1: none. */
  private writerVersion(streamId: string, stream: Stream): bigint {
    let version = BigInt(stream.events.length - 1);
    for (const write of this.pending) {
      if (write.streamId === streamId) version = write.firstRevision + BigInt(write.events.length) - 1n;
    }
    return version;
  }

  private pendingEventAt(streamId: string, revision: bigint): ProposedEvent | undefined {
    for (const write of this.pending) {
      if (write.streamId !== streamId) continue;
      const offset = revision - write.firstRevision;
      if (offset >= 0n && offset < BigInt(write.events.length)) return write.events[Number(offset)];
    }
    return undefined;
  }

  private write(
    streamId: string,
    stream: Stream,
    proposed: readonly ProposedEvent[],
    firstRevision: bigint,
    explicit = false,
  ): StoredEvent[] {
    if (firstRevision !== BigInt(stream.events.length)) {
      throw new Error(
        `test server: stream ${streamId} has a pending write; it does not model writes queued behind one`,
      );
    }
    const created = BigInt(Date.now()) * 10_000n;
    const prepares = proposed.map((event) => {
      const prepare = this.tail;
      this.tail += recordSize(streamId, event);
      this.boundaries.add(this.tail);
      return prepare;
    });
    const commitRecord = this.tail;
    if (explicit) {
      this.tail += COMMIT_RECORD_BYTES;
      this.boundaries.add(this.tail);
    }
    const written = proposed.map((event, offset): StoredEvent => ({
      ...event,
      streamId,
      revision: firstRevision + BigInt(offset),
      created,
      position: { commit: explicit ? commitRecord : prepares[offset], prepare: prepares[offset] },
    }));
    stream.events.push(...written);
    // Appending to a soft-deleted stream re-creates it; the events before stay hidden.
    stream.softDeleted = false;
    this.events.push(...written);
    for (const event of written) this.remember(event);
    for (const listener of [...this.listeners]) listener();
    return written;
  }

  private remember(event: StoredEvent): void {
    this.recentIds.delete(event.eventId);
    this.recentIds.set(event.eventId, { streamId: event.streamId, revision: event.revision });
    if (this.recentIds.size > this.recentCapacity) this.recentIds.delete(this.recentIds.keys().next().value as string);
  }

  /** KurrentDB's `IndexWriter.CheckCommit` (`IndexWriter.cs:163-325`), minus hard deletes (the ledger never tombstones). */
  private checkCommit(
    streamId: string,
    stream: Stream,
    expected: ExpectedState,
    proposed: readonly ProposedEvent[],
  ): { kind: 'ok' } | Exclude<AppendOutcome, { kind: 'written' }> {
    const current = this.writerVersion(streamId, stream);
    const refused = { kind: 'wrong_expected_version' as const, currentRevision: current < 0n ? undefined : current };
    if (expected.kind === 'stream_exists' && (current < 0n || stream.softDeleted)) return refused;
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      let last: bigint | undefined;
      for (const [index, event] of proposed.entries()) {
        const recent = this.recentIds.get(event.eventId);
        const pending = this.pendingIdRevision(streamId, event.eventId);
        if (pending !== undefined) return { kind: 'idempotent_not_ready' };
        if (!recent || recent.streamId !== streamId)
          return index === 0 ? { kind: 'ok' } : refused; /* corrupted idempotency */
        last = recent.revision;
      }
      return last === undefined ? { kind: 'ok' } : this.idempotent(stream, last);
    }
    const expectedVersion = expected.kind === 'no_stream' ? -1n : expected.revision;
    if (expected.kind === 'no_stream' && stream.softDeleted && current >= 0n) {
      // Expecting no stream covers a soft-deleted one (`IndexWriter.cs:298-303`).
      return this.strongCheck(streamId, stream, expectedVersion, current, proposed, true);
    }
    if (expectedVersion < current) return this.strongCheck(streamId, stream, expectedVersion, current, proposed, false);
    if (expectedVersion > current) return refused;
    return { kind: 'ok' };
  }

  private strongCheck(
    streamId: string,
    stream: Stream,
    expectedVersion: bigint,
    current: bigint,
    proposed: readonly ProposedEvent[],
    softDeleted: boolean,
  ): { kind: 'ok' } | Exclude<AppendOutcome, { kind: 'written' }> {
    let revision = expectedVersion;
    let notReady = false;
    for (const [index, event] of proposed.entries()) {
      revision += 1n;
      const stored = stream.events[Number(revision)];
      if (stored && stored.eventId === event.eventId) continue;
      if (this.pendingEventAt(streamId, revision)?.eventId === event.eventId) {
        notReady = true;
        continue;
      }
      if (index === 0 && softDeleted) return { kind: 'ok' };
      // A first mismatch is a plain conflict; a later one is corrupted idempotency. Both are
      // answered as a wrong expected version.
      return { kind: 'wrong_expected_version', currentRevision: current < 0n ? undefined : current };
    }
    if (proposed.length === 0) return { kind: 'wrong_expected_version', currentRevision: current };
    return notReady ? { kind: 'idempotent_not_ready' } : this.idempotent(stream, revision);
  }

  private idempotent(stream: Stream, lastRevision: bigint): AppendSuccess {
    const last = stream.events[Number(lastRevision)];
    return { kind: 'idempotent', currentRevision: lastRevision, reportedPosition: same(last.position.prepare) };
  }

  private pendingIdRevision(streamId: string, eventId: string): bigint | undefined {
    for (const write of this.pending) {
      if (write.streamId !== streamId) continue;
      const offset = write.events.findIndex((event) => event.eventId === eventId);
      if (offset >= 0) return write.firstRevision + BigInt(offset);
    }
    return undefined;
  }
}

function recordSize(streamId: string, event: ProposedEvent): bigint {
  const variable =
    encoder.encode(streamId).length + encoder.encode(event.type).length + event.data.length + event.metadata.length;
  return PREPARE_HEADER_BYTES + BigInt(variable) + 32n; /* event id and correlation id */
}

function same(position: bigint): LogPosition {
  return { commit: position, prepare: position };
}

export function compare(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
