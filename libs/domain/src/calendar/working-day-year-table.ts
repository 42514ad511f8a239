import { LocalDate, addDays, weekdayOf } from '../shared/time';

/**
 * One year precomputed for fast answers: the figures projection asks the calendar hundreds of
 * thousands of times per rebuild, so every question becomes an array lookup or a binary search
 * over `workingUpTo` instead of a walk from day to day.
 */
export interface WorkingDayYearTable {
  readonly year: number;
  /** Every date of the year in order; index = day of the year, 0-based. */
  readonly dates: readonly LocalDate[];
  /** Day of the year of each date; doubles as the check that a date string is real and canonical. */
  readonly dayOfYear: ReadonlyMap<LocalDate, number>;
  /** 1 where the day is a working day. */
  readonly working: Uint8Array;
  /** Number of working days from 1 January up to and including each day of the year. */
  readonly workingUpTo: Uint16Array;
  /** Working days in the whole year. */
  readonly total: number;
}

/**
 * Builds the table of `year`: weekdays work unless in `holidays`, weekends rest unless in
 * `makeupWorkdays`. Called with empty lists it gives the weekends-only fallback.
 */
export function buildYearTable(
  year: number,
  holidays: Iterable<LocalDate>,
  makeupWorkdays: Iterable<LocalDate>,
): WorkingDayYearTable {
  const holidaySet = new Set(holidays);
  const makeupSet = new Set(makeupWorkdays);
  const first = `${year}-01-01`;
  const length = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1 ? 366 : 365;
  const dates: LocalDate[] = new Array(length);
  const dayOfYear = new Map<LocalDate, number>();
  const working = new Uint8Array(length);
  const workingUpTo = new Uint16Array(length);
  let weekday = weekdayOf(first);
  let count = 0;
  for (let i = 0; i < length; i++) {
    const date = addDays(first, i);
    dates[i] = date;
    dayOfYear.set(date, i);
    const weekend = weekday === 0 || weekday === 6;
    const isWorking = weekend ? makeupSet.has(date) : !holidaySet.has(date);
    if (isWorking) {
      working[i] = 1;
      count++;
    }
    workingUpTo[i] = count;
    weekday = (weekday + 1) % 7;
  }
  return { year, dates, dayOfYear, working, workingUpTo, total: count };
}

/** Smallest index `i >= from` with `workingUpTo[i] >= target`; the caller ensures one exists. */
export function firstDayReaching(table: WorkingDayYearTable, target: number, from: number): number {
  let lo = from;
  let hi = table.workingUpTo.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table.workingUpTo[mid] >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
