/**
 * The response bodies of the supervisors' audit endpoints as OpenAPI schemas: the compliance
 * report (`ComplianceReport`), the replay of one application (`ApplicationReplay`) and a page of
 * the ledger replay (`LedgerReplayPage`) of `@ledger/audit`. Personal data is always withheld.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  ApplicationReplay,
  ApplicationReplayStep,
  AuditEvent,
  COMPLIANCE_RULES,
  ComplianceFinding,
  ComplianceReport,
  ComplianceRule,
  DeadlineView,
  EventRef,
  FindingDetail,
  LedgerReplayPage,
  LedgerReplaySummary,
  RULE_CODES,
  RuleCode,
  Severity,
} from '@ledger/audit';
import { CalendarVersionDto } from './calendar.schemas';
import { ApplicationStateDto, BUSINESS_TIME, LEDGER_TIME, POSITION, REVISION } from './application.schemas';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const LOCAL_DATE = {
  type: 'string',
  format: 'date',
  description: "A date in the agency's time zone",
  example: '2020-12-31',
} as const;
const COUNT = { type: 'integer', minimum: 0 } as const;

/** One event as an audit shows it, personal data withheld; the idempotency key and command digest are left out. */
export class AuditEventDto {
  @ApiProperty({ ...POSITION, description: "Global position in the store's order" }) readonly position: string;
  @ApiProperty() readonly streamId: string;
  @ApiProperty(REVISION) readonly revision: number;
  @ApiProperty({ description: 'The event id (a UUID)' }) readonly eventId: string;
  @ApiProperty({ description: 'The versioned event type', example: 'DecisionMade.v1' }) readonly type: string;
  @ApiProperty({ ...BUSINESS_TIME, description: 'Business time: when it happened, as the client said' })
  readonly at: string;
  @ApiProperty({ ...LEDGER_TIME, description: 'When the ledger recorded it (UTC)' }) readonly ledgerTime: string;
  @ApiProperty() readonly agency: string;
  @ApiProperty({ description: "On whose behalf it was recorded: a clerk's id or an upstream system's name" })
  readonly actor: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'Who recorded it: the credential (`api-key:<key id>`, `jwt:<issuer>:<subject>`, `cli:<os user>`, `demo`); null for events recorded before the ledger kept it',
  })
  readonly principal: string | null;
  @ApiProperty() readonly correlationId: string;
  @ApiProperty() readonly causationId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data as recorded, its personal sub-object replaced by a placeholder",
  })
  readonly data: Readonly<Record<string, unknown>>;
}

/** Where an event stands: the evidence behind a finding. */
export class EventRefDto {
  @ApiProperty() readonly streamId: string;
  @ApiProperty(REVISION) readonly revision: number;
  @ApiProperty(POSITION) readonly position: string;
  @ApiProperty({ example: 'DecisionMade.v1' }) readonly type: string;
  @ApiProperty({ ...BUSINESS_TIME, description: 'Business time' }) readonly at: string;
}

export class DeadlineKnownDto {
  @ApiProperty({ enum: ['known'] }) readonly status: 'known';
  @ApiProperty({ ...LOCAL_DATE, description: 'Decide on or before this date to be on time' }) readonly deadline: string;
  @ApiProperty({ ...LOCAL_DATE, description: 'The date of the first acceptance' }) readonly acceptedOn: string;
  @ApiProperty({ type: 'integer', description: 'Statutory time limit in working days' }) readonly limitDays: number;
  @ApiProperty({ type: 'integer', description: 'Approved extension in working days' }) readonly extensionDays: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Working days not counted while suspended' })
  readonly suspendedWorkingDays: number;
}

export class DeadlineSuspendedDto {
  @ApiProperty({ enum: ['suspended'] }) readonly status: 'suspended';
  @ApiProperty(LOCAL_DATE) readonly acceptedOn: string;
  @ApiProperty({ ...LOCAL_DATE, description: 'The time limit stands still from this date' })
  readonly suspendedSince: string;
  @ApiProperty() readonly reason: string;
}

export class DeadlineUnavailableDto {
  @ApiProperty({ enum: ['unavailable'] }) readonly status: 'unavailable';
  @ApiProperty({
    description: 'Why the deadline cannot be computed (a calendar year not loaded, malformed time-limit data)',
  })
  readonly reason: string;
  @ApiProperty({ required: false, description: 'The error code, when one was raised' }) readonly code?: string;
}

const DEADLINE_SCHEMAS = [DeadlineKnownDto, DeadlineSuspendedDto, DeadlineUnavailableDto];
/** A deadline as known after some event, by `status`; null while no time limit runs (not accepted). */
const deadline = (description: string) => ({
  oneOf: DEADLINE_SCHEMAS.map((model) => ({ $ref: getSchemaPath(model) })),
  nullable: true,
  description: `${description}: known (a date), suspended (stopped by an open suspension) or unavailable (cannot be computed); null while the application is not accepted`,
});

