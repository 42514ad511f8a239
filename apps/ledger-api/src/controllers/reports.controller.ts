import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Put,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationError } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig, agencyForCommand, agencyForRead } from '@ledger/ledger';
import { Roles, principalCovers, principalOf } from '@ledger/operations';
import { parseFiguresQuery, parseRegionFiguresQuery } from '@ledger/projections';
import { LedgerIntegrity, lastSignedPosition } from '@ledger/integrity';
import {
  MonthlySeriesDto,
  MonthlySeriesService,
  PdfUnavailableError,
  REGION_REPORT_MODEL_SCHEMA,
  REPORT_MODEL_SCHEMA,
  RegionReportService,
  ReportService,
  ReportTextsDto,
  ReportTextsResultDto,
  ReportTextsStore,
  ReportTextsViewDto,
  mergeTexts,
  negotiateFormat,
  parseReportTexts,
} from '@ledger/reports';

const READERS = ['reporting', 'supervisor', 'legal', 'admin'] as const;

const AGENCY_QUERY =
  "default: the caller's only agency, else the configured agency; 404 AGENCY.NOT_FOUND for an agency with no events or one the caller does not act for (the same answer)";

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportService,
    private readonly texts: ReportTextsStore,
    private readonly regionReports: RegionReportService,
    private readonly integrity: LedgerIntegrity,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get(':year/region')
  @Roles(...READERS)
  @ApiOperation({
    summary: "A region's summary report: its figures rolled up and every agency's headline figures, ranks and flags",
    description:
      'The same figures as GET /v1/figures/{year}?region= (rates from summed numerators and denominators) and GET /v1/figures/{year}/agencies?region=, ' +
      'as a table per agency and a list of what needs chasing. Format by ?format= or the Accept header, as the agency report; PDF needs Chromium (503 otherwise). ' +
      'Shown only to a caller acting for every agency of the region (404 otherwise, as an unknown region).',
  })
  @ApiParam({ name: 'year', description: '1990–2100' })
  @ApiQuery({ name: 'region', required: true, description: 'a region code of the hierarchy (GET /v1/regions)' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['md', 'html', 'pdf', 'docx', 'json'] })
  @ApiProduces(
    'text/markdown',
    'text/html',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/json',
  )
  @ApiOkResponse({
    description: 'The region report',
    content: {
      'text/markdown': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
        schema: { type: 'string', format: 'binary' },
      },
      'application/json': { schema: REGION_REPORT_MODEL_SCHEMA as never },
    },
  })
  async regionReport(
    @Param('year') year: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('region') region?: string,
    @Query('asOf') asOf?: string,
    @Query('format') format?: string,
  ): Promise<void> {
    const chosen = negotiateFormat(format, req.headers.accept);
    const principal = principalOf(req);
    const query = {
      ...parseRegionFiguresQuery(year, region ?? '', asOf),
      ...(principal ? { visibleTo: (agency: string) => principalCovers(principal, agency) } : {}),
    };
    try {
      const rendered = await this.regionReports.render(query, chosen, async () => ({
        lastSignedPosition: lastSignedPosition(this.integrity),
      }));
      const filename = `report-region-${query.region.replace(/[^A-Za-z0-9._-]/g, '_')}-${query.year}.${chosen}`;
      res
        .status(200)
        .type(rendered.contentType)
        .setHeader(
          'Content-Disposition',
          `${chosen === 'pdf' || chosen === 'docx' ? 'attachment' : 'inline'}; filename="${filename}"`,
        );
      res.setHeader('Vary', 'Accept');
      res.send(rendered.body);
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }

  @Get(':year')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The yearly report on the implementation and supervision of administrative licensing, in the statutory structure',
    description:
      '一、基本情况 with its five subsections is written from the yearly figures (with year-on-year comparisons); 二 and 三, the signatory and the date come from ' +
      'the staff texts (PUT /v1/reports/{year}/texts), each missing one shown as a visible placeholder. A year without records gets a "no records" section 一, never zeros. ' +
      'In HTML every number links to the figure it shows (href: the figures query, fragment: the figure path; data-figure: the path). Format by ?format= or the Accept header ' +
      '(text/markdown, text/html, application/pdf, Word .docx, application/json); Markdown by default. PDF needs Chromium on the server (503 otherwise). ' +
      'The docx is laid out as a 公文 (GB/T 9704: A4, 37/26/35/28 mm margins, title in 2号小标宋, body in 3号仿宋, "— 1 —" page numbers) with sections 二 and 三 ready to edit. ' +
      'PDF, Word and Markdown leave out the appendix (data sources and method) unless appendix=true; the HTML shows it on screen.',
  })
  @ApiParam({ name: 'year', description: '1990–2100' })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'ISO-8601 instant: the report as the ledger knew it then (figures and texts)',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['md', 'html', 'pdf', 'docx', 'json'] })
  @ApiQuery({
    name: 'appendix',
    required: false,
    enum: ['true', 'false'],
    description: 'print the appendix (data sources and method) in a pdf, docx or md report',
  })
  @ApiProduces(
    'text/markdown',
    'text/html',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/json',
  )
  @ApiOkResponse({
    description: 'The report',
    content: {
      'text/markdown': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
        schema: { type: 'string', format: 'binary' },
      },
      'application/json': { schema: REPORT_MODEL_SCHEMA as never },
    },
  })
  async report(
    @Param('year') year: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('agency') agency?: string,
    @Query('asOf') asOf?: string,
    @Query('format') format?: string,
    @Query('appendix') appendix?: string,
  ): Promise<void> {
    const chosen = negotiateFormat(format, req.headers.accept);
    if (appendix !== undefined && appendix !== 'true' && appendix !== 'false') {
      throw new ValidationError('REPORT.APPENDIX', `appendix must be true or false, got "${appendix}"`, 'appendix');
    }
    const query = parseFiguresQuery(year, agencyForRead(agency, principalOf(req), this.config.defaultAgency), asOf);
    try {
      // A PDF leaves the server: its links must work from anywhere.
      const linkBase = chosen === 'pdf' ? `${req.protocol}://${req.get('host')}` : '';
      const rendered = await this.reports.render(query, chosen, { linkBase, appendix: appendix === 'true' });
      const filename = `report-${query.agency.replace(/[^A-Za-z0-9._-]/g, '_')}-${query.year}.${chosen}`;
      res
        .status(200)
        .type(rendered.contentType)
        .setHeader(
          'Content-Disposition',
          `${chosen === 'pdf' || chosen === 'docx' ? 'attachment' : 'inline'}; filename="${filename}"`,
        );
      res.setHeader('Vary', 'Accept');
      res.send(rendered.body);
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }

  @Get(':year/texts')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The staff texts of the report as currently supplied (or as of an instant)' })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiOkResponse({ type: ReportTextsViewDto })
  async currentTexts(
    @Param('year') year: string,
    @Req() req: Request,
    @Query('agency') agency?: string,
    @Query('asOf') asOf?: string,
  ): Promise<ReportTextsViewDto> {
    const query = parseFiguresQuery(year, agencyForRead(agency, principalOf(req), this.config.defaultAgency), asOf);
    const supplied = await this.texts.latest(query.agency, query.year, query.asOf);
    const texts = mergeTexts(supplied?.texts);
    const missing = (['problems', 'measures', 'signatory', 'date'] as const).filter((k) => texts[k] === undefined);
    return {
      agency: query.agency,
      year: query.year,
      texts,
      suppliedBy: supplied?.suppliedBy ?? null,
      suppliedAt: supplied?.suppliedAt ?? null,
      missing: [...missing],
    };
  }

  @Put(':year/texts')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Supply the staff texts of the report: sections 二 and 三, the signatory and the date',
    description:
      'Replaces the texts as a whole (a field left out becomes a placeholder again). Recorded as a ReportTextsSupplied.v1 event on the stream report-<agency>.<year>, ' +
      'with who supplied them; the same texts again record nothing (unchanged: true).',
  })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiBody({ type: ReportTextsDto })
  @ApiOkResponse({ type: ReportTextsResultDto })
  async supplyTexts(
    @Param('year') year: string,
    @Body() body: ReportTextsDto,
    @Req() req: Request,
    @Query('agency') agency?: string,
  ): Promise<ReportTextsResultDto> {
    // Supplying texts is a write: an agency the caller does not act for is 403, as for commands.
    const query = parseFiguresQuery(
      year,
      agencyForCommand(agency || undefined, principalOf(req), this.config.defaultAgency),
      undefined,
    );
    const texts = parseReportTexts({ ...body });
    const principal = principalOf(req);
    return this.texts.supply(query.agency, query.year, texts, {
      actor: principal?.actor ?? 'anonymous',
      principal: principal?.id,
    });
  }
}

@ApiTags('figures')
@Controller('v1/figures')
export class MonthlyFiguresController {
  constructor(
    private readonly monthly: MonthlySeriesService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get(':year/monthly')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Applications received and decisions made per month, by department',
    description:
      'Counted from the events by business time in the agency time zone, as the yearly figures are: applications by filing date, decisions by decision date, ' +
      "a decision under the department its application was filed with. The twelve months add up to the year's applications.received and decisions.total. " +
      'asOf counts only what the ledger had recorded by that instant.',
  })
  @ApiParam({ name: 'year', description: '1990–2100' })
  @ApiQuery({ name: 'agency', required: false, description: AGENCY_QUERY })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 instant' })
  @ApiOkResponse({ type: MonthlySeriesDto })
  async monthlySeries(
    @Param('year') year: string,
    @Req() req: Request,
    @Query('agency') agency?: string,
    @Query('asOf') asOf?: string,
  ): Promise<MonthlySeriesDto> {
    return this.monthly.series(
      parseFiguresQuery(year, agencyForRead(agency, principalOf(req), this.config.defaultAgency), asOf),
    );
  }
}
