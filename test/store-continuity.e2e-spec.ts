import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { loadLedgerConfig } from '@ledger/ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import {
  REPOSITORY_ROOT,
  TEST_MASTER_KEY,
  cliEnvironment,
  readStoreFile,
  runCli,
  useTemporaryDirectory,
} from './fixtures/ledger-cli';

/**
 * Issue #12 item 4: a store that lost acknowledged events (restored from before the latest
 * checkpoint, its -wal file deleted, the events file deleted) must not start: the CLI, the API
 * and the projector exit non-zero naming both positions and what to do, until an operator
 * accepts the loss with `ledger recover --accept-loss --reason …`, which is itself recorded and
 * places the next event after every position acknowledged before.
 */
const AGENCY = 'jiangmen-psb';
const NOW = Date.parse('2021-07-01T12:00:00+08:00');

async function withApi(dataDir: string, work: (http: ReturnType<typeof request>) => Promise<void>): Promise<void> {
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_AGENCY: AGENCY,
    LEDGER_MASTER_KEY: TEST_MASTER_KEY,
  });
  const app: INestApplication = await createApi(
    {
      config,
      clock: () => NOW,
      access: { mode: 'off', apiKeysFile: join(dataDir, 'api-keys.json') },
      scheduleCheckpoints: false,
    },
    false,
  );
  try {
    await app.init();
    await work(request(app.getHttpServer()));
  } finally {
    await app.close();
  }
}

async function fileApplications(http: ReturnType<typeof request>, ids: readonly string[]): Promise<void> {
  for (const applicationId of ids) {
    const response = await http.post('/v1/applications').send({
      applicationId,
      itemCode: 'ZA-001',
      channel: 'online',
      filedAt: '2021-03-01T09:00:00+08:00',
      applicant: { name: '王小明', idNumber: '440702199001011234' },
    });
    expect({ status: response.status, problem: response.status === 201 ? undefined : response.body }).toEqual({
      status: 201,
    });
  }
}

const ITEM = {
  code: 'ZA-001',
  name: '旅馆业特种行业许可证核发',
  department: '治安',
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 0,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
  effectiveFrom: '2020-01-01T00:00:00+08:00',
};

