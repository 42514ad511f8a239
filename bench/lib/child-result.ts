/**
 * The child side of the benchmark protocol: a sub-benchmark runs as its own process (so that its
 * peak RSS is its own), does its work, and writes one JSON object to the file named by
 * BENCH_RESULT_FILE, with the process's peak RSS and CPU time added.
 */
import { writeFileSync } from 'node:fs';

export interface ProcessUsage {
  /** Peak resident set size of this process, MB (`process.resourceUsage().maxRSS`). */
  readonly peakRssMb: number;
  /** CPU time of this process (all its threads), seconds. */
  readonly cpuUserSeconds: number;
  readonly cpuSystemSeconds: number;
  /** CPU time of the measured part only (when the child marked it with `profiled`), seconds. */
  readonly measuredCpuSeconds?: number;
  /** When the measured part ran (epoch ms). */
  readonly measuredWindow?: { readonly startMs: number; readonly endMs: number };
  /**
   * Added by the orchestrator, which samples the child's RSS from outside: the RSS at the start
   * of the measured part and its peak in each quarter of it, MB.
   */
  readonly rssTimeline?: { readonly startMb: number; readonly quarterPeaksMb: readonly number[] };
}

export function processUsage(): ProcessUsage {
  const usage = process.resourceUsage();
  return {
    peakRssMb: Math.round(usage.maxRSS / 1024),
    cpuUserSeconds: usage.userCPUTime / 1e6,
    cpuSystemSeconds: usage.systemCPUTime / 1e6,
  };
}

/** Arguments passed by the orchestrator as one JSON string in BENCH_ARGS. */
export function childArgs<T>(): T {
  const raw = process.env.BENCH_ARGS;
  if (!raw) throw new Error('BENCH_ARGS is not set: run this through bench/run-bench.ts');
  return JSON.parse(raw) as T;
}

/** CPU seconds (all threads) spent inside {@link profiled} sections: the measured part. */
let measuredCpuSeconds: number | undefined;
/** When the measured part ran. */
let measuredWindow: { startMs: number; endMs: number } | undefined;

export function writeChildResult(result: object): void {
  const file = process.env.BENCH_RESULT_FILE;
  const payload = JSON.stringify({
    ...result,
    usage: { ...processUsage(), ...(measuredCpuSeconds !== undefined ? { measuredCpuSeconds, measuredWindow } : {}) },
  });
  if (file) writeFileSync(file, payload);
  else console.log(payload);
}

/** Runs `main`, writes its result, and exits (non-zero with the message on failure). */
export function runChild(main: () => Promise<object>): void {
  main().then(
    (result) => {
      writeChildResult(result);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exit(1);
    },
  );
}

/**
 * Runs `work` (the measured part only), counting its CPU time and noting when it ran, and under
 * the V8 sampling profiler when the orchestrator asked for a profile (BENCH_CPU_PROFILE names
 * the .cpuprofile file to write), so that start-up and setup do not crowd the profile. Sampling
 * every 2 ms costs a few per cent at most.
 */
export async function profiled<T>(work: () => T | Promise<T>): Promise<T> {
  const before = process.cpuUsage();
  const startedAt = Date.now();
  try {
    return await profiledOnly(work);
  } finally {
    const used = process.cpuUsage(before);
    measuredCpuSeconds = (measuredCpuSeconds ?? 0) + (used.user + used.system) / 1e6;
    measuredWindow = { startMs: measuredWindow?.startMs ?? startedAt, endMs: Date.now() };
  }
}

async function profiledOnly<T>(work: () => T | Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return work();
  const stop = await startProfiler(file);
  try {
    return await work();
  } finally {
    await stop();
  }
}

/** Starts the V8 sampling profiler in this process; the returned function stops it and writes `file`. */
export async function startProfiler(file: string): Promise<() => Promise<void>> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US ?? 2000) });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
