import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { appealDecider } from './appeal.decider';
import { ConcludeAppeal, FileAppeal } from './supervision.commands';
import { AppealConcluded, AppealFiled } from './supervision.events';

const spec = deciderSpec(appealDecider);

const fileIt = (overrides: Partial<FileAppeal> = {}): FileAppeal => ({
  type: 'FileAppeal',
  appealId: 'apl-1',
  kind: 'reconsideration',
  at: '2020-08-03T09:30:00+08:00',
  ...overrides,
});
const concludeIt = (overrides: Partial<ConcludeAppeal> = {}): ConcludeAppeal => ({
  type: 'ConcludeAppeal',
  appealId: 'apl-1',
  at: '2020-10-09T15:00:00+08:00',
  outcome: 'denial upheld',
  ...overrides,
});

const filed = (data: Partial<AppealFiled['data']> = {}): AppealFiled => ({
  type: 'AppealFiled.v1',
  data: { appealId: 'apl-1', kind: 'reconsideration', ...data },
  at: '2020-08-03T09:30:00+08:00',
});
const concluded: AppealConcluded = {
  type: 'AppealConcluded.v1',
  data: { appealId: 'apl-1', outcome: 'denial upheld' },
  at: '2020-10-09T15:00:00+08:00',
};

describe('appeal decider', () => {
  describe('when no appeal is filed', () => {
    const given = spec.given([]);

    it('files a reconsideration', () => {
      given.when(fileIt()).then([filed()]);
    });

    it('files a litigation case with what it is about and who brought it', () => {
      const appellant = { kind: 'organisation' as const, name: '江门某酒店有限公司', contactPerson: '李四' };
      given
        .when(
          fileIt({ kind: 'litigation', applicationId: 'app-9', itemCode: 'JM-ZA-001', department: '治安', appellant }),
        )
        .then([
          filed({ kind: 'litigation', applicationId: 'app-9', itemCode: 'JM-ZA-001', department: '治安', appellant }),
        ]);
    });

    it('refuses a blank id', () => {
      given.when(fileIt({ appealId: ' ' })).thenThrows(ValidationError, 'APPEAL.ID_REQUIRED', 'appealId');
    });

    it('refuses an unknown kind', () => {
      given.when(fileIt({ kind: 'petition' as never })).thenThrows(ValidationError, 'APPEAL.INVALID_KIND', 'kind');
    });

    it.each([
      ['applicationId', 'APPEAL.APPLICATION_ID_BLANK'],
      ['itemCode', 'APPEAL.ITEM_CODE_BLANK'],
      ['department', 'APPEAL.DEPARTMENT_BLANK'],
    ] as const)('refuses a blank %s', (field, code) => {
      given.when(fileIt({ [field]: '' })).thenThrows(ValidationError, code, field);
    });

    it('refuses an appellant without a name', () => {
      given
        .when(fileIt({ appellant: { name: '' } }))
        .thenThrows(ValidationError, 'APPEAL.APPELLANT_NAME_REQUIRED', 'appellant.name');
    });

    it('refuses an appeal filed in the future', () => {
      given.when(fileIt({ at: '2021-03-30T10:05:00+08:00' })).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
    });

    it('refuses a conclusion', () => {
      given.when(concludeIt()).thenThrows(NotFoundError, 'APPEAL.NOT_FOUND', 'appealId');
    });
  });

  describe('when the appeal is filed', () => {
    const given = spec.given([filed()]);

    it('refuses to file it again', () => {
      given.when(fileIt()).thenThrows(ConflictError, 'APPEAL.ALREADY_FILED', 'appealId');
    });

    it('concludes it', () => {
      given.when(concludeIt()).then([concluded]);
    });

    it('refuses a conclusion before the appeal was filed', () => {
      given
        .when(concludeIt({ at: '2020-08-02T09:30:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
    });

    it('refuses a conclusion without an outcome', () => {
      given.when(concludeIt({ outcome: '' })).thenThrows(ValidationError, 'APPEAL.OUTCOME_REQUIRED', 'outcome');
    });

    it('refuses to conclude another appeal', () => {
      given.when(concludeIt({ appealId: 'apl-2' })).thenThrows(NotFoundError, 'APPEAL.NOT_FOUND', 'appealId');
    });
  });

  describe('when the appeal is concluded', () => {
    const given = spec.given([filed(), concluded]);

    it('refuses a second conclusion', () => {
      given
        .when(concludeIt({ at: '2020-11-01T09:00:00+08:00', outcome: 'overturned' }))
        .thenThrows(IllegalTransitionError, 'APPEAL.ALREADY_CONCLUDED', 'appealId');
    });

    it('remembers the kind, the dates and the outcome', () => {
      given.thenState({
        status: 'concluded',
        appealId: 'apl-1',
        kind: 'reconsideration',
        filedAt: '2020-08-03T09:30:00+08:00',
        concludedAt: '2020-10-09T15:00:00+08:00',
        outcome: 'denial upheld',
      });
    });
  });
});
