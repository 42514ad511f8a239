import { type ChildProcess, spawn } from 'node:child_process';
import { REPOSITORY_ROOT, cliEnvironment, useTemporaryDirectory } from './fixtures/ledger-cli';

/**
 * The API as `npm run up` and the docker image start it: HOST decides the bind address, the
 * start-up log states the address the socket really has, and responses carry security headers
 * without naming the framework.
 */
function startApi(dataDir: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ledger-api/src/main.ts'], {
    cwd: REPOSITORY_ROOT,
    env: { ...cliEnvironment(dataDir), PORT: '0', LOG_FORMAT: 'text', LEDGER_AUTH: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return { child, output: () => output };
}

async function waitFor<T>(what: string, probe: () => T | undefined, output: () => string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within 90 s; output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code)),
  );

describe('API start-up', () => {
  const dir = useTemporaryDirectory('api-start-');
  let running: ChildProcess | undefined;

  afterEach(async () => {
    if (running && running.exitCode === null) {
      running.kill('SIGTERM');
      await exited(running);
    }
    running = undefined;
  });

  it('binds loopback by default and logs the address it is bound to', async () => {
    const api = startApi(dir(), {});
    running = api.child;
    const url = await waitFor(
      'listening line',
      () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(api.output())?.[1],
      api.output,
    );
    expect(url).not.toMatch(/:0$/);
    const res = await fetch(`${url}/health/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
  });

  it('binds the address HOST names, and says so', async () => {
    const api = startApi(dir(), { HOST: '0.0.0.0' });
    running = api.child;
    const port = await waitFor(
      'listening line',
      () => /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(api.output())?.[1],
      api.output,
    );
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
  });

  it('refuses to start on a HOST that is not an address, exiting non-zero with the reason', async () => {
    const api = startApi(dir(), { HOST: 'not a host' });
    running = api.child;
    expect(await exited(api.child)).not.toBe(0);
    expect(api.output()).toContain('HOST must be an IP address or a host name');
  });
});
