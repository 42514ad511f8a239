import { DomainError } from '../shared/errors';
import { CALENDAR_ERRORS } from './calendar.errors';
import { CalendarYear } from './calendar-year';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
import { WorkingDayCalendar } from './working-day-calendar';

const cn = (year: number): CalendarYear => SHIPPED_CALENDAR_YEARS.find((y) => y.year === year)!;

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

describe('when the 2020 Spring Festival break was extended to 2 February for COVID-19', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it('treats Friday 31 January, added by the extension, as a holiday', () => {
    expect(calendar.isWorkingDay('2020-01-31')).toBe(false);
  });

  it('treats Saturday 1 February as a rest day, its make-up work having been absorbed by the extension', () => {
    expect(calendar.isWorkingDay('2020-02-01')).toBe(false);
  });

  it('resumes work on Monday 3 February', () => {
    expect(calendar.isWorkingDay('2020-02-03')).toBe(true);
  });

  it('makes 3 February the first working day after Thursday 23 January', () => {
    // 24 Jan – 2 Feb is one unbroken break, so nothing between the two dates counts.
    expect(calendar.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
    expect(calendar.workingDaysBetween('2020-01-23', '2020-02-02')).toBe(0);
  });
});

describe('when a make-up weekend day is worked', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it('treats make-up Saturday 9 May 2020 and make-up Sunday 19 January 2020 as working days', () => {
    expect(calendar.isWorkingDay('2020-05-09')).toBe(true);
    expect(calendar.isWorkingDay('2020-01-19')).toBe(true);
  });

  it('still treats the Sunday after a make-up Saturday as a rest day', () => {
    expect(calendar.isWorkingDay('2020-05-10')).toBe(false);
  });

  it('counts the make-up Saturday', () => {
    // After Wed 6 May 2020: Thu 7, Fri 8, Sat 9 (make-up), [Sun 10 rest], Mon 11 → 4.
    expect(calendar.workingDaysBetween('2020-05-06', '2020-05-11')).toBe(4);
    // The working day after Friday 8 May is Saturday 9 May, not Monday 11 May.
    expect(calendar.addWorkingDays('2020-05-08', 1)).toBe('2020-05-09');
  });
});

describe('when a count spans the 2020 National Day and Mid-Autumn break', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it('puts the 20th working day after Monday 28 September on Monday 2 November', () => {
    // Tue 29 Sep = 1, Wed 30 Sep = 2, [1–8 Oct holiday], Fri 9 Oct = 3, Sat 10 Oct (make-up) = 4,
    // 12–16 Oct = 5–9, 19–23 Oct = 10–14, 26–30 Oct = 15–19, Mon 2 Nov = 20.
    // (Make-up Sunday 27 Sep is before the count starts.)
    expect(calendar.addWorkingDays('2020-09-28', 20)).toBe('2020-11-02');
    expect(calendar.workingDaysBetween('2020-09-28', '2020-11-02')).toBe(20);
  });
});

describe('when a count starts on a rest day', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it('starts counting after that day, so the first working day after 3 October 2020 is 9 October', () => {
    expect(calendar.addWorkingDays('2020-10-03', 1)).toBe('2020-10-09');
  });

  it('returns the start day itself for zero working days', () => {
    expect(calendar.addWorkingDays('2020-10-03', 0)).toBe('2020-10-03');
  });
});

describe('when a count crosses New Year', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it('skips the 2021 New Year break', () => {
    // After Wed 30 Dec 2020: Thu 31 Dec = 1, [1–3 Jan 2021 holiday], Mon 4 Jan = 2, Tue 5 Jan = 3.
    expect(calendar.addWorkingDays('2020-12-30', 3)).toBe('2021-01-05');
  });

  it('counts whole years in between', () => {
    // After Tue 31 Dec 2019: all of 2020 (249, see the shipped-data spec) + Mon 4 Jan 2021 = 250.
    expect(calendar.workingDaysBetween('2019-12-31', '2021-01-04')).toBe(250);
  });
});

