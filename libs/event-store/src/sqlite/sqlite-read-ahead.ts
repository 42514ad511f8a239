import type { RecordedEvent } from '../event-store.port';
import { type EventRow, toRecordedEvent } from './event-row';
import { CoresInUse, IdleCores } from './cores-in-use';
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
   * Up to `limit` rows after the sequence number `after`, one page read on this thread as
   * `readAll` reads its pages (throwing once the store is closed): the start of the range, and
   * the rest of it where the thread is not started (no idle core), could not open the file
   * (removed since the store checked it, which this store's connection still reads), or was
   * stopped for want of a core of its own.
   */
  rowsAfter(after: number, limit: number): EventRow[];
  /** Rows per page read here. */
  readonly pageSize: number;
  /** Called when a thread is stopped for want of a core of its own (for the store's counters). */
  handedBack(): void;
}

/** The range read: sequence numbers after `after` up to `through`, at most `maxCount` events; `end` is the head now or `through`. */
export interface ReadAheadRange {
  readonly after: number;
  readonly through: number;
  readonly end: number;
  readonly maxCount: number;
}

/** How a read ahead starts its thread, and when it hands its range back to the calling thread. */
export interface ReadAheadPolicy {
  /**
   * Fewer free cores than this (idle, or busy with this process's other threads) while this
   * thread reads for `probeMs` first: no thread is started (0: started at once, no probe).
   */
  readonly minIdleCores: number;
  /** How long this thread reads first, counting the machine's idle cores (which the system counts in 10 ms ticks). */
  readonly probeMs: number;
  /** Positions read here while the thread starts. */
  readonly headStart: number;
  /** Fewer cores than this for the process while reading ahead: the rest is read on the calling thread. */
  readonly minCores: number;
  /** Batches between two looks at the cores the process gets. */
  readonly checkEveryBatches: number;
}

/**
 * The events of a range, most of them read by another thread that opens the store file itself:
 * SQLite's statements and the copying of the rows run there, while this thread only builds the
 * events from the batches it hands over (their data and metadata still text) and its consumer
 * folds them, so a long read uses two cores.
 *
 * A thread pays only with a core of its own: reading ahead costs a quarter more CPU time in all
 * (copying the rows between threads, the thread's start), so two threads sharing one core are
 * slower than one. This thread first reads for `probeMs` itself, counting the machine's idle
 * cores meanwhile; with fewer than `minIdleCores`, it reads the whole range itself. Otherwise it
 * starts the thread on the range after the next `headStart` positions, which it reads itself
 * while the thread starts (a quarter of a second under the TypeScript compiler of the tests and
 * benchmarks), and every `checkEveryBatches` batches it looks at how many cores the process
 * gets: below `minCores`, other work has taken the second core, and the thread is stopped and
 * the rest of the range read here, from the last event yielded.
 *
 * The thread is ended when the read is complete, fails, or its consumer stops early (the
 * iterator's `return`, as a `break` out of `for await` calls it).
 */
export async function* readAhead(
  range: ReadAheadRange,
  thread: Omit<ReadAheadRequest, 'after' | 'through' | 'maxCount'>,
  owner: ReadAheadOwner,
  policy: ReadAheadPolicy,
): AsyncGenerator<RecordedEvent, void, undefined> {
  let remaining = range.maxCount;
  /** Every event up to this sequence number has been yielded. */
  let last = range.after;
  /**
   * The next page of rows after `last` up to `upTo`, read here (none once there): the parts read
   * on this thread are loops over these pages in this generator itself, not a generator of their
   * own, so that an event read here passes through no more generators than `readAll`'s.
   */
  const pageUpTo = (upTo: number): EventRow[] => {
    if (last >= upTo || remaining <= 0) return [];
    const limit = Math.min(owner.pageSize, remaining);
    const rows = owner.rowsAfter(last, limit);
    let kept = rows.length;
    while (kept > 0 && rows[kept - 1][0] > upTo) kept--;
    last = rows.length < limit || kept < rows.length ? upTo : rows[rows.length - 1][0];
    remaining -= kept;
    return kept < rows.length ? rows.slice(0, kept) : rows;
  };
  if (policy.minIdleCores > 0) {
    const idle = new IdleCores();
    const used = new CoresInUse();
    const started = Date.now();
    for (let rows = pageUpTo(range.end); rows.length > 0;) {
      for (const row of rows) yield toRecordedEvent(row);
      rows = Date.now() - started < policy.probeMs ? pageUpTo(range.end) : [];
    }
    if (remaining <= 0) return;
    // This process's own other threads (V8 compiling the hot code, marking the heap) count as
    // busy cores, but yield to the thread started for the read: free for it as well.
    if (idle.sample() + used.sample() - 1 < policy.minIdleCores) {
      for (let rows = pageUpTo(range.through); rows.length > 0; rows = pageUpTo(range.through))
        for (const row of rows) yield toRecordedEvent(row);
      return;
    }
  }
  const threadAfter = Math.min(last + policy.headStart, range.end);
  const reader = new ReadAheadThreadHandle({
    ...thread,
    after: threadAfter,
    through: range.through,
    maxCount: remaining,
  });
  const forget = owner.track(reader);
  const decoder = new BatchDecoder();
  let cores: CoresInUse | undefined;
  let batches = 0;
  try {
    for (let rows = pageUpTo(threadAfter); rows.length > 0; rows = pageUpTo(threadAfter))
      for (const row of rows) yield toRecordedEvent(row);
    last = threadAfter;
    while (remaining > 0) {
      let batch;
      try {
        batch = await reader.next();
      } catch (error) {
        // A thread ended by the store's `close` fails the read as a closed store fails `readAll`.
        owner.assertOpen();
        if (!(error instanceof ThreadCouldNotOpen)) throw error;
        for (let rows = pageUpTo(range.through); rows.length > 0; rows = pageUpTo(range.through))
          for (const row of rows) yield toRecordedEvent(row);
        return;
      }
      owner.assertOpen();
      // Counted from the first batch on: the thread's start is not its steady pace.
      cores ??= new CoresInUse();
      if (++batches % policy.checkEveryBatches === 0 && cores.sample() < policy.minCores) {
        await reader.stop();
        owner.handedBack();
        for (let rows = pageUpTo(range.through); rows.length > 0; rows = pageUpTo(range.through))
          for (const row of rows) yield toRecordedEvent(row);
        return;
      }
      if (!batch.last) reader.taken();
      const count = Math.min(decoder.take(batch), remaining);
      for (let row = 0; row < count; row++) yield decoder.event(row);
      if (count > 0) last = decoder.sequence(count - 1);
      remaining -= count;
      if (batch.last) return;
    }
  } finally {
    forget();
    await reader.stop();
  }
}
