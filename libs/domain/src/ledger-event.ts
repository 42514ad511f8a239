import { ApplicationEvent } from './applications/application.events';
import { ItemEvent } from './catalogue/item.events';
import { IndicatorEvent } from './indicators/indicator.events';
import { LicenceEvent } from './licences/licence.events';
import { CorrectionEvent } from './corrections/correction.events';
import { AppealEvent, ComplaintEvent, InspectionEvent, RectificationEvent } from './supervision/supervision.events';

/** Every fact the ledger records. */
export type LedgerEvent =
  | ItemEvent
  | ApplicationEvent
  | InspectionEvent
  | RectificationEvent
  | ComplaintEvent
  | AppealEvent
  | IndicatorEvent
  | LicenceEvent
  | CorrectionEvent;
export type LedgerEventType = LedgerEvent['type'];

/** Every licensing fact's type; the `Record` makes the compiler refuse a list missing one. */
const LEDGER_EVENT_TYPE_SET: Readonly<Record<LedgerEventType, true>> = {
  'ItemRegistered.v1': true,
  'ItemAmended.v1': true,
  'ItemRetired.v1': true,
  'ApplicationFiled.v1': true,
  'ApplicationAccepted.v1': true,
  'ApplicationNotAccepted.v1': true,
  'SupplementRequested.v1': true,
  'SupplementProvided.v1': true,
  'TimeLimitExtended.v1': true,
  'TimeLimitSuspended.v1': true,
  'TimeLimitResumed.v1': true,
  'DecisionMade.v1': true,
  'DecisionDisclosed.v1': true,
  'DisclosureExempted.v1': true,
  'CertificateIssued.v1': true,
  'ApplicationWithdrawn.v1': true,
  'OnSiteVisitRecorded.v1': true,
  'RatingReceived.v1': true,
  'BadRatingRectified.v1': true,
  'InspectionPerformed.v1': true,
  'RectificationRecorded.v1': true,
  'RectificationUpdated.v1': true,
  'ComplaintLogged.v1': true,
  'ComplaintResolved.v1': true,
  'AppealFiled.v1': true,
  'AppealConcluded.v1': true,
  'IndicatorReported.v1': true,
  'LicenceGranted.v1': true,
  'LicenceChangeApplied.v1': true,
  'LicenceChangeDecided.v1': true,
  'LicenceRenewalApplied.v1': true,
  'LicenceRenewalDecided.v1': true,
  'LicenceDeemedRenewed.v1': true,
  'LicenceWithdrawn.v1': true,
  'LicenceRevoked.v1': true,
  'CancellationCauseRecorded.v1': true,
  'LicenceCancelled.v1': true,
  'LicenceUseSuspended.v1': true,
  'LicenceUseResumed.v1': true,
  'LicenseeInspected.v1': true,
  'FactCorrected.v1': true,
};

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = Object.keys(LEDGER_EVENT_TYPE_SET) as LedgerEventType[];

/** Whether a stored type string names one of the licensing facts (in its current version). */
export function isLedgerEventType(type: string): type is LedgerEventType {
  return Object.prototype.hasOwnProperty.call(LEDGER_EVENT_TYPE_SET, type);
}
