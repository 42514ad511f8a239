import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AccessLog, CLOCK, Clock, LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger';
import { cliOperator, requirePurpose } from './cli-operator';
import { LedgerIntegrity, type TrailFilter, exportTrail, sqliteFileOf } from '@ledger/integrity';

interface ExportFlags {
  out?: string;
  application?: string;
  item?: string;
  department?: string;
  agency?: string;
  type?: string[];
  from?: string;
  to?: string;
  purpose?: string;
}

@Command({
  name: 'export',
  description:
    'Export an event trail as evidence into a new directory: events.ndjson (authoritative, canonical events with leaf hashes), proofs.ndjson ' +
    '(an inclusion proof per event), events.csv (for reading, no personal data) and manifest.json (file hashes, the signed checkpoint, the verifier key, ' +
    'a consistency proof from the previous checkpoint). Signs a checkpoint first if the ledger grew. Recorded first as TrailExported.v1 (filters, count, ' +
    'manifest SHA-256, --purpose, your OS user) on the access log. Check it with `ledger verify-export <dir>`.',
})
export class ExportCommand extends CommandRunner {
  constructor(
    private readonly integrity: LedgerIntegrity,
    private readonly accessLog: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
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
      // Ids are per agency: an application's trail is that of one agency's application.
      ...(flags.agency !== undefined
        ? { agency: flags.agency }
        : flags.application !== undefined && { agency: this.config.defaultAgency }),
      ...(flags.type !== undefined && { types: flags.type }),
      ...(flags.from !== undefined && { from: flags.from }),
      ...(flags.to !== undefined && { to: flags.to }),
    };
    try {
      const purpose = requirePurpose(flags.purpose, 'an export');
      const operator = cliOperator();
      const began = Date.now();
      const progress = process.stderr.isTTY
        ? (scanned: number, total: number, exported: number) =>
            process.stderr.write(`\rexport: ${scanned}/${total} events scanned, ${exported} exported`)
        : undefined;
      const result = await exportTrail(this.integrity, flags.out, {
        filter,
        now: this.clock,
        onProgress: progress,
        // The store's own reads (the metrics wrapper passes them on): threads may read its file.
        storeFile: sqliteFileOf(this.integrity.store),
        // As the API does for trails: the export exists only once it is recorded.
        beforePublish: async (manifest, manifestSha256) => {
          await this.accessLog.record(
            {
              type: 'TrailExported.v1',
              data: {
                filters: recordedFilters(filter),
                events: manifest.eventCount,
                purpose,
                includesPersonalData: false,
                manifestSha256,
                osUser: operator.osUser,
              },
            },
            {
              agency: filter.agency ?? this.config.defaultAgency,
              actor: operator.actor,
              principal: operator.principal,
            },
          );
        },
      });
      if (progress) process.stderr.write('\n');
      const { manifest } = result;
      console.error(
        `export: ${manifest.eventCount} events written to ${result.directory} in ${((Date.now() - began) / 1000).toFixed(1)} s, proved against checkpoint #${manifest.checkpoint.id} ` +
          `(tree size ${manifest.checkpoint.treeSize}${result.signedNewCheckpoint ? ', signed for this export' : ''})`,
      );
      if (manifest.fallbackEncodedEvents) {
        console.error(
          `export: ${manifest.fallbackEncodedEvents} event(s) cannot be written in RFC 8785 (a lone UTF-16 surrogate) and are hashed with the fallback encoding described in the manifest`,
        );
      }
      if (result.notCovered > 0)
        console.error(
          `export: ${result.notCovered} events recorded after that checkpoint are not included (no signing key to sign a newer one)`,
        );
      console.log(result.directory);
    } catch (error) {
      console.error(`ledger export: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }

  @Option({
    flags: '--purpose <text>',
    description: 'why the trail is exported (required; recorded with your OS user)',
  })
  parsePurpose(value: string): string {
    return value;
  }

  @Option({ flags: '--out <dir>', description: 'the export directory to create (must not exist)' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--application <id>',
    description:
      "one application of one agency (--agency, default LEDGER_AGENCY): its stream and the agency's events naming it",
  })
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

  @Option({
    flags: '--type <types>',
    description: 'event types, comma-separated (e.g. ApplicationFiled.v1,DecisionMade.v1)',
  })
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

/** The filters as the access-log event holds them (strings only). */
function recordedFilters(filter: TrailFilter): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const [name, value] of Object.entries(filter))
    if (value !== undefined) recorded[name] = Array.isArray(value) ? value.join(',') : String(value);
  return recorded;
}
