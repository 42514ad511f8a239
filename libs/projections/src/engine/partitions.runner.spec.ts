import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CalendarHistory, LedgerEvent, Recorded, decideCalendarYear, legacyRecordStreamId } from '@ledger/domain';
import { RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { openReadModelDatabase } from '../read-model/read-model-data-source';
import { LedgerEvents } from '../yearly-figures/testing/ledger-events';
import { YearlyFiguresAccumulator } from '../yearly-figures/yearly-figures.accumulator';
import { yearlyFiguresProjection } from '../yearly-figures/yearly-figures.projection';
import { partitionOf, partitionOfStored, partitionedProjection } from './partitions';
import { ProjectionRunner } from './projection-runner';

/**
 * The partitions as the projector runs them: each rebuilt by the runner from a store of several
 * agencies, skipping the other partitions' records before decoding them. Their figures must be
 * the figures of one replay, with the per-agency stream names, the legacy ones (one of which
 * reads like another agency's) and the calendar's stream that every partition reads.
 */
// Spread over two and over three partitions (see the first test).
const AGENCIES = ['east-psb', 'p-east', 'west-psb', 'p-west', 'south-psb', 'taishan-psb'];
const bj = (local: string) => `${local}+08:00`;

/** Applications of every agency in 2026–2027 (some decided late, one corrected), some under legacy names. */
function cityLedger(): Recorded<LedgerEvent>[] {
  const ledger = new LedgerEvents();
  const legacy = new Map<string, string>();
  for (const [a, agency] of AGENCIES.entries()) {
    const at = ledger.of(agency);
    at.register('ZA-001', bj('2019-01-01T00:00:00'));
    // Agencies differ in volume, so a partition mix-up shows in the counts.
    for (let i = 0; i < 4 + a; i++) {
      const id = `A-${i}`;
      // Filed on 10 December and decided on 11 January: on time only by the 2027 calendar recorded
      // below (4 January off); the others are decided in December.
      const day = i % 3 === 0 ? '10' : `0${1 + (i % 9)}`;
      at.file(id, bj(`2026-12-${day}T09:00:00`));
      at.accept(id, bj(`2026-12-${day}T10:00:00`));
      const decision = at.grant(id, bj(i % 3 === 0 ? '2027-01-11T10:00:00' : '2026-12-28T10:00:00'));
      if (i === 1) at.correct(decision, bj('2027-02-01T10:00:00'), { correctedAt: bj('2027-01-20T10:00:00') });
    }
  }
  // Two records of the first agency live under legacy names; one of them reads like a record of another
  // agency (in the other of two partitions) that agency does not have.
  const first = AGENCIES[0];
  const other = AGENCIES.find((a) => partitionOf(a, 2) !== partitionOf(first, 2))!;
  legacy.set(`application-${first}.A-0`, legacyRecordStreamId('application', 'A-0')!);
  legacy.set(`application-${first}.A-2`, legacyRecordStreamId('application', `${other}.X-2`)!);
  return ledger.events.map((e) => (legacy.has(e.streamId) ? { ...e, streamId: legacy.get(e.streamId)! } : e));
}

/** The 2027 calendar (not shipped), recorded in the calendar's stream under the operator's agency. */
function calendarYear() {
  const [recorded] = decideCalendarYear(
    {
      definition: {
        region: 'CN',
        year: 2027,
        holidays: ['2027-01-01', '2027-01-04'],
        makeupWorkdays: [],
        source: 'hypothetical test arrangement',
      },
    },
    new CalendarHistory(),
    0,
  );
  const ledgerTime = '2026-12-20T00:00:00.000Z';
  return {
    streamId: 'calendar-all.CN',
    event: {
      eventId: randomUUID(),
      type: recorded.type,
      data: recorded.data,
      metadata: { agency: AGENCIES[1], actor: 'operator', businessTime: ledgerTime, ledgerTime },
    },
  };
}

describe('when the runner rebuilds the partitions of a store of several agencies', () => {
  let dir: string;
  let store: SqliteEventStore;
  let dataSource: DataSource;
  let stored: RecordedEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'partitions-runner-'));
    store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    dataSource = await openReadModelDatabase({ dataDir: dir });
    const calendar = calendarYear();
    await store.appendToStream(calendar.streamId, [calendar.event]);
    for (const e of cityLedger())
      await store.appendToStream(e.streamId, [
        { eventId: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never },
      ]);
    stored = [];
    for await (const e of store.readAll()) stored.push(e);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The partition's state after a rebuild, and the events it decoded (the runner reports each applied). */
  async function rebuilt(partition: number, partitions: number) {
    const decoded: string[] = [];
    const runner = new ProjectionRunner(
      store,
      dataSource,
      partitionedProjection(yearlyFiguresProjection(new CalendarHistory(), 'Asia/Shanghai'), partition, partitions),
      { onApplied: (d) => decoded.push(d.event.eventId) },
    );
    await runner.rebuild();
    await runner.stop();
    return { state: runner.currentState as YearlyFiguresAccumulator, decoded, read: runner.applied };
  }

  it.each([2, 3])('gives with %i partitions the figures of one replay, each decoding only its share', async (n) => {
    const whole = await rebuilt(0, 1);
    expect(whole.decoded).toHaveLength(stored.length);
    // Not a comparison of zeros: every agency has decisions, the calendar's 2027 judges those of
    // January, and the correction moved one to 20 January, late.
    for (const agency of AGENCIES) {
      expect(whole.state.figures(agency, 2026).decisions.onTime).toBeGreaterThan(0);
      const decided2027 = whole.state.figures(agency, 2027).decisions;
      expect(decided2027).toMatchObject({ overdue: 1, deadlineUnknown: 0 });
      expect(decided2027.onTime).toBeGreaterThan(0);
    }
    const seen: string[] = [];
    for (let p = 0; p < n; p++) {
      expect(AGENCIES.some((a) => partitionOf(a, n) === p)).toBe(true);
      const part = await rebuilt(p, n);
      expect(part.state.agencies()).toEqual(AGENCIES.filter((a) => partitionOf(a, n) === p).sort());
      for (const agency of part.state.agencies())
        for (const year of [2026, 2027])
          expect(part.state.figures(agency, year)).toEqual(whole.state.figures(agency, year));
      seen.push(...part.state.agencies());
      // Every event is read past; decoded are the calendar's and this partition's records only.
      expect(part.read).toBe(stored.length);
      const own = stored.filter((e) => String(e.metadata.agency) && partitionOf(String(e.metadata.agency), n) === p);
      expect(part.decoded.sort()).toEqual(
        stored
          .filter((e) => e.streamId.startsWith('calendar-') || own.includes(e))
          .map((e) => e.eventId)
          .sort(),
      );
      expect(part.decoded.length).toBeLessThan(stored.length);
    }
    expect(seen.sort()).toEqual([...AGENCIES].sort());
  });

  it('judges a legacy record by its events’ agency, even where its name reads like another agency’s', () => {
    const legacy = stored.filter(
      (e) =>
        e.streamId === `application-${AGENCIES.find((a) => partitionOf(a, 2) !== partitionOf(AGENCIES[0], 2))}.X-2`,
    );
    expect(legacy.length).toBeGreaterThan(0);
    for (const e of legacy) expect(partitionOfStored(e, 2)).toBe(partitionOf(AGENCIES[0], 2));
    expect(
      partitionOfStored(
        stored.find((e) => e.streamId === 'application-A-0')!,
        2,
      ),
    ).toBe(partitionOf(AGENCIES[0], 2));
    // The calendar's stream (named like a record's of agency "all") is every partition's.
    expect(
      partitionOfStored(
        stored.find((e) => e.streamId === 'calendar-all.CN')!,
        2,
      ),
    ).toBeUndefined();
  });
});

