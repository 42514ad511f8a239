/**
 * The response bodies of `GET /v1/figures/{year}?region=…` (and `…/departments`, `…/items`): a
 * region's figures rolled up from its agencies' (`rollUp` in `@ledger/projections`), in the
 * shape of an agency's figures with the region in place of the agency. The compiler checks at
 * the end keep the classes in step with the roll-up's types.
 */
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { RegionStandings } from '@ledger/audit';
import { FLAG_CODES, FlagCode, RegionHeader, RolledUpBreakdown, RolledUpFigures } from '@ledger/projections';
import {
  DecisionsFiguresDto,
  DeniedReasonDto,
  FiguresBasisDto,
  FiguresBreakdownDto,
  FiguresRateDto,
  IndicatorFigureDto,
  LicenceFiguresDto,
} from './figures.schemas';

export const ROLL_UP_RULE =
  'A region adds up the agencies the region hierarchy places in it or in a region below it: every count is the sum of the agencies’ counts, ' +
  'every rate is recomputed from the summed numerators and denominators (never an average of percentages), every average from the summed totals and counts. ' +
  'Departments and items add up key by key (治安 of the region = Σ 治安 of its agencies). Denials and indicators are listed with their agency, not summed. ' +
  'With asOf, the hierarchy as recorded by then decides which agencies are added. ' +
  'A region is shown only to a caller acting for every agency in it (a `*` key, or one holding all of the region’s agencies); any other answers 404 as an unknown region.';

export class RegionHeaderDto {
  @ApiProperty({ example: '440700' }) readonly code: string;
  @ApiProperty({ example: '江门市' }) readonly name: string;
  @ApiProperty({ enum: ['province', 'city', 'county'] }) readonly level: 'province' | 'city' | 'county';
  @ApiProperty({ type: 'integer', description: 'The version of the region hierarchy that placed the agencies' })
  readonly hierarchyVersion: number;
}

export class RegionDeniedReasonDto extends DeniedReasonDto {
  @ApiProperty({ description: 'Application ids are unique within an agency only' }) readonly agency: string;
}

export class RegionDecisionsFiguresDto extends DecisionsFiguresDto {
  @ApiProperty({
    type: [RegionDeniedReasonDto],
    description: 'The denials of the year in the region with their reasons, sorted by agency, then application id',
  })
  declare readonly deniedReasons: readonly RegionDeniedReasonDto[];
}

export class RegionBreakdownDto extends FiguresBreakdownDto {
  @ApiProperty({ type: RegionDecisionsFiguresDto }) declare readonly decisions: RegionDecisionsFiguresDto;
}

export class RegionIndicatorFigureDto extends IndicatorFigureDto {
  @ApiProperty({ description: 'The agency that reported it (indicators are not summed)' }) readonly agency: string;
}

const YEAR = { type: 'integer', minimum: 1990, maximum: 2100, example: 2020 } as const;
const AS_OF = {
  type: 'string',
  format: 'date-time',
  nullable: true,
  description: 'The asOf instant asked for (UTC); null for the current figures',
} as const;

export class RegionPreviousYearFiguresDto extends RegionBreakdownDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty({ type: RegionHeaderDto }) readonly region: RegionHeaderDto;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty({ type: [String], description: 'The agencies added up, sorted by id' })
  readonly agencies: readonly string[];
  @ApiProperty({
    type: FiguresBasisDto,
    description: "The agencies' events applied, summed, and the latest of their last positions",
  })
  readonly basedOn: FiguresBasisDto;
  @ApiProperty({ type: [RegionIndicatorFigureDto] }) readonly indicators: readonly RegionIndicatorFigureDto[];
  @ApiProperty({
    type: LicenceFiguresDto,
    description: "The licences' life after the grant: every count summed over the agencies, per department key by key",
  })
  readonly licences: LicenceFiguresDto;
}

/** `GET /v1/figures/{year}?region=…`. */
export class RegionFiguresDto extends RegionPreviousYearFiguresDto {
  @ApiProperty({
    type: RegionPreviousYearFiguresDto,
    nullable: true,
    description: 'The year before rolled up the same way (over the agencies that have it), or null when none has',
  })
  readonly previousYear: RegionPreviousYearFiguresDto | null;
}

const breakdowns = (of: string) =>
  ({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(RegionBreakdownDto) },
    description: `The region's figures per ${of}, added up key by key across its agencies, keys sorted`,
  }) as const;

export class RegionFiguresByDepartmentPreviousYearDto {
  @ApiProperty(breakdowns('department')) readonly departments: Readonly<Record<string, RegionBreakdownDto>>;
}

/** `GET /v1/figures/{year}/departments?region=…`. */
@ApiExtraModels(RegionBreakdownDto)
export class RegionFiguresByDepartmentDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty({ type: RegionHeaderDto }) readonly region: RegionHeaderDto;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty(breakdowns('department')) readonly departments: Readonly<Record<string, RegionBreakdownDto>>;
  @ApiProperty({ type: RegionFiguresByDepartmentPreviousYearDto, nullable: true })
  readonly previousYear: RegionFiguresByDepartmentPreviousYearDto | null;
}

export class RegionFiguresByItemPreviousYearDto {
  @ApiProperty(breakdowns('licensing item code')) readonly items: Readonly<Record<string, RegionBreakdownDto>>;
}

