import { RecordApplicationFact } from '../commands/record-fact.commands';
import { commandSpec } from '../commands/command-spec';
import { entityIdFor } from '../recording/command-metadata';
import {
  AcceptanceDto,
  CertificateDto,
  DecisionDto,
  DisclosureDto,
  ExtensionDto,
  FileApplicationDto,
  RatingDto,
  RatingRectificationDto,
  ResumptionDto,
  SupplementDto,
  SupplementRequestDto,
  SuspensionDto,
  VisitDto,
  WithdrawalDto,
} from './application.dto';

const ON_APPLICATION = ['applicationId'] as const;

export const applicationCommandSpecs = [
  commandSpec({
    name: 'file-application',
    dto: FileApplicationDto,
    params: [],
    toMessage: (dto, _p, metadata) =>
      new RecordApplicationFact(
        {
          type: 'FileApplication',
          applicationId: dto.applicationId ?? entityIdFor('application', metadata.idempotencyKey),
          itemCode: dto.itemCode,
          channel: dto.channel,
          at: dto.filedAt,
          applicant: { ...dto.applicant },
        },
        metadata,
      ),
  }),
  commandSpec({
    name: 'decide-acceptance',
    dto: AcceptanceDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        { type: 'DecideAcceptance', applicationId, at: d.at, accepted: d.accepted, reason: d.reason },
        m,
      ),
  }),
  commandSpec({
    name: 'request-supplement',
    dto: SupplementRequestDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact({ type: 'RequestSupplement', applicationId, at: d.at, materials: d.materials }, m),
  }),
  commandSpec({
    name: 'provide-supplement',
    dto: SupplementDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact({ type: 'ProvideSupplement', applicationId, at: d.at, note: d.note }, m),
  }),
  commandSpec({
    name: 'extend-time-limit',
    dto: ExtensionDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        { type: 'ExtendTimeLimit', applicationId, at: d.at, days: d.days, reason: d.reason, approvedBy: d.approvedBy },
        m,
      ),
  }),
  commandSpec({
    name: 'suspend-time-limit',
    dto: SuspensionDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        { type: 'SuspendTimeLimit', applicationId, at: d.at, kind: d.kind, reason: d.reason },
        m,
      ),
  }),
  commandSpec({
    name: 'resume-time-limit',
    dto: ResumptionDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact({ type: 'ResumeTimeLimit', applicationId, at: d.at }, m),
  }),
  commandSpec({
    name: 'make-decision',
    dto: DecisionDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        {
          type: 'MakeDecision',
          applicationId,
          at: d.at,
          outcome: d.outcome,
          reason: d.reason,
          legalBasis: d.legalBasis,
          appealRightsNotice: d.appealRightsNotice,
          appealRightsNotified: d.appealRightsNotified,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'disclose-decision',
    dto: DisclosureDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        {
          type: 'DiscloseDecision',
          applicationId,
          at: d.at,
          exempt: d.exempt ?? false,
          channel: d.channel,
          legalBasis: d.legalBasis,
        },
        m,
      ),
  }),
  commandSpec({
    name: 'issue-certificate',
    dto: CertificateDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        { type: 'IssueCertificate', applicationId, at: d.at, form: d.form, delivery: d.delivery },
        m,
      ),
  }),
  commandSpec({
    name: 'withdraw-application',
    dto: WithdrawalDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact({ type: 'WithdrawApplication', applicationId, at: d.at, reason: d.reason }, m),
  }),
  commandSpec({
    name: 'record-visit',
    dto: VisitDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact({ type: 'RecordOnSiteVisit', applicationId, at: d.at, purpose: d.purpose }, m),
  }),
  commandSpec({
    name: 'receive-rating',
    dto: RatingDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact(
        { type: 'ReceiveRating', applicationId, at: d.at, level: d.level, defaulted: d.defaulted, channel: d.channel },
        m,
      ),
  }),
  commandSpec({
    name: 'rectify-bad-rating',
    dto: RatingRectificationDto,
    params: ON_APPLICATION,
    toMessage: (d, { applicationId }, m) =>
      new RecordApplicationFact({ type: 'RectifyBadRating', applicationId, at: d.at, measures: d.measures }, m),
  }),
];
