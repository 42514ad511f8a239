/**
 * `npm run bench` — the ledger measured against what a user would otherwise pick, in one run on
 * one machine (issue #7). Prints a Markdown report on stdout and writes it to bench/results.md.
 *
 * Every sub-benchmark runs in its own child process (so that peak RSS is its own), in a fresh
 * temporary directory, with durable settings for everyone (SQLite WAL, synchronous = FULL):
 *
 *  1. durable per-command appends through the command handlers (`appends.ts`);
 *  2. bulk import of the Jiangmen demo year at full scale (`demo-import.ts`);
 *  3. full rebuild of that year's figures from the store (`rebuild.ts`);
 *  4. warm `GET /v1/figures/{year}` and `POST /v1/applications` over HTTP (`api-server.ts` + autocannon);
 *  5. index + signed checkpoint, export of the whole store, `verify` of the whole store (`integrity.ts`);
 *     then what a scheduled checkpoint soon after growth costs on that store, with and without a witness (`checkpoint-cost.ts`);
 *  6. Emmett's SQLite event store and raw better-sqlite3 on the same events (`peers.ts`);
 *  7. appends through the KurrentDB adapter on the in-process test server, against raw client appends (`kurrentdb-appends.ts`).
 *
 * Options (after `npm run bench --`):
 *  - `--quick`: a small year and short runs, written to bench/results.quick.md, to try the bench out;
 *  - `--only 3,5` and `--year-dir <dir>`: some items only, on a year imported earlier (bench/results.partial.md);
 *  - `--keep`: keep the temporary directory (stores, CPU profiles, results.json);
 *  - `--render-from <dir>/results.json`: write the report again from a kept run, without measuring;
 *  - `--out <file>`: write the report there instead;
 *  - `--growth`: instead of the items above, the growth run (`growth.ts`): a city ledger at 1×, 3× and 10× a
 *    base size, rebuild, partitioned passes, warm figures, checkpoint, export and verify at each, peak RSS of
 *    each; writes the growth section of bench/results.md (kept by later full runs) and the multi-million
 *    section of bench/results-region.md. With `--quick`, a small city at 1× and 3× (bench/results.quick.md).
 */
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { JIANGMEN_CATALOGUE } from '@ledger/demo';
import { ProfileSummary, formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary';
import type { PhaseMessage, PhaseReply } from './api-server';
import type { AppendsArgs, AppendsResult } from './appends';
import { type KurrentDbAppendsResult, renderKurrentDbAppends } from './kurrentdb-appends';
import { renderLimits } from './limits-report';
import type { CheckpointCostResult } from './checkpoint-cost';
import { growthBench } from './growth';
import { BENCH_DIR, WithUsage, forwardOutput, runBenchScript, spawnBenchScript } from './lib/child-process';
import type { ProcessUsage } from './lib/child-result';
import { withKeptSections } from './lib/report-sections';
import { LoadResult, runLoad } from './lib/http-load';
import type { LatencySummary } from './lib/stats';

// ---------------------------------------------------------------------------------------------
// Settings

const argv = process.argv.slice(2);
const argValue = (name: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : undefined);
const QUICK = argv.includes('--quick');
const KEEP = argv.includes('--keep');
/** `--only 3,5`: run only these items (6's peers run with the items they are compared with). */
const ONLY = new Set((argValue('--only') ?? '1,2,3,4,5,6,7').split(',').map((item) => item.trim()));
/** `--year-dir <dir>`: use the year already imported there (a kept run's `year` directory) instead of item 2. */
const REUSE_YEAR = argValue('--year-dir');
const PARTIAL = argv.includes('--only') || REUSE_YEAR !== undefined;
const OUT_FILE = argValue('--out')
  ? path.resolve(argValue('--out')!)
  : path.join(BENCH_DIR, QUICK ? 'results.quick.md' : PARTIAL ? 'results.partial.md' : 'results.md');

const SETTINGS = QUICK
  ? {
      appendSeconds: 5,
      appendMaxCommands: 30_000,
      appendPlanScale: 0.02,
      concurrency: 256,
      importScale: 0.05,
      peerSeconds: 3,
      peerReadEvents: 10_000,
      peerHashEvents: 30_000,
      httpSeconds: 5,
      httpCommandSeconds: 5,
    }
  : {
      appendSeconds: 20,
      appendMaxCommands: 200_000,
      appendPlanScale: 0.15,
      concurrency: 256,
      importScale: 1,
      peerSeconds: 10,
      peerReadEvents: 50_000,
      peerHashEvents: 300_000,
      httpSeconds: 10,
      httpCommandSeconds: 15,
    };
const YEAR = 2020;
/** Sections of the results file written by other runs (`--growth`), kept when a full run rewrites it. */
const KEPT_SECTIONS = ['growth'];
/** One supervisor at a time (latency unloaded), then ten at once (the API saturated: throughput and queueing). */
const FIGURES_CONNECTIONS = [1, 10] as const;
const COMMAND_CONNECTIONS = 64;

const TARGETS = {
  appendsEventsPerSecond: 20_000,
  rebuildEventsPerSecond: 400_000,
  rebuildPeakRssMb: 500,
  figuresP99Ms: 10,
  commandsPerSecond: 3_000,
  commandsP99Ms: 50,
  exportVerifyEventsPerSecond: 150_000,
  /**
   * "Flat memory": RSS stops growing with the events read. Judged on the RSS sampled through the
   * measured part: over its second half it grows by less than this factor (caches and the heap
   * settle in the first; memory that grows with the events would grow by half again over the
   * second half of a linear climb from a small base).
   */
  flatMemorySecondHalfGrowth: 1.1,
};

/** Whether memory stayed flat over the measured part (undefined when it was too short to tell). */
function isFlat(usage: ProcessUsage): boolean | undefined {
  const t = usage.rssTimeline;
  if (!t) return undefined;
  return t.quarterPeaksMb[3] <= t.quarterPeaksMb[1] * TARGETS.flatMemorySecondHalfGrowth;
}

const timelineText = (usage: ProcessUsage) =>
  usage.rssTimeline
    ? `${usage.rssTimeline.startMb} at start, then ${usage.rssTimeline.quarterPeaksMb.join(' / ')} (peak per quarter of the run)`
    : 'too short to sample';

// ---------------------------------------------------------------------------------------------
// Result shapes (what the children report)

interface ImportResult {
  commands: number;
  events: number;
  failed: number;
  failures: unknown[];
  seconds: number;
  eventsPerSecond: number;
  transactions: number;
  appendsPerTransaction: number;
}
interface RebuildResult {
  eventsRead: number;
  storeEvents: number;
  eventsOfYear: number;
  seconds: number;
  eventsPerSecond: number;
  rssBeforeMb: number;
  /** The main thread's CPU time alone (Linux), against `usage.measuredCpuSeconds` of every thread. */
  mainThreadCpuSeconds?: number;
  /** The store's reading threads: started, and handed back for want of a core. */
  readAhead?: { started: number; running: number; handedBack: number };
}
interface IntegrityResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  rssBeforeMb: number;
  intact?: boolean;
  problems?: string[];
  bytes?: number;
}
interface PeerAppendResult {
  /** Emmett: appends that failed with SQLITE_BUSY and were retried. */
  retries?: number;
  commands: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  latency: LatencySummary;
}
interface RawAppendBatchedResult {
  mode: string;
  commands: number;
  commandsPerCommit: number;
  commits: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  commitLatency: LatencySummary;
}