/** `GET /v1/figures/{year}/items?region=…`: an item's `items.total` is the number of agencies that have it in force. */
@ApiExtraModels(RegionBreakdownDto)
export class RegionFiguresByItemDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty({ type: RegionHeaderDto }) readonly region: RegionHeaderDto;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty(breakdowns('licensing item code')) readonly items: Readonly<Record<string, RegionBreakdownDto>>;
  @ApiProperty({ type: RegionFiguresByItemPreviousYearDto, nullable: true })
  readonly previousYear: RegionFiguresByItemPreviousYearDto | null;
}

// The documented shapes accept what the roll-up computes (a compile-time check only).
type Accepts<Schema, Value extends Schema> = [Schema, Value];
type Header = { readonly year: number; readonly region: RegionHeader; readonly asOf: string | null };
export type RegionFiguresSchemasConform = [
  Accepts<RegionBreakdownDto, RolledUpBreakdown>,
  Accepts<RegionPreviousYearFiguresDto, RolledUpFigures & Header>,
  Accepts<RegionFiguresDto, RolledUpFigures & Header & { previousYear: (RolledUpFigures & Header) | null }>,
  Accepts<
    RegionFiguresByDepartmentDto,
    Header & {
      departments: Record<string, RolledUpBreakdown>;
      previousYear: { departments: Record<string, RolledUpBreakdown> } | null;
    }
  >,
  Accepts<
    RegionFiguresByItemDto,
    Header & {
      items: Record<string, RolledUpBreakdown>;
      previousYear: { items: Record<string, RolledUpBreakdown> } | null;
    }
  >,
];

export class StandingFlagDto {
  @ApiProperty({ enum: FLAG_CODES }) readonly code: FlagCode;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Decisions, disclosures or complaints concerned; 1 for a threshold or the signature',
  })
  readonly count: number;
  @ApiProperty({ description: 'Chinese, then English' }) readonly message: string;
}

export class AgencyHeadlineDto {
  @ApiProperty({ type: 'integer' }) readonly received: number;
  @ApiProperty({ type: 'integer' }) readonly decided: number;
  @ApiProperty({ type: 'integer' }) readonly granted: number;
  @ApiProperty({ type: 'integer' }) readonly denied: number;
  @ApiProperty({ type: 'integer' }) readonly pendingAtYearEnd: number;
  @ApiProperty({ type: 'integer' }) readonly overdue: number;
  @ApiProperty({ type: 'integer' }) readonly complaintsReceived: number;
  @ApiProperty({ type: FiguresRateDto }) readonly onTimeRate: FiguresRateDto;
  @ApiProperty({ type: FiguresRateDto }) readonly disclosureRate: FiguresRateDto;
  @ApiProperty({ type: FiguresRateDto }) readonly satisfactionRate: FiguresRateDto;
  @ApiProperty({ type: FiguresRateDto }) readonly fullyOnlineRate: FiguresRateDto;
}

const RANK = {
  type: 'integer',
  minimum: 1,
  nullable: true,
  description:
    '1 = the highest rate among the region’s agencies, ties share a rank (1, 1, 3); null when nothing to divide by',
} as const;

export class AgencyRanksDto {
  @ApiProperty(RANK) readonly onTimeRate: number | null;
  @ApiProperty(RANK) readonly disclosureRate: number | null;
  @ApiProperty(RANK) readonly satisfactionRate: number | null;
  @ApiProperty(RANK) readonly fullyOnlineRate: number | null;
}

export class AgencyStandingDto {
  @ApiProperty({ example: 'jiangmen-psb' }) readonly agency: string;
  @ApiProperty({ example: '江门市公安局' }) readonly name: string;
  @ApiProperty({ example: '440700', description: 'The region the hierarchy places the agency in' })
  readonly region: string;
  @ApiProperty({ type: AgencyHeadlineDto }) readonly headline: AgencyHeadlineDto;
  @ApiProperty({ type: AgencyRanksDto }) readonly ranks: AgencyRanksDto;
  @ApiProperty({ type: [StandingFlagDto] }) readonly flags: readonly StandingFlagDto[];
}

export class StandingThresholdsDto {
  @ApiProperty({ type: 'number', description: 'ON_TIME.BELOW_THRESHOLD is raised below this percentage' })
  readonly onTimeBelow: number;
}

/** `GET /v1/figures/{year}/agencies?region=…`. */
export class RegionStandingsDto {
  @ApiProperty(YEAR) readonly year: number;
  @ApiProperty({ type: RegionHeaderDto }) readonly region: RegionHeaderDto;
  @ApiProperty(AS_OF) readonly asOf: string | null;
  @ApiProperty({ type: StandingThresholdsDto }) readonly thresholds: StandingThresholdsDto;
  @ApiProperty({
    type: 'string',
    nullable: true,
    required: false,
    description:
      'The position of the last event the latest signed checkpoint covers (null before any); FIGURES.NOT_SIGNED flags an agency whose figures rest on a later event',
  })
  readonly lastSignedPosition?: string | null;
  @ApiProperty({ type: [AgencyStandingDto], description: 'Every agency of the region, sorted by agency id' })
  readonly agencies: readonly AgencyStandingDto[];
}

export type RegionStandingsSchemaConforms = Accepts<RegionStandingsDto, RegionStandings>;
