/**
 * The one reading of an instant, shared by commands (business times), queries (`asOf`, `upTo`),
 * imports and exports (`--from`, `--to`). A value it accepts is a real instant that every reader
 * downstream can place on a calendar; anything else is refused at the door, because an event can
 * never be edited afterwards.
 *
 * The rule: `YYYY-MM-DDThh:mm[:ss[.fraction]]` followed by `Z` or an offset `±hh:mm`, where
 * - the date and time exist (no 30 February, no 24:00, no leap second 23:59:60: JavaScript's
 *   `Date` cannot hold one, and every reader would disagree about it);
 * - the offset lies within −12:00…+14:00, the range of offsets in use on Earth (Baker Island to
 *   Kiribati), minutes below 60; `+25:00` or `+08:99` name no place and no instant;
 * - the year lies in 1900–2999: every local date in that range exists in every time zone and has
 *   a four-digit year, which the agency-year and monthly readers rely on;
 * - the fraction has at most 9 digits; the instant is kept to the millisecond (truncated, as
 *   `Date.parse` does), so every reader that re-parses the stored string gets the same number.
 */
import { ValidationError } from './errors';

export const INSTANT_MIN_YEAR = 1900;
export const INSTANT_MAX_YEAR = 2999;
/** Offsets in minutes east of UTC. */
export const INSTANT_MIN_OFFSET_MINUTES = -12 * 60;
export const INSTANT_MAX_OFFSET_MINUTES = 14 * 60;

/** What the refusal says, so that every door words the rule alike. */
export const INSTANT_RULE =
  `an ISO-8601 instant with an offset from -12:00 to +14:00 (or Z), a real date and time in the years ${INSTANT_MIN_YEAR}–${INSTANT_MAX_YEAR}, ` +
  'e.g. 2021-03-01T09:00:00+08:00';

/** Why a value is not an instant: its shape, its calendar date or time, its offset, or its year. */
export type InstantFault = 'format' | 'date' | 'offset' | 'year';

export type InstantReading =
  { readonly ok: true; readonly epochMs: number } | { readonly ok: false; readonly fault: InstantFault };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Reads an instant without throwing; `epochMs` is its number of milliseconds since 1970 (UTC). */
export function readInstant(value: unknown): InstantReading {
  if (typeof value !== 'string') return { ok: false, fault: 'format' };
  const m = SHAPE.exec(value);
  if (!m) return { ok: false, fault: 'format' };
  const [, y, mo, d, h, mi, s = '0', fraction = '', sign, oh, om] = m;
  const year = +y;
  const calendarDay = new Date(Date.UTC(2000, +mo - 1, +d));
  calendarDay.setUTCFullYear(year);
  if (
    +mo < 1 ||
    +mo > 12 ||
    calendarDay.getUTCMonth() !== +mo - 1 ||
    calendarDay.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  ) {
    return { ok: false, fault: 'date' };
  }
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (+oh * 60 + +om);
  if ((oh !== undefined && +om > 59) || offset < INSTANT_MIN_OFFSET_MINUTES || offset > INSTANT_MAX_OFFSET_MINUTES)
    return { ok: false, fault: 'offset' };
  if (year < INSTANT_MIN_YEAR || year > INSTANT_MAX_YEAR) return { ok: false, fault: 'year' };
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return { ok: true, epochMs: Date.UTC(year, +mo - 1, +d, +h, +mi, +s, ms) - offset * 60_000 };
}

/** True for a value {@link readInstant} accepts. */
export function isInstant(value: unknown): value is string {
  return readInstant(value).ok;
}

const CODE_BY_FAULT: Record<InstantFault, string> = {
  format: 'TIME.INVALID',
  date: 'TIME.IMPOSSIBLE',
  offset: 'TIME.OFFSET',
  year: 'TIME.YEAR',
};
const REASON_BY_FAULT: Record<InstantFault, string> = {
  format: 'is not an ISO-8601 instant with an offset',
  date: 'is not a real date or time',
  offset: 'has an offset outside -12:00…+14:00',
  year: `is outside the years ${INSTANT_MIN_YEAR}–${INSTANT_MAX_YEAR}`,
};

/** Why `value` was refused, in the words of the rule. */
export function instantProblem(field: string, value: unknown): string {
  const reading = readInstant(value);
  const reason = reading.ok ? 'is an instant' : REASON_BY_FAULT[reading.fault];
  return `${field} ${reason}: it must be ${INSTANT_RULE}`;
}

/**
 * Parses an instant or throws a {@link ValidationError} naming `field`, with a code per fault
 * (`TIME.INVALID`, `TIME.IMPOSSIBLE`, `TIME.OFFSET`, `TIME.YEAR`); returns epoch milliseconds.
 */
export function parseInstant(value: string, field: string, code?: string): number {
  const reading = readInstant(value);
  if (!reading.ok) throw new ValidationError(code ?? CODE_BY_FAULT[reading.fault], instantProblem(field, value), field);
  return reading.epochMs;
}

/** The instant in UTC (`…Z`, milliseconds), the form queries are normalised to. */
export function instantToUtc(value: string, field: string, code?: string): string {
  return new Date(parseInstant(value, field, code)).toISOString();
}
