import { Inject } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';
import { parseFiguresQuery, parseRegionFiguresQuery } from '@ledger/projections';
import {
  REPORT_FORMATS,
  RegionReportService,
  ReportFormat,
  ReportService,
  parseReportTextsFile,
} from '@ledger/reports';

interface ReportFlags {
  agency?: string;
  region?: string;
  asOf?: string;
  texts?: string;
  format?: ReportFormat;
  out?: string;
  linkBase?: string;
  appendix?: boolean;
}

@Command({
  name: 'report',
  arguments: '<year>',
  description:
    'Write the yearly report on the implementation and supervision of administrative licensing (statutory structure): section 一 from the figures, ' +
    '二 and 三 from the staff texts supplied through the API, or from --texts file.json ({ problems, measures, signatory, date }), which override them field by field. ' +
    "With --region <code>, the region's summary report instead: its figures rolled up and every agency's headline figures, ranks and flags",
})
export class ReportCommand extends CommandRunner {
  constructor(
    private readonly reports: ReportService,
    private readonly regionReports: RegionReportService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([year]: string[], flags: ReportFlags): Promise<void> {
    try {
      const format = flags.format ?? (flags.out ? formatOfFile(flags.out) : 'md');
      if ((format === 'pdf' || format === 'docx') && !flags.out)
        throw new Error(`a ${format === 'pdf' ? 'PDF' : 'Word document'} needs --out <file.${format}>`);
      if (flags.region !== undefined) {
        if (flags.agency !== undefined) throw new Error('give either --agency or --region, not both');
        const { body, model } = await this.regionReports.render(
          parseRegionFiguresQuery(year, flags.region, flags.asOf),
          format,
        );
        if (flags.out) writeFileSync(flags.out, body);
        else process.stdout.write(body);
        console.error(
          `report ${model.region.name}（${model.region.code}） ${model.year}: ${model.rows.length} agencies, ${model.flags.length} flags, ${format}${flags.out ? ` written to ${flags.out}` : ''}`,
        );
        return;
      }
      const texts = flags.texts ? parseReportTextsFile(readFileSync(flags.texts, 'utf8'), flags.texts) : undefined;
      const query = parseFiguresQuery(year, flags.agency ?? this.config.defaultAgency, flags.asOf);
      if ((format === 'pdf' || format === 'docx') && !flags.out)
        throw new Error(`a ${format === 'pdf' ? 'PDF' : 'Word document'} needs --out <file.${format}>`);
      const { body, model } = await this.reports.render(query, format, {
        texts,
        linkBase: flags.linkBase ?? '',
        appendix: flags.appendix,
      });
      if (flags.out) writeFileSync(flags.out, body);
      else process.stdout.write(body);
      const missing = model.missing.length
        ? `; missing (shown as placeholders): ${model.missing.join(', ')} — supply them with --texts file.json or PUT /v1/reports/${model.year}/texts`
        : '';
      console.error(
        `report ${model.agency} ${model.year}${model.noRecords ? ' (no records for the year)' : ''}: ${format}${flags.out ? ` written to ${flags.out}` : ''}${missing}`,
      );
    } catch (error) {
      console.error(
        `ledger report: ${error instanceof Error && !('kind' in error) ? error.message : toProblem(error).detail}`,
      );
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--agency <agency>', description: 'defaults to LEDGER_AGENCY' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--region <code>', description: "a region code of the hierarchy: the region's summary report" })
  parseRegion(value: string): string {
    return value;
  }

  @Option({
    flags: '--as-of <instant>',
    description: 'the report as the ledger knew it then, e.g. 2021-03-30T18:00:00+08:00',
  })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({
    flags: '--texts <file>',
    description: 'JSON file with problems, measures, signatory and date (overrides the supplied texts)',
  })
  parseTexts(value: string): string {
    return value;
  }

  @Option({
    flags: '--format <format>',
    description: `${REPORT_FORMATS.join(', ')} (default: from --out's extension, else md)`,
  })
  parseFormat(value: string): ReportFormat {
    if (!(REPORT_FORMATS as readonly string[]).includes(value))
      throw new Error(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
    return value as ReportFormat;
  }

  @Option({
    flags: '--appendix',
    description: 'add the appendix (data sources and method) to a pdf, docx or md report; the html shows it on screen',
  })
  parseAppendix(): boolean {
    return true;
  }

  @Option({
    flags: '--out <file>',
    description: 'write to this file (required for pdf and docx); default standard output',
  })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--link-base <url>',
    description: "the API's public URL, so the figure links of an HTML or PDF report work away from it",
  })
  parseLinkBase(value: string): string {
    return value.replace(/\/+$/, '');
  }
}

function formatOfFile(file: string): ReportFormat {
  const ext = file.toLowerCase().split('.').pop();
  return ext === 'pdf'
    ? 'pdf'
    : ext === 'docx'
      ? 'docx'
      : ext === 'html' || ext === 'htm'
        ? 'html'
        : ext === 'json'
          ? 'json'
          : 'md';
}
