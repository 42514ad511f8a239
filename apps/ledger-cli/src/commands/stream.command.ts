import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { QueryBus } from '@nestjs/cqrs';
import {
  AccessLog,
  GetStreamEvents,
  LEDGER_CONFIG,
  LedgerConfig,
  readStreamWithPersonalData,
  toProblem,
} from '@ledger/ledger';
import { authorshipText } from '@ledger/domain';
import { cliOperator, requirePurpose } from './cli-operator';

@Command({
  name: 'stream',
  arguments: '<streamId>',
  description:
    "Print a stream's events in order (personal data withheld unless --personal-data --purpose …, which is first recorded as PersonalDataAccessed.v1 with your OS user)",
})
export class StreamCommand extends CommandRunner {
  constructor(
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([streamId]: string[], flags: { personalData?: boolean; json?: boolean; purpose?: string }): Promise<void> {
    try {
      const events = flags.personalData
        ? await readStreamWithPersonalData(
            this.queries,
            this.accessLog,
            streamId,
            { ...cliOperator(), role: 'operator', purpose: requirePurpose(flags.purpose, 'a read of personal data') },
            this.config.defaultAgency,
          )
        : await this.queries.execute(new GetStreamEvents(streamId, false));
      for (const e of events) {
        if (flags.json) console.log(JSON.stringify(e));
        else
          console.log(
            `#${e.revision} @${e.position} ${e.type} at ${e.at} (recorded ${e.metadata.ledgerTime} ${authorshipText(e.metadata)})\n    ${JSON.stringify(e.data)}`,
          );
      }
    } catch (error) {
      const problem =
        error instanceof Error && !('kind' in error) && !('code' in error)
          ? { detail: error.message }
          : toProblem(error);
      console.error(`ledger stream: ${problem.detail}`);
      process.exitCode = 1;
    }
  }

  @Option({
    flags: '--personal-data',
    description: 'show personal data decrypted (operators entitled to it only; needs --purpose; recorded)',
  })
  parsePersonal(): boolean {
    return true;
  }

  @Option({
    flags: '--purpose <text>',
    description: 'why personal data is read (required with --personal-data; recorded)',
  })
  parsePurpose(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'one JSON event per line' })
  parseJson(): boolean {
    return true;
  }
}
