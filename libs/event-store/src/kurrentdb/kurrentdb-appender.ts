import type {
  AppendResult as ClientAppendResult,
  EventData,
  KurrentDBClient,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  type AppendResult,
  EventIdConflictError,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadStreamOptions,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { toActualRevision, toPosition, toRevision, toStreamState } from './event-mapping';
import { AppendOutcomeUnknownError, appendFailureKind } from './kurrentdb-errors';

export interface AppendPolicy {
  /** Sends in all, first included, when the server declined an append or its outcome stayed unknown. */
  readonly attempts: number;
  /**
   * How long the stream is watched for an append whose outcome is unknown before it is sent
   * again. Longer than the server's commit timeout (2 s by default), so that a write the
   * server timed out on but commits late is seen rather than sent twice.
   */
  readonly outcomeWindowMs: number;
  /** Wait between two looks at the stream during that window. */
  readonly pollIntervalMs: number;
  /** How many of a stream's last events are searched for an `any` append whose outcome is unknown. */
  readonly anyWindow: number;
}

/** Reads a stream on the leader: a follower could answer before it has the events. */
export type LeaderRead = (streamId: string, options: ReadStreamOptions) => AsyncIterable<RecordedEvent>;

type Resolution =
  | { readonly kind: 'written'; readonly result: AppendResult }
  /** Not in the stream; `lastRevision` is where the stream ended when last looked at (-1: no stream). */
  | { readonly kind: 'absent'; readonly lastRevision: number }
  | { readonly kind: 'unreadable'; readonly cause: unknown };

/**
 * Appends through what KurrentDB guarantees, with no index of event ids:
 * - an append is sent once, to the leader, and answered from the server's response (its
 *   revision, and the position of its last event);
 * - a wrong expected version is told apart from reused ids by reading only the revisions the
 *   append aimed at (numeric, `no_stream`) or the last `anyWindow` events (`any`);
 * - an append the node declined (not the leader, not ready, busy) is sent again;
 * - an append whose outcome is unknown (commit timeout, connection lost) is resolved: the
 *   stream is watched on the leader for `outcomeWindowMs`; if the events show up the append
 *   succeeded, and if not it is sent again with the original expected revision, which the
 *   server recognises should the first one still land. An `any` append is sent again
 *   expecting the revision the stream was seen at, so that it cannot be stored twice either.
 *   When nothing can be read within the window, {@link AppendOutcomeUnknownError}.
 */
export class KurrentDbAppender {
  constructor(
    private readonly client: KurrentDBClient,
    private readonly target: string,
    private readonly policy: AppendPolicy,
    private readonly readOnLeader: LeaderRead,
    /** Maps a client error to what callers see (connection failures name the server). */
    private readonly failure: (error: unknown) => unknown,
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    eventData: EventData[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    let expectation = expected;
    /** Set once a send's outcome was unknown: later answers cannot say whether this call wrote first. */
    let unknownBefore: unknown;
    for (let attempt = 1; ; attempt++) {
      let response: ClientAppendResult;
      try {
        response = await this.client.appendToStream(streamId, eventData, {
          streamState: toStreamState(expectation),
          requiresLeader: true,
        });
      } catch (error) {
        const kind = appendFailureKind(error);
        if (kind === 'refused') {
          const explained = await this.explainRefusal(
            streamId,
            events,
            expectation,
            expected,
            error as WrongExpectedVersionError,
          );
          if (explained !== 'retry') return explained;
          if (attempt >= this.policy.attempts) {
            throw new AppendOutcomeUnknownError(
              this.target,
              streamId,
              `${messageOf(unknownBefore)}, then the stream kept changing`,
              { cause: unknownBefore },
            );
          }
          const actual = toActualRevision((error as WrongExpectedVersionError).actualState);
          expectation = actual === undefined ? 'no_stream' : actual;
          continue;
        }
        if (kind === 'too-big') {
          const limit = (error as { maxAppendSize?: number }).maxAppendSize;
          throw new RangeError(
            `append to ${streamId} (${events.length} events) is over KurrentDB's maximum append size of ${limit ?? 'unknown'} bytes; nothing was written. Send fewer events per append.`,
            { cause: error },
          );
        }
        if (kind === 'not-written' && attempt < this.policy.attempts) {
          await delay(this.policy.pollIntervalMs * attempt);
          continue;
        }
        if (kind === 'not-written' && unknownBefore === undefined) throw this.failure(error);
        if (kind === 'not-written' || kind === 'unknown') {
          const resolution = await this.resolve(streamId, events, expectation);
          if (resolution.kind === 'written') return resolution.result;
          if (resolution.kind === 'unreadable' && !isExact(expectation)) {
            throw new AppendOutcomeUnknownError(
              this.target,
              streamId,
              `${messageOf(error)}; the stream could not be read to find out`,
              { cause: error },
            );
          }
          if (attempt >= this.policy.attempts) {
            throw new AppendOutcomeUnknownError(this.target, streamId, `${messageOf(error)}, ${attempt} times`, {
              cause: error,
            });
          }
          unknownBefore = error;
          // Not there now: sent again, exactly where the stream was seen, so that a late commit
          // of the first send and this one cannot both be stored.
          if (resolution.kind === 'absent' && !isExact(expectation) && resolution.lastRevision >= 0)
            expectation = resolution.lastRevision;
          else if (resolution.kind === 'absent' && expectation === 'any') expectation = 'no_stream';
          continue;
        }
        throw this.failure(error);
      }
      return this.fromResponse(streamId, response, events, unknownBefore !== undefined);
    }
  }

  /**
   * The server's answer as the port's. A write's answer carries its position, and an idempotent
   * one the original's (KurrentDB `IndexWriter.cs:243-254`), except when the server could not
   * read the original back: its commit position is then -1 and the answer has `NoPosition`
   * (`Streams.Append.cs:117-118` at oss-v20.10.0, `:120-121` at oss-v21.10.0). Only an
   * idempotent answer can lack it, which tells a duplicate apart (unless this call resent after
   * an unknown outcome), and the last event is read on the leader for its position.
   */
  private async fromResponse(
    streamId: string,
    response: ClientAppendResult,
    events: readonly NewEvent[],
    resent: boolean,
  ): Promise<AppendResult> {
    const nextExpectedRevision = toRevision(response.nextExpectedRevision);
    if (response.position) return { nextExpectedRevision, position: toPosition(response.position), duplicate: false };
    const [last] = await this.collect(streamId, { fromRevision: nextExpectedRevision, maxCount: 1 });
    if (!last || last.eventId.toLowerCase() !== events[events.length - 1].eventId.toLowerCase()) {
      throw new Error(
        `stream ${streamId}: KurrentDB accepted the append at revision ${nextExpectedRevision}, but its events are not there`,
      );
    }
    return { nextExpectedRevision, position: last.position, duplicate: !resent };
  }

  /**
   * A wrong expected version is the port's {@link EventIdConflictError} when the revisions the
   * append aimed at hold some of its ids (the server's "corrupted idempotency", or a retry in
   * another order), and its own events when a resend after an unknown outcome finds the first
   * send committed.
   */
  private async explainRefusal(
    streamId: string,
    events: readonly NewEvent[],
    expectation: ExpectedRevision,
    asked: ExpectedRevision,
    error: WrongExpectedVersionError,
  ): Promise<AppendResult | 'retry'> {
    const actual = toActualRevision(error.actualState);
    const ids = events.map((event) => event.eventId.toLowerCase());
    const near = isExact(expectation)
      ? await this.collect(streamId, {
          fromRevision: expectation === 'no_stream' ? 0 : expectation + 1,
          maxCount: events.length,
        })
      : await this.collect(streamId, { direction: 'backwards', maxCount: this.policy.anyWindow });
    if (isExact(expectation)) {
      const mine = near.filter((event, offset) => event.eventId.toLowerCase() === ids[offset]);
      if (mine.length === events.length) {
        const last = near[near.length - 1];
        return { nextExpectedRevision: last.revision, position: last.position, duplicate: false };
      }
    }
    // As SQLite decides: an append whose first id is stored where it aimed is a botched retry;
    // one whose first event is new is refused for its expected revision.
    const reused = near.find((event) => event.eventId.toLowerCase() === ids[0]);
    if (reused) throw new EventIdConflictError(streamId, reused.eventId);
    // `any` can only be refused as corrupted idempotency: its first id is stored, further back.
    if (expectation === 'any') throw new EventIdConflictError(streamId, events[0].eventId);
    // An `any` append made exact after an unknown outcome, overtaken by another writer: not
    // written (its revisions hold others' events), so it goes on at the new end.
    if (expectation !== asked && !isExact(asked)) return 'retry';
    throw new WrongExpectedRevisionError(streamId, asked, actual);
  }

  /** Watches the stream for the events until they show up, or the window ends. */
  private async resolve(
    streamId: string,
    events: readonly NewEvent[],
    expectation: ExpectedRevision,
  ): Promise<Resolution> {
    const ids = events.map((event) => event.eventId.toLowerCase());
    const deadline = Date.now() + this.policy.outcomeWindowMs;
    let seen: Resolution | undefined;
    for (;;) {
      try {
        const found = isExact(expectation)
          ? await this.lookAt(streamId, ids, expectation)
          : await this.search(streamId, ids);
        if (found.kind === 'written') return found;
        // Someone else's events are where these would be: these can no longer be written there.
        if (
          found.kind === 'absent' &&
          isExact(expectation) &&
          found.lastRevision > (expectation === 'no_stream' ? -1 : expectation)
        )
          return found;
        seen = found;
      } catch (error) {
        seen = seen?.kind === 'absent' ? seen : { kind: 'unreadable', cause: error };
      }
      if (Date.now() >= deadline) return seen;
      await delay(Math.min(this.policy.pollIntervalMs, Math.max(deadline - Date.now(), 0)));
    }
  }

  /** Numeric or `no_stream`: the events can only be right after the expected revision. */
  private async lookAt(
    streamId: string,
    ids: readonly string[],
    expectation: number | 'no_stream',
  ): Promise<Resolution> {
    const from = expectation === 'no_stream' ? 0 : expectation + 1;
    const stored = await this.collect(streamId, { fromRevision: from, maxCount: ids.length });
    if (stored.length === ids.length && stored.every((event, offset) => event.eventId.toLowerCase() === ids[offset])) {
      const last = stored[stored.length - 1];
      return {
        kind: 'written',
        result: { nextExpectedRevision: last.revision, position: last.position, duplicate: false },
      };
    }
    return { kind: 'absent', lastRevision: stored.length > 0 ? stored[stored.length - 1].revision : from - 1 };
  }

  /** `any` / `stream_exists`: the bounded check, among the stream's last `anyWindow` events. */
  private async search(streamId: string, ids: readonly string[]): Promise<Resolution> {
    const recent = (
      await this.collect(streamId, { direction: 'backwards', maxCount: this.policy.anyWindow })
    ).reverse();
    const start = recent.findIndex((event) => event.eventId.toLowerCase() === ids[0]);
    if (start >= 0 && ids.every((id, offset) => recent[start + offset]?.eventId.toLowerCase() === id)) {
      const last = recent[start + ids.length - 1];
      return {
        kind: 'written',
        result: { nextExpectedRevision: last.revision, position: last.position, duplicate: false },
      };
    }
    return { kind: 'absent', lastRevision: recent.length > 0 ? recent[recent.length - 1].revision : -1 };
  }

  private async collect(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.readOnLeader(streamId, options)) events.push(event);
    return events;
  }
}

function isExact(expected: ExpectedRevision): expected is number | 'no_stream' {
  return typeof expected === 'number' || expected === 'no_stream';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

export type { Position };
