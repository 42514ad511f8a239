import { Command, CommandRunner, Option } from 'nest-commander';
import { Inject } from '@nestjs/common';
import { ValidationError } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';
import {
  RegionFiguresService,
  YearlyFiguresService,
  parseFiguresQuery,
  parseRegionFiguresQuery,
} from '@ledger/projections';
import { breakdownTable, figuresTable } from './figures-table';

@Command({
  name: 'figures',
  arguments: '<year>',
  description:
    'Print the yearly figures of an agency, or of a region rolled up (--region), as a table (with the year before), optionally as of an instant or broken down; --json for the JSON document of GET /v1/figures/{year}',
})
export class FiguresCommand extends CommandRunner {
  constructor(
    private readonly figures: YearlyFiguresService,
    private readonly regions: RegionFiguresService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run(
    [year]: string[],
    flags: { agency?: string; region?: string; asOf?: string; by?: 'departments' | 'items'; json?: boolean },
  ): Promise<void> {
    try {
      if (flags.region !== undefined && flags.agency !== undefined)
        throw new ValidationError(
          'FIGURES.AGENCY_AND_REGION',
          'give either --agency or --region, not both: a region adds up the agencies it holds',
          'region',
        );
      const document =
        flags.region !== undefined
          ? await this.regions.rollUp(parseRegionFiguresQuery(year, flags.region, flags.asOf))
          : await this.figures.figures(parseFiguresQuery(year, flags.agency ?? this.config.defaultAgency, flags.asOf));
      const body = (flags.by ? document[flags.by] : document.figures) as unknown as Record<string, unknown>;
      if (flags.json) console.log(JSON.stringify(body, null, 2));
      else process.stdout.write(flags.by ? breakdownTable(body, flags.by) : figuresTable(body));
    } catch (error) {
      console.error(`ledger figures: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--agency <agency>', description: 'defaults to LEDGER_AGENCY' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({
    flags: '--region <code>',
    description:
      "a region code of the hierarchy (ledger regions show): its agencies' figures added up, rates from the summed numerators and denominators",
  })
  parseRegion(value: string): string {
    return value;
  }

  @Option({
    flags: '--as-of <instant>',
    description: 'count only what was recorded by this instant, e.g. 2021-03-30T18:00:00+08:00',
  })
  parseAsOf(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'the JSON document instead of the table' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--by <breakdown>', description: 'departments or items' })
  parseBy(value: string): string {
    if (value !== 'departments' && value !== 'items') throw new Error('--by must be departments or items');
    return value;
  }
}
