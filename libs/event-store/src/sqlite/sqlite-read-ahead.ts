import type { RecordedEvent } from '../event-store.port';
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
   * At most `maxCount` events of the thread's range, read on this thread, as `readAll` reads:
   * for a thread that could not open the file, removed since the store checked it, which this
   * store's connection still reads.
   */
  readHere(maxCount: number): AsyncIterable<RecordedEvent>;
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
 */
export async function* readAhead(
  request: ReadAheadRequest,
  owner: ReadAheadOwner,
  meanwhile: AsyncIterable<RecordedEvent>,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const thread = new ReadAheadThreadHandle(request);
  const forget = owner.track(thread);
  const decoder = new BatchDecoder();
  // The thread is asked for up to maxCount events: those read here meanwhile are not known yet.
  let remaining = request.maxCount;
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
        for await (const event of owner.readHere(remaining)) yield event;
        return;
      }
      owner.assertOpen();
      if (!batch.last) thread.taken();
      const count = Math.min(decoder.take(batch), remaining);
      for (let row = 0; row < count; row++) yield decoder.event(row);
      remaining -= count;
      if (batch.last) return;
    }
  } finally {
    forget();
    await thread.stop();
  }
}
