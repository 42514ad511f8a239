/**
 * `npm run bench -- --growth`: cost as the ledger grows (issue #17 item 3) and the multi-agency
 * ledger at scale (issue #15 item 4), in one run. A city ledger at 1×, 3× and 10× a base size
 * (`city-ledger.ts`: a template city written through the command handlers, copied under other
 * agencies' names through `appendToStream`), and on each, every measure in its own process so
 * that its peak RSS is its own:
 *
 *  - the bulk load itself (events/s through `appendToStream` in batches);
 *  - `ledger rebuild yearly-figures` (`rebuild.ts`);
 *  - one projector instance's pass over the store, then two partitions' passes at once, one
 *    process each (`partition-pass.ts`);
 *  - warm figures of one agency and of the city's roll-up, as an API replica serves them (`figures-queries.ts`);
 *  - index + signed checkpoint, export, verify (`integrity.ts`).
 *
 * Writes the growth section of bench/results.md and the scale section of bench/results-region.md
 * (the largest size). Options: `--quick` (a small city, 1× and 3×, to try it out; writes
 * bench/results.quick.md), `--growth-copies <n>` (copies of the template in the base, default
 * 3), `--growth-factors 1,3,10`, `--keep`, `--render-from <file>` (write the sections again from
 * the measurements a run kept in the temporary directory's parent).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_CITY } from '@ledger/demo';
import type { AppendsArgs, AppendsResult } from './appends';
import type { CityBulkArgs, CityBulkResult, CityTemplateArgs, CityTemplateResult } from './city-ledger';
import type { FiguresQueriesArgs, FiguresQueriesResult } from './figures-queries';
import type { PartitionPassArgs, PartitionPassResult } from './partition-pass';
import { BENCH_DIR, WithUsage, runBenchScript } from './lib/child-process';
import { writeSection } from './lib/report-sections';

const YEAR = 2020;

interface IntegrityResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly intact?: boolean;
  readonly bytes?: number;
}

interface RebuildResult {
  readonly eventsRead: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly documents: number;
}

/** What was measured at one size; a failed step is its error message. */
interface SizeResult {
  readonly factor: number;
  readonly load: WithUsage<CityBulkResult> | string;
  readonly rebuild?: WithUsage<RebuildResult> | string;
  readonly onePartition?: WithUsage<PartitionPassResult> | string;
  readonly twoPartitions?: readonly (WithUsage<PartitionPassResult> | string)[];
  readonly queries?: WithUsage<FiguresQueriesResult> | string;
  readonly checkpoint?: WithUsage<IntegrityResult> | string;
  readonly exported?: WithUsage<IntegrityResult> | string;
  readonly verify?: WithUsage<IntegrityResult> | string;
  /** Durable appends through the command handlers onto the grown store (measured last: they add to it). */
  readonly appends?: WithUsage<AppendsResult> | string;
}

interface GrowthSettings {
  readonly templateAgencies: number;
  readonly templateScale: number;
  readonly baseCopies: number;
  readonly factors: readonly number[];
  readonly batchEvents: number;
  readonly queryCalls: number;
  /** How long the appends onto each grown store run. */
  readonly appendSeconds: number;
}

const argValue = (argv: readonly string[], name: string) =>
  argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : undefined;

function settingsFrom(argv: readonly string[]): GrowthSettings {
  const quick = argv.includes('--quick');
  const factors = (argValue(argv, '--growth-factors') ?? (quick ? '1,3' : '1,3,10')).split(',').map(Number);
  const baseCopies = Number(argValue(argv, '--growth-copies') ?? (quick ? 2 : 3));
  if (factors.some((f) => !Number.isInteger(f) || f < 1) || !Number.isInteger(baseCopies) || baseCopies < 1)
    throw new Error('--growth-factors takes whole numbers ≥ 1 (e.g. 1,3,10), --growth-copies a whole number ≥ 1');
  return {
    templateAgencies: quick ? 4 : 8,
    templateScale: quick ? 0.003 : 0.02,
    baseCopies,
    factors,
    batchEvents: 2_000,
    queryCalls: quick ? 20 : 50,
    appendSeconds: quick ? 3 : 10,
  };
}

const isResult = <T>(v: T | string | undefined): v is T => v !== undefined && typeof v !== 'string';