describe('when asked about a year without data', () => {
  const calendar = new WorkingDayCalendar([cn(2019), cn(2021)]);

  it('throws CALENDAR.YEAR_NOT_LOADED naming the year and the years loaded', () => {
    const error = errorOf(() => calendar.isWorkingDay('2022-01-04'));
    expect(error.code).toBe(CALENDAR_ERRORS.YEAR_NOT_LOADED);
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('2022');
    expect(error.message).toContain('2019, 2021');
  });

  it('throws when a count runs into the missing year rather than guessing', () => {
    // After 29 Dec 2021: Thu 30 = 1, Fri 31 = 2; a 3rd working day would be in 2022.
    expect(calendar.addWorkingDays('2021-12-29', 2)).toBe('2021-12-31');
    expect(errorOf(() => calendar.addWorkingDays('2021-12-29', 3)).code).toBe(CALENDAR_ERRORS.YEAR_NOT_LOADED);
  });

  it('throws when a range passes through the missing year', () => {
    const error = errorOf(() => calendar.workingDaysBetween('2019-12-31', '2021-01-04'));
    expect(error.code).toBe(CALENDAR_ERRORS.YEAR_NOT_LOADED);
    expect(error.message).toContain('2020');
  });

  it('does not claim to cover it', () => {
    expect(calendar.covers(2020)).toBe(false);
    expect(calendar.covers(2021)).toBe(true);
    expect(calendar.years).toEqual([2019, 2021]);
  });
});

describe('when the weekend fallback is switched on', () => {
  const calendar = new WorkingDayCalendar([cn(2019)], { fallbackToWeekends: true });

  it('treats a missing year as Monday to Friday, so Thursday 1 October 2020 counts as working', () => {
    expect(calendar.isWorkingDay('2020-10-01')).toBe(true);
    expect(calendar.isWorkingDay('2020-10-03')).toBe(false); // a Saturday
  });

  it('counts 20 weekdays after Monday 28 September 2020 to Monday 26 October, ignoring the real break', () => {
    // Tue 29, Wed 30 Sep = 1–2, 1–2 Oct = 3–4, 5–9 Oct = 5–9, 12–16 = 10–14, 19–23 = 15–19, Mon 26 Oct = 20.
    expect(calendar.addWorkingDays('2020-09-28', 20)).toBe('2020-10-26');
  });

  it('still uses the data of loaded years', () => {
    expect(calendar.isWorkingDay('2019-10-01')).toBe(false);
  });

  it('does not report the fallback year as covered', () => {
    expect(calendar.covers(2020)).toBe(false);
  });
});

describe('when a date is malformed', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it.each(['2020-02-30', '2020-2-3', '2020-02-03T00:00:00+08:00', ''])(
    'rejects %j with CALENDAR.INVALID_DATE',
    (date) => {
      expect(errorOf(() => calendar.isWorkingDay(date)).code).toBe(CALENDAR_ERRORS.INVALID_DATE);
    },
  );

  it('reports a malformed date in a missing year as malformed, not as a missing year', () => {
    expect(errorOf(() => calendar.isWorkingDay('2099-13-01')).code).toBe(CALENDAR_ERRORS.INVALID_DATE);
  });
});

describe('when a count or range is invalid', () => {
  const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

  it.each([-1, 1.5, Number.NaN])('rejects %p working days with CALENDAR.INVALID_COUNT', (n) => {
    expect(errorOf(() => calendar.addWorkingDays('2020-05-06', n)).code).toBe(CALENDAR_ERRORS.INVALID_COUNT);
  });

  it('rejects a range that ends before it starts with CALENDAR.RANGE_REVERSED', () => {
    expect(errorOf(() => calendar.workingDaysBetween('2020-05-11', '2020-05-06')).code).toBe(
      CALENDAR_ERRORS.RANGE_REVERSED,
    );
  });

  it('counts nothing in an empty range', () => {
    expect(calendar.workingDaysBetween('2020-05-06', '2020-05-06')).toBe(0);
  });
});

describe('when built from invalid year definitions', () => {
  it('rejects two definitions of the same year with CALENDAR.DUPLICATE_YEAR', () => {
    const error = errorOf(() => new WorkingDayCalendar([cn(2020), { ...cn(2020), source: 'a second copy' }]));
    expect(error.code).toBe(CALENDAR_ERRORS.DUPLICATE_YEAR);
    expect(error.message).toContain('2020');
  });

  it('rejects a definition whose dates are wrong, naming the date', () => {
    const error = errorOf(() => new WorkingDayCalendar([{ ...cn(2020), holidays: ['2021-01-01'] }]));
    expect(error.code).toBe(CALENDAR_ERRORS.DATE_OUTSIDE_YEAR);
    expect(error.message).toContain('2021-01-01');
  });

  it('exposes the source of each loaded year for citation', () => {
    expect(new WorkingDayCalendar([cn(2020)]).definitionOf(2020)?.source).toContain('国办发明电〔2020〕1号');
  });
});
