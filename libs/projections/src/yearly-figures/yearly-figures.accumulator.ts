import {
  CALENDAR_YEAR_RECORDED,
  CalendarHistory,
  CalendarYearRecorded,
  LedgerEvent,
  Recorded,
  UNASSIGNED_DEPARTMENT,
  WorkingDayCounter,
} from '@ledger/domain';
import type { UnknownEvent } from '@ledger/kernel';
import { applyCalendarVersion } from './calendar-judging';
import { countEvent } from './figure-counting';
import { affectedYearsOf } from './figure-invalidation';
import { departmentsOf, figuresOf, itemsOf } from './figure-reads';
import { YearlyFiguresSnapshot, restoreFigures, snapshotOf } from './figures-snapshot';
import { FiguresState } from './figures-state';
import { AgencyYear, FiguresBreakdown, YearlyFigures } from './figures.types';

export interface YearlyFiguresOptions {
  /**
   * Working days for statutory deadlines: either a fixed calendar, or the ledger's calendar
   * versions before any recorded one (the shipped years), which the `CalendarYearRecorded`
   * events applied then supersede (see `calendar-judging.ts`); `basedOn.calendar` names them.
   */
  readonly calendar: WorkingDayCounter | CalendarHistory;
  /** IANA zone whose local dates and years the figures count in; default Asia/Shanghai. */
  readonly timeZone?: string;
}

/** The department of facts nobody can attribute: the read side's one label for it. */
export { UNASSIGNED_DEPARTMENT };
export type { YearlyFiguresSnapshot };

/**
 * Derives the yearly implementation and supervision figures (江门市公安局 2020 report style) from
 * recorded events, for every agency and year at once, in one pass over the store.
 *
 * Events may arrive in any interleaving of streams (the store's global order is not business-time
 * order); each stream's own events must arrive in stream order. The figures depend only on the
 * set of events applied: every count is kept by the business year of the event that makes it,
 * and whatever depends on another stream (a complaint's department via an item or application)
 * is resolved when the figures are asked for. Pure: no clock, no I/O.
 *
 * The work is split by concern: counting (`figure-counting.ts`, one handler per event type),
 * attribution (`figure-attribution.ts`), reading (`figure-reads.ts`), invalidation
 * (`figure-invalidation.ts`) and snapshots (`figures-snapshot.ts`), over one `FiguresState`.
 */
export class YearlyFiguresAccumulator {
  readonly timeZone: string;
  private state: FiguresState;

  constructor(options: YearlyFiguresOptions) {
    this.state = new FiguresState(options.calendar, options.timeZone);
    this.timeZone = this.state.timeZone;
  }

  /** Folds one recorded event in. Events of unknown types are ignored (not even counted in `basedOn`). */
  apply(event: Recorded<LedgerEvent>): void {
    countEvent(this.state, event);
  }

  /**
   * Folds in an event that is no licensing fact: a version of the working-day calendar may change
   * the calendar every decision is judged with (a fixed calendar ignores it); others change
   * nothing. True when the calendar changed, so that any figure document may have.
   */
  applyOther(event: Pick<Recorded<UnknownEvent>, 'type' | 'data' | 'at' | 'metadata'>): boolean {
    if (event.type !== CALENDAR_YEAR_RECORDED) return false;
    const recordedAt = String((event.metadata as { ledgerTime?: unknown }).ledgerTime);
    return applyCalendarVersion(this.state, event.data as CalendarYearRecorded['data'], event.at, recordedAt);
  }

  /** The agency's figures for a year, without `asOf` and `previousYear`. A year without events gives zeros and null rates. */
  figures(agency: string, year: number): YearlyFigures {
    return figuresOf(this.state, agency, year);
  }

  /** The figures broken down by department: the application's department as filed, or a supervision fact's attribution. */
  departments(agency: string, year: number): Record<string, FiguresBreakdown> {
    return departmentsOf(this.state, agency, year);
  }

  /**
   * The figures broken down by item code. Each item's `items` section describes that one item
   * at the year end (total 1 if in force, else 0). Supervision facts count under their item
   * code, else the item of their application; facts with neither are in no item.
   */
  items(agency: string, year: number): Record<string, FiguresBreakdown> {
    return itemsOf(this.state, agency, year);
  }

  /** Agencies with any event applied, sorted. */
  agencies(): string[] {
    return [...this.state.agencies.keys()].sort();
  }

  /** Years (ascending) in which the agency has an event by business time, plus years indicators were reported for. */
  years(agency: string): number[] {
    const state = this.state.agencies.get(agency);
    return state ? [...state.activeYears].sort((a, b) => a - b) : [];
  }

  /**
   * The (agency, year) figure documents whose figures this event can change, ascending by year;
   * answers the same whether asked just before or just after applying the event. `basedOn`,
   * which every event of the agency moves, is left out of the reckoning, but the event's own
   * business year is always included. Unknown event types affect nothing.
   */
  affectedYears(event: Recorded<LedgerEvent>): AgencyYear[] {
    return affectedYearsOf(this.state, event);
  }

  /** The whole state as plain JSON; `restore` it with the same calendar and time zone. */
  snapshot(): YearlyFiguresSnapshot {
    return snapshotOf(this.state);
  }

  /** Resumes from a `snapshot()`: applying the remaining events then equals applying all of them. */
  static restore(snapshot: unknown, options: YearlyFiguresOptions): YearlyFiguresAccumulator {
    const accumulator = new YearlyFiguresAccumulator(options);
    accumulator.state = restoreFigures(snapshot, options.calendar, options.timeZone);
    return accumulator;
  }
}
