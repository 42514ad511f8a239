import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import type { LedgerEvent } from '../ledger-event';
import { CorrectFact, correctionDecider } from './correction.decider';

const spec = deciderSpec(correctionDecider);
// SIGNING_DAY, the default context: 2021-03-30 10:00 Beijing time.
const now = '2021-03-30T02:00:00.000Z';

/** Recorded events carry their id; the decider's state is built from them. */
const recorded = (eventId: string, event: LedgerEvent): LedgerEvent =>
  ({ ...event, eventId }) as unknown as LedgerEvent;

const filed = recorded('e-1', {
  type: 'ApplicationFiled.v1',
  at: '2021-03-01T09:00:00+08:00',
  data: {
    applicationId: 'a-1',
    itemCode: 'ZA-1',
    department: '治安',
    statutoryDays: 20,
    promisedDays: 5,
    disclosable: true,
    channel: 'online',
    applicant: { name: 'x' },
  },
});
const accepted = recorded('e-2', {
  type: 'ApplicationAccepted.v1',
  at: '2021-03-02T09:00:00+08:00',
  data: { applicationId: 'a-1' },
});
const granted = recorded('e-3', {
  type: 'DecisionMade.v1',
  at: '2021-03-05T09:00:00+08:00',
  data: { applicationId: 'a-1', outcome: 'granted' },
});
const history = [filed, accepted, granted];

const correct = (overrides: Partial<CorrectFact> = {}): CorrectFact => ({
  type: 'CorrectFact',
  streamId: 'application-a-1',
  eventId: 'e-3',
  correctedAt: '2021-03-04T09:00:00+08:00',
  reason: '录入日期错误',
  authorisedBy: '法制科 张三',
  ...overrides,
});

describe('correction decider', () => {
  describe('when the stream holds the fact', () => {
    const given = spec.given(history);

    it("corrects a fact's business time, naming the event, its type, the reason and who authorised it", () => {
      given.when(correct()).then([
        {
          type: 'FactCorrected.v1',
          at: now,
          data: {
            correctedEventId: 'e-3',
            correctedType: 'DecisionMade.v1',
            originalAt: '2021-03-05T09:00:00+08:00',
            correctedAt: '2021-03-04T09:00:00+08:00',
            reason: '录入日期错误',
            authorisedBy: '法制科 张三',
          },
        },
      ]);
    });

    it('corrects a decision to a denial with its reason and basis', () => {
      const fields = { outcome: 'denied', reason: '不符合条件', legalBasis: '某条例第四条' };
      given.when(correct({ correctedAt: undefined, fields, at: '2021-03-29T09:00:00+08:00' })).then([
        {
          type: 'FactCorrected.v1',
          at: '2021-03-29T09:00:00+08:00',
          data: {
            correctedEventId: 'e-3',
            correctedType: 'DecisionMade.v1',
            originalAt: '2021-03-05T09:00:00+08:00',
            fields,
            reason: '录入日期错误',
            authorisedBy: '法制科 张三',
          },
        },
      ]);
    });

    it('refuses a decision corrected to a denial that states no reason', () => {
      given
        .when(correct({ correctedAt: undefined, fields: { outcome: 'denied', legalBasis: 'b' } }))
        .thenThrows(ValidationError, 'CORRECTION.DENIAL_INCOMPLETE', 'fields.reason');
    });

    it('refuses a field the event type does not let a correction change', () => {
      given
        .when(correct({ fields: { applicationId: 'a-2' } }))
        .thenThrows(ValidationError, 'CORRECTION.FIELD_NOT_CORRECTABLE', 'fields.applicationId');
    });

    it('refuses personal data, which has its own process', () => {
      given
        .when(correct({ eventId: 'e-1', correctedAt: undefined, fields: { applicant: { name: 'y' } } }))
        .thenThrows(ValidationError, 'CORRECTION.FIELD_NOT_CORRECTABLE', 'fields.applicant');
    });

    it('refuses a value the rule of the field refuses', () => {
      given
        .when(correct({ correctedAt: undefined, fields: { outcome: 'maybe' } }))
        .thenThrows(ValidationError, 'CORRECTION.INVALID_VALUE', 'fields.outcome');
    });

    it('refuses a correction that changes nothing', () => {
      given
        .when(correct({ correctedAt: '2021-03-05T01:00:00Z', fields: { outcome: 'granted' } }))
        .thenThrows(ValidationError, 'CORRECTION.NO_CHANGE', 'fields');
    });

    it('refuses a corrected time before the record began', () => {
      given
        .when(correct({ correctedAt: '2021-02-28T09:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'correctedAt');
    });

    it('refuses a corrected filing time after the facts that follow it', () => {
      given
        .when(correct({ eventId: 'e-1', correctedAt: '2021-03-03T09:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.AFTER_FOLLOWING_FACT', 'correctedAt');
    });

    it('refuses a corrected time in the future', () => {
      given
        .when(correct({ correctedAt: '2022-01-01T09:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.IN_FUTURE', 'correctedAt');
    });

    it('refuses a correction without its reason', () => {
      given.when(correct({ reason: ' ' })).thenThrows(ValidationError, 'CORRECTION.REASON_REQUIRED', 'reason');
    });

    it('refuses a correction nobody authorised', () => {
      given
        .when(correct({ authorisedBy: '' }))
        .thenThrows(ValidationError, 'CORRECTION.AUTHORISER_REQUIRED', 'authorisedBy');
    });

    it('refuses an event id the stream does not hold', () => {
      given.when(correct({ eventId: 'e-9' })).thenThrows(NotFoundError, 'CORRECTION.EVENT_NOT_FOUND', 'eventId');
    });
  });

  it('refuses to correct an event that is no licensing fact', () => {
    spec
      .given([{ type: 'ReportTextsSupplied.v1', at: now, data: {}, eventId: 'r-1' } as unknown as LedgerEvent])
      .when(correct({ eventId: 'r-1' }))
      .thenThrows(IllegalTransitionError, 'CORRECTION.NOT_CORRECTABLE', 'eventId');
  });
});
