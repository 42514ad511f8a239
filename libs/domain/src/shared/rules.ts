import { ValidationError } from './errors';
import { parseInstant } from './time';

/**
 * Common-sense rules about business times that every decider applies: a fact cannot be
 * recorded as happening in the future, nor before the fact it follows.
 */
export function requireBusinessTime(
  at: string,
  field: string,
  now: number,
  notBefore?: { at: string; what: string },
): number {
  const ms = parseInstant(at, field);
  // A minute of tolerance for clocks of upstream systems that run slightly ahead.
  if (ms > now + 60_000) throw new ValidationError('TIME.IN_FUTURE', `${field} ${at} is in the future`, field);
  if (notBefore && ms < Date.parse(notBefore.at)) {
    throw new ValidationError(
      'TIME.BEFORE_PRECEDING_FACT',
      `${field} ${at} is before ${notBefore.what} (${notBefore.at})`,
      field,
    );
  }
  return ms;
}

export function requireText(value: string | null | undefined, field: string, code: string, what: string): string {
  // JSON null reaches here for optional DTO fields (IsOptional lets it through): it is as absent as undefined.
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError(code, `${field} is required: ${what}`, field);
  return value;
}
