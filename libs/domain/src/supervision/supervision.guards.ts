import { PersonalData } from '../personal-data/personal-data';
import { DecisionContext } from '../shared/decider';
import { ValidationError } from '../shared/errors';
import { requireText } from '../shared/rules';
import { localYearOf } from '../shared/time';

/*
 * Input checks the supervision deciders share. Enumerations and flags are checked at run time
 * too: a bad value that reached the store would break every later replay of the projections.
 */

/** An optional text: absent (undefined or JSON null) is fine, blank is not. */
export function optionalText(value: string | null | undefined, field: string, code: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError(code, `${field} must not be blank when given`, field);
  return value;
}

export function requireOneOf<T extends string>(value: T, allowed: readonly T[], field: string, code: string): T {
  if (!allowed.includes(value))
    throw new ValidationError(
      code,
      `${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
      field,
    );
  return value;
}

export function requireFlag(value: boolean, field: string, code: string): boolean {
  if (typeof value !== 'boolean')
    throw new ValidationError(code, `${field} must be true or false, got ${JSON.stringify(value)}`, field);
  return value;
}

/** A reporting year: 1990–2100 and not after the current year in the agency's time zone. */
export function requireYear(year: number, field: string, codePrefix: string, context: DecisionContext): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) {
    throw new ValidationError(
      `${codePrefix}.YEAR_OUT_OF_RANGE`,
      `${field} must be a year from 1990 to 2100, got ${JSON.stringify(year)}`,
      field,
    );
  }
  const currentYear = localYearOf(context.now, context.timeZone);
  if (year > currentYear)
    throw new ValidationError(
      `${codePrefix}.YEAR_IN_FUTURE`,
      `${field} ${year} is after the current year ${currentYear}`,
      field,
    );
  return year;
}

/** The object without its undefined properties, so optional fields are absent from events rather than `undefined`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The decision instant as a business time, for commands whose `at` may be omitted. */
export const instantOf = (ms: number): string => new Date(ms).toISOString();

/** A data subject named in a complaint or appeal must at least have a name; the rest is optional. */
export function requirePersonalData(
  person: PersonalData | null | undefined,
  field: string,
  code: string,
): PersonalData | undefined {
  if (person === undefined || person === null) return undefined;
  requireText(person.name, `${field}.name`, code, 'the name of the person or organisation');
  return person;
}
