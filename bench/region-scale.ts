/**
 * The multi-agency ledger at scale (issue #15): a city of N agencies written through the
 * command handlers (`ledger demo --agencies N`), the yearly figures rebuilt as one partition and
 * as two partitions' worth of projector work, and the region roll-up's latency. Run alone, on a
 * quiet machine:
 *
 *   node -r @swc-node/register bench/region-scale.ts --agencies 8 --scale 0.1 [--years 2020] [--out bench/results-region.md]
 *
 * Writes a Markdown report (stdout and --out). Every figure states what it was measured on.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDefaultCalendar } from '@ledger/domain';
import { DemoWriter, DemoYear, SimulatedClock, cityPlan, DEMO_CITY } from '@ledger/demo';
import { decodeStoredEvent } from '@ledger/kernel';
import { LedgerCommands, RegionHierarchyStore } from '@ledger/ledger';
import { ProjectionsModule, RegionFiguresService, YearlyFiguresAccumulator, rollUp } from '@ledger/projections';
import { runBenchScript } from './lib/child-process';
import type { ProcessUsage } from './lib/child-result';
import { openLedger } from './lib/ledger-context';
import { withKeptSections } from './lib/report-sections';
import type { PartitionRebuildArgs, PartitionRebuildResult } from './partition-rebuild';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const AGENCIES = Number(arg('--agencies', '8'));
const SCALE = Number(arg('--scale', '0.1'));
const YEARS = arg('--years', '2020')
  .split(',')
  .map((y) => Number(y) as DemoYear);
const OUT = arg('--out', path.join(__dirname, 'results-region.md'));

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
const cpu = (child: { usage: ProcessUsage }) => `${(child.usage.measuredCpuSeconds ?? 0).toFixed(1)} CPU s`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-region-'));
  const lines: string[] = [];
  try {
    // 1. Import: the city through the command handlers, as `ledger demo --agencies N` writes it.
    const city = cityPlan({ agencies: AGENCIES, scale: SCALE, years: YEARS });
    const clock = new SimulatedClock();
    const ledger = await openLedger(dir, {
      clock: clock.now,
      extraImports: () => [ProjectionsModule.forRoot({ live: false, storedDocumentsAreCurrent: true })],
    });
    await ledger.app.get(RegionHierarchyStore).load(city.hierarchy, 'bench', city.plans[0].agency);
    const writer = new DemoWriter(ledger.app.get(LedgerCommands), clock, loadDefaultCalendar());
    let events = 0;
    let commands = 0;
    let failed = 0;
    const importStart = process.hrtime.bigint();
    for (const plan of city.plans) {
      const summary = await writer.write(plan, { concurrency: 256 });
      events += summary.recordedEvents;
      commands += summary.completed;
      failed += summary.failed;
      process.stderr.write(
        `  import ${plan.agency}: ${summary.recordedEvents} events in ${summary.seconds.toFixed(1)} s\n`,
      );
    }
    const importSeconds = seconds(importStart);
    const storeEvents = Number((await ledger.store.headPosition())?.commit ?? 0);

    // 2. Rebuild: the projector's rebuild of one partition holding every agency, then of each of
    //    two partitions at once, one process each (two projector instances sharing the machine):
    //    each reads every event and decodes and applies only its own partition's records.
    const rebuild = (partition: number, partitions: number) =>
      runBenchScript<PartitionRebuildResult>(
        'partition-rebuild.ts',
        { dataDir: dir, partition, partitions } satisfies PartitionRebuildArgs,
        { workDir: dir },
      );
    const one = await rebuild(0, 1);
    const two = await Promise.all([rebuild(0, 2), rebuild(1, 2)]);
    const twoSeconds = (Math.max(...two.map((t) => t.endedAtMs)) - Math.min(...two.map((t) => t.startedAtMs))) / 1000;
    const calendar = loadDefaultCalendar();

    // 3. Roll-up: the pure sum over the city's figures, and the service as an API replica serves it
    //    (stored documents read, parsed and added; the first call computes and stores them).
    const accumulator = new YearlyFiguresAccumulator({ calendar });
    for await (const stored of ledger.store.readAll()) {
      const decoded = decodeStoredEvent(stored);
      if (decoded.kind === 'fact') accumulator.apply(decoded.event);
    }
    const figures = accumulator.agencies().map((a) => accumulator.figures(a, YEARS[YEARS.length - 1]));
    const pure: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = process.hrtime.bigint();
      rollUp(YEARS[YEARS.length - 1], figures);
      pure.push(seconds(start) * 1000);
    }
    const regions = ledger.app.get(RegionFiguresService);
    const query = { region: DEMO_CITY.code, year: YEARS[YEARS.length - 1] };
    const firstStart = process.hrtime.bigint();
    await regions.rollUp(query);
    const firstMs = seconds(firstStart) * 1000;
    const served: number[] = [];
    for (let i = 0; i < 50; i++) {
      const start = process.hrtime.bigint();
      await regions.rollUp(query);
      served.push(seconds(start) * 1000);
    }
    pure.sort((a, b) => a - b);
    served.sort((a, b) => a - b);
    await ledger.app.close();

    const cpus = os.cpus();
    lines.push(
      `# Region scale bench (${new Date().toISOString().slice(0, 10)})`,
      '',
      `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, load average at start ${os.loadavg()[0].toFixed(1)} (shared with other work). SQLite store and read models, durable settings.`,
      `Command: \`node -r @swc-node/register bench/region-scale.ts --agencies ${AGENCIES} --scale ${SCALE} --years ${YEARS.join(',')}\``,
      '',
      '| measure | value |',
      '|---|---|',
      `| city | ${AGENCIES} agencies (the city bureau at scale ${SCALE}, the others at 1/2 to 1/5 of it), years ${YEARS.join(', ')} |`,
      `| import through the command handlers | ${fmt(commands)} commands, ${fmt(events)} events (${failed} refused) in ${importSeconds.toFixed(1)} s: **${fmt(events / importSeconds)} events/s** |`,
      `| store | ${fmt(storeEvents)} events |`,
      `| rebuild, 1 partition (the projector's rebuild: every event read, decoded and applied) | ${one.seconds.toFixed(1)} s, ${fmt(one.eventsPerSecond)} events/s, ${one.agenciesApplied} agencies, ${cpu(one)} |`,
      ...two.map(
        (t) =>
          `| rebuild, partition ${t.partition} of 2 (its own process) | ${t.seconds.toFixed(1)} s, ${fmt(t.eventsPerSecond)} events/s read, ${fmt(t.eventsDecoded)} of ${fmt(t.eventsRead)} decoded, ${t.agenciesApplied} agencies, ${cpu(t)} |`,
      ),
      `| rebuild, 2 partitions on 2 instances at once (first start to last end) | ${twoSeconds.toFixed(1)} s: **${(one.seconds / twoSeconds).toFixed(2)}×** the single partition's throughput |`,
      `| roll-up, pure \`rollUp\` over ${figures.length} agencies' figures | p50 ${pure[Math.floor(pure.length / 2)].toFixed(3)} ms, p99 ${quantile(pure, 0.99).toFixed(3)} ms |`,
      `| \`GET /v1/figures/{year}?region=${DEMO_CITY.code}\` service path, first call (computes and stores every agency's document) | ${fmt(firstMs)} ms |`,
      `| the same, stored documents (an API replica): 50 calls | p50 ${served[Math.floor(served.length / 2)].toFixed(1)} ms, p95 ${quantile(served, 0.95).toFixed(1)} ms |`,
      '',
    );
    const report = lines.join('\n');
    process.stdout.write(report);
    // The multi-million section (`npm run bench -- --growth`) stays.
    writeFileSync(OUT, withKeptSections(OUT, report, ['region-millions']));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
