import { Module } from '@nestjs/common';
import { MonthlySeriesService } from './monthly/monthly-series.service';
import { PdfPrinter } from './pdf/pdf-printer';
import { REPORTS_CONFIG, loadReportsConfig } from './reports-config';
import { ReportService } from './report/report.service';
import { ReportTextsStore } from './texts/report-texts.store';
import { TrailService } from './trail/trail.service';

/**
 * The yearly report (Markdown, HTML, PDF), its staff texts, the monthly series and the printable
 * trail. Needs the global LedgerCoreModule and ProjectionsModule.
 */
@Module({
  providers: [
    { provide: REPORTS_CONFIG, useFactory: () => loadReportsConfig() },
    PdfPrinter,
    ReportTextsStore,
    ReportService,
    MonthlySeriesService,
    TrailService,
  ],
  exports: [REPORTS_CONFIG, PdfPrinter, ReportTextsStore, ReportService, MonthlySeriesService, TrailService],
})
export class ReportsModule {}
