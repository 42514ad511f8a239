/**
 * How a licence's events enter the figures: each counted fact is noted with its local day in
 * the licence's record (department and item as the grant copied them from its application),
 * and the grant and renewals add the periods in which the licence is in force.
 *
 * Periods: the grant's runs from `validFrom` (not before the grant itself) to `validUntil`. A renewal decided on day d runs
 * from the day after the old expiry, or from d when decided after expiry (the licence lapsed
 * in between); a deemed renewal runs from the day after the old expiry (第五十条: deemed granted
 * at expiry).
 */
import { LicenceEvent, Recorded, UNASSIGNED_DEPARTMENT, presentText } from '@ledger/domain';
import type { Counting, CountingHandlers } from './figure-handlers.types';
import { dayOfDate } from './local-time';
import { FACT_CODE, LicenceFact, LicenceRecord, NO_EXPIRY, currentExpiry } from './licence-records';

type LicenceType = LicenceEvent['type'];

/** A local date as a day number, or undefined when it is not a date (legacy data). */
function dayOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = dayOfDate(value);
  return Number.isFinite(day) ? day : undefined;
}

/** The record of the event's licence; facts of a licence whose grant was not seen go to an unassigned record. */
function recordOf(event: Recorded<LicenceEvent>, { agency }: Counting): LicenceRecord {
  const id = event.data.licenceId;
  let record = agency.licences.get(id);
  if (record === undefined) {
    record = { department: UNASSIGNED_DEPARTMENT, periods: [], facts: [] };
    agency.licences.set(id, record);
  }
  return record;
}

function note(record: LicenceRecord, fact: LicenceFact, day: number): void {
  record.facts.push([FACT_CODE[fact], day]);
}

const counts =
  (fact: LicenceFact) =>
  (event: Recorded<LicenceEvent>, c: Counting): void =>
    note(recordOf(event, c), fact, c.day);

function ended(record: LicenceRecord, day: number): void {
  if (record.endedDay === undefined || day < record.endedDay) record.endedDay = day;
}

/** A renewal's period from `from` through the new last day. */
function renew(record: LicenceRecord, from: number, validUntil: unknown): void {
  const until = dayOf(validUntil);
  if (until !== undefined && until >= from) record.periods.push([from, until]);
}

export const LICENCE_COUNTING: CountingHandlers<LicenceType> = {
  'LicenceGranted.v1': ({ data }, c) => {
    const record: LicenceRecord = {
      department: presentText(data.department) ?? UNASSIGNED_DEPARTMENT,
      ...(presentText(data.itemCode) !== undefined ? { itemCode: data.itemCode } : {}),
      periods: [],
      facts: [],
    };
    // Not in force before it was issued, whatever validFrom says.
    const from = Math.max(dayOf(data.validFrom) ?? c.day, c.day);
    const until = data.validUntil === undefined ? NO_EXPIRY : dayOf(data.validUntil);
    if (until !== undefined && until >= from) record.periods.push([from, until]);
    note(record, 'granted', c.day);
    c.agency.licences.set(data.licenceId, record);
  },
  'LicenceChangeApplied.v1': counts('changesApplied'),
  'LicenceChangeDecided.v1': (event, c) =>
    note(recordOf(event, c), event.data.outcome === 'approved' ? 'changesApproved' : 'changesRefused', c.day),
  'LicenceRenewalApplied.v1': counts('renewalsApplied'),
  'LicenceRenewalDecided.v1': (event, c) => {
    const record = recordOf(event, c);
    const expiry = currentExpiry(record);
    const beforeExpiry = expiry !== undefined && c.day <= expiry;
    note(record, beforeExpiry ? 'renewalsDecidedBeforeExpiry' : 'renewalsDecidedAfterExpiry', c.day);
    if (event.data.outcome !== 'renewed') return note(record, 'renewalsRefused', c.day);
    note(record, 'renewed', c.day);
    renew(record, expiry === undefined ? c.day : Math.max(expiry + 1, c.day), event.data.validUntil);
  },
  'LicenceDeemedRenewed.v1': (event, c) => {
    const record = recordOf(event, c);
    const expiry = currentExpiry(record);
    note(record, 'deemedRenewals', c.day);
    renew(record, expiry === undefined ? c.day : expiry + 1, event.data.validUntil);
  },
  'LicenceWithdrawn.v1': (event, c) => {
    const record = recordOf(event, c);
    note(record, 'withdrawn', c.day);
    ended(record, c.day);
  },
  'LicenceRevoked.v1': (event, c) => {
    const record = recordOf(event, c);
    note(record, 'revoked', c.day);
    ended(record, c.day);
  },
  'LicenceCancelled.v1': (event, c) => {
    const record = recordOf(event, c);
    note(record, 'cancelled', c.day);
    ended(record, c.day);
  },
  // A ground for cancellation is judged by the compliance check, not counted.
  'CancellationCauseRecorded.v1': () => undefined,
  'LicenceUseSuspended.v1': counts('usesSuspended'),
  'LicenceUseResumed.v1': () => undefined,
  'LicenseeInspected.v1': counts('postGrantInspections'),
};
