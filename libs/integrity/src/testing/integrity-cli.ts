import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** Runs the operators' CLI as a child process on a data directory, as an operator would (end-to-end tests). */

export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');
const CLI_MAIN = join(REPOSITORY_ROOT, 'apps', 'ledger-cli', 'src', 'main.ts');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for messages whichever stream they go to. */
  readonly output: string;
}

/** Only the ledger settings given: nothing inherited from the test runner's environment. */
export function integrityCliEnvironment(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LEDGER_DATA_DIR: dataDir, USER: 'e2e' };
  for (const name of Object.keys(env))
    if (/^(LEDGER_|EVENT_STORE_URL|DATABASE_URL)/.test(name) && name !== 'LEDGER_DATA_DIR') delete env[name];
  return { ...env, ...extra };
}

export function spawnLedgerCli(dataDir: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', CLI_MAIN, ...args], {
    cwd: REPOSITORY_ROOT,
    env: integrityCliEnvironment(dataDir, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function runLedgerCli(
  dataDir: string,
  args: readonly string[],
  extra: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnLedgerCli(dataDir, args, extra);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, output: `${stdout}${stderr}` });
    });
  });
}
