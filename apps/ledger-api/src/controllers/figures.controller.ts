import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Principal, Roles, principalCovers, principalOf } from '@ledger/operations';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ValidationError } from '@ledger/domain';
import { RegionStandingsService, parseOnTimeBelow } from '@ledger/audit';
import { LedgerIntegrity, lastSignedPosition } from '@ledger/integrity';
import { LEDGER_CONFIG, LedgerConfig, agencyForRead } from '@ledger/ledger';
import {
  FiguresDocument,
  RegionFiguresService,
  YearlyFiguresService,
  parseFiguresQuery,
  parseRegionFiguresQuery,
} from '@ledger/projections';
import { FiguresByDepartmentDto, FiguresByItemDto, YearlyFiguresDto } from '../openapi/figures.schemas';
import {
  ROLL_UP_RULE,
  RegionFiguresByDepartmentDto,
  RegionFiguresByItemDto,
  RegionFiguresDto,
  RegionStandingsDto,
} from '../openapi/region-figures.schemas';

const FORMULAS = [
  'Each count counts the events whose business time falls in the year, in the agency time zone (Asia/Shanghai unless configured).',
  'Rates are { numerator, denominator, percent } with percent rounded half-up to 2 places (null when the denominator is 0); averages are { total, count, value } with value rounded half-up to 3 places.',
  'items.* describe the items in force at the end of 31 December: fullyOnlineRate = fully-online items / items; immediateRate = immediate (即办) items / items;',
  'averageRequiredVisits = Σ required on-site visits / items; timeLimitCompressionRate = Σ(statutory − promised days) / Σ statutory days.',
  'applications.pendingAtYearEnd = accepted, and neither decided nor withdrawn, by the end of the year.',
  'decisions.onTimeRate = decisions on or before the deadline / decisions whose deadline is known; the deadline is the N-th working day after acceptance',
  '(N = statutory days + approved extension), not counting working days while suspended; deadlineUnknown counts decisions whose deadline cannot be computed.',
  'disclosure.disclosureRate = decisions disclosed in the year / granted decisions in the year of disclosable items.',
  'supervision.caseFilesReviewed = files sampled across case-file reviews; complaintsValid = complaints resolved as valid in the year.',
  'effect.satisfactionRate = (非常满意 + 满意 + 基本满意) / all ratings (levels 5, 4, 3 over 1–5), the formula is repeated in effect.satisfactionFormula.',
  'indicators: the latest report per name for the year, as the reporting system stated it.',
  'asOf counts only the events the ledger had recorded by that instant (ledger time). previousYear holds the same keys for the year before, or null when it has no events.',
].join(' ');

const AGENCY_QUERY =
  "default: the caller's only agency, else the configured agency; 404 AGENCY.NOT_FOUND for an agency with no events or one the caller does not act for (the same answer)";

const REGION_QUERY = {
  name: 'region',
  required: false,
  description: `a region code of the hierarchy (GET /v1/regions) instead of an agency: the region's figures rolled up. ${ROLL_UP_RULE}`,
} as const;

type DtoClass = new (...args: never[]) => unknown;

/** The agencies the caller may read; without a principal (no guard ran) every agency. */
const visibleTo = (principal: Principal | undefined) =>
  principal === undefined ? undefined : (agency: string) => principalCovers(principal, agency);

/** An agency's document or a region's, documented as one of the two. */
const agencyOrRegion = (agency: DtoClass, region: DtoClass, description: string) =>
  ({
    description,
    schema: { oneOf: [{ $ref: getSchemaPath(agency) }, { $ref: getSchemaPath(region) }] },
  }) as const;

