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

export function writeChildResult(result: object): void {
  const file = process.env.BENCH_RESULT_FILE;
  const payload = JSON.stringify({ ...result, usage: processUsage() });
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
