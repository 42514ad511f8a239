import { DomainError } from '../shared/errors';
import { CALENDAR_ERRORS, TIME_LIMIT_ERRORS } from './calendar.errors';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
import { StatutoryDeadlineInput, computeStatutoryDeadline, isOnTime, judgeDecision } from './statutory-deadline';
import { WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);
const deadlineOf = (input: Partial<StatutoryDeadlineInput> & { acceptedOn: string }) =>
  computeStatutoryDeadline({ limitDays: 20, extensionDays: 0, suspensions: [], ...input }, calendar);

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

/*
 * November 2020 starts on a Sunday; no holidays until New Year.
 * Accepted Mon 2 Nov, 20 working days with no suspension:
 *   3–6 Nov = 1–4, 9–13 = 5–9, 16–20 = 10–14, 23–27 = 15–19, Mon 30 Nov = 20.
 */
const ACCEPTED_2_NOV = '2020-11-02';

describe('when an application accepted before National Day 2020 has no extension or suspension', () => {
  it('is due on the 20th working day, skipping the 1–8 October break: 2 November', () => {
    // Accepted Mon 28 Sep: 29–30 Sep = 1–2, 9 Oct = 3, Sat 10 Oct (make-up) = 4, 12–16 Oct = 5–9,
    // 19–23 = 10–14, 26–30 = 15–19, Mon 2 Nov = 20.
    expect(deadlineOf({ acceptedOn: '2020-09-28' })).toEqual({
      status: 'known',
      deadline: '2020-11-02',
      suspendedWorkingDays: 0,
    });
  });
});

describe('when the head approved a 10-day extension', () => {
  it('adds 10 working days: 16 November instead of 2 November', () => {
    // From the 20th day, Mon 2 Nov: 3–6 Nov = 21–24, 9–13 = 25–29, Mon 16 Nov = 30.
    expect(deadlineOf({ acceptedOn: '2020-09-28', extensionDays: 10 }).deadline).toBe('2020-11-16');
  });
});

describe('when the time limit is suspended for expert review', () => {
  it('stops the clock after the day of suspension until the day of resumption', () => {
    // Suspended Tue 10 Nov, resumed Fri 13 Nov: 10 Nov still counts (day 6); 11, 12, 13 Nov do not.
    // Counting resumes Mon 16 Nov = 7: 16–20 = 7–11, 23–27 = 12–16, 30 Nov = 17, 1–3 Dec = 18–20.
    expect(deadlineOf({ acceptedOn: ACCEPTED_2_NOV, suspensions: [{ from: '2020-11-10', to: '2020-11-13' }] })).toEqual(
      {
        status: 'known',
        deadline: '2020-12-03',
        suspendedWorkingDays: 3,
      },
    );
  });

  it('adds back only the working days of a suspension that spans a holiday break', () => {
    // Accepted Mon 21 Sep 2020; suspended Fri 25 Sep (day 4), resumed Mon 12 Oct.
    // Excluded working days: Sun 27 Sep (make-up), 28–30 Sep, 9 Oct, Sat 10 Oct (make-up), 12 Oct = 7.
    // Counting resumes Tue 13 Oct = 5: 13–16 = 5–8, 19–23 = 9–13, 26–30 = 14–18, Mon 2 Nov = 19, Tue 3 Nov = 20.
    expect(deadlineOf({ acceptedOn: '2020-09-21', suspensions: [{ from: '2020-09-25', to: '2020-10-12' }] })).toEqual({
      status: 'known',
      deadline: '2020-11-03',
      suspendedWorkingDays: 7,
    });
  });

  it('counts overlapping suspensions once', () => {
    // 10–13 Nov and 12–17 Nov together exclude 11, 12, 13, 16, 17 Nov = 5 working days.
    // Counted: 3–6 Nov = 1–4, 9–10 = 5–6, 18–20 = 7–9, 23–27 = 10–14, 30 Nov = 15, 1–4 Dec = 16–19, Mon 7 Dec = 20.
    const result = deadlineOf({
      acceptedOn: ACCEPTED_2_NOV,
      suspensions: [
        { from: '2020-11-12', to: '2020-11-17' },
        { from: '2020-11-10', to: '2020-11-13' },
      ],
    });
    expect(result).toEqual({ status: 'known', deadline: '2020-12-07', suspendedWorkingDays: 5 });
  });

  it('ignores a suspension resumed on the day it began', () => {
    expect(
      deadlineOf({ acceptedOn: ACCEPTED_2_NOV, suspensions: [{ from: '2020-11-10', to: '2020-11-10' }] }).deadline,
    ).toBe('2020-11-30');
  });
});

