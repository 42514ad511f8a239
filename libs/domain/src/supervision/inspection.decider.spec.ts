import { ConflictError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { inspectionDecider } from './inspection.decider';
import { PerformInspection } from './supervision.commands';
import { InspectionPerformed } from './supervision.events';

const spec = deciderSpec(inspectionDecider);

const perform = (overrides: Partial<PerformInspection> = {}): PerformInspection => ({
  type: 'PerformInspection',
  inspectionId: 'insp-2020-007',
  kind: 'enforcement-inspection',
  at: '2020-11-12T15:00:00+08:00',
  department: '法制',
  findings: 'no problems found',
  rectificationRequired: false,
  ...overrides,
});

const performed = (data: Partial<InspectionPerformed['data']> = {}): InspectionPerformed => ({
  type: 'InspectionPerformed.v1',
  data: {
    inspectionId: 'insp-2020-007',
    kind: 'enforcement-inspection',
    department: '法制',
    applicationIds: [],
    filesReviewed: 0,
    findings: 'no problems found',
    rectificationRequired: false,
    ...data,
  },
  at: '2020-11-12T15:00:00+08:00',
});

describe('inspection decider', () => {
  describe('when no inspection is recorded', () => {
    const given = spec.given([]);

    it('records an inspection, with no files reviewed', () => {
      given.when(perform()).then([performed()]);
    });

    it('records the item inspected', () => {
      given.when(perform({ itemCode: 'JM-ZA-001' })).then([performed({ itemCode: 'JM-ZA-001' })]);
    });

    it('records a case-file review with the number of files sampled', () => {
      given
        .when(perform({ kind: 'case-file-review', applicationIds: ['app-1', 'app-2'], filesReviewed: 80 }))
        .then([performed({ kind: 'case-file-review', applicationIds: ['app-1', 'app-2'], filesReviewed: 80 })]);
    });

    it('counts the files named when a case-file review does not say how many it sampled', () => {
      given
        .when(perform({ kind: 'case-file-review', applicationIds: ['app-1', 'app-2', 'app-3'] }))
        .then([performed({ kind: 'case-file-review', applicationIds: ['app-1', 'app-2', 'app-3'], filesReviewed: 3 })]);
    });

    it('refuses a case-file review of no files', () => {
      given
        .when(perform({ kind: 'case-file-review' }))
        .thenThrows(ValidationError, 'INSPECTION.NO_FILES_REVIEWED', 'filesReviewed');
    });

    it('refuses a case-file review that sampled fewer files than it names', () => {
      given
        .when(perform({ kind: 'case-file-review', applicationIds: ['app-1', 'app-2'], filesReviewed: 1 }))
        .thenThrows(ValidationError, 'INSPECTION.FEWER_FILES_THAN_NAMED', 'filesReviewed');
    });

    it.each([-1, 2.5])('refuses %p files reviewed', (filesReviewed) => {
      given
        .when(perform({ kind: 'case-file-review', filesReviewed }))
        .thenThrows(ValidationError, 'INSPECTION.INVALID_FILES_REVIEWED', 'filesReviewed');
    });

    it('refuses a file count on an inspection that is not a case-file review', () => {
      given
        .when(perform({ kind: 'external-supervision', filesReviewed: 5 }))
        .thenThrows(ValidationError, 'INSPECTION.FILES_REVIEWED_NOT_APPLICABLE', 'filesReviewed');
    });

    it('refuses an application named twice', () => {
      given
        .when(perform({ applicationIds: ['app-1', 'app-2', 'app-1'] }))
        .thenThrows(ValidationError, 'INSPECTION.DUPLICATE_APPLICATION_ID', 'applicationIds[2]');
    });

    it('refuses a blank application id', () => {
      given
        .when(perform({ applicationIds: [' '] }))
        .thenThrows(ValidationError, 'INSPECTION.APPLICATION_ID_BLANK', 'applicationIds[0]');
    });

    it('refuses an inspection without findings', () => {
      given.when(perform({ findings: '' })).thenThrows(ValidationError, 'INSPECTION.FINDINGS_REQUIRED', 'findings');
    });

    it('refuses a blank department', () => {
      given
        .when(perform({ department: ' ' }))
        .thenThrows(ValidationError, 'INSPECTION.DEPARTMENT_REQUIRED', 'department');
    });

    it('refuses a blank inspection id', () => {
      given.when(perform({ inspectionId: '' })).thenThrows(ValidationError, 'INSPECTION.ID_REQUIRED', 'inspectionId');
    });

    it('refuses a blank item code', () => {
      given.when(perform({ itemCode: ' ' })).thenThrows(ValidationError, 'INSPECTION.ITEM_CODE_BLANK', 'itemCode');
    });

    it('refuses an unknown kind', () => {
      given.when(perform({ kind: 'audit' as never })).thenThrows(ValidationError, 'INSPECTION.INVALID_KIND', 'kind');
    });

    it('refuses a rectification flag that is not true or false', () => {
      given
        .when(perform({ rectificationRequired: 'no' as never }))
        .thenThrows(ValidationError, 'INSPECTION.INVALID_RECTIFICATION_REQUIRED', 'rectificationRequired');
    });

    it('refuses an inspection in the future', () => {
      given.when(perform({ at: '2021-04-01T09:00:00+08:00' })).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
    });
  });

  describe('when the inspection is recorded', () => {
    const given = spec.given([performed({ kind: 'case-file-review', filesReviewed: 80 })]);

    it('refuses to record the same inspection again', () => {
      given.when(perform()).thenThrows(ConflictError, 'INSPECTION.ALREADY_RECORDED', 'inspectionId');
    });

    it('remembers what was inspected', () => {
      given.thenState({
        status: 'performed',
        inspectionId: 'insp-2020-007',
        kind: 'case-file-review',
        at: '2020-11-12T15:00:00+08:00',
        filesReviewed: 80,
        rectificationRequired: false,
      });
    });
  });
});
