import { Event } from '../shared/event';
import { PersonalData } from '../personal-data/personal-data';

export type InspectionKind = 'external-supervision' | 'enforcement-inspection' | 'case-file-review';

/**
 * One inspection. For a case-file review, `filesReviewed` is the number of files sampled
 * (the seed's 80 files), whether or not each file is named in `applicationIds`.
 */
export type InspectionPerformed = Event<
  'InspectionPerformed.v1',
  {
    inspectionId: string;
    kind: InspectionKind;
    department: string;
    itemCode?: string;
    applicationIds: string[];
    filesReviewed: number;
    findings: string;
    rectificationRequired: boolean;
  }
>;

export type RectificationStatus = 'planned' | 'in-progress' | 'completed';
/** A problem found (last year, or by an inspection), the measures taken and their status. */
export type RectificationRecorded = Event<
  'RectificationRecorded.v1',
  {
    rectificationId: string;
    problem: string;
    measures: string;
    status: RectificationStatus;
    /** The year whose problem this rectifies. */
    year: number;
    inspectionId?: string;
  }
>;
export type RectificationUpdated = Event<
  'RectificationUpdated.v1',
  { rectificationId: string; measures?: string; status: RectificationStatus }
>;

export type ComplaintLogged = Event<
  'ComplaintLogged.v1',
  {
    complaintId: string;
    channel: string;
    subject: string;
    applicationId?: string;
    itemCode?: string;
    department?: string;
    complainant?: PersonalData;
  }
>;
export type ComplaintResolved = Event<'ComplaintResolved.v1', { complaintId: string; valid: boolean; outcome: string }>;

export type AppealKind = 'reconsideration' | 'litigation';
export type AppealFiled = Event<
  'AppealFiled.v1',
  {
    appealId: string;
    kind: AppealKind;
    applicationId?: string;
    itemCode?: string;
    department?: string;
    appellant?: PersonalData;
  }
>;
export type AppealConcluded = Event<'AppealConcluded.v1', { appealId: string; outcome: string }>;

export type InspectionEvent = InspectionPerformed;
export type RectificationEvent = RectificationRecorded | RectificationUpdated;
export type ComplaintEvent = ComplaintLogged | ComplaintResolved;
export type AppealEvent = AppealFiled | AppealConcluded;
