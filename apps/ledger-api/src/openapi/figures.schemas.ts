/**
 * The response bodies of `GET /v1/figures/{year}`, `…/departments` and `…/items` as OpenAPI
 * schemas: the shapes of `@ledger/projections` (`figures.types.ts`, the contract's "Yearly
 * figures shape") plus the `asOf` and `previousYear` that `YearlyFiguresService.documentOf`
 * adds. The compiler checks below keep the classes in step with those types.
 */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  Average,
  FiguresBasis,
  FiguresBreakdown,
  Rate,
  SATISFACTION_FORMULA,
  YearlyFigures,
} from '@ledger/projections';
import { CalendarVersionDto } from './calendar.schemas';

const COUNT = { type: 'integer', minimum: 0 } as const;

export class FiguresRateDto {
  @ApiProperty({ type: 'integer' }) readonly numerator: number;
  @ApiProperty({ type: 'integer' }) readonly denominator: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: '100 × numerator / denominator rounded half-up to 2 places; null when the denominator is 0',
    example: 83.33,
  })
  readonly percent: number | null;
}

export class FiguresAverageDto {
  @ApiProperty({ type: 'integer' }) readonly total: number;
  @ApiProperty({ type: 'integer' }) readonly count: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    description: 'total / count rounded half-up to 3 places; null when the count is 0',
    example: 0.098,
  })
  readonly value: number | null;
}

/** Rate and average descriptions: what is divided by what (as the figures' FORMULAS state it). */
const rate = (formula: string) => ({ type: FiguresRateDto, description: `Rate: ${formula}` });

export class ItemsFiguresDto {
  @ApiProperty({ ...COUNT, description: 'Items in force at the end of 31 December (agency-local)' })
  readonly total: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: COUNT,
    description: 'Items in force per department',
    example: { 治安: 12, 交警: 8 },
  })
  readonly byDepartment: Readonly<Record<string, number>>;
  @ApiProperty(COUNT) readonly inStandardCatalogue: number;
  @ApiProperty(COUNT) readonly inOnlineHall: number;
  @ApiProperty(COUNT) readonly fullyOnline: number;
  @ApiProperty(rate('fully-online items / items')) readonly fullyOnlineRate: FiguresRateDto;
  @ApiProperty(rate('immediate (即办) items / items')) readonly immediateRate: FiguresRateDto;
  @ApiProperty({ type: FiguresAverageDto, description: 'Average: Σ required on-site visits / items' })
  readonly averageRequiredVisits: FiguresAverageDto;
  @ApiProperty(rate('Σ(statutory − promised days) / Σ statutory days, in working days, over the items'))
  readonly timeLimitCompressionRate: FiguresRateDto;
}

export class ApplicationsFiguresDto {
  @ApiProperty({ ...COUNT, description: 'Filed in the year' }) readonly received: number;
  @ApiProperty({ ...COUNT, description: 'Accepted in the year' }) readonly accepted: number;
  @ApiProperty(COUNT) readonly notAccepted: number;
  @ApiProperty(COUNT) readonly withdrawn: number;
  @ApiProperty({ ...COUNT, description: 'Accepted, and neither decided nor withdrawn, by the end of the year' })
  readonly pendingAtYearEnd: number;
}

export class DeniedReasonDto {
  @ApiProperty() readonly applicationId: string;
  @ApiProperty() readonly reason: string;
}

export class DecisionsFiguresDto {
  @ApiProperty(COUNT) readonly total: number;
  @ApiProperty(COUNT) readonly granted: number;
  @ApiProperty(COUNT) readonly denied: number;
  @ApiProperty({
    type: [DeniedReasonDto],
    description: 'The denials of the year with their reasons, sorted by application id (no personal data)',
  })
  readonly deniedReasons: readonly DeniedReasonDto[];
  @ApiProperty(COUNT) readonly onTime: number;
  @ApiProperty(COUNT) readonly overdue: number;
  @ApiProperty({
    ...COUNT,
    description: 'Decisions whose statutory deadline cannot be computed: in neither onTime nor overdue',
  })
  readonly deadlineUnknown: number;
  @ApiProperty(
    rate(
      'decisions on or before the deadline / decisions whose deadline is known (onTime / (onTime + overdue)); the deadline is the N-th working day after acceptance ' +
        '(N = statutory days + approved extension), not counting working days while suspended',
    ),
  )
  readonly onTimeRate: FiguresRateDto;
}

export class DisclosureFiguresDto {
  @ApiProperty(COUNT) readonly disclosed: number;
  @ApiProperty(COUNT) readonly exempt: number;
  @ApiProperty(
    rate(
      'decisions disclosed in the year / granted decisions in the year of disclosable items (can exceed 100% when decisions of the year before are disclosed in this one)',
    ),
  )
  readonly disclosureRate: FiguresRateDto;
}

