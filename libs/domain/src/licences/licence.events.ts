import { Event } from '../shared/event';
import { LocalDate } from '../shared/time';
import { PersonalData } from '../personal-data/personal-data';

/*
 * The licence's own life after the grant (《行政许可法》第八条, 第四十九条, 第五十条, 第六十九条,
 * 第七十条), one stream per licence. Validity dates are agency-local calendar dates: a licence
 * valid until 2025-06-30 may be used on that whole day in the agency's time zone.
 */

/** 第五十条: a renewal is applied for 30 days before expiry, unless a law, regulation or rule sets another period. */
export const DEFAULT_RENEWAL_LEAD_DAYS = 30;

/**
 * The licence is created by the grant of its application. The department and item are copied
 * from the application as filed, so the licence's own stream says where it belongs; the holder
 * is personal data (sealed per data subject, like an applicant).
 */
export type LicenceGranted = Event<
  'LicenceGranted.v1',
  {
    licenceId: string;
    licenceNumber: string;
    applicationId: string;
    itemCode: string;
    department: string;
    holder: PersonalData;
    validFrom: LocalDate;
    /** Absent for a licence without a term (nothing to renew, it never expires). */
    validUntil?: LocalDate;
    /** Days before expiry by which a renewal must be applied for: the item's rule, 30 by default. */
    renewalLeadDays: number;
  }
>;

/** 第四十九条: the holder applies to change what the licence permits. */
export type LicenceChangeApplied = Event<'LicenceChangeApplied.v1', { licenceId: string; requestedChange: string }>;
export type LicenceChangeOutcome = 'approved' | 'refused';
export type LicenceChangeDecided = Event<
  'LicenceChangeDecided.v1',
  { licenceId: string; outcome: LicenceChangeOutcome; reason?: string }
>;

/** 第五十条: the holder applies to renew before the licence expires. */
export type LicenceRenewalApplied = Event<'LicenceRenewalApplied.v1', { licenceId: string }>;
export type LicenceRenewalOutcome = 'renewed' | 'refused';
export type LicenceRenewalDecided = Event<
  'LicenceRenewalDecided.v1',
  {
    licenceId: string;
    outcome: LicenceRenewalOutcome;
    /** The new last day of validity, when renewed. */
    validUntil?: LocalDate;
    /** Why a renewal was refused. */
    reason?: string;
  }
>;
/** 第五十条: no decision before expiry, so the renewal is deemed granted (视为准予延续). */
export type LicenceDeemedRenewed = Event<'LicenceDeemedRenewed.v1', { licenceId: string; validUntil: LocalDate }>;

/**
 * 第八条 撤回: the law the licence rests on changed, or the circumstances did; the holder is
 * compensated for the property loss this causes.
 */
export type LicenceWithdrawn = Event<
  'LicenceWithdrawn.v1',
  {
    licenceId: string;
    reason: string;
    legalBasis: string;
    /** The compensation decided, or why none is due. */
    compensation: string;
    /** The amount decided, in yuan, when there is one. */
    compensationYuan?: number;
  }
>;

/** 第六十九条 撤销: the licence should not have been granted. */
export type LicenceRevoked = Event<'LicenceRevoked.v1', { licenceId: string; reason: string; legalBasis: string }>;

/**
 * 第七十条's grounds for cancellation (注销): (一) expired and not renewed; (二) the holder of a
 * personal qualification died or lost capacity; (三) the organisation was terminated; (四) the
 * licence was revoked (撤销) or withdrawn (撤回), or its certificate revoked as a penalty (吊销);
 * (五) force majeure; (六) another case laws or regulations provide for.
 */
export type CancellationCause =
  | 'expired'
  | 'holder-died'
  | 'holder-incapacitated'
  | 'holder-terminated'
  | 'revoked'
  | 'withdrawn'
  | 'certificate-revoked-as-penalty'
  | 'force-majeure'
  | 'other-by-law';

/**
 * A ground for cancellation the agency learnt of, other than those the ledger already holds
 * (expiry, revocation, withdrawal): from it on the licence ought to be cancelled.
 */
export type CancellationCauseRecorded = Event<
  'CancellationCauseRecorded.v1',
  { licenceId: string; cause: CancellationCause; note?: string; legalBasis?: string }
>;
export type LicenceCancelled = Event<
  'LicenceCancelled.v1',
  { licenceId: string; cause: CancellationCause; note?: string; legalBasis?: string }
>;

/** Use of the licence suspended (e.g. 责令停业整顿, 暂扣) where a law provides for it, then resumed. */
export type LicenceUseSuspended = Event<
  'LicenceUseSuspended.v1',
  { licenceId: string; reason: string; legalBasis: string }
>;
export type LicenceUseResumed = Event<'LicenceUseResumed.v1', { licenceId: string; note?: string }>;

/** Post-grant supervision of the licensee (《江门市公安局被许可事项监管办法》; 第六十一条). */
export type LicenseeInspected = Event<
  'LicenseeInspected.v1',
  { licenceId: string; inspectionId: string; findings: string; rectificationRequired: boolean; method?: string }
>;

export type LicenceEvent =
  | LicenceGranted
  | LicenceChangeApplied
  | LicenceChangeDecided
  | LicenceRenewalApplied
  | LicenceRenewalDecided
  | LicenceDeemedRenewed
  | LicenceWithdrawn
  | LicenceRevoked
  | CancellationCauseRecorded
  | LicenceCancelled
  | LicenceUseSuspended
  | LicenceUseResumed
  | LicenseeInspected;

export const LICENCE_EVENT_TYPES = [
  'LicenceGranted.v1',
  'LicenceChangeApplied.v1',
  'LicenceChangeDecided.v1',
  'LicenceRenewalApplied.v1',
  'LicenceRenewalDecided.v1',
  'LicenceDeemedRenewed.v1',
  'LicenceWithdrawn.v1',
  'LicenceRevoked.v1',
  'CancellationCauseRecorded.v1',
  'LicenceCancelled.v1',
  'LicenceUseSuspended.v1',
  'LicenceUseResumed.v1',
  'LicenseeInspected.v1',
] as const satisfies readonly LicenceEvent['type'][];

const LICENCE_TYPES: ReadonlySet<string> = new Set(LICENCE_EVENT_TYPES);

/** Narrows any ledger event to a licence's, by its type. */
export function isLicenceEvent<E extends { readonly type: string }>(
  event: E,
): event is Extract<E, { readonly type: LicenceEvent['type'] }> {
  return LICENCE_TYPES.has(event.type);
}
