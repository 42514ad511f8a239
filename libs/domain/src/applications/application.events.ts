import { Event } from '../shared/event';
import { PersonalData } from '../personal-data/personal-data';

export type Channel = 'online' | 'window' | 'app' | 'terminal';
export type DecisionOutcome = 'granted' | 'denied';
/** Periods the statutory time limit does not count (行政许可法 art. 45). */
export type SuspensionKind = 'hearing' | 'testing' | 'expert-review' | 'other';
export type CertificateForm = 'paper' | 'electronic';
export type CertificateDelivery = 'mail' | 'collect';
/** 好差评: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export type RatingLevel = 1 | 2 | 3 | 4 | 5;

/**
 * Filed: the item's department and time limits are copied in as they stood on the filing
 * date, so the application's own stream says which rules applied to it.
 */
export type ApplicationFiled = Event<
  'ApplicationFiled.v1',
  {
    applicationId: string;
    itemCode: string;
    department: string;
    statutoryDays: number;
    promisedDays: number;
    disclosable: boolean;
    channel: Channel;
    applicant: PersonalData;
  }
>;
export type ApplicationAccepted = Event<'ApplicationAccepted.v1', { applicationId: string }>;
export type ApplicationNotAccepted = Event<'ApplicationNotAccepted.v1', { applicationId: string; reason: string }>;
export type SupplementRequested = Event<'SupplementRequested.v1', { applicationId: string; materials: string }>;
export type SupplementProvided = Event<'SupplementProvided.v1', { applicationId: string; note?: string }>;
export type TimeLimitExtended = Event<
  'TimeLimitExtended.v1',
  { applicationId: string; days: number; reason: string; approvedBy: string }
>;
export type TimeLimitSuspended = Event<
  'TimeLimitSuspended.v1',
  { applicationId: string; kind: SuspensionKind; reason?: string }
>;
export type TimeLimitResumed = Event<'TimeLimitResumed.v1', { applicationId: string }>;
export type DecisionMade = Event<
  'DecisionMade.v1',
  {
    applicationId: string;
    outcome: DecisionOutcome;
    /** Required for a denial, with the legal basis and the notice of the right to appeal. */
    reason?: string;
    legalBasis?: string;
    appealRightsNotice?: string;
    /**
     * 第三十八条第二款: whether the applicant was told of the right to reconsideration or
     * litigation. Recorded when the clerk states it; denials recorded before it existed lack it.
     */
    appealRightsNotified?: boolean;
  }
>;
export type DecisionDisclosed = Event<'DecisionDisclosed.v1', { applicationId: string; channel: string }>;
export type DisclosureExempted = Event<'DisclosureExempted.v1', { applicationId: string; legalBasis: string }>;
export type CertificateIssued = Event<
  'CertificateIssued.v1',
  { applicationId: string; form: CertificateForm; delivery: CertificateDelivery }
>;
export type ApplicationWithdrawn = Event<'ApplicationWithdrawn.v1', { applicationId: string; reason?: string }>;
export type OnSiteVisitRecorded = Event<'OnSiteVisitRecorded.v1', { applicationId: string; purpose?: string }>;
export type RatingReceived = Event<
  'RatingReceived.v1',
  {
    applicationId: string;
    level: RatingLevel;
    /** True when no rating was given and the Guangdong 7-day default (基本满意) applied. */
    defaulted: boolean;
    channel?: string;
  }
>;
/** Every 不满意/非常不满意 rating must be rectified. */
export type BadRatingRectified = Event<'BadRatingRectified.v1', { applicationId: string; measures: string }>;

export type ApplicationEvent =
  | ApplicationFiled
  | ApplicationAccepted
  | ApplicationNotAccepted
  | SupplementRequested
  | SupplementProvided
  | TimeLimitExtended
  | TimeLimitSuspended
  | TimeLimitResumed
  | DecisionMade
  | DecisionDisclosed
  | DisclosureExempted
  | CertificateIssued
  | ApplicationWithdrawn
  | OnSiteVisitRecorded
  | RatingReceived
  | BadRatingRectified;

export const APPLICATION_EVENT_TYPES = [
  'ApplicationFiled.v1',
  'ApplicationAccepted.v1',
  'ApplicationNotAccepted.v1',
  'SupplementRequested.v1',
  'SupplementProvided.v1',
  'TimeLimitExtended.v1',
  'TimeLimitSuspended.v1',
  'TimeLimitResumed.v1',
  'DecisionMade.v1',
  'DecisionDisclosed.v1',
  'DisclosureExempted.v1',
  'CertificateIssued.v1',
  'ApplicationWithdrawn.v1',
  'OnSiteVisitRecorded.v1',
  'RatingReceived.v1',
  'BadRatingRectified.v1',
] as const satisfies readonly ApplicationEvent['type'][];

const APPLICATION_TYPES: ReadonlySet<string> = new Set(APPLICATION_EVENT_TYPES);

/** Narrows any ledger event to an application's, by its type. */
export function isApplicationEvent<E extends { readonly type: string }>(
  event: E,
): event is Extract<E, { readonly type: ApplicationEvent['type'] }> {
  return APPLICATION_TYPES.has(event.type);
}
