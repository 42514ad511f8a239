import type { RangeReply } from './range-workers';

/** A leaf whose event RFC 8785 cannot express, hashed with the documented fallback encoding. */
export interface FallbackLeaf {
  readonly leafIndex: number;
  readonly position: string;
  readonly streamId: string;
}

/** What leaf-range-worker.ts answers for a range. */
export interface LeafRangeReply extends RangeReply {
  /** The leaf hashes, 32 bytes each, in order. */
  readonly hashes: ArrayBuffer;
  readonly fallbacks: readonly FallbackLeaf[];
}
