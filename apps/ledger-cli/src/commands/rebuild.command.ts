import { Command, CommandRunner, Option } from 'nest-commander';
import { Presets, SingleBar } from 'cli-progress';
import { toProblem } from '@ledger/ledger';
import { MAX_YEAR, MIN_YEAR, YearlyFiguresService } from '@ledger/projections';

@Command({
  name: 'rebuild',
  arguments: '<projection>',
  description:
    "Rebuild a projection by name from the events (e.g. yearly-figures): whole, or only one year's figures with --year",
})
export class RebuildCommand extends CommandRunner {
  constructor(private readonly figures: YearlyFiguresService) {
    super();
  }

  async run([name]: string[], flags: { year?: number }): Promise<void> {
    const bar = new SingleBar(
      { format: `rebuild ${name} [{bar}] {percentage}% | {value}/{total} events`, stream: process.stderr },
      Presets.shades_classic,
    );
    let started = false;
    const began = Date.now();
    try {
      const result = await this.figures.rebuild(name, flags.year, (p) => {
        const total = Number(p.head ?? 0);
        if (!started && process.stderr.isTTY) {
          bar.start(Math.max(total, p.applied), 0);
          started = true;
        }
        if (started) bar.update(Math.min(p.applied, bar.getTotal()));
      });
      if (started) bar.stop();
      const seconds = (Date.now() - began) / 1000;
      console.log(
        `rebuilt ${result.projection}${result.year ? ` for ${result.year}` : ''}: ${result.eventsApplied} events applied, ${result.documents} figure documents written in ${seconds.toFixed(1)} s`,
      );
    } catch (error) {
      if (started) bar.stop();
      console.error(`ledger rebuild: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--year <year>', description: "only recompute this year's figures" })
  parseYear(value: string): number {
    if (!/^\d{4}$/.test(value) || +value < MIN_YEAR || +value > MAX_YEAR)
      throw new Error(`--year must be a year from ${MIN_YEAR} to ${MAX_YEAR}`);
    return Number(value);
  }
}
