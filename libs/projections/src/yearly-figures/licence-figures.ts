/** The licence section of a year's figures, read from the licence records (`licence-records.ts`). */
import type { AgencyState } from './agency-state';
import { sortedRecord } from './figures-sections';
import type { LicenceCounts, LicenceFigures } from './figures.types';
import { dayOfDate, yearOfDay } from './local-time';
import { LICENCE_FACTS, inForceOn } from './licence-records';

/** Every licence count at zero: the one list of them, for the agency figures and the region roll-up. */
export const zeroCounts = (): { -readonly [K in keyof LicenceCounts]: number } => ({
  ...(Object.fromEntries(LICENCE_FACTS.map((name) => [name, 0])) as Record<(typeof LICENCE_FACTS)[number], number>),
  inForceAtYearEnd: 0,
});

/**
 * Each fact counts in the agency-local year of its business time; `inForceAtYearEnd` counts the
 * licences within a period of validity known by the end of 31 December and not withdrawn,
 * revoked or cancelled by then. By department as the grant copied it from its application.
 */
export function licenceFiguresOf(state: AgencyState | undefined, year: number): LicenceFigures {
  const total = zeroCounts();
  const byDepartment = new Map<string, ReturnType<typeof zeroCounts>>();
  const yearEnd = dayOfDate(`${year}-12-31`);
  for (const record of state?.licences.values() ?? []) {
    let department: ReturnType<typeof zeroCounts> | undefined;
    const ofDepartment = () => {
      if (department === undefined) {
        department = byDepartment.get(record.department);
        if (department === undefined) byDepartment.set(record.department, (department = zeroCounts()));
      }
      return department;
    };
    for (const [code, day] of record.facts) {
      if (yearOfDay(day) !== year) continue;
      const name = LICENCE_FACTS[code];
      total[name]++;
      ofDepartment()[name]++;
    }
    if (inForceOn(record, yearEnd)) {
      total.inForceAtYearEnd++;
      ofDepartment().inForceAtYearEnd++;
    }
  }
  return { ...total, byDepartment: sortedRecord(byDepartment) };
}
