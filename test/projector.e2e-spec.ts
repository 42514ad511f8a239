import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NewEvent, SqliteEventStore } from '@ledger/event-store';
import { loadDefaultCalendar } from '@ledger/domain';
import { fromStoredEvent, loadLedgerConfig } from '@ledger/ledger';
import { YearlyFiguresAccumulator, YearlyFiguresService } from '@ledger/projections';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { READ_MODEL_VARIANTS } from './support/read-model-databases';

const AGENCY = 'proj-psb';
const ROOT = path.resolve(__dirname, '..');

/** Events as the command handlers would record them (the projector only reads). */
function applicationEvents(i: number): { streamId: string; events: NewEvent[] }[] {
  const id = `p-${i}`;
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (i % 11)).padStart(2, '0');
  const meta = (at: string) => ({
    agency: AGENCY,
    actor: 'seed',
    businessTime: at,
    ledgerTime: '2021-02-01T00:00:00.000Z',
    correlationId: 'c',
    causationId: 'c',
  });
  const filed = `2020-${month}-${day}T09:00:00+08:00`;
  const accepted = `2020-${month}-${day}T10:00:00+08:00`;
  const decided = `2020-${month}-${day}T16:00:00+08:00`;
  return [
    {
      streamId: `application-${id}`,
      events: [
        {
          eventId: randomUUID(),
          type: 'ApplicationFiled.v1',
          data: {
            applicationId: id,
            itemCode: 'P-1',
            department: '治安',
            statutoryDays: 20,
            promisedDays: 5,
            disclosable: true,
            channel: 'online',
            applicant: { sealed: { v: 1, alg: 'A256GCM', subjectId: `subj_${i}`, iv: 'x', ct: 'x', tag: 'x' } },
          },
          metadata: meta(filed),
        },
        {
          eventId: randomUUID(),
          type: 'ApplicationAccepted.v1',
          data: { applicationId: id },
          metadata: meta(accepted),
        },
        {
          eventId: randomUUID(),
          type: 'DecisionMade.v1',
          data: {
            applicationId: id,
            outcome: i % 97 === 0 ? 'denied' : 'granted',
            ...(i % 97 === 0 ? { reason: '不符合条件', legalBasis: '条例' } : {}),
          },
          metadata: meta(decided),
        },
      ],
    },
  ];
}

async function seedStore(file: string, applications: number): Promise<number> {
  const store = new SqliteEventStore(file);
  await store.appendToStream(`item-${AGENCY}.P-1`, [
    {
      eventId: randomUUID(),
      type: 'ItemRegistered.v1',
      data: {
        code: 'P-1',
        name: '示例事项',
        department: '治安',
        statutoryDays: 20,
        promisedDays: 5,
        handlingType: 'promised',
        requiredVisits: 0,
        fullyOnline: true,
        inStandardCatalogue: true,
        inOnlineHall: true,
        disclosable: true,
        effectiveFrom: '2019-01-01T00:00:00+08:00',
      },
      metadata: {
        agency: AGENCY,
        actor: 'seed',
        businessTime: '2019-01-01T00:00:00+08:00',
        ledgerTime: '2021-02-01T00:00:00.000Z',
        correlationId: 'c',
        causationId: 'c',
      },
    },
  ]);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < applications; i++) {
    for (const { streamId, events } of applicationEvents(i))
      pending.push(store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }));
    if (pending.length >= 2000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await store.close();
  return 1 + applications * 3;
}

/** The figures every event gives, computed in this process from the store: what the projector must end with. */
async function expectedFigures(file: string) {
  const store = new SqliteEventStore(file);
  const accumulator = new YearlyFiguresAccumulator({ calendar: loadDefaultCalendar() });
  for await (const e of store.readAll()) accumulator.apply(fromStoredEvent(e));
  await store.close();
  return accumulator.figures(AGENCY, 2020);
}