export class ApplicationReplayStepDto extends AuditEventDto {
  @ApiProperty({
    type: ApplicationStateDto,
    nullable: true,
    description: "The decider's state after this event; null before a filing",
  })
  readonly state: ApplicationStateDto | null;
  @ApiProperty(deadline('The statutory deadline as known after this event')) readonly deadline:
    DeadlineKnownDto | DeadlineSuspendedDto | DeadlineUnavailableDto | null;
  @ApiProperty({
    type: 'boolean',
    nullable: true,
    required: false,
    description: 'Only on a decision: whether it met the deadline known then; null when the deadline was not known',
  })
  readonly onTime?: boolean | null;
}

/** `GET /v1/audit/applications/{id}/replay`. */
@ApiExtraModels(...DEADLINE_SCHEMAS)
export class ApplicationReplayDto {
  @ApiProperty() readonly applicationId: string;
  @ApiProperty({ description: 'application-<id>' }) readonly streamId: string;
  @ApiProperty() readonly agency: string;
  @ApiProperty({
    type: [ApplicationReplayStepDto],
    description: "The application's events in stream order, each with the state and deadline after it",
  })
  readonly steps: readonly ApplicationReplayStepDto[];
  @ApiProperty({
    type: ApplicationStateDto,
    nullable: true,
    description: 'The state after the last event, as GET /v1/applications/{id} shows it',
  })
  readonly finalState: ApplicationStateDto | null;
  @ApiProperty(deadline('The deadline after the last event')) readonly finalDeadline:
    DeadlineKnownDto | DeadlineSuspendedDto | DeadlineUnavailableDto | null;
  @ApiPropertyOptional({
    type: [CalendarVersionDto],
    description: 'The working-day calendar the deadlines were computed with: the version of each year standing now',
  })
  readonly calendar?: readonly CalendarVersionDto[];
}

export class LedgerReplayFilterDto {
  @ApiProperty({ type: 'string', nullable: true }) readonly agency: string | null;
  @ApiProperty({ ...POSITION, nullable: true, description: 'Inclusive' }) readonly upToPosition: string | null;
  @ApiProperty({
    ...LEDGER_TIME,
    nullable: true,
    description: 'Events recorded (ledger time) at or before this instant, normalised to UTC',
  })
  readonly upTo: string | null;
  @ApiProperty({ ...POSITION, nullable: true, description: 'Exclusive cursor' }) readonly after: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Page size' }) readonly limit: number;
}

export class LedgerReplaySummaryDto {
  @ApiProperty({ ...COUNT, description: 'Events on the page' }) readonly events: number;
  @ApiProperty({ type: 'object', additionalProperties: COUNT, description: 'Events per type' })
  readonly byType: Readonly<Record<string, number>>;
  @ApiProperty({ ...COUNT, description: 'Distinct streams touched' }) readonly streams: number;
  @ApiProperty({ type: 'object', additionalProperties: COUNT, description: 'Events per agency' })
  readonly agencies: Readonly<Record<string, number>>;
  @ApiProperty({ ...POSITION, nullable: true }) readonly firstPosition: string | null;
  @ApiProperty({ ...POSITION, nullable: true }) readonly lastPosition: string | null;
  @ApiProperty({ ...LEDGER_TIME, nullable: true, description: 'Ledger time of the latest-recorded event shown' })
  readonly lastLedgerTime: string | null;
}

export class LedgerReplayCursorDto {
  @ApiProperty({ ...POSITION, description: 'Pass as after for the following page' }) readonly after: string;
}

/** `GET /v1/audit/replay`. */
export class LedgerReplayPageDto {
  @ApiProperty({ type: LedgerReplayFilterDto, description: 'The filter the page was read with' })
  readonly filter: LedgerReplayFilterDto;
  @ApiProperty({ type: [AuditEventDto], description: "In the ledger's order" })
  readonly events: readonly AuditEventDto[];
  @ApiProperty({ type: LedgerReplaySummaryDto }) readonly summary: LedgerReplaySummaryDto;
  @ApiProperty({ type: LedgerReplayCursorDto, nullable: true, description: 'null on the last page' })
  readonly next: LedgerReplayCursorDto | null;
}

export class ComplianceRuleDto {
  @ApiProperty({ enum: RULE_CODES }) readonly code: RuleCode;
  @ApiProperty({ enum: SEVERITIES }) readonly severity: Severity;
  @ApiProperty() readonly title: string;
  @ApiProperty() readonly legalBasis: string;
  @ApiProperty({ description: 'What the check does' }) readonly definition: string;
}