describe('when a suspension begins on or after the deadline', () => {
  it('leaves the deadline where it was if it begins on the deadline day, which still counts', () => {
    expect(deadlineOf({ acceptedOn: ACCEPTED_2_NOV, suspensions: [{ from: '2020-11-30', to: '2020-12-10' }] })).toEqual(
      {
        status: 'known',
        deadline: '2020-11-30',
        suspendedWorkingDays: 0,
      },
    );
  });

  it('leaves the deadline where it was if it begins after, even while still open', () => {
    expect(deadlineOf({ acceptedOn: ACCEPTED_2_NOV, suspensions: [{ from: '2020-12-01' }] }).deadline).toBe(
      '2020-11-30',
    );
  });
});

describe('when a suspension is still open before the deadline is reached', () => {
  it('gives no deadline, with the reason and the day the clock stopped', () => {
    const result = deadlineOf({ acceptedOn: ACCEPTED_2_NOV, suspensions: [{ from: '2020-11-10' }] });
    expect(result.deadline).toBeUndefined();
    expect(result).toMatchObject({ status: 'suspended', suspendedSince: '2020-11-10' });
    expect(result.status === 'suspended' && result.reason).toContain('2020-11-10');
  });

  it('gives no deadline when an earlier suspension pushed the deadline past the start of the open one', () => {
    // With 10–13 Nov suspended the deadline moves from 30 Nov to 3 Dec, past the open suspension of 1 Dec.
    const result = deadlineOf({
      acceptedOn: ACCEPTED_2_NOV,
      suspensions: [{ from: '2020-11-10', to: '2020-11-13' }, { from: '2020-12-01' }],
    });
    expect(result).toMatchObject({ status: 'suspended', deadline: undefined, suspendedSince: '2020-12-01' });
  });
});

describe('when the limit is zero, as for a decision due on the spot', () => {
  it('is due on the day of acceptance', () => {
    expect(deadlineOf({ acceptedOn: ACCEPTED_2_NOV, limitDays: 0 }).deadline).toBe(ACCEPTED_2_NOV);
  });
});

describe('when the deadline falls in a year the calendar lacks', () => {
  it('throws CALENDAR.YEAR_NOT_LOADED rather than guess', () => {
    const only2020 = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS.filter((y) => y.year === 2020));
    const run = () =>
      computeStatutoryDeadline(
        { acceptedOn: '2020-12-15', limitDays: 20, extensionDays: 0, suspensions: [] },
        only2020,
      );
    expect(errorOf(run).code).toBe(CALENDAR_ERRORS.YEAR_NOT_LOADED);
  });
});

describe('when the input is invalid', () => {
  it.each([
    ['a negative limit', { limitDays: -1 }, TIME_LIMIT_ERRORS.INVALID_DAYS],
    ['a fractional extension', { extensionDays: 2.5 }, TIME_LIMIT_ERRORS.INVALID_DAYS],
    [
      'a suspension before acceptance',
      { suspensions: [{ from: '2020-11-01', to: '2020-11-05' }] },
      TIME_LIMIT_ERRORS.SUSPENSION_BEFORE_ACCEPTANCE,
    ],
    [
      'a resumption before the suspension',
      { suspensions: [{ from: '2020-11-10', to: '2020-11-09' }] },
      TIME_LIMIT_ERRORS.SUSPENSION_ENDS_BEFORE_START,
    ],
    ['an impossible suspension date', { suspensions: [{ from: '2020-11-31' }] }, CALENDAR_ERRORS.INVALID_DATE],
  ])('rejects %s', (_case, overrides, code) => {
    expect(errorOf(() => deadlineOf({ acceptedOn: ACCEPTED_2_NOV, ...overrides })).code).toBe(code);
  });

  it('rejects an impossible acceptance date', () => {
    expect(errorOf(() => deadlineOf({ acceptedOn: '2020-02-30' })).code).toBe(CALENDAR_ERRORS.INVALID_DATE);
  });
});

describe('when judging whether a decision was on time', () => {
  it('is on time when decided on the deadline day', () => {
    expect(isOnTime('2020-11-30', '2020-11-30')).toBe(true);
  });

  it('is on time when decided before the deadline', () => {
    expect(isOnTime('2020-11-03', '2020-11-30')).toBe(true);
  });

  it('is late when decided the day after the deadline', () => {
    expect(isOnTime('2020-12-01', '2020-11-30')).toBe(false);
  });

  it('rejects a date that is not a real date', () => {
    expect(errorOf(() => isOnTime('2020-11-31', '2020-11-30')).code).toBe(CALENDAR_ERRORS.INVALID_DATE);
  });
});

