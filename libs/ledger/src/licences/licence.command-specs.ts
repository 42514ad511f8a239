import { commandSpec } from '../commands/command-spec';
import { entityIdFor } from '../recording/command-metadata';
import {
  CancellationCauseDto,
  CancellationDto,
  DeemedRenewalDto,
  GrantLicenceDto,
  LicenceChangeApplicationDto,
  LicenceChangeDecisionDto,
  LicenceRevocationDto,
  LicenceUseResumptionDto,
  LicenceUseSuspensionDto,
  LicenceWithdrawalDto,
  LicenseeInspectionDto,
  RenewalApplicationDto,
  RenewalDecisionDto,
} from './licence.dto';
import { RecordLicenceFact } from './licence.messages';

const ON_LICENCE = ['licenceId'] as const;

export const licenceCommandSpecs = [
  commandSpec({
    name: 'grant-licence',
    dto: GrantLicenceDto,
    params: [],
    toMessage: (d, _p, m) =>
      new RecordLicenceFact(
        {
          type: 'GrantLicence',
          licenceId: d.licenceId ?? entityIdFor('licence', m.idempotencyKey),
          applicationId: d.applicationId,
          licenceNumber: d.licenceNumber,
          at: d.at,
          holder: { ...d.holder },
          validFrom: d.validFrom,
          validUntil: d.validUntil,
          renewalLeadDays: d.renewalLeadDays,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'apply-for-licence-change',
    dto: LicenceChangeApplicationDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        { type: 'ApplyForLicenceChange', licenceId, at: d.at, requestedChange: d.requestedChange },
        m,
      ),
  }),
  commandSpec({
    name: 'decide-licence-change',
    dto: LicenceChangeDecisionDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        { type: 'DecideLicenceChange', licenceId, at: d.at, outcome: d.outcome, reason: d.reason },
        m,
      ),
  }),
  commandSpec({
    name: 'apply-for-renewal',
    dto: RenewalApplicationDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) => new RecordLicenceFact({ type: 'ApplyForRenewal', licenceId, at: d.at }, m),
  }),
  commandSpec({
    name: 'decide-renewal',
    dto: RenewalDecisionDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        { type: 'DecideRenewal', licenceId, at: d.at, outcome: d.outcome, validUntil: d.validUntil, reason: d.reason },
        m,
      ),
  }),
  commandSpec({
    name: 'record-deemed-renewal',
    dto: DeemedRenewalDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact({ type: 'RecordDeemedRenewal', licenceId, at: d.at, validUntil: d.validUntil }, m),
  }),
  commandSpec({
    name: 'withdraw-licence',
    dto: LicenceWithdrawalDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        {
          type: 'WithdrawLicence',
          licenceId,
          at: d.at,
          reason: d.reason,
          legalBasis: d.legalBasis,
          compensation: d.compensation,
          compensationYuan: d.compensationYuan,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'revoke-licence',
    dto: LicenceRevocationDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        { type: 'RevokeLicence', licenceId, at: d.at, reason: d.reason, legalBasis: d.legalBasis },
        m,
      ),
  }),
  commandSpec({
    name: 'record-cancellation-cause',
    dto: CancellationCauseDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        {
          type: 'RecordCancellationCause',
          licenceId,
          at: d.at,
          cause: d.cause,
          note: d.note,
          legalBasis: d.legalBasis,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'cancel-licence',
    dto: CancellationDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        { type: 'CancelLicence', licenceId, at: d.at, cause: d.cause, note: d.note, legalBasis: d.legalBasis },
        m,
      ),
  }),
  commandSpec({
    name: 'suspend-licence-use',
    dto: LicenceUseSuspensionDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        { type: 'SuspendLicenceUse', licenceId, at: d.at, reason: d.reason, legalBasis: d.legalBasis },
        m,
      ),
  }),
  commandSpec({
    name: 'resume-licence-use',
    dto: LicenceUseResumptionDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact({ type: 'ResumeLicenceUse', licenceId, at: d.at, note: d.note }, m),
  }),
  commandSpec({
    name: 'inspect-licensee',
    dto: LicenseeInspectionDto,
    params: ON_LICENCE,
    toMessage: (d, { licenceId }, m) =>
      new RecordLicenceFact(
        {
          type: 'InspectLicensee',
          licenceId,
          at: d.at,
          inspectionId: d.inspectionId ?? entityIdFor(`licensee-inspection:${licenceId}`, m.idempotencyKey),
          findings: d.findings,
          rectificationRequired: d.rectificationRequired,
          method: d.method,
        },
        m,
      ),
  }),
];
