/**
 * Every correction of a fact of the year (CORRECTION.RECORDED), and those recorded after the
 * year's report was signed (CORRECTION.AFTER_SIGNING). Each judges and hands the wording to
 * `compliance.messages.ts`.
 */
import { ComplianceFindings } from './compliance-findings';
import { COMPLIANCE_MESSAGES as M } from './compliance.messages';
import { CorrectionTrack } from './compliance-tracks';

/** The type of the staff texts event (libs/reports), named here because the audit does not import the reports. */
export const REPORT_TEXTS_SUPPLIED = 'ReportTextsSupplied.v1';

/** Whether the correction is of a fact of the findings' year. */
function ofTheYear(findings: ComplianceFindings, correction: CorrectionTrack): boolean {
  const times = [correction.originalAt, correction.correctedAt].filter((t): t is string => t !== undefined);
  return (times.length > 0 ? times : [correction.ref.at]).some((at) => findings.inYear(at));
}

/** `signedAt`: the ledger time of the first signed report texts of the year, if any. */
export function checkCorrections(
  findings: ComplianceFindings,
  corrections: readonly CorrectionTrack[],
  signedAt: string | undefined,
): void {
  for (const correction of corrections) {
    if (!ofTheYear(findings, correction)) continue;
    const recordedOn = findings.localDate(correction.recordedAt);
    const details = {
      correctedEventId: correction.correctedEventId,
      correctedType: correction.correctedType,
      originalAt: correction.originalAt ?? null,
      correctedAt: correction.correctedAt ?? null,
      recordedAt: correction.recordedAt,
    };
    const { streamId } = correction.ref;
    findings.addOther({
      rule: 'CORRECTION.RECORDED',
      summary: M.correctionRecorded(streamId, correction.correctedType, recordedOn),
      details,
      events: [correction.ref],
    });
    if (signedAt !== undefined && Date.parse(correction.recordedAt) > Date.parse(signedAt))
      findings.addOther({
        rule: 'CORRECTION.AFTER_SIGNING',
        summary: M.correctionAfterSigning(streamId, correction.correctedType, recordedOn, findings.localDate(signedAt)),
        details: { ...details, signedAt },
        events: [correction.ref],
      });
  }
}
