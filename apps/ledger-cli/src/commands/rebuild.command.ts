import { Command, CommandRunner, Option } from 'nest-commander';
import { Presets, SingleBar } from 'cli-progress';
import { toProblem } from '@ledger/ledger';
import { MAX_YEAR, MIN_YEAR, YearlyFiguresService } from '@ledger/projections';

@Command({
  name: 'rebuild',
  arguments: '<projection>',
  description:
    "Rebuild a projection by name from the events (e.g. yearly-figures): whole, or only one year's figures with --year. " +
    'Whole, it rebuilds the checkpoint of every partition (LEDGER_PROJECTION_PARTITIONS), so projector instances started afterwards resume from them',
})
export class RebuildCommand extends CommandRunner {
  constructor(private readonly figures: YearlyFiguresService) {
    super();
  }

  async run([name]: string[], flags: { year?: number }): Promise<void> {
    // Each partition reads every event: the bar names the checkpoint it is rebuilding and starts again for the next.
    const bar = new SingleBar(
      { format: `rebuild {checkpoint} [{bar}] {percentage}% | {value}/{total} events`, stream: process.stderr },
      Presets.shades_classic,
    );
    let started = false;
    const began = Date.now();
    try {
      const result = await this.figures.rebuild(name, flags.year, (p) => {
        const total = Number(p.head ?? 0);
        const checkpoint = p.checkpoint ?? name;
        if (!started && process.stderr.isTTY) {
          bar.start(Math.max(total, p.applied), 0, { checkpoint });
          started = true;
        }
        if (started) bar.update(Math.min(p.applied, bar.getTotal()), { checkpoint });
      });
      if (started) bar.stop();
      const seconds = (Date.now() - began) / 1000;
      const checkpoints = result.checkpoints.length
        ? `; checkpoint${result.checkpoints.length > 1 ? 's' : ''} ${result.checkpoints.join(', ')} rebuilt`
        : '';
      console.log(
        `rebuilt ${result.projection}${result.year ? ` for ${result.year}` : ''}: ${result.eventsApplied} events applied, ${result.documents} figure documents written in ${seconds.toFixed(1)} s${checkpoints}`,
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
