import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CALENDAR_ERRORS,
  CALENDAR_YEAR_RECORDED,
  CalendarHistory,
  CalendarVersion,
  CalendarView,
  CalendarWarning,
  CalendarYearRecorded,
  DEFAULT_TIME_ZONE,
  LEDGER_CALENDAR_REGION,
  ValidationError,
  baseCalendarVersions,
  calendarStreamId,
  calendarVersionOf,
  calendarWarningAt,
  decideCalendarYear,
  instantToUtc,
  Author,
  authorMetadata,
} from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent, positionToString } from '@ledger/event-store';
import { toStoredEvent } from '@ledger/kernel';
import { CLOCK, Clock } from '../config/clock';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { freeTextProblem, jsonTextProblems } from '../commands/text-rules';

export interface CalendarLoadResult {
  readonly streamId: string;
  readonly year: number;
  /** The version standing after the load (the one recorded, or the unchanged one). */
  readonly version: number;
  /** The version this load superseded; null for a first version or when nothing was recorded. */
  readonly supersedes: number | null;
  readonly source: string;
  readonly revision: number | null;
  readonly position: string | null;
  readonly eventIds: string[];
  /** True when the year equals the version standing: nothing new was recorded. */
  readonly unchanged: boolean;
}

/** The calendar stream's events, as stored. */
export const CALENDAR_STREAM = calendarStreamId(LEDGER_CALENDAR_REGION);

/** The version a stored calendar event describes, its ledger time as `recordedAt`. */
export function calendarVersionOfStored(stored: Pick<RecordedEvent, 'type' | 'data' | 'metadata'>): CalendarVersion {
  const event = {
    type: CALENDAR_YEAR_RECORDED,
    data: stored.data as unknown as CalendarYearRecorded['data'],
    at: String((stored.metadata as { businessTime?: string }).businessTime),
  } satisfies CalendarYearRecorded;
  return calendarVersionOf(event, String((stored.metadata as { ledgerTime?: string }).ledgerTime));
}

/**
 * The working-day calendar as the ledger records it: each year loaded or corrected is a
 * `CalendarYearRecorded.v1` event on `calendar-all.CN` with its source and version; the shipped
 * years (and those of LEDGER_CALENDAR_DIR) count as recorded from the start. Every reader of
 * deadlines asks here for the calendar as it stood at the instant it describes.
 */
@Injectable()
export class CalendarStore {
  private cached: { revision: number | undefined; history: CalendarHistory } | undefined;
  private readonly base: readonly CalendarVersion[];
  private readonly timeZone: string;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) config: Partial<Pick<LedgerConfig, 'calendarDir' | 'timeZone'>>,
  ) {
    this.base = baseCalendarVersions(config.calendarDir);
    this.timeZone = config.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /**
   * The warning due now (the business clock, in the ledger's time zone): from 1 November, next
   * year's calendar is missing, so deadlines running into it will soon be undetermined. Null otherwise.
   */
  async warning(): Promise<CalendarWarning | null> {
    return calendarWarningAt((await this.view()).calendar, this.clock(), this.timeZone);
  }

  /**
   * Records a year (checked by the domain's rules first): a first version, or a correction that
   * supersedes the standing version and must give its reason. The same year again records nothing.
   */
  async load(
    definition: unknown,
    reason: unknown,
    author: Author,
    agency: string,
    correlationId = randomUUID(),
  ): Promise<CalendarLoadResult> {
    const problem = jsonTextProblems(definition)[0];
    if (problem)
      throw new ValidationError(CALENDAR_ERRORS.MALFORMED_YEAR, `${problem.field} ${problem.message}`, problem.field);
    if (reason !== undefined && typeof reason !== 'string')
      throw new ValidationError(CALENDAR_ERRORS.INVALID_REASON, 'reason must be a string', 'reason');
    const reasonProblem = typeof reason === 'string' ? freeTextProblem(reason) : undefined;
    if (reasonProblem) throw new ValidationError(CALENDAR_ERRORS.INVALID_REASON, `reason ${reasonProblem}`, 'reason');

    const { history, revision } = await this.read();
    const now = this.clock();
    const events = decideCalendarYear({ definition, reason }, history, now);
    if (events.length === 0) {
      const year = (definition as { year: number }).year;
      const standing = history.current(year)!;
      return {
        streamId: CALENDAR_STREAM,
        year,
        version: standing.version,
        supersedes: null,
        source: standing.source,
        revision: revision ?? null,
        position: null,
        eventIds: [],
        unchanged: true,
      };
    }
    const [event] = events;
    const eventId = randomUUID();
    const stored = toStoredEvent(event, eventId, {
      agency,
      ...authorMetadata(author),
      ledgerTime: new Date(now).toISOString(),
      correlationId,
      causationId: correlationId,
    });
    // Two operators loading at once: the expected revision refuses the second rather than losing the first.
    const appended = await this.store.appendToStream(CALENDAR_STREAM, [stored], {
      expectedRevision: revision === undefined ? 'no_stream' : revision,
    });
    return {
      streamId: CALENDAR_STREAM,
      year: event.data.year,
      version: event.data.version,
      supersedes: event.data.supersedes ?? null,
      source: event.data.source,
      revision: appended.nextExpectedRevision,
      position: positionToString(appended.position),
      eventIds: [eventId],
      unchanged: false,
    };
  }

  /** Every version the ledger holds, shipped and recorded. */
  async history(): Promise<CalendarHistory> {
    return (await this.read()).history;
  }

  /** The calendar as the ledger held it at `asOf` (an ISO instant, ledger time), or as it stands now. */
  async view(asOf?: string): Promise<CalendarView> {
    // Checked here, so that every door refuses an unreadable instant rather than ignoring it.
    const instant = asOf === undefined ? undefined : Date.parse(instantToUtc(asOf, 'asOf', 'CALENDAR.AS_OF'));
    return (await this.history()).at(instant);
  }

  /** The calendar versions before any recorded event: the shipped years and LEDGER_CALENDAR_DIR's. */
  get baseVersions(): readonly CalendarVersion[] {
    return this.base;
  }

  private async read(): Promise<{ history: CalendarHistory; revision: number | undefined }> {
    // One revision lookup per call; the stream is read again only after a new load (by any process).
    const revision = await this.store.streamRevision(CALENDAR_STREAM);
    if (this.cached && this.cached.revision === revision) return { history: this.cached.history, revision };
    const recorded: CalendarVersion[] = [];
    let readRevision: number | undefined;
    for await (const stored of this.store.readStream(CALENDAR_STREAM)) {
      readRevision = stored.revision;
      if (stored.type === CALENDAR_YEAR_RECORDED) recorded.push(calendarVersionOfStored(stored));
    }
    const history = new CalendarHistory(recorded, this.base);
    this.cached = { revision: readRevision, history };
    return { history, revision: readRevision };
  }
}
