import { DomainError } from '../shared/errors';
import { CALENDAR_ERRORS } from './calendar.errors';
import { CalendarYearRecorded } from './calendar.events';
import { CalendarHistory, calendarVersionOf, decideCalendarYear } from './calendar-versions';
import { calendarWarningAt } from './calendar-warnings';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';

/** A made-up 2027 (no notice is known yet): New Year's Day off, nothing else. */
const Y2027 = {
  region: 'CN',
  year: 2027,
  holidays: ['2027-01-01'],
  makeupWorkdays: [],
  source: 'hypothetical test arrangement',
};
const NOW = Date.parse('2026-12-02T08:00:00Z');

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

/** The history after recording `events` at the instants given. */
const historyOf = (...recorded: [CalendarYearRecorded, string][]) =>
  new CalendarHistory(recorded.map(([e, at]) => calendarVersionOf(e, at)));

describe('when a year without any version is recorded', () => {
  it('records version 1 with its source and no reason needed', () => {
    const [event] = decideCalendarYear({ definition: Y2027 }, new CalendarHistory(), NOW);
    expect(event).toMatchObject({
      type: 'CalendarYearRecorded.v1',
      at: '2026-12-02T08:00:00.000Z',
      data: { year: 2027, version: 1, source: 'hypothetical test arrangement' },
    });
    expect(event.data.supersedes).toBeUndefined();
  });

  it('refuses a malformed year, naming the field', () => {
    expect(
      errorOf(() =>
        decideCalendarYear({ definition: { ...Y2027, holidays: ['2027-02-30'] } }, new CalendarHistory(), NOW),
      ),
    ).toMatchObject({ code: CALENDAR_ERRORS.INVALID_DATE, field: 'holidays[0]' });
  });

  it('refuses another region than the one the ledger counts in', () => {
    expect(
      errorOf(() => decideCalendarYear({ definition: { ...Y2027, region: 'HK' } }, new CalendarHistory(), NOW)),
    ).toMatchObject({ field: 'region' });
  });
});

describe('when the year already has a version', () => {
  it('records nothing when the same year is loaded again', () => {
    expect(
      decideCalendarYear(
        { definition: SHIPPED_CALENDAR_YEARS.find((y) => y.year === 2025) },
        new CalendarHistory(),
        NOW,
      ),
    ).toEqual([]);
  });

  it('refuses a correction without a reason', () => {
    const shipped = SHIPPED_CALENDAR_YEARS.find((y) => y.year === 2025)!;
    const error = errorOf(() =>
      decideCalendarYear(
        { definition: { ...shipped, holidays: [...shipped.holidays, '2025-12-31'] } },
        new CalendarHistory(),
        NOW,
      ),
    );
    expect(error).toMatchObject({ code: CALENDAR_ERRORS.CORRECTION_WITHOUT_REASON, field: 'reason' });
  });

  it('supersedes a shipped year (version 1) with version 2 and the reason', () => {
    const shipped = SHIPPED_CALENDAR_YEARS.find((y) => y.year === 2025)!;
    const [event] = decideCalendarYear(
      { definition: { ...shipped, holidays: [...shipped.holidays, '2025-12-31'] }, reason: 'local arrangement' },
      new CalendarHistory(),
      NOW,
    );
    expect(event.data).toMatchObject({ year: 2025, version: 2, supersedes: 1, reason: 'local arrangement' });
  });
});

describe('when the calendar is asked for as it stood at an instant', () => {
  const [first] = decideCalendarYear({ definition: Y2027 }, new CalendarHistory(), Date.parse('2026-12-10T00:00:00Z'));
  const afterFirst = historyOf([first, '2026-12-10T00:00:00.000Z']);
  const [correction] = decideCalendarYear(
    { definition: { ...Y2027, holidays: ['2027-01-01', '2027-01-04'] }, reason: 'typo: 4 January missing' },
    afterFirst,
    Date.parse('2027-01-20T00:00:00Z'),
  );
  const history = historyOf([first, '2026-12-10T00:00:00.000Z'], [correction, '2027-01-20T00:00:00.000Z']);

  it('holds the shipped years from the start and nothing recorded later', () => {
    const view = history.at(Date.parse('2026-12-01T00:00:00Z'));
    expect(view.calendar.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(view.versions.every((v) => v.version === 1 && v.recordedAt === null)).toBe(true);
  });

  it('uses the version standing at that instant, and says which', () => {
    const before = history.at(Date.parse('2027-01-19T00:00:00Z'));
    expect(before.calendar.isWorkingDay('2027-01-04')).toBe(true);
    expect(before.versions.find((v) => v.year === 2027)).toEqual({
      region: 'CN',
      year: 2027,
      version: 1,
      source: 'hypothetical test arrangement',
      recordedAt: '2026-12-10T00:00:00.000Z',
    });
    const after = history.at(Date.parse('2027-01-20T00:00:00Z'));
    expect(after.calendar.isWorkingDay('2027-01-04')).toBe(false);
    expect(after.versions.find((v) => v.year === 2027)?.version).toBe(2);
    expect(history.at().versions.find((v) => v.year === 2027)?.version).toBe(2);
  });

  it('folds the same versions one by one into the same history (with)', () => {
    const folded = new CalendarHistory()
      .with(calendarVersionOf(first, '2026-12-10T00:00:00.000Z'))
      .with(calendarVersionOf(correction, '2027-01-20T00:00:00.000Z'));
    expect(folded.all).toEqual(history.all);
    expect(folded.at().calendar.isWorkingDay('2027-01-04')).toBe(false);
    expect(afterFirst.at().calendar.isWorkingDay('2027-01-04')).toBe(true);
  });
});

describe('when next year is missing', () => {
  const shippedOnly = new CalendarHistory().at().calendar;

  it('warns from 1 November (Beijing time) that next year is missing', () => {
    expect(calendarWarningAt(shippedOnly, Date.parse('2026-10-31T15:59:00Z'), 'Asia/Shanghai')).toBeNull();
    expect(calendarWarningAt(shippedOnly, Date.parse('2026-10-31T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      code: 'CALENDAR.NEXT_YEAR_MISSING',
      year: 2027,
    });
  });

  it('does not warn once it is loaded', () => {
    const [event] = decideCalendarYear({ definition: Y2027 }, new CalendarHistory(), NOW);
    expect(
      calendarWarningAt(historyOf([event, '2026-12-02T08:00:00.000Z']).at().calendar, NOW, 'Asia/Shanghai'),
    ).toBeNull();
  });
});
