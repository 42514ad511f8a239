/**
 * Working-day calendar and statutory deadlines. Everything here is pure except
 * `calendar-file.loader`, which reads operator calendar files with Node's `fs`.
 */
export { CALENDAR_ERRORS, TIME_LIMIT_ERRORS } from './calendar.errors';
export { type CalendarYear, validateCalendarYear } from './calendar-year';
export { isRealLocalDate } from './local-date-check';
export { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
export { WorkingDayCalendar, type WorkingDayCalendarOptions } from './working-day-calendar';
export {
  DEFAULT_STATUTORY_LIMIT_DAYS,
  STANDARD_EXTENSION_DAYS,
  type KnownStatutoryDeadline,
  type PendingStatutoryDeadline,
  type StatutoryDeadline,
  type StatutoryDeadlineInput,
  type TimeLimitSuspension,
  type WorkingDayCounter,
  type DecisionTimeliness,
  computeStatutoryDeadline,
  isOnTime,
  judgeDecision,
} from './statutory-deadline';
export {
  CALENDAR_DIR_ENV_VAR,
  baseCalendarVersions,
  loadDefaultCalendar,
  readCalendarYearsFromDir,
} from './calendar-file.loader';
export {
  CALENDAR_YEAR_RECORDED,
  type CalendarEvent,
  type CalendarYearRecorded,
  calendarStreamId,
} from './calendar.events';
export {
  CalendarHistory,
  type CalendarVersion,
  type CalendarVersionRef,
  type CalendarView,
  LEDGER_CALENDAR_REGION,
  type RecordCalendarYear,
  calendarVersionOf,
  decideCalendarYear,
  isCalendarEventType,
  sameCalendarYear,
  shippedCalendarVersions,
} from './calendar-versions';
export { type CalendarWarning, NEXT_YEAR_WARNING_FROM, calendarWarningAt } from './calendar-warnings';
