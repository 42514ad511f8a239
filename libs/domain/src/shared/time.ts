/**
 * Business times arrive as ISO-8601 instants with an offset. Figures and working days are
 * counted in the agency's time zone (Asia/Shanghai unless configured), so every date question
 * goes through these helpers rather than `Date#getDate()` in whatever zone the process runs.
 */

/** A calendar date `YYYY-MM-DD` in the agency's time zone. */
export type LocalDate = string;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The one parser of instants lives beside this module; re-exported for the callers that import it from here. */
export { parseInstant } from './instant';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offsets by zone, cached per hour: rebuilding millions of events must not call Intl for each. */
const hourCache = new Map<string, LocalDate>();
const HOUR = 3_600_000;

/** The agency-local calendar date of an instant. */
export function localDateOf(instant: string | number, timeZone: string = DEFAULT_TIME_ZONE): LocalDate {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const hour = Math.floor(ms / HOUR);
  const key = `${timeZone}|${hour}`;
  let date = hourCache.get(key);
  if (date === undefined) {
    // Zones we serve have whole-hour offsets, so one lookup per hour is exact.
    date = formatterFor(timeZone).format(new Date(hour * HOUR));
    if (hourCache.size > 200_000) hourCache.clear();
    hourCache.set(key, date);
  }
  return date;
}

/** The agency-local year of an instant. */
export function localYearOf(instant: string | number, timeZone: string = DEFAULT_TIME_ZONE): number {
  return Number(localDateOf(instant, timeZone).slice(0, 4));
}

/** Adds whole days to a local date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Day of week of a local date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