function runApp(dataDir: string, main: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', main], {
      cwd: REPOSITORY_ROOT,
      env: { ...cliEnvironment(dataDir), PORT: '0', LOG_FORMAT: 'text', LEDGER_AUTH: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

describe('start-up on an event store that lost acknowledged events', () => {
  const root = useTemporaryDirectory('store-continuity-');
  let ledger: string;
  /** events.sqlite as it was before the checkpoint (after 1 item and 2 applications). */
  let beforeCheckpoint: string;
  /** events.sqlite copied while the writer had the latest events in its WAL only. */
  let withoutWal: string;
  let acknowledged: number;

  beforeAll(async () => {
    ledger = join(root(), 'ledger');
    expect((await runCli(ledger, ['init-signing-key'])).code).toBe(0);
    await withApi(ledger, async (http) => {
      await http.post('/v1/items').send(ITEM).expect(201);
      await fileApplications(http, ['C-1', 'C-2']);
    });
    beforeCheckpoint = join(root(), 'before-checkpoint.sqlite');
    copyFileSync(join(ledger, 'events.sqlite'), beforeCheckpoint);
    await withApi(ledger, async (http) => {
      await fileApplications(http, ['C-3', 'C-4']);
      await http.post('/v1/integrity/checkpoints').expect(201);
      // Everything since the last open is in the WAL: the main file alone is what is left once it is deleted.
      withoutWal = join(root(), 'without-wal.sqlite');
      copyFileSync(join(ledger, 'events.sqlite'), withoutWal);
    });
    acknowledged = readStoreFile(join(ledger, 'events.sqlite')).events.length;
    expect(acknowledged).toBe(5);
    expect(readStoreFile(beforeCheckpoint).events).toHaveLength(3);
    expect(readStoreFile(withoutWal).events).toHaveLength(3);
  }, 180_000);

  /** A copy of the ledger whose events file is replaced by `events` (undefined: deleted). */
  function damagedCopy(name: string, events: string | undefined): string {
    const dir = join(root(), name);
    cpSync(ledger, dir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `events.sqlite${suffix}`), { force: true });
    if (events) copyFileSync(events, join(dir, 'events.sqlite'));
    return dir;
  }

  it('refuses the CLI on a copy restored from before the checkpoint, naming both positions and the way forward', async () => {
    const dir = damagedCopy('restored', beforeCheckpoint);
    const run = await runCli(dir, ['figures', '2021']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not hold every event acknowledged before');
    expect(run.stderr).toContain(
      'the integrity index recorded events up to position 5 (5 events, checkpoint #1 signed for 5), but the event store ends at position 3',
    );
    expect(run.stderr).toContain('the read model yearly-figures has applied events up to position 5');
    expect(run.stderr).toContain('ledger recover --accept-loss --reason');
  }, 60_000);

  it('refuses the CLI when the WAL was deleted', async () => {
    const dir = damagedCopy('no-wal', withoutWal);
    const run = await runCli(dir, ['stream', 'application-C-4']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[STORE.BEHIND_INDEX]');
    expect(run.stderr).toContain('ends at position 3');
  }, 60_000);

  it('refuses the CLI, the API and the projector when events.sqlite was deleted', async () => {
    const dir = damagedCopy('deleted', undefined);
    const [cli, api, projector] = await Promise.all([
      runCli(dir, ['figures', '2021']),
      runApp(dir, 'apps/ledger-api/src/main.ts'),
      runApp(dir, 'apps/projector/src/main.ts'),
    ]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('but the event store holds no event [STORE.EMPTY]');
    expect({ code: api.code, output: api.output }).toEqual({
      code: 1,
      output: expect.stringContaining('ledger-api failed to start: the event store sqlite:'),
    });
    expect(api.output).toContain('holds no event');
    expect({ code: projector.code, output: projector.output }).toEqual({
      code: 1,
      output: expect.stringContaining('projector failed to start: the event store sqlite:'),
    });
  }, 120_000);

  it('still lets verify run on the damaged store, to diagnose it', async () => {
    const dir = damagedCopy('verify-restored', beforeCheckpoint);
    const run = await runCli(dir, ['verify']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('does not hold every event acknowledged before');
  }, 60_000);

  describe('when an operator accepts the loss', () => {
    let dir: string;
    beforeAll(() => {
      dir = damagedCopy('recovered', withoutWal);
    });

    it('records nothing without --accept-loss, nor without a reason', async () => {
      const shown = await runCli(dir, ['recover']);
      expect(shown.code).toBe(1);
      expect(shown.stderr).toContain('recover: nothing recorded');
      const noReason = await runCli(dir, ['recover', '--accept-loss']);
      expect(noReason.code).toBe(1);
      expect(noReason.stderr).toContain('--reason is required');
      expect(readStoreFile(join(dir, 'events.sqlite')).events).toHaveLength(3);
    }, 60_000);

    it('records the loss after every acknowledged position, sets the index aside and lets the ledger start', async () => {
      const run = await runCli(dir, ['recover', '--accept-loss', '--reason', 'disk replaced; WAL lost (ticket 4711)']);
      expect(run.stderr).toContain('recover: the ledger starts again');
      expect(run.code).toBe(0);
      const events = readStoreFile(join(dir, 'events.sqlite')).events;
      const loss = events[events.length - 1];
      expect(loss).toMatchObject({
        streamId: 'ledger-recovery',
        type: 'EventLossAccepted.v1',
        position: acknowledged + 1,
        data: {
          reason: 'disk replaced; WAL lost (ticket 4711)',
          osUser: expect.any(String),
          storeHead: '3',
          highWater: String(acknowledged),
          latestCheckpoint: { id: 1, treeSize: acknowledged, note: expect.stringContaining('\n5\n') },
        },
        metadata: { actor: expect.stringMatching(/^cli:/), agency: AGENCY },
      });
      expect(readdirSync(dir).some((name) => /^integrity\.sqlite\.lost-/.test(name))).toBe(true);

      const figures = await runCli(dir, ['figures', '2021', '--json']);
      expect(figures.code).toBe(0);
      const checkpoint = await runCli(dir, ['checkpoint']);
      expect(checkpoint.code).toBe(0);
      expect(checkpoint.stderr).toContain('signed checkpoint #1 for 4 events');
    }, 120_000);

    it('gives a new event a position no lost event had', async () => {
      await withApi(dir, (http) => fileApplications(http, ['C-5']));
      const positions = readStoreFile(join(dir, 'events.sqlite')).events.map((event) => event.position);
      expect(positions).toEqual([1, 2, 3, acknowledged + 1, acknowledged + 2]);
      expect(existsSync(join(dir, 'events.sqlite'))).toBe(true);
    }, 60_000);
  });
});
