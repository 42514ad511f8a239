import { ValidationError } from '../shared/errors';
import { DomainError } from '../shared/errors';
import { LocalDate, addDays } from '../shared/time';
import { CALENDAR_ERRORS, TIME_LIMIT_ERRORS } from './calendar.errors';
import { requireLocalDate } from './local-date-check';
import { WorkingDayCalendar } from './working-day-calendar';

/** 《行政许可法》第四十二条: a decision is due within 20 working days of acceptance. */
export const DEFAULT_STATUTORY_LIMIT_DAYS = 20;
/** 《行政许可法》第四十二条: the head of the agency may extend the limit once, by 10 working days. */
export const STANDARD_EXTENSION_DAYS = 10;

/**
 * A period during which the time limit does not run (hearing 听证, testing/inspection/quarantine/
 * appraisal 检验检测检疫鉴定, expert review 专家评审). `from` is the day it was suspended, `to`
 * the day it resumed; `to` is absent while the suspension is still open.
 */
export interface TimeLimitSuspension {
  readonly from: LocalDate;
  readonly to?: LocalDate;
}

export interface StatutoryDeadlineInput {
  /** The day the application was accepted (受理); counting starts the day after. */
  readonly acceptedOn: LocalDate;
  /** The statutory limit in working days, usually {@link DEFAULT_STATUTORY_LIMIT_DAYS}. */
  readonly limitDays: number;
  /** Working days added by an approved extension; 0 when none. */
  readonly extensionDays: number;
  /** Suspensions in any order; overlapping ones are merged, not counted twice. */
  readonly suspensions: readonly TimeLimitSuspension[];
}

/** The deadline is known: decide on or before `deadline` to be on time. */
export interface KnownStatutoryDeadline {
  readonly status: 'known';
  readonly deadline: LocalDate;
  /** Working days the suspensions added before the deadline was reached (0 if none). */
  readonly suspendedWorkingDays: number;
}

/** The clock is stopped by a suspension that has not been resumed, so no deadline exists yet. */
export interface PendingStatutoryDeadline {
  readonly status: 'suspended';
  readonly deadline: undefined;
  readonly reason: string;
  /** The day the open suspension began. */
  readonly suspendedSince: LocalDate;
}

export type StatutoryDeadline = KnownStatutoryDeadline | PendingStatutoryDeadline;

/** The calendar operations the deadline needs; any {@link WorkingDayCalendar} provides them. */
export type WorkingDayCounter = Pick<WorkingDayCalendar, 'addWorkingDays' | 'workingDaysBetween'>;

interface SuspensionWindow {
  from: LocalDate;
  to: LocalDate | undefined;
}

/**
 * Computes the statutory deadline of an accepted application.
 *
 * Legal basis — 《中华人民共和国行政许可法》:
 * - 第四十二条: the decision is due within 20 days of acceptance; where it cannot be made in
 *   time, the head of the agency may approve one extension of 10 days, telling the applicant why.
 * - 第四十五条: time needed for hearings, tendering, auctions, testing, inspection, quarantine,
 *   appraisal and expert review is not counted within the limit.
 * - 第八十二条: these time limits are counted in working days, excluding statutory holidays.
 *
 * Convention (the ledger's reading, applied identically everywhere):
 * - Day 1 is the first working day strictly after `acceptedOn`; the deadline is the
 *   (`limitDays` + `extensionDays`)-th counted working day. With `limitDays` 0 (a decision due on
 *   the spot) the deadline is `acceptedOn` itself.
 * - A suspension stops the clock: working days `d` with `from < d <= to` are not counted. The day
 *   of suspension still counts (work was done that day); the day of resumption does not, and
 *   counting resumes the day after. Overlapping suspensions are merged.
 * - Equivalently, the deadline is the (limit + extension + suspended working days)-th working day
 *   after acceptance, counting only suspended days that fall before the deadline: a suspension
 *   that starts on or after the deadline cannot move it (a late decision is not made timely by
 *   pausing afterwards).
 * - An open suspension (no `to`) that starts before the deadline is reached leaves the deadline
 *   unknown: the result has `deadline: undefined` and a reason.
 *
 * Throws `ValidationError` for malformed input (`TIME_LIMIT.*`, `CALENDAR.INVALID_DATE`) and
 * `CALENDAR.YEAR_NOT_LOADED` when the count needs a year the calendar lacks.
 */
