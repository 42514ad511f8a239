import { extname, join } from 'node:path';
import type { LeafRangeReply } from './leaf-range-protocol';
import { RangeWorkers } from './range-workers';

export type { FallbackLeaf, LeafRangeReply } from './leaf-range-protocol';

const WORKER_ENTRY = join(__dirname, `leaf-range-worker${extname(__filename)}`);

/**
 * Leaf hashes of ranges of a SQLite event store, recomputed on other threads, each of which
 * opens the file itself: reading, parsing, canonical encoding and hashing all leave the
 * caller's thread.
 */
export class LeafRangeHasher {
  private constructor(readonly workers: RangeWorkers<LeafRangeReply>) {}

  /** Starts `threads` threads on the store file at `storePath`. */
  static start(storePath: string, threads: number): LeafRangeHasher {
    return new LeafRangeHasher(RangeWorkers.start<LeafRangeReply>(WORKER_ENTRY, { storePath }, threads));
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
