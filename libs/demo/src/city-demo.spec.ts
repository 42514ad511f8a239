import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDefaultCalendar, parseRegionHierarchy } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerCommands, LedgerCoreModule, fromStoredEvent, loadLedgerConfig } from '@ledger/ledger';
import { YearlyFiguresAccumulator, rollUp } from '@ledger/projections';
import { DEMO_CITY, cityPlan } from './city-plan';
import { DemoWriter, SimulatedClock } from './demo-writer';
import { DEMO_AGENCY, expectedFigures, jiangmenPlan } from './jiangmen-plan';

const calendar = loadDefaultCalendar();

describe('the city demo plan', () => {
  it('keeps the city bureau the single-agency demo, so its figures stay the seed report', () => {
    expect(cityPlan({ agencies: 1 }).plans).toEqual([jiangmenPlan()]);
    expect(cityPlan({ agencies: 9, scale: 0.01 }).plans[0]).toEqual(jiangmenPlan({ scale: 0.01 }));
  });

  it('places every agency in a district of the city, in a hierarchy the domain accepts', () => {
    const { hierarchy, plans } = cityPlan({ agencies: 9, scale: 0.01 });
    const parsed = parseRegionHierarchy(hierarchy);
    expect(parsed.agencies.map((a) => a.agency).sort()).toEqual(plans.map((p) => p.agency).sort());
    expect(new Set(plans.map((p) => p.agency)).size).toBe(9);
    expect(parsed.agencies.find((a) => a.agency === 'pengjiang-psb-2')?.region).toBe('440703');
    expect(parsed.regions.filter((r) => r.level === 'county')).toHaveLength(7);
  });

  it('gives the other agencies their own seed and a smaller volume', () => {
    const [city, second] = cityPlan({ agencies: 2, scale: 0.02 }).plans;
    expect(second.seed).not.toBe(city.seed);
    expect(second.byYear[2020]!.received).toBeLessThan(city.byYear[2020]!.received);
  });

  it('refuses a number of agencies that is not a whole number from 1 to 1000', () => {
    for (const n of [0, 1.5, 1001]) expect(() => cityPlan({ agencies: n })).toThrow(RangeError);
  });
});

describe('when a city of three agencies is written', () => {
  const city = cityPlan({ agencies: 3, scale: 0.002, years: [2020] });
  let accumulator: YearlyFiguresAccumulator;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-city-demo-'));
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const clock = new SimulatedClock();
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
    const moduleRef = await Test.createTestingModule({
      imports: [LedgerCoreModule.forRoot({ eventStore: store, clock: clock.now, config, masterKey: randomBytes(32) })],
    }).compile();
    await moduleRef.init();
    const writer = new DemoWriter(moduleRef.get(LedgerCommands), clock, calendar);
    for (const plan of city.plans) expect((await writer.write(plan)).failures).toEqual([]);
    accumulator = new YearlyFiguresAccumulator({ calendar });
    for await (const stored of store.readAll()) accumulator.apply(fromStoredEvent(stored));
    await moduleRef.close();
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each agency the figures of its own plan, the city bureau's unchanged", () => {
    expect(accumulator.agencies()).toEqual([...city.plans.map((p) => p.agency)].sort());
    for (const plan of city.plans) {
      const expected = expectedFigures(plan, 2020);
      const actual = accumulator.figures(plan.agency, 2020);
      expect(actual.applications).toEqual(expected.applications);
      expect(actual.decisions).toEqual({ ...expected.decisions, deadlineUnknown: 0 });
      expect(actual.disclosure).toEqual(expected.disclosure);
      expect(actual.items).toEqual(expected.items);
      expect(actual.licences).toEqual(expected.licences);
    }
    expect(accumulator.figures(DEMO_AGENCY, 2020).applications).toEqual(
      expectedFigures(jiangmenPlan({ scale: 0.002, years: [2020] }), 2020).applications,
    );
  });

  it("rolls the city up to the sums of the agencies' planned figures", () => {
    const region = rollUp(
      2020,
      accumulator.agencies().map((a) => accumulator.figures(a, 2020)),
    );
    const planned = city.plans.map((p) => expectedFigures(p, 2020));
    const sum = (pick: (f: (typeof planned)[number]) => number) => planned.reduce((n, f) => n + pick(f), 0);
    expect(region.applications.received).toBe(sum((f) => f.applications.received));
    expect(region.decisions.onTimeRate).toMatchObject({
      numerator: sum((f) => f.decisions.onTimeRate.numerator),
      denominator: sum((f) => f.decisions.onTimeRate.denominator),
    });
    expect(region.effect.satisfactionRate).toMatchObject({
      numerator: sum((f) => f.effect.satisfactionRate.numerator),
      denominator: sum((f) => f.effect.satisfactionRate.denominator),
    });
    expect(region.items.total).toBe(3 * planned[0].items.total);
    expect(region.licences.granted).toBe(sum((f) => f.licences.granted));
    expect(region.licences.inForceAtYearEnd).toBe(sum((f) => f.licences.inForceAtYearEnd));
    expect(region.licences.cancelled).toBe(sum((f) => f.licences.cancelled));
    expect(city.hierarchy.regions.map((r) => r.code)).toContain(DEMO_CITY.code);
  });
});
