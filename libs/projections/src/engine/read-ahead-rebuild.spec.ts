import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CalendarHistory } from '@ledger/domain';
import { SqliteEventStore, type SqliteEventStoreOptions } from '@ledger/event-store';
import { foldCorrectedLedger, ledgerRange } from '@ledger/kernel';
import { openReadModelDatabase } from '../read-model/read-model-data-source';
import { LedgerEvents } from '../yearly-figures/testing/ledger-events';
import { YearlyFiguresAccumulator } from '../yearly-figures/yearly-figures.accumulator';
import { yearlyFiguresProjection } from '../yearly-figures/yearly-figures.projection';
import { partitionedProjection } from './partitions';
import { ProjectionRunner } from './projection-runner';

/**
 * The full rebuild and the replay of the figures read the store ahead on another thread when it
 * is a SQLite file (`readAllAheadThrough`); the figures must be those of the same read on one thread,
 * whole and by partition, the correction's refold and second pass included. The store is small,
 * so the thread is asked for from the first event, reads all but the first 30, and its batches
 * are small: a read spans many.
 */
const AGENCIES = ['east-psb', 'west-psb', 'south-psb'];
const YEARS = [2025, 2026];
const bj = (local: string) => `${local}+08:00`;
const THREADED: SqliteEventStoreOptions = {
  readAheadFromEvents: 1,
  readAheadBatchRows: 50,
  readAheadBatches: 2,
  readAheadHeadStart: 30,
  // However few cores the machine running the tests has to spare: always started, never handed back.
  readAheadMinCores: 0,
  readAheadMinIdleCores: 0,
};
const ONE_THREAD: SqliteEventStoreOptions = { readAheadFromEvents: Number.POSITIVE_INFINITY };

/** Applications over two years in every agency, decided on time or late, granted or denied, one decision corrected. */
function ledger(): LedgerEvents {
  const events = new LedgerEvents();
  for (const [a, agency] of AGENCIES.entries()) {
    const at = events.of(agency);
    at.register('ZA-001', bj('2019-01-01T00:00:00'));
    at.register('ZA-002', bj('2019-01-01T00:00:00'), { department: '出入境' });
    for (let i = 0; i < 60 + 20 * a; i++) {
      const id = `A-${i}`;
      const year = YEARS[i % 2];
      const month = String(1 + (i % 11)).padStart(2, '0');
      const day = String(1 + (i % 25)).padStart(2, '0');
      at.file(id, bj(`${year}-${month}-${day}T09:00:00`), { itemCode: i % 3 === 0 ? 'ZA-002' : 'ZA-001' });
      at.accept(id, bj(`${year}-${month}-${day}T10:00:00`));
      const decidedMonth = String(2 + (i % 11)).padStart(2, '0');
      const decided = bj(`${year}-${i % 4 === 0 ? decidedMonth : month}-${day}T15:00:00`);
      const decision = i % 5 === 0 ? at.deny(id, decided, '材料不全') : at.grant(id, decided);
      if (i === 7)
        at.correct(decision, bj(`${year}-12-30T10:00:00`), { correctedAt: bj(`${year}-${decidedMonth}-28T10:00:00`) });
    }
  }
  return events;
}

describe('when the figures are rebuilt with the store read ahead on another thread', () => {
  let dir: string;
  let threaded: SqliteEventStore;
  let oneThread: SqliteEventStore;
  let dataSource: DataSource;
  let storedEvents: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'read-ahead-rebuild-'));
    const file = path.join(dir, 'events.sqlite');
    const writer = new SqliteEventStore(file);
    const events = ledger().events;
    for (const e of events)
      await writer.appendToStream(e.streamId, [
        { eventId: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never },
      ]);
    await writer.close();
    storedEvents = events.length;
    threaded = new SqliteEventStore(file, THREADED);
    oneThread = new SqliteEventStore(file, ONE_THREAD);
    dataSource = await openReadModelDatabase({ dataDir: dir });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await threaded?.close();
    await oneThread?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every agency-year's figures and breakdowns, as the documents show them. */
  function figuresOf(state: YearlyFiguresAccumulator) {
    return AGENCIES.flatMap((agency) =>
      YEARS.map((year) => ({
        agency,
        year,
        figures: state.figures(agency, year),
        departments: state.departments(agency, year),
        items: state.items(agency, year),
      })),
    );
  }

  /** The runner's state after a rebuild; `threads`: reading threads it started. */
  async function rebuilt(store: SqliteEventStore, partition = 0, partitions = 1) {
    const before = store.readAheadStats.started;
    const runner = new ProjectionRunner(
      store,
      dataSource,
      partitionedProjection(yearlyFiguresProjection(new CalendarHistory(), 'Asia/Shanghai'), partition, partitions),
    );
    await runner.rebuild();
    await runner.stop();
    const threads = store.readAheadStats.started - before;
    return { figures: figuresOf(runner.currentState), applied: runner.applied, refolded: runner.refolded, threads };
  }

  it('gives the runner’s rebuild the figures of the same rebuild on one thread, whole and by partition', async () => {
    const { threads: none, ...expected } = await rebuilt(oneThread);
    expect(none).toBe(0);
    // Not a comparison of zeros: decisions in every agency-year, some late, and the correction refolded.
    expect(expected.applied).toBe(storedEvents);
    expect(expected.refolded).toBe(1);
    for (const { figures } of expected.figures) {
      expect(figures.decisions.onTime).toBeGreaterThan(0);
      expect(figures.decisions.overdue).toBeGreaterThan(0);
    }
    // The rebuild's pass and the refold's each read on a thread of its own.
    expect(await rebuilt(threaded)).toEqual({ ...expected, threads: 2 });
    for (let p = 0; p < 2; p++) {
      const { threads, ...part } = await rebuilt(threaded, p, 2);
      const { threads: sameThread, ...onOneThread } = await rebuilt(oneThread, p, 2);
      expect(part).toEqual(onOneThread);
      expect(threads).toBe(1 + part.refolded);
      expect(sameThread).toBe(0);
    }
    expect(threaded.readAheadStats.running).toBe(0);
  });

  it('gives the replay of the figures (ledgerRange, two passes for the correction) the figures of one thread', async () => {
    const replay = async (store: SqliteEventStore, asOf?: string) => {
      const fold = await foldCorrectedLedger(await ledgerRange(store, { asOf }), {
        initial: () => new YearlyFiguresAccumulator({ calendar: new CalendarHistory(), timeZone: 'Asia/Shanghai' }),
        apply: (state, decoded) => {
          if (decoded.kind === 'fact') state.apply(decoded.event);
          else state.applyOther(decoded.event);
          return state;
        },
      });
      return { figures: figuresOf(fold.state), passes: fold.passes };
    };
    const started = threaded.readAheadStats.started;
    const expected = await replay(oneThread);
    expect(expected.passes).toBe(2);
    expect(await replay(threaded)).toEqual(expected);
    expect(threaded.readAheadStats.started - started).toBe(2);
    const asOf = '2025-09-01T00:00:00.000Z';
    expect(await replay(threaded, asOf)).toEqual(await replay(oneThread, asOf));
    expect(threaded.readAheadStats.running).toBe(0);
  });
});
