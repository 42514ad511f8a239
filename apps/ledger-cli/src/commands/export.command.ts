import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CLOCK, Clock } from '@ledger/ledger';
import { LedgerIntegrity, type TrailFilter, exportTrail } from '@ledger/integrity';

interface ExportFlags {
  out?: string;
  application?: string;
  item?: string;
  department?: string;
  agency?: string;
  type?: string[];
  from?: string;
  to?: string;
}

@Command({
  name: 'export',
  description:
    'Export an event trail as evidence into a new directory: events.ndjson (authoritative, canonical events with leaf hashes), proofs.ndjson ' +
    '(an inclusion proof per event), events.csv (for reading, no personal data) and manifest.json (file hashes, the signed checkpoint, the verifier key, ' +
    'a consistency proof from the previous checkpoint). Signs a checkpoint first if the ledger grew. Check it with `ledger verify-export <dir>`.',
})
export class ExportCommand extends CommandRunner {
  constructor(private readonly integrity: LedgerIntegrity, @Inject(CLOCK) private readonly clock: Clock) {
    super();
  }

  async run(_args: string[], flags: ExportFlags): Promise<void> {
    if (!flags.out) {
      console.error('ledger export: --out <dir> is required (a directory that does not exist yet)');
      process.exitCode = 1;
      return;
    }
    const filter: TrailFilter = {
      ...(flags.application !== undefined && { application: flags.application }),
      ...(flags.item !== undefined && { item: flags.item }),
      ...(flags.department !== undefined && { department: flags.department }),
      ...(flags.agency !== undefined && { agency: flags.agency }),
      ...(flags.type !== undefined && { types: flags.type }),
      ...(flags.from !== undefined && { from: flags.from }),
      ...(flags.to !== undefined && { to: flags.to }),
    };
    try {
      const began = Date.now();
      const progress = process.stderr.isTTY ? (scanned: number, total: number, exported: number) => process.stderr.write(`\rexport: ${scanned}/${total} events scanned, ${exported} exported`) : undefined;
      const result = await exportTrail(this.integrity, flags.out, { filter, now: this.clock, onProgress: progress });
      if (progress) process.stderr.write('\n');
      const { manifest } = result;
      console.error(
        `export: ${manifest.eventCount} events written to ${result.directory} in ${((Date.now() - began) / 1000).toFixed(1)} s, proved against checkpoint #${manifest.checkpoint.id} ` +
          `(tree size ${manifest.checkpoint.treeSize}${result.signedNewCheckpoint ? ', signed for this export' : ''})`,
      );
      if (result.notCovered > 0) console.error(`export: ${result.notCovered} events recorded after that checkpoint are not included (no signing key to sign a newer one)`);
      console.log(result.directory);
    } catch (error) {
      console.error(`ledger export: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--out <dir>', description: 'the export directory to create (must not exist)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--application <id>', description: 'one application: its stream and events naming it' })
  parseApplication(value: string): string {
    return value;
  }

  @Option({ flags: '--item <code>', description: 'one licensing item: its own events and those of its applications' })
  parseItem(value: string): string {
    return value;
  }

  @Option({ flags: '--department <name>', description: 'one department (e.g. 治安)' })
  parseDepartment(value: string): string {
    return value;
  }

  @Option({ flags: '--agency <agency>', description: 'one agency (metadata.agency)' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--type <types>', description: 'event types, comma-separated (e.g. ApplicationFiled.v1,DecisionMade.v1)' })
  parseType(value: string): string[] {
    return value.split(',').map((type) => type.trim());
  }

  @Option({ flags: '--from <instant>', description: 'business time from (inclusive), ISO-8601 with offset' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <instant>', description: 'business time to (exclusive), ISO-8601 with offset' })
  parseTo(value: string): string {
    return value;
  }
}
