import { ItemAttributes } from '../catalogue/item.events';
import { PersonalData } from '../personal-data/personal-data';
import {
  CertificateDelivery,
  CertificateForm,
  Channel,
  DecisionOutcome,
  RatingLevel,
  SuspensionKind,
} from './application.events';

interface ApplicationCommandBase {
  readonly applicationId: string;
  /** Business time the client says the fact happened (ISO-8601 with offset). */
  readonly at: string;
}

export type FileApplication = ApplicationCommandBase & {
  type: 'FileApplication';
  itemCode: string;
  channel: Channel;
  applicant: PersonalData;
};
export type DecideAcceptance = ApplicationCommandBase & {
  type: 'DecideAcceptance';
  accepted: boolean;
  reason?: string;
};
export type RequestSupplement = ApplicationCommandBase & { type: 'RequestSupplement'; materials: string };
export type ProvideSupplement = ApplicationCommandBase & { type: 'ProvideSupplement'; note?: string };
export type ExtendTimeLimit = ApplicationCommandBase & {
  type: 'ExtendTimeLimit';
  days: number;
  reason: string;
  approvedBy: string;
};
export type SuspendTimeLimit = ApplicationCommandBase & {
  type: 'SuspendTimeLimit';
  kind: SuspensionKind;
  reason?: string;
};
export type ResumeTimeLimit = ApplicationCommandBase & { type: 'ResumeTimeLimit' };
export type MakeDecision = ApplicationCommandBase & {
  type: 'MakeDecision';
  outcome: DecisionOutcome;
  reason?: string;
  legalBasis?: string;
  appealRightsNotice?: string;
  /** For a denial: the applicant was (or was not) told of the right to reconsideration or litigation. */
  appealRightsNotified?: boolean;
};
export type DiscloseDecision = ApplicationCommandBase & {
  type: 'DiscloseDecision';
  exempt: boolean;
  channel?: string;
  legalBasis?: string;
};
export type IssueCertificate = ApplicationCommandBase & {
  type: 'IssueCertificate';
  form: CertificateForm;
  delivery: CertificateDelivery;
};
export type WithdrawApplication = ApplicationCommandBase & { type: 'WithdrawApplication'; reason?: string };
export type RecordOnSiteVisit = ApplicationCommandBase & { type: 'RecordOnSiteVisit'; purpose?: string };
export type ReceiveRating = ApplicationCommandBase & {
  type: 'ReceiveRating';
  level: RatingLevel;
  defaulted?: boolean;
  channel?: string;
};
export type RectifyBadRating = ApplicationCommandBase & { type: 'RectifyBadRating'; measures: string };

export type ApplicationCommand =
  | FileApplication
  | DecideAcceptance
  | RequestSupplement
  | ProvideSupplement
  | ExtendTimeLimit
  | SuspendTimeLimit
  | ResumeTimeLimit
  | MakeDecision
  | DiscloseDecision
  | IssueCertificate
  | WithdrawApplication
  | RecordOnSiteVisit
  | ReceiveRating
  | RectifyBadRating;

/**
 * What the catalogue says of the item on the filing date, looked up by the command handler
 * from the item's own stream (the application decider cannot read other streams).
 */
export type ItemOnFilingDate =
  | { readonly status: 'in-force'; readonly attributes: ItemAttributes }
  | { readonly status: 'unknown' }
  | { readonly status: 'not-yet-effective'; readonly effectiveFrom: string }
  | { readonly status: 'retired'; readonly retiredFrom: string };
