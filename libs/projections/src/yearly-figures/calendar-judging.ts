/**
 * The working-day calendar as ledger data, in the figures: each `CalendarYearRecorded` version
 * applied may change the calendar, and then every decision already counted is judged again with
 * it (on time, overdue, deadline unknown) and its count moved. So the figures always count with
 * the calendar as the ledger held it at the last event applied — a replay as of an instant with
 * the versions recorded by then — whatever order the versions and the decisions came in.
 */
import { CALENDAR_YEAR_RECORDED, CalendarVersionRef, CalendarYearRecorded, calendarVersionOf } from '@ledger/domain';
import { YearData } from './agency-state';
import { ApplicationTable, JUDGEMENT_MASK, JUDGEMENT_SHIFT, NO_ITEM } from './application-table';
import { DeadlineJudge } from './deadline-judge';
import * as C from './figure-counters';
import { FiguresState } from './figures-state';
import { dayOfDate, yearOfDay } from './local-time';

/** The judgement codes the application table keeps (see JUDGEMENT_MASK), and back. */
const JUDGEMENT_OF_COUNTER: Readonly<Record<number, number>> = {
  [C.ON_TIME]: 1,
  [C.OVERDUE]: 2,
  [C.DEADLINE_UNKNOWN]: 3,
};
const COUNTER_OF_JUDGEMENT: readonly number[] = [-1, C.ON_TIME, C.OVERDUE, C.DEADLINE_UNKNOWN];
/** Day 0 of the application table's decision days. */
const DECIDED_DAY_BASE = dayOfDate('1990-01-01');

/**
 * Remembers how a decision was judged, to judge it again when the calendar changes. Two bytes
 * per application hold its day: from 1990 (the first year the figures can be asked for) to
 * 2169; a decision outside them is in no figure anyone can read, so it is not judged again.
 */
export function rememberJudgement(apps: ApplicationTable, slot: number, day: number, counter: number): void {
  if (day < DECIDED_DAY_BASE || day - DECIDED_DAY_BASE > 0xffff) return;
  const judgement = JUDGEMENT_OF_COUNTER[counter];
  if ((apps.flags[slot] & JUDGEMENT_MASK) === 0) {
    apps.decidedDay[slot] = day - DECIDED_DAY_BASE;
    apps.flags[slot] |= judgement << JUDGEMENT_SHIFT;
    return;
  }
  const later = apps.laterDecisions.get(slot);
  if (later === undefined) apps.laterDecisions.set(slot, [day, judgement]);
  else later.push(day, judgement);
}

/**
 * Folds in a recorded calendar version (`event.data` of a `CalendarYearRecorded.v1`); a fixed
 * calendar ignores it. Returns true when the calendar in force changed. `judgeAgain` is false
 * only when restoring a snapshot, whose counts already reflect the calendar.
 */
export function applyCalendarVersion(
  figures: FiguresState,
  data: CalendarYearRecorded['data'],
  at: string,
  recordedAt: string,
  judgeAgain = true,
): boolean {
  const history = figures.calendarHistory;
  if (history === undefined) return false;
  let next;
  try {
    next = history.with(calendarVersionOf({ type: CALENDAR_YEAR_RECORDED, data, at }, recordedAt));
  } catch {
    // The store's rules refuse such a version before it is recorded; one written past them
    // (by hand, by another tool) is not a calendar the figures can count with.
    return false;
  }
  figures.calendarHistory = next;
  figures.appliedCalendarVersions.push({ data, at, recordedAt });
  const view = next.at();
  if (figures.calendarVersions !== undefined && keyOf(view.versions) === keyOf(figures.calendarVersions)) return false;
  figures.calendar = view.calendar;
  figures.calendarVersions = view.versions;
  // The judge caches deadlines: a new calendar needs a new one.
  figures.deadlines = new DeadlineJudge(view.calendar);
  if (judgeAgain) judgeDecisionsAgain(figures);
  return true;
}

const keyOf = (versions: readonly CalendarVersionRef[]) => versions.map((v) => `${v.year}:${v.version}`).join(',');

/** Every decision judged again with the calendar now in force; a changed judgement moves its count. */
function judgeDecisionsAgain(figures: FiguresState): void {
  const apps = figures.applications;
  const judgeAgain = (slot: number, day: number, judgement: number): number => {
    const from = COUNTER_OF_JUDGEMENT[judgement];
    const to = figures.deadlines.timeliness(apps, slot, day);
    if (to !== from) {
      const yearData = figures.agency(apps.agencyOf(slot)).yearData(yearOfDay(day));
      move(figures, yearData, slot, from, -1);
      move(figures, yearData, slot, to, 1);
    }
    return JUDGEMENT_OF_COUNTER[to];
  };
  for (let slot = 0; slot < apps.size; slot++) {
    const judgement = (apps.flags[slot] & JUDGEMENT_MASK) >> JUDGEMENT_SHIFT;
    if (judgement === 0) continue;
    const now = judgeAgain(slot, apps.decidedDay[slot] + DECIDED_DAY_BASE, judgement);
    apps.flags[slot] = (apps.flags[slot] & ~JUDGEMENT_MASK) | (now << JUDGEMENT_SHIFT);
  }
  for (const [slot, flat] of apps.laterDecisions)
    for (let i = 0; i < flat.length; i += 2) flat[i + 1] = judgeAgain(slot, flat[i], flat[i + 1]);
}

/** Moves a count by `delta` for the agency, the application's department and its item, as the counting bumped it. */
function move(figures: FiguresState, yearData: YearData, slot: number, counter: number, delta: number): void {
  yearData.total[counter] += delta;
  const department = figures.applications.department[slot];
  (yearData.byDepartment[department] ??= C.newCounters())[counter] += delta;
  const item = figures.applications.item[slot];
  if (item !== NO_ITEM) (yearData.byItem[item] ??= C.newCounters())[counter] += delta;
}