export class SupervisionFiguresDto {
  @ApiProperty(COUNT) readonly externalSupervision: number;
  @ApiProperty(COUNT) readonly enforcementInspections: number;
  @ApiProperty({
    ...COUNT,
    description: 'Files sampled across the case-file reviews of the year, not the number of reviews',
  })
  readonly caseFilesReviewed: number;
  @ApiProperty(COUNT) readonly complaintsReceived: number;
  @ApiProperty({ ...COUNT, description: 'Complaints resolved as valid in the year' }) readonly complaintsValid: number;
  @ApiProperty(COUNT) readonly reconsiderations: number;
  @ApiProperty(COUNT) readonly litigations: number;
  @ApiProperty({ ...COUNT, description: 'Inspections of the year that required rectification' })
  readonly rectificationsRequired: number;
  @ApiProperty({ ...COUNT, description: 'Rectifications whose status became completed in the year' })
  readonly rectificationsCompleted: number;
}

/** Ratings received in the year by level: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export class RatingsByLevelDto {
  @ApiProperty({ ...COUNT, description: '非常不满意' }) readonly '1': number;
  @ApiProperty({ ...COUNT, description: '不满意' }) readonly '2': number;
  @ApiProperty({ ...COUNT, description: '基本满意' }) readonly '3': number;
  @ApiProperty({ ...COUNT, description: '满意' }) readonly '4': number;
  @ApiProperty({ ...COUNT, description: '非常满意' }) readonly '5': number;
}

export class EffectFiguresDto {
  @ApiProperty({ type: RatingsByLevelDto, description: 'Ratings (好差评) received in the year by level' })
  readonly ratings: RatingsByLevelDto;
  @ApiProperty(
    rate('(非常满意 + 满意 + 基本满意) / all ratings (levels 5, 4, 3 over 1–5), as satisfactionFormula states'),
  )
  readonly satisfactionRate: FiguresRateDto;
  @ApiProperty({ type: 'string', enum: [SATISFACTION_FORMULA], description: 'The formula of satisfactionRate' })
  readonly satisfactionFormula: typeof SATISFACTION_FORMULA;
  @ApiProperty(COUNT) readonly badRatingsRectified: number;
  @ApiProperty(COUNT) readonly electronicCertificates: number;
  @ApiProperty(COUNT) readonly certificatesMailed: number;
}

export class IndicatorFigureDto {
  @ApiProperty() readonly name: string;
  @ApiProperty({ type: 'number' }) readonly value: number;
  @ApiProperty() readonly unit: string;
  @ApiProperty({ description: 'The reporting system that stated it' }) readonly source: string;
}

export class FiguresBasisDto {
  @ApiProperty({ ...COUNT, description: "The agency's events applied" }) readonly events: number;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The last ledger position among them; null without events',
  })
  readonly lastPosition: string | null;
  @ApiPropertyOptional({
    type: [CalendarVersionDto],
    description:
      'The working-day calendar the deadlines were judged with: the version of each year as the ledger held it at the instant ' +
      'the figures describe (asOf included); a year loaded or corrected later judges every decision again',
  })
  readonly calendar?: readonly CalendarVersionDto[];
}

/** A year's licence facts, each in the agency-local year of its business time. */
export class LicenceCountsDto {
  @ApiProperty({ ...COUNT, description: 'Licences granted (LicenceGranted)' }) readonly granted: number;
  @ApiProperty({ ...COUNT, description: 'Change applications (变更, 第四十九条)' }) readonly changesApplied: number;
  @ApiProperty(COUNT) readonly changesApproved: number;
  @ApiProperty(COUNT) readonly changesRefused: number;
  @ApiProperty({ ...COUNT, description: 'Renewal applications (延续, 第五十条)' }) readonly renewalsApplied: number;
  @ApiProperty({ ...COUNT, description: 'Renewal decisions that renewed (deemed renewals apart)' })
  readonly renewed: number;
  @ApiProperty(COUNT) readonly renewalsRefused: number;
  @ApiProperty({ ...COUNT, description: "Renewal decisions made on or before the licence's last day of validity" })
  readonly renewalsDecidedBeforeExpiry: number;
  @ApiProperty({ ...COUNT, description: 'Renewal decisions made after the licence expired' })
  readonly renewalsDecidedAfterExpiry: number;
  @ApiProperty({ ...COUNT, description: '视为准予延续: expired with the renewal undecided' })
  readonly deemedRenewals: number;
  @ApiProperty({ ...COUNT, description: '撤回 (第八条)' }) readonly withdrawn: number;
  @ApiProperty({ ...COUNT, description: '撤销 (第六十九条)' }) readonly revoked: number;
  @ApiProperty({ ...COUNT, description: '注销 (第七十条)' }) readonly cancelled: number;
  @ApiProperty(COUNT) readonly usesSuspended: number;
  @ApiProperty({ ...COUNT, description: 'Inspections of licensees after the grant' })
  readonly postGrantInspections: number;
  @ApiProperty({
    ...COUNT,
    description:
      'Within a period of validity known by the end of 31 December and not withdrawn, revoked or cancelled by then',
  })
  readonly inForceAtYearEnd: number;
}

@ApiExtraModels(LicenceCountsDto)
export class LicenceFiguresDto extends LicenceCountsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(LicenceCountsDto) },
    description: 'By the department the grant copied from its application, keys sorted',
  })
  readonly byDepartment: Record<string, LicenceCountsDto>;
}

