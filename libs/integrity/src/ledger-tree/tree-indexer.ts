import {
  type EventStore,
  InvalidPositionError,
  parsePosition,
  type Position,
  type RecordedEvent,
} from '@ledger/event-store';
import { streamFactsOf } from '../export/trail-facts';
import type { StreamFacts } from './integrity-index';
import { IndexOutOfDateError, IntegrityIndex, NewLeaf } from './integrity-index';
import { leafOf } from './event-leaf';

export interface CatchUpResult {
  /** Leaves in the index afterwards. */
  readonly size: number;
  /** Leaves this call added. */
  readonly added: number;
  /** Leaves this call added whose events RFC 8785 cannot express: hashed with the fallback encoding (see event-leaf). */
  readonly fallbackLeaves: readonly number[];
}

/** The store no longer holds, where the index expects it, the last event it indexed. */
export class IndexStoreMismatchError extends Error {
  readonly code = 'INTEGRITY.INDEX_NOT_OF_THIS_STORE';
  constructor(message: string) {
    super(
      `${message}. If the store was migrated or restored, rebuild the index with \`ledger checkpoint --reindex\`; otherwise run \`ledger verify\``,
    );
    this.name = 'IndexStoreMismatchError';
  }
}

/** Events hashed per transaction: bounds memory and the time the index's write lock is held. */
const BATCH = 5_000;

/**
 * Brings the integrity index up to the store's head: reads the events after the last indexed
 * one in global order, hashes each, extends the tree's frontier and appends leaves and completed
 * nodes. Uses only the event-store port, so it works on every store.
 *
 * Positions belong to one store, so each batch starts one event early and checks that it is the
 * last one indexed: an index carried over to a migrated or restored store, or a store whose last
 * events were removed, is refused rather than extended with the wrong events.
 */
export async function catchUpIndex(
  store: EventStore,
  index: IntegrityIndex,
  options: { readonly maxEvents?: number } = {},
): Promise<CatchUpResult> {
  let added = 0;
  let fallbackLeaves: number[] = [];
  const limit = options.maxEvents ?? Number.POSITIVE_INFINITY;
  while (added < limit) {
    const size = index.size();
    const anchor = size > 0 ? index.leaf(size - 1)! : undefined;
    const after = size > 1 ? parsePosition(index.leaf(size - 2)!.position) : undefined;
    const range = index.frontier(size);
    const leaves: NewLeaf[] = [];
    const facts: StreamFacts[] = [];
    const batchFallbacks: number[] = [];
    let anchorSeen = anchor === undefined;
    for await (const event of readAllOrMismatch(store, after, Math.min(BATCH, limit - added) + (anchor ? 1 : 0))) {
      if (!anchorSeen) {
        if (event.eventId !== anchor!.eventId) {
          throw new IndexStoreMismatchError(
            `the event store does not match the integrity index: after leaf ${size - 2} it holds event ${event.eventId}, where the index has ${anchor!.eventId} (leaf ${size - 1}, position ${anchor!.position})`,
          );
        }
        anchorSeen = true;
        continue;
      }
      const { hash: leafHash, fallback } = leafOf(event);
      if (fallback) batchFallbacks.push(size + leaves.length);
      leaves.push({
        leafHash,
        completedNodes: range.append(leafHash),
        eventId: event.eventId,
        streamId: event.streamId,
        position: event.position,
      });
      const fact = streamFactsOf(event);
      if (fact) facts.push(fact);
    }
    if (!anchorSeen) {
      throw new IndexStoreMismatchError(
        `the event store does not hold the last indexed event ${anchor!.eventId} (leaf ${size - 1}, position ${anchor!.position}, stream ${anchor!.streamId})`,
      );
    }
    if (leaves.length === 0) break;
    try {
      index.append(size, leaves, facts);
      added += leaves.length;
      fallbackLeaves = [...fallbackLeaves, ...batchFallbacks];
    } catch (error) {
      // Another process indexed the same events first: start again from where it got to.
      if (!(error instanceof IndexOutOfDateError)) throw error;
    }
  }
  return { size: index.size(), added, fallbackLeaves };
}

/** KurrentDB refuses to read from a position it never gave out: that is a store the index does not match. */
async function* readAllOrMismatch(
  store: EventStore,
  after: Position | undefined,
  maxCount: number,
): AsyncGenerator<RecordedEvent> {
  try {
    yield* store.readAll({ after, maxCount });
  } catch (error) {
    if (error instanceof InvalidPositionError) {
      throw new IndexStoreMismatchError(
        `the event store does not match the integrity index: it has no event at position ${error.position}, where the index stands`,
      );
    }
    throw error;
  }
}