function checkpointOf(
  readModels: string,
): { position: string | null; events_applied: number; state: string | null } | undefined {
  if (!existsSync(readModels)) return undefined;
  const db = new Database(readModels, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_checkpoints'")
      .get();
    return hasTable
      ? (db
          .prepare("SELECT position, events_applied, state FROM projection_checkpoints WHERE name = 'yearly-figures'")
          .get() as never)
      : undefined;
  } finally {
    db.close();
  }
}

function startProjector(dir: string, masterKey: string): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'apps/projector/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dir,
      LEDGER_AGENCY: AGENCY,
      LEDGER_MASTER_KEY: masterKey,
      PORT: '0',
      LOG_FORMAT: 'text',
      LEDGER_CHECKPOINT_EVERY_EVENTS: '3000',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('projector worker', () => {
  describe('when it is killed with SIGKILL while catching up', () => {
    let dir: string;
    let child: ChildProcess | undefined;
    afterEach(() => {
      child?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    it('resumes from its checkpoint after a restart and counts every event exactly once', async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'projector-crash-'));
      const total = await seedStore(path.join(dir, 'events.sqlite'), 20_000);
      const masterKey = randomBytes(32).toString('base64');
      const readModels = path.join(dir, 'read-models.sqlite');

      child = startProjector(dir, masterKey);
      // Killed once some checkpoints were saved but well before the end.
      const midway = await until(
        'a checkpoint midway',
        () => {
          const c = checkpointOf(readModels);
          return c && c.events_applied > 0 && c.events_applied < total ? c : undefined;
        },
        120_000,
      );
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      expect(midway.events_applied).toBeLessThan(total);

      child = startProjector(dir, masterKey);
      const done = await until(
        'the checkpoint at the head',
        () => {
          const c = checkpointOf(readModels);
          return c && c.events_applied === total ? c : undefined;
        },
        180_000,
      );
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));

      const restored = YearlyFiguresAccumulator.restore(JSON.parse(done.state!), { calendar: loadDefaultCalendar() });
      const expected = await expectedFigures(path.join(dir, 'events.sqlite'));
      expect(restored.figures(AGENCY, 2020)).toEqual(expected);
      expect(expected.applications.received).toBe(20_000);
      expect(expected.decisions.denied).toBe(Math.ceil(20_000 / 97));
    }, 360_000);
  });

  const postgres = READ_MODEL_VARIANTS.find((v) => v.name === 'postgres')!;

  describe('when two instances share a PostgreSQL read-model database', () => {
    let dir: string;
    let tearDown: () => Promise<void>;
    const apps: INestApplication[] = [];

    afterAll(async () => {
      for (const app of apps) await app.close().catch(() => undefined);
      await tearDown?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs exactly one active instance; the standby takes over when it stops', async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'projector-ha-'));
      await seedStore(path.join(dir, 'events.sqlite'), 200);
      const db = await postgres.setUp();
      tearDown = db.tearDown;
      const config = {
        ...loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
        databaseUrl: db.databaseUrl,
      };
      const start = async () => {
        const app = await NestFactory.create(
          ProjectorModule.register({
            config,
            schema: db.schema,
            eventStore: new SqliteEventStore(path.join(dir, 'events.sqlite')),
          }),
          { logger: false, abortOnError: false },
        );
        await app.init();
        apps.push(app);
        return app.get(YearlyFiguresService);
      };
      const first = await start();
      await until('the first instance to lead', () => (first.isActive ? true : undefined), 20_000);
      const second = await start();
      // Refused twice: it asked again after its first refusal, and still stands by while the first leads.
      await until(
        'the second instance to be refused the lead twice',
        () => (second.leadRefusals >= 2 ? true : undefined),
        20_000,
      );
      expect([first.isActive, second.isActive, second.isStandby]).toEqual([true, false, true]);

      await apps[0].close();
      await until('the standby to take over', () => (second.isActive ? true : undefined), 20_000);
      const figures = (await second.figures({ agency: AGENCY, year: 2020 })).figures as {
        applications: { received: number };
      };
      expect(figures.applications.received).toBe(200);
    }, 90_000);
  });
});
