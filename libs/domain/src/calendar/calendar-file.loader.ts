/**
 * Node-only: reads operator-supplied calendar files. Kept apart from the pure calendar so the
 * domain's calculations never touch the file system.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ValidationError } from '../shared/errors';
import { CALENDAR_ERRORS } from './calendar.errors';
import { CalendarYear, validateCalendarYear } from './calendar-year';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
import { WorkingDayCalendar, WorkingDayCalendarOptions } from './working-day-calendar';
import { CalendarVersion, shippedCalendarVersions } from './calendar-versions';

/** Environment variable through which operators name their calendar directory. */
export const CALENDAR_DIR_ENV_VAR = 'LEDGER_CALENDAR_DIR';

/**
 * Reads and validates every `*.json` file directly inside `dir` (one year per file, named
 * anything, e.g. `cn-2022.json`). Errors name the file and the problem; two files defining the
 * same year are rejected rather than one silently winning.
 */
export function readCalendarYearsFromDir(dir: string): CalendarYear[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.json'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new ValidationError(
      CALENDAR_ERRORS.FILE_UNREADABLE,
      `calendar directory ${dir} cannot be read: ${(error as Error).message}`,
    );
  }
  const fileOfYear = new Map<number, string>();
  return names.map((name) => {
    const file = join(dir, name);
    const year = validateCalendarYear(parseJsonFile(file), file);
    const earlier = fileOfYear.get(year.year);
    if (earlier)
      throw new ValidationError(
        CALENDAR_ERRORS.DUPLICATE_YEAR,
        `${file}: year ${year.year} is already defined by ${earlier}`,
        'year',
      );
    fileOfYear.set(year.year, file);
    return year;
  });
}

/**
 * The shipped mainland-China calendar (2019–2026), with the years found in `extraDir` added or
 * replacing shipped ones. Apps pass the ledger configuration's `calendarDir` (`LEDGER_CALENDAR_DIR`); it is not read
 * here so that tests and tools get the same calendar whatever the environment holds.
 */
export function loadDefaultCalendar(extraDir?: string, options?: WorkingDayCalendarOptions): WorkingDayCalendar {
  const byYear = new Map<number, CalendarYear>(SHIPPED_CALENDAR_YEARS.map((year) => [year.year, year]));
  if (extraDir) for (const year of readCalendarYearsFromDir(extraDir)) byYear.set(year.year, year);
  return new WorkingDayCalendar([...byYear.values()], options);
}

/**
 * The calendar versions the ledger holds before any `CalendarYearRecorded` event: the shipped
 * years, with those of `extraDir` added or replacing shipped ones, each as version 1 recorded
 * from the start (its file's `source` as the source). Years loaded into the ledger supersede them.
 */
export function baseCalendarVersions(extraDir?: string): CalendarVersion[] {
  const byYear = new Map<number, CalendarVersion>(shippedCalendarVersions().map((v) => [v.year, v]));
  if (extraDir)
    for (const definition of readCalendarYearsFromDir(extraDir))
      byYear.set(definition.year, {
        region: definition.region,
        year: definition.year,
        version: 1,
        source: definition.source,
        recordedAt: null,
        definition,
      });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function parseJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValidationError(CALENDAR_ERRORS.FILE_UNREADABLE, `${file}: cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(CALENDAR_ERRORS.FILE_MALFORMED, `${file}: not valid JSON: ${(error as Error).message}`);
  }
}
