import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { isCorrection } from '@ledger/domain';
import { foldCorrectedLedger, ledgerRange } from '@ledger/kernel';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { agencyNameOf } from '@ledger/ledger/config/agency-names';
import { FiguresQuery, YearlyFiguresService } from '@ledger/projections';
import { PdfPrinter } from '../pdf/pdf-printer';
import { renderDocx } from '../render/docx.renderer';
import { renderHtml } from '../render/html.renderer';
import { renderMarkdown } from '../render/markdown.renderer';
import { ReportTexts, mergeTexts } from '../texts/report-texts';
import { ReportTextsStore } from '../texts/report-texts.store';
import { composeReport } from './compose-report';
import { ExemptionBasis, ExemptionBasesAccumulator } from './exemption-bases';
import type { FiguresDocumentBody, ReportModel } from './report.model';

export const REPORT_FORMATS = ['md', 'html', 'pdf', 'docx', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
};

export interface ReportOptions {
  /** Texts that override the supplied ones field by field (the CLI's `--texts` file). */
  readonly texts?: ReportTexts;
  /** Prefix of the figure links (the API's public URL for a PDF; '' for relative links). */
  readonly linkBase?: string;
  /**
   * Add the appendix (data sources and method) to a PDF, Word or Markdown report. The HTML always
   * shows it on screen; a report to sign leaves it out by default.
   */
  readonly appendix?: boolean;
}

export interface RenderedReport {
  readonly contentType: string;
  readonly body: string | Buffer;
  readonly model: ReportModel;
}

/** The yearly report: figures from the figures service, texts from the ledger (or a file), rendered on demand. */
@Injectable()
export class ReportService {
  constructor(
    private readonly figures: YearlyFiguresService,
    private readonly texts: ReportTextsStore,
    private readonly printer: PdfPrinter,
    @Inject(LEDGER_CONFIG) private readonly ledger: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async model(query: FiguresQuery, options: ReportOptions = {}): Promise<ReportModel> {
    const document = await this.figures.figures(query);
    const supplied = await this.texts.latest(query.agency, query.year, query.asOf);
    return composeReport({
      figures: document.figures as unknown as FiguresDocumentBody,
      texts: mergeTexts(supplied?.texts, options.texts),
      textsSupplied: supplied ? { suppliedBy: supplied.suppliedBy, suppliedAt: supplied.suppliedAt } : null,
      agencyName: agencyNameOf(this.ledger.agencyNames, query.agency) ?? undefined,
      linkBase: options.linkBase,
      exemptionBases: await this.exemptionBases(query),
    });
  }

  /**
   * The legal bases of the year's disclosure exemptions, which the figures count without: one
   * pass over the store (as the monthly series make), recorded by `asOf` when asked as of then.
   */
  private async exemptionBases(query: FiguresQuery): Promise<ExemptionBasis[]> {
    // The exemptions and their corrections only, recorded by `asOf`; each exemption as corrected.
    const events = await ledgerRange(this.store, {
      asOf: query.asOf,
      accept: (stored) => stored.type === 'DisclosureExempted.v1' || isCorrection(stored),
    });
    const { state: bases } = await foldCorrectedLedger(events, {
      initial: () => new ExemptionBasesAccumulator(query.agency, query.year, this.ledger.timeZone),
      apply: (bases, decoded) => {
        if (decoded.kind === 'fact' && !isCorrection(decoded.event)) bases.apply(decoded.event);
        return bases;
      },
    });
    return bases.result();
  }

  async render(query: FiguresQuery, format: ReportFormat, options: ReportOptions = {}): Promise<RenderedReport> {
    const model = await this.model(query, options);
    return { contentType: CONTENT_TYPES[format], body: await this.renderModel(model, format, options), model };
  }

  async renderModel(
    model: ReportModel,
    format: ReportFormat,
    options: Pick<ReportOptions, 'appendix'> = {},
  ): Promise<string | Buffer> {
    switch (format) {
      case 'md':
        return renderMarkdown(model, { appendix: options.appendix });
      case 'html':
        return renderHtml(model, { printAppendix: options.appendix });
      case 'json':
        return JSON.stringify(model, null, 2);
      case 'pdf':
        // No running header: the title is on the first page, as on every official document.
        return this.printer.print(renderHtml(model, { printAppendix: options.appendix }), {
          pageNumberStyle: 'gongwen',
        });
      case 'docx':
        return renderDocx(model, { appendix: options.appendix });
    }
  }

  get defaultAgency(): string {
    return this.ledger.defaultAgency;
  }
}
