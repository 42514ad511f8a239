import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { complaintDecider } from './complaint.decider';
import { LogComplaint, ResolveComplaint } from './supervision.commands';
import { ComplaintLogged, ComplaintResolved } from './supervision.events';

const spec = deciderSpec(complaintDecider);

const logIt = (overrides: Partial<LogComplaint> = {}): LogComplaint => ({
  type: 'LogComplaint',
  complaintId: 'cmp-1',
  at: '2020-05-06T11:00:00+08:00',
  channel: '12345 hotline',
  subject: 'waited too long for a permit',
  ...overrides,
});
const resolveIt = (overrides: Partial<ResolveComplaint> = {}): ResolveComplaint => ({
  type: 'ResolveComplaint',
  complaintId: 'cmp-1',
  at: '2020-05-20T16:00:00+08:00',
  valid: false,
  outcome: 'decided within the promised time; explained to the complainant',
  ...overrides,
});

const logged = (data: Partial<ComplaintLogged['data']> = {}): ComplaintLogged => ({
  type: 'ComplaintLogged.v1',
  data: { complaintId: 'cmp-1', channel: '12345 hotline', subject: 'waited too long for a permit', ...data },
  at: '2020-05-06T11:00:00+08:00',
});
const resolved: ComplaintResolved = {
  type: 'ComplaintResolved.v1',
  data: {
    complaintId: 'cmp-1',
    valid: false,
    outcome: 'decided within the promised time; explained to the complainant',
  },
  at: '2020-05-20T16:00:00+08:00',
};

describe('complaint decider', () => {
  describe('when no complaint is logged', () => {
    const given = spec.given([]);

    it('logs an anonymous complaint', () => {
      given.when(logIt()).then([logged()]);
    });

    it('logs what the complaint is about and who made it', () => {
      const complainant = { kind: 'person' as const, name: '张三', phone: '13800000000' };
      given
        .when(logIt({ applicationId: 'app-1', itemCode: 'JM-ZA-001', department: '治安', complainant }))
        .then([logged({ applicationId: 'app-1', itemCode: 'JM-ZA-001', department: '治安', complainant })]);
    });

    it('refuses a blank id', () => {
      given.when(logIt({ complaintId: '' })).thenThrows(ValidationError, 'COMPLAINT.ID_REQUIRED', 'complaintId');
    });

    it('refuses a complaint without a channel', () => {
      given.when(logIt({ channel: ' ' })).thenThrows(ValidationError, 'COMPLAINT.CHANNEL_REQUIRED', 'channel');
    });

    it('refuses a complaint without a subject', () => {
      given.when(logIt({ subject: '' })).thenThrows(ValidationError, 'COMPLAINT.SUBJECT_REQUIRED', 'subject');
    });

    it.each([
      ['applicationId', 'COMPLAINT.APPLICATION_ID_BLANK'],
      ['itemCode', 'COMPLAINT.ITEM_CODE_BLANK'],
      ['department', 'COMPLAINT.DEPARTMENT_BLANK'],
    ] as const)('refuses a blank %s', (field, code) => {
      given.when(logIt({ [field]: ' ' })).thenThrows(ValidationError, code, field);
    });

    it('refuses a complainant without a name', () => {
      given
        .when(logIt({ complainant: { name: ' ' } }))
        .thenThrows(ValidationError, 'COMPLAINT.COMPLAINANT_NAME_REQUIRED', 'complainant.name');
    });

    it('refuses a complaint logged in the future', () => {
      given.when(logIt({ at: '2021-03-31T09:00:00+08:00' })).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
    });

    it('refuses a resolution', () => {
      given.when(resolveIt()).thenThrows(NotFoundError, 'COMPLAINT.NOT_FOUND', 'complaintId');
    });
  });

  describe('when the complaint is logged', () => {
    const given = spec.given([logged()]);

    it('refuses to log it again', () => {
      given.when(logIt()).thenThrows(ConflictError, 'COMPLAINT.ALREADY_LOGGED', 'complaintId');
    });

    it('resolves it', () => {
      given.when(resolveIt()).then([resolved]);
    });

    it('resolves it as valid', () => {
      given.when(resolveIt({ valid: true })).then([{ ...resolved, data: { ...resolved.data, valid: true } }]);
    });

    it('refuses a resolution before the complaint was logged', () => {
      given
        .when(resolveIt({ at: '2020-05-06T10:59:59+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
    });

    it('refuses a resolution in the future', () => {
      given.when(resolveIt({ at: '2021-04-01T09:00:00+08:00' })).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
    });

    it('refuses a resolution that does not say whether the complaint was valid', () => {
      given
        .when(resolveIt({ valid: undefined as never }))
        .thenThrows(ValidationError, 'COMPLAINT.VALIDITY_REQUIRED', 'valid');
    });

    it('refuses a resolution without an outcome', () => {
      given.when(resolveIt({ outcome: ' ' })).thenThrows(ValidationError, 'COMPLAINT.OUTCOME_REQUIRED', 'outcome');
    });

    it('refuses to resolve another complaint', () => {
      given.when(resolveIt({ complaintId: 'cmp-2' })).thenThrows(NotFoundError, 'COMPLAINT.NOT_FOUND', 'complaintId');
    });
  });

  describe('when the complaint is resolved', () => {
    const given = spec.given([logged(), resolved]);

    it('refuses a second resolution', () => {
      given
        .when(resolveIt({ at: '2020-06-01T09:00:00+08:00', valid: true }))
        .thenThrows(IllegalTransitionError, 'COMPLAINT.ALREADY_RESOLVED', 'complaintId');
    });

    it('remembers the resolution and no personal data', () => {
      spec.given([logged({ complainant: { name: '张三' } }), resolved]).thenState({
        status: 'resolved',
        complaintId: 'cmp-1',
        loggedAt: '2020-05-06T11:00:00+08:00',
        resolvedAt: '2020-05-20T16:00:00+08:00',
        valid: false,
        outcome: 'decided within the promised time; explained to the complainant',
      });
    });
  });
});
