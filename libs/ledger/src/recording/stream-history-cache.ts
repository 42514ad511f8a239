import type { LedgerEvent, Recorded } from '@ledger/domain';

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
  private readonly entries = new Map<string, readonly Recorded<LedgerEvent>[]>();

  constructor(private readonly capacity = STREAMS_KEPT) {}

  get(streamId: string): readonly Recorded<LedgerEvent>[] | undefined {
    const history = this.entries.get(streamId);
    if (history === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes it the most recently used.
    this.entries.delete(streamId);
    this.entries.set(streamId, history);
    return history;
  }

  set(streamId: string, history: readonly Recorded<LedgerEvent>[]): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, history);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
