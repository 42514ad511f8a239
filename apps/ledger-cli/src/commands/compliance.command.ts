import { Command, CommandRunner, Option } from 'nest-commander';
import { Inject } from '@nestjs/common';
import { ComplianceReport, ComplianceService, RULE_CODES, RULES_BY_CODE, parseComplianceQuery } from '@ledger/audit';
import { CalendarWarning } from '@ledger/domain';
import { CalendarStore, LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';

/** Exit code when the checks found errors or warnings (informational notes alone exit 0). */
export const FINDINGS_EXIT_CODE = 3;

@Command({
  name: 'compliance',
  arguments: '<year>',
  description: `Run the compliance checks of an agency-year: a table of findings (JSON with --json). Exit 0 when clean, ${FINDINGS_EXIT_CODE} when errors or warnings were found, 1 on failure`,
})
export class ComplianceCommand extends CommandRunner {
  constructor(
    private readonly compliance: ComplianceService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly calendars: CalendarStore,
  ) {
    super();
  }

  async run(
    [year]: string[],
    flags: { agency?: string; json?: boolean; complaintResolutionDays?: string; disclosureGraceDays?: string },
  ): Promise<void> {
    try {
      const query = parseComplianceQuery(year, flags.agency ?? this.config.defaultAgency, {
        complaintResolutionDays: flags.complaintResolutionDays,
        disclosureGraceDays: flags.disclosureGraceDays,
      });
      const report = await this.compliance.check(query);
      const warning = await this.calendars.warning();
      if (flags.json) {
        // The JSON on stdout stays the documented report; the warning goes beside it.
        if (warning) console.error(`ledger compliance: warning: ${warning.message}`);
        console.log(JSON.stringify(report, null, 2));
      } else console.log(renderReport(report, warning));
      if (report.bySeverity.error + report.bySeverity.warning > 0) process.exitCode = FINDINGS_EXIT_CODE;
    } catch (error) {
      console.error(`ledger compliance: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--agency <agency>', description: 'defaults to LEDGER_AGENCY' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({
    flags: '--complaint-resolution-days <days>',
    description: 'days a complaint may stay unresolved (default LEDGER_COMPLAINT_RESOLUTION_DAYS or 60)',
  })
  parseComplaintDays(value: string): string {
    return value;
  }

  @Option({
    flags: '--disclosure-grace-days <days>',
    description: 'working days to disclose a granted decision (default LEDGER_DISCLOSURE_GRACE_DAYS or 20)',
  })
  parseDisclosureDays(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'the whole report as JSON' })
  parseJson(): boolean {
    return true;
  }
}

/**
 * Findings in the order a reader looks them up: by rule, as the counts list them, then by the
 * application or complaint, ids compared with their numbers as numbers (jm-2020-9 before
 * jm-2020-10); findings of one subject keep the ledger's order.
 */
export function sortedFindings(findings: ComplianceReport['findings']): ComplianceReport['findings'] {
  const rank = new Map(RULE_CODES.map((code, i) => [code, i]));
  const subject = (f: ComplianceReport['findings'][number]) =>
    f.complaintId ? `complaint ${f.complaintId}` : (f.applicationId ?? '');
  return [...findings].sort(
    (a, b) => rank.get(a.rule)! - rank.get(b.rule)! || subject(a).localeCompare(subject(b), 'en', { numeric: true }),
  );
}

/** A plain-text report for a terminal: the count per rule, then each finding with its summary and events. */
export function renderReport(report: ComplianceReport, calendarWarning: CalendarWarning | null = null): string {
  const findings = sortedFindings(report.findings);
  const p = report.parameters;
  const lines = [
    // First, where it is seen: deadlines running into the missing year will soon be undetermined.
    ...(calendarWarning ? [`warning: ${calendarWarning.message}`, ''] : []),
    `Compliance checks ${report.year}, agency ${report.agency}: cut-off ${report.cutOff} (${report.timeZone}), ${report.basedOn.events} events read`,
    `complaints resolved within ${p.complaintResolutionDays} days; granted decisions disclosed within ${p.disclosureGraceDays} working days; supplement notices within ${p.supplementNoticeDays} working days`,
    '',
    table(
      ['RULE', 'SEVERITY', 'FINDINGS'],
      [
        ...RULE_CODES.map((code) => [code, RULES_BY_CODE.get(code)!.severity, String(report.summary[code])]),
        ['TOTAL', '', String(report.findings.length)],
      ],
      [false, false, true],
    ),
  ];
  if (report.findings.length === 0) return [...lines, '', 'No findings.'].join('\n');
  lines.push('');
  lines.push(
    table(
      ['#', 'RULE', 'SEVERITY', 'APPLICATION / COMPLAINT', 'DEPARTMENT', 'ITEM'],
      findings.map((f, i) => [
        String(i + 1),
        f.appliesTo ? `${f.rule} (${f.appliesTo})` : f.rule,
        f.severity,
        f.complaintId ? `complaint ${f.complaintId}` : (f.applicationId ?? ''),
        f.department ?? '',
        f.itemCode ?? '',
      ]),
      [true, false, false, false, false, false],
    ),
  );
  lines.push('');
  findings.forEach((f, i) => {
    lines.push(`${i + 1}. ${f.summary}`);
    lines.push(`   events: ${f.events.map((e) => `${e.streamId}#${e.revision} @${e.position} ${e.type}`).join('; ')}`);
  });
  return lines.join('\n');
}

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) =>
        alignRight[c] ? ' '.repeat(widths[c] - width(cell)) + cell : cell + ' '.repeat(widths[c] - width(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Terminal columns of a string: CJK characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}
