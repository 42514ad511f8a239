/**
 * How supervision events (inspections, rectifications, complaints, appeals) enter the figures:
 * each counts for the agency at once, as a {@link SupervisionFact} whose department and item are
 * resolved only when a breakdown is asked for (see `fact-attribution.ts`).
 */
import { AppealEvent, ComplaintEvent, InspectionEvent, RectificationEvent, presentText } from '@ledger/domain';
import * as C from './figure-counters';
import type { CountingHandlers } from './figure-handlers.types';

const text = presentText;

type SupervisionType = (InspectionEvent | RectificationEvent | ComplaintEvent | AppealEvent)['type'];

export const SUPERVISION_COUNTING: CountingHandlers<SupervisionType> = {
  'InspectionPerformed.v1': ({ data }, { agency, ms: atMs, year }) => {
    const refs = definedRefs({ department: text(data.department), itemCode: text(data.itemCode) });
    agency.inspections.set(data.inspectionId, { atMs, ...refs });
    const counter =
      data.kind === 'external-supervision'
        ? C.EXTERNAL_SUPERVISION
        : data.kind === 'enforcement-inspection'
          ? C.ENFORCEMENT_INSPECTIONS
          : data.kind === 'case-file-review'
            ? C.CASE_FILES_REVIEWED
            : undefined;
    if (counter !== undefined) {
      const amount =
        counter === C.CASE_FILES_REVIEWED
          ? Number.isSafeInteger(data.filesReviewed) && data.filesReviewed > 0
            ? data.filesReviewed
            : 0
          : 1;
      agency.addFact(year, { counter, amount, atMs, ...refs });
    }
    if (data.rectificationRequired === true)
      agency.addFact(year, { counter: C.RECTIFICATIONS_REQUIRED, amount: 1, atMs, ...refs });
  },
  'ComplaintLogged.v1': ({ data }, { agency, ms: atMs, year }) => {
    const refs = definedRefs({
      department: text(data.department),
      itemCode: text(data.itemCode),
      applicationId: text(data.applicationId),
    });
    agency.complaints.set(data.complaintId, { atMs, ...refs });
    agency.addFact(year, { counter: C.COMPLAINTS_RECEIVED, amount: 1, atMs, ...refs });
  },
  'ComplaintResolved.v1': ({ data }, { agency, ms: atMs, year }) => {
    // A resolution is attributed like its complaint (same department, catalogue read at the complaint's time).
    const complaint = agency.complaints.get(data.complaintId);
    agency.complaints.delete(data.complaintId);
    if (data.valid === true)
      agency.addFact(year, { counter: C.COMPLAINTS_VALID, amount: 1, ...(complaint ?? { atMs }) });
  },
  'AppealFiled.v1': ({ data }, { agency, ms: atMs, year }) => {
    const counter =
      data.kind === 'reconsideration' ? C.RECONSIDERATIONS : data.kind === 'litigation' ? C.LITIGATIONS : undefined;
    if (counter === undefined) return;
    const refs = definedRefs({
      department: text(data.department),
      itemCode: text(data.itemCode),
      applicationId: text(data.applicationId),
    });
    agency.addFact(year, { counter, amount: 1, atMs, ...refs });
  },
  // An appeal's conclusion enters no figure.
  'AppealConcluded.v1': () => undefined,
  'RectificationRecorded.v1': ({ data }, { agency, ms: atMs, year }) => {
    const refs = definedRefs({ inspectionId: text(data.inspectionId) });
    const completed = data.status === 'completed';
    agency.rectifications.set(data.rectificationId, { completed, ...refs });
    if (completed) agency.addFact(year, { counter: C.RECTIFICATIONS_COMPLETED, amount: 1, atMs, ...refs });
  },
  'RectificationUpdated.v1': ({ data }, { agency, ms: atMs, year }) => {
    let rectification = agency.rectifications.get(data.rectificationId);
    if (rectification === undefined)
      agency.rectifications.set(data.rectificationId, (rectification = { completed: false }));
    if (data.status === 'completed' && !rectification.completed) {
      rectification.completed = true;
      agency.addFact(year, {
        counter: C.RECTIFICATIONS_COMPLETED,
        amount: 1,
        atMs,
        ...definedRefs({ inspectionId: rectification.inspectionId }),
      });
    }
  },
};

/** Only the references that are present, so facts carry no `undefined` fields. */
function definedRefs<T extends Record<string, string | undefined>>(refs: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(refs) as (keyof T)[]) if (refs[key] !== undefined) out[key] = refs[key];
  return out;
}
