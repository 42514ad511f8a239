import { ValidationError } from '../shared/errors';
import { CALENDAR_ERRORS } from './calendar.errors';
import { CALENDAR_YEAR_RECORDED, CalendarYearRecorded } from './calendar.events';
import { CalendarYear, validateCalendarYear } from './calendar-year';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
import { WorkingDayCalendar } from './working-day-calendar';

/** The region whose calendar the ledger counts in (the national arrangement of the State Council). */
export const LEDGER_CALENDAR_REGION = 'CN';

/** Which version of a year a computation used, e.g. for a figure's `basedOn`. */
export interface CalendarVersionRef {
  readonly region: string;
  readonly year: number;
  readonly version: number;
  readonly source: string;
  /** Ledger time it was recorded; null for a shipped year, which counts as recorded from the start. */
  readonly recordedAt: string | null;
}

export interface CalendarVersion extends CalendarVersionRef {
  readonly definition: CalendarYear;
  readonly supersedes?: number;
  readonly reason?: string;
}

/** The calendar as the ledger held it at one instant, with the versions it is made of. */
export interface CalendarView {
  readonly calendar: WorkingDayCalendar;
  readonly versions: readonly CalendarVersionRef[];
}

/** The shipped years as version 1, recorded from the start. */
export function shippedCalendarVersions(): CalendarVersion[] {
  return SHIPPED_CALENDAR_YEARS.map((raw) => {
    const definition = validateCalendarYear(raw);
    return {
      region: definition.region,
      year: definition.year,
      version: 1,
      source: definition.source,
      recordedAt: null,
      definition,
    };
  });
}

/** The version a recorded event describes; `recordedAt` is its ledger time. */
export function calendarVersionOf(event: CalendarYearRecorded, recordedAt: string): CalendarVersion {
  const { version, supersedes, reason, ...raw } = event.data;
  const definition = validateCalendarYear(raw);
  return {
    region: definition.region,
    year: definition.year,
    version,
    source: definition.source,
    recordedAt,
    definition,
    ...(supersedes === undefined ? {} : { supersedes }),
    ...(reason === undefined ? {} : { reason }),
  };
}

/** Same dates and source: recording it again would change nothing. */
export function sameCalendarYear(a: CalendarYear, b: CalendarYear): boolean {
  const key = (y: CalendarYear) =>
    JSON.stringify([y.region, y.year, [...y.holidays].sort(), [...y.makeupWorkdays].sort(), y.source]);
  return key(a) === key(b);
}

/**
 * Every version of the calendar the ledger holds, shipped and recorded, and the calendar as it
 * stood at any instant: for each year, the latest version recorded by then. Pure; views are
 * cached per set of versions, so asking for many instants builds few calendars.
 */
export class CalendarHistory {
  private readonly versions: readonly CalendarVersion[];
  private readonly views = new Map<string, CalendarView>();

  constructor(
    readonly recorded: readonly CalendarVersion[] = [],
    readonly shipped: readonly CalendarVersion[] = shippedCalendarVersions(),
  ) {
    this.versions = [...shipped, ...recorded];
  }

  /** This history with one more recorded version (a reader folding the calendar's events in order). */
  with(version: CalendarVersion): CalendarHistory {
    return new CalendarHistory([...this.recorded, version], this.shipped);
  }

  /** Every version, shipped first, then in the order recorded. */
  get all(): readonly CalendarVersion[] {
    return this.versions;
  }

  /** The calendar as the ledger held it at `asOf` (epoch ms), or as it stands now when omitted. */
  at(asOf?: number): CalendarView {
    const current = new Map<number, CalendarVersion>();
    for (const version of this.versions) {
      if (asOf !== undefined && version.recordedAt !== null && Date.parse(version.recordedAt) > asOf) continue;
      const held = current.get(version.year);
      if (!held || version.version > held.version) current.set(version.year, version);
    }
    const chosen = [...current.values()].sort((a, b) => a.year - b.year);
    const key = chosen.map((v) => `${v.year}:${v.version}`).join(',');
    let view = this.views.get(key);
    if (!view) {
      view = {
        calendar: new WorkingDayCalendar(chosen.map((v) => v.definition)),
        versions: chosen.map(({ region, year, version, source, recordedAt }) => ({
          region,
          year,
          version,
          source,
          recordedAt,
        })),
      };
      this.views.set(key, view);
    }
    return view;
  }

  /** The version of `year` standing now, if any. */
  current(year: number): CalendarVersion | undefined {
    let held: CalendarVersion | undefined;
    for (const version of this.versions)
      if (version.year === year && (!held || version.version > held.version)) held = version;
    return held;
  }
}

/** What `ledger calendar load` and the admin endpoint ask for. */
export interface RecordCalendarYear {
  /** A calendar year as in `cn-<year>.json`; validated here. */
  readonly definition: unknown;
  /** Required when the year already has a version (shipped or recorded): why it is corrected. */
  readonly reason?: string;
}

/**
 * Decides what recording a year adds: nothing when it equals the version standing (a retried load
 * is harmless), a first version for a new year, or a correction superseding the standing version,
 * which needs a reason.
 */
export function decideCalendarYear(
  command: RecordCalendarYear,
  history: CalendarHistory,
  now: number,
): CalendarYearRecorded[] {
  const definition = validateCalendarYear(command.definition);
  const standing = history.current(definition.year);
  if (standing && sameCalendarYear(standing.definition, definition)) return [];
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (standing && reason === '') {
    throw new ValidationError(
      CALENDAR_ERRORS.CORRECTION_WITHOUT_REASON,
      `calendar year ${definition.year} already has version ${standing.version} (${standing.source}); a correction must give its reason`,
      'reason',
    );
  }
  if (definition.region !== LEDGER_CALENDAR_REGION) {
    throw new ValidationError(
      CALENDAR_ERRORS.MALFORMED_YEAR,
      `the ledger counts working days on the ${LEDGER_CALENDAR_REGION} calendar; got region ${JSON.stringify(definition.region)}`,
      'region',
    );
  }
  return [
    {
      type: CALENDAR_YEAR_RECORDED,
      at: new Date(now).toISOString(),
      data: {
        region: definition.region,
        year: definition.year,
        holidays: [...definition.holidays],
        makeupWorkdays: [...definition.makeupWorkdays],
        source: definition.source,
        version: standing ? standing.version + 1 : 1,
        ...(standing ? { supersedes: standing.version, reason } : reason ? { reason } : {}),
      },
    },
  ];
}

/** Whether a stored event type is the calendar's. */
export const isCalendarEventType = (type: string): boolean => type === CALENDAR_YEAR_RECORDED;
