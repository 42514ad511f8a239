/**
 * The rules on a licence's life: a renewal decided after the licence expired (第五十条), and a
 * licence not cancelled after a cause for cancellation (第七十条). Each judges and hands the
 * wording to `compliance.messages.ts`.
 */
import { LocalDate, addDays } from '@ledger/domain';
import { EventRef } from './audit-event';
import { ComplianceFindings, refs } from './compliance-findings';
import { COMPLIANCE_MESSAGES as M } from './compliance.messages';
import { LicenceTrack } from './compliance-tracks';
import { addWorkingDaysOrUndefined } from './time-limit';

/**
 * Working days after a cause for cancellation by which the licence should be cancelled. The law
 * sets no period (第七十条: 应当依法办理注销手续); this is the ledger's, stated in the rule.
 */
export const LICENCE_CANCELLATION_GRACE_DAYS = 20;

/** The last day of validity as the track's events on or before `day` set it. */
function validUntilOn(licence: LicenceTrack, day: LocalDate): LocalDate | undefined {
  let until: LocalDate | undefined;
  for (const change of licence.validity) if (change.on <= day) until = change.until;
  return until;
}

/** RENEWAL.DECIDED_AFTER_EXPIRY, judged at the decision (in the year) on the validity before it. */
export function checkRenewalDecision(findings: ComplianceFindings, licence: LicenceTrack, decision: EventRef): void {
  if (!findings.inYear(decision.at)) return;
  const decidedOn = findings.localDate(decision.at);
  const current = licence.validity[licence.validity.length - 1]?.until;
  if (current === undefined || decidedOn <= current) return;
  findings.addOther({
    rule: 'RENEWAL.DECIDED_AFTER_EXPIRY',
    licenceId: licence.licenceId,
    ...attribution(licence),
    summary: M.renewalDecidedAfterExpiry({ id: licence.licenceId, department: licence.department }, current, decidedOn),
    details: { validUntil: current, decidedOn },
    events: refs(licence.granted, licence.validity[licence.validity.length - 1]?.ref, decision),
  });
}

/** LICENCE.NOT_CANCELLED, judged at the cut-off. */
export function checkCancellation(findings: ComplianceFindings, licence: LicenceTrack): void {
  const { cutOff } = findings;
  if (licence.cancelled && licence.cancelled.on <= cutOff) return;
  const causes: { on: LocalDate; what: string; ref?: EventRef }[] = licence.causes
    .filter((c) => c.on <= cutOff)
    .map((c) => ({ on: c.on, what: c.ref.type.replace(/\.v\d+$/, ''), ref: c.ref }));
  const until = validUntilOn(licence, cutOff);
  const pending = licence.renewalPendingSince !== undefined && licence.renewalPendingSince <= cutOff;
  if (until !== undefined && !pending && addDays(until, 1) <= cutOff)
    causes.push({ on: addDays(until, 1), what: `expired after ${until}` });
  if (causes.length === 0) return;
  const first = causes.reduce((a, b) => (b.on < a.on ? b : a));
  const due = addWorkingDaysOrUndefined(first.on, LICENCE_CANCELLATION_GRACE_DAYS, findings.calendar);
  if (due !== undefined && due >= cutOff) return;
  findings.addOther({
    rule: 'LICENCE.NOT_CANCELLED',
    licenceId: licence.licenceId,
    ...attribution(licence),
    summary: M.licenceNotCancelled(
      { id: licence.licenceId, department: licence.department },
      first.on,
      first.what,
      cutOff,
    ),
    details: { causeOn: first.on, cause: first.what, cutOff, graceWorkingDays: LICENCE_CANCELLATION_GRACE_DAYS },
    events: refs(licence.granted, first.ref, licence.cancelled?.ref),
  });
}

function attribution(licence: LicenceTrack): { itemCode?: string; department?: string } {
  return {
    ...(licence.itemCode ? { itemCode: licence.itemCode } : {}),
    ...(licence.department ? { department: licence.department } : {}),
  };
}
