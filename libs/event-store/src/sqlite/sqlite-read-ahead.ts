import type { RecordedEvent } from '../event-store.port';
import { CoresInUse } from './cores-in-use';
import { BatchDecoder } from './read-ahead-batch';
import type { ReadAheadRequest } from './read-ahead-protocol';
import { ReadAheadThreadHandle, ThreadCouldNotOpen } from './read-ahead-thread-handle';

/** What the store tells a read-ahead about itself. */
export interface ReadAheadOwner {
  /** Throws when the store was closed: the read ends with that error, as `readAll` does. */
  assertOpen(): void;
  /** Notes a running thread so that closing the store ends it; returns the call that forgets it. */
  track(thread: ReadAheadThreadHandle): () => void;
  /**
   * At most `maxCount` events of the thread's range after the sequence number `after`, read on
   * this thread, as `readAll` reads: the rest of the range of a thread that could not open the
   * file (removed since the store checked it, which this store's connection still reads), or
   * that was stopped for want of a core of its own.
   */
  readHere(after: number, maxCount: number): AsyncIterable<RecordedEvent>;
  /** Called when a thread is stopped for want of a core of its own (for the store's counters). */
  handedBack(): void;
}

/** When a read ahead hands its range back to the calling thread. */
export interface ReadAheadPolicy {
  /** Fewer cores than this for the process while reading ahead: the rest is read on the calling thread. */
  readonly minCores: number;
  /** Batches between two looks at the cores the process gets. */
  readonly checkEveryBatches: number;
}

/**
 * The events of a range read by another thread that opens the store file itself: SQLite's
 * statements and the copying of the rows run there, while this thread only builds the events
 * from the batches it hands over (their data and metadata still text) and its consumer folds
 * them, so a long read uses two cores. The thread starts at the first `next()`, on the range
 * after `meanwhile`, which this thread reads itself while the other one starts (a quarter of a
 * second under the TypeScript compiler of the tests and benchmarks): `meanwhile` must end where
 * the thread's range begins. The thread is ended when the read is complete, fails, or its
 * consumer stops early (the iterator's `return`, as a `break` out of `for await` calls it).
 *
 * Every `checkEveryBatches` batches it looks at how many cores the process gets: below
 * `minCores`, the two threads share one core (other work holds the second), where reading ahead
 * costs more than it saves (copying the rows between threads, a quarter more CPU time in all),
 * so the thread is stopped and the rest of the range read here, from the last event yielded.
 */
export async function* readAhead(
  request: ReadAheadRequest,
  owner: ReadAheadOwner,
  meanwhile: AsyncIterable<RecordedEvent>,
  policy: ReadAheadPolicy,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const thread = new ReadAheadThreadHandle(request);
  const forget = owner.track(thread);
  const decoder = new BatchDecoder();
  // The thread is asked for up to maxCount events: those read here meanwhile are not known yet.
  let remaining = request.maxCount;
  let last = request.after;
  let cores: CoresInUse | undefined;
  let batches = 0;
  try {
    for await (const event of meanwhile) {
      yield event;
      remaining--;
    }
    while (remaining > 0) {
      let batch;
      try {
        batch = await thread.next();
      } catch (error) {
        // A thread ended by the store's `close` fails the read as a closed store fails `readAll`.
        owner.assertOpen();
        if (!(error instanceof ThreadCouldNotOpen)) throw error;
        for await (const event of owner.readHere(last, remaining)) yield event;
        return;
      }
      owner.assertOpen();
      // Counted from the first batch on: the thread's start is not its steady pace.
      cores ??= new CoresInUse();
      if (++batches % policy.checkEveryBatches === 0 && cores.sample() < policy.minCores) {
        await thread.stop();
        owner.handedBack();
        for await (const event of owner.readHere(last, remaining)) yield event;
        return;
      }
      if (!batch.last) thread.taken();
      const count = Math.min(decoder.take(batch), remaining);
      for (let row = 0; row < count; row++) yield decoder.event(row);
      if (count > 0) last = decoder.sequence(count - 1);
      remaining -= count;
      if (batch.last) return;
    }
  } finally {
    forget();
    await thread.stop();
  }
}
