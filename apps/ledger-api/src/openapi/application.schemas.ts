/**
 * The response bodies of `GET /v1/applications/{id}` (`ApplicationView` of `@ledger/ledger`: the
 * decider's `ApplicationState` and where the stream stands) and `GET /v1/streams/{streamId}/events`
 * (`Recorded<LedgerEvent>` of `@ledger/domain`) as OpenAPI schemas. The application state is also
 * what an audit replay shows after each event.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ApplicationPhase,
  ApplicationState,
  DecisionOutcome,
  EventMetadata,
  LedgerEvent,
  RatingLevel,
  Recorded,
  SuspensionKind,
} from '@ledger/domain';
import { ApplicationView } from '@ledger/ledger';

/** ISO-8601 with offset, as the client said (business time). */
export const BUSINESS_TIME = { type: 'string', format: 'date-time', example: '2020-03-02T09:30:00+08:00' } as const;
/** ISO-8601 UTC, stamped by the server. */
export const LEDGER_TIME = { type: 'string', format: 'date-time', example: '2020-03-02T01:30:05.123Z' } as const;
/** A global position in the store's order: `1234`, or `1234/1234` on KurrentDB. */
export const POSITION = { type: 'string', example: '1234' } as const;
export const REVISION = {
  type: 'integer',
  minimum: 0,
  description: "The event's revision in its stream, from 0",
} as const;

const PHASES: readonly ApplicationPhase[] = ['filed', 'accepted', 'not-accepted', 'decided', 'withdrawn'];
const SUSPENSION_KINDS: readonly SuspensionKind[] = ['hearing', 'testing', 'expert-review', 'other'];
const OUTCOMES: readonly DecisionOutcome[] = ['granted', 'denied'];
const RATING_LEVELS: readonly RatingLevel[] = [1, 2, 3, 4, 5];

export class SuspensionPeriodDto {
  @ApiProperty({ enum: SUSPENSION_KINDS }) readonly kind: SuspensionKind;
  @ApiProperty(BUSINESS_TIME) readonly from: string;
  @ApiProperty({ ...BUSINESS_TIME, required: false, description: 'Absent while the suspension lasts' })
  readonly to?: string;
}

export class ApplicationSupplementStateDto {
  @ApiProperty(BUSINESS_TIME) readonly requestedAt: string;
  @ApiProperty({ ...BUSINESS_TIME, required: false, description: 'Absent until the materials are supplied' })
  readonly providedAt?: string;
}

export class ApplicationExtensionStateDto {
  @ApiProperty(BUSINESS_TIME) readonly at: string;
  @ApiProperty({ type: 'integer', description: 'Working days added to the time limit' }) readonly days: number;
}

export class ApplicationDecisionStateDto {
  @ApiProperty(BUSINESS_TIME) readonly at: string;
  @ApiProperty({ enum: OUTCOMES }) readonly outcome: DecisionOutcome;
}

export class ApplicationDisclosureStateDto {
  @ApiProperty(BUSINESS_TIME) readonly at: string;
  @ApiProperty({ description: 'True: exempt from disclosure by law; false: disclosed' }) readonly exempt: boolean;
}

export class ApplicationRatingStateDto {
  @ApiProperty(BUSINESS_TIME) readonly at: string;
  @ApiProperty({
    type: 'integer',
    enum: RATING_LEVELS,
    description: '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意',
  })
  readonly level: RatingLevel;
  @ApiProperty({ ...BUSINESS_TIME, required: false, description: 'When a bad rating was rectified (整改)' })
  readonly rectifiedAt?: string;
}

