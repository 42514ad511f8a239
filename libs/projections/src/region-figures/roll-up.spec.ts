import fc from 'fast-check';
import { LedgerEvents, accumulate } from '../yearly-figures/testing/ledger-events';
import { FiguresBreakdown } from '../yearly-figures/figures.types';
import { rollUp, rollUpBreakdowns } from './roll-up';

const bj = (local: string) => `${local}+08:00`;

/**
 * The expected sum of several agencies' figures, written independently of the roll-up: walks
 * the documents by shape, adds every count, and recomputes every fraction from the summed parts
 * with its own half-up rounding in BigInt. Lists (denials, indicators) are compared on their own.
 */
function exactSum(values: readonly unknown[]): unknown {
  const present = values.filter((v) => v !== undefined);
  if (present.every((v) => typeof v === 'number')) return (present as number[]).reduce((a, b) => a + b, 0);
  if (present.every((v) => typeof v === 'string')) {
    expect(new Set(present).size).toBe(1);
    return present[0];
  }
  const objects = present as Record<string, unknown>[];
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
  if (keys.join() === 'denominator,numerator,percent') {
    const n = objects.reduce((a, o) => a + (o.numerator as number), 0);
    const d = objects.reduce((a, o) => a + (o.denominator as number), 0);
    return { numerator: n, denominator: d, percent: d === 0 ? null : halfUp(n * 100, d, 2) };
  }
  if (keys.join() === 'count,total,value') {
    const t = objects.reduce((a, o) => a + (o.total as number), 0);
    const c = objects.reduce((a, o) => a + (o.count as number), 0);
    return { total: t, count: c, value: c === 0 ? null : halfUp(t, c, 3) };
  }
  const summed: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === 'deniedReasons') continue;
    summed[key] = exactSum(objects.map((o) => o[key]));
  }
  return summed;
}

function halfUp(numerator: number, denominator: number, places: number): number {
  const scale = 10n ** BigInt(places);
  const scaled = (2n * BigInt(numerator) * scale + BigInt(denominator)) / (2n * BigInt(denominator));
  return Number(scaled) / Number(scale);
}

const withoutLists = ({ decisions, ...rest }: { decisions: { deniedReasons: unknown } } & Record<string, unknown>) => {
  const { deniedReasons: _, ...counts } = decisions;
  return { ...rest, decisions: counts };
};

const sections = (f: FiguresBreakdown) => ({
  items: f.items,
  applications: f.applications,
  decisions: f.decisions,
  disclosure: f.disclosure,
  supervision: f.supervision,
  effect: f.effect,
});

/** One application's story within 2020 (some filed in late 2019), by the generator's choices. */
const applicationStory = fc.record({
  item: fc.constantFrom('ZA-001', 'ZA-002', 'JJ-001'),
  filedDay: fc.integer({ min: 0, max: 380 }),
  accepted: fc.boolean(),
  outcome: fc.constantFrom('granted', 'denied', 'withdrawn', 'pending'),
  decideAfterDays: fc.integer({ min: 1, max: 60 }),
  disclosed: fc.boolean(),
  rating: fc.option(fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5), { nil: undefined }),
  electronic: fc.boolean(),
  mailed: fc.boolean(),
});

const agencyStory = fc.record({
  items: fc.subarray(['ZA-001', 'ZA-002', 'JJ-001'] as const, { minLength: 1 }),
  promised: fc.integer({ min: 1, max: 20 }),
  applications: fc.array(applicationStory, { maxLength: 12 }),
  complaints: fc.array(fc.record({ day: fc.integer({ min: 0, max: 365 }), valid: fc.option(fc.boolean()) }), {
    maxLength: 3,
  }),
  inspections: fc.array(fc.constantFrom('external-supervision', 'enforcement-inspection') as fc.Arbitrary<string>, {
    maxLength: 2,
  }),
  indicator: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
});

type AgencyStory = typeof agencyStory extends fc.Arbitrary<infer T> ? T : never;

const DEPARTMENTS: Record<string, string> = { 'ZA-001': '治安', 'ZA-002': '治安', 'JJ-001': '交警' };

const dayOf = (offset: number, hour = '10:00:00') => {
  const date = new Date(Date.UTC(2019, 11, 20) + offset * 86_400_000).toISOString().slice(0, 10);
  return bj(`${date}T${hour}`);
};