interface EmmettPostgresResult {
  mode: string;
  concurrency: number;
  commands: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  latency: LatencySummary;
}

interface RawScanThreadsResult {
  mode: string;
  threads: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

interface RawSha256Result {
  mode: string;
  events: number;
  leafBytes: number;
  seconds: number;
  eventsPerSecond: number;
}

interface PeerReadResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  filled?: number;
  fillEventsPerSecond?: number;
}
interface HttpResult {
  bootSeconds: number;
  firstFiguresSeconds: number;
  figuresCheck: { received?: number };
  figures: LoadResult & { serverCpuSeconds?: number; profile?: string; connections: number };
  figuresSaturated: LoadResult & { serverCpuSeconds?: number; profile?: string; connections: number };
  commands: LoadResult & { serverCpuSeconds?: number; profile?: string };
  server: { usageAtStop: ProcessUsage };
}

type Outcome<T> =
  { ok: true; value: T; wallSeconds: number; profile?: string } | { ok: false; error: string; wallSeconds: number };

// ---------------------------------------------------------------------------------------------
// Running

const runStarted = Date.now();
const loadSamples: number[] = [];
const sampleLoad = () => loadSamples.push(os.loadavg()[0]);
const root = mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
const profileDir = path.join(root, 'profiles');
mkdirSync(profileDir, { recursive: true });
const dir = (name: string) => {
  const d = path.join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
};

