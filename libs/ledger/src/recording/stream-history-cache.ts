import type { LedgerEvent, Recorded } from '@ledger/domain';
import { LruMap } from './lru-map';

/** Streams whose decoded history a process keeps: the applications being worked on, in bounded memory. */
export const STREAMS_KEPT = 4_096;

/**
 * The decoded history of recently written streams, least recently used forgotten first, so that
 * the next command on a stream need not reread it. An entry is only ever a hint: a command that
 * uses one appends with the entry's revision as the expected one, so a stream written meanwhile
 * (by another process, or a racing command here) is refused by the store and read again.
 * Histories are never changed in place: an append stores a new array.
 */
export class StreamHistoryCache {
  private readonly entries: LruMap<string, readonly Recorded<LedgerEvent>[]>;

  constructor(capacity = STREAMS_KEPT) {
    this.entries = new LruMap(capacity);
  }

  get(streamId: string): readonly Recorded<LedgerEvent>[] | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, history: readonly Recorded<LedgerEvent>[]): void {
    this.entries.set(streamId, history);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
