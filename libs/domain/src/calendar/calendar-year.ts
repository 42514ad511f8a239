import { ValidationError } from '../shared/errors';
import { LocalDate, weekdayOf } from '../shared/time';
import { CALENDAR_ERRORS } from './calendar.errors';
import { isRealLocalDate } from './local-date-check';

/**
 * One year of official working-day arrangements for a region, as published by the State Council
 * (国务院办公厅关于某年部分节假日安排的通知) and any later amendment.
 *
 * Weekdays are working days unless listed in `holidays`; Saturdays and Sundays are rest days
 * unless listed in `makeupWorkdays` (调休上班). Listing the weekend days inside a holiday break
 * is allowed and changes nothing; it lets the file mirror the notice ("10月1日至8日放假").
 */
export interface CalendarYear {
  /** Region the arrangement applies to, e.g. `CN` for the national schedule. */
  readonly region: string;
  readonly year: number;
  /** Rest days, all inside `year`. */
  readonly holidays: readonly LocalDate[];
  /** Weekend days that are worked to make up for a bridged holiday, all inside `year`. */
  readonly makeupWorkdays: readonly LocalDate[];
  /** The notice(s) the arrangement comes from, so an auditor can check it. */
  readonly source: string;
}

/**
 * Checks that `raw` is a well-formed {@link CalendarYear} and returns a frozen copy with its
 * date lists sorted. Throws a `ValidationError` naming the problem, prefixed by `origin`
 * (e.g. the file it came from) when given.
 */
export function validateCalendarYear(raw: unknown, origin?: string): CalendarYear {
  const fail = (code: string, problem: string, field?: string): never => {
    throw new ValidationError(code, `${origin ? `${origin}: ` : ''}${problem}`, field);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(
      CALENDAR_ERRORS.MALFORMED_YEAR,
      'a calendar year must be a JSON object with region, year, holidays, makeupWorkdays and source',
    );
  }
  const input = raw as Record<string, unknown>;
  const { region, year, source } = input;
  if (typeof region !== 'string' || region.trim() === '')
    return fail(CALENDAR_ERRORS.MALFORMED_YEAR, 'region must be a non-empty string, e.g. "CN"', 'region');
  // Four digits, because dates are written YYYY-MM-DD.
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    return fail(
      CALENDAR_ERRORS.MALFORMED_YEAR,
      `year must be a four-digit whole number, got ${JSON.stringify(year)}`,
      'year',
    );
  }
  const where = origin ? '' : `calendar year ${year}: `;
  const failIn = (code: string, problem: string, field?: string): never => fail(code, `${where}${problem}`, field);
  if (typeof source !== 'string' || source.trim() === '') {
    return failIn(CALENDAR_ERRORS.MALFORMED_YEAR, 'source must name the notice the arrangement comes from', 'source');
  }

  const readDates = (field: 'holidays' | 'makeupWorkdays'): LocalDate[] => {
    const list = input[field];
    if (!Array.isArray(list))
      return failIn(CALENDAR_ERRORS.MALFORMED_YEAR, `${field} must be an array of YYYY-MM-DD dates`, field);
    const seen = new Set<LocalDate>();
    for (const [i, date] of (list as unknown[]).entries()) {
      const at = `${field}[${i}]`;
      if (!isRealLocalDate(date))
        return failIn(CALENDAR_ERRORS.INVALID_DATE, `${at} is not a real YYYY-MM-DD date: ${JSON.stringify(date)}`, at);
      if (Number(date.slice(0, 4)) !== year)
        return failIn(CALENDAR_ERRORS.DATE_OUTSIDE_YEAR, `${at} ${date} is not in ${year}`, at);
      // A repeated date is harmless to the arithmetic but usually a typo for another date.
      if (seen.has(date))
        return failIn(CALENDAR_ERRORS.DUPLICATE_DATE, `${at} ${date} is listed twice in ${field}`, at);
      seen.add(date);
    }
    return [...seen].sort();
  };
  const holidays = readDates('holidays');
  const makeupWorkdays = readDates('makeupWorkdays');

  const holidaySet = new Set(holidays);
  for (const date of makeupWorkdays) {
    if (holidaySet.has(date))
      return failIn(
        CALENDAR_ERRORS.HOLIDAY_AND_MAKEUP,
        `${date} is listed both as a holiday and as a make-up working day`,
        'makeupWorkdays',
      );
    const weekday = weekdayOf(date);
    if (weekday !== 0 && weekday !== 6) {
      return failIn(
        CALENDAR_ERRORS.MAKEUP_NOT_ON_WEEKEND,
        `make-up working day ${date} is not a Saturday or Sunday, so listing it would change nothing`,
        'makeupWorkdays',
      );
    }
  }
  return Object.freeze({
    region,
    year,
    holidays: Object.freeze(holidays),
    makeupWorkdays: Object.freeze(makeupWorkdays),
    source,
  });
}
