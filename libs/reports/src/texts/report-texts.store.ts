import { Author, authorMetadata } from '@ledger/domain';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { CLOCK, Clock } from '@ledger/ledger/config/clock';
import { toStoredEvent } from '@ledger/kernel';
import { REPORT_TEXTS_SUPPLIED, ReportTexts, reportStreamId } from './report-texts';

/** Texts as last supplied, with who supplied them and when (ledger time). */
export interface SuppliedTexts {
  readonly texts: ReportTexts;
  readonly suppliedBy: string;
  readonly suppliedAt: string;
  readonly eventId: string;
  readonly revision: number;
}

export interface SupplyResult {
  readonly streamId: string;
  readonly revision: number;
  readonly position: string | null;
  readonly eventIds: string[];
  /** True when the texts equal the latest supplied: nothing new was recorded. */
  readonly unchanged: boolean;
}

const digest = (texts: ReportTexts) =>
  createHash('sha256')
    .update(
      JSON.stringify([texts.problems ?? null, texts.measures ?? null, texts.signatory ?? null, texts.date ?? null]),
    )
    .digest('hex');

/**
 * Staff texts on the stream `report-<agency>.<year>`, one `ReportTextsSupplied.v1` event per
 * change. A PUT replaces the texts as a whole; the latest event is the current version, and an
 * as-of read takes the latest recorded by that instant.
 */
@Injectable()
export class ReportTextsStore {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async supply(
    agency: string,
    year: number,
    texts: ReportTexts,
    author: Author,
    correlationId: string = randomUUID(),
  ): Promise<SupplyResult> {
    const streamId = reportStreamId(agency, year);
    const latest = await this.latest(agency, year);
    if (latest && digest(latest.texts) === digest(texts)) {
      return { streamId, revision: latest.revision, position: null, eventIds: [], unchanged: true };
    }
    const now = new Date(this.clock()).toISOString();
    const eventId = randomUUID();
    const stored = toStoredEvent({ type: REPORT_TEXTS_SUPPLIED, data: { year, ...texts }, at: now }, eventId, {
      agency,
      ...authorMetadata(author),
      ledgerTime: now,
      correlationId,
      causationId: correlationId,
      commandDigest: digest(texts),
    });
    // Expected revision from what we read: two racing edits do not silently overwrite each other.
    const result = await this.store.appendToStream(streamId, [stored], {
      expectedRevision: latest ? latest.revision : 'no_stream',
    });
    return {
      streamId,
      revision: result.nextExpectedRevision,
      position: positionToString(result.position),
      eventIds: [eventId],
      unchanged: false,
    };
  }

  /** The latest texts, optionally as recorded by `asOf` (ISO instant, UTC); undefined when none were supplied. */
  async latest(agency: string, year: number, asOf?: string): Promise<SuppliedTexts | undefined> {
    let found: SuppliedTexts | undefined;
    for await (const event of this.store.readStream(reportStreamId(agency, year))) {
      if (event.type !== REPORT_TEXTS_SUPPLIED) continue;
      const metadata = event.metadata as { ledgerTime?: string; actor?: string };
      if (asOf !== undefined && Date.parse(String(metadata.ledgerTime)) > Date.parse(asOf)) continue;
      const { year: _year, ...texts } = event.data as unknown as { year: number } & ReportTexts;
      found = {
        texts,
        suppliedBy: String(metadata.actor ?? ''),
        suppliedAt: String(metadata.ledgerTime ?? ''),
        eventId: event.eventId,
        revision: event.revision,
      };
    }
    return found;
  }
}
