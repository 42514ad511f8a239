import { Injectable } from '@nestjs/common';
import { RegionStandingsService, SignedCoverage } from '@ledger/audit';
import { ConflictError } from '@ledger/domain';
import { RegionHierarchyStore } from '@ledger/ledger/regions/region-hierarchy.store';
import { RegionFiguresQuery, RegionFiguresService, RegionHeader, RolledUpFigures } from '@ledger/projections';
import { PdfPrinter } from '../pdf/pdf-printer';
import { CONTENT_TYPES, ReportFormat } from '../report/report.service';
import {
  RegionReportModel,
  composeRegionReport,
  renderRegionDocx,
  renderRegionHtml,
  renderRegionMarkdown,
} from './region-report';

/** The region's summary report: the roll-up and every agency's standing, in the agency report's formats. */
@Injectable()
export class RegionReportService {
  constructor(
    private readonly figures: RegionFiguresService,
    private readonly standings: RegionStandingsService,
    private readonly printer: PdfPrinter,
    private readonly regions: RegionHierarchyStore,
  ) {}

  async model(query: RegionFiguresQuery, coverage?: SignedCoverage): Promise<RegionReportModel> {
    const [document, standings, hierarchy] = await Promise.all([
      this.figures.rollUp(query),
      this.standings.standings(query, coverage),
      this.regions.current(query.asOf),
    ]);
    const figures = document.figures as unknown as RolledUpFigures & { region: RegionHeader; asOf: string | null };
    // The names must come from the hierarchy that placed the agencies: a load landing between the
    // three reads would print one version's placements under another's names.
    const version = figures.region.hierarchyVersion;
    if (hierarchy?.version !== version || standings.region.hierarchyVersion !== version)
      throw new ConflictError(
        'REGION.HIERARCHY_CHANGED',
        'the region hierarchy was loaded again while the report was being compiled; ask for the report again',
        'region',
      );
    return composeRegionReport(figures, standings, hierarchy);
  }

  async render(
    query: RegionFiguresQuery,
    format: ReportFormat,
    coverage?: SignedCoverage,
  ): Promise<{ contentType: string; body: string | Buffer; model: RegionReportModel }> {
    const model = await this.model(query, coverage);
    const body =
      format === 'md'
        ? renderRegionMarkdown(model)
        : format === 'html'
          ? renderRegionHtml(model)
          : format === 'json'
            ? JSON.stringify(model, null, 2)
            : format === 'pdf'
              ? await this.printer.print(renderRegionHtml(model), { pageNumberStyle: 'gongwen' })
              : await renderRegionDocx(model);
    return { contentType: CONTENT_TYPES[format], body, model };
  }
}
