import type { ApplicationTimeline, LocalDate } from '@ledger/domain';
import type { EventRef } from './audit-event';

/** What the checks remember of one application: only what a rule needs, and the events to cite. */
export interface ApplicationTrack {
  readonly applicationId: string;
  /** The facts every reader takes from the timeline core: acceptance, extension, suspensions, attribution. */
  timeline: ApplicationTimeline;
  /** The events to cite for the timeline's filing, acceptance and non-acceptance. */
  filed?: EventRef;
  accepted?: EventRef;
  notAccepted?: EventRef;
  timeLimitEvents?: EventRef[];
  grants?: { readonly ref: EventRef; readonly decidedOn: LocalDate }[];
  /** The first granted decision, and the first certificate after it. */
  granted?: { readonly ref: EventRef; readonly decidedOn: LocalDate };
  certified?: boolean;
  disclosures?: { readonly ref: EventRef; readonly on: LocalDate }[];
  badRatings?: {
    readonly ref: EventRef;
    readonly level: number;
    rectified?: { readonly ref: EventRef; readonly on: LocalDate };
  }[];
}

/** What the checks remember of one complaint. */
export interface ComplaintTrack {
  readonly complaintId: string;
  readonly logged: EventRef;
  readonly loggedOn: LocalDate;
  readonly loggedAtMs: number;
  readonly department?: string;
  readonly itemCode?: string;
  readonly applicationId?: string;
  resolved?: { readonly ref: EventRef; readonly on: LocalDate };
}

/** What the checks remember of one licence. */
export interface LicenceTrack {
  readonly licenceId: string;
  granted?: EventRef;
  department?: string;
  itemCode?: string;
  /** The last day of validity as each event set it, in stream order. */
  readonly validity: { readonly on: LocalDate; readonly until: LocalDate | undefined; readonly ref: EventRef }[];
  renewalPendingSince?: LocalDate;
  /** Causes for cancellation recorded (withdrawal, revocation, a stated cause), in stream order. */
  readonly causes: { readonly ref: EventRef; readonly on: LocalDate }[];
  cancelled?: { readonly ref: EventRef; readonly on: LocalDate };
}

/** A correction of a fact, with when the ledger recorded it. */
export interface CorrectionTrack {
  readonly ref: EventRef;
  readonly recordedAt: string;
  readonly correctedEventId: string;
  readonly correctedType: string;
  readonly originalAt?: string;
  readonly correctedAt?: string;
}
