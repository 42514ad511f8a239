import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CalendarHistory, baseCalendarVersions } from '@ledger/domain';
import { NewEvent, SqliteEventStore, positionToString } from '@ledger/event-store';
import { fromStoredEvent } from '@ledger/ledger';
import {
  ProjectionCheckpointEntity,
  YEARLY_FIGURES_VERSION,
  YearlyFiguresAccumulator,
  YearlyFiguresEntity,
  openReadModelDatabase,
  partitionOf,
} from '@ledger/projections';
import { DataSource } from 'typeorm';
import { CliRun, REPOSITORY_ROOT, cliEnvironment } from './fixtures/ledger-cli';
import { READ_MODEL_VARIANTS } from './support/read-model-databases';

/**
 * `ledger rebuild yearly-figures` with LEDGER_PROJECTION_PARTITIONS=4: the CLI holds no
 * partition, so it rebuilds every partition's checkpoint row (`yearly-figures/p<k>of4`), the rows
 * a projector started afterwards resumes from. Each must stand at the store's head holding
 * exactly its own agencies, with the figures a replay of the whole store in one pass gives.
 */
const PARTITIONS = 4;
// One agency or more in every partition of four (FNV-1a mod 4: 0, 1, 2, 3, 2, 0; checked below).
const AGENCIES = ['jiangmen-psb', 'taishan-psb', 'jianghai-psb', 'yangjiang-psb', 'xinhui-psb', 'pengjiang-psb'];

const meta = (agency: string, at: string) => ({
  agency,
  actor: 'seed',
  businessTime: at,
  ledgerTime: '2021-02-01T00:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
});

