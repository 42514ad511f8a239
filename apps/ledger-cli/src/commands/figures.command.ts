import { Command, CommandRunner, Option } from 'nest-commander';
import { Inject } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';
import { YearlyFiguresService, parseFiguresQuery } from '@ledger/projections';

@Command({ name: 'figures', arguments: '<year>', description: 'Print the yearly figures (JSON) of an agency, optionally as of an instant or broken down' })
export class FiguresCommand extends CommandRunner {
  constructor(private readonly figures: YearlyFiguresService, @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run([year]: string[], flags: { agency?: string; asOf?: string; by?: 'departments' | 'items' }): Promise<void> {
    try {
      const document = await this.figures.figures(parseFiguresQuery(year, flags.agency ?? this.config.defaultAgency, flags.asOf));
      console.log(JSON.stringify(flags.by ? document[flags.by] : document.figures, null, 2));
    } catch (error) {
      console.error(`ledger figures: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--agency <agency>', description: 'defaults to LEDGER_AGENCY' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--as-of <instant>', description: 'count only what was recorded by this instant, e.g. 2021-03-30T18:00:00+08:00' })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({ flags: '--by <breakdown>', description: 'departments or items' })
  parseBy(value: string): string {
    if (value !== 'departments' && value !== 'items') throw new Error('--by must be departments or items');
    return value;
  }
}
