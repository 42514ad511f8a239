import { Event } from '../shared/event';
import { LocalDate } from '../shared/time';

export const CALENDAR_YEAR_RECORDED = 'CalendarYearRecorded.v1';

/**
 * One version of one year of the working-day calendar, recorded in the ledger so that every
 * on-time figure can say which calendar it was computed with, and an `asOf` before a correction
 * reproduces it. The shipped years count as version 1, recorded from the start; the first
 * recording of any other year is version 1 too, and each correction supersedes the version
 * before it with a reason. Its business time (`at`) is the instant it was recorded.
 */
export type CalendarYearRecorded = Event<
  typeof CALENDAR_YEAR_RECORDED,
  {
    region: string;
    year: number;
    holidays: LocalDate[];
    makeupWorkdays: LocalDate[];
    /** The notice the arrangement comes from. */
    source: string;
    version: number;
    /** The version this one replaces; absent for a year's first version. */
    supersedes?: number;
    /** Why the earlier version was wrong; required with `supersedes`. */
    reason?: string;
  }
>;

export type CalendarEvent = CalendarYearRecorded;

/**
 * One stream per region (a handful of events a year). The calendar belongs to no single agency,
 * so the agency part of the `<kind>-<agency>.<id>` name is `all`, as for the region hierarchy.
 */
export const calendarStreamId = (region: string) => `calendar-all.${region}`;
