import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DomainError } from '../shared/errors';
import { CALENDAR_ERRORS } from './calendar.errors';
import { validateCalendarYear } from './calendar-year';
import { loadDefaultCalendar, readCalendarYearsFromDir } from './calendar-file.loader';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

/** A made-up 2027 with only New Year's Day off (no 2027 notice is known yet), enough for these tests. */
const PARTIAL_2027 = {
  region: 'CN',
  year: 2027,
  holidays: ['2027-01-01'],
  makeupWorkdays: [],
  source: 'hypothetical test arrangement, not a State Council notice',
};

let operatorDir: string;
beforeEach(() => {
  operatorDir = mkdtempSync(join(tmpdir(), 'ledger-calendar-'));
});
afterEach(() => {
  rmSync(operatorDir, { recursive: true, force: true });
});
const writeOperatorFile = (name: string, content: unknown) =>
  writeFileSync(join(operatorDir, name), typeof content === 'string' ? content : JSON.stringify(content));

describe('when no operator directory is given', () => {
  it('loads the shipped 2019–2026 calendar and nothing else', () => {
    const calendar = loadDefaultCalendar();
    expect(calendar.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('refuses years outside the shipped ones unless the fallback is asked for', () => {
    expect(errorOf(() => loadDefaultCalendar().isWorkingDay('2027-01-04')).code).toBe(CALENDAR_ERRORS.YEAR_NOT_LOADED);
    expect(loadDefaultCalendar(undefined, { fallbackToWeekends: true }).isWorkingDay('2027-01-04')).toBe(true);
  });
});

describe('when the shipped data directory is read from disk', () => {
  it('gives the same years as the JSON imported into the build', () => {
    expect(readCalendarYearsFromDir(join(__dirname, 'data'))).toEqual(
      SHIPPED_CALENDAR_YEARS.map((y) => validateCalendarYear(y)),
    );
  });
});

describe('when the operator directory defines a shipped year', () => {
  it('replaces the shipped year with the operator file', () => {
    // A hypothetical local arrangement that also closes Thursday 31 December 2020.
    const shipped2020 = SHIPPED_CALENDAR_YEARS.find((y) => y.year === 2020)!;
    writeOperatorFile('cn-2020-local.json', {
      ...shipped2020,
      holidays: [...shipped2020.holidays, '2020-12-31'],
      source: 'local arrangement',
    });

    expect(loadDefaultCalendar().isWorkingDay('2020-12-31')).toBe(true);
    const calendar = loadDefaultCalendar(operatorDir);
    expect(calendar.isWorkingDay('2020-12-31')).toBe(false);
    expect(calendar.definitionOf(2020)?.source).toBe('local arrangement');
  });

  it('keeps the other shipped years', () => {
    writeOperatorFile('cn-2027.json', PARTIAL_2027);
    expect(loadDefaultCalendar(operatorDir).years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
  });
});

describe('when the operator directory adds a year', () => {
  it('lets counts run into it', () => {
    writeOperatorFile('cn-2027.json', PARTIAL_2027);
    writeOperatorFile('README.md', 'not a calendar, ignored');
    // After Wed 30 Dec 2026: Thu 31 Dec = 1, [Fri 1 Jan 2027 holiday, weekend], Mon 4 Jan = 2.
    expect(loadDefaultCalendar(operatorDir).addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
  });
});

describe('when an operator file is malformed', () => {
  it('rejects invalid JSON, naming the file', () => {
    writeOperatorFile('cn-2027.json', '{ "region": "CN", "year": 2022, ');
    const error = errorOf(() => loadDefaultCalendar(operatorDir));
    expect(error.code).toBe(CALENDAR_ERRORS.FILE_MALFORMED);
    expect(error.message).toContain(join(operatorDir, 'cn-2027.json'));
  });

  it('rejects an impossible date, naming the file and the entry', () => {
    writeOperatorFile('cn-2027.json', { ...PARTIAL_2027, holidays: ['2027-02-30'] });
    const error = errorOf(() => loadDefaultCalendar(operatorDir));
    expect(error.code).toBe(CALENDAR_ERRORS.INVALID_DATE);
    expect(error.message).toContain(join(operatorDir, 'cn-2027.json'));
    expect(error.message).toContain('holidays[0]');
  });

  it('rejects two files for the same year, naming both', () => {
    writeOperatorFile('a-2027.json', PARTIAL_2027);
    writeOperatorFile('b-2027.json', PARTIAL_2027);
    const error = errorOf(() => loadDefaultCalendar(operatorDir));
    expect(error.code).toBe(CALENDAR_ERRORS.DUPLICATE_YEAR);
    expect(error.message).toContain('a-2027.json');
    expect(error.message).toContain('b-2027.json');
  });
});

describe('when the operator directory does not exist', () => {
  it('fails loudly, naming the directory, rather than run without the operator calendar', () => {
    const missing = join(operatorDir, 'nowhere');
    const error = errorOf(() => loadDefaultCalendar(missing));
    expect(error.code).toBe(CALENDAR_ERRORS.FILE_UNREADABLE);
    expect(error.message).toContain(missing);
  });
});
