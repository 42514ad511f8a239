/**
 * Stable codes of the errors raised by the working-day calendar and the statutory deadline.
 * Callers match on these, never on messages, which name the offending year, date or file.
 */
export const CALENDAR_ERRORS = {
  /** A date was asked about in a year the calendar has no data for (and no weekend fallback). */
  YEAR_NOT_LOADED: 'CALENDAR.YEAR_NOT_LOADED',
  /** A date is not a real `YYYY-MM-DD` date. */
  INVALID_DATE: 'CALENDAR.INVALID_DATE',
  /** A working-day count is not a non-negative whole number. */
  INVALID_COUNT: 'CALENDAR.INVALID_COUNT',
  /** `workingDaysBetween` was given an end before its start. */
  RANGE_REVERSED: 'CALENDAR.RANGE_REVERSED',
  /** A year definition is missing a field or has one of the wrong shape. */
  MALFORMED_YEAR: 'CALENDAR.MALFORMED_YEAR',
  /** A holiday or make-up day lies outside the year it is listed under. */
  DATE_OUTSIDE_YEAR: 'CALENDAR.DATE_OUTSIDE_YEAR',
  /** The same date is listed twice in one list. */
  DUPLICATE_DATE: 'CALENDAR.DUPLICATE_DATE',
  /** A date is listed both as a holiday and as a make-up working day. */
  HOLIDAY_AND_MAKEUP: 'CALENDAR.HOLIDAY_AND_MAKEUP',
  /** A make-up working day falls on a weekday, where it would change nothing: almost surely a typo. */
  MAKEUP_NOT_ON_WEEKEND: 'CALENDAR.MAKEUP_NOT_ON_WEEKEND',
  /** Two definitions for the same year were given where one was expected. */
  DUPLICATE_YEAR: 'CALENDAR.DUPLICATE_YEAR',
  /** A calendar directory or file could not be read. */
  FILE_UNREADABLE: 'CALENDAR.FILE_UNREADABLE',
  /** A calendar file is not valid JSON. */
  FILE_MALFORMED: 'CALENDAR.FILE_MALFORMED',
  /** A year that already has a version was recorded again with other dates but no reason. */
  CORRECTION_WITHOUT_REASON: 'CALENDAR.CORRECTION_WITHOUT_REASON',
  /** The year in the path of `PUT /v1/admin/calendar/{year}` is not the year of the body. */
  YEAR_MISMATCH: 'CALENDAR.YEAR_MISMATCH',
  /** A reason given with a load is not a string. */
  INVALID_REASON: 'CALENDAR.INVALID_REASON',
} as const;

/** Stable codes of the errors raised when computing a statutory deadline. */
export const TIME_LIMIT_ERRORS = {
  /** The statutory limit or the extension is not a non-negative whole number of working days. */
  INVALID_DAYS: 'TIME_LIMIT.INVALID_DAYS',
  /** A suspension starts before the application was accepted. */
  SUSPENSION_BEFORE_ACCEPTANCE: 'TIME_LIMIT.SUSPENSION_BEFORE_ACCEPTANCE',
  /** A suspension resumes before it started. */
  SUSPENSION_ENDS_BEFORE_START: 'TIME_LIMIT.SUSPENSION_ENDS_BEFORE_START',
  /** Not an error thrown but a reason given: the decision came while a suspension was open. */
  STILL_SUSPENDED: 'TIME_LIMIT.STILL_SUSPENDED',
} as const;
