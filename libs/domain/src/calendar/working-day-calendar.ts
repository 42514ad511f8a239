import { ValidationError } from '../shared/errors';
import { LocalDate } from '../shared/time';
import { CALENDAR_ERRORS } from './calendar.errors';
import { CalendarYear, validateCalendarYear } from './calendar-year';
import { requireLocalDate } from './local-date-check';
import { WorkingDayYearTable, buildYearTable, firstDayReaching } from './working-day-year-table';

/** How the calendar behaves outside the years it has data for. */
export interface WorkingDayCalendarOptions {
  /**
   * Treat a year without data as "Monday to Friday, no holidays" instead of throwing
   * `CALENDAR.YEAR_NOT_LOADED`. Off by default: a missing year silently counted as weekends-only
   * would move deadlines across Spring Festival and National Day and mark late decisions on time.
   * Meant for tests and for operators who knowingly accept the approximation.
   */
  readonly fallbackToWeekends?: boolean;
}

interface DayRef {
  readonly table: WorkingDayYearTable;
  readonly index: number;
}

/**
 * Working days of the agency (《行政许可法》第八十二条: time limits are counted in working days,
 * excluding statutory holidays), built from per-year data because holidays and make-up working
 * days change every year. Pure and immutable once built: it holds no clock and reads no files.
 */
export class WorkingDayCalendar {
  private readonly definitions = new Map<number, CalendarYear>();
  private readonly tables = new Map<number, WorkingDayYearTable>();
  /** Weekends-only tables made on demand when `fallbackToWeekends` is on; derived, so caching is safe. */
  private readonly fallbackTables = new Map<number, WorkingDayYearTable>();
  private readonly fallbackToWeekends: boolean;

  /**
   * @param years one definition per year; each is validated (dates real and inside its year, no
   *   date both holiday and make-up, make-up days on weekends) and a `ValidationError` names the
   *   first problem found. Two definitions of one year are rejected: merge overrides beforehand.
   */
  constructor(years: readonly CalendarYear[], options: WorkingDayCalendarOptions = {}) {
    for (const raw of years) {
      const year = validateCalendarYear(raw);
      if (this.definitions.has(year.year)) {
        throw new ValidationError(
          CALENDAR_ERRORS.DUPLICATE_YEAR,
          `calendar year ${year.year} is defined more than once`,
          'year',
        );
      }
      this.definitions.set(year.year, year);
      this.tables.set(year.year, buildYearTable(year.year, year.holidays, year.makeupWorkdays));
    }
    this.fallbackToWeekends = options.fallbackToWeekends ?? false;
  }

  /** The years with real data, ascending (fallback years are not listed). */
  get years(): readonly number[] {
    return [...this.definitions.keys()].sort((a, b) => a - b);
  }

  /** Whether real data is loaded for `year` (a weekends-only fallback does not count). */
  covers(year: number): boolean {
    return this.definitions.has(year);
  }

  /** The definition loaded for `year`, e.g. to cite its `source` in a report. */
  definitionOf(year: number): CalendarYear | undefined {
    return this.definitions.get(year);
  }

  /** Whether `date` is a working day: a weekday that is not a holiday, or a make-up weekend day. */
  isWorkingDay(date: LocalDate): boolean {
    const { table, index } = this.locate(date, 'date');
    return table.working[index] === 1;
  }

  /**
   * The `n`-th working day strictly after `from` (`from` itself never counts, whether or not it
   * is a working day); `n = 0` gives `from`. Throws `CALENDAR.YEAR_NOT_LOADED` if the count runs
   * into a year without data.
   */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new ValidationError(
        CALENDAR_ERRORS.INVALID_COUNT,
        `the number of working days must be a whole number ≥ 0, got ${n}`,
        'n',
      );
    }
    let { table, index } = this.locate(from, 'from');
    if (n === 0) return from;
    let remaining = n;
    for (;;) {
      const target = (index < 0 ? 0 : table.workingUpTo[index]) + remaining;
      if (target <= table.total) return table.dates[firstDayReaching(table, target, index + 1)];
      remaining = target - table.total;
      table = this.tableFor(table.year + 1);
      index = -1;
    }
  }

  /**
   * Number of working days `d` with `afterExclusive < d <= toInclusive`, i.e. how many working
   * days have elapsed from the end of `afterExclusive` to the end of `toInclusive`. Every year
   * the range touches must be loaded. Throws `CALENDAR.RANGE_REVERSED` if `toInclusive` is
   * before `afterExclusive`, which would otherwise hide a data error behind a negative count.
   */
  workingDaysBetween(afterExclusive: LocalDate, toInclusive: LocalDate): number {
    const start = this.locate(afterExclusive, 'afterExclusive');
    const end = this.locate(toInclusive, 'toInclusive');
    if (toInclusive < afterExclusive) {
      throw new ValidationError(
        CALENDAR_ERRORS.RANGE_REVERSED,
        `toInclusive ${toInclusive} is before afterExclusive ${afterExclusive}`,
        'toInclusive',
      );
    }
    if (start.table.year === end.table.year)
      return end.table.workingUpTo[end.index] - start.table.workingUpTo[start.index];
    let count = start.table.total - start.table.workingUpTo[start.index];
    for (let year = start.table.year + 1; year < end.table.year; year++) count += this.tableFor(year).total;
    return count + end.table.workingUpTo[end.index];
  }

  /** Finds the table and day index of a date; the hot path is two map lookups. */
  private locate(date: LocalDate, field: string): DayRef {
    const table = this.tables.get(Number(date.slice(0, 4)));
    const index = table?.dayOfYear.get(date);
    if (table && index !== undefined) return { table, index };
    // Slow path: report a malformed date as such rather than as a missing year.
    requireLocalDate(date, field);
    const fallback = this.tableFor(Number(date.slice(0, 4)));
    return { table: fallback, index: fallback.dayOfYear.get(date)! };
  }

  private tableFor(year: number): WorkingDayYearTable {
    const loaded = this.tables.get(year);
    if (loaded) return loaded;
    if (!this.fallbackToWeekends) {
      const known = this.years;
      throw new ValidationError(
        CALENDAR_ERRORS.YEAR_NOT_LOADED,
        `no working-day calendar is loaded for ${year} (loaded: ${known.length ? known.join(', ') : 'none'}); ` +
          `add a calendar file for ${year} with that year's State Council holiday arrangement`,
        'year',
      );
    }
    let table = this.fallbackTables.get(year);
    if (!table) {
      table = buildYearTable(year, [], []);
      this.fallbackTables.set(year, table);
    }
    return table;
  }
}