@ApiTags('figures')
@Roles('reporting', 'supervisor', 'legal', 'admin')
@Controller('v1/figures')
@ApiExtraModels(
  YearlyFiguresDto,
  FiguresByDepartmentDto,
  FiguresByItemDto,
  RegionFiguresDto,
  RegionFiguresByDepartmentDto,
  RegionFiguresByItemDto,
)
export class FiguresController {
  constructor(
    private readonly figures: YearlyFiguresService,
    private readonly regions: RegionFiguresService,
    private readonly standings: RegionStandingsService,
    private readonly integrity: LedgerIntegrity,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** The agency's documents, or with `region` the region's rolled up; naming both is a 400. */
  private async documents(
    year: string,
    agency: string | undefined,
    region: string | undefined,
    asOf: string | undefined,
    request: Request,
  ): Promise<FiguresDocument> {
    if (region === undefined || region === '')
      return this.figures.figures(
        parseFiguresQuery(year, agencyForRead(agency, principalOf(request), this.config.defaultAgency), asOf),
      );
    if (agency)
      throw new ValidationError(
        'FIGURES.AGENCY_AND_REGION',
        'give either agency or region, not both: a region adds up the agencies it holds',
        'region',
      );
    return this.regions.rollUp({
      ...parseRegionFiguresQuery(year, region, asOf),
      visibleTo: visibleTo(principalOf(request)),
    });
  }

  @Get(':year')
  @ApiOperation({
    summary: 'Yearly implementation and supervision figures of one agency, or of a region rolled up',
    description: FORMULAS,
  })
  @ApiParam({ name: 'year', description: '1990–2100' })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'ISO-8601 instant: the figures as the ledger knew them then',
  })
  @ApiQuery(REGION_QUERY)
  @ApiOkResponse(
    agencyOrRegion(
      YearlyFiguresDto,
      RegionFiguresDto,
      "The figures of the year, with the year before as previousYear: an agency's (YearlyFigures) or, with region, the region's rolled up (RegionFigures)",
    ),
  )
  async yearly(
    @Req() request: Request,
    @Param('year') year: string,
    @Query('agency') agency?: string,
    @Query('asOf') asOf?: string,
    @Query('region') region?: string,
  ) {
    return (await this.documents(year, agency, region, asOf, request)).figures;
  }

  @Get(':year/departments')
  @ApiOperation({ summary: 'The yearly figures broken down by department', description: FORMULAS })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery(REGION_QUERY)
  @ApiOkResponse(
    agencyOrRegion(
      FiguresByDepartmentDto,
      RegionFiguresByDepartmentDto,
      "The figures per department, with the year before as previousYear: an agency's or, with region, the region's",
    ),
  )
  async departments(
    @Req() request: Request,
    @Param('year') year: string,
    @Query('agency') agency?: string,
    @Query('asOf') asOf?: string,
    @Query('region') region?: string,
  ) {
    return (await this.documents(year, agency, region, asOf, request)).departments;
  }

  @Get(':year/items')
  @ApiOperation({ summary: 'The yearly figures broken down by licensing item', description: FORMULAS })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery(REGION_QUERY)
  @ApiOkResponse(
    agencyOrRegion(
      FiguresByItemDto,
      RegionFiguresByItemDto,
      "The figures per licensing item, with the year before as previousYear: an agency's or, with region, the region's",
    ),
  )
  async items(
    @Req() request: Request,
    @Param('year') year: string,
    @Query('agency') agency?: string,
    @Query('asOf') asOf?: string,
    @Query('region') region?: string,
  ) {
    return (await this.documents(year, agency, region, asOf, request)).items;
  }

  @Get(':year/agencies')
  @ApiOperation({
    summary: "A region's agencies side by side: headline figures, ranks and flags",
    description:
      'Every agency the region hierarchy places in the region or below it, sorted by id, with its headline figures (exact rates), ' +
      'its rank among them on each rate (1 = highest, ties share a rank, null when nothing to divide by) and flags: ' +
      'DECISION.OVERDUE (decisions past the statutory deadline), ON_TIME.BELOW_THRESHOLD (on-time rate below onTimeBelow, default 95, compared exactly), ' +
      'DISCLOSURE.MISSING and COMPLAINT.UNRESOLVED (the compliance rules of GET /v1/audit/compliance, counted per agency), ' +
      'FIGURES.NOT_SIGNED (the figures rest on an event no signed checkpoint covers yet). asOf as for the figures.',
  })
  @ApiParam({ name: 'year', description: '1990–2100' })
  @ApiQuery({ name: 'region', required: true, description: 'a region code of the hierarchy (GET /v1/regions)' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'onTimeBelow', required: false, description: 'percentage, 0–100, at most 2 decimals; default 95' })
  @ApiOkResponse({ type: RegionStandingsDto })
  async agencies(
    @Req() request: Request,
    @Param('year') year: string,
    @Query('region') region?: string,
    @Query('asOf') asOf?: string,
    @Query('onTimeBelow') onTimeBelow?: string,
  ): Promise<RegionStandingsDto> {
    const threshold = parseOnTimeBelow(onTimeBelow);
    return this.standings.standings(
      {
        ...parseRegionFiguresQuery(year, region ?? '', asOf),
        visibleTo: visibleTo(principalOf(request)),
        ...(threshold !== undefined ? { thresholds: { onTimeBelow: threshold } } : {}),
      },
      // The latest checkpoint and its last leaf as the integrity index holds them (the signer writes them there).
      async () => ({ lastSignedPosition: lastSignedPosition(this.integrity) }),
    );
  }
}