/** What the rules know of one application, folded from its stream; no personal data. Optional fields are absent until their event. */
export class ApplicationStateDto {
  @ApiProperty({ enum: PHASES }) readonly phase: ApplicationPhase;
  @ApiProperty() readonly applicationId: string;
  @ApiProperty() readonly itemCode: string;
  @ApiProperty({ description: "The item's department as it stood on the filing date" }) readonly department: string;
  @ApiProperty({ type: 'integer', description: 'Statutory time limit in working days, as it stood on the filing date' })
  readonly statutoryDays: number;
  @ApiProperty({ type: 'integer', description: 'Promised time limit in working days, as it stood on the filing date' })
  readonly promisedDays: number;
  @ApiProperty() readonly disclosable: boolean;
  @ApiProperty(BUSINESS_TIME) readonly filedAt: string;
  @ApiProperty({ ...BUSINESS_TIME, required: false }) readonly acceptedAt?: string;
  @ApiProperty({ ...BUSINESS_TIME, required: false }) readonly notAcceptedAt?: string;
  @ApiProperty({
    type: ApplicationSupplementStateDto,
    required: false,
    description: 'The supplement notice (补正告知) and its answer',
  })
  readonly supplement?: ApplicationSupplementStateDto;
  @ApiProperty({
    type: ApplicationExtensionStateDto,
    required: false,
    description: 'The approved extension of the time limit',
  })
  readonly extension?: ApplicationExtensionStateDto;
  @ApiProperty({ type: [SuspensionPeriodDto], description: 'Periods the time limit did not run, in order' })
  readonly suspensions: readonly SuspensionPeriodDto[];
  @ApiProperty({ type: ApplicationDecisionStateDto, required: false }) readonly decision?: ApplicationDecisionStateDto;
  @ApiProperty({ type: ApplicationDisclosureStateDto, required: false })
  readonly disclosure?: ApplicationDisclosureStateDto;
  @ApiProperty({ ...BUSINESS_TIME, required: false }) readonly withdrawnAt?: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Certificates issued' }) readonly certificates: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'On-site visits by the applicant' }) readonly visits: number;
  @ApiProperty({ type: ApplicationRatingStateDto, required: false, description: 'The latest rating (好差评)' })
  readonly rating?: ApplicationRatingStateDto;
}

/** `GET /v1/applications/{id}`: the state, and where the application's stream stands. */
export class ApplicationViewDto extends ApplicationStateDto {
  @ApiProperty({ description: 'The agency that recorded the application' }) readonly agency: string;
  @ApiProperty({ description: 'application-<id>' }) readonly streamId: string;
  @ApiProperty({ ...REVISION, description: "The stream's last revision" }) readonly revision: number;
  @ApiProperty({ ...POSITION, description: "The ledger position of the stream's last event" })
  readonly position: string;
}

export class EventMetadataDto {
  @ApiProperty({ description: 'The licensing agency whose fact this is', example: 'jiangmen-psb' })
  readonly agency: string;
  @ApiProperty({ description: "On whose behalf it was recorded: a clerk's id or an upstream system's name" })
  readonly actor: string;
  @ApiPropertyOptional({
    description:
      'Who recorded it: the authenticated credential (`api-key:<key id>`, `jwt:<issuer>:<subject>`, `cli:<os user>`, `demo`), whatever the body named as actor; absent on events recorded before the ledger kept it',
    example: 'api-key:3f9a1c2b7d4e',
  })
  readonly principal?: string;
  @ApiProperty({ ...BUSINESS_TIME, description: 'When it happened, as the client said (the same as at)' })
  readonly businessTime: string;
  @ApiProperty({ ...LEDGER_TIME, description: 'When the ledger recorded it (UTC)' }) readonly ledgerTime: string;
  @ApiProperty({ description: 'Groups every event caused by one request or one import' })
  readonly correlationId: string;
  @ApiProperty({ description: 'The event or request that caused this one' }) readonly causationId: string;
  @ApiProperty({ required: false, description: 'Present when the command carried an Idempotency-Key' })
  readonly idempotencyKey?: string;
  @ApiProperty({
    required: false,
    description: 'Digest of the command that produced the event (present with idempotencyKey)',
  })
  readonly commandDigest?: string;
}

/** One recorded event of a stream. */
export class StreamEventDto {
  @ApiProperty({ description: 'The versioned event type', example: 'ApplicationFiled.v1' }) readonly type: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The event's data as recorded; its personal sub-object (applicant, complainant, appellant) is a placeholder unless shown with personalData=true",
  })
  readonly data: object;
  @ApiProperty({ ...BUSINESS_TIME, description: 'Business time: when it happened, as the client said' })
  readonly at: string;
  @ApiProperty({ type: EventMetadataDto }) readonly metadata: EventMetadataDto;
  @ApiProperty() readonly streamId: string;
  @ApiProperty(REVISION) readonly revision: number;
  @ApiProperty({ description: 'The event id (a UUID)' }) readonly eventId: string;
  @ApiProperty({ ...POSITION, description: "Global position in the store's order" }) readonly position: string;
}

// The documented shapes accept what the queries return (a compile-time check only).
type Accepts<Schema, Value extends Schema> = [Schema, Value];
export type ApplicationSchemasConform = [
  Accepts<ApplicationStateDto, ApplicationState>,
  Accepts<ApplicationViewDto, ApplicationView>,
  Accepts<EventMetadataDto, EventMetadata>,
  Accepts<StreamEventDto, Recorded<LedgerEvent>>,
];
