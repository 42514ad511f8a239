/**
 * The orchestrator side of the benchmark protocol: runs one sub-benchmark as a child process
 * (`node -r @swc-node/register bench/<script>.ts`), passes its arguments in BENCH_ARGS, streams its
 * output to our stderr (our stdout is the results table), and reads the JSON it leaves in
 * BENCH_RESULT_FILE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { ProcessUsage } from './child-result';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const REPOSITORY_ROOT = path.resolve(BENCH_DIR, '..');

export interface ChildOptions {
  /** Where the child's result and profile files go. */
  readonly workDir: string;
  /** Write a CPU profile of the measured part to this file. */
  readonly profileFile?: string;
  readonly timeoutMs?: number;
}

export type WithUsage<T> = T & { readonly usage: ProcessUsage };

/** The environment of a child: ours, less whatever would point the ledger elsewhere. */
export function childEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(LEDGER_|EVENT_STORE_URL$|DATABASE_URL$|PORT$|BENCH_)/.test(name)) delete env[name];
  return { ...env, ...extra };
}

/** Starts a sub-benchmark; with `ipc` it gets a message channel (the API server takes profiling orders through it). */
export function spawnBenchScript(script: string, args: object, env: NodeJS.ProcessEnv = {}, ipc = false): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', path.join(BENCH_DIR, script)], {
    cwd: REPOSITORY_ROOT,
    env: childEnvironment({ ...env, BENCH_ARGS: JSON.stringify(args) }),
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
}

/** Copies a child's output to our stderr, indented, line by line; `onLine` sees each stdout line. */
export function forwardOutput(child: ChildProcess, onLine?: (line: string) => void): void {
  const forward = (stream: NodeJS.ReadableStream | null, isStdout: boolean) => {
    if (!stream) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (isStdout && onLine) onLine(line);
        if (line.trim() !== '') process.stderr.write(`    ${line}\n`);
        newline = pending.indexOf('\n');
      }
    });
  };
  forward(child.stdout, true);
  forward(child.stderr, false);
}

let counter = 0;

/** The RSS of a process in MB, from /proc (Linux); undefined elsewhere or once it is gone. */
function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The RSS at the start of the measured window and its peak in each quarter of it. Sampled from
 * outside, every 100 ms, because the measured work may never let a timer run in the child.
 */
function timeline(
  samples: readonly [number, number][],
  window: { startMs: number; endMs: number } | undefined,
): ProcessUsage['rssTimeline'] {
  if (!window) return undefined;
  const inside = samples.filter(([t]) => t >= window.startMs && t <= window.endMs);
  if (inside.length < 8) return undefined;
  const span = window.endMs - window.startMs;
  const quarterPeaksMb = [0, 1, 2, 3].map((q) =>
    Math.round(
      Math.max(
        0,
        ...inside
          .filter(([t]) => t >= window.startMs + (q * span) / 4 && t <= window.startMs + ((q + 1) * span) / 4)
          .map(([, rss]) => rss),
      ),
    ),
  );
  return { startMb: Math.round(inside[0][1]), quarterPeaksMb };
}

/** Runs a sub-benchmark to completion and returns what it reported. */
export function runBenchScript<T extends object>(
  script: string,
  args: object,
  options: ChildOptions,
): Promise<WithUsage<T>> {
  const resultFile = path.join(options.workDir, `result-${process.pid}-${++counter}.json`);
  rmSync(resultFile, { force: true });
  const env: NodeJS.ProcessEnv = {
    BENCH_RESULT_FILE: resultFile,
    ...(options.profileFile ? { BENCH_CPU_PROFILE: options.profileFile } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawnBenchScript(script, args, env);
    forwardOutput(child);
    const samples: [number, number][] = [];
    const sampler = setInterval(() => {
      const rss = child.pid === undefined ? undefined : rssOf(child.pid);
      if (rss !== undefined) samples.push([Date.now(), rss]);
    }, 100);
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      if (timer) clearTimeout(timer);
      if (code !== 0 || !existsSync(resultFile)) {
        reject(
          new Error(
            `${script} ${signal ? `was killed by ${signal}${timer ? ' (timeout?)' : ''}` : `exited with code ${code}`}`,
          ),
        );
        return;
      }
      const result = JSON.parse(readFileSync(resultFile, 'utf8')) as WithUsage<T>;
      resolve({ ...result, usage: { ...result.usage, rssTimeline: timeline(samples, result.usage.measuredWindow) } });
    });
  });
}
