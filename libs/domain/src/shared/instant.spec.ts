import fc from 'fast-check';
import { ValidationError } from './errors';
import { instantToUtc, isInstant, parseInstant, readInstant } from './instant';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Instants built from parts, valid or not: the parser must say which, and agree with Date.parse on the valid ones. */
const anyParts = fc.record({
  year: fc.integer({ min: 1800, max: 3100 }),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }),
  minute: fc.integer({ min: 0, max: 61 }),
  second: fc.integer({ min: 0, max: 61 }),
  fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
  offsetMinutes: fc.option(fc.integer({ min: -99 * 60, max: 99 * 60 }), { nil: undefined }),
});

type Parts = typeof anyParts extends fc.Arbitrary<infer T> ? T : never;

function format(p: Parts): string {
  const offset =
    p.offsetMinutes === undefined
      ? 'Z'
      : `${p.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(p.offsetMinutes) / 60))}:${pad(Math.abs(p.offsetMinutes) % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction ? `.${p.fraction}` : ''}${offset}`;
}

describe('readInstant', () => {
  it('accepts real instants with offsets from -12:00 to +14:00', () => {
    expect(readInstant('2021-03-01T09:00:00+08:00')).toEqual({ ok: true, epochMs: Date.parse('2021-03-01T01:00:00Z') });
    expect(isInstant('2021-03-01T09:00+14:00')).toBe(true);
    expect(isInstant('2021-03-01T09:00:00.123456789-12:00')).toBe(true);
    expect(isInstant('2020-02-29T23:59:59Z')).toBe(true);
  });

  it.each([
    ['2021-03-03T10:00:00+99:00', 'offset'],
    ['2021-03-03T10:00:00+25:00', 'offset'],
    ['2021-03-03T10:00:00+14:01', 'offset'],
    ['2021-03-03T10:00:00-12:30', 'offset'],
    ['2021-03-03T10:00:00+08:60', 'offset'],
    ['2021-02-29T10:00:00+08:00', 'date'],
    ['2021-03-03T24:00:00+08:00', 'date'],
    ['2021-03-03T23:59:60+08:00', 'date'],
    ['2021-13-03T10:00:00+08:00', 'date'],
    ['0001-01-01T00:00:00Z', 'year'],
    ['9999-12-31T23:59:59-12:00', 'year'],
    ['2021-03-03T10:00:00', 'format'],
    ['2021-03-03 10:00:00+08:00', 'format'],
    ['2021-03-03T10:00:00.1234567890Z', 'format'],
    ['+002021-03-03T10:00:00Z', 'format'],
    ['２０２１-03-03T10:00:00Z', 'format'],
  ])('refuses %s (%s)', (value, fault) => {
    expect(readInstant(value)).toEqual({ ok: false, fault });
  });

  it('agrees with Date.parse on everything it accepts, and accepts exactly the real dates in range', () => {
    fc.assert(
      fc.property(anyParts, (parts) => {
        const text = format(parts);
        const reading = readInstant(text);
        const daysInMonth = new Date(Date.UTC(parts.year, parts.month, 0)).getUTCDate();
        const real =
          parts.month >= 1 &&
          parts.month <= 12 &&
          parts.day >= 1 &&
          parts.day <= daysInMonth &&
          parts.hour <= 23 &&
          parts.minute <= 59 &&
          parts.second <= 59;
        const offsetOk =
          parts.offsetMinutes === undefined || (parts.offsetMinutes >= -720 && parts.offsetMinutes <= 840);
        const yearOk = parts.year >= 1900 && parts.year <= 2999;
        expect(reading.ok).toBe(real && offsetOk && yearOk);
        if (reading.ok) {
          expect(reading.epochMs).toBe(Date.parse(text));
          expect(Number.isFinite(reading.epochMs)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseInstant', () => {
  it('names the field and the rule in a ValidationError', () => {
    expect.assertions(4);
    try {
      parseInstant('2021-03-03T10:00:00+25:00', 'at');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('TIME.OFFSET');
      expect((error as ValidationError).field).toBe('at');
      expect((error as ValidationError).message).toContain('-12:00 to +14:00');
    }
  });

  it('normalises to UTC for queries', () => {
    expect(instantToUtc('2021-03-30T18:00:00+08:00', 'asOf')).toBe('2021-03-30T10:00:00.000Z');
    expect(() => instantToUtc('2021-03-30T18:00:00+25:00', 'asOf', 'FIGURES.AS_OF')).toThrow(
      expect.objectContaining({ code: 'FIGURES.AS_OF', field: 'asOf' }),
    );
  });
});