/** A city: each agency records its own catalogue and applications in one ledger, as the store would hold them. */
function writeCity(stories: readonly AgencyStory[]): LedgerEvents {
  const city = new LedgerEvents();
  stories.forEach((story, n) => {
    const agency = city.of(`agency-${n + 1}`);
    for (const code of story.items)
      agency.register(code, bj('2019-01-01T00:00:00'), {
        department: DEPARTMENTS[code],
        promisedDays: Math.min(story.promised, 20),
        handlingType: code === 'JJ-001' ? 'immediate' : 'promised',
        requiredVisits: code === 'JJ-001' ? 1 : 0,
      });
    story.applications.forEach((a, i) => {
      const id = `${agency.agency}-a${i}`;
      agency.file(id, dayOf(a.filedDay, '09:00:00'), { itemCode: a.item, department: DEPARTMENTS[a.item] });
      if (!a.accepted) {
        agency.notAccept(id, dayOf(a.filedDay));
        return;
      }
      agency.accept(id, dayOf(a.filedDay));
      const decidedAt = dayOf(a.filedDay + a.decideAfterDays);
      if (a.outcome === 'withdrawn') agency.withdraw(id, decidedAt);
      if (a.outcome === 'denied') agency.deny(id, decidedAt, '材料不实');
      if (a.outcome !== 'granted') return;
      agency.grant(id, decidedAt);
      if (a.disclosed) agency.disclose(id, dayOf(a.filedDay + a.decideAfterDays + 1));
      agency.certificate(id, decidedAt, a.electronic ? 'electronic' : 'paper', a.mailed ? 'mail' : 'collect');
      if (a.rating !== undefined) agency.rate(id, decidedAt, a.rating);
    });
    story.complaints.forEach((c, i) => {
      const id = `${agency.agency}-c${i}`;
      agency.complain(id, dayOf(c.day), { itemCode: story.items[0] });
      if (c.valid !== null) agency.resolveComplaint(id, dayOf(c.day + 3), c.valid);
    });
    story.inspections.forEach((kind, i) =>
      agency.inspect(`${agency.agency}-i${i}`, bj('2020-06-01T10:00:00'), {
        kind: kind as 'external-supervision',
        rectificationRequired: i === 0,
      }),
    );
    if (story.indicator !== undefined) agency.indicator('公章刻制', 2020, story.indicator, bj('2021-01-05T10:00:00'));
  });
  return city;
}

