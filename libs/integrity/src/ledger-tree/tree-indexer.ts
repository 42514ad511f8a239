import type { EventStore } from '@ledger/event-store';
import { streamFactsOf } from '../export/trail-facts';
import type { StreamFacts } from './integrity-index';
import { IndexOutOfDateError, IntegrityIndex, NewLeaf } from './integrity-index';
import { leafHashOf } from './event-leaf';

export interface CatchUpResult {
  /** Leaves in the index afterwards. */
  readonly size: number;
  /** Leaves this call added. */
  readonly added: number;
}

/** Events hashed per transaction: bounds memory and the time the index's write lock is held. */
const BATCH = 5_000;

/**
 * Brings the integrity index up to the store's head: reads the events after the last indexed
 * position in global order, hashes each, extends the tree's frontier and appends leaves and
 * completed nodes. Uses only the event-store port, so it works on every store.
 */
export async function catchUpIndex(store: EventStore, index: IntegrityIndex, options: { readonly maxEvents?: number } = {}): Promise<CatchUpResult> {
  let added = 0;
  const limit = options.maxEvents ?? Number.POSITIVE_INFINITY;
  while (added < limit) {
    const size = index.size();
    const range = index.frontier(size);
    const leaves: NewLeaf[] = [];
    const facts: StreamFacts[] = [];
    for await (const event of store.readAll({ after: index.lastPosition(), maxCount: Math.min(BATCH, limit - added) })) {
      const leafHash = leafHashOf(event);
      leaves.push({ leafHash, completedNodes: range.append(leafHash), eventId: event.eventId, streamId: event.streamId, position: event.position });
      const fact = streamFactsOf(event);
      if (fact) facts.push(fact);
    }
    if (leaves.length === 0) break;
    try {
      index.append(size, leaves, facts);
      added += leaves.length;
    } catch (error) {
      // Another process indexed the same events first: start again from where it got to.
      if (!(error instanceof IndexOutOfDateError)) throw error;
    }
  }
  return { size: index.size(), added };
}