function log(message: string): void {
  const elapsed = ((Date.now() - runStarted) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${elapsed} s] ${message}\n`);
}

async function step<T>(label: string, work: (profileFile: string) => Promise<T>): Promise<Outcome<T>> {
  log(`${label}…`);
  sampleLoad();
  const started = Date.now();
  const profile = path.join(profileDir, `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.cpuprofile`);
  try {
    const value = await work(profile);
    const wallSeconds = (Date.now() - started) / 1000;
    log(`${label}: done in ${wallSeconds.toFixed(1)} s`);
    sampleLoad();
    return { ok: true, value, wallSeconds, ...(existsSync(profile) ? { profile } : {}) };
  } catch (error) {
    const wallSeconds = (Date.now() - started) / 1000;
    const message = error instanceof Error ? error.message : String(error);
    log(`${label}: FAILED after ${wallSeconds.toFixed(1)} s: ${message}`);
    return { ok: false, error: message, wallSeconds };
  }
}

const child = <T extends object>(script: string, args: object, profileFile?: string, timeoutMs = 30 * 60_000) =>
  runBenchScript<T>(script, args, { workDir: root, profileFile, timeoutMs });

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Item 4: the API in a child process on the year's store, autocannon from here. */
async function httpBench(dataDir: string): Promise<WithUsage<HttpResult>> {
  const port = await freePort();
  const resultFile = path.join(root, 'api-server-result.json');
  const started = Date.now();
  const server = spawnBenchScript('api-server.ts', { dataDir, port }, { BENCH_RESULT_FILE: resultFile }, true);
  /** Marks a load phase in the server: its CPU time (and profile) then cover that phase only. */
  const phase = (message: PhaseMessage) =>
    new Promise<PhaseReply>((resolve) => {
      server.once('message', (reply: PhaseReply) => resolve(reply));
      server.send(message);
    });
  const measuredLoad = async (label: string, options: Parameters<typeof runLoad>[0]) => {
    const profile = path.join(profileDir, `4-http-${label}.cpuprofile`);
    await phase({ phase: 'start', profile });
    const result = await runLoad(options);
    const { cpuSeconds } = await phase({ phase: 'stop' });
    return { ...result, serverCpuSeconds: cpuSeconds, profile };
  };
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  forwardOutput(server, (line) => line.startsWith('READY') && ready());
  const exited = once(server, 'close');
  try {
    await Promise.race([readyPromise, exited.then(() => Promise.reject(new Error('the API exited before listening')))]);
    const bootSeconds = (Date.now() - started) / 1000;
    const base = `http://127.0.0.1:${port}`;

    // The first request waits for the live projection to catch up with the whole store.
    const firstStarted = Date.now();
    let figuresCheck: { received?: number } = {};
    for (;;) {
      const response = await fetch(`${base}/v1/figures/${YEAR}`).catch(() => undefined);
      if (response?.ok) {
        const body = (await response.json()) as { applications?: { received?: number } };
        figuresCheck = { received: body.applications?.received };
        break;
      }
      if (Date.now() - firstStarted > 10 * 60_000)
        throw new Error(`GET /v1/figures/${YEAR} still failing after 10 minutes (${response?.status})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const firstFiguresSeconds = (Date.now() - firstStarted) / 1000;
    log(
      `  API up in ${bootSeconds.toFixed(1)} s, first figures after ${firstFiguresSeconds.toFixed(1)} s more; warm GET /v1/figures/${YEAR} for ${SETTINGS.httpSeconds} s with 1 and with 10 connections`,
    );
    const figuresUrl = `${base}/v1/figures/${YEAR}`;
    await runLoad({ url: figuresUrl, connections: FIGURES_CONNECTIONS[1], duration: 1 });
    const figures = {
      ...(await measuredLoad('figures-1', {
        url: figuresUrl,
        connections: FIGURES_CONNECTIONS[0],
        duration: SETTINGS.httpSeconds,
      })),
      connections: FIGURES_CONNECTIONS[0],
    };
    const figuresSaturated = {
      ...(await measuredLoad('figures-10', {
        url: figuresUrl,
        connections: FIGURES_CONNECTIONS[1],
        duration: SETTINGS.httpSeconds,
      })),
      connections: FIGURES_CONNECTIONS[1],
    };

    log(`  POST /v1/applications with ${COMMAND_CONNECTIONS} connections for ${SETTINGS.httpCommandSeconds} s`);
    const items = JIANGMEN_CATALOGUE.map((item) => item.code);
    let n = 0;
    const commands = await measuredLoad('commands', {
      url: base,
      connections: COMMAND_CONNECTIONS,
      duration: SETTINGS.httpCommandSeconds,
      requests: [
        {
          method: 'POST',
          path: '/v1/applications',
          setupRequest: (request) => {
            const i = ++n;
            const id = `BENCH-${process.pid}-${i}`;
            const body = {
              applicationId: id,
              itemCode: items[i % items.length],
              channel: 'window',
              filedAt: `2021-06-${String(1 + (i % 28)).padStart(2, '0')}T09:30:00+08:00`,
              applicant: { name: `示例申请人${i}`, idNumber: `DEMO-BENCH-${i}` },
            };
            return {
              ...request,
              headers: { 'content-type': 'application/json', 'idempotency-key': id },
              body: JSON.stringify(body),
            };
          },
        },
      ],
    });
    server.kill('SIGTERM');
    await exited;
    const serverResult = JSON.parse(readFileSync(resultFile, 'utf8')) as {
      bootSeconds: number;
      usageAtStop: ProcessUsage;
      usage: ProcessUsage;
    };
    return {
      bootSeconds,
      firstFiguresSeconds,
      figuresCheck,
      figures,
      figuresSaturated,
      commands,
      server: { usageAtStop: serverResult.usageAtStop },
      usage: serverResult.usage,
    };
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
const ratio = (ours: number | undefined, theirs: number | undefined) =>
  ours === undefined || theirs === undefined || !Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0
    ? '—'
    : `${ours / theirs >= 10 ? fmt(ours / theirs, 0) : (ours / theirs).toFixed(2)}×`;

interface Row {
  readonly item: string;
  readonly what: string;
  readonly measured: string;
  readonly target: string;
  readonly vsEmmett: string;
  readonly vsRaw: string;
  readonly status: string;
}

interface Miss {
  readonly item: string;
  readonly text: string;
  readonly profile?: string;
  readonly profileLabel?: string;
  /** Cores the measured process used on average (CPU seconds over wall seconds). */
  readonly cores?: number;
}

/** One sentence on what bounds a measured part, from its profile and the CPU it got. */
function limitsOf(summary: ProfileSummary, cores: number | undefined): string {
  const busy = 100 - summary.idlePercent;
  const areas = summary.byCategory
    .filter((c) => !c.category.startsWith('idle'))
    .slice(0, 4)
    .map((c) => `${c.category} ${c.percent}%`)
    .join(', ');
  const threads =
    cores === undefined
      ? `the main thread was busy ${busy.toFixed(0)}% of the time`
      : cores < 1.2 && busy > 90
        ? `one thread does the work (the process used ${cores.toFixed(2)} cores; its main thread was busy ${busy.toFixed(0)}% of the time, so a second core would sit idle)`
        : `the process used ${cores.toFixed(2)} cores; its main thread was busy ${busy.toFixed(0)}% of the time`;
  return `${threads}; that thread's time went to ${areas} (profile below).`;
}

function main(): Promise<void> {
  if (argv.includes('--growth')) {
    rmSync(root, { recursive: true, force: true });
    return growthBench(argv);
  }
  const renderFrom = argValue('--render-from');
  if (renderFrom) {
    const saved = JSON.parse(readFileSync(renderFrom, 'utf8')) as { meta: RunMeta; results: AllResults };
    const out = argValue('--out')
      ? OUT_FILE
      : path.join(
          BENCH_DIR,
          saved.meta.quick ? 'results.quick.md' : saved.meta.partial ? 'results.partial.md' : 'results.md',
        );
    const report = buildReport(saved.results, saved.meta);
    process.stdout.write(report);
    writeFileSync(out, withKeptSections(out, report, KEPT_SECTIONS));
    rmSync(root, { recursive: true, force: true });
    return Promise.resolve();
  }
  return run().finally(() => {
    if (!KEEP) rmSync(root, { recursive: true, force: true });
    else log(`kept ${root}`);
  });
}

async function run(): Promise<void> {
  const cpus = os.cpus();
  log(
    `temporary directory ${root}; ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), Node ${process.version}${QUICK ? '; QUICK run' : ''}`,
  );
  const appendsDir = dir('appends');
  const yearDir = REUSE_YEAR ? path.resolve(REUSE_YEAR) : dir('year');
  const runs = (item: string) => ONLY.has(item);

  // 1. Durable per-command appends through the handlers.
  const appends = runs('1')
    ? await step('1 durable appends through the command handlers', (profileFile) =>
        child<AppendsResult>(
          'appends.ts',
          {
            dataDir: appendsDir,
            seconds: SETTINGS.appendSeconds,
            maxCommands: SETTINGS.appendMaxCommands,
            concurrency: SETTINGS.concurrency,
            scale: SETTINGS.appendPlanScale,
          } satisfies AppendsArgs,
          profileFile,
        ),
      )
    : undefined;
  const appendsSource = path.join(appendsDir, 'events.sqlite');

  // 6a. The peers' appends, on the same events.
  const emmettAppend =
    appends?.ok && runs('6')
      ? await step('6 Emmett appends', () =>
          child<PeerAppendResult>('peers.ts', {
            mode: 'emmett-append',
            source: appendsSource,
            target: path.join(dir('emmett-append'), 'emmett.sqlite'),
            seconds: SETTINGS.peerSeconds,
          }),
        )
      : undefined;
  const rawAppend =
    appends?.ok && runs('6')
      ? await step('6 raw better-sqlite3 durable transactions', () =>
          child<PeerAppendResult>('peers.ts', {
            mode: 'raw-append',
            source: appendsSource,
            target: path.join(dir('raw-append'), 'raw.sqlite'),
            seconds: SETTINGS.peerSeconds,
          }),
        )
      : undefined;
  // The limits and the PostgreSQL peer of the same appends (issue #17): raw better-sqlite3 with
  // exactly our commit batch size, and Emmett's PostgreSQL store with as many appends in flight as item 4.
  const rawAppendBatched =
    appends?.ok && runs('6')
      ? await step('6 raw better-sqlite3 with our commit batch size', () =>
          child<RawAppendBatchedResult>('limits.ts', {
            mode: 'raw-append-batched',
            source: appendsSource,
            target: path.join(dir('raw-append-batched'), 'raw.sqlite'),
            seconds: SETTINGS.peerSeconds,
            commandsPerCommit: appends.value.appendsPerTransaction,
          }),
        )
      : undefined;
  const emmettPostgresAppend =
    appends?.ok && runs('6')
      ? await step('6 Emmett PostgreSQL appends', () =>
          child<EmmettPostgresResult>('emmett-postgresql.ts', {
            source: appendsSource,
            seconds: SETTINGS.peerSeconds,
            concurrency: COMMAND_CONNECTIONS,
            postgresUrl: process.env.BENCH_POSTGRES_URL,
          }),
        )
      : undefined;

  // 2. The Jiangmen year.
  const demo =
    runs('2') && !REUSE_YEAR
      ? await step(`2 bulk import of the Jiangmen year ${YEAR} at scale ${SETTINGS.importScale}`, (profileFile) =>
          child<ImportResult>(
            'demo-import.ts',
            { dataDir: yearDir, scale: SETTINGS.importScale, years: [YEAR], concurrency: SETTINGS.concurrency },
            profileFile,
          ),
        )
      : undefined;
  const haveYear = REUSE_YEAR !== undefined || demo?.ok === true;
  const yearStore = path.join(yearDir, 'events.sqlite');

  // 3. Rebuild of the year's figures.
  const rebuild =
    haveYear && runs('3')
      ? await step(`3 rebuild of the ${YEAR} figures`, (profileFile) =>
          child<RebuildResult>('rebuild.ts', { dataDir: yearDir, year: YEAR }, profileFile),
        )
      : undefined;

  // 6b. The peers' reads, on the same rows.
  const peerReads = haveYear && runs('6') && (runs('3') || runs('5'));
  const rawScan = peerReads
    ? await step('6 raw better-sqlite3 scan + JSON.parse', () =>
        child<PeerReadResult>('peers.ts', { mode: 'raw-scan', source: yearStore }),
      )
    : undefined;
  const rawScanThreads = peerReads
    ? await step(`6 raw better-sqlite3 scan in ${os.cpus().length} threads`, () =>
        child<RawScanThreadsResult>('limits.ts', {
          mode: 'raw-scan-threads',
          source: yearStore,
          threads: os.cpus().length,
        }),
      )
    : undefined;
  const rawSha256 =
    haveYear && runs('6') && runs('5')
      ? await step('6 raw SHA-256 tree over the same leaf inputs', () =>
          child<RawSha256Result>('limits.ts', {
            mode: 'raw-sha256',
            source: yearStore,
            maxEvents: SETTINGS.peerHashEvents,
          }),
        )
      : undefined;
  const emmettRead = peerReads
    ? await step('6 Emmett read back', () =>
        child<PeerReadResult>('peers.ts', {
          mode: 'emmett-read',
          source: yearStore,
          target: path.join(dir('emmett-read'), 'emmett.sqlite'),
          maxEvents: SETTINGS.peerReadEvents,
        }),
      )
    : undefined;

  // 5. Integrity: index and sign, export, verify.
  const exportDir = path.join(root, 'export');
  const checkpoint =
    haveYear && runs('5')
      ? await step('5 integrity index + signed checkpoint', (profileFile) =>
          child<IntegrityResult>('integrity.ts', { mode: 'checkpoint', dataDir: yearDir }, profileFile),
        )
      : undefined;
  const exported = checkpoint?.ok
    ? await step('5 export of the whole store', (profileFile) =>
        child<IntegrityResult>('integrity.ts', { mode: 'export', dataDir: yearDir, outDir: exportDir }, profileFile),
      )
    : undefined;
  rmSync(exportDir, { recursive: true, force: true });
  const verified = checkpoint?.ok
    ? await step('5 verify of the whole store', (profileFile) =>
        child<IntegrityResult>('integrity.ts', { mode: 'verify', dataDir: yearDir }, profileFile),
      )
    : undefined;

  // 5b. The scheduled checkpoint's cost (it adds a few thousand synthetic events to the year's store, as item 4 adds commands).
  const checkpointCost = checkpoint?.ok
    ? await step('5 scheduled checkpoint cost', () =>
        child<CheckpointCostResult>('checkpoint-cost.ts', {
          dataDir: yearDir,
          growth: QUICK ? 200 : 1_000,
          rounds: QUICK ? 3 : 10,
          periodSeconds: 10,
        }),
      )
    : undefined;

  // 4. HTTP, last: its commands add events to the year's store.
  const http =
    haveYear && runs('4') ? await step('4 HTTP: warm figures and commands', () => httpBench(yearDir)) : undefined;
  sampleLoad();

  const results: AllResults = {
    appends,
    demo,
    rebuild,
    http,
    checkpoint,
    exported,
    verified,
    checkpointCost,
    emmettAppend,
    emmettRead,
    rawAppend,
    rawScan,
    rawAppendBatched,
    emmettPostgresAppend,
    rawScanThreads,
    rawSha256,
  };
  const meta: RunMeta = {
    startedMs: runStarted,
    finishedMs: Date.now(),
    loadSamples,
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    tmpdir: os.tmpdir(),
    settings: SETTINGS,
    quick: QUICK,
    partial: PARTIAL,
    only: [...ONLY],
    reusedYear: REUSE_YEAR !== undefined,
  };
  // Kept with --keep, beside the profiles: `--render-from <file>` writes the report again from it.
  writeFileSync(path.join(root, 'results.json'), JSON.stringify({ meta, results }, null, 2));
  // 7, outside `results` until the benchmark is reworked: its section is appended to the report.
  const kurrentdb = runs('7')
    ? await step('7 KurrentDB adapter appends', () =>
        child<KurrentDbAppendsResult>('kurrentdb-appends.ts', { seconds: QUICK ? 3 : 10 }),
      )
    : undefined;
  const report = buildReport(results, meta) + (kurrentdb?.ok ? `\n${renderKurrentDbAppends(kurrentdb.value)}` : '');
  process.stdout.write(report);
  writeFileSync(OUT_FILE, withKeptSections(OUT_FILE, report, KEPT_SECTIONS));
  log(
    `wrote ${path.relative(process.cwd(), OUT_FILE) || OUT_FILE} in ${((Date.now() - runStarted) / 60_000).toFixed(1)} minutes`,
  );
}

/** What the report needs besides the results: the run's settings and the machine, saved with them. */
interface RunMeta {
  readonly startedMs: number;
  readonly finishedMs: number;
  readonly loadSamples: readonly number[];
  readonly cores: number;
  readonly cpuModel: string;
  readonly totalMemGiB: number;
  readonly os: string;
  readonly node: string;
  readonly tmpdir: string;
  readonly settings: typeof SETTINGS;
  readonly quick: boolean;
  readonly partial: boolean;
  readonly only: readonly string[];
  readonly reusedYear: boolean;
}

interface AllResults {
  appends?: Outcome<WithUsage<AppendsResult>>;
  demo?: Outcome<WithUsage<ImportResult>>;
  rebuild?: Outcome<WithUsage<RebuildResult>>;
  http?: Outcome<WithUsage<HttpResult>>;
  checkpoint?: Outcome<WithUsage<IntegrityResult>>;
  exported?: Outcome<WithUsage<IntegrityResult>>;
  verified?: Outcome<WithUsage<IntegrityResult>>;
  checkpointCost?: Outcome<WithUsage<CheckpointCostResult>>;
  emmettAppend?: Outcome<WithUsage<PeerAppendResult>>;
  emmettRead?: Outcome<WithUsage<PeerReadResult>>;
  rawAppend?: Outcome<WithUsage<PeerAppendResult>>;
  rawScan?: Outcome<WithUsage<PeerReadResult>>;
  rawAppendBatched?: Outcome<WithUsage<RawAppendBatchedResult>>;
  emmettPostgresAppend?: Outcome<WithUsage<EmmettPostgresResult>>;
  rawScanThreads?: Outcome<WithUsage<RawScanThreadsResult>>;
  rawSha256?: Outcome<WithUsage<RawSha256Result>>;
}

const valueOf = <T>(o: Outcome<T> | undefined): T | undefined => (o?.ok ? o.value : undefined);
const failure = <T>(o: Outcome<T> | undefined): string =>
  o === undefined ? 'not run' : o.ok ? '' : `failed: ${o.error}`;
/** Cores the API process used during one load phase. */
const serverCores = (l: { serverCpuSeconds?: number; seconds: number }) =>
  l.serverCpuSeconds !== undefined ? (l.serverCpuSeconds / l.seconds).toFixed(2) : '—';
const verdict = (met: boolean | undefined) => (met === undefined ? '—' : met ? '**met**' : '**missed**');
/** CPU seconds of a child over its measured wall time: how much of the machine it got (or used: 2 = both cores). */
const coresUsed = (usage: ProcessUsage | undefined, seconds: number | undefined) =>
  usage?.measuredCpuSeconds !== undefined && seconds ? usage.measuredCpuSeconds / seconds : undefined;
const cpuShare = (usage: ProcessUsage | undefined, seconds: number | undefined) =>
  coresUsed(usage, seconds)?.toFixed(2) ?? '—';

function buildReport(r: AllResults, meta: RunMeta): string {
  const settings = meta.settings;
  const ap = valueOf(r.appends);
  const dm = valueOf(r.demo);
  const rb = valueOf(r.rebuild);
  const ht = valueOf(r.http);
  const cp = valueOf(r.checkpoint);
  const ex = valueOf(r.exported);
  const vf = valueOf(r.verified);
  const ea = valueOf(r.emmettAppend);
  const er = valueOf(r.emmettRead);
  const ra = valueOf(r.rawAppend);
  const rs = valueOf(r.rawScan);

  const rows: Row[] = [];
  const misses: Miss[] = [];
  const missBy = (measured: number, target: number, higherIsBetter: boolean) =>
    higherIsBetter
      ? `${fmt(measured)} against ≥ ${fmt(target)}: ${(target / measured).toFixed(1)}× short (reaches ${((100 * measured) / target).toFixed(0)}%)`
      : `${ms(measured)} ms against < ${fmt(target)} ms: ${(measured / target).toFixed(1)}× over`;

  // 1
  if (ap) {
    const met = ap.eventsPerSecond >= TARGETS.appendsEventsPerSecond;
    rows.push({
      item: '1',
      what: `Durable appends through the command handlers (${settings.concurrency} commands in flight, group commit), events/s`,
      measured: fmt(ap.eventsPerSecond),
      target: `≥ ${fmt(TARGETS.appendsEventsPerSecond)} (≥ 50× Emmett)`,
      vsEmmett: ratio(ap.eventsPerSecond, ea?.eventsPerSecond),
      vsRaw: ratio(ap.eventsPerSecond, ra?.eventsPerSecond),
      status: verdict(met),
    });
    rows.push({
      item: '1',
      what: 'same, latency per command p50 / p99, ms',
      measured: `${ms(ap.latency.p50Ms)} / ${ms(ap.latency.p99Ms)}`,
      target: '—',
      vsEmmett: `${ratio(ap.latency.p50Ms, ea?.latency.p50Ms)} / ${ratio(ap.latency.p99Ms, ea?.latency.p99Ms)}`,
      vsRaw: `${ratio(ap.latency.p50Ms, ra?.latency.p50Ms)} / ${ratio(ap.latency.p99Ms, ra?.latency.p99Ms)}`,
      status: '—',
    });
    if (!met)
      misses.push({
        item: '1',
        text: `Durable appends: ${missBy(ap.eventsPerSecond, TARGETS.appendsEventsPerSecond, true)}${ea ? `; ${ratio(ap.eventsPerSecond, ea.eventsPerSecond)} Emmett against ≥ 50×` : ''}. ${fmt(ap.appendsPerTransaction, 0)} commands shared each durable commit on average, so the commit itself is not what bounds it: ${fmt((1e6 * (ap.usage.measuredCpuSeconds ?? Number.NaN)) / ap.acknowledged)} µs of CPU per command is.`,
        profile: r.appends?.ok ? r.appends.profile : undefined,
        profileLabel: 'item 1 (durable appends)',
        cores: coresUsed(ap.usage, ap.seconds),
      });
  } else
    rows.push({
      item: '1',
      what: 'Durable appends through the command handlers',
      measured: failure(r.appends),
      target: `≥ ${fmt(TARGETS.appendsEventsPerSecond)}`,
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });

  // 2
  if (dm) {
    const met = dm.eventsPerSecond >= TARGETS.appendsEventsPerSecond;
    rows.push({
      item: '2',
      what: `Bulk import of the Jiangmen year ${YEAR} (scale ${settings.importScale}: ${fmt(dm.commands)} commands, ${fmt(dm.events)} events, ${fmt(dm.seconds, 0)} s), events/s`,
      measured: fmt(dm.eventsPerSecond),
      target: `≥ ${fmt(TARGETS.appendsEventsPerSecond)} (the durable-append target, same path)`,
      vsEmmett: ratio(dm.eventsPerSecond, ea?.eventsPerSecond),
      vsRaw: ratio(dm.eventsPerSecond, ra?.eventsPerSecond),
      status: verdict(met),
    });
    if (!met)
      misses.push({
        item: '2',
        text: `Bulk import: ${missBy(dm.eventsPerSecond, TARGETS.appendsEventsPerSecond, true)}; ${fmt((1e6 * (dm.usage.measuredCpuSeconds ?? Number.NaN)) / dm.commands)} µs of CPU per command, ${fmt(dm.appendsPerTransaction, 0)} commands per durable commit.`,
        profile: r.demo?.ok ? r.demo.profile : undefined,
        profileLabel: 'item 2 (bulk import)',
        cores: coresUsed(dm.usage, dm.seconds),
      });
  } else
    rows.push({
      item: '2',
      what: 'Bulk import of the Jiangmen year',
      measured: failure(r.demo),
      target: '—',
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });

  // 3
  if (rb) {
    const met = rb.eventsPerSecond >= TARGETS.rebuildEventsPerSecond;
    const rssMet = rb.usage.peakRssMb < TARGETS.rebuildPeakRssMb;
    rows.push({
      item: '3',
      what: `Rebuild of the ${YEAR} figures from the store (${fmt(rb.eventsRead)} events read), events/s`,
      measured: fmt(rb.eventsPerSecond),
      target: `≥ ${fmt(TARGETS.rebuildEventsPerSecond)}`,
      vsEmmett: ratio(rb.eventsPerSecond, er?.eventsPerSecond),
      vsRaw: ratio(rb.eventsPerSecond, rs?.eventsPerSecond),
      status: verdict(met),
    });
    rows.push({
      item: '3',
      what: 'same, seconds',
      measured: rb.seconds.toFixed(1),
      target: '“seconds”',
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });
    rows.push({
      item: '3',
      what: `same, peak RSS, MB (RSS ${timelineText(rb.usage)})`,
      measured: fmt(rb.usage.peakRssMb),
      target: `< ${TARGETS.rebuildPeakRssMb}`,
      vsEmmett: '—',
      vsRaw: '—',
      status: verdict(rssMet),
    });
    if (!met)
      misses.push({
        item: '3',
        text: `Rebuild: ${missBy(rb.eventsPerSecond, TARGETS.rebuildEventsPerSecond, true)}${rs ? `; reading and parsing the same rows alone runs at ${fmt(rs.eventsPerSecond)} rows/s on one core` : ''}.`,
        profile: r.rebuild?.ok ? r.rebuild.profile : undefined,
        profileLabel: 'item 3 (rebuild)',
        cores: coresUsed(rb.usage, rb.seconds),
      });
    if (!rssMet)
      misses.push({
        item: '3',
        text: `Rebuild peak RSS: ${fmt(rb.usage.peakRssMb)} MB against < ${TARGETS.rebuildPeakRssMb} MB.`,
      });
  } else
    rows.push({
      item: '3',
      what: `Rebuild of the ${YEAR} figures`,
      measured: failure(r.rebuild),
      target: `≥ ${fmt(TARGETS.rebuildEventsPerSecond)}`,
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });

  // 4
  if (ht) {
    const figuresMet = (l: HttpResult['figures']) => l.latency.p99Ms < TARGETS.figuresP99Ms && l.failed === 0;
    const cMet = ht.commands.requestsPerSecond >= TARGETS.commandsPerSecond;
    const cLatMet = ht.commands.latency.p99Ms < TARGETS.commandsP99Ms;
    for (const l of [ht.figures, ht.figuresSaturated]) {
      rows.push({
        item: '4',
        what: `Warm \`GET /v1/figures/${YEAR}\` with ${l.connections} connection${l.connections > 1 ? 's at once' : ' (one request at a time)'} (${fmt(l.requestsPerSecond)} req/s), p50 / p99, ms`,
        measured: `${ms(l.latency.p50Ms)} / ${ms(l.latency.p99Ms)}`,
        target: `p99 < ${TARGETS.figuresP99Ms}`,
        vsEmmett: '—',
        vsRaw: '—',
        status: verdict(figuresMet(l)),
      });
    }
    rows.push({
      item: '4',
      what: `\`POST /v1/applications\` (${COMMAND_CONNECTIONS} connections, ${fmt(ht.commands.ok)} filed, ${fmt(ht.commands.failed)} not 2xx), requests/s`,
      measured: fmt(ht.commands.requestsPerSecond),
      target: `≥ ${fmt(TARGETS.commandsPerSecond)}`,
      vsEmmett: ratio(ht.commands.requestsPerSecond, ea ? ea.commands / ea.seconds : undefined),
      vsRaw: ratio(ht.commands.requestsPerSecond, ra ? ra.commands / ra.seconds : undefined),
      status: verdict(cMet),
    });
    rows.push({
      item: '4',
      what: 'same, p50 / p99, ms',
      measured: `${ms(ht.commands.latency.p50Ms)} / ${ms(ht.commands.latency.p99Ms)}`,
      target: `p99 < ${TARGETS.commandsP99Ms}`,
      vsEmmett: `${ratio(ht.commands.latency.p50Ms, ea?.latency.p50Ms)} / ${ratio(ht.commands.latency.p99Ms, ea?.latency.p99Ms)}`,
      vsRaw: `${ratio(ht.commands.latency.p50Ms, ra?.latency.p50Ms)} / ${ratio(ht.commands.latency.p99Ms, ra?.latency.p99Ms)}`,
      status: verdict(cLatMet),
    });
    for (const l of [ht.figures, ht.figuresSaturated]) {
      if (figuresMet(l)) continue;
      misses.push({
        item: '4',
        text: `Warm figures with ${l.connections} connection${l.connections > 1 ? 's' : ''}: p99 ${missBy(l.latency.p99Ms, TARGETS.figuresP99Ms, false)}${l.failed ? `; ${l.failed} requests failed` : ''}; the API process used ${serverCores(l)} cores meanwhile, ${ms(((l.serverCpuSeconds ?? Number.NaN) * 1000) / l.ok)} ms of CPU per request.`,
        profile: l.profile,
        profileLabel: `item 4 (API process during the warm figures load, ${l.connections} connection${l.connections > 1 ? 's' : ''})`,
        cores: l.serverCpuSeconds !== undefined ? l.serverCpuSeconds / l.seconds : undefined,
      });
    }
    if (!cMet || !cLatMet)
      misses.push({
        item: '4',
        text: `HTTP commands: ${!cMet ? `${missBy(ht.commands.requestsPerSecond, TARGETS.commandsPerSecond, true)} requests/s` : ''}${!cMet && !cLatMet ? '; ' : ''}${!cLatMet ? `p99 ${missBy(ht.commands.latency.p99Ms, TARGETS.commandsP99Ms, false)}` : ''}; the API process used ${serverCores(ht.commands)} cores, ${ms(((ht.commands.serverCpuSeconds ?? Number.NaN) * 1000) / ht.commands.ok)} ms of CPU per command (the same handlers as item 1, plus HTTP, JSON and the live projection in the same process).`,
        profile: ht.commands.profile,
        profileLabel: 'item 4 (API process during the command load)',
        cores:
          ht.commands.serverCpuSeconds !== undefined ? ht.commands.serverCpuSeconds / ht.commands.seconds : undefined,
      });
  } else
    rows.push({
      item: '4',
      what: 'HTTP figures and commands',
      measured: failure(r.http),
      target: '—',
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });

  // 5
  const integrityRows = (
    label: string,
    o: Outcome<WithUsage<IntegrityResult>> | undefined,
    v: WithUsage<IntegrityResult> | undefined,
    target: number | undefined,
    profileLabel: string,
  ) => {
    if (!v) {
      rows.push({
        item: '5',
        what: label,
        measured: failure(o),
        target: target ? `≥ ${fmt(target)}` : '—',
        vsEmmett: '—',
        vsRaw: '—',
        status: '—',
      });
      return;
    }
    const met = target === undefined ? undefined : v.eventsPerSecond >= target;
    const flat = isFlat(v.usage);
    rows.push({
      item: '5',
      what: `${label} (${fmt(v.events)} events, ${v.seconds.toFixed(1)} s), events/s`,
      measured: fmt(v.eventsPerSecond),
      target: target ? `≥ ${fmt(target)}` : '— (one-off)',
      vsEmmett: ratio(v.eventsPerSecond, er?.eventsPerSecond),
      vsRaw: ratio(v.eventsPerSecond, rs?.eventsPerSecond),
      status: verdict(met),
    });
    rows.push({
      item: '5',
      what: `same, peak RSS, MB (RSS ${timelineText(v.usage)})`,
      measured: fmt(v.usage.peakRssMb),
      target: target ? `flat (2nd half < +${Math.round((TARGETS.flatMemorySecondHalfGrowth - 1) * 100)}%)` : '—',
      vsEmmett: '—',
      vsRaw: '—',
      status: target ? verdict(flat) : '—',
    });
    if (met === false)
      misses.push({
        item: '5',
        text: `${label}: ${missBy(v.eventsPerSecond, target!, true)}.`,
        profile: o?.ok ? o.profile : undefined,
        profileLabel,
        cores: coresUsed(v.usage, v.seconds),
      });
    if (target && flat === false)
      misses.push({ item: '5', text: `${label}: memory kept growing through the run (RSS ${timelineText(v.usage)}).` });
  };
  integrityRows(
    'Integrity index + signed checkpoint of the whole store (`ledger checkpoint`)',
    r.checkpoint,
    cp,
    undefined,
    'item 5 (index)',
  );
  integrityRows(
    'Export of the whole store as an evidence trail (`ledger export`)',
    r.exported,
    ex,
    TARGETS.exportVerifyEventsPerSecond,
    'item 5 (export)',
  );
  integrityRows(
    '`ledger verify` over the whole store',
    r.verified,
    vf,
    TARGETS.exportVerifyEventsPerSecond,
    'item 5 (verify)',
  );
  if (vf && vf.intact === false)
    misses.push({ item: '5', text: `verify did not find the store intact: ${(vf.problems ?? []).join('; ')}` });
  const cc = valueOf(r.checkpointCost);
  rows.push({
    item: '5',
    what: cc
      ? `Scheduled checkpoint after ${fmt(cc.growth)} new events (tree of ${fmt(cc.treeSize)}), ms median / max; share of one core every ${cc.periodSeconds} s`
      : 'Scheduled checkpoint soon after growth',
    measured: cc
      ? `${cc.grownMs.median.toFixed(0)} / ${cc.grownMs.max.toFixed(0)} ms; ${(cc.coreShare * 100).toFixed(1)} %`
      : failure(r.checkpointCost),
    target: '—',
    vsEmmett: '—',
    vsRaw: '—',
    status: '—',
  });
  if (cc)
    rows.push({
      item: '5',
      what: 'same, a run that finds no growth / a run that also gets one witness cosignature (loopback HTTP), ms median',
      measured: `${cc.idleMs.toFixed(1)} / ${cc.witnessedMs.toFixed(0)} ms`,
      target: '—',
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });

  // 6
  const peerRow = (what: string, o: Outcome<unknown> | undefined, measured: string | undefined) =>
    rows.push({
      item: '6',
      what,
      measured: measured ?? failure(o),
      target: '(reference)',
      vsEmmett: '—',
      vsRaw: '—',
      status: '—',
    });
  peerRow(
    'Emmett SQLite 0.38.5: one `appendToStream` per command, one at a time, events/s',
    r.emmettAppend,
    ea && fmt(ea.eventsPerSecond),
  );
  peerRow('same, latency p50 / p99, ms', r.emmettAppend, ea && `${ms(ea.latency.p50Ms)} / ${ms(ea.latency.p99Ms)}`);
  peerRow(
    `Emmett SQLite 0.38.5: read everything back (\`readMessagesBatch\`, ${fmt(er?.events)} events), events/s`,
    r.emmettRead,
    er && fmt(er.eventsPerSecond),
  );
  peerRow(
    'better-sqlite3: one durable transaction per command, one at a time, events/s',
    r.rawAppend,
    ra && fmt(ra.eventsPerSecond),
  );
  peerRow('same, latency p50 / p99, ms', r.rawAppend, ra && `${ms(ra.latency.p50Ms)} / ${ms(ra.latency.p99Ms)}`);
  peerRow(
    `better-sqlite3: scan every row + \`JSON.parse\` of both columns, one core (${fmt(rs?.events)} rows), rows/s`,
    r.rawScan,
    rs && fmt(rs.eventsPerSecond),
  );

  // -------------------------------------------------------------------------------------------
  const lines: string[] = [];
  const minutes = (meta.finishedMs - meta.startedMs) / 60_000;
  lines.push(
    `# Benchmark results${meta.quick ? ' (quick run: small year, short runs — not the figures of record)' : meta.partial ? ` (partial run: items ${meta.only.join(', ')}${meta.reusedYear ? ', on a year imported earlier' : ''})` : ''}`,
    '',
  );
  lines.push(
    `Run on ${new Date(meta.startedMs).toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` (${minutes.toFixed(1)} minutes in all).`,
    '',
  );
  lines.push(
    `- Machine: ${meta.cores} cores (${meta.cpuModel}), ${fmt(meta.totalMemGiB, 0)} GiB RAM, ${meta.os}; Node ${meta.node}.`,
  );
  lines.push(
    `- Load average (1 min) sampled between steps: ${meta.loadSamples.map((l) => l.toFixed(1)).join(', ')}. Anything above ~${meta.cores} means other processes competed for the cores during the run, and wall-clock rates are lower than on an idle machine (the “cores used” column below shows how much CPU each measured process got).`,
  );
  lines.push(
    `- Durability: every store is SQLite in WAL mode with \`synchronous = FULL\` (ours; raw better-sqlite3; Emmett's default as compiled into sqlite3 5: WAL, FULL), on ${meta.tmpdir}. One durable commit here takes ${ra ? `${ms(ra.latency.p50Ms)} ms at the median` : 'see item 6'} (raw better-sqlite3, one transaction per command).`,
  );
  lines.push(
    `- Same events for everyone: items 1 and 6's appends use the events item 1 recorded (the demo year's first commands: filings, acceptances, decisions, visits… with sealed personal data), grouped per command; item 6's reads use the rows of item 2's store (Emmett: its first ${fmt(settings.peerReadEvents)} events, appended with Emmett's own \`appendToStream\` in one transaction, then read back).`,
  );
  lines.push(
    `- This machine against the one the targets were set on (the issue: Emmett ~270 durable appends/s and ~47,000 events/s read back; raw better-sqlite3 ~3,000 one-command transactions/s and ~200,000 rows/s scanned and parsed): here ${ea ? fmt(ea.eventsPerSecond) : '—'} and ${er ? fmt(er.eventsPerSecond) : '—'}; ${ra ? fmt(ra.commands / ra.seconds) : '—'} and ${rs ? fmt(rs.eventsPerSecond) : '—'}.`,
  );
  lines.push('');
  lines.push(
    '| # | measure | result | target | vs Emmett | vs raw better-sqlite3 | target |',
    '|---|---|---:|---|---:|---:|---|',
  );
  for (const row of rows)
    lines.push(
      `| ${row.item} | ${row.what} | ${row.measured} | ${row.target} | ${row.vsEmmett} | ${row.vsRaw} | ${row.status} |`,
    );
  lines.push('');
  lines.push(
    "“vs” columns: our figure divided by the peer's (for latencies, ours over theirs: below 1× is faster). Appends compare with appends, reads (rebuild, export, verify) with reads of the same rows; HTTP requests/s compare with the peers' commands/s.",
    '',
  );

  const rab = valueOf(r.rawAppendBatched);
  const epg = valueOf(r.emmettPostgresAppend);
  const rst = valueOf(r.rawScanThreads);
  const rsh = valueOf(r.rawSha256);
  lines.push(
    renderLimits(
      {
        appends: ap?.eventsPerSecond,
        bulkImport: dm?.eventsPerSecond,
        httpCommands: ht?.commands.requestsPerSecond,
        rebuild: rb?.eventsPerSecond,
        checkpoint: cp?.eventsPerSecond,
        exported: ex?.eventsPerSecond,
        verify: vf?.eventsPerSecond,
      },
      {
        rawAppendBatched: rab,
        rawSha256: rsh,
        rawScanThreads: rst,
        rawScanOneCore: rs,
      },
      {
        emmettSqliteAppend: ea?.eventsPerSecond,
        emmettPostgresAppend: epg,
        rawOneTransactionPerCommand: ra?.eventsPerSecond,
        emmettSqliteRead: er?.eventsPerSecond,
      },
    ),
  );

  lines.push('## Details', '');
  lines.push('| step | wall s | measured s | cores used | peak RSS MB | notes |', '|---|---:|---:|---:|---:|---|');
  const detail = (label: string, o: Outcome<WithUsage<{ seconds?: number }>> | undefined, notes: string) => {
    if (!o) return;
    if (!o.ok) {
      lines.push(`| ${label} | ${o.wallSeconds.toFixed(0)} | — | — | — | ${o.error} |`);
      return;
    }
    const seconds = o.value.seconds;
    lines.push(
      `| ${label} | ${o.wallSeconds.toFixed(0)} | ${seconds !== undefined ? seconds.toFixed(1) : '—'} | ${cpuShare(o.value.usage, seconds)} | ${fmt(o.value.usage.peakRssMb)} | ${notes} |`,
    );
  };
  detail(
    '1 appends',
    r.appends,
    ap
      ? `${fmt(ap.acknowledged)} commands acknowledged, ${fmt(ap.failed)} refused${ap.firstFailure ? ` (first: ${ap.firstFailure})` : ''}; ${fmt(ap.transactions)} commits, ${fmt(ap.appendsPerTransaction, 0)} appends per commit; latency max ${ms(ap.latency.maxMs)} ms`
      : '',
  );
  detail(
    '2 import',
    r.demo,
    dm
      ? `${fmt(dm.commands)} commands, ${fmt(dm.failed)} refused; ${fmt(dm.transactions)} commits, ${fmt(dm.appendsPerTransaction, 0)} appends per commit`
      : '',
  );
  detail(
    '3 rebuild',
    r.rebuild,
    rb ? `${fmt(rb.eventsOfYear)} events of ${YEAR}; RSS before the rebuild ${fmt(rb.rssBeforeMb)} MB` : '',
  );
  detail('5 index + checkpoint', r.checkpoint, cp ? `RSS at start ${fmt(cp.rssBeforeMb)} MB` : '');
  detail(
    '5 export',
    r.exported,
    ex ? `${fmt((ex.bytes ?? 0) / 2 ** 20)} MB written; RSS at start ${fmt(ex.rssBeforeMb)} MB` : '',
  );
  detail('5 verify', r.verified, vf ? `intact: ${vf.intact}; RSS at start ${fmt(vf.rssBeforeMb)} MB` : '');
  detail(
    '6 Emmett appends',
    r.emmettAppend,
    ea
      ? `${fmt(ea.commands)} commands; ${fmt(ea.retries ?? 0)} commit${ea.retries === 1 ? '' : 's'} failed with “SQLITE_BUSY: cannot commit transaction - SQL statements in progress” (Emmett 0.38.5 on sqlite3 5 does so intermittently) and ${ea.retries === 1 ? 'was' : 'were'} retried, as a user would`
      : '',
  );
  detail(
    '6 Emmett read back',
    r.emmettRead,
    er
      ? `filled with ${fmt(er.filled)} events by its own appendToStream in one transaction at ${fmt(er.fillEventsPerSecond)} events/s`
      : '',
  );
  detail('6 raw appends', r.rawAppend, ra ? `${fmt(ra.commands)} transactions` : '');
  detail('6 raw scan', r.rawScan, '');
  detail(
    '6 raw appends, our batch size',
    r.rawAppendBatched,
    rab
      ? `${fmt(rab.commits)} commits of ${rab.commandsPerCommit} commands; commit p50 / p99 ${ms(rab.commitLatency.p50Ms)} / ${ms(rab.commitLatency.p99Ms)} ms`
      : '',
  );
  detail(
    '6 Emmett PostgreSQL appends',
    r.emmettPostgresAppend,
    epg
      ? `${fmt(epg.commands)} commands, ${epg.concurrency} in flight; latency p50 / p99 ${ms(epg.latency.p50Ms)} / ${ms(epg.latency.p99Ms)} ms`
      : '',
  );
  detail('6 raw scan, threads', r.rawScanThreads, rst ? `${rst.threads} threads` : '');
  detail(
    '6 raw SHA-256 tree',
    r.rawSha256,
    rsh ? `${fmt(rsh.events)} leaves, ${fmt(rsh.leafBytes / 2 ** 20)} MiB of leaf input` : '',
  );
  if (r.http) {
    if (r.http.ok) {
      const h = r.http.value;
      lines.push(
        `| 4 HTTP | ${r.http.wallSeconds.toFixed(0)} | ${(2 * settings.httpSeconds + settings.httpCommandSeconds).toFixed(0)} | ${serverCores(h.figures)} / ${serverCores(h.figuresSaturated)} / ${serverCores(h.commands)} (API process: figures ×1, ×10, commands) | ${fmt(h.usage.peakRssMb)} | API start ${h.bootSeconds.toFixed(1)} s (the live projection catches up with the whole store before the API listens), then ${h.firstFiguresSeconds.toFixed(1)} s until the first \`GET /v1/figures/${YEAR}\` answered (computing and storing the document); it reports ${fmt(h.figuresCheck.received)} applications received in ${YEAR}; figures statuses ${JSON.stringify(h.figures.statusCounts)} and ${JSON.stringify(h.figuresSaturated.statusCounts)}, commands statuses ${JSON.stringify(h.commands.statusCounts)}; server CPU ${(h.server.usageAtStop.cpuUserSeconds + h.server.usageAtStop.cpuSystemSeconds).toFixed(0)} s in all |`,
      );
    } else lines.push(`| 4 HTTP | ${r.http.wallSeconds.toFixed(0)} | — | — | — | ${r.http.error} |`);
  }
  lines.push('');

  lines.push('## Targets missed', '');
  if (misses.length === 0) lines.push('None.', '');
  const summaries = new Map<string, ProfileSummary | Error>();
  const summaryOf = (file: string) => {
    if (!summaries.has(file)) {
      try {
        summaries.set(file, summariseCpuProfile(file, 10));
      } catch (error) {
        summaries.set(file, error as Error);
      }
    }
    return summaries.get(file)!;
  };
  for (const miss of misses) {
    const summary = miss.profile && existsSync(miss.profile) ? summaryOf(miss.profile) : undefined;
    const limits = summary && !(summary instanceof Error) ? ` What limits it: ${limitsOf(summary, miss.cores)}` : '';
    lines.push(`- **${miss.item}.** ${miss.text}${limits}`);
  }
  lines.push('');
  const shown = new Set<string>();
  for (const miss of misses) {
    if (!miss.profile || shown.has(miss.profile) || !existsSync(miss.profile)) continue;
    shown.add(miss.profile);
    const summary = summaryOf(miss.profile);
    if (summary instanceof Error) lines.push(`(profile of ${miss.profileLabel} unreadable: ${summary.message})`, '');
    else lines.push(`### ${miss.profileLabel}`, '', formatProfileSummary(summary, miss.profileLabel ?? miss.item), '');
  }
  lines.push(
    "Profiles: V8 sampling profiler (every 2 ms) over the measured part only, started in the measuring process itself (`bench/lib/child-result.ts`). Native work is charged to the JavaScript frame that called it: time inside SQLite (including the fsync of a commit) shows under the event store's statement wrappers, hashing under node:crypto. `node -r @swc-node/register bench/cpu-profile-summary.ts <file>` prints a longer summary of a profile; `npm run bench -- --keep` keeps them.",
    '',
  );
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
