import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { deciderSpec } from '../testing/decider-spec';
import { CancelLicence, GrantLicence, LicenceCommand } from './licence.commands';
import { LicenceContext, licenceDecider } from './licence.decider';
import { LicenceEvent } from './licence.events';
import { MaybeLicence } from './licence.state';

const NOW = Date.parse('2026-06-01T12:00:00+08:00');
const GRANTED_APPLICATION = {
  status: 'granted',
  decidedAt: '2021-03-03T10:00:00+08:00',
  itemCode: 'ZA-7',
  department: '治安',
} as const;
const spec = deciderSpec<LicenceCommand, LicenceEvent, MaybeLicence, LicenceContext>(licenceDecider, {
  now: NOW,
  timeZone: 'Asia/Shanghai',
  applicationOnGrant: GRANTED_APPLICATION,
});

const licenceId = 'lic-1';
const holder = { kind: 'organisation', name: '江门市某保安服务有限公司', idNumber: '91440700MA0000000X' } as const;

const grantCommand = (overrides: Partial<GrantLicence> = {}): GrantLicence => ({
  type: 'GrantLicence',
  licenceId,
  at: '2021-03-04T09:00:00+08:00',
  licenceNumber: '粤江公保服字0001号',
  applicationId: 'app-1',
  holder,
  validFrom: '2021-03-04',
  validUntil: '2024-03-03',
  ...overrides,
});

const granted: LicenceEvent = {
  type: 'LicenceGranted.v1',
  at: '2021-03-04T09:00:00+08:00',
  data: {
    licenceId,
    licenceNumber: '粤江公保服字0001号',
    applicationId: 'app-1',
    itemCode: 'ZA-7',
    department: '治安',
    holder,
    validFrom: '2021-03-04',
    validUntil: '2024-03-03',
    renewalLeadDays: 30,
  },
};
const withoutTerm: LicenceEvent = {
  ...granted,
  data: { ...granted.data, validUntil: undefined },
} as LicenceEvent;
const changeApplied: LicenceEvent = {
  type: 'LicenceChangeApplied.v1',
  at: '2022-05-01T09:00:00+08:00',
  data: { licenceId, requestedChange: '变更法定代表人' },
};
const renewalApplied: LicenceEvent = {
  type: 'LicenceRenewalApplied.v1',
  at: '2024-01-10T09:00:00+08:00',
  data: { licenceId },
};
const revoked: LicenceEvent = {
  type: 'LicenceRevoked.v1',
  at: '2022-06-01T09:00:00+08:00',
  data: { licenceId, reason: '以欺骗手段取得', legalBasis: '《行政许可法》第六十九条第二款' },
};
const withdrawn: LicenceEvent = {
  type: 'LicenceWithdrawn.v1',
  at: '2022-06-01T09:00:00+08:00',
  data: { licenceId, reason: '规章废止', legalBasis: '《行政许可法》第八条', compensation: '无财产损失' },
};
const cancelled: LicenceEvent = {
  type: 'LicenceCancelled.v1',
  at: '2022-07-01T09:00:00+08:00',
  data: { licenceId, cause: 'holder-terminated' },
};
const useSuspended: LicenceEvent = {
  type: 'LicenceUseSuspended.v1',
  at: '2022-08-01T09:00:00+08:00',
  data: { licenceId, reason: '责令停业整顿', legalBasis: '《保安服务管理条例》第四十三条' },
};

const cancel = (overrides: Partial<CancelLicence>): CancelLicence => ({
  type: 'CancelLicence',
  licenceId,
  at: '2024-04-01T09:00:00+08:00',
  cause: 'expired',
  ...overrides,
});

