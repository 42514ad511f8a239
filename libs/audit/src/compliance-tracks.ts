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
