import { DomainError, LocalDate, WorkingDayCounter } from '@ledger/domain';

/*
 * An application's deadline is the timeline core's (`deadlineOf` in @ledger/domain); these are
 * the other working-day questions the checks ask, answered without throwing.
 */

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
export function addWorkingDaysOrUndefined(
  from: LocalDate,
  n: number,
  calendar: WorkingDayCounter,
): LocalDate | undefined {
  try {
    return calendar.addWorkingDays(from, n);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}