export function computeStatutoryDeadline(
  input: StatutoryDeadlineInput,
  calendar: WorkingDayCounter,
): StatutoryDeadline {
  const acceptedOn = requireLocalDate(input.acceptedOn, 'acceptedOn');
  const limitDays = requireDays(input.limitDays, 'limitDays');
  const extensionDays = requireDays(input.extensionDays, 'extensionDays');
  const windows = mergedSuspensions(input.suspensions, acceptedOn);

  let countFrom = acceptedOn;
  let remaining = limitDays + extensionDays;
  let suspendedWorkingDays = 0;
  for (const window of windows) {
    const reachedWithoutPause = calendar.addWorkingDays(countFrom, remaining);
    // The suspension day itself counts, so reaching the deadline on it means it never stopped the clock.
    if (reachedWithoutPause <= window.from)
      return { status: 'known', deadline: reachedWithoutPause, suspendedWorkingDays };
    if (window.to === undefined) {
      return {
        status: 'suspended',
        deadline: undefined,
        reason: `the time limit has been suspended since ${window.from} and not resumed, so the deadline is not yet known`,
        suspendedSince: window.from,
      };
    }
    remaining -= calendar.workingDaysBetween(countFrom, window.from);
    suspendedWorkingDays += calendar.workingDaysBetween(window.from, window.to);
    countFrom = window.to;
  }
  return { status: 'known', deadline: calendar.addWorkingDays(countFrom, remaining), suspendedWorkingDays };
}

/**
 * Whether a decision made on `decidedOn` met `deadline`: on or before it counts as on time
 * (the deadline day is the last day allowed, not the first day late).
 */
export function isOnTime(decidedOn: LocalDate, deadline: LocalDate): boolean {
  // YYYY-MM-DD strings order like the dates they name.
  return requireLocalDate(decidedOn, 'decidedOn') <= requireLocalDate(deadline, 'deadline');
}

/**
 * How a decision stands against its time limit. `on-time` carries the deadline when it is known;
 * without it, `elapsedWorkingDays` is the proof: fewer working days than the limit had passed
 * when the decision was made.
 */
export type DecisionTimeliness =
  | { readonly status: 'on-time'; readonly deadline?: LocalDate; readonly elapsedWorkingDays?: number }
  | { readonly status: 'overdue'; readonly deadline: LocalDate }
  | { readonly status: 'undetermined'; readonly reason: string; readonly code: string };

/**
 * Judges a decision made on `decidedOn` against the time limit of `input`, deciding whenever the
 * calendar allows it to be decided.
 *
 * The deadline D is the first day on which the count of counted working days (suspensions
 * excluded) reaches N = limit + extension. So `decidedOn <= D` exactly when fewer than N counted
 * working days lie strictly between acceptance and the decision day — a count that needs only
 * the years up to the day before the decision. A decision made while fewer than N working days
 * had passed is therefore on time even if the deadline itself falls in a year the calendar lacks
 * (a decision on 2026-12-28 of an application accepted on 2026-12-15 needs no 2027 data). Only
 * when those years are missing too does it stay undetermined (`CALENDAR.YEAR_NOT_LOADED`).
 *
 * A decision made while a suspension was still open stays undetermined, as in
 * {@link computeStatutoryDeadline}: the ledger does not guess when the clock would have resumed.
 * Throws `ValidationError` for malformed input, like {@link computeStatutoryDeadline}.
 */
export function judgeDecision(
  input: StatutoryDeadlineInput,
  decidedOn: LocalDate,
  calendar: WorkingDayCounter,
): DecisionTimeliness {
  const decided = requireLocalDate(decidedOn, 'decidedOn');
  let deadline: StatutoryDeadline;
  try {
    deadline = computeStatutoryDeadline(input, calendar);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== CALENDAR_ERRORS.YEAR_NOT_LOADED) throw error;
    return judgeWithoutDeadline(input, decided, calendar, error);
  }
  if (deadline.status === 'suspended')
    return { status: 'undetermined', reason: deadline.reason, code: TIME_LIMIT_ERRORS.STILL_SUSPENDED };
  return isOnTime(decided, deadline.deadline)
    ? { status: 'on-time', deadline: deadline.deadline }
    : { status: 'overdue', deadline: deadline.deadline };
}

