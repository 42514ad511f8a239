import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO-8601 date-time with an offset that names a real calendar date and time. */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m;
  const day = new Date(Date.UTC(+y, +mo - 1, +d));
  return day.getUTCFullYear() === +y && day.getUTCMonth() === +mo - 1 && day.getUTCDate() === +d && +h <= 23 && +mi <= 59 && (s === undefined || +s <= 59);
}

/**
 * Business times must carry their offset (a bare local time is ambiguous across zones) and be a
 * real date: 2021-02-30 is refused here, at the door, with the field named.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: buildMessage((each) => `${each}$property must be a real ISO-8601 date-time with an offset, e.g. 2021-03-01T09:00:00+08:00`, options),
      },
    },
    options,
  );
}

/** Ids chosen by clients end up in stream names and URLs: keep them plain. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_MESSAGE = 'must be 1–128 letters, digits, dots, colons, underscores or hyphens, starting with a letter or digit';
export const AGENCY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
