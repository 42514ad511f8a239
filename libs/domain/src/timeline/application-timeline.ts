import { DomainError } from '../shared/errors';
import { LocalDate, localDateOf } from '../shared/time';
import { WorkingDayCounter, computeStatutoryDeadline, isOnTime, judgeDecision } from '../calendar/statutory-deadline';
import { presentText } from './fact-attribution';
import { correctedHistory } from '../corrections/corrected-history';

/**
 * One application's history as every reader needs it: the figures, the compliance checks, the
 * audit replay, the monthly series and the report all take an application's first acceptance,
 * its standing extension, its suspensions, its decision and the department it belongs to from
 * here, so that they cannot drift apart.
 *
 * The rules (written once, here):
 * - **acceptance**: the first ApplicationAccepted starts the time limit; a later one (legacy data:
 *   the decider refuses it) changes nothing;
 * - **extension**: the latest TimeLimitExtended stands (by law there is one; should a second be
 *   recorded, it is the one that was approved last, as in the application's own state);
 * - **suspensions**: each TimeLimitSuspended opens a period, the next TimeLimitResumed closes the
 *   last open one; a resumption with none open changes nothing;
 * - **decision, withdrawal, non-acceptance**: the first of each;
 * - **attribution**: the department and item as filed (the filing copies the catalogue version in
 *   force on the filing date), else {@link UNASSIGNED_DEPARTMENT}.
 *
 * Events come in stream order and are trusted for nothing the deciders enforce: values are kept
 * as recorded (`unknown` where a legacy import may have written anything) and judged when read.
 */
export interface ApplicationTimeline {
  readonly applicationId: string;
  readonly filing?: TimelineFiling;
  readonly acceptance?: TimelineFact;
  readonly nonAcceptance?: TimelineFact;
  readonly extension?: TimelineFact & { readonly days: unknown };
  readonly suspensions: readonly TimelinePeriod<string>[];
  readonly decision?: TimelineFact & { readonly outcome: unknown };
  readonly withdrawal?: TimelineFact;
}

/** A fact of the timeline and when it happened (business time, ISO-8601). */
export interface TimelineFact {
  readonly at: string;
}

export interface TimelineFiling extends TimelineFact {
  readonly itemCode?: string;
  readonly department?: string;
  /** As copied into the filing; not trusted to be a number. */
  readonly statutoryDays: unknown;
  readonly disclosable: boolean;
}

/** A suspension: from one instant (or day) to another, `to` absent while still open. */
export interface TimelinePeriod<T> {
  readonly from: T;
  readonly to?: T;
}

/** The minimum of a recorded event the timeline reads. */
export interface TimelineEvent {
  readonly type: string;
  readonly data: unknown;
  readonly at: string;
}

export const emptyTimeline = (applicationId: string): ApplicationTimeline => ({ applicationId, suspensions: [] });

// ---- the rules, over any representation (the figures keep day numbers in typed arrays) ----

/** The first acceptance starts the clock: the standing one is the earlier, if any. */
export function standingAcceptance<T>(current: T | undefined, incoming: T): T {
  return current === undefined ? incoming : current;
}

/** The latest extension stands. */
export function standingExtension<T>(_current: T | undefined, incoming: T): T {
  return incoming;
}

/** A suspension opens a new period. */
export function suspendedAt<T>(periods: readonly TimelinePeriod<T>[], from: T): TimelinePeriod<T>[] {
  return [...periods, { from }];
}

/** A resumption closes the last period if it is open; otherwise nothing changes. */
export function resumedAt<T>(periods: readonly TimelinePeriod<T>[], to: T): readonly TimelinePeriod<T>[] {
  const last = periods[periods.length - 1];
  if (last === undefined || last.to !== undefined) return periods;
  return [...periods.slice(0, -1), { from: last.from, to }];
}

/**
 * The timeline after one more event of the application's stream; other events change nothing.
 * This is the one place where a fact enters the timeline. A correction (`FactCorrected.v1`) is
 * not a fact of its own: {@link timelineOf} folds the stream as corrected (`correctedHistory`),
 * and a reader that goes event by event folds again from the corrected history when one arrives.
 */
export function nextTimeline(timeline: ApplicationTimeline, event: TimelineEvent): ApplicationTimeline {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const fact = { at: event.at };
  switch (event.type) {
    case 'ApplicationFiled.v1':
      return {
        ...timeline,
        filing: {
          at: event.at,
          itemCode: typeof data.itemCode === 'string' ? data.itemCode : undefined,
          department: presentText(data.department),
          statutoryDays: data.statutoryDays,
          disclosable: data.disclosable === true,
        },
      };
    case 'ApplicationAccepted.v1':
      return { ...timeline, acceptance: standingAcceptance(timeline.acceptance, fact) };
    case 'ApplicationNotAccepted.v1':
      return timeline.nonAcceptance ? timeline : { ...timeline, nonAcceptance: fact };
    case 'TimeLimitExtended.v1':
      return { ...timeline, extension: standingExtension(timeline.extension, { at: event.at, days: data.days }) };
    case 'TimeLimitSuspended.v1':
      return { ...timeline, suspensions: suspendedAt(timeline.suspensions, event.at) };
    case 'TimeLimitResumed.v1': {
      const suspensions = resumedAt(timeline.suspensions, event.at);
      return suspensions === timeline.suspensions ? timeline : { ...timeline, suspensions };
    }
    case 'DecisionMade.v1':
      return timeline.decision ? timeline : { ...timeline, decision: { at: event.at, outcome: data.outcome } };
    case 'ApplicationWithdrawn.v1':
      return timeline.withdrawal ? timeline : { ...timeline, withdrawal: fact };
    default:
      return timeline;
  }
}

