import { PersonalData } from '../personal-data/personal-data';
import { AppealKind, InspectionKind, RectificationStatus } from './supervision.events';

/**
 * POST /v1/inspections. `filesReviewed` matters for a case-file review only: the number of
 * files sampled, defaulting to the number of `applicationIds` named.
 */
export type PerformInspection = Readonly<{
  type: 'PerformInspection';
  inspectionId: string;
  kind: InspectionKind;
  at: string;
  department: string;
  itemCode?: string;
  applicationIds?: readonly string[];
  filesReviewed?: number;
  findings: string;
  rectificationRequired: boolean;
}>;
export type InspectionCommand = PerformInspection;

/**
 * POST /v1/rectifications. `year` is the year whose problem is rectified; `at` (when the
 * rectification was recorded as planned/in progress/done) defaults to the time of the command.
 */
export type RecordRectification = Readonly<{
  type: 'RecordRectification';
  rectificationId: string;
  problem: string;
  measures: string;
  status: RectificationStatus;
  year: number;
  inspectionId?: string;
  at?: string;
}>;
/** The rectification moves forward (planned → in-progress → completed) or restates its measures. */
export type UpdateRectification = Readonly<{
  type: 'UpdateRectification';
  rectificationId: string;
  status: RectificationStatus;
  measures?: string;
  at?: string;
}>;
export type RectificationCommand = RecordRectification | UpdateRectification;

/** POST /v1/complaints. The complainant is personal data and may be omitted (anonymous report). */
export type LogComplaint = Readonly<{
  type: 'LogComplaint';
  complaintId: string;
  at: string;
  channel: string;
  subject: string;
  applicationId?: string;
  itemCode?: string;
  department?: string;
  complainant?: PersonalData;
}>;
/** POST /v1/complaints/{id}/resolution: whether the complaint was founded (有效) and what was done. */
export type ResolveComplaint = Readonly<{
  type: 'ResolveComplaint';
  complaintId: string;
  at: string;
  valid: boolean;
  outcome: string;
}>;
export type ComplaintCommand = LogComplaint | ResolveComplaint;

/** POST /v1/appeals: an administrative reconsideration (行政复议) or litigation (行政诉讼) case. */
export type FileAppeal = Readonly<{
  type: 'FileAppeal';
  appealId: string;
  kind: AppealKind;
  at: string;
  applicationId?: string;
  itemCode?: string;
  department?: string;
  appellant?: PersonalData;
}>;
/** POST /v1/appeals/{id}/conclusion. */
export type ConcludeAppeal = Readonly<{ type: 'ConcludeAppeal'; appealId: string; at: string; outcome: string }>;
export type AppealCommand = FileAppeal | ConcludeAppeal;
