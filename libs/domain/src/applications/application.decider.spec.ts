import { ItemAttributes } from '../catalogue/item.events';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { ApplicationContext, applicationDecider } from './application.decider';
import { ApplicationCommand } from './application.commands';
import { ApplicationEvent } from './application.events';

const NOW = Date.parse('2021-06-01T12:00:00+08:00');
const item: ItemAttributes = {
  name: '第一类易制毒化学品购买许可',
  department: '禁毒',
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 0,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
};
const spec = deciderSpec<
  ApplicationCommand,
  ApplicationEvent,
  ReturnType<typeof applicationDecider.initialState>,
  ApplicationContext
>(applicationDecider, {
  now: NOW,
  timeZone: 'Asia/Shanghai',
  itemOnFilingDate: { status: 'in-force', attributes: item },
});

const id = 'app-1';
const applicant = { name: '测试甲', idNumber: '440702198001010011' };
const filed: ApplicationEvent = {
  type: 'ApplicationFiled.v1',
  at: '2021-03-01T09:00:00+08:00',
  data: {
    applicationId: id,
    itemCode: 'JD-1',
    department: '禁毒',
    statutoryDays: 20,
    promisedDays: 5,
    disclosable: true,
    channel: 'online',
    applicant,
  },
};
const accepted: ApplicationEvent = {
  type: 'ApplicationAccepted.v1',
  at: '2021-03-01T10:00:00+08:00',
  data: { applicationId: id },
};
const granted: ApplicationEvent = {
  type: 'DecisionMade.v1',
  at: '2021-03-03T10:00:00+08:00',
  data: { applicationId: id, outcome: 'granted' },
};
const denied: ApplicationEvent = {
  type: 'DecisionMade.v1',
  at: '2021-03-03T10:00:00+08:00',
  data: {
    applicationId: id,
    outcome: 'denied',
    reason: '合同标的不符',
    legalBasis: '《易制毒化学品管理条例》第十五条',
    appealRightsNotice: 'x',
  },
};
const suspended: ApplicationEvent = {
  type: 'TimeLimitSuspended.v1',
  at: '2021-03-02T09:00:00+08:00',
  data: { applicationId: id, kind: 'testing' },
};
const extended: ApplicationEvent = {
  type: 'TimeLimitExtended.v1',
  at: '2021-03-02T09:00:00+08:00',
  data: { applicationId: id, days: 10, reason: '需现场核查', approvedBy: '局长' },
};
const supplementRequested: ApplicationEvent = {
  type: 'SupplementRequested.v1',
  at: '2021-03-01T11:00:00+08:00',
  data: { applicationId: id, materials: '营业执照' },
};
const withdrawn: ApplicationEvent = {
  type: 'ApplicationWithdrawn.v1',
  at: '2021-03-02T09:00:00+08:00',
  data: { applicationId: id },
};
const rating = (level: 1 | 2 | 3 | 4 | 5): ApplicationEvent => ({
  type: 'RatingReceived.v1',
  at: '2021-03-04T10:00:00+08:00',
  data: { applicationId: id, level, defaulted: false },
});

const file = (over: Partial<Extract<ApplicationCommand, { type: 'FileApplication' }>> = {}): ApplicationCommand => ({
  type: 'FileApplication',
  applicationId: id,
  itemCode: 'JD-1',
  channel: 'online',
  applicant,
  at: '2021-03-01T09:00:00+08:00',
  ...over,
});
const decide = (over: Partial<Extract<ApplicationCommand, { type: 'MakeDecision' }>> = {}): ApplicationCommand => ({
  type: 'MakeDecision',
  applicationId: id,
  outcome: 'granted',
  at: '2021-03-03T10:00:00+08:00',
  ...over,
});

