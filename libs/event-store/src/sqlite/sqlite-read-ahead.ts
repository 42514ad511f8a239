import type { RecordedEvent } from '../event-store.port';
import { BatchDecoder } from './read-ahead-batch';
import type { ReadAheadRequest } from './read-ahead-protocol';
import { ReadAheadThreadHandle } from './read-ahead-thread-handle';

/** What the store tells a read-ahead about itself. */
export interface ReadAheadOwner {
  /** Throws when the store was closed: the read ends with that error, as `readAll` does. */
  assertOpen(): void;
  /** Notes a running thread so that closing the store ends it; returns the call that forgets it. */
  track(thread: ReadAheadThreadHandle): () => void;
}

/**
 * The events of a range read by another thread that opens the store file itself: SQLite's
 * statements and the copying of the rows run there, while this thread only builds the events
 * from the batches it hands over (their data and metadata still text) and its consumer folds
 * them, so a long read uses two cores. The thread starts at the first `next()` and is ended when
 * the read is complete, fails, or its consumer stops early (the iterator's `return`, as a
 * `break` out of `for await` calls it).
 */
export async function* readAhead(
  request: ReadAheadRequest,
  owner: ReadAheadOwner,
): AsyncGenerator<RecordedEvent, void, undefined> {
  const thread = new ReadAheadThreadHandle(request);
  const forget = owner.track(thread);
  const decoder = new BatchDecoder();
  try {
    for (;;) {
      let batch;
      try {
        batch = await thread.next();
      } catch (error) {
        // A thread ended by the store's `close` fails the read as a closed store fails `readAll`.
        owner.assertOpen();
        throw error;
      }
      owner.assertOpen();
      if (!batch.last) thread.taken();
      const count = decoder.take(batch);
      for (let row = 0; row < count; row++) yield decoder.event(row);
      if (batch.last) return;
    }
  } finally {
    forget();
    await thread.stop();
  }
}
