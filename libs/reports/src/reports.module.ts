import { Module } from '@nestjs/common';
import { AuditModule } from '@ledger/audit';
import { MonthlySeriesService } from './monthly/monthly-series.service';
import { PdfPrinter } from './pdf/pdf-printer';
import { REPORTS_CONFIG, loadReportsConfig } from './reports-config';
import { ReportService } from './report/report.service';
import { ReportTextsStore } from './texts/report-texts.store';
import { TrailService } from './trail/trail.service';
import { RegionReportService } from './region/region-report.service';

/**
 * The yearly report (Markdown, HTML, PDF), its staff texts, the monthly series and the printable
 * trail. Needs the global LedgerCoreModule and ProjectionsModule.
 */
@Module({
  // The region report flags what the compliance checks find (RegionStandingsService).
  imports: [AuditModule],
  providers: [
    { provide: REPORTS_CONFIG, useFactory: () => loadReportsConfig() },
    PdfPrinter,
    ReportTextsStore,
    ReportService,
    MonthlySeriesService,
    TrailService,
    RegionReportService,
  ],
  exports: [
    REPORTS_CONFIG,
    PdfPrinter,
    ReportTextsStore,
    ReportService,
    MonthlySeriesService,
    TrailService,
    RegionReportService,
  ],
})
export class ReportsModule {}
