import { PersonalData } from '../personal-data/personal-data';
import { LocalDate } from '../shared/time';
import { CancellationCause, LicenceChangeOutcome, LicenceRenewalOutcome } from './licence.events';

interface LicenceCommandBase {
  readonly licenceId: string;
  /** Business time the client says the fact happened (ISO-8601 with offset). */
  readonly at: string;
}

export type GrantLicence = LicenceCommandBase & {
  type: 'GrantLicence';
  licenceNumber: string;
  applicationId: string;
  holder: PersonalData;
  validFrom: LocalDate;
  validUntil?: LocalDate;
  /** The item's rule on when to apply for renewal; {@link DEFAULT_RENEWAL_LEAD_DAYS} when absent. */
  renewalLeadDays?: number;
};
export type ApplyForLicenceChange = LicenceCommandBase & { type: 'ApplyForLicenceChange'; requestedChange: string };
export type DecideLicenceChange = LicenceCommandBase & {
  type: 'DecideLicenceChange';
  outcome: LicenceChangeOutcome;
  reason?: string;
};
export type ApplyForRenewal = LicenceCommandBase & { type: 'ApplyForRenewal' };
export type DecideRenewal = LicenceCommandBase & {
  type: 'DecideRenewal';
  outcome: LicenceRenewalOutcome;
  validUntil?: LocalDate;
  reason?: string;
};
export type RecordDeemedRenewal = LicenceCommandBase & { type: 'RecordDeemedRenewal'; validUntil: LocalDate };
export type WithdrawLicence = LicenceCommandBase & {
  type: 'WithdrawLicence';
  reason: string;
  legalBasis: string;
  compensation: string;
  compensationYuan?: number;
};
export type RevokeLicence = LicenceCommandBase & { type: 'RevokeLicence'; reason: string; legalBasis: string };
export type RecordCancellationCause = LicenceCommandBase & {
  type: 'RecordCancellationCause';
  cause: CancellationCause;
  note?: string;
  legalBasis?: string;
};
export type CancelLicence = LicenceCommandBase & {
  type: 'CancelLicence';
  cause: CancellationCause;
  note?: string;
  legalBasis?: string;
};
export type SuspendLicenceUse = LicenceCommandBase & { type: 'SuspendLicenceUse'; reason: string; legalBasis: string };
export type ResumeLicenceUse = LicenceCommandBase & { type: 'ResumeLicenceUse'; note?: string };
export type InspectLicensee = LicenceCommandBase & {
  type: 'InspectLicensee';
  inspectionId: string;
  findings: string;
  rectificationRequired: boolean;
  method?: string;
};

export type LicenceCommand =
  | GrantLicence
  | ApplyForLicenceChange
  | DecideLicenceChange
  | ApplyForRenewal
  | DecideRenewal
  | RecordDeemedRenewal
  | WithdrawLicence
  | RevokeLicence
  | RecordCancellationCause
  | CancelLicence
  | SuspendLicenceUse
  | ResumeLicenceUse
  | InspectLicensee;

/**
 * What the application's stream says when a licence is granted, looked up by the command
 * handler (the licence decider cannot read other streams).
 */
export type ApplicationOnGrant =
  | {
      readonly status: 'granted';
      readonly decidedAt: string;
      readonly itemCode: string;
      readonly department: string;
    }
  | { readonly status: 'not-granted'; readonly outcome: 'denied' | 'undecided' | 'withdrawn' | 'not-accepted' }
  | { readonly status: 'unknown' };
