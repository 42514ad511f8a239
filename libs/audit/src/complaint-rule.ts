import { AttributionSources, LocalDate, UNASSIGNED_DEPARTMENT, attributeFact } from '@ledger/domain';
import { ComplianceFindings, refs } from './compliance-findings';
import { COMPLIANCE_MESSAGES as M } from './compliance.messages';
import { ComplaintTrack } from './compliance-tracks';

/**
 * COMPLAINT.UNRESOLVED: logged by the cut-off and not resolved by it, open longer than the
 * resolution period; attributed by the timeline core's `attributeFact` at the complaint's time.
 */
export function checkComplaint(
  findings: ComplianceFindings,
  complaint: ComplaintTrack,
  sources: AttributionSources,
): void {
  const { cutOff, complaintResolutionDays } = findings;
  if (complaint.loggedOn > cutOff) return;
  if (complaint.resolved && complaint.resolved.on <= cutOff) return;
  const daysOpen = calendarDaysBetween(complaint.loggedOn, cutOff);
  if (daysOpen <= complaintResolutionDays) return;
  const attribution = attributeFact(complaint, complaint.loggedAtMs, sources);
  const itemCode = attribution.itemCode;
  const department = attribution.department === UNASSIGNED_DEPARTMENT ? undefined : attribution.department;
  findings.addOther({
    rule: 'COMPLAINT.UNRESOLVED',
    complaintId: complaint.complaintId,
    ...(complaint.applicationId ? { applicationId: complaint.applicationId } : {}),
    ...(itemCode ? { itemCode } : {}),
    ...(department ? { department } : {}),
    summary: M.complaintUnresolved({
      id: complaint.complaintId,
      department,
      loggedOn: complaint.loggedOn,
      cutOff,
      daysOpen,
      resolutionDays: complaintResolutionDays,
      resolvedOn: complaint.resolved?.on,
    }),
    details: {
      loggedOn: complaint.loggedOn,
      cutOff,
      daysOpen,
      resolutionDays: complaintResolutionDays,
      resolvedOn: complaint.resolved?.on ?? null,
    },
    events: refs(complaint.logged, complaint.resolved?.ref),
  });
}

function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