/** Per agency an item (first batch only), then applications `from`…: filed, accepted, decided; some late, some denied. */
async function append(file: string, from: number, count: number, withItems: boolean): Promise<void> {
  const store = new SqliteEventStore(file);
  for (const [a, agency] of AGENCIES.entries()) {
    if (withItems)
      await store.appendToStream(`item-${agency}.R-1`, [
        {
          eventId: randomUUID(),
          type: 'ItemRegistered.v1',
          data: {
            code: 'R-1',
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
          metadata: meta(agency, '2019-01-01T00:00:00+08:00'),
        },
      ]);
    // Volumes differ by agency, so figures put under the wrong partition or counted twice show.
    for (let i = from; i < from + count + a * 5; i++) {
      const id = `r-${i}`;
      const month = String(1 + (i % 11)).padStart(2, '0');
      const day = String(1 + (i % 27)).padStart(2, '0');
      // One in seven decided a month later: past the 20 working days.
      const decidedMonth = String(1 + (i % 11) + (i % 7 === 0 ? 1 : 0)).padStart(2, '0');
      const denied = i % 9 === 0;
      const events: NewEvent[] = [
        {
          eventId: randomUUID(),
          type: 'ApplicationFiled.v1',
          data: {
            applicationId: id,
            itemCode: 'R-1',
            department: '治安',
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
            outcome: denied ? 'denied' : 'granted',
            ...(denied ? { reason: '不符合条件', legalBasis: '条例' } : {}),
          },
          metadata: meta(agency, `2020-${decidedMonth}-${day}T16:00:00+08:00`),
        },
      ];
      await store.appendToStream(`application-${agency}.${id}`, events, { expectedRevision: 'no_stream' });
    }
  }
  await store.close();
}

/** The working-day calendar as the CLI's figures service holds it (its shipped versions), so documents compare whole. */
const calendarOfTheCli = () => new CalendarHistory([], baseCalendarVersions());

/** As stored: JSON, so absent and undefined fields compare alike. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** `ledger <args>` on `dataDir` with the read-model settings of `env` (cliEnvironment drops DATABASE_URL). */
function cli(dataDir: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(REPOSITORY_ROOT, 'apps', 'ledger-cli', 'src', 'main.ts'), ...args],
      { cwd: REPOSITORY_ROOT, env: { ...cliEnvironment(dataDir), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The store's head and every agency's figures from one pass over it: what the partitions must add up to. */
async function singleReplay(
  file: string,
): Promise<{ head: string; events: number; figures: YearlyFiguresAccumulator }> {
  const store = new SqliteEventStore(file);
  const figures = new YearlyFiguresAccumulator({ calendar: calendarOfTheCli() });
  let events = 0;
  for await (const e of store.readAll()) {
    figures.apply(fromStoredEvent(e));
    events++;
  }
  const head = positionToString((await store.headPosition())!);
  await store.close();
  return { head, events, figures };
}

describe.each(READ_MODEL_VARIANTS)(
  'when the figures are rebuilt by the CLI in partitions ($name read models)',
  (variant) => {
    let dir: string;
    let db: Awaited<ReturnType<typeof variant.setUp>>;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), `rebuild-partitions-${variant.name}-`));
      db = await variant.setUp();
    });
    afterAll(async () => {
      await db?.tearDown();
      rmSync(dir, { recursive: true, force: true });
    });

    const rebuild = () =>
      cli(dir, ['rebuild', 'yearly-figures'], {
        LEDGER_PROJECTION_PARTITIONS: String(PARTITIONS),
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
        ...(db.schema ? { LEDGER_READ_MODEL_SCHEMA: db.schema } : {}),
      });

    /** The read models, opened as the projector opens them (the same database and schema). */
    const readModels = async <T>(use: (source: DataSource) => Promise<T>): Promise<T> => {
      const source = await openReadModelDatabase({ databaseUrl: db.databaseUrl, dataDir: dir, schema: db.schema });
      try {
        return await use(source);
      } finally {
        await source.destroy();
      }
    };
    const checkpoints = () =>
      readModels((source) => source.getRepository(ProjectionCheckpointEntity).find({ order: { name: 'ASC' } }));

    /** Every partition's row at the head, holding exactly its agencies with the single replay's figures. */
    const expectEveryPartitionRebuilt = async (file: string) => {
      const expected = await singleReplay(file);
      const rows = await checkpoints();
      const names = Array.from({ length: PARTITIONS }, (_, p) => `yearly-figures/p${p}of${PARTITIONS}`);
      expect(rows.map((r) => r.name)).toEqual(names);
      const calendar = calendarOfTheCli();
      const seen: string[] = [];
      for (const row of rows) {
        const p = Number(/p(\d+)of/.exec(row.name)![1]);
        expect(row).toMatchObject({ version: YEARLY_FIGURES_VERSION, position: expected.head });
        expect(row.eventsApplied).toBe(expected.events);
        const state = YearlyFiguresAccumulator.restore(JSON.parse(row.state!), { calendar });
        expect(state.agencies()).toEqual(AGENCIES.filter((a) => partitionOf(a, PARTITIONS) === p).sort());
        for (const agency of state.agencies()) {
          expect(state.figures(agency, 2020)).toEqual(expected.figures.figures(agency, 2020));
          seen.push(agency);
        }
      }
      expect(seen.sort()).toEqual([...AGENCIES].sort());
      return expected;
    };

    it('rebuilds every partition’s checkpoint, and again at the new head after more events', async () => {
      // Every partition has agencies of its own, so no partition's row could pass empty.
      expect(new Set(AGENCIES.map((a) => partitionOf(a, PARTITIONS))).size).toBe(PARTITIONS);
      const file = path.join(dir, 'events.sqlite');
      await append(file, 0, 40, true);
      const first = await rebuild();
      expect(first.stderr).not.toMatch(/ledger rebuild:/);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(
        `checkpoints ${Array.from({ length: PARTITIONS }, (_, p) => `yearly-figures/p${p}of${PARTITIONS}`).join(', ')} rebuilt`,
      );
      const before = await expectEveryPartitionRebuilt(file);

      // Documents an API replica had stored for every agency before the new events: the rebuild
      // rewrites each, whichever partition its agency is in.
      await readModels((source) =>
        source.getRepository(YearlyFiguresEntity).save(
          AGENCIES.map((agency) => ({
            agency,
            year: 2020,
            figures: '{"stale":true}',
            departments: '{}',
            items: '{}',
            basedOnPosition: before.head,
            projectionVersion: YEARLY_FIGURES_VERSION,
            computedAt: new Date().toISOString(),
          })),
        ),
      );
      await append(file, 1000, 20, false);
      expect((await rebuild()).code).toBe(0);
      const after = await expectEveryPartitionRebuilt(file);
      expect(after.head).not.toBe(before.head);
      const documents = await readModels((source) => source.getRepository(YearlyFiguresEntity).find());
      expect(documents.map((d) => d.agency).sort()).toEqual([...AGENCIES].sort());
      for (const document of documents)
        expect(JSON.parse(document.figures)).toEqual({
          year: 2020,
          agency: document.agency,
          asOf: null,
          ...plain(after.figures.figures(document.agency, 2020)),
          // The items were registered in 2019: that year is the document's previousYear.
          previousYear: { ...plain(after.figures.figures(document.agency, 2019)), asOf: null },
        });
      // Decisions are overdue and denied in every agency, and volumes differ: the figures compared are not zeros.
      expect(after.figures.figures('pengjiang-psb', 2020).applications.received).toBe(40 + 25 + 20 + 25);
      expect(after.figures.figures('jiangmen-psb', 2020).decisions.overdue).toBeGreaterThan(0);
      expect(after.figures.figures('jiangmen-psb', 2020).decisions.denied).toBeGreaterThan(0);
    }, 120_000);
  },
);

describe('when the partitions setting is not a whole number from 1 to 256', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rebuild-partitions-bad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to rebuild, naming the setting', async () => {
    const run = await cli(dir, ['rebuild', 'yearly-figures'], { LEDGER_PROJECTION_PARTITIONS: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LEDGER_PROJECTION_PARTITIONS must be a whole number from 1 to 256, got "0"');
  }, 60_000);
});
