import { localDateOf } from '@ledger/domain';
import { ZoneClock, dateOfDay, dayOfDate, instantOf, yearOfDay } from './local-time';

const SAMPLES = [
  '2020-12-31T17:00:00Z',
  '2020-12-31T15:59:59.999Z',
  '2020-12-31T16:00:00.000Z',
  '2021-01-01T00:00:00+08:00',
  '2020-12-31T23:59:59+08:00',
  '2020-06-15T09:30+08:00',
  '2020-03-08T06:59:59-05:00',
  '2020-03-08T07:00:00-05:00',
  '2020-11-01T05:30:00-04:00',
  '2020-02-29T12:00:00.123456+05:30',
  '2019-01-01T00:00:00+14:00',
];

describe('when a business time is read', () => {
  it('gives the same instant as Date.parse', () => {
    for (const iso of SAMPLES) expect(instantOf(iso)).toBe(Date.parse(iso));
  });

  it('truncates fractions beyond milliseconds', () => {
    expect(instantOf('2020-12-31T15:59:59.9999999Z')).toBe(Date.parse('2020-12-31T15:59:59.999Z'));
  });

  it('is NaN for something that is not a date-time', () => {
    expect(instantOf('yesterday')).toBeNaN();
  });
});

describe('when the local date of an instant is asked for', () => {
  it('agrees with the domain in Asia/Shanghai, including at the Beijing year boundary', () => {
    const clock = new ZoneClock('Asia/Shanghai');
    for (const iso of SAMPLES) expect(dateOfDay(clock.dayOf(instantOf(iso)))).toBe(localDateOf(iso, 'Asia/Shanghai'));
    expect(yearOfDay(clock.dayOfIso('2020-12-31T17:00:00Z'))).toBe(2021);
    expect(yearOfDay(clock.dayOfIso('2020-12-31T15:59:59Z'))).toBe(2020);
  });

  it('agrees with the domain in a zone with daylight saving', () => {
    const clock = new ZoneClock('America/New_York');
    for (const iso of SAMPLES)
      expect(dateOfDay(clock.dayOf(instantOf(iso)))).toBe(localDateOf(iso, 'America/New_York'));
  });

  it('opens the year at local midnight', () => {
    expect(new ZoneClock('Asia/Shanghai').startOfYear(2021)).toBe(Date.parse('2021-01-01T00:00:00+08:00'));
    expect(new ZoneClock('America/New_York').startOfYear(2021)).toBe(Date.parse('2021-01-01T00:00:00-05:00'));
  });

  it('refuses an unknown zone', () => {
    expect(() => new ZoneClock('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('when day numbers are converted', () => {
  it('round-trips every day of 2019–2021', () => {
    for (let day = dayOfDate('2019-01-01'); day <= dayOfDate('2021-12-31'); day++) {
      expect(dayOfDate(dateOfDay(day))).toBe(day);
      expect(yearOfDay(day)).toBe(Number(dateOfDay(day).slice(0, 4)));
    }
    expect(dateOfDay(0)).toBe('1970-01-01');
    expect(dateOfDay(dayOfDate('2020-02-29') + 1)).toBe('2020-03-01');
  });
});
