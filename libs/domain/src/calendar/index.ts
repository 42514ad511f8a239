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
export { CALENDAR_DIR_ENV_VAR, loadDefaultCalendar, readCalendarYearsFromDir } from './calendar-file.loader';
