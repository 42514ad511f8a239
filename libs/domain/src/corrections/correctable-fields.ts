import { isRealLocalDate } from '../calendar/local-date-check';

/**
 * Which recorded values a correction may change, per event type, and what a right value looks
 * like. Ids, the item's rules copied in at filing and personal data are not corrected here:
 * an id names the record, the rules are the catalogue's, and personal data has its own
 * process (the data subject's rights). Business time (`correctedAt`) may be corrected on any
 * listed type.
 */
export type FieldRule = (value: unknown) => string | undefined;

const text: FieldRule = (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be non-blank text');
const flag: FieldRule = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const oneOf =
  (...allowed: readonly string[]): FieldRule =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}`;
const wholeIn =
  (min: number, max: number): FieldRule =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`;
const localDate: FieldRule = (v) => (isRealLocalDate(v) ? undefined : 'must be a real date written YYYY-MM-DD');

export const CORRECTABLE_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  'ApplicationFiled.v1': { channel: oneOf('online', 'window', 'app', 'terminal') },
  'ApplicationAccepted.v1': {},
  'ApplicationNotAccepted.v1': { reason: text },
  'SupplementRequested.v1': { materials: text },
  'SupplementProvided.v1': {},
  'TimeLimitExtended.v1': { days: wholeIn(1, 10), reason: text, approvedBy: text },
  'TimeLimitSuspended.v1': { kind: oneOf('hearing', 'testing', 'expert-review', 'other') },
  'TimeLimitResumed.v1': {},
  'DecisionMade.v1': {
    outcome: oneOf('granted', 'denied'),
    reason: text,
    legalBasis: text,
    appealRightsNotice: text,
    appealRightsNotified: flag,
  },
  'DecisionDisclosed.v1': { channel: text },
  'DisclosureExempted.v1': { legalBasis: text },
  'CertificateIssued.v1': { form: oneOf('paper', 'electronic'), delivery: oneOf('mail', 'collect') },
  'ApplicationWithdrawn.v1': {},
  'OnSiteVisitRecorded.v1': {},
  'RatingReceived.v1': { level: wholeIn(1, 5), defaulted: flag },
  'BadRatingRectified.v1': { measures: text },
  'InspectionPerformed.v1': {
    department: text,
    filesReviewed: wholeIn(0, 1_000_000),
    findings: text,
    rectificationRequired: flag,
  },
  'ComplaintLogged.v1': { department: text, itemCode: text, channel: text },
  'ComplaintResolved.v1': { valid: flag, outcome: text },
  'AppealFiled.v1': { kind: oneOf('reconsideration', 'litigation') },
  'AppealConcluded.v1': { outcome: text },
  'LicenceGranted.v1': { licenceNumber: text, validFrom: localDate, validUntil: localDate },
  'LicenceChangeApplied.v1': { requestedChange: text },
  'LicenceChangeDecided.v1': { outcome: oneOf('approved', 'refused'), reason: text },
  'LicenceRenewalApplied.v1': {},
  'LicenceRenewalDecided.v1': { outcome: oneOf('renewed', 'refused'), validUntil: localDate, reason: text },
  'LicenceDeemedRenewed.v1': { validUntil: localDate },
  'LicenceWithdrawn.v1': { reason: text, legalBasis: text, compensation: text },
  'LicenceRevoked.v1': { reason: text, legalBasis: text },
  'LicenceCancelled.v1': { note: text, legalBasis: text },
  'LicenceUseSuspended.v1': { reason: text, legalBasis: text },
  'LicenceUseResumed.v1': {},
  'LicenseeInspected.v1': { findings: text, rectificationRequired: flag },
};