export class ComplianceFindingDto {
  @ApiProperty({ enum: RULE_CODES }) readonly rule: RuleCode;
  @ApiProperty({ enum: SEVERITIES }) readonly severity: Severity;
  @ApiProperty({
    enum: RULE_CODES,
    required: false,
    description: 'For CHECK.UNDETERMINED: the rule that could not be judged',
  })
  readonly appliesTo?: RuleCode;
  @ApiProperty({ required: false }) readonly applicationId?: string;
  @ApiProperty({ required: false }) readonly complaintId?: string;
  @ApiProperty({ required: false }) readonly licenceId?: string;
  @ApiProperty({ required: false }) readonly itemCode?: string;
  @ApiProperty({ required: false }) readonly department?: string;
  @ApiProperty({ description: 'Chinese, then English' }) readonly summary: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] },
    description: 'The dates and numbers the finding rests on',
  })
  readonly details: Readonly<Record<string, FindingDetail>>;
  @ApiProperty({ type: [EventRefDto], description: 'The events behind the finding, in stream order' })
  readonly events: readonly EventRefDto[];
}

export class ComplianceParametersDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Calendar days a complaint may stay unresolved' })
  readonly complaintResolutionDays: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Working days after a granted decision by which it must be disclosed',
  })
  readonly disclosureGraceDays: number;
  @ApiProperty({ type: 'integer', description: 'Working days after filing by which a supplement notice is due' })
  readonly supplementNoticeDays: number;
}

/** Findings per rule code, every rule listed (0 when none). */
// The class carries the OpenAPI metadata, the interface its typed fields (one per rule code): a merge on purpose.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ComplianceSummaryDto extends Readonly<Record<RuleCode, number>> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ComplianceSummaryDto {}
for (const rule of COMPLIANCE_RULES)
  ApiProperty({ ...COUNT, description: rule.title })(ComplianceSummaryDto.prototype, rule.code);

export class ComplianceSeverityCountsDto {
  @ApiProperty(COUNT) readonly error: number;
  @ApiProperty(COUNT) readonly warning: number;
  @ApiProperty(COUNT) readonly info: number;
}

export class ComplianceBasisDto {
  @ApiProperty({ ...COUNT, description: 'Events of the agency that were read' }) readonly events: number;
  @ApiProperty({ ...POSITION, nullable: true }) readonly lastPosition: string | null;
  @ApiPropertyOptional({
    type: [CalendarVersionDto],
    description: 'The working-day calendar the deadlines were computed with: the version of each year standing now',
  })
  readonly calendar?: readonly CalendarVersionDto[];
}

/** `GET /v1/audit/compliance/{year}`. */
export class ComplianceReportDto {
  @ApiProperty() readonly agency: string;
  @ApiProperty({ type: 'integer', minimum: 1990, maximum: 2100, example: 2020 }) readonly year: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) readonly timeZone: string;
  @ApiProperty({ ...LOCAL_DATE, description: '31 December of the year, or the day of the check when that is earlier' })
  readonly cutOff: string;
  @ApiProperty({ ...LOCAL_DATE, nullable: true, description: 'The day of the check' }) readonly checkedOn:
    string | null;
  @ApiProperty({ type: ComplianceParametersDto }) readonly parameters: ComplianceParametersDto;
  @ApiProperty({ type: ComplianceSummaryDto, description: 'Findings per rule code, every rule listed (0 when none)' })
  readonly summary: ComplianceSummaryDto;
  @ApiProperty({ type: ComplianceSeverityCountsDto, description: 'Findings per severity' })
  readonly bySeverity: ComplianceSeverityCountsDto;
  @ApiProperty({ type: ComplianceBasisDto }) readonly basedOn: ComplianceBasisDto;
  @ApiProperty({ type: [ComplianceRuleDto] }) readonly rules: readonly ComplianceRuleDto[];
  @ApiProperty({
    type: [ComplianceFindingDto],
    description: 'By rule, then in the order the ledger recorded the last event behind each',
  })
  readonly findings: readonly ComplianceFindingDto[];
}

// The documented shapes accept what the audit services return (a compile-time check only).
type Accepts<Schema, Value extends Schema> = [Schema, Value];
export type AuditSchemasConform = [
  Accepts<AuditEventDto, AuditEvent>,
  Accepts<EventRefDto, EventRef>,
  Accepts<DeadlineKnownDto | DeadlineSuspendedDto | DeadlineUnavailableDto, DeadlineView>,
  Accepts<ApplicationReplayStepDto, ApplicationReplayStep>,
  Accepts<ApplicationReplayDto, ApplicationReplay>,
  Accepts<LedgerReplaySummaryDto, LedgerReplaySummary>,
  Accepts<LedgerReplayPageDto, LedgerReplayPage>,
  Accepts<ComplianceRuleDto, ComplianceRule>,
  Accepts<ComplianceFindingDto, ComplianceFinding>,
  Accepts<ComplianceReportDto, ComplianceReport>,
];