/** Folds an application's events (stream order) into its timeline, corrections applied. */
export function timelineOf(applicationId: string, events: Iterable<TimelineEvent>): ApplicationTimeline {
  let timeline = emptyTimeline(applicationId);
  for (const event of correctedHistory([...events])) timeline = nextTimeline(timeline, event);
  return timeline;
}

/** The department and item an application (and everything in its stream) is attributed to. */
export function applicationAttribution(timeline: ApplicationTimeline): {
  readonly department?: string;
  readonly itemCode?: string;
} {
  return { department: timeline.filing?.department, itemCode: timeline.filing?.itemCode };
}

// ---- the deadline ----

/** What the statutory deadline depends on, in agency-local dates. */
export interface DeadlineInputs {
  readonly acceptedOn: LocalDate;
  /** Not trusted to be a number (legacy data). */
  readonly limitDays: unknown;
  readonly extensionDays: unknown;
  readonly suspensions: readonly TimelinePeriod<LocalDate>[];
}

/** The deadline as known at some point: a date, stopped by an open suspension, or not computable. */
export type DeadlineView =
  | {
      readonly status: 'known';
      /** Decide on or before this date to be on time. */
      readonly deadline: LocalDate;
      readonly acceptedOn: LocalDate;
      readonly limitDays: number;
      readonly extensionDays: number;
      readonly suspendedWorkingDays: number;
    }
  | {
      readonly status: 'suspended';
      readonly acceptedOn: LocalDate;
      readonly suspendedSince: LocalDate;
      readonly reason: string;
    }
  | { readonly status: 'unavailable'; readonly reason: string; readonly code?: string };

export const NO_STATUTORY_LIMIT_REASON = 'no filing states the statutory time limit of this application';

/**
 * The deadline's inputs from a timeline, dates in the agency's time zone; undefined while not
 * accepted (no time limit runs). No extension counts as 0 days.
 */
export function deadlineInputsOf(timeline: ApplicationTimeline, timeZone: string): DeadlineInputs | undefined {
  if (timeline.acceptance === undefined) return undefined;
  const local = (at: string) => localDateOf(at, timeZone);
  return {
    acceptedOn: local(timeline.acceptance.at),
    limitDays: timeline.filing?.statutoryDays,
    extensionDays: timeline.extension === undefined ? 0 : timeline.extension.days,
    suspensions: timeline.suspensions.map((s) =>
      s.to === undefined ? { from: local(s.from) } : { from: local(s.from), to: local(s.to) },
    ),
  };
}

/**
 * The one evaluation of a statutory deadline (`computeStatutoryDeadline`) every reader goes
 * through, against the calendar it is given. Never throws: a calendar without the year, or
 * malformed time-limit data, gives `unavailable`.
 */
export function evaluateDeadline(inputs: DeadlineInputs, calendar: WorkingDayCounter): DeadlineView {
  const { acceptedOn } = inputs;
  if (typeof inputs.limitDays !== 'number') return { status: 'unavailable', reason: NO_STATUTORY_LIMIT_REASON };
  const limitDays = inputs.limitDays;
  const extensionDays = typeof inputs.extensionDays === 'number' ? inputs.extensionDays : NaN;
  try {
    const result = computeStatutoryDeadline(
      { acceptedOn, limitDays, extensionDays, suspensions: inputs.suspensions },
      calendar,
    );
    if (result.status === 'suspended')
      return { status: 'suspended', acceptedOn, suspendedSince: result.suspendedSince, reason: result.reason };
    return {
      status: 'known',
      deadline: result.deadline,
      acceptedOn,
      limitDays,
      extensionDays,
      suspendedWorkingDays: result.suspendedWorkingDays,
    };
  } catch (error) {
    if (error instanceof DomainError) return { status: 'unavailable', reason: error.message, code: error.code };
    throw error;
  }
}

/** The deadline of a timeline as it stands; null while not accepted. */
export function deadlineOf(
  timeline: ApplicationTimeline,
  calendar: WorkingDayCounter,
  timeZone: string,
): DeadlineView | null {
  const inputs = deadlineInputsOf(timeline, timeZone);
  return inputs === undefined ? null : evaluateDeadline(inputs, calendar);
}

/** On time (the deadline day itself is), overdue, or undetermined when no deadline is known. */
export type Timeliness = 'on-time' | 'overdue' | 'unknown';

export function timelinessOf(deadline: DeadlineView | null, decidedOn: LocalDate): Timeliness {
  if (deadline === null || deadline.status !== 'known') return 'unknown';
  return isOnTime(decidedOn, deadline.deadline) ? 'on-time' : 'overdue';
}

/**
 * Whether a decision made on `decidedOn` was on time, whenever it is provable: with the deadline
 * when the calendar has it, else from the working days passed before the decision
 * (`judgeDecision`: fewer than N, all in known years, is on time even if the deadline falls in a
 * year not loaded). Every reader judges a decision through this one function.
 */
export function decisionTimeliness(
  inputs: DeadlineInputs | undefined,
  decidedOn: LocalDate,
  calendar: WorkingDayCounter,
): Timeliness {
  if (inputs === undefined || typeof inputs.limitDays !== 'number' || typeof inputs.extensionDays !== 'number')
    return 'unknown';
  try {
    const judged = judgeDecision(
      {
        acceptedOn: inputs.acceptedOn,
        limitDays: inputs.limitDays,
        extensionDays: inputs.extensionDays,
        suspensions: inputs.suspensions,
      },
      decidedOn,
      calendar,
    );
    return judged.status === 'undetermined' ? 'unknown' : judged.status;
  } catch (error) {
    if (error instanceof DomainError) return 'unknown';
    throw error;
  }
}
