import { writeFileSync } from 'node:fs';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { LedgerIntegrity } from '@ledger/integrity';
import { LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';
import { TRAIL_FORMATS, TrailFormat, TrailService, TrailSubjectKind, integrityProofs } from '@ledger/reports';
import { cliOperator } from './cli-operator';

interface TrailFlags {
  agency?: string;
  purpose?: string;
  out?: string;
  format?: TrailFormat;
}

@Command({
  name: 'trail',
  arguments: '<application|complaint> <id>',
  description:
    "Print one application's or complaint's history for legal staff (PDF, in Chinese): each event with business and ledger time, actor and leaf hash, " +
    'closing with the signed checkpoint it is proven against. Recorded as an export (TrailExported.v1) with its purpose.',
})
export class TrailCommand extends CommandRunner {
  constructor(
    private readonly trails: TrailService,
    private readonly integrity: LedgerIntegrity,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([kind, id]: string[], flags: TrailFlags): Promise<void> {
    try {
      if (kind !== 'application' && kind !== 'complaint')
        throw new Error(`the first argument is application or complaint, not "${kind}"`);
      if (!flags.purpose)
        throw new Error('say why with --purpose "…": exports of event trails are recorded with their purpose');
      const format =
        flags.format ??
        (flags.out?.toLowerCase().endsWith('.html')
          ? 'html'
          : flags.out?.toLowerCase().endsWith('.json')
            ? 'json'
            : 'pdf');
      if (format === 'pdf' && !flags.out) throw new Error('a PDF needs --out <file.pdf>');
      const { body, trail } = await this.trails.export(
        {
          kind: kind as TrailSubjectKind,
          agency: flags.agency ?? this.config.defaultAgency,
          id,
          purpose: flags.purpose,
          ...cliOperator(),
          format,
        },
        integrityProofs(this.integrity),
      );
      if (flags.out) writeFileSync(flags.out, body);
      else process.stdout.write(body);
      const proof = trail.checkpoint
        ? `proven against checkpoint #${trail.checkpoint.id} (tree size ${trail.checkpoint.treeSize})`
        : `NOT proven: ${trail.integrityNote}`;
      console.error(
        `trail ${trail.subject.streamId}: ${trail.entries.length} events, ${proof}${flags.out ? `; written to ${flags.out}` : ''}`,
      );
    } catch (error) {
      console.error(
        `ledger trail: ${error instanceof Error && !('kind' in error) ? error.message : toProblem(error).detail}`,
      );
      process.exitCode = 1;
    }
  }

  @Option({
    flags: '--agency <agency>',
    description: 'the agency whose application or complaint it is (ids are per agency; default LEDGER_AGENCY)',
  })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--purpose <text>', description: 'why the trail is printed (recorded), e.g. 行政复议答辩' })
  parsePurpose(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'write to this file (required for pdf)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--format <format>',
    description: `${TRAIL_FORMATS.join(', ')} (default: from --out's extension, else pdf)`,
  })
  parseFormat(value: string): TrailFormat {
    if (!(TRAIL_FORMATS as readonly string[]).includes(value))
      throw new Error(`--format must be one of ${TRAIL_FORMATS.join(', ')}`);
    return value as TrailFormat;
  }
}
