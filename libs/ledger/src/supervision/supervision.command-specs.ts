import { commandSpec } from '../commands/command-spec';
import { entityIdFor } from '../recording/command-metadata';
import {
  RecordAppealFact,
  RecordComplaintFact,
  RecordIndicatorFact,
  RecordInspectionFact,
  RecordRectificationFact,
} from './supervision.messages';
import {
  AppealConclusionDto,
  AppealDto,
  ComplaintDto,
  ComplaintResolutionDto,
  IndicatorDto,
  InspectionDto,
  RectificationDto,
  RectificationUpdateDto,
} from './supervision.dto';

export const supervisionCommandSpecs = [
  commandSpec({
    name: 'perform-inspection',
    dto: InspectionDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordInspectionFact(
        {
          type: 'PerformInspection',
          inspectionId: d.inspectionId ?? entityIdFor('inspection', m.idempotencyKey),
          kind: d.kind,
          at: d.at,
          department: d.department,
          itemCode: d.itemCode,
          applicationIds: d.applicationIds,
          filesReviewed: d.filesReviewed,
          findings: d.findings,
          rectificationRequired: d.rectificationRequired,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'record-rectification',
    dto: RectificationDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordRectificationFact(
        {
          type: 'RecordRectification',
          rectificationId: d.rectificationId ?? entityIdFor('rectification', m.idempotencyKey),
          problem: d.problem,
          measures: d.measures,
          status: d.status,
          year: d.year,
          inspectionId: d.inspectionId,
          at: d.at,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'update-rectification',
    dto: RectificationUpdateDto,
    params: ['rectificationId'],
    toMessage: (d, { rectificationId }, m) =>
      new RecordRectificationFact(
        { type: 'UpdateRectification', rectificationId, status: d.status, measures: d.measures, at: d.at },
        m,
      ),
  }),
  commandSpec({
    name: 'log-complaint',
    dto: ComplaintDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordComplaintFact(
        {
          type: 'LogComplaint',
          complaintId: d.complaintId ?? entityIdFor('complaint', m.idempotencyKey),
          at: d.at,
          channel: d.channel,
          subject: d.subject,
          applicationId: d.applicationId,
          itemCode: d.itemCode,
          department: d.department,
          complainant: d.complainant ? { ...d.complainant } : undefined,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'resolve-complaint',
    dto: ComplaintResolutionDto,
    params: ['complaintId'],
    toMessage: (d, { complaintId }, m) =>
      new RecordComplaintFact(
        { type: 'ResolveComplaint', complaintId, at: d.at, valid: d.valid, outcome: d.outcome },
        m,
      ),
  }),
  commandSpec({
    name: 'file-appeal',
    dto: AppealDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordAppealFact(
        {
          type: 'FileAppeal',
          appealId: d.appealId ?? entityIdFor('appeal', m.idempotencyKey),
          kind: d.kind,
          at: d.at,
          applicationId: d.applicationId,
          itemCode: d.itemCode,
          department: d.department,
          appellant: d.appellant ? { ...d.appellant } : undefined,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'conclude-appeal',
    dto: AppealConclusionDto,
    params: ['appealId'],
    toMessage: (d, { appealId }, m) =>
      new RecordAppealFact({ type: 'ConcludeAppeal', appealId, at: d.at, outcome: d.outcome }, m),
  }),
  commandSpec({
    name: 'report-indicator',
    dto: IndicatorDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordIndicatorFact(
        {
          type: 'ReportIndicator',
          name: d.name,
          year: d.year,
          value: d.value,
          unit: d.unit,
          source: d.source,
          at: d.at,
        },
        m,
      ),
  }),
];
