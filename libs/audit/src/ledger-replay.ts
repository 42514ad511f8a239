import { LedgerEvent, Recorded } from '@ledger/domain';
import { Position, RecordedEvent, comparePositions, positionToString } from '@ledger/event-store';
import { fromStoredEvent } from '@ledger/kernel';
import { AuditEvent, auditEventOf } from './audit-event';

/**
 * Which events a ledger replay shows: one agency's or all, up to a position (inclusive) and/or
 * up to an instant of ledger time (recorded at or before it), after a cursor position.
 */
export interface LedgerReplayFilter {
  readonly agency?: string;
  /** Only these agencies' events: the caller's, when it does not read every agency. */
  readonly agencies?: readonly string[];
  /** Inclusive. */
  readonly upToPosition?: Position;
  /** ISO-8601 instant: only events whose ledger time is at or before it (what the ledger held then). */
  readonly upTo?: string;
  /** Exclusive cursor: events strictly after this position. */
  readonly after?: Position;
}

/**
 * Selects the events of `source` (the store's `readAll`, in global order) that the filter
 * admits, as recorded domain events. Streams: holds one event at a time, and stops reading at
 * the first position past `upToPosition`. Ledger times are not in position order across
 * concurrent writers, so an `upTo` filter reads to the end (or to `upToPosition`).
 */
export async function* selectEvents(
  source: AsyncIterable<RecordedEvent>,
  filter: LedgerReplayFilter,
): AsyncGenerator<Recorded<LedgerEvent>> {
  const upToMs = filter.upTo === undefined ? undefined : Date.parse(filter.upTo);
  for await (const stored of source) {
    if (filter.upToPosition && comparePositions(stored.position, filter.upToPosition) > 0) return;
    if (filter.after && comparePositions(stored.position, filter.after) <= 0) continue;
    if (filter.agency !== undefined && stored.metadata.agency !== filter.agency) continue;
    if (filter.agencies !== undefined && !filter.agencies.includes(String(stored.metadata.agency))) continue;
    if (upToMs !== undefined && !(Date.parse(String(stored.metadata.ledgerTime)) <= upToMs)) continue;
    // A replay shows every event, licensing fact or not, upcast to its current version.
    yield fromStoredEvent(stored);
  }
}

/** Opens (withholds) the personal data of a batch of events, e.g. `vault.openAll(events, false)`. */
export type PersonalDataWithholder = (events: Recorded<LedgerEvent>[]) => Promise<Recorded<LedgerEvent>[]>;

/**
 * Passes the events through `withhold` in batches (so the key store is asked once per subject
 * per batch, not once per event) and yields them as audit events, still one batch at most in memory.
 */
export async function* withheldAuditEvents(
  events: AsyncIterable<Recorded<LedgerEvent>>,
  withhold: PersonalDataWithholder,
  batchSize = 256,
): AsyncGenerator<AuditEvent> {
  let batch: Recorded<LedgerEvent>[] = [];
  for await (const event of events) {
    batch.push(event);
    if (batch.length < batchSize) continue;
    const opened = await withhold(batch);
    batch = [];
    for (const e of opened) yield auditEventOf(e);
  }
  if (batch.length) for (const e of await withhold(batch)) yield auditEventOf(e);
}

/** What a replay covered: counted as the events go by, so a streamed replay can print it at the end. */
export interface LedgerReplaySummary {
  readonly events: number;
  /** Events per type, by type name. */
  readonly byType: Readonly<Record<string, number>>;
  /** Distinct streams touched. */
  readonly streams: number;
  /** Events per agency. */
  readonly agencies: Readonly<Record<string, number>>;
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /** Ledger time of the latest-recorded event shown. */
  readonly lastLedgerTime: string | null;
}

export class ReplaySummary {
  private events = 0;
  private readonly byType = new Map<string, number>();
  private readonly streams = new Set<string>();
  private readonly agencies = new Map<string, number>();
  private first: string | null = null;
  private last: string | null = null;
  private lastLedgerTime: string | null = null;

  add(event: Pick<AuditEvent, 'type' | 'streamId' | 'agency' | 'position' | 'ledgerTime'>): void {
    this.events++;
    this.byType.set(event.type, (this.byType.get(event.type) ?? 0) + 1);
    this.streams.add(event.streamId);
    this.agencies.set(event.agency, (this.agencies.get(event.agency) ?? 0) + 1);
    this.first ??= event.position;
    this.last = event.position;
    if (this.lastLedgerTime === null || Date.parse(event.ledgerTime) > Date.parse(this.lastLedgerTime))
      this.lastLedgerTime = event.ledgerTime;
  }

  toJSON(): LedgerReplaySummary {
    return {
      events: this.events,
      byType: sortedRecord(this.byType),
      streams: this.streams.size,
      agencies: sortedRecord(this.agencies),
      firstPosition: this.first,
      lastPosition: this.last,
      lastLedgerTime: this.lastLedgerTime,
    };
  }
}

/** One page of a replay: `next.after` is the cursor for the following page, null on the last. */
export interface LedgerReplayPage {
  readonly filter: {
    readonly agency: string | null;
    readonly upToPosition: string | null;
    readonly upTo: string | null;
    readonly after: string | null;
    readonly limit: number;
  };
  readonly events: readonly AuditEvent[];
  readonly summary: LedgerReplaySummary;
  readonly next: { readonly after: string } | null;
}

/** Reads up to `limit` events, and one more to learn whether another page follows. */
export async function pageOf(
  events: AsyncIterable<AuditEvent>,
  filter: LedgerReplayFilter,
  limit: number,
): Promise<LedgerReplayPage> {
  const page: AuditEvent[] = [];
  const summary = new ReplaySummary();
  let more = false;
  for await (const event of events) {
    if (page.length === limit) {
      more = true;
      break;
    }
    page.push(event);
    summary.add(event);
  }
  return {
    filter: {
      agency: filter.agency ?? null,
      upToPosition: filter.upToPosition ? positionToString(filter.upToPosition) : null,
      upTo: filter.upTo ?? null,
      after: filter.after ? positionToString(filter.after) : null,
      limit,
    },
    events: page,
    summary: summary.toJSON(),
    next: more ? { after: page[page.length - 1].position } : null,
  };
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
