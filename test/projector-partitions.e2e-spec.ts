import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { CalendarHistory, decideCalendarYear, shippedCalendarVersions } from '@ledger/domain';
import { NewEvent, SqliteEventStore } from '@ledger/event-store';
import { decodeStoredEvent } from '@ledger/kernel';
import { YearlyFiguresAccumulator, partitionOf } from '@ledger/projections';
import { READ_MODEL_VARIANTS } from './support/read-model-databases';

/**
 * The partitioned projector on PostgreSQL: two instances split four partitions of the yearly
 * figures by agency (each partition under its own advisory lock); when one is killed with
 * SIGKILL the other takes its partitions over, and the figures of every agency equal a replay
 * of the whole store in one process.
 */
const ROOT = path.resolve(__dirname, '..');
const PARTITIONS = 4;
const AGENCIES = ['p-east', 'p-west', 'p-north', 'p-south', 'p-centre', 'p-harbour'];
const postgres = READ_MODEL_VARIANTS.find((v) => v.name === 'postgres')!;

const meta = (agency: string, at: string) => ({
  agency,
  actor: 'seed',
  businessTime: at,
  ledgerTime: '2021-02-01T00:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
});

const CALENDAR_STREAM = 'calendar-all.CN';

/**
 * A correction of the 2020 calendar: the first week of March off. It judges again every deadline
 * running through that week, in every agency, so every partition must read it (its stream is
 * no agency's record, though its metadata names the operator's agency).
 */
async function appendCalendarCorrection(store: SqliteEventStore): Promise<void> {
  const shipped = shippedCalendarVersions().find((v) => v.year === 2020)!.definition;
  const week = ['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05', '2020-03-06'];
  const [recorded] = decideCalendarYear(
    { definition: { ...shipped, holidays: [...shipped.holidays, ...week] }, reason: 'test: a week off in March' },
    new CalendarHistory(),
    Date.parse('2021-01-15T00:00:00.000Z'),
  );
  await store.appendToStream(CALENDAR_STREAM, [
    {
      eventId: randomUUID(),
      type: recorded.type,
      data: recorded.data,
      metadata: { ...meta('p-east', recorded.at), ledgerTime: recorded.at, actor: 'operator' },
    },
  ]);
}

/** Per agency: one item, then `count` applications from `from` on (filed, accepted, decided; some late, some denied). */
async function append(file: string, from: number, count: number, withItems: boolean): Promise<void> {
  const store = new SqliteEventStore(file);
  const pending: Promise<unknown>[] = [];
  if (withItems) await appendCalendarCorrection(store);
  for (const [a, agency] of AGENCIES.entries()) {
    if (withItems)
      pending.push(
        store.appendToStream(`item-${agency}.P-1`, [
          {
            eventId: randomUUID(),
            type: 'ItemRegistered.v1',
            data: {
              code: 'P-1',
              name: '示例事项',
              department: a % 2 ? '治安' : '交警',
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
            metadata: meta(agency, '2019-01-01T00:00:00+08:00'),
          },
        ]),
      );
    // Agencies differ in volume, so a partition mix-up shows in the counts.
    for (let i = from; i < from + count + a * 7; i++) {
      // Some records live under the names they had before ids were per agency (a legacy
      // `application-<id>`): p-east's plainly, and p-west's under ids that make the name read like
      // a record of p-east, an agency of another partition.
      const legacy = agency === 'p-east' ? i % 5 === 0 : agency === 'p-west' && i % 7 === 0;
      const id = agency === 'p-west' && legacy ? `p-east.L-${i}` : `a-${i}`;
      const month = String(1 + (i % 11)).padStart(2, '0');
      const day = String(1 + (i % 27)).padStart(2, '0');
      const decidedMonth = String(1 + (i % 11) + (i % 13 === 0 ? 1 : 0)).padStart(2, '0');
      const events: NewEvent[] = [
        {
          eventId: randomUUID(),
          type: 'ApplicationFiled.v1',
          data: {
            applicationId: id,
            itemCode: 'P-1',
            department: a % 2 ? '治安' : '交警',
            statutoryDays: 20,
            promisedDays: 5,
            disclosable: true,
            channel: 'online',
            applicant: { sealed: { v: 1, alg: 'A256GCM', subjectId: `subj_${i}`, iv: 'x', ct: 'x', tag: 'x' } },
          },
          metadata: meta(agency, `2020-${month}-${day}T09:00:00+08:00`),
        },
        {
          eventId: randomUUID(),
          type: 'ApplicationAccepted.v1',
          data: { applicationId: id },
          metadata: meta(agency, `2020-${month}-${day}T10:00:00+08:00`),
        },
        {
          eventId: randomUUID(),
          type: 'DecisionMade.v1',
          data: {
            applicationId: id,
            outcome: i % 31 === 0 ? 'denied' : 'granted',
            ...(i % 31 === 0 ? { reason: '不符合条件', legalBasis: '条例' } : {}),
          },
          // One in thirteen decided a month later: past the 20 working days.
          metadata: meta(agency, `2020-${decidedMonth}-${day}T16:00:00+08:00`),
        },
      ];
      const streamId = legacy ? `application-${id}` : `application-${agency}.${id}`;
      pending.push(store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }));
      if (pending.length >= 1000) await Promise.all(pending.splice(0));
    }
  }
  await Promise.all(pending);
  await store.close();
}

async function eventCount(file: string): Promise<number> {
  const store = new SqliteEventStore(file);
  let n = 0;
  for await (const _ of store.readAll()) n++;
  await store.close();
  return n;
}

