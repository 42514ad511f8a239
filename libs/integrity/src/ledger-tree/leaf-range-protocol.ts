/** The messages between {@link LeafRangeHasher} and its threads (leaf-range-worker.ts). */

/** Hash the `count` events after position `after` (from the start when absent): leaves `first` onwards. */
export interface LeafRangeRequest {
  readonly first: number;
  readonly after?: string;
  readonly count: number;
}

/** A leaf whose event RFC 8785 cannot express, hashed with the documented fallback encoding. */
export interface FallbackLeaf {
  readonly leafIndex: number;
  readonly position: string;
  readonly streamId: string;
}

export interface LeafRangeReply {
  readonly first: number;
  /** Events read: fewer than asked for where the store ends. */
  readonly count: number;
  /** The leaf hashes, 32 bytes each, in order. */
  readonly hashes: ArrayBuffer;
  /** Store position of the last event read (absent when none was). */
  readonly lastPosition?: string;
  readonly fallbacks: readonly FallbackLeaf[];
}

export interface LeafRangeFailure {
  readonly first: number;
  readonly error: string;
}