describe('when a generated city is rolled up', () => {
  it("equals the exact sums of its agencies' figures: counts added, rates and averages from the summed parts", () => {
    fc.assert(
      fc.property(fc.array(agencyStory, { minLength: 1, maxLength: 6 }), (stories) => {
        const state = accumulate(writeCity(stories).events);
        const agencies = state.agencies();
        const perAgency = agencies.map((a) => state.figures(a, 2020));
        const region = rollUp(2020, perAgency);

        expect(region.agencies).toEqual(agencies);
        expect(withoutLists(sections(region) as never)).toEqual(exactSum(perAgency.map(sections)));
        expect(region.basedOn.events).toBe(perAgency.reduce((n, f) => n + f.basedOn.events, 0));
        expect(region.basedOn.lastPosition).toBe(
          String(Math.max(...perAgency.map((f) => Number(f.basedOn.lastPosition)))),
        );
        expect(region.decisions.deniedReasons).toEqual(
          perAgency.flatMap((f) => f.decisions.deniedReasons.map((d) => ({ agency: f.agency, ...d }))),
        );
        expect(region.indicators).toEqual(
          perAgency.flatMap((f) => f.indicators.map((i) => ({ agency: f.agency, ...i }))),
        );

        for (const breakdown of ['departments', 'items'] as const) {
          const parts = agencies.map((agency) => ({ agency, breakdowns: state[breakdown](agency, 2020) }));
          const rolled = rollUpBreakdowns(parts);
          const keys = [...new Set(parts.flatMap((p) => Object.keys(p.breakdowns)))].sort();
          expect(Object.keys(rolled)).toEqual(keys);
          for (const key of keys)
            expect(withoutLists(rolled[key] as never)).toEqual(
              exactSum(parts.map((p) => p.breakdowns[key]).filter((b) => b !== undefined)),
            );
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('when the agencies are on time in 1 of 1 and in 1 of 3 decisions', () => {
  it('gives 2 of 4 (50%), not the average of 100% and 33.33%', () => {
    const city = new LedgerEvents();
    const fast = city.of('fast');
    const slow = city.of('slow');
    for (const agency of [fast, slow]) agency.register('ZA-001', bj('2019-01-01T00:00:00'));
    const decide = (agency: LedgerEvents, id: string, decidedOn: string) => {
      agency.file(id, bj('2020-03-02T09:00:00'));
      agency.accept(id, bj('2020-03-02T10:00:00'));
      agency.grant(id, bj(`${decidedOn}T10:00:00`));
    };
    decide(fast, 'f1', '2020-03-05');
    decide(slow, 's1', '2020-03-05');
    decide(slow, 's2', '2020-06-30');
    decide(slow, 's3', '2020-07-30');
    const state = accumulate(city.events);
    const [f, s] = [state.figures('fast', 2020), state.figures('slow', 2020)];
    expect([f.decisions.onTimeRate.percent, s.decisions.onTimeRate.percent]).toEqual([100, 33.33]);
    expect(rollUp(2020, [f, s]).decisions.onTimeRate).toEqual({ numerator: 2, denominator: 4, percent: 50 });
  });
});

describe("when a city's agencies grant, renew and end licences", () => {
  const day = (local: string) => `${local}T10:00:00+08:00`;
  const city = new LedgerEvents();
  const grant = (agency: LedgerEvents, id: string, on: string, until: string, department: string) =>
    agency.licence(id, 'LicenceGranted.v1', day(on), {
      licenceNumber: `No.${id}`,
      applicationId: `app-${id}`,
      itemCode: department === '治安' ? 'ZA-1' : 'JD-1',
      department,
      holder: { name: 'x' },
      validFrom: on,
      validUntil: until,
      renewalLeadDays: 30,
    });
  const east = city.of('east');
  const west = city.of('west');
  grant(east, 'l1', '2020-02-01', '2020-08-31', '治安');
  east.licence('l1', 'LicenceRenewalApplied.v1', day('2020-07-01'), {});
  east.licence('l1', 'LicenceRenewalDecided.v1', day('2020-07-20'), { outcome: 'renewed', validUntil: '2023-08-31' });
  grant(east, 'l2', '2020-03-01', '2025-03-01', '禁毒');
  grant(west, 'l1', '2020-04-01', '2025-04-01', '治安');
  west.licence('l1', 'LicenceRevoked.v1', day('2020-09-01'), { reason: 'r', legalBasis: 'b' });
  west.licence('l1', 'LicenceCancelled.v1', day('2020-09-02'), { cause: 'revoked' });
  grant(west, 'l2', '2020-05-01', '2020-06-30', '治安');
  const state = accumulate(city.events);
  const [e, w] = [state.figures('east', 2020), state.figures('west', 2020)];

  it('sums every licence count and each department key by key', () => {
    expect([e.licences.granted, w.licences.granted]).toEqual([2, 2]);
    const region = rollUp(2020, [e, w]);
    expect(region.licences).toEqual(exactSum([e.licences, w.licences]));
    expect(region.licences).toMatchObject({ granted: 4, renewed: 1, revoked: 1, cancelled: 1 });
    expect(region.licences.inForceAtYearEnd).toBe(e.licences.inForceAtYearEnd + w.licences.inForceAtYearEnd);
    expect(Object.keys(region.licences.byDepartment)).toEqual(['治安', '禁毒'].sort());
    expect(region.licences.byDepartment['治安'].granted).toBe(3);
  });
});

describe('when the figures cannot be added', () => {
  const state = accumulate(new LedgerEvents().events);
  it('refuses figures of another year', () => {
    expect(() => rollUp(2020, [state.figures('a', 2019)])).toThrow(/figures of 2019 into 2020/);
  });
  it('refuses an agency given twice', () => {
    expect(() => rollUp(2020, [state.figures('a', 2020), state.figures('a', 2020)])).toThrow(/given twice/);
  });
  it('gives zeros and null rates for a region without agencies', () => {
    const empty = rollUp(2020, []);
    expect(empty.applications.received).toBe(0);
    expect(empty.decisions.onTimeRate).toEqual({ numerator: 0, denominator: 0, percent: null });
    expect(empty.basedOn).toEqual({ events: 0, lastPosition: null });
  });
});
