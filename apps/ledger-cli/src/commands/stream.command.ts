import { Command, CommandRunner, Option } from 'nest-commander';
import { QueryBus } from '@nestjs/cqrs';
import { GetStreamEvents, toProblem } from '@ledger/ledger';

@Command({ name: 'stream', arguments: '<streamId>', description: "Print a stream's events in order (personal data withheld unless --personal-data)" })
export class StreamCommand extends CommandRunner {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async run([streamId]: string[], flags: { personalData?: boolean; json?: boolean }): Promise<void> {
    try {
      const events = await this.queries.execute(new GetStreamEvents(streamId, flags.personalData === true));
      for (const e of events) {
        if (flags.json) console.log(JSON.stringify(e));
        else console.log(`#${e.revision} @${e.position} ${e.type} at ${e.at} (recorded ${e.metadata.ledgerTime} by ${e.metadata.actor})\n    ${JSON.stringify(e.data)}`);
      }
    } catch (error) {
      const problem = toProblem(error);
      console.error(`ledger stream: ${problem.detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--personal-data', description: 'show personal data (operators entitled to it only)' })
  parsePersonal(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'one JSON event per line' })
  parseJson(): boolean {
    return true;
  }
}