describe('licence decider', () => {
  describe('when nothing is granted', () => {
    const given = spec.given([]);

    it('grants the licence with the item and department of its application and the default 30-day renewal rule', () => {
      given.when(grantCommand()).then([granted]);
    });

    it("records the item's own renewal lead time", () => {
      given
        .when(grantCommand({ renewalLeadDays: 60 }))
        .then([{ ...granted, data: { ...granted.data, renewalLeadDays: 60 } } as LicenceEvent]);
    });

    it('grants a licence without a term', () => {
      const { validUntil: _none, ...data } = granted.data as typeof granted.data & { validUntil?: string };
      given.when(grantCommand({ validUntil: undefined })).then([{ ...granted, data } as LicenceEvent]);
    });

    it('refuses a grant for an application never filed', () => {
      given
        .when(grantCommand(), { applicationOnGrant: { status: 'unknown' } })
        .thenThrows(NotFoundError, 'APPLICATION.NOT_FOUND', 'applicationId');
    });

    it('refuses a grant for an application that was denied', () => {
      given
        .when(grantCommand(), { applicationOnGrant: { status: 'not-granted', outcome: 'denied' } })
        .thenThrows(IllegalTransitionError, 'LICENCE.APPLICATION_NOT_GRANTED', 'applicationId');
    });

    it('refuses a grant recorded before the granting decision', () => {
      given
        .when(grantCommand({ at: '2021-03-03T09:00:00+08:00' }))
        .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
    });

    it('refuses validity starting before the decision day', () => {
      given
        .when(grantCommand({ validFrom: '2021-03-02' }))
        .thenThrows(ValidationError, 'LICENCE.VALID_BEFORE_GRANT', 'validFrom');
    });

    it('refuses a last day of validity before the first', () => {
      given
        .when(grantCommand({ validUntil: '2021-03-01' }))
        .thenThrows(ValidationError, 'LICENCE.VALID_UNTIL_BEFORE_FROM', 'validUntil');
    });

    it('refuses a validity date that does not exist', () => {
      given
        .when(grantCommand({ validUntil: '2023-02-29' }))
        .thenThrows(ValidationError, 'CALENDAR.INVALID_DATE', 'validUntil');
    });

    it('refuses a grant without a licence number', () => {
      given
        .when(grantCommand({ licenceNumber: ' ' }))
        .thenThrows(ValidationError, 'LICENCE.NUMBER_REQUIRED', 'licenceNumber');
    });

    it('refuses a grant without the holder', () => {
      given
        .when(grantCommand({ holder: undefined as never }))
        .thenThrows(ValidationError, 'LICENCE.HOLDER_REQUIRED', 'holder');
    });

    it.each([-1, 2.5, 4000])('refuses a renewal lead time of %p days', (renewalLeadDays) => {
      given
        .when(grantCommand({ renewalLeadDays }))
        .thenThrows(ValidationError, 'LICENCE.RENEWAL_LEAD_DAYS', 'renewalLeadDays');
    });

    it('refuses any other command on a licence never granted', () => {
      given
        .when({ type: 'ApplyForRenewal', licenceId, at: '2024-01-10T09:00:00+08:00' })
        .thenThrows(NotFoundError, 'LICENCE.NOT_FOUND', 'licenceId');
    });
  });

  describe('when granted', () => {
    const given = spec.given([granted]);

    it('refuses a second grant of the same licence', () => {
      given.when(grantCommand()).thenThrows(ConflictError, 'LICENCE.ALREADY_GRANTED', 'licenceId');
    });

    describe('change (第四十九条)', () => {
      it('records a change application', () => {
        given
          .when({ type: 'ApplyForLicenceChange', licenceId, at: changeApplied.at, requestedChange: '变更法定代表人' })
          .then([changeApplied]);
      });

      it('refuses a change application without the change asked for', () => {
        given
          .when({ type: 'ApplyForLicenceChange', licenceId, at: changeApplied.at, requestedChange: '' })
          .thenThrows(ValidationError, 'LICENCE.CHANGE_REQUIRED', 'requestedChange');
      });

      it('refuses a change application dated before the grant', () => {
        given
          .when({ type: 'ApplyForLicenceChange', licenceId, at: '2021-03-01T09:00:00+08:00', requestedChange: 'x' })
          .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
      });

      it('refuses a change application once the licence expired', () => {
        given
          .when({ type: 'ApplyForLicenceChange', licenceId, at: '2024-03-04T09:00:00+08:00', requestedChange: 'x' })
          .thenThrows(IllegalTransitionError, 'LICENCE.EXPIRED', 'at');
      });

      it('refuses a decision when no change was applied for', () => {
        given
          .when({ type: 'DecideLicenceChange', licenceId, at: '2022-05-02T09:00:00+08:00', outcome: 'approved' })
          .thenThrows(IllegalTransitionError, 'LICENCE.NO_CHANGE_APPLIED');
      });

      it('refuses a second change application while one is undecided', () => {
        spec
          .given([granted, changeApplied])
          .when({ type: 'ApplyForLicenceChange', licenceId, at: '2022-05-03T09:00:00+08:00', requestedChange: 'y' })
          .thenThrows(ConflictError, 'LICENCE.CHANGE_PENDING');
      });

      it('approves a change', () => {
        spec
          .given([granted, changeApplied])
          .when({ type: 'DecideLicenceChange', licenceId, at: '2022-05-10T09:00:00+08:00', outcome: 'approved' })
          .then([
            {
              type: 'LicenceChangeDecided.v1',
              at: '2022-05-10T09:00:00+08:00',
              data: { licenceId, outcome: 'approved' },
            },
          ]);
      });

      it('refuses a refusal without its reason', () => {
        spec
          .given([granted, changeApplied])
          .when({ type: 'DecideLicenceChange', licenceId, at: '2022-05-10T09:00:00+08:00', outcome: 'refused' })
          .thenThrows(ValidationError, 'LICENCE.CHANGE_REFUSAL_REASON_REQUIRED', 'reason');
      });

      it('refuses a change decision before the change application', () => {
        spec
          .given([granted, changeApplied])
          .when({ type: 'DecideLicenceChange', licenceId, at: '2022-04-30T09:00:00+08:00', outcome: 'approved' })
          .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
      });

      it('takes a new change application once the last was decided', () => {
        const decided: LicenceEvent = {
          type: 'LicenceChangeDecided.v1',
          at: '2022-05-10T09:00:00+08:00',
          data: { licenceId, outcome: 'refused', reason: '材料不符' },
        };
        spec
          .given([granted, changeApplied, decided])
          .when({ type: 'ApplyForLicenceChange', licenceId, at: '2022-06-01T09:00:00+08:00', requestedChange: 'z' })
          .then([
            {
              type: 'LicenceChangeApplied.v1',
              at: '2022-06-01T09:00:00+08:00',
              data: { licenceId, requestedChange: 'z' },
            },
          ]);
      });
    });

    describe('renewal (第五十条)', () => {
      it('records a renewal application made 30 days before expiry', () => {
        // valid until 2024-03-03: 30 days before is 2024-02-02, the last day to apply.
        given
          .when({ type: 'ApplyForRenewal', licenceId, at: '2024-02-02T23:00:00+08:00' })
          .then([{ type: 'LicenceRenewalApplied.v1', at: '2024-02-02T23:00:00+08:00', data: { licenceId } }]);
      });

      it('refuses a renewal application made later than 30 days before expiry', () => {
        given
          .when({ type: 'ApplyForRenewal', licenceId, at: '2024-02-03T00:30:00+08:00' })
          .thenThrows(IllegalTransitionError, 'LICENCE.RENEWAL_APPLICATION_TOO_LATE', 'at');
      });

      it("applies the item's own lead time instead of 30 days", () => {
        const tenDays: LicenceEvent = { ...granted, data: { ...granted.data, renewalLeadDays: 10 } } as LicenceEvent;
        spec
          .given([tenDays])
          .when({ type: 'ApplyForRenewal', licenceId, at: '2024-02-20T09:00:00+08:00' })
          .then([{ type: 'LicenceRenewalApplied.v1', at: '2024-02-20T09:00:00+08:00', data: { licenceId } }]);
      });

      it('refuses to renew a licence without a term', () => {
        spec
          .given([withoutTerm])
          .when({ type: 'ApplyForRenewal', licenceId, at: '2024-01-10T09:00:00+08:00' })
          .thenThrows(IllegalTransitionError, 'LICENCE.NO_TERM');
      });

      it('refuses a second renewal application while one is undecided', () => {
        spec
          .given([granted, renewalApplied])
          .when({ type: 'ApplyForRenewal', licenceId, at: '2024-01-11T09:00:00+08:00' })
          .thenThrows(ConflictError, 'LICENCE.RENEWAL_PENDING');
      });

      it('renews to a later last day', () => {
        spec
          .given([granted, renewalApplied])
          .when({
            type: 'DecideRenewal',
            licenceId,
            at: '2024-02-20T09:00:00+08:00',
            outcome: 'renewed',
            validUntil: '2027-03-03',
          })
          .then([
            {
              type: 'LicenceRenewalDecided.v1',
              at: '2024-02-20T09:00:00+08:00',
              data: { licenceId, outcome: 'renewed', validUntil: '2027-03-03' },
            },
          ]);
      });

      it('refuses a renewal that does not move the last day later', () => {
        spec
          .given([granted, renewalApplied])
          .when({
            type: 'DecideRenewal',
            licenceId,
            at: '2024-02-20T09:00:00+08:00',
            outcome: 'renewed',
            validUntil: '2024-03-03',
          })
          .thenThrows(ValidationError, 'LICENCE.RENEWAL_NOT_LATER', 'validUntil');
      });

      it('refuses a renewal without its new last day', () => {
        spec
          .given([granted, renewalApplied])
          .when({ type: 'DecideRenewal', licenceId, at: '2024-02-20T09:00:00+08:00', outcome: 'renewed' })
          .thenThrows(ValidationError, 'LICENCE.VALID_UNTIL_REQUIRED', 'validUntil');
      });

      it('refuses a refusal of renewal without its reason', () => {
        spec
          .given([granted, renewalApplied])
          .when({ type: 'DecideRenewal', licenceId, at: '2024-02-20T09:00:00+08:00', outcome: 'refused' })
          .thenThrows(ValidationError, 'LICENCE.RENEWAL_REFUSAL_REASON_REQUIRED', 'reason');
      });

      it('refuses a renewal decision with no application', () => {
        given
          .when({
            type: 'DecideRenewal',
            licenceId,
            at: '2024-02-20T09:00:00+08:00',
            outcome: 'renewed',
            validUntil: '2027-03-03',
          })
          .thenThrows(IllegalTransitionError, 'LICENCE.NO_RENEWAL_APPLIED');
      });

      it('records a decision made after expiry as it happened (the compliance check judges it)', () => {
        spec
          .given([granted, renewalApplied])
          .when({
            type: 'DecideRenewal',
            licenceId,
            at: '2024-03-10T09:00:00+08:00',
            outcome: 'renewed',
            validUntil: '2027-03-03',
          })
          .then([
            {
              type: 'LicenceRenewalDecided.v1',
              at: '2024-03-10T09:00:00+08:00',
              data: { licenceId, outcome: 'renewed', validUntil: '2027-03-03' },
            },
          ]);
      });

      it('deems the renewal granted once the licence expired undecided', () => {
        spec
          .given([granted, renewalApplied])
          .when({ type: 'RecordDeemedRenewal', licenceId, at: '2024-03-04T09:00:00+08:00', validUntil: '2027-03-03' })
          .then([
            {
              type: 'LicenceDeemedRenewed.v1',
              at: '2024-03-04T09:00:00+08:00',
              data: { licenceId, validUntil: '2027-03-03' },
            },
          ]);
      });

      it('refuses a deemed renewal on the last day of validity (there is still time to decide)', () => {
        spec
          .given([granted, renewalApplied])
          .when({ type: 'RecordDeemedRenewal', licenceId, at: '2024-03-03T23:59:00+08:00', validUntil: '2027-03-03' })
          .thenThrows(IllegalTransitionError, 'LICENCE.NOT_YET_EXPIRED', 'at');
      });

      it('refuses a deemed renewal with no renewal application', () => {
        given
          .when({ type: 'RecordDeemedRenewal', licenceId, at: '2024-03-04T09:00:00+08:00', validUntil: '2027-03-03' })
          .thenThrows(IllegalTransitionError, 'LICENCE.NO_RENEWAL_APPLIED');
      });

      it('refuses a decision after the renewal was deemed', () => {
        const deemed: LicenceEvent = {
          type: 'LicenceDeemedRenewed.v1',
          at: '2024-03-04T09:00:00+08:00',
          data: { licenceId, validUntil: '2027-03-03' },
        };
        spec
          .given([granted, renewalApplied, deemed])
          .when({ type: 'DecideRenewal', licenceId, at: '2024-03-05T09:00:00+08:00', outcome: 'refused', reason: 'x' })
          .thenThrows(IllegalTransitionError, 'LICENCE.NO_RENEWAL_APPLIED');
      });

      it('measures the next renewal from the renewed last day', () => {
        const renewed: LicenceEvent = {
          type: 'LicenceRenewalDecided.v1',
          at: '2024-02-20T09:00:00+08:00',
          data: { licenceId, outcome: 'renewed', validUntil: '2027-03-03' },
        };
        spec
          .given([granted, renewalApplied, renewed])
          .when({ type: 'ApplyForLicenceChange', licenceId, at: '2025-01-01T09:00:00+08:00', requestedChange: 'x' })
          .then([
            {
              type: 'LicenceChangeApplied.v1',
              at: '2025-01-01T09:00:00+08:00',
              data: { licenceId, requestedChange: 'x' },
            },
          ]);
      });
    });

    describe('withdrawal (第八条)', () => {
      const withdraw = {
        type: 'WithdrawLicence',
        licenceId,
        at: withdrawn.at,
        reason: '规章废止',
        legalBasis: '《行政许可法》第八条',
        compensation: '无财产损失',
      } as const;

      it('records the reason, basis and compensation', () => {
        given.when(withdraw).then([withdrawn]);
      });

      it('records a compensation amount in yuan', () => {
        given.when({ ...withdraw, compensation: '补偿设备损失', compensationYuan: 1200.29 }).then([
          {
            ...withdrawn,
            data: { ...withdrawn.data, compensation: '补偿设备损失', compensationYuan: 1200.29 },
          } as LicenceEvent,
        ]);
      });

      it.each([-1, 0.001, Number.NaN])('refuses a compensation of %p yuan', (compensationYuan) => {
        given
          .when({ ...withdraw, compensationYuan })
          .thenThrows(ValidationError, 'LICENCE.COMPENSATION_AMOUNT', 'compensationYuan');
      });

      it('refuses a withdrawal that does not say what compensation was decided', () => {
        given
          .when({ ...withdraw, compensation: '' })
          .thenThrows(ValidationError, 'LICENCE.COMPENSATION_REQUIRED', 'compensation');
      });

      it('refuses a withdrawal without its reason', () => {
        given
          .when({ ...withdraw, reason: '' })
          .thenThrows(ValidationError, 'LICENCE.WITHDRAWAL_REASON_REQUIRED', 'reason');
      });

      it('refuses a withdrawal without its legal basis', () => {
        given
          .when({ ...withdraw, legalBasis: '' })
          .thenThrows(ValidationError, 'LICENCE.WITHDRAWAL_BASIS_REQUIRED', 'legalBasis');
      });

      it('refuses to withdraw an expired licence', () => {
        given
          .when({ ...withdraw, at: '2024-03-04T09:00:00+08:00' })
          .thenThrows(IllegalTransitionError, 'LICENCE.EXPIRED', 'at');
      });
    });

    describe('revocation (第六十九条)', () => {
      const revoke = {
        type: 'RevokeLicence',
        licenceId,
        at: revoked.at,
        reason: '以欺骗手段取得',
        legalBasis: '《行政许可法》第六十九条第二款',
      } as const;

      it('records the reason and legal basis', () => {
        given.when(revoke).then([revoked]);
      });

      it('refuses a revocation without its legal basis', () => {
        given
          .when({ ...revoke, legalBasis: ' ' })
          .thenThrows(ValidationError, 'LICENCE.REVOCATION_BASIS_REQUIRED', 'legalBasis');
      });

      it('refuses a revocation without its reason', () => {
        given
          .when({ ...revoke, reason: '' })
          .thenThrows(ValidationError, 'LICENCE.REVOCATION_REASON_REQUIRED', 'reason');
      });

      it('refuses to revoke a licence already withdrawn', () => {
        spec.given([granted, withdrawn]).when(revoke).thenThrows(IllegalTransitionError, 'LICENCE.NOT_IN_FORCE');
      });

      it('refuses a change application on a revoked licence', () => {
        spec
          .given([granted, revoked])
          .when({ type: 'ApplyForLicenceChange', licenceId, at: '2022-07-01T09:00:00+08:00', requestedChange: 'x' })
          .thenThrows(IllegalTransitionError, 'LICENCE.NOT_IN_FORCE');
      });
    });

    describe('cancellation (第七十条)', () => {
      it('cancels an expired licence not renewed', () => {
        given
          .when(cancel({}))
          .then([
            { type: 'LicenceCancelled.v1', at: '2024-04-01T09:00:00+08:00', data: { licenceId, cause: 'expired' } },
          ]);
      });

      it('refuses to cancel as expired a licence still valid', () => {
        given
          .when(cancel({ at: '2024-03-03T09:00:00+08:00' }))
          .thenThrows(IllegalTransitionError, 'LICENCE.NOT_EXPIRED', 'cause');
      });

      it('refuses to cancel as expired while a renewal is undecided', () => {
        spec
          .given([granted, renewalApplied])
          .when(cancel({}))
          .thenThrows(IllegalTransitionError, 'LICENCE.RENEWAL_PENDING', 'cause');
      });

      it('cancels a revoked licence, after the revocation', () => {
        spec
          .given([granted, revoked])
          .when(cancel({ cause: 'revoked', at: '2022-06-02T09:00:00+08:00' }))
          .then([
            { type: 'LicenceCancelled.v1', at: '2022-06-02T09:00:00+08:00', data: { licenceId, cause: 'revoked' } },
          ]);
      });

      it('refuses a cancellation dated before the revocation it follows', () => {
        spec
          .given([granted, revoked])
          .when(cancel({ cause: 'revoked', at: '2022-05-31T09:00:00+08:00' }))
          .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
      });

      it('refuses to cancel as withdrawn a licence that was not withdrawn', () => {
        spec
          .given([granted, revoked])
          .when(cancel({ cause: 'withdrawn', at: '2022-06-02T09:00:00+08:00' }))
          .thenThrows(IllegalTransitionError, 'LICENCE.CAUSE_NOT_RECORDED', 'cause');
      });

      it("cancels on the holder's dissolution as the agency states it", () => {
        given.when(cancel({ cause: 'holder-terminated', at: '2022-07-01T09:00:00+08:00', note: '公司注销登记' })).then([
          {
            type: 'LicenceCancelled.v1',
            at: '2022-07-01T09:00:00+08:00',
            data: { licenceId, cause: 'holder-terminated', note: '公司注销登记' },
          },
        ]);
      });

      it('refuses a cancellation on "another case the law provides" without naming the law', () => {
        given
          .when(cancel({ cause: 'other-by-law', at: '2022-07-01T09:00:00+08:00' }))
          .thenThrows(ValidationError, 'LICENCE.CANCELLATION_BASIS_REQUIRED', 'legalBasis');
      });

      it('refuses an unknown cause', () => {
        given
          .when(cancel({ cause: 'tired' as never }))
          .thenThrows(ValidationError, 'LICENCE.INVALID_CANCELLATION_CAUSE', 'cause');
      });

      it('refuses to cancel twice', () => {
        spec
          .given([granted, cancelled])
          .when(cancel({ cause: 'holder-terminated', at: '2022-08-01T09:00:00+08:00' }))
          .thenThrows(IllegalTransitionError, 'LICENCE.CANCELLED');
      });

      it('records a ground for cancellation learnt before the cancellation', () => {
        given
          .when({
            type: 'RecordCancellationCause',
            licenceId,
            at: '2022-06-20T09:00:00+08:00',
            cause: 'holder-terminated',
          })
          .then([
            {
              type: 'CancellationCauseRecorded.v1',
              at: '2022-06-20T09:00:00+08:00',
              data: { licenceId, cause: 'holder-terminated' },
            },
          ]);
      });

      it.each(['expired', 'revoked', 'withdrawn'] as const)(
        'refuses to record "%s" as news: the ledger has it from its own facts',
        (cause) => {
          given
            .when({ type: 'RecordCancellationCause', licenceId, at: '2022-06-20T09:00:00+08:00', cause })
            .thenThrows(ValidationError, 'LICENCE.CAUSE_FROM_FACTS', 'cause');
        },
      );
    });

    describe('suspension of use', () => {
      const suspend = {
        type: 'SuspendLicenceUse',
        licenceId,
        at: useSuspended.at,
        reason: '责令停业整顿',
        legalBasis: '《保安服务管理条例》第四十三条',
      } as const;

      it('suspends use under the law that provides for it', () => {
        given.when(suspend).then([useSuspended]);
      });

      it('refuses a suspension that names no law', () => {
        given
          .when({ ...suspend, legalBasis: '' })
          .thenThrows(ValidationError, 'LICENCE.SUSPENSION_BASIS_REQUIRED', 'legalBasis');
      });

      it('refuses a second suspension while suspended', () => {
        spec.given([granted, useSuspended]).when(suspend).thenThrows(ConflictError, 'LICENCE.USE_ALREADY_SUSPENDED');
      });

      it('resumes use after the suspension', () => {
        spec
          .given([granted, useSuspended])
          .when({ type: 'ResumeLicenceUse', licenceId, at: '2022-09-01T09:00:00+08:00' })
          .then([{ type: 'LicenceUseResumed.v1', at: '2022-09-01T09:00:00+08:00', data: { licenceId } }]);
      });

      it('refuses a resumption dated before the suspension', () => {
        spec
          .given([granted, useSuspended])
          .when({ type: 'ResumeLicenceUse', licenceId, at: '2022-07-31T09:00:00+08:00' })
          .thenThrows(ValidationError, 'TIME.BEFORE_PRECEDING_FACT', 'at');
      });

      it('refuses to resume a licence whose use is not suspended', () => {
        given
          .when({ type: 'ResumeLicenceUse', licenceId, at: '2022-09-01T09:00:00+08:00' })
          .thenThrows(IllegalTransitionError, 'LICENCE.USE_NOT_SUSPENDED');
      });
    });

    describe('post-grant inspection of the licensee', () => {
      const inspect = {
        type: 'InspectLicensee',
        licenceId,
        at: '2022-04-01T09:00:00+08:00',
        inspectionId: 'dr-2022-01',
        findings: '未发现问题',
        rectificationRequired: false,
        method: '双随机',
      } as const;

      it('records the inspection and its findings', () => {
        given.when(inspect).then([
          {
            type: 'LicenseeInspected.v1',
            at: '2022-04-01T09:00:00+08:00',
            data: {
              licenceId,
              inspectionId: 'dr-2022-01',
              findings: '未发现问题',
              rectificationRequired: false,
              method: '双随机',
            },
          },
        ]);
      });

      it('refuses an inspection without findings', () => {
        given.when({ ...inspect, findings: '' }).thenThrows(ValidationError, 'LICENCE.FINDINGS_REQUIRED', 'findings');
      });

      it('refuses an inspection that does not say whether rectification is required', () => {
        given
          .when({ ...inspect, rectificationRequired: 'no' as never })
          .thenThrows(ValidationError, 'LICENCE.INVALID_RECTIFICATION_REQUIRED', 'rectificationRequired');
      });

      it('refuses to inspect the holder of a cancelled licence', () => {
        spec
          .given([granted, cancelled])
          .when({ ...inspect, at: '2022-08-01T09:00:00+08:00' })
          .thenThrows(IllegalTransitionError, 'LICENCE.CANCELLED');
      });

      it('refuses an inspection dated in the future', () => {
        given.when({ ...inspect, at: '2027-01-01T09:00:00+08:00' }).thenThrows(ValidationError, 'TIME.IN_FUTURE', 'at');
      });
    });
  });
});
