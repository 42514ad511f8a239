/**
 * How an application's events enter the figures: each counts once for the agency, once for the
 * application's department and once for its item, in the business year of the event, and
 * leaves in the application table what its stream's later events need.
 */
import {
  ApplicationEvent,
  Recorded,
  UNASSIGNED_DEPARTMENT,
  presentText,
  resumedAt,
  standingAcceptance,
  standingExtension,
  suspendedAt,
} from '@ledger/domain';
import { YearData } from './agency-state';
import { CLOSED, DISCLOSABLE, FILED, INVALID_DAYS, NO_ITEM, WAS_ACCEPTED } from './application-table';
import * as C from './figure-counters';
import type { Counting, CountingHandlers } from './figure-handlers.types';
import { FiguresState } from './figures-state';
import { yearOfDay } from './local-time';
import { rememberJudgement } from './calendar-judging';

/** An application event's count: the event, its application's slot and its year's counters. */
type ApplicationCount<E> = (event: E, c: Counting, slot: number, yearData: YearData) => void;

/**
 * Every application event makes its application's slot and its year's counters, even one that
 * counts nothing (positional arguments: this runs for most of the events of a rebuild).
 */
function onApplication<E extends Recorded<ApplicationEvent>>(
  count: ApplicationCount<E>,
): (event: E, c: Counting) => void {
  return (event, c) =>
    count(event, c, c.figures.applications.slotOf(c.agency.name, event.data.applicationId), c.agency.yearData(c.year));
}

const counts =
  (counter: number): ApplicationCount<unknown> =>
  (_event, { figures }, slot, yearData) =>
    bump(figures, yearData, slot, counter);

const nothing = (): void => undefined;

const validDays = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < INVALID_DAYS ? value : INVALID_DAYS;

export const APPLICATION_COUNTING: CountingHandlers<ApplicationEvent['type']> = {
  'ApplicationFiled.v1': onApplication(({ data }, { figures }, slot, yearData) => {
    const apps = figures.applications;
    apps.department[slot] = figures.departments.intern(presentText(data.department) ?? UNASSIGNED_DEPARTMENT);
    apps.item[slot] = typeof data.itemCode === 'string' ? figures.items.intern(data.itemCode) : NO_ITEM;
    apps.statutoryDays[slot] = validDays(data.statutoryDays);
    apps.flags[slot] |= FILED | (data.disclosable === true ? DISCLOSABLE : 0);
    bump(figures, yearData, slot, C.RECEIVED);
  }),
  'ApplicationAccepted.v1': onApplication((_event, { figures, agency, day, year }, slot, yearData) => {
    const apps = figures.applications;
    bump(figures, yearData, slot, C.ACCEPTED);
    const wasAccepted = (apps.flags[slot] & WAS_ACCEPTED) !== 0;
    apps.acceptedDay[slot] = standingAcceptance(wasAccepted ? apps.acceptedDay[slot] : undefined, day);
    if (wasAccepted) return;
    apps.flags[slot] |= WAS_ACCEPTED;
    bump(figures, yearData, slot, C.PENDING_IN);
    // Closed before being accepted (not possible through the deciders): never pending.
    if (apps.flags[slot] & CLOSED)
      bump(figures, agency.yearData(Math.max(year, apps.closeYear[slot])), slot, C.PENDING_OUT);
  }),
  'ApplicationNotAccepted.v1': onApplication(counts(C.NOT_ACCEPTED)),
  'TimeLimitExtended.v1': onApplication(({ data }, { figures: { applications: apps } }, slot) => {
    // The timeline core's rule decides which extension stands.
    apps.extensionDays[slot] = standingExtension(apps.extensionDays[slot], validDays(data.days));
  }),
  'TimeLimitSuspended.v1': onApplication((_event, { figures: { applications: apps }, day }, slot) => {
    apps.suspensions.set(slot, suspendedAt(apps.suspensions.get(slot) ?? [], day));
  }),
  'TimeLimitResumed.v1': onApplication((_event, { figures: { applications: apps }, day }, slot) => {
    const periods = apps.suspensions.get(slot);
    if (periods !== undefined) apps.suspensions.set(slot, resumedAt(periods, day));
  }),
  'DecisionMade.v1': onApplication(({ data }, c, slot, yearData) => {
    const { figures } = c;
    const apps = figures.applications;
    bump(figures, yearData, slot, C.DECIDED);
    if (data.outcome === 'granted') {
      bump(figures, yearData, slot, C.GRANTED);
      if (apps.flags[slot] & DISCLOSABLE) bump(figures, yearData, slot, C.GRANTED_DISCLOSABLE);
    } else if (data.outcome === 'denied') {
      bump(figures, yearData, slot, C.DENIED);
      yearData.denials.push({
        applicationId: data.applicationId,
        reason: data.reason ?? '',
        department: apps.department[slot],
        item: apps.item[slot],
      });
    }
    const judged = figures.deadlines.timeliness(apps, slot, c.day);
    bump(figures, yearData, slot, judged);
    // Kept so that a new version of the calendar can judge the decision again.
    rememberJudgement(apps, slot, c.day, judged);
    close(c, slot);
  }),
  'ApplicationWithdrawn.v1': onApplication((_event, c, slot, yearData) => {
    bump(c.figures, yearData, slot, C.WITHDRAWN);
    close(c, slot);
  }),
  'DecisionDisclosed.v1': onApplication(counts(C.DISCLOSED)),
  'DisclosureExempted.v1': onApplication(counts(C.EXEMPT)),
  'CertificateIssued.v1': onApplication(({ data }, { figures }, slot, yearData) => {
    if (data.form === 'electronic') bump(figures, yearData, slot, C.ELECTRONIC_CERTIFICATES);
    if (data.delivery === 'mail') bump(figures, yearData, slot, C.CERTIFICATES_MAILED);
  }),
  'RatingReceived.v1': onApplication(({ data: { level } }, { figures }, slot, yearData) => {
    if (level === 1 || level === 2 || level === 3 || level === 4 || level === 5)
      bump(figures, yearData, slot, C.RATING_1 + level - 1);
  }),
  'BadRatingRectified.v1': onApplication(counts(C.BAD_RATINGS_RECTIFIED)),
  // Supplements and on-site visits enter no figure (their application's slot is made all the same).
  'SupplementRequested.v1': onApplication(nothing),
  'SupplementProvided.v1': onApplication(nothing),
  'OnSiteVisitRecorded.v1': onApplication(nothing),
};

/** Counts once for the agency, once for the application's department and once for its item. */
function bump(figures: FiguresState, yearData: YearData, slot: number, counter: number): void {
  yearData.total[counter]++;
  const department = figures.applications.department[slot];
  (yearData.byDepartment[department] ??= C.newCounters())[counter]++;
  const item = figures.applications.item[slot];
  if (item !== NO_ITEM) (yearData.byItem[item] ??= C.newCounters())[counter]++;
}

/**
 * Decided or withdrawn: no longer pending from this year's end on. The suspensions stay: a
 * decision recorded after a withdrawal (legacy data) is judged on the whole timeline, as the
 * checks and the replay judge it (few applications are ever suspended).
 */
function close({ figures, agency, year }: Counting, slot: number): void {
  const apps = figures.applications;
  if (apps.flags[slot] & CLOSED) return;
  apps.flags[slot] |= CLOSED;
  apps.closeYear[slot] = year;
  if (apps.flags[slot] & WAS_ACCEPTED) {
    bump(figures, agency.yearData(Math.max(year, yearOfDay(apps.acceptedDay[slot]))), slot, C.PENDING_OUT);
  }
}