describe('when a correction makes a live partition fold its history again', () => {
  it('decodes again only its own records and the calendar’s, not the other partitions’', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'partitions-refold-'));
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const dataSource = await openReadModelDatabase({ dataDir: dir });
    try {
      const mine = AGENCIES[0];
      const theirs = AGENCIES.find((a) => partitionOf(a, 2) !== partitionOf(mine, 2))!;
      const ledger = new LedgerEvents();
      const decisions = new Map<string, Recorded<LedgerEvent>>();
      for (const agency of [mine, theirs]) {
        const at = ledger.of(agency);
        at.register('ZA-001', bj('2019-01-01T00:00:00'));
        at.file('A-1', bj('2026-03-02T09:00:00'));
        at.accept('A-1', bj('2026-03-02T10:00:00'));
        decisions.set(agency, at.grant('A-1', bj('2026-03-05T10:00:00')));
      }
      const append = async (e: Recorded<LedgerEvent>) =>
        store.appendToStream(e.streamId, [
          { eventId: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never },
        ]);
      const calendar = calendarYear();
      await store.appendToStream(calendar.streamId, [calendar.event]);
      for (const e of ledger.events) await append(e);
      const partition = partitionedProjection(
        yearlyFiguresProjection(new CalendarHistory(), 'Asia/Shanghai'),
        partitionOf(mine, 2),
        2,
      );
      // Every fact the partition decodes reaches its evolve (the partition's own filter comes after).
      const evolved: string[] = [];
      const runner = new ProjectionRunner(store, dataSource, {
        ...partition,
        evolve: (state, event) => {
          evolved.push(event.eventId);
          return partition.evolve(state, event);
        },
      });
      await runner.start();
      await runner.catchUp();
      evolved.length = 0;
      await append(
        ledger
          .of(mine)
          .correct(decisions.get(mine)!, bj('2026-04-01T10:00:00'), { correctedAt: bj('2026-04-30T10:00:00') }),
      );
      await runner.catchUp();
      expect(runner.refolded).toBe(1);
      const others = new Set(ledger.events.filter((e) => e.metadata.agency === theirs).map((e) => e.eventId));
      expect(evolved.length).toBeGreaterThan(0);
      expect(evolved.filter((id) => others.has(id))).toEqual([]);
      expect((runner.currentState as YearlyFiguresAccumulator).agencies()).toEqual([mine]);
      expect((runner.currentState as YearlyFiguresAccumulator).figures(mine, 2026).decisions.overdue).toBe(1);
      await runner.stop();
    } finally {
      await dataSource.destroy();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
