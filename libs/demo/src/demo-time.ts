/**
 * Business time as the demo writes it: local days (Beijing time) as day numbers, seconds since
 * local midnight, and the working days of a year. Shared by the application schedule and the
 * licences' lives, so both write the same kind of instant.
 */
import { WorkingDayCalendar } from '@ledger/domain';

export const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
export const MIN = 60;
export const HOUR = 3_600;

/** Local day number (days since 1970-01-01 in Beijing time) of a `YYYY-MM-DD` date. */
export const dayNumberOf = (date: string): number =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A business time in Beijing time: a local day and the seconds since its midnight. */
export function instant(day: number, seconds: number): { ms: number; iso: string } {
  const s = Math.floor(seconds);
  return {
    ms: day * DAY_MS + s * 1000 - OFFSET_MS,
    iso: `${dateOfDay(day)}T${pad(Math.floor(s / HOUR), 2)}:${pad(Math.floor((s % HOUR) / MIN), 2)}:${pad(s % MIN, 2)}+08:00`,
  };
}

/** The working days of one year as local day numbers. */
export function workingDaysOf(calendar: WorkingDayCalendar, year: number): number[] {
  const days: number[] = [];
  for (let d = dayNumberOf(`${year}-01-01`), end = dayNumberOf(`${year}-12-31`); d <= end; d++)
    if (calendar.isWorkingDay(dateOfDay(d))) days.push(d);
  return days;
}
