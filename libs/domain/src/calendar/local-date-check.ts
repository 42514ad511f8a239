import { ValidationError } from '../shared/errors';
import { LocalDate } from '../shared/time';
import { CALENDAR_ERRORS } from './calendar.errors';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a `YYYY-MM-DD` string naming a date that exists (no 2021-02-29). */
export function isRealLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(+y, +mo - 1, +d));
  // Date.UTC maps years 0–99 to 1900–1999, hence the explicit year check too.
  return date.getUTCFullYear() === +y && date.getUTCMonth() === +mo - 1 && date.getUTCDate() === +d;
}

/** Throws `CALENDAR.INVALID_DATE` unless `value` is a real `YYYY-MM-DD` date. */
export function requireLocalDate(value: unknown, field: string): LocalDate {
  if (!isRealLocalDate(value)) {
    throw new ValidationError(
      CALENDAR_ERRORS.INVALID_DATE,
      `${field} must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}