describe('when judging a decision whose deadline falls in a year the calendar lacks', () => {
  // 2026 is shipped, 2027 is not. Accepted Tue 15 Dec 2026: 16–18 Dec = 1–3, 21–25 = 4–8, 28–31 = 9–12;
  // the 20th working day is in January 2027, which no calendar describes yet.
  const through2026 = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS.filter((y) => y.year <= 2026));
  const judge = (decidedOn: string, overrides: Partial<StatutoryDeadlineInput> = {}) =>
    judgeDecision(
      { acceptedOn: '2026-12-15', limitDays: 20, extensionDays: 0, suspensions: [], ...overrides },
      decidedOn,
      through2026,
    );

  it('is on time when decided while fewer than 20 working days had passed, all in known years', () => {
    // Before Mon 28 Dec: 16–18 and 21–25 Dec = 8 working days passed.
    expect(judge('2026-12-28')).toEqual({ status: 'on-time', elapsedWorkingDays: 8 });
  });

  it('is on time when decided on the day of acceptance', () => {
    expect(judge('2026-12-15')).toEqual({ status: 'on-time', elapsedWorkingDays: 0 });
  });

  it('subtracts suspended working days from those passed', () => {
    // 10-day limit, suspended Wed 16 Dec (counts: 1) to Wed 23 Dec: 17, 18, 21, 22, 23 Dec do not count; 24, 25, 28–31 Dec = 2–7,
    // so the 10th counted day is in 2027. Decided Thu 31 Dec: 11 working days before it, 5 suspended, 6 passed: fewer than 10.
    expect(judge('2026-12-31', { limitDays: 10, suspensions: [{ from: '2026-12-16', to: '2026-12-23' }] })).toEqual({
      status: 'on-time',
      elapsedWorkingDays: 6,
    });
    // Without the suspension the same decision is late: the 10th working day was Tue 29 Dec.
    expect(judge('2026-12-31', { limitDays: 10 })).toEqual({ status: 'overdue', deadline: '2026-12-29' });
  });

  it('stays undetermined when the decision itself falls in the missing year', () => {
    expect(judge('2027-01-05')).toMatchObject({ status: 'undetermined', code: CALENDAR_ERRORS.YEAR_NOT_LOADED });
  });

  it('stays undetermined when decided during a suspension still open', () => {
    expect(judge('2026-12-28', { suspensions: [{ from: '2026-12-21' }] })).toMatchObject({
      status: 'undetermined',
      code: TIME_LIMIT_ERRORS.STILL_SUSPENDED,
    });
  });

  it('gives the deadline as usual when it is known', () => {
    expect(
      judgeDecision(
        { acceptedOn: '2020-09-28', limitDays: 20, extensionDays: 0, suspensions: [] },
        '2020-11-02',
        calendar,
      ),
    ).toEqual({ status: 'on-time', deadline: '2020-11-02' });
    expect(
      judgeDecision(
        { acceptedOn: '2020-09-28', limitDays: 20, extensionDays: 0, suspensions: [] },
        '2020-11-03',
        calendar,
      ),
    ).toEqual({ status: 'overdue', deadline: '2020-11-02' });
  });

  it('agrees with the deadline once the missing year is known (every decision day of December 2026 and January 2027)', () => {
    // The same judgement on a calendar with a made-up 2027 must match the deadline's wherever the 2026-only calendar decided.
    const with2027 = new WorkingDayCalendar([
      ...SHIPPED_CALENDAR_YEARS,
      { region: 'CN', year: 2027, holidays: ['2027-01-01'], makeupWorkdays: [], source: 'hypothetical' },
    ]);
    for (let day = 15; day <= 31 + 31; day++) {
      const decidedOn =
        day <= 31 ? `2026-12-${String(day).padStart(2, '0')}` : `2027-01-${String(day - 31).padStart(2, '0')}`;
      for (const limitDays of [5, 10, 20]) {
        const input = { acceptedOn: '2026-12-15', limitDays, extensionDays: 0, suspensions: [] };
        const partial = judgeDecision(input, decidedOn, through2026);
        const full = judgeDecision(input, decidedOn, with2027);
        if (partial.status !== 'undetermined')
          expect([decidedOn, limitDays, partial.status]).toEqual([decidedOn, limitDays, full.status]);
      }
    }
  });
});