describe('application decider', () => {
  describe('when nothing was filed', () => {
    it('records the filing with the item rules in force copied in', () => spec.given([]).when(file()).then([filed]));
    it('refuses an item missing from the catalogue', () =>
      spec
        .given([])
        .when(file(), { itemOnFilingDate: { status: 'unknown' } })
        .thenThrows(NotFoundError, 'ITEM.NOT_FOUND', 'itemCode'));
    it('refuses an item not yet in force on the filing date', () =>
      spec
        .given([])
        .when(file(), { itemOnFilingDate: { status: 'not-yet-effective', effectiveFrom: '2021-04-01T00:00:00+08:00' } })
        .thenThrows(IllegalTransitionError, 'ITEM.NOT_IN_FORCE', 'itemCode'));
    it('refuses an item retired before the filing date', () =>
      spec
        .given([])
        .when(file(), { itemOnFilingDate: { status: 'retired', retiredFrom: '2021-01-01T00:00:00+08:00' } })
        .thenThrows(IllegalTransitionError, 'ITEM.NOT_IN_FORCE', 'itemCode'));
    it('refuses a filing time in the future', () =>
      spec
        .given([])
        .when(file({ at: '2099-01-01T00:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.IN_FUTURE', 'filedAt'));
    it('refuses an impossible date', () =>
      spec
        .given([])
        .when(file({ at: '2021-02-30T09:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.IMPOSSIBLE', 'filedAt'));
    it('refuses a time without an offset', () =>
      spec
        .given([])
        .when(file({ at: '2021-03-01T09:00:00' }))
        .thenThrows(ValidationError, 'TIME.INVALID', 'filedAt'));
    it('refuses an applicant without a name', () =>
      spec
        .given([])
        .when(file({ applicant: { name: ' ' } }))
        .thenThrows(ValidationError, 'APPLICATION.APPLICANT_REQUIRED', 'applicant.name'));
    it('refuses any other command as not found', () =>
      spec
        .given([])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: true, at: '2021-03-01T10:00:00+08:00' })
        .thenThrows(NotFoundError, 'APPLICATION.NOT_FOUND', 'applicationId'));
  });

  describe('when filed', () => {
    it('refuses a second filing under the same id', () =>
      spec.given([filed]).when(file()).thenThrows(ConflictError, 'APPLICATION.ALREADY_FILED', 'applicationId'));
    it('accepts', () =>
      spec
        .given([filed])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: true, at: accepted.at })
        .then([accepted]));
    it('refuses acceptance before filing', () =>
      spec
        .given([filed])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: true, at: '2021-03-01T08:00:00+08:00' })
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at'));
    it('does not accept without a reason when refusing intake', () =>
      spec
        .given([filed])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: false, at: accepted.at })
        .thenThrows(ValidationError, 'APPLICATION.NON_ACCEPTANCE_REASON_REQUIRED', 'reason'));
    it('records non-acceptance with its reason', () =>
      spec
        .given([filed])
        .when({
          type: 'DecideAcceptance',
          applicationId: id,
          accepted: false,
          reason: '不属于本机关职权范围',
          at: accepted.at,
        })
        .then([
          {
            type: 'ApplicationNotAccepted.v1',
            at: accepted.at,
            data: { applicationId: id, reason: '不属于本机关职权范围' },
          },
        ]));
    it('refuses a decision before acceptance', () =>
      spec.given([filed]).when(decide()).thenThrows(IllegalTransitionError, 'APPLICATION.NOT_ACCEPTED'));
    it('requests a supplement once', () =>
      spec
        .given([filed])
        .when({ type: 'RequestSupplement', applicationId: id, materials: '营业执照', at: supplementRequested.at })
        .then([supplementRequested]));
    it('refuses a second supplement notice', () =>
      spec
        .given([filed, supplementRequested])
        .when({ type: 'RequestSupplement', applicationId: id, materials: '身份证', at: '2021-03-01T12:00:00+08:00' })
        .thenThrows(ConflictError, 'APPLICATION.SUPPLEMENT_ALREADY_REQUESTED'));
    it('refuses acceptance while the supplement is awaited', () =>
      spec
        .given([filed, supplementRequested])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: true, at: '2021-03-01T12:00:00+08:00' })
        .thenThrows(IllegalTransitionError, 'APPLICATION.SUPPLEMENT_PENDING'));
    it('refuses supplied materials nobody asked for', () =>
      spec
        .given([filed])
        .when({ type: 'ProvideSupplement', applicationId: id, at: '2021-03-01T12:00:00+08:00' })
        .thenThrows(IllegalTransitionError, 'APPLICATION.NO_SUPPLEMENT_REQUESTED'));
    it('refuses an extension before acceptance', () =>
      spec
        .given([filed])
        .when({ type: 'ExtendTimeLimit', applicationId: id, days: 10, reason: 'r', approvedBy: 'h', at: extended.at })
        .thenThrows(IllegalTransitionError, 'APPLICATION.NOT_ACCEPTED'));
    it('withdraws', () =>
      spec.given([filed]).when({ type: 'WithdrawApplication', applicationId: id, at: withdrawn.at }).then([withdrawn]));
    it('refuses a rating before the application is concluded', () =>
      spec
        .given([filed])
        .when({ type: 'ReceiveRating', applicationId: id, level: 5, at: '2021-03-04T10:00:00+08:00' })
        .thenThrows(IllegalTransitionError, 'RATING.NOT_CONCLUDED'));
  });

  describe('when accepted', () => {
    it('grants', () => spec.given([filed, accepted]).when(decide()).then([granted]));
    it('denies with reason, basis and the notice of appeal rights', () =>
      spec
        .given([filed, accepted])
        .when(
          decide({
            outcome: 'denied',
            reason: '合同标的不符',
            legalBasis: '《易制毒化学品管理条例》第十五条',
            appealRightsNotice: 'x',
          }),
        )
        .then([denied]));
    it('records that the applicant was told of the right to reconsideration or litigation (第三十八条第二款)', () =>
      spec
        .given([filed, accepted])
        .when(
          decide({
            outcome: 'denied',
            reason: '合同标的不符',
            legalBasis: '《易制毒化学品管理条例》第十五条',
            appealRightsNotice: 'x',
            appealRightsNotified: true,
          }),
        )
        .then([{ ...denied, data: { ...denied.data, appealRightsNotified: true } } as ApplicationEvent]));
    it('records that the applicant was not told', () =>
      spec
        .given([filed, accepted])
        .when(decide({ outcome: 'denied', reason: 'r', legalBasis: 'b', appealRightsNotified: false }))
        .then([
          {
            type: 'DecisionMade.v1',
            at: '2021-03-03T10:00:00+08:00',
            data: {
              applicationId: id,
              outcome: 'denied',
              reason: 'r',
              legalBasis: 'b',
              appealRightsNotice: '如不服本决定，可依法申请行政复议或者提起行政诉讼。',
              appealRightsNotified: false,
            },
          },
        ]));
    it('refuses a rights notification that is not true or false', () =>
      spec
        .given([filed, accepted])
        .when(decide({ outcome: 'denied', reason: 'r', legalBasis: 'b', appealRightsNotified: 'yes' as never }))
        .thenThrows(ValidationError, 'DECISION.INVALID_RIGHTS_NOTIFIED', 'appealRightsNotified'));
    it('refuses a denial without a reason', () =>
      spec
        .given([filed, accepted])
        .when(decide({ outcome: 'denied', legalBasis: 'b' }))
        .thenThrows(ValidationError, 'DECISION.DENIAL_REASON_REQUIRED', 'reason'));
    it('refuses a denial without a legal basis', () =>
      spec
        .given([filed, accepted])
        .when(decide({ outcome: 'denied', reason: 'r' }))
        .thenThrows(ValidationError, 'DECISION.DENIAL_BASIS_REQUIRED', 'legalBasis'));
    it('refuses a decision dated before acceptance', () =>
      spec
        .given([filed, accepted])
        .when(decide({ at: '2021-03-01T09:30:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at'));
    it('refuses a decision in the future', () =>
      spec
        .given([filed, accepted])
        .when(decide({ at: '2030-01-01T00:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at'));
    it('refuses a second acceptance', () =>
      spec
        .given([filed, accepted])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: true, at: accepted.at })
        .thenThrows(ConflictError, 'APPLICATION.ACCEPTANCE_ALREADY_DECIDED'));
    it('extends the time limit once', () =>
      spec
        .given([filed, accepted])
        .when({
          type: 'ExtendTimeLimit',
          applicationId: id,
          days: 10,
          reason: '需现场核查',
          approvedBy: '局长',
          at: extended.at,
        })
        .then([extended]));
    it('refuses a second extension', () =>
      spec
        .given([filed, accepted, extended])
        .when({
          type: 'ExtendTimeLimit',
          applicationId: id,
          days: 5,
          reason: 'r',
          approvedBy: 'h',
          at: '2021-03-02T10:00:00+08:00',
        })
        .thenThrows(ConflictError, 'APPLICATION.ALREADY_EXTENDED'));
    it('refuses an extension beyond ten days', () =>
      spec
        .given([filed, accepted])
        .when({ type: 'ExtendTimeLimit', applicationId: id, days: 11, reason: 'r', approvedBy: 'h', at: extended.at })
        .thenThrows(ValidationError, 'APPLICATION.EXTENSION_DAYS', 'days'));
    it("refuses an extension without the head's approval", () =>
      spec
        .given([filed, accepted])
        .when({ type: 'ExtendTimeLimit', applicationId: id, days: 10, reason: 'r', approvedBy: '', at: extended.at })
        .thenThrows(ValidationError, 'APPLICATION.EXTENSION_APPROVER_REQUIRED', 'approvedBy'));
    it('suspends the time limit', () =>
      spec
        .given([filed, accepted])
        .when({ type: 'SuspendTimeLimit', applicationId: id, kind: 'testing', at: suspended.at })
        .then([suspended]));
    it('refuses a resumption when not suspended', () =>
      spec
        .given([filed, accepted])
        .when({ type: 'ResumeTimeLimit', applicationId: id, at: suspended.at })
        .thenThrows(IllegalTransitionError, 'APPLICATION.NOT_SUSPENDED'));
    it('refuses a disclosure before any decision', () =>
      spec
        .given([filed, accepted])
        .when({
          type: 'DiscloseDecision',
          applicationId: id,
          exempt: false,
          channel: '信用江门',
          at: '2021-03-04T10:00:00+08:00',
        })
        .thenThrows(IllegalTransitionError, 'DISCLOSURE.NOT_DECIDED'));
  });

  describe('when suspended', () => {
    it('refuses a decision until resumed', () =>
      spec
        .given([filed, accepted, suspended])
        .when(decide())
        .thenThrows(IllegalTransitionError, 'APPLICATION.SUSPENDED'));
    it('refuses a second suspension', () =>
      spec
        .given([filed, accepted, suspended])
        .when({ type: 'SuspendTimeLimit', applicationId: id, kind: 'hearing', at: '2021-03-02T10:00:00+08:00' })
        .thenThrows(ConflictError, 'APPLICATION.ALREADY_SUSPENDED'));
    it('refuses a resumption before the suspension', () =>
      spec
        .given([filed, accepted, suspended])
        .when({ type: 'ResumeTimeLimit', applicationId: id, at: '2021-03-02T08:00:00+08:00' })
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at'));
    it('resumes, then the decision is allowed', () => {
      const resumed: ApplicationEvent = {
        type: 'TimeLimitResumed.v1',
        at: '2021-03-02T15:00:00+08:00',
        data: { applicationId: id },
      };
      spec
        .given([filed, accepted, suspended])
        .when({ type: 'ResumeTimeLimit', applicationId: id, at: resumed.at })
        .then([resumed]);
      spec.given([filed, accepted, suspended, resumed]).when(decide()).then([granted]);
    });
  });

  describe('when decided', () => {
    it('never records two decisions', () =>
      spec.given([filed, accepted, granted]).when(decide()).thenThrows(ConflictError, 'APPLICATION.ALREADY_DECIDED'));
    it('discloses a granted decision', () =>
      spec
        .given([filed, accepted, granted])
        .when({
          type: 'DiscloseDecision',
          applicationId: id,
          exempt: false,
          channel: '信用江门',
          at: '2021-03-04T10:00:00+08:00',
        })
        .then([
          {
            type: 'DecisionDisclosed.v1',
            at: '2021-03-04T10:00:00+08:00',
            data: { applicationId: id, channel: '信用江门' },
          },
        ]));
    it('refuses to disclose a denial', () =>
      spec
        .given([filed, accepted, denied])
        .when({
          type: 'DiscloseDecision',
          applicationId: id,
          exempt: false,
          channel: 'c',
          at: '2021-03-04T10:00:00+08:00',
        })
        .thenThrows(IllegalTransitionError, 'DISCLOSURE.NOT_GRANTED'));
    it('refuses an exemption without a legal basis', () =>
      spec
        .given([filed, accepted, granted])
        .when({ type: 'DiscloseDecision', applicationId: id, exempt: true, at: '2021-03-04T10:00:00+08:00' })
        .thenThrows(ValidationError, 'DISCLOSURE.EXEMPTION_BASIS_REQUIRED', 'legalBasis'));
    it('refuses to disclose a decision of an item the law keeps confidential', () => {
      const confidential: ApplicationEvent = {
        ...filed,
        data: { ...(filed.data as object), disclosable: false },
      } as ApplicationEvent;
      spec
        .given([confidential, accepted, granted])
        .when({
          type: 'DiscloseDecision',
          applicationId: id,
          exempt: false,
          channel: 'c',
          at: '2021-03-04T10:00:00+08:00',
        })
        .thenThrows(IllegalTransitionError, 'DISCLOSURE.FORBIDDEN');
    });
    it('refuses a second disclosure', () => {
      const disclosed: ApplicationEvent = {
        type: 'DecisionDisclosed.v1',
        at: '2021-03-04T10:00:00+08:00',
        data: { applicationId: id, channel: 'c' },
      };
      spec
        .given([filed, accepted, granted, disclosed])
        .when({
          type: 'DiscloseDecision',
          applicationId: id,
          exempt: false,
          channel: 'c',
          at: '2021-03-05T10:00:00+08:00',
        })
        .thenThrows(ConflictError, 'DISCLOSURE.ALREADY_RECORDED');
    });
    it('refuses a disclosure dated before the decision', () =>
      spec
        .given([filed, accepted, granted])
        .when({
          type: 'DiscloseDecision',
          applicationId: id,
          exempt: false,
          channel: 'c',
          at: '2021-03-02T10:00:00+08:00',
        })
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at'));
    it('issues a certificate for a grant', () =>
      spec
        .given([filed, accepted, granted])
        .when({
          type: 'IssueCertificate',
          applicationId: id,
          form: 'electronic',
          delivery: 'collect',
          at: '2021-03-04T10:00:00+08:00',
        })
        .then([
          {
            type: 'CertificateIssued.v1',
            at: '2021-03-04T10:00:00+08:00',
            data: { applicationId: id, form: 'electronic', delivery: 'collect' },
          },
        ]));
    it('refuses a certificate for a denial', () =>
      spec
        .given([filed, accepted, denied])
        .when({
          type: 'IssueCertificate',
          applicationId: id,
          form: 'paper',
          delivery: 'mail',
          at: '2021-03-04T10:00:00+08:00',
        })
        .thenThrows(IllegalTransitionError, 'CERTIFICATE.NOT_GRANTED'));
    it('refuses a withdrawal after the decision', () =>
      spec
        .given([filed, accepted, granted])
        .when({ type: 'WithdrawApplication', applicationId: id, at: '2021-03-04T10:00:00+08:00' })
        .thenThrows(IllegalTransitionError, 'APPLICATION.ALREADY_DECIDED'));
    it('records one rating', () =>
      spec
        .given([filed, accepted, granted])
        .when({ type: 'ReceiveRating', applicationId: id, level: 2, at: '2021-03-04T10:00:00+08:00' })
        .then([rating(2)]));
    it('refuses a second rating', () =>
      spec
        .given([filed, accepted, granted, rating(5)])
        .when({ type: 'ReceiveRating', applicationId: id, level: 4, at: '2021-03-05T10:00:00+08:00' })
        .thenThrows(ConflictError, 'RATING.ALREADY_RECEIVED'));
    it('refuses a rating level outside 1 to 5', () =>
      spec
        .given([filed, accepted, granted])
        .when({ type: 'ReceiveRating', applicationId: id, level: 6 as 5, at: '2021-03-04T10:00:00+08:00' })
        .thenThrows(ValidationError, 'RATING.LEVEL', 'level'));
    it('rectifies a bad rating', () =>
      spec
        .given([filed, accepted, granted, rating(1)])
        .when({ type: 'RectifyBadRating', applicationId: id, measures: '回访致歉', at: '2021-03-05T10:00:00+08:00' })
        .then([
          {
            type: 'BadRatingRectified.v1',
            at: '2021-03-05T10:00:00+08:00',
            data: { applicationId: id, measures: '回访致歉' },
          },
        ]));
    it('refuses to rectify a good rating', () =>
      spec
        .given([filed, accepted, granted, rating(4)])
        .when({ type: 'RectifyBadRating', applicationId: id, measures: 'm', at: '2021-03-05T10:00:00+08:00' })
        .thenThrows(IllegalTransitionError, 'RATING.NOT_BAD'));
  });

  describe('when withdrawn', () => {
    it('refuses acceptance of a closed application', () =>
      spec
        .given([filed, withdrawn])
        .when({ type: 'DecideAcceptance', applicationId: id, accepted: true, at: '2021-03-03T10:00:00+08:00' })
        .thenThrows(IllegalTransitionError, 'APPLICATION.CLOSED'));
    it('refuses a decision', () =>
      spec.given([filed, withdrawn]).when(decide()).thenThrows(IllegalTransitionError, 'APPLICATION.CLOSED'));
  });
});
