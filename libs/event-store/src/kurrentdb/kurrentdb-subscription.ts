import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type KurrentDBClient,
  START,
} from '@kurrent/kurrentdb-client';
import { comparePositions, type Position, type RecordedEvent, type Subscription } from '../event-store.port';
import { isLedgerEvent, systemEventFilter, toClientPosition, toRecordedEvent } from './event-mapping';
import { isTransient } from './kurrentdb-errors';

export interface ResubscribePolicy {
  /** First wait before resubscribing; doubled after each attempt that delivers nothing. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Events the client's stream may hold ahead of the consumer (its object-mode high-water
   * mark). Reading only when the consumer asks keeps back-pressure all the way to the server.
   */
  readonly bufferSize: number;
  /** Told each time the server drops the subscription, before it resumes. */
  readonly onDropped: (error: unknown, attempt: number, resumeAfter: Position | undefined) => void;
  /** What the iteration throws for an error retrying cannot fix (an invalid position becomes a clear error). */
  readonly fatal: (error: unknown, after: Position | undefined) => unknown;
}

/**
 * A catch-up-then-live subscription to $all, filtered to the ledger's events, that survives the
 * server dropping it: it subscribes again strictly after the last event it delivered, after a
 * backoff, so that nothing is skipped or delivered twice. Only errors that retrying cannot fix
 * (access denied, an event it cannot map, a position the server calls invalid — a checkpoint
 * from another store) end the iteration, by throwing.
 */
export class KurrentDbSubscription implements Subscription {
  private closed = false;
  private iterator: AsyncIterator<RecordedEvent> | undefined;
  private source: AllStreamSubscription | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    private after: Position | undefined,
    private readonly policy: ResubscribePolicy,
    private readonly onClose: (subscription: KurrentDbSubscription) => void,
  ) {}

  /** There is one iteration per subscription; asking again returns the same iterator. */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.iterator ??= this.deliver();
    return this.iterator;
  }

  /** Ends the iteration: a pending `next()` resolves `done`, and the server call is cancelled. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeUp?.();
    const source = this.source;
    this.source = undefined;
    if (source) await stop(source);
    this.onClose(this);
  }

  private async *deliver(): AsyncGenerator<RecordedEvent, void, undefined> {
    let attempt = 0;
    try {
      while (!this.closed) {
        // Flow control: the client's stream is piped from the gRPC call, so once it holds
        // `bufferSize` events it stops reading, the HTTP/2 window closes, and the server waits
        // (KurrentDB awaits each write, `Streams.Read.cs:85-87`, and catches up from its log a
        // subscription whose live buffer overflowed, `Enumerator.AllSubscription.cs` GoLive).
        // This loop pulls one event per `next()` of the consumer, never reading ahead.
        const source = this.client.subscribeToAll(
          { fromPosition: this.after ? toClientPosition(this.after) : START, filter: systemEventFilter() },
          { highWaterMark: this.policy.bufferSize },
        );
        this.source = source;
        let failure: unknown;
        try {
          for await (const resolved of source as AsyncIterable<AllStreamResolvedEvent>) {
            attempt = 0;
            if (!resolved.event || !isLedgerEvent(resolved.event)) continue;
            const event = toRecordedEvent(resolved);
            // The server starts strictly after the checkpoint; this also guards a resubscription.
            if (this.after && comparePositions(event.position, this.after) <= 0) continue;
            this.after = event.position;
            yield event;
            if (this.closed) return;
          }
          failure = new Error('KurrentDB ended the subscription');
        } catch (error) {
          failure = error;
        } finally {
          if (this.source === source) this.source = undefined;
          void stop(source);
        }
        if (this.closed) return;
        if (!isTransient(failure)) throw this.policy.fatal(failure, this.after);
        attempt += 1;
        this.policy.onDropped(failure, attempt, this.after);
        await this.pause(attempt);
      }
    } finally {
      // Reached also when the consumer leaves a for-await loop early.
      await this.close();
    }
  }

  /** Waits before resubscribing; `close()` cuts the wait short. */
  private pause(attempt: number): Promise<void> {
    const base = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.75 + Math.random() / 2));
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wakeUp = done;
    });
  }
}

/** Cancels the server call and releases the stream; safe to call twice. */
async function stop(source: AllStreamSubscription): Promise<void> {
  // An error the server sends while the call is being cancelled has no reader left; without a
  // listener, the stream would throw it as an uncaught exception.
  source.on('error', () => undefined);
  try {
    await source.unsubscribe();
  } catch {
    // Already ended.
  }
  source.destroy();
}
