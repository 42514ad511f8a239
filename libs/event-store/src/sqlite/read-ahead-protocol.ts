import type { MessagePort } from 'node:worker_threads';
import type { ReadAheadBatch } from './read-ahead-batch';

/** The range a reading thread reads, and how. */
export interface ReadAheadRequest {
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** Exclusive start: the sequence number of the event before the first one read (0: from the start). */
  readonly after: number;
  /** Inclusive end: no event after this sequence number is read. */
  readonly through: number;
  /** Most events read in all (`Number.POSITIVE_INFINITY`: no limit). */
  readonly maxCount: number;
  /** Rows per batch handed over. */
  readonly batchRows: number;
  /** Batches the thread may have handed over and not yet had taken: how far it reads ahead. */
  readonly batchesAhead: number;
}

/** What the reading thread is started with (its `workerData`). */
export interface ReadAheadThreadData extends ReadAheadRequest {
  /** The module the thread runs (`read-ahead-thread.ts`). */
  readonly entry: string;
  /**
   * Where the thread posts its batches and its failure ({@link ReadAheadMessage}), in order.
   * The main thread takes them one at a time with `receiveMessageOnPort` as its consumer gets
   * to them: a batch is copied into its heap only then, so its strings are not kept alive (and
   * copied again by each young-generation collection) while the batches before it are folded.
   */
  readonly batches: MessagePort;
}

/** Reading thread to main thread, on its own port: a message was posted on `batches`. */
export const POSTED = 'posted';

/** Main thread to reading thread: the main thread took a batch, the reading thread may read one more. */
export const TAKEN = 'taken';

/** The read failed on the reading thread; nothing follows. */
export interface ReadAheadFailure {
  readonly error: { readonly name: string; readonly message: string; readonly code?: unknown };
  /** The thread could not open the file (gone since the store checked it): it read nothing. */
  readonly unopened?: true;
}

export type ReadAheadMessage = ReadAheadBatch | ReadAheadFailure;