/**
 * Every agency's 2020 figures from one pass over the whole store, calendar versions folded in as
 * the projector folds them: what the partitions must add up to. `withoutCalendar` leaves the
 * calendar's events out, to show that they change the figures.
 */
async function singleInstanceReplay(file: string, withoutCalendar = false): Promise<YearlyFiguresAccumulator> {
  const store = new SqliteEventStore(file);
  const accumulator = new YearlyFiguresAccumulator({ calendar: new CalendarHistory() });
  for await (const e of store.readAll()) {
    if (withoutCalendar && e.streamId === CALENDAR_STREAM) continue;
    const decoded = decodeStoredEvent(e);
    if (decoded.kind === 'fact') accumulator.apply(decoded.event);
    else accumulator.applyOther(decoded.event);
  }
  await store.close();
  return accumulator;
}

interface Instance {
  readonly child: ChildProcess;
  /** Partitions whose lock this instance announced it acquired. */
  readonly acquired: Set<number>;
}

function startInstance(dir: string, env: Record<string, string>): Instance {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/projector/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LEDGER_DATA_DIR: dir, PORT: '0', LOG_FORMAT: 'text', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acquired = new Set<number>();
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    // Nest colours its text logs: the context and the message are apart by escape codes.
    for (const m of output.matchAll(/yearly-figures\/p(\d+)of4\][^\n]*?acquired/g)) acquired.add(Number(m[1]));
  });
  child.stderr!.on('data', () => undefined);
  return { child, acquired };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('when two projector instances share the partitions of the figures', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof postgres.setUp>>;
  let client: Client;
  const instances: Instance[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'projector-partitions-'));
    db = await postgres.setUp();
    client = new Client({ connectionString: db.databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    for (const { child } of instances) child.kill('SIGKILL');
    await client?.end();
    await db?.tearDown();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The partitions' checkpoints: name → events read and state. */
  const checkpoints = async () => {
    const { rows } = await client
      .query(
        `SELECT name, events_applied, state FROM ${db.schema}.projection_checkpoints WHERE name LIKE 'yearly-figures/p%of4'`,
      )
      .catch(() => ({ rows: [] as { name: string; events_applied: number; state: string }[] }));
    return rows as { name: string; events_applied: number; state: string }[];
  };
  const allAt = async (total: number) => {
    const rows = await checkpoints();
    return rows.length === PARTITIONS && rows.every((r) => Number(r.events_applied) === total) ? rows : undefined;
  };

  it('splits the partitions, takes over a killed instance’s, and ends with the figures of a single replay', async () => {
    const events = path.join(dir, 'events.sqlite');
    await append(events, 0, 300, true);
    const env = (instance: string) => ({
      LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: db.databaseUrl!,
      LEDGER_READ_MODEL_SCHEMA: db.schema!,
      LEDGER_PROJECTION_PARTITIONS: String(PARTITIONS),
      LEDGER_PROJECTOR_INSTANCE: instance,
      // Long enough for both to start on a busy machine; a takeover then waits as long.
      LEDGER_PROJECTOR_TAKEOVER_MS: '20000',
      LEDGER_CHECKPOINT_EVERY_EVENTS: '500',
    });
    const masterKey = randomBytes(32).toString('base64');
    const a = startInstance(dir, { ...env('0/2'), LEDGER_MASTER_KEY: masterKey });
    const b = startInstance(dir, { ...env('1/2'), LEDGER_MASTER_KEY: masterKey });
    instances.push(a, b);

    let total = await eventCount(events);
    await until('every partition at the head', () => allAt(total), 120_000);
    // Each instance holds its own share, none of the other's.
    expect([...a.acquired].sort()).toEqual([0, 2]);
    expect([...b.acquired].sort()).toEqual([1, 3]);

    // More events while both run, then instance a dies without a word.
    await append(events, 10_000, 100, false);
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    await append(events, 20_000, 100, false);
    total = await eventCount(events);

    await until('b to take over 0 and 2', () => (b.acquired.size === PARTITIONS ? true : undefined), 60_000);
    const rows = await until('every partition at the new head', () => allAt(total), 120_000);

    const expected = await singleInstanceReplay(events);
    const calendar = new CalendarHistory();
    const seen = new Set<string>();
    for (const row of rows) {
      const p = Number(/p(\d+)of4/.exec(row.name)![1]);
      const state = YearlyFiguresAccumulator.restore(JSON.parse(row.state), { calendar });
      // A partition holds exactly its own agencies, each whole.
      expect(state.agencies()).toEqual(AGENCIES.filter((x) => partitionOf(x, PARTITIONS) === p).sort());
      for (const agency of state.agencies()) {
        expect(state.figures(agency, 2020)).toEqual(expected.figures(agency, 2020));
        seen.add(agency);
      }
    }
    expect([...seen].sort()).toEqual([...AGENCIES].sort());
    // The volumes differ by agency and some decisions are overdue: the comparison is not of zeros.
    expect(expected.figures('p-harbour', 2020).applications.received).toBe(300 + 35 + 2 * (100 + 35));
    expect(expected.figures('p-east', 2020).decisions.overdue).toBeGreaterThan(0);
    // The calendar's correction moved some decisions on time, and the legacy records are counted.
    const withoutCalendar = await singleInstanceReplay(events, true);
    expect(
      AGENCIES.filter(
        (a) => expected.figures(a, 2020).decisions.overdue < withoutCalendar.figures(a, 2020).decisions.overdue,
      ),
    ).not.toEqual([]);
    expect(expected.figures('p-west', 2020).applications.received).toBe(300 + 7 + 2 * (100 + 7));
  }, 300_000);
});
