import { LocalDate, localDateOf } from '../shared/time';
import { WorkingDayCalendar } from './working-day-calendar';

/** From this day of the year on, a missing next year is warned about (notices appear Oct–Dec). */
export const NEXT_YEAR_WARNING_FROM = '11-01';

export interface CalendarWarning {
  readonly code: 'CALENDAR.NEXT_YEAR_MISSING';
  /** The year without data. */
  readonly year: number;
  readonly message: string;
}

/**
 * The warning due at `now` (epoch ms, read in `timeZone`): from 1 November, next year's
 * calendar is missing, so deadlines that run into it will soon be undetermined. Null otherwise.
 */
export function calendarWarningAt(
  calendar: Pick<WorkingDayCalendar, 'covers'>,
  now: number,
  timeZone: string,
): CalendarWarning | null {
  const today: LocalDate = localDateOf(now, timeZone);
  const year = Number(today.slice(0, 4));
  if (today.slice(5) < NEXT_YEAR_WARNING_FROM || calendar.covers(year + 1)) return null;
  return {
    code: 'CALENDAR.NEXT_YEAR_MISSING',
    year: year + 1,
    message:
      `the working-day calendar for ${year + 1} is not loaded: deadlines that run into ${year + 1} cannot be computed; ` +
      `load it with \`ledger calendar load cn-${year + 1}.json\` once the State Council notice is published`,
  };
}
