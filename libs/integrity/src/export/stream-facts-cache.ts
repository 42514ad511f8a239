import type { IntegrityIndex, StreamFacts } from '../ledger-tree/integrity-index';

/** Streams whose facts an export keeps at hand: a day's applications, in flat memory. */
const STREAM_FACTS_KEPT = 16_384;

/**
 * The index's facts of a stream, looked up once per stream however many of its events and readers
 * (the filter, the CSV row) ask, within a bounded cache. The index only adds facts as it indexes
 * newer events, so one export reads each stream's facts as one state rather than event by event.
 */
export function streamFactsCache(index: IntegrityIndex): (streamId: string) => StreamFacts | undefined {
  let kept = new Map<string, StreamFacts | null>();
  return (streamId) => {
    const cached = kept.get(streamId);
    if (cached !== undefined) return cached ?? undefined;
    const facts = index.streamFacts(streamId);
    if (kept.size >= STREAM_FACTS_KEPT) kept = new Map();
    kept.set(streamId, facts ?? null);
    return facts;
  };
}
