import { DomainError, LocalDate, WorkingDayCounter, computeStatutoryDeadline, localDateOf } from '@ledger/domain';

/**
 * What an application's statutory deadline depends on, gathered from its events in stream
 * order the way the yearly figures gather it, so that a replay, a compliance finding and the
 * figures' on-time count always agree: the first acceptance starts the clock, the latest
 * extension stands, a suspension stays open until the next resumption.
 */
export interface TimeLimitFacts {
  /** As copied into the filing; not trusted to be a number. */
  readonly statutoryDays?: unknown;
  readonly acceptedAt?: string;
  readonly extensionDays: unknown;
  readonly suspensions: readonly { readonly from: string; readonly to?: string }[];
}

export const NO_TIME_LIMIT_FACTS: TimeLimitFacts = { extensionDays: 0, suspensions: [] };

/** The facts after one more event of the application's stream; other events change nothing. */
export function nextTimeLimitFacts(facts: TimeLimitFacts, event: { readonly type: string; readonly data: unknown; readonly at: string }): TimeLimitFacts {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'ApplicationFiled.v1':
      return { ...facts, statutoryDays: data.statutoryDays };
    case 'ApplicationAccepted.v1':
      return facts.acceptedAt === undefined ? { ...facts, acceptedAt: event.at } : facts;
    case 'TimeLimitExtended.v1':
      return { ...facts, extensionDays: data.days };
    case 'TimeLimitSuspended.v1':
      return { ...facts, suspensions: [...facts.suspensions, { from: event.at }] };
    case 'TimeLimitResumed.v1': {
      const last = facts.suspensions[facts.suspensions.length - 1];
      if (last === undefined || last.to !== undefined) return facts;
      return { ...facts, suspensions: [...facts.suspensions.slice(0, -1), { from: last.from, to: event.at }] };
    }
    default:
      return facts;
  }
}

/** The deadline as known after some event: a date, stopped by an open suspension, or not computable. */
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
  | { readonly status: 'suspended'; readonly acceptedOn: LocalDate; readonly suspendedSince: LocalDate; readonly reason: string }
  | { readonly status: 'unavailable'; readonly reason: string; readonly code?: string };

/**
 * The statutory deadline by `computeStatutoryDeadline` (the rule the figures use), dates taken
 * in the agency's time zone; `null` while the application is not accepted (no time limit runs).
 * Never throws: a calendar without the year, or malformed time-limit data, gives `unavailable`.
 */
export function deadlineOf(facts: TimeLimitFacts, calendar: WorkingDayCounter, timeZone: string): DeadlineView | null {
  if (facts.acceptedAt === undefined) return null;
  const acceptedOn = localDateOf(facts.acceptedAt, timeZone);
  if (typeof facts.statutoryDays !== 'number') {
    return { status: 'unavailable', reason: 'no filing states the statutory time limit of this application' };
  }
  const extensionDays = typeof facts.extensionDays === 'number' ? facts.extensionDays : NaN;
  try {
    const result = computeStatutoryDeadline(
      {
        acceptedOn,
        limitDays: facts.statutoryDays,
        extensionDays,
        suspensions: facts.suspensions.map((s) => (s.to === undefined ? { from: localDateOf(s.from, timeZone) } : { from: localDateOf(s.from, timeZone), to: localDateOf(s.to, timeZone) })),
      },
      calendar,
    );
    if (result.status === 'suspended') return { status: 'suspended', acceptedOn, suspendedSince: result.suspendedSince, reason: result.reason };
    return {
      status: 'known',
      deadline: result.deadline,
      acceptedOn,
      limitDays: facts.statutoryDays,
      extensionDays,
      suspendedWorkingDays: result.suspendedWorkingDays,
    };
  } catch (error) {
    if (error instanceof DomainError) return { status: 'unavailable', reason: error.message, code: error.code };
    throw error;
  }
}

/** Working days from the end of `from` to the end of `to` (how late), or undefined when the calendar cannot say. */
export function workingDaysAfter(from: LocalDate, to: LocalDate, calendar: WorkingDayCounter): number | undefined {
  try {
    return calendar.workingDaysBetween(from, to);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

/** The `n`-th working day after `from`, or undefined when the calendar lacks a year it needs. */
export function addWorkingDaysOrUndefined(from: LocalDate, n: number, calendar: WorkingDayCounter): LocalDate | undefined {
  try {
    return calendar.addWorkingDays(from, n);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}
