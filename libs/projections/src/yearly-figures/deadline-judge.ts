import { TimelinePeriod, WorkingDayCounter, decisionTimeliness, evaluateDeadline } from '@ledger/domain';
import { ApplicationTable, INVALID_DAYS, WAS_ACCEPTED } from './application-table';
import * as C from './figure-counters';
import { dateOfDay, dayOfDate } from './local-time';

/** Deadline cache marker: the deadline cannot be computed. */
const UNKNOWN_DEADLINE = -1;
/** Cache key stride: acceptance day × 2^18 + limit + extension (each < 2^16). */
const DEADLINE_KEY_STRIDE = 262_144;

/**
 * Judges a decision on time or not by the timeline core's rules, over the figures' compact
 * application table. Deadlines without suspensions depend only on the acceptance day and the
 * days allowed, so they are cached: a rebuild judges hundreds of thousands of decisions on a few
 * thousand distinct deadlines. The calendar must not change while the cache lives.
 */
export class DeadlineJudge {
  private readonly cache = new Map<number, number>();

  constructor(private readonly calendar: WorkingDayCounter) {}

  /** ON_TIME, OVERDUE or DEADLINE_UNKNOWN for the application in `slot`, decided on `decidedDay`. */
  timeliness(apps: ApplicationTable, slot: number, decidedDay: number): number {
    if (!(apps.flags[slot] & WAS_ACCEPTED)) return C.DEADLINE_UNKNOWN;
    const limit = apps.statutoryDays[slot];
    const extension = apps.extensionDays[slot];
    if (limit === INVALID_DAYS || extension === INVALID_DAYS) return C.DEADLINE_UNKNOWN;
    const acceptedDay = apps.acceptedDay[slot];
    const periods = apps.suspensions.get(slot);
    let deadline: number;
    if (periods === undefined) {
      const key = acceptedDay * DEADLINE_KEY_STRIDE + limit + extension;
      let cached = this.cache.get(key);
      if (cached === undefined) {
        cached = this.deadlineDay(acceptedDay, limit, extension, []);
        this.cache.set(key, cached);
      }
      deadline = cached;
    } else {
      deadline = this.deadlineDay(acceptedDay, limit, extension, suspensionDates(periods));
    }
    if (deadline === UNKNOWN_DEADLINE)
      return this.provableTimeliness(acceptedDay, limit, extension, periods, decidedDay);
    // As `isOnTime`: the deadline day itself is on time.
    return decidedDay <= deadline ? C.ON_TIME : C.OVERDUE;
  }

  /** No deadline: the timeline core's judgement from the working days passed before the decision (rare, so uncached). */
  private provableTimeliness(
    acceptedDay: number,
    limitDays: number,
    extensionDays: number,
    periods: readonly TimelinePeriod<number>[] | undefined,
    decidedDay: number,
  ): number {
    const judged = decisionTimeliness(
      {
        acceptedOn: dateOfDay(acceptedDay),
        limitDays,
        extensionDays,
        suspensions: suspensionDates(periods ?? []),
      },
      dateOfDay(decidedDay),
      this.calendar,
    );
    return judged === 'on-time' ? C.ON_TIME : judged === 'overdue' ? C.OVERDUE : C.DEADLINE_UNKNOWN;
  }

  /** The timeline core's deadline evaluation; a year missing from the calendar or malformed data gives UNKNOWN_DEADLINE. */
  private deadlineDay(
    acceptedDay: number,
    limitDays: number,
    extensionDays: number,
    suspensions: TimelinePeriod<string>[],
  ): number {
    const deadline = evaluateDeadline(
      { acceptedOn: dateOfDay(acceptedDay), limitDays, extensionDays, suspensions },
      this.calendar,
    );
    return deadline.status === 'known' ? dayOfDate(deadline.deadline) : UNKNOWN_DEADLINE;
  }
}

function suspensionDates(periods: readonly TimelinePeriod<number>[]): TimelinePeriod<string>[] {
  return periods.map((p): TimelinePeriod<string> =>
    p.to === undefined ? { from: dateOfDay(p.from) } : { from: dateOfDay(p.from), to: dateOfDay(p.to) },
  );
}
