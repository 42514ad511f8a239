/**
 * Agency-local days and years of business times, exact and cheap enough to run once per event
 * of a multi-million-event rebuild. `localDateOf`/`localYearOf` from the domain give the same
 * answers; this clock avoids their per-call string keys and `Date.parse`: it reads the ISO
 * string's own fields and offset to get the instant, then shifts it by the zone's offset,
 * looked up with `Intl` once per hour of UTC time and remembered.
 */
import { LocalDate } from '@ledger/domain';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The year of a day number (days from 1970-01-01). */
export function yearOfDay(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDay(dayNumber: number): LocalDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The day number of a `YYYY-MM-DD` date (no validation: callers pass dates the calendar produced). */
export function dayOfDate(date: LocalDate): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Epoch milliseconds of an ISO-8601 instant with offset, as the domain writes business times
 * (`YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`); fractions beyond milliseconds are truncated,
 * as `Date.parse` does. Anything else goes through `Date.parse`; `NaN` if that fails too.
 */
export function instantOf(iso: string): number {
  const n = iso.length;
  if (
    n >= 17 &&
    iso.charCodeAt(4) === 45 &&
    iso.charCodeAt(7) === 45 &&
    iso.charCodeAt(10) === 84 &&
    iso.charCodeAt(13) === 58
  ) {
    const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + two(iso, 2);
    const month = two(iso, 5);
    const day = two(iso, 8);
    const hour = two(iso, 11);
    const minute = two(iso, 14);
    let i = 16;
    let second = 0;
    let millis = 0;
    if (iso.charCodeAt(i) === 58) {
      second = two(iso, i + 1);
      i += 3;
      if (iso.charCodeAt(i) === 46) {
        i++;
        let scale = 100;
        while (i < n) {
          const d = digit(iso, i);
          if (d !== d) break;
          millis += d * scale;
          scale /= 10;
          i++;
        }
        millis = Math.floor(millis);
      }
    }
    let offsetMinutes = NaN;
    const sign = iso.charCodeAt(i);
    if (sign === 90 && i === n - 1) offsetMinutes = 0;
    else if ((sign === 43 || sign === 45) && i === n - 6 && iso.charCodeAt(i + 3) === 58) {
      offsetMinutes = (two(iso, i + 1) * 60 + two(iso, i + 4)) * (sign === 45 ? -1 : 1);
    }
    const ms =
      daysFromCivil(year, month, day) * DAY_MS +
      hour * HOUR_MS +
      minute * MINUTE_MS +
      second * 1000 +
      millis -
      offsetMinutes * MINUTE_MS;
    if (ms === ms && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59)
      return ms;
  }
  return Date.parse(iso);
}

/**
 * The agency's clock: which local day and year an instant falls on in one IANA time zone.
 * Zone offsets are cached per UTC hour (the zones served change offset on whole hours, as the
 * domain's `localDateOf` also assumes), with the last hour remembered for runs of nearby events.
 */
export class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private lastHour = NaN;
  private lastOffset = 0;
  private readonly yearStarts = new Map<number, number>();

  constructor(readonly timeZone: string) {
    // Throws RangeError for an unknown zone, which is what a misconfiguration deserves.
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset of local time from UTC at an instant, in milliseconds. */
  offsetAt(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    if (hour === this.lastHour) return this.lastOffset;
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = this.computeOffset(hour * HOUR_MS);
      this.offsets.set(hour, offset);
    }
    this.lastHour = hour;
    this.lastOffset = offset;
    return offset;
  }

  /** Local day number (days from 1970-01-01 in the zone) of an instant. */
  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY_MS);
  }

  /** Local day number of an ISO business time; NaN if it is not a date-time. */
  dayOfIso(iso: string): number {
    const ms = instantOf(iso);
    return ms === ms ? this.dayOf(ms) : NaN;
  }

  /** The instant local midnight opens 1 January of `year`. */
  startOfYear(year: number): number {
    let start = this.yearStarts.get(year);
    if (start === undefined) {
      const wall = Date.UTC(year, 0, 1);
      const guess = wall - this.offsetAt(wall);
      start = wall - this.offsetAt(guess);
      this.yearStarts.set(year, start);
    }
    return start;
  }

  private computeOffset(ms: number): number {
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of this.formatter.formatToParts(new Date(ms))) {
      switch (part.type) {
        case 'year':
          y = Number(part.value);
          break;
        case 'month':
          mo = Number(part.value);
          break;
        case 'day':
          d = Number(part.value);
          break;
        case 'hour':
          h = Number(part.value) % 24;
          break;
        case 'minute':
          mi = Number(part.value);
          break;
        case 'second':
          s = Number(part.value);
          break;
        default:
          break;
      }
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - ms;
  }
}
