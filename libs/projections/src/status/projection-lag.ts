import { EventStore, parsePosition } from '@ledger/event-store';

/** Lag is counted up to this many events (beyond it the count says "at least"). */
export const LAG_COUNT_LIMIT = 100_000;

export interface ProjectionLag {
  /** Events recorded after `position` (at most LAG_COUNT_LIMIT). */
  readonly events: number;
  /** True when the count stopped at the limit. */
  readonly atLeast: boolean;
  /** Age of the oldest event not yet applied, by its ledger time; 0 when caught up. */
  readonly seconds: number;
}

/** How far a projection that has applied up to `position` trails the store (metrics and the status page share it). */
export async function projectionLag(
  store: EventStore,
  position: string | null,
  now = Date.now(),
): Promise<ProjectionLag> {
  let events = 0;
  let oldest: string | undefined;
  for await (const e of store.readAll({
    ...(position ? { after: parsePosition(position) } : {}),
    maxCount: LAG_COUNT_LIMIT,
  })) {
    if (events === 0) oldest = String(e.metadata.ledgerTime ?? '');
    events++;
  }
  const seconds = oldest ? Math.max(0, (now - Date.parse(oldest)) / 1000) : 0;
  return {
    events,
    atLeast: events >= LAG_COUNT_LIMIT,
    seconds: Number.isFinite(seconds) ? Math.round(seconds * 1000) / 1000 : 0,
  };
}