/** The sections every breakdown (per department, per item) repeats. */
export class FiguresBreakdownDto {
  @ApiProperty({ type: ItemsFiguresDto, description: 'The items in force at the end of 31 December' })
  readonly items: ItemsFiguresDto;
  @ApiProperty({ type: ApplicationsFiguresDto }) readonly applications: ApplicationsFiguresDto;
  @ApiProperty({ type: DecisionsFiguresDto }) readonly decisions: DecisionsFiguresDto;
  @ApiProperty({ type: DisclosureFiguresDto }) readonly disclosure: DisclosureFiguresDto;
  @ApiProperty({ type: SupervisionFiguresDto }) readonly supervision: SupervisionFiguresDto;
  @ApiProperty({ type: EffectFiguresDto }) readonly effect: EffectFiguresDto;
}

const YEAR = { type: 'integer', minimum: 1990, maximum: 2100, example: 2020 } as const;
const AS_OF = {
  type: 'string',
  format: 'date-time',
  nullable: true,
  description:
    'The asOf instant asked for (UTC): counts only the events the ledger had recorded by then; null for the current figures',
} as const;

/** One year's figures without a `previousYear` of its own: the shape of `previousYear`. */
export class PreviousYearFiguresDto extends FiguresBreakdownDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty() readonly agency: string;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty({ type: FiguresBasisDto, description: 'What the figures were computed from' })
  readonly basedOn: FiguresBasisDto;
  @ApiProperty({
    type: [IndicatorFigureDto],
    description: 'The latest report per indicator name for the year, as the reporting system stated it',
  })
  readonly indicators: readonly IndicatorFigureDto[];
  @ApiProperty({ type: LicenceFiguresDto, description: "The licences' own life after the grant" })
  readonly licences: LicenceFiguresDto;
}

/** `GET /v1/figures/{year}`. */
export class YearlyFiguresDto extends PreviousYearFiguresDto {
  @ApiProperty({
    type: PreviousYearFiguresDto,
    nullable: true,
    description: 'The same keys for the year before, or null when it has no events',
  })
  readonly previousYear: PreviousYearFiguresDto | null;
}

const breakdowns = (of: string) =>
  ({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FiguresBreakdownDto) },
    description: `The figures per ${of}, keys sorted`,
  }) as const;

export class FiguresByDepartmentPreviousYearDto {
  @ApiProperty(breakdowns('department')) readonly departments: Readonly<Record<string, FiguresBreakdownDto>>;
}

/** `GET /v1/figures/{year}/departments`: keyed by the department an application was filed with, or a supervision fact attributed to. */
@ApiExtraModels(FiguresBreakdownDto)
export class FiguresByDepartmentDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty() readonly agency: string;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty(breakdowns('department')) readonly departments: Readonly<Record<string, FiguresBreakdownDto>>;
  @ApiProperty({
    type: FiguresByDepartmentPreviousYearDto,
    nullable: true,
    description: 'The year before, or null when it has no events',
  })
  readonly previousYear: FiguresByDepartmentPreviousYearDto | null;
}

const BY_ITEM = breakdowns(
  'licensing item code (each items section describes that one item: total 1 if in force at the year end, else 0)',
);

export class FiguresByItemPreviousYearDto {
  @ApiProperty(BY_ITEM) readonly items: Readonly<Record<string, FiguresBreakdownDto>>;
}

/** `GET /v1/figures/{year}/items`. */
@ApiExtraModels(FiguresBreakdownDto)
export class FiguresByItemDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty() readonly agency: string;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty(BY_ITEM) readonly items: Readonly<Record<string, FiguresBreakdownDto>>;
  @ApiProperty({
    type: FiguresByItemPreviousYearDto,
    nullable: true,
    description: 'The year before, or null when it has no events',
  })
  readonly previousYear: FiguresByItemPreviousYearDto | null;
}

// The documented shapes accept what the projection computes (a compile-time check only).
type Accepts<Schema, Value extends Schema> = [Schema, Value];
export type FiguresSchemasConform = [
  Accepts<FiguresRateDto, Rate>,
  Accepts<FiguresAverageDto, Average>,
  Accepts<FiguresBasisDto, FiguresBasis>,
  Accepts<FiguresBreakdownDto, FiguresBreakdown>,
  Accepts<PreviousYearFiguresDto, YearlyFigures & { readonly asOf: string | null }>,
  Accepts<
    YearlyFiguresDto,
    YearlyFigures & {
      readonly asOf: string | null;
      readonly previousYear: (YearlyFigures & { readonly asOf: string | null }) | null;
    }
  >,
  Accepts<
    FiguresByDepartmentDto,
    {
      year: number;
      agency: string;
      asOf: string | null;
      departments: Record<string, FiguresBreakdown>;
      previousYear: { departments: Record<string, FiguresBreakdown> } | null;
    }
  >,
  Accepts<
    FiguresByItemDto,
    {
      year: number;
      agency: string;
      asOf: string | null;
      items: Record<string, FiguresBreakdown>;
      previousYear: { items: Record<string, FiguresBreakdown> } | null;
    }
  >,
];
