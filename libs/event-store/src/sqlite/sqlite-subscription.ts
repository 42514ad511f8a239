import type { RecordedEvent, Subscription } from '../event-store.port';
import { type EventRow, toRecordedEvent } from './event-row';

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  /** Up to `limit` events strictly after `position`, in global order. */
  eventsAfter(position: number, limit: number): EventRow[];
  /** Called once when the subscription ends, so the store stops notifying it. */
  unsubscribe(subscription: SqliteSubscription): void;
}

/**
 * Catch-up and live delivery are the same loop: read the next page after the last delivered
 * position, and when there is none, wait to be woken. Because every read goes to the table
 * and SQLite positions become visible in order, nothing can be skipped or delivered twice at
 * the boundary. Wake-ups come from appends through the same store instance (immediately) and
 * from a poll timer, which is how appends by other processes on the same file are seen.
 */
export class SqliteSubscription implements Subscription {
  private closed = false;
  private wakeUp: (() => void) | undefined;
  private iterator: AsyncIterator<RecordedEvent> | undefined;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly after: number,
    private readonly pageSize: number,
    private readonly pollIntervalMs: number,
  ) {}

  /** There is one iteration per subscription; asking again returns the same iterator. */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    this.iterator ??= this.deliver();
    return this.iterator;
  }

  /** Tells a waiting subscription that new events may have been committed. */
  notify(): void {
    this.wakeUp?.();
  }

  /** Ends the iteration: a pending `next()` resolves `done`, and no more events are read. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeUp?.();
    this.source.unsubscribe(this);
  }

  private async *deliver(): AsyncGenerator<RecordedEvent, void, undefined> {
    let after = this.after;
    try {
      while (!this.closed) {
        const rows = this.source.eventsAfter(after, this.pageSize);
        if (rows.length === 0) {
          await this.nextWakeUp();
          continue;
        }
        for (const row of rows) {
          if (this.closed) return;
          after = row[0];
          yield toRecordedEvent(row);
        }
      }
    } finally {
      // Reached also when the consumer leaves a for-await loop early.
      await this.close();
    }
  }

  private nextWakeUp(): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(pollTimer);
        this.wakeUp = undefined;
        resolve();
      };
      const pollTimer = setTimeout(wake, this.pollIntervalMs);
      this.wakeUp = wake;
    });
  }
}
