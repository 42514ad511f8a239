import { DomainError } from '../shared/errors';
import { CALENDAR_ERRORS } from './calendar.errors';
import { validateCalendarYear } from './calendar-year';

const valid = {
  region: 'CN',
  year: 2020,
  holidays: ['2020-10-02', '2020-10-01'],
  makeupWorkdays: ['2020-10-10'],
  source: 'a test arrangement',
};

function errorOf(raw: unknown, origin?: string): DomainError {
  try {
    validateCalendarYear(raw, origin);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

describe('when a year definition is well formed', () => {
  it('returns it with its dates sorted', () => {
    expect(validateCalendarYear(valid)).toEqual({ ...valid, holidays: ['2020-10-01', '2020-10-02'] });
  });

  it('ignores extra fields such as notes', () => {
    expect(() => validateCalendarYear({ ...valid, notes: 'local arrangement' })).not.toThrow();
  });
});

describe('when a year definition is malformed', () => {
  it.each([
    ['not an object', [], CALENDAR_ERRORS.MALFORMED_YEAR, 'JSON object'],
    ['an empty region', { ...valid, region: '' }, CALENDAR_ERRORS.MALFORMED_YEAR, 'region'],
    ['a year that is not four digits', { ...valid, year: 20 }, CALENDAR_ERRORS.MALFORMED_YEAR, 'year'],
    ['a year given as text', { ...valid, year: '2020' }, CALENDAR_ERRORS.MALFORMED_YEAR, 'year'],
    ['no source', { ...valid, source: undefined }, CALENDAR_ERRORS.MALFORMED_YEAR, 'source'],
    ['holidays that are not a list', { ...valid, holidays: '2020-10-01' }, CALENDAR_ERRORS.MALFORMED_YEAR, 'holidays'],
    ['no make-up list', { ...valid, makeupWorkdays: undefined }, CALENDAR_ERRORS.MALFORMED_YEAR, 'makeupWorkdays'],
    ['an impossible date', { ...valid, holidays: ['2020-02-30'] }, CALENDAR_ERRORS.INVALID_DATE, 'holidays[0]'],
    [
      'a date written without zero padding',
      { ...valid, holidays: ['2020-10-1'] },
      CALENDAR_ERRORS.INVALID_DATE,
      'holidays[0]',
    ],
    [
      'a date in another year',
      { ...valid, makeupWorkdays: ['2019-12-29'] },
      CALENDAR_ERRORS.DATE_OUTSIDE_YEAR,
      '2019-12-29 is not in 2020',
    ],
    [
      'a date listed twice',
      { ...valid, holidays: ['2020-10-01', '2020-10-01'] },
      CALENDAR_ERRORS.DUPLICATE_DATE,
      'listed twice',
    ],
    // Saturday 10 October 2020 as both a holiday and a make-up day.
    [
      'a date both holiday and make-up',
      { ...valid, holidays: ['2020-10-10'] },
      CALENDAR_ERRORS.HOLIDAY_AND_MAKEUP,
      '2020-10-10',
    ],
    // Friday 9 October 2020 is a working day anyway; listing it as make-up is a typo.
    [
      'a make-up day on a weekday',
      { ...valid, makeupWorkdays: ['2020-10-09'] },
      CALENDAR_ERRORS.MAKEUP_NOT_ON_WEEKEND,
      '2020-10-09',
    ],
  ])('rejects %s, naming the problem', (_case, raw, code, named) => {
    const error = errorOf(raw);
    expect(error.kind).toBe('validation');
    expect(error.code).toBe(code);
    expect(error.message).toContain(named);
  });

  it('prefixes the message with where the definition came from', () => {
    expect(errorOf({ ...valid, holidays: ['2020-02-30'] }, '/etc/ledger/calendar/cn-2020.json').message).toMatch(
      /^\/etc\/ledger\/calendar\/cn-2020\.json: /,
    );
  });
});