export async function growthBench(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const renderFrom = argValue(argv, '--render-from');
  if (renderFrom) {
    const saved = JSON.parse(readFileSync(renderFrom, 'utf8')) as SavedRun;
    writeReports(saved, quick);
    return;
  }
  const settings = settingsFrom(argv);
  const keep = argv.includes('--keep');
  const root = mkdtempSync(path.join(os.tmpdir(), 'ledger-growth-'));
  const startedMs = Date.now();
  const loads: number[] = [];
  const log = (message: string) => {
    loads.push(os.loadavg()[0]);
    process.stderr.write(`[growth ${((Date.now() - startedMs) / 1000).toFixed(0).padStart(5)} s] ${message}\n`);
  };
  const child = <T extends object>(script: string, args: object) =>
    runBenchScript<T>(script, args, { workDir: root, timeoutMs: 60 * 60_000 });
  const attempt = async <T>(label: string, work: () => Promise<T>): Promise<T | string> => {
    log(`${label}…`);
    try {
      const value = await work();
      log(`${label}: done`);
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${label}: FAILED: ${message}`);
      return message;
    }
  };
  const dirOf = (name: string) => {
    const d = path.join(root, name);
    mkdirSync(d, { recursive: true });
    return d;
  };

  try {
    const templateDir = dirOf('template');
    const template = await attempt(
      `template: ${settings.templateAgencies} agencies at scale ${settings.templateScale} through the command handlers`,
      () =>
        child<CityTemplateResult>('city-ledger.ts', {
          mode: 'template',
          dataDir: templateDir,
          agencies: settings.templateAgencies,
          scale: settings.templateScale,
          years: [YEAR],
          concurrency: 256,
        } satisfies CityTemplateArgs),
    );
    if (!isResult(template)) throw new Error(`the template failed: ${template}`);

    const sizes: SizeResult[] = [];
    for (const factor of settings.factors) {
      const copies = settings.baseCopies * factor;
      const dataDir = dirOf(`city-${factor}x`);
      const label = `${factor}× (${settings.templateAgencies * copies} agencies)`;
      const load = await attempt(`${label}: bulk load through appendToStream`, () =>
        child<CityBulkResult>('city-ledger.ts', {
          mode: 'bulk',
          templateDir,
          dataDir,
          agencies: settings.templateAgencies,
          copies,
          batchEvents: settings.batchEvents,
        } satisfies CityBulkArgs),
      );
      if (!isResult(load)) {
        sizes.push({ factor, load });
        continue;
      }
      const rebuild = await attempt(`${label}: ledger rebuild yearly-figures`, () =>
        child<RebuildResult>('rebuild.ts', { dataDir, year: YEAR }),
      );
      const pass = (partition: number, partitions: number) =>
        child<PartitionPassResult>('partition-pass.ts', { dataDir, partition, partitions } satisfies PartitionPassArgs);
      const onePartition = await attempt(`${label}: one partition's pass`, () => pass(0, 1));
      log(`${label}: two partitions' passes at once, one process each…`);
      const twoPartitions = await Promise.all(
        [0, 1].map((p) =>
          pass(p, 2).catch((error: unknown) => (error instanceof Error ? error.message : String(error))),
        ),
      );
      const queries = isResult(rebuild)
        ? await attempt(`${label}: warm agency and region figures`, () =>
            child<FiguresQueriesResult>('figures-queries.ts', {
              dataDir,
              year: YEAR,
              agency: 'jiangmen-psb',
              region: DEMO_CITY.code,
              calls: settings.queryCalls,
            } satisfies FiguresQueriesArgs),
          )
        : undefined;
      const checkpoint = await attempt(`${label}: index + signed checkpoint`, () =>
        child<IntegrityResult>('integrity.ts', { mode: 'checkpoint', dataDir }),
      );
      const outDir = path.join(root, `export-${factor}x`);
      const exported = await attempt(`${label}: export`, () =>
        child<IntegrityResult>('integrity.ts', { mode: 'export', dataDir, outDir }),
      );
      rmSync(outDir, { recursive: true, force: true });
      const verify = await attempt(`${label}: verify`, () =>
        child<IntegrityResult>('integrity.ts', { mode: 'verify', dataDir }),
      );
      const appends = await attempt(`${label}: durable appends through the command handlers`, () =>
        child<AppendsResult>('appends.ts', {
          dataDir,
          seconds: settings.appendSeconds,
          maxCommands: 200_000,
          concurrency: 256,
          scale: 0.1,
          agency: 'growth-probe',
        } satisfies AppendsArgs),
      );
      sizes.push({
        factor,
        load,
        rebuild,
        onePartition,
        twoPartitions,
        queries,
        checkpoint,
        exported,
        verify,
        appends,
      });
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    }

    const meta: Meta = {
      startedMs,
      minutes: (Date.now() - startedMs) / 60_000,
      loads,
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      totalMemGiB: os.totalmem() / 2 ** 30,
      node: process.version,
      command: `npm run bench -- ${argv.join(' ')}`,
      niceness: os.getPriority(),
    };
    const saved: SavedRun = { settings, template, sizes, meta };
    // Outside the temporary directory, so that the report can be written again (`--render-from`).
    const savedFile = path.join(os.tmpdir(), `ledger-growth-${startedMs}.json`);
    writeFileSync(savedFile, JSON.stringify(saved, null, 2));
    writeReports(saved, quick);
    log(
      `wrote the growth section of bench/${quick ? 'results.quick.md' : 'results.md'}; measurements kept in ${savedFile}`,
    );
  } finally {
    if (keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

interface SavedRun {
  readonly settings: GrowthSettings;
  readonly template: CityTemplateResult;
  readonly sizes: readonly SizeResult[];
  readonly meta: Meta;
}

/** The growth section of bench/results.md and the multi-million section of bench/results-region.md. */
function writeReports({ settings, template, sizes, meta }: SavedRun, quick: boolean): void {
  const growth = renderGrowth(settings, template, sizes, meta);
  const region = renderRegionScale(settings, template, sizes, meta);
  process.stdout.write(`${growth}\n${region}\n`);
  writeSection(path.join(BENCH_DIR, quick ? 'results.quick.md' : 'results.md'), 'growth', growth);
  writeSection(path.join(BENCH_DIR, quick ? 'results.quick.md' : 'results-region.md'), 'region-millions', region);
}

interface Meta {
  readonly startedMs: number;
  readonly minutes: number;
  readonly loads: readonly number[];
  readonly cores: number;
  readonly cpuModel: string;
  readonly totalMemGiB: number;
  readonly node: string;
  readonly command: string;
  /** The run's scheduling priority (`nice`): on a shared machine, other work goes first. */
  readonly niceness?: number;
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);

/** Two partitions' passes run at once: the wall time of the pair, from the first start to the last end. */
function pairWallSeconds(pair: readonly (PartitionPassResult | string)[] | undefined): number | undefined {
  if (!pair || !pair.every(isResult)) return undefined;
  const passes = pair as readonly PartitionPassResult[];
  return (Math.max(...passes.map((p) => p.endedAtMs)) - Math.min(...passes.map((p) => p.startedAtMs))) / 1000;
}

function machineLines(meta: Meta): string[] {
  return [
    `Run on ${new Date(meta.startedMs).toISOString().slice(0, 16).replace('T', ' ')} UTC by \`${meta.command}\` (${meta.minutes.toFixed(1)} minutes in all)${meta.niceness ? `, under \`nice -n ${meta.niceness}\`` : ''}.`,
    '',
    `- Machine: ${meta.cores} cores (${meta.cpuModel}), ${fmt(meta.totalMemGiB, 0)} GiB RAM; Node ${meta.node}. **Shared**: other work ran on the machine during the run (load average sampled between steps: ${meta.loads.map((l) => l.toFixed(1)).join(', ')}), so absolute rates are below a quiet run's; the ratios between sizes, measured in the same run, are what counts.`,
  ];
}

function howMade(settings: GrowthSettings, template: CityTemplateResult): string {
  return `- The ledger: a template city of ${template.agencies} agencies (\`cityPlan({ agencies: ${template.agencies}, scale: ${settings.templateScale}, years: [${YEAR}] })\`) written through the command handlers by the demo writer (${fmt(template.events)} events, ${fmt(template.commands)} commands, ${fmt(template.failed)} refused, at ${fmt(template.eventsPerSecond)} events/s), then written again into a fresh store through the store's \`appendToStream\` (bench/city-ledger.ts): ${settings.baseCopies} copies at 1×, each copy's agency, stream names and event ids those of other agencies of the same \`cityPlan\`, ${fmt(settings.batchEvents)} template events per batch with every stream of the batch appended at once (the group commit makes thousands of appends one durable transaction). Data, business and ledger times and revisions are the command path's; sealed personal data stays sealed under the template's subject keys.`;
}

export function renderGrowth(
  settings: GrowthSettings,
  template: CityTemplateResult,
  sizes: readonly SizeResult[],
  meta: Meta,
): string {
  const lines: string[] = [
    `## Growth: cost as the ledger grows (${new Date(meta.startedMs).toISOString().slice(0, 10)})`,
    '',
    ...machineLines(meta),
    howMade(settings, template),
    "- Each measure runs in its own process; peak RSS is that process's (`process.resourceUsage().maxRSS`). \"10× / 1×\" divides the largest size's figure by the base's: about 1.00× for a rate means the cost per event stays flat as the ledger grows; for RSS, how much more memory the larger ledger took.",
    '',
  ];
  const header = sizes.map((s) => {
    const events = isResult(s.load) ? `${fmt(s.load.events / 1e6, 2)} M events, ${s.load.agencies} agencies` : '—';
    return `${s.factor}× (${events})`;
  });
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const ratioLabel = `${last.factor}× / ${first.factor}×`;
  lines.push(`| measure | ${header.join(' | ')} | ${ratioLabel} |`, `|---|${sizes.map(() => '---:|').join('')}---:|`);
  const row = (label: string, value: (s: SizeResult) => number | undefined, show: (n: number) => string = fmt) => {
    const values = sizes.map(value);
    const a = values[0];
    const b = values[values.length - 1];
    const r = a !== undefined && b !== undefined && a > 0 ? `${(b / a).toFixed(2)}×` : '—';
    const cells = sizes.map((s, i) => {
      const v = values[i];
      return v === undefined ? failedCell(s, label) : show(v);
    });
    lines.push(`| ${label} | ${cells.join(' | ')} | ${r} |`);
  };
  const rate =
    <K extends keyof SizeResult>(key: K) =>
    (s: SizeResult) => {
      const v = s[key];
      return isResult(v) ? (v as unknown as { eventsPerSecond: number }).eventsPerSecond : undefined;
    };
  const rss =
    <K extends keyof SizeResult>(key: K) =>
    (s: SizeResult) => {
      const v = s[key];
      return isResult(v) ? (v as unknown as WithUsage<object>).usage.peakRssMb : undefined;
    };
  const query = (pick: (q: FiguresQueriesResult) => number) => (s: SizeResult) =>
    isResult(s.queries) ? pick(s.queries) : undefined;
  row('bulk load through `appendToStream`, events/s', rate('load'));
  row('same, peak RSS, MB', rss('load'));
  row('`ledger rebuild yearly-figures` (read, decode, apply, write the documents), events/s', rate('rebuild'));
  row('same, peak RSS, MB', rss('rebuild'));
  row("one projector instance's pass (read + decode + apply every event), events/s", rate('onePartition'));
  row('same, peak RSS, MB', rss('onePartition'));
  row(
    "two partitions' passes at once (two processes), wall s / one partition's s",
    (s) => {
      const pair = pairWallSeconds(s.twoPartitions as (PartitionPassResult | string)[] | undefined);
      return pair !== undefined && isResult(s.onePartition) ? pair / s.onePartition.seconds : undefined;
    },
    (n) => `${n.toFixed(2)}`,
  );
  row(
    'warm `GET /v1/figures/2020` of one agency (stored document), p50 ms',
    query((q) => q.agency.p50Ms),
    ms,
  );
  row(
    'same, p99 ms',
    query((q) => q.agency.p99Ms),
    ms,
  );
  row(
    `warm roll-up of the city (${DEMO_CITY.code}, every agency), p50 ms`,
    query((q) => q.region.p50Ms),
    ms,
  );
  row(
    'same, p99 ms',
    query((q) => q.region.p99Ms),
    ms,
  );
  row(
    'same, per agency of the city, p50 ms',
    query((q) => q.region.p50Ms / q.regionAgencies),
    ms,
  );
  row('figures queries process, peak RSS, MB', rss('queries'));
  row('index + signed checkpoint, events/s', rate('checkpoint'));
  row('same, peak RSS, MB', rss('checkpoint'));
  row('export (`ledger export`), events/s', rate('exported'));
  row('same, peak RSS, MB', rss('exported'));
  row('`ledger verify`, events/s', rate('verify'));
  row('same, peak RSS, MB', rss('verify'));
  row('durable appends through the command handlers onto the grown store (256 in flight), events/s', rate('appends'));
  row('same, latency per command p50, ms', (s) => (isResult(s.appends) ? s.appends.latency.p50Ms : undefined), ms);
  row('same, p99 ms', (s) => (isResult(s.appends) ? s.appends.latency.p99Ms : undefined), ms);
  row('same, peak RSS, MB', rss('appends'));
  lines.push('');
  const notes = sizes.flatMap((s) => {
    const out: string[] = [];
    if (isResult(s.verify) && s.verify.intact === false) out.push(`verify did not find the ${s.factor}× store intact`);
    if (isResult(s.queries) && isResult(s.load) && s.queries.regionAgencies !== s.load.agencies)
      out.push(`the ${s.factor}× roll-up added ${s.queries.regionAgencies} agencies of ${s.load.agencies}`);
    return out;
  });
  if (notes.length) lines.push(`Problems: ${notes.join('; ')}.`, '');
  return lines.join('\n');
}

function failedCell(s: SizeResult, label: string): string {
  const error = typeof s.load === 'string' ? s.load : undefined;
  return error ? `load failed: ${error}` : label.includes('RSS') ? '—' : 'failed';
}

export function renderRegionScale(
  settings: GrowthSettings,
  template: CityTemplateResult,
  sizes: readonly SizeResult[],
  meta: Meta,
): string {
  const largest = [...sizes].reverse().find((s) => isResult(s.load));
  const lines: string[] = [
    `## A city of millions of events (${new Date(meta.startedMs).toISOString().slice(0, 10)}, from the growth run)`,
    '',
    ...machineLines(meta),
    howMade(settings, template),
    '',
  ];
  if (!largest || !isResult(largest.load)) {
    lines.push('No size was loaded.', '');
    return lines.join('\n');
  }
  const load = largest.load;
  const one = isResult(largest.onePartition) ? largest.onePartition : undefined;
  const pair = (largest.twoPartitions ?? []).filter(isResult) as WithUsage<PartitionPassResult>[];
  const pairWall = pairWallSeconds(largest.twoPartitions as (PartitionPassResult | string)[] | undefined);
  const rebuild = isResult(largest.rebuild) ? largest.rebuild : undefined;
  const q = isResult(largest.queries) ? largest.queries : undefined;
  lines.push(
    '| measure | value |',
    '|---|---|',
    `| ledger | ${fmt(load.events)} events, ${load.agencies} agencies in the city ${DEMO_CITY.code} (${largest.factor}× the growth run's base) |`,
    `| command path (the template, through the handlers) | ${fmt(template.events)} events at **${fmt(template.eventsPerSecond)} events/s** |`,
    `| bulk load through \`appendToStream\` in batches | ${load.seconds.toFixed(1)} s: **${fmt(load.eventsPerSecond)} events/s**; ${fmt(load.transactions)} durable commits, ${fmt(load.appendsPerTransaction)} appends each; peak RSS ${fmt(load.usage.peakRssMb)} MB |`,
    `| \`ledger rebuild yearly-figures\` (one process: read, decode, apply, write ${rebuild ? fmt(rebuild.documents) : '—'} documents) | ${rebuild ? `${rebuild.seconds.toFixed(1)} s, ${fmt(rebuild.eventsPerSecond)} events/s, peak RSS ${fmt(rebuild.usage.peakRssMb)} MB` : String(largest.rebuild)} |`,
    `| rebuild as one partition (one projector instance: read + decode + apply every event) | ${one ? `${one.seconds.toFixed(1)} s, ${fmt(one.eventsPerSecond)} events/s, ${one.agenciesApplied} agencies, peak RSS ${fmt(one.usage.peakRssMb)} MB` : String(largest.onePartition)} |`,
    ...pair.map(
      (p) =>
        `| rebuild, partition ${p.partition} of 2 (its own process, both at once) | ${p.seconds.toFixed(1)} s, ${fmt(p.eventsPerSecond)} events/s read, ${p.agenciesApplied} agencies applied, peak RSS ${fmt(p.usage.peakRssMb)} MB |`,
    ),
    `| two partitions on two instances (wall time of the pair) | ${pairWall !== undefined && one ? `${pairWall.toFixed(1)} s: ${(one.seconds / pairWall).toFixed(2)}× the single partition's speed` : '—'} |`,
    `| \`GET /v1/figures/${YEAR}?region=${DEMO_CITY.code}\` service path (stored documents, an API replica), first call | ${q ? `${fmt(q.regionFirstMs)} ms for ${q.regionAgencies} agencies` : String(largest.queries)} |`,
    `| the same, ${q?.region.count ?? '—'} calls | ${q ? `p50 ${ms(q.region.p50Ms)} ms, p99 ${ms(q.region.p99Ms)} ms` : '—'} |`,
    `| one agency's \`GET /v1/figures/${YEAR}\`, ${q?.agency.count ?? '—'} calls | ${q ? `p50 ${ms(q.agency.p50Ms)} ms, p99 ${ms(q.agency.p99Ms)} ms` : '—'} |`,
    '',
  );
  return lines.join('\n');
}
