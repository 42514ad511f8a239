/** The figures' whole state as plain JSON, to be stored and restored instead of replaying every event. */
import { CalendarHistory, UNASSIGNED_DEPARTMENT, WorkingDayCounter } from '@ledger/domain';
import { AgencySnapshot, AgencyState } from './agency-state';
import { ApplicationTable, ApplicationTableSnapshot } from './application-table';
import { applyCalendarVersion } from './calendar-judging';
import { AppliedCalendarVersion, FiguresState } from './figures-state';

// 2: applications keyed by (agency, id). 3: decisions' judgements and the calendar versions applied.
// 4: the licence records.
const SNAPSHOT_FORMAT = 'yearly-figures/4';

/** What `snapshot()` returns: plain JSON, to be stored and passed back to `restore`. */
export interface YearlyFiguresSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly timeZone: string;
  readonly departments: readonly string[];
  readonly itemCodes: readonly string[];
  readonly applications: ApplicationTableSnapshot;
  readonly agencies: readonly AgencySnapshot[];
  /** The calendar versions recorded in the ledger that were applied, in order. */
  readonly calendar: readonly AppliedCalendarVersion[];
}

export function snapshotOf(figures: FiguresState): YearlyFiguresSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    timeZone: figures.timeZone,
    departments: [...figures.departments.names],
    itemCodes: [...figures.items.names],
    applications: figures.applications.snapshot(),
    agencies: [...figures.agencies.values()].map((state) => state.toJson()),
    calendar: [...figures.appliedCalendarVersions],
  };
}

/** The state a snapshot holds, counting with `calendar` in `timeZone` (which must be the snapshot's). */
export function restoreFigures(
  snapshot: unknown,
  calendar: WorkingDayCounter | CalendarHistory,
  timeZone?: string,
): FiguresState {
  const json = snapshot as YearlyFiguresSnapshot;
  if (
    json === null ||
    typeof json !== 'object' ||
    json.format !== SNAPSHOT_FORMAT ||
    json.departments?.[0] !== UNASSIGNED_DEPARTMENT
  ) {
    throw new TypeError(`not a yearly-figures snapshot (expected format ${SNAPSHOT_FORMAT})`);
  }
  const figures = new FiguresState(calendar, timeZone);
  if (json.timeZone !== figures.timeZone) {
    throw new RangeError(`the snapshot counts in ${json.timeZone}, not ${figures.timeZone}; rebuild instead`);
  }
  // Index 0 is always the unassigned department, interned by the constructor.
  for (const name of json.departments.slice(1)) figures.departments.intern(name);
  for (const code of json.itemCodes) figures.items.intern(code);
  figures.applications = ApplicationTable.restore(json.applications);
  for (const agency of json.agencies) figures.agencies.set(agency.name, AgencyState.fromJson(agency));
  // The counts already reflect the calendar these versions make: folded in without judging again.
  for (const { data, at, recordedAt } of json.calendar) applyCalendarVersion(figures, data, at, recordedAt, false);
  return figures;
}
