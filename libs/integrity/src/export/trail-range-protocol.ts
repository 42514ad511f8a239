import type { RangeReply } from '../ledger-tree/range-workers';
import type { TrailFilter } from './export-filter';

/** What a thread of an export is given when it starts. */
export interface TrailRangeSetup {
  readonly storePath: string;
  readonly indexPath: string;
  readonly filter: TrailFilter;
}

/** What trail-range-worker.ts answers for a range: its lines, for the events the filter keeps. */
export interface TrailRangeReply extends RangeReply {
  /** Leaf indexes of the events kept, in order. */
  readonly leaves: readonly number[];
  /** Their leaf hashes, 32 bytes each. */
  readonly hashes: ArrayBuffer;
  /** Their lines of events.ndjson and of the CSV, one after the other, in UTF-8 (encoded by the thread). */
  readonly eventLines: ArrayBuffer;
  readonly csvRows: ArrayBuffer;
  /** How many of them were hashed with the fallback encoding. */
  readonly fallbackEncoded: number;
}