/** The deadline could not be computed: decide from the working days elapsed before the decision, if they are known. */
function judgeWithoutDeadline(
  input: StatutoryDeadlineInput,
  decided: LocalDate,
  calendar: WorkingDayCounter,
  missing: DomainError,
): DecisionTimeliness {
  const acceptedOn = input.acceptedOn;
  // Decided on the day of acceptance (or, from malformed data, before it): no working day has passed.
  if (decided <= acceptedOn) return { status: 'on-time', elapsedWorkingDays: 0 };
  const limit = input.limitDays + input.extensionDays;
  const lastElapsed = addDays(decided, -1);
  const windows = mergedSuspensions(input.suspensions, acceptedOn);
  if (windows.some((w) => w.to === undefined && w.from < decided)) {
    return {
      status: 'undetermined',
      reason: `the time limit was suspended on an open suspension before the decision of ${decided}`,
      code: TIME_LIMIT_ERRORS.STILL_SUSPENDED,
    };
  }
  try {
    let elapsed = calendar.workingDaysBetween(acceptedOn, lastElapsed);
    for (const window of windows) {
      if (window.from >= lastElapsed) break;
      const to = window.to! < lastElapsed ? window.to! : lastElapsed;
      elapsed -= calendar.workingDaysBetween(window.from, to);
    }
    // Fewer than N counted working days before the decision day: the N-th is the decision day or later.
    if (elapsed < limit) return { status: 'on-time', elapsedWorkingDays: elapsed };
  } catch (error) {
    if (error instanceof DomainError && error.code === CALENDAR_ERRORS.YEAR_NOT_LOADED)
      return { status: 'undetermined', reason: error.message, code: error.code };
    throw error;
  }
  // N or more had passed, so the deadline lies before the decision day; but computing it failed,
  // which happens only when a suspension resumed in a year the calendar lacks. Say so honestly.
  return { status: 'undetermined', reason: missing.message, code: missing.code };
}

function requireDays(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(
      TIME_LIMIT_ERRORS.INVALID_DAYS,
      `${field} must be a whole number of working days ≥ 0, got ${value}`,
      field,
    );
  }
  return value;
}

/** Validates the suspensions and returns them sorted, with overlapping or touching ones merged. */
function mergedSuspensions(suspensions: readonly TimeLimitSuspension[], acceptedOn: LocalDate): SuspensionWindow[] {
  const windows = suspensions.map((s, i): SuspensionWindow => {
    const from = requireLocalDate(s.from, `suspensions[${i}].from`);
    const to = s.to === undefined ? undefined : requireLocalDate(s.to, `suspensions[${i}].to`);
    if (from < acceptedOn) {
      throw new ValidationError(
        TIME_LIMIT_ERRORS.SUSPENSION_BEFORE_ACCEPTANCE,
        `suspension ${i} starts on ${from}, before acceptance on ${acceptedOn}`,
        `suspensions[${i}].from`,
      );
    }
    if (to !== undefined && to < from) {
      throw new ValidationError(
        TIME_LIMIT_ERRORS.SUSPENSION_ENDS_BEFORE_START,
        `suspension ${i} resumes on ${to}, before it started on ${from}`,
        `suspensions[${i}].to`,
      );
    }
    return { from, to };
  });
  windows.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: SuspensionWindow[] = [];
  for (const window of windows) {
    const last = merged[merged.length - 1];
    // Touching windows merge too: one ends with day `to`, the next excludes days after its `from`.
    if (last && (last.to === undefined || window.from <= last.to)) {
      if (window.to === undefined || (last.to !== undefined && window.to > last.to)) last.to = window.to;
    } else {
      merged.push({ ...window });
    }
  }
  return merged;
}
