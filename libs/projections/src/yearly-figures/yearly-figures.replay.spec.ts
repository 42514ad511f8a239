import { LedgerEvent, Recorded } from '@ledger/domain';
import { AGENCY, LedgerEvents, accumulate, calendar } from './testing/ledger-events';
import { YearlyFiguresAccumulator } from './yearly-figures.accumulator';

const bj = (local: string) => `${local}+08:00`;

/**
 * Events of 2019–2021 of every kind, recorded (global order) out of business-time order:
 * a decision dated 2020 recorded after 2021 events, a complaint recorded before the item and
 * the application it names, an amendment effective 2021, an indicator for 2020 reported in 2021.
 */
function scenario(): LedgerEvents {
  const ledger = new LedgerEvents();
  const foshan = ledger.of('foshan-psb');
  ledger.complain('c-early', bj('2019-12-01T10:00:00'), { itemCode: 'CRJ-001' });
  ledger.complain('c-app', bj('2020-12-01T10:00:00'), { applicationId: 'late' });
  ledger.register('ZA-001', bj('2019-01-01T00:00:00'), {
    department: '治安',
    handlingType: 'immediate',
    promisedDays: 1,
  });
  ledger.register('CRJ-001', bj('2019-01-01T00:00:00'), {
    department: '出入境',
    disclosable: false,
    fullyOnline: false,
  });
  ledger.file('a1', bj('2019-12-30T09:00:00'));
  ledger.accept('a1', bj('2019-12-31T10:00:00'));
  ledger.file('x1', bj('2020-02-03T09:00:00'), { itemCode: 'CRJ-001', department: '出入境', disclosable: false });
  ledger.accept('x1', bj('2020-02-03T10:00:00'));
  ledger.suspend('x1', bj('2020-02-10T10:00:00'));
  ledger.resume('x1', bj('2020-02-20T10:00:00'));
  ledger.grant('x1', bj('2020-03-10T10:00:00'));
  ledger.exempt('x1', bj('2020-03-11T10:00:00'));
  ledger.certificate('x1', bj('2020-03-12T10:00:00'), 'paper', 'mail');
  ledger.rate('x1', bj('2020-03-13T10:00:00'), 2);
  ledger.grant('a1', bj('2020-01-20T10:00:00'));
  ledger.disclose('a1', bj('2020-01-21T10:00:00'));
  ledger.certificate('a1', bj('2020-01-22T10:00:00'), 'electronic', 'collect');
  ledger.rate('a1', bj('2020-01-23T10:00:00'), 5);
  ledger.inspect('i1', bj('2020-05-01T10:00:00'), {
    kind: 'case-file-review',
    department: '法制',
    filesReviewed: 40,
    rectificationRequired: true,
  });
  ledger.recordRectification('f1', bj('2020-06-01T10:00:00'), 'planned', 'i1');
  ledger.file('w1', bj('2020-06-01T09:00:00'));
  ledger.accept('w1', bj('2020-06-01T10:00:00'));
  ledger.extend('w1', bj('2020-06-10T10:00:00'), 10);
  ledger.file('late', bj('2020-12-28T09:00:00'));
  ledger.accept('late', bj('2020-12-29T10:00:00'));
  ledger.file('n1', bj('2021-01-04T09:00:00'));
  ledger.notAccept('n1', bj('2021-01-05T09:00:00'));
  ledger.amend('ZA-001', bj('2021-01-01T00:00:00'), { fullyOnline: false, requiredVisits: 1 });
  ledger.withdraw('w1', bj('2021-01-06T10:00:00'));
  ledger.rectifyBadRating('x1', bj('2021-01-07T10:00:00'));
  ledger.updateRectification('f1', bj('2021-02-01T10:00:00'), 'completed');
  ledger.resolveComplaint('c-app', bj('2021-02-02T10:00:00'), true);
  ledger.appeal('l1', bj('2021-02-03T10:00:00'), 'litigation', { applicationId: 'x1' });
  ledger.inspect('i2', bj('2021-02-04T10:00:00'), { kind: 'external-supervision', department: '治安' });
  // Recorded in March 2021, dated December 2020: the report year's last decision.
  ledger.deny('late', bj('2020-12-31T16:00:00'), '材料不实');
  ledger.indicator('seals-carved', 2020, 55000, bj('2021-01-10T10:00:00'));
  ledger.indicator('seals-carved', 2020, 55122, bj('2021-03-01T10:00:00'));
  foshan.file('f-a1', bj('2020-04-01T09:00:00'), { department: '交警', itemCode: 'JJ-001' });
  foshan.accept('f-a1', bj('2020-04-01T10:00:00'));
  foshan.grant('f-a1', bj('2020-04-02T10:00:00'));
  return ledger;
}

/** Everything the accumulator answers, for every agency and year around its events. */
function everything(accumulator: YearlyFiguresAccumulator) {
  const agencies = accumulator.agencies();
  return {
    agencies,
    perAgency: agencies.map((agency) => ({
      years: accumulator.years(agency),
      documents: [2018, 2019, 2020, 2021, 2022].map((year) => documentOf(accumulator, agency, year)),
    })),
  };
}

function documentOf(accumulator: YearlyFiguresAccumulator, agency: string, year: number) {
  return {
    figures: accumulator.figures(agency, year),
    departments: accumulator.departments(agency, year),
    items: accumulator.items(agency, year),
  };
}

/** A deterministic pseudo-random generator (mulberry32), so a failing order can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Another global order of the same events: streams interleaved at random, each stream still in order. */
function interleave(events: readonly Recorded<LedgerEvent>[], seed: number): Recorded<LedgerEvent>[] {
  const streams = new Map<string, Recorded<LedgerEvent>[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  const queues = [...streams.values()];
  const next = random(seed);
  const out: Recorded<LedgerEvent>[] = [];
  while (queues.length > 0) {
    const i = Math.floor(next() * queues.length);
    out.push(queues[i].shift()!);
    if (queues[i].length === 0) queues.splice(i, 1);
  }
  return out;
}

/** Whole streams one after another, last-started stream first. */
function streamByStreamReversed(events: readonly Recorded<LedgerEvent>[]): Recorded<LedgerEvent>[] {
  const streams = new Map<string, Recorded<LedgerEvent>[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  return [...streams.values()].reverse().flat();
}

describe('when the same events are applied in different global orders', () => {
  const events = scenario().events;
  const expected = everything(accumulate(events));

  it('gives the same figures, breakdowns and years with whole streams in reverse order', () => {
    const reordered = streamByStreamReversed(events);
    expect(reordered.map((e) => e.eventId)).not.toEqual(events.map((e) => e.eventId));
    expect(everything(accumulate(reordered))).toEqual(expected);
  });

  it.each([1, 2, 3, 42, 2020])(
    'gives the same figures, breakdowns and years with streams interleaved at random (seed %i)',
    (seed) => {
      expect(everything(accumulate(interleave(events, seed)))).toEqual(expected);
    },
  );

  it('gives what the scenario was built to show', () => {
    const accumulator = accumulate(events);
    const y2020 = accumulator.figures(AGENCY, 2020);
    expect(y2020.decisions).toMatchObject({
      total: 3,
      granted: 2,
      denied: 1,
      onTime: 3,
      overdue: 0,
      deniedReasons: [{ applicationId: 'late', reason: '材料不实' }],
    });
    expect(y2020.applications.pendingAtYearEnd).toBe(1); // w1 (late was decided on 31 Dec)
    expect(y2020.indicators).toEqual([{ name: 'seals-carved', value: 55122, unit: '枚', source: '公章治安管理系统' }]);
    expect(accumulator.figures(AGENCY, 2021).items.fullyOnline).toBe(0);
    expect(accumulator.departments(AGENCY, 2019)['出入境'].supervision.complaintsReceived).toBe(1);
    expect(accumulator.departments(AGENCY, 2020)['治安'].supervision.complaintsReceived).toBe(1);
  });
});

describe('when the state is snapshotted and restored midway', () => {
  const events = scenario().events;
  const expected = everything(accumulate(events));

  it.each([0, 1, 9, 20, 33, events.length])('equals applying everything, cut after %i events', (cut) => {
    const first = accumulate(events.slice(0, cut));
    const stored = JSON.parse(JSON.stringify(first.snapshot()));
    const resumed = YearlyFiguresAccumulator.restore(stored, { calendar });
    for (const event of events.slice(cut)) resumed.apply(event);
    expect(everything(resumed)).toEqual(expected);
  });

  it('snapshots a restored state exactly as the original', () => {
    const original = accumulate(events);
    const snapshot = JSON.stringify(original.snapshot());
    expect(JSON.stringify(YearlyFiguresAccumulator.restore(JSON.parse(snapshot), { calendar }).snapshot())).toBe(
      snapshot,
    );
  });

  it('keeps 1,500 applications compact: a few ids and base64 columns', () => {
    const ledger = new LedgerEvents();
    for (let i = 0; i < 1500; i++) {
      const id = `app-${i}`;
      ledger.file(id, bj('2020-03-02T09:00:00'));
      ledger.accept(id, bj('2020-03-02T10:00:00'));
      ledger.grant(id, bj('2020-03-05T10:00:00'));
    }
    const accumulator = accumulate(ledger.events);
    const json = JSON.stringify(accumulator.snapshot());
    expect(json.length).toBeLessThan(40 * 1500);
    expect(YearlyFiguresAccumulator.restore(JSON.parse(json), { calendar }).figures(AGENCY, 2020)).toEqual(
      accumulator.figures(AGENCY, 2020),
    );
  });

  it('refuses a snapshot counted in another time zone, or something else', () => {
    const snapshot = accumulate(events).snapshot();
    expect(() => YearlyFiguresAccumulator.restore(snapshot, { calendar, timeZone: 'UTC' })).toThrow(RangeError);
    expect(() => YearlyFiguresAccumulator.restore({ format: 'other' }, { calendar })).toThrow(TypeError);
  });
});

describe('when asked which figure documents an event can change', () => {
  const yearsOf = (accumulator: YearlyFiguresAccumulator, event: Recorded<LedgerEvent>) =>
    accumulator.affectedYears(event).map((a) => a.year);

  /** 2019–2021 filings, so the agency has documents for those years. */
  const base = () => {
    const ledger = new LedgerEvents();
    ledger.file('y2019', bj('2019-05-01T09:00:00'));
    ledger.file('y2021', bj('2021-05-01T09:00:00'));
    return ledger;
  };

  it('says an acceptance in December changes its year and every later year end it stays pending', () => {
    const ledger = base();
    ledger.file('x', bj('2020-12-30T09:00:00'));
    const acceptance = ledger.accept('x', bj('2020-12-31T10:00:00'));
    const accumulator = accumulate(ledger.events);
    expect(yearsOf(accumulator, acceptance)).toEqual([2020, 2021]);
    expect(accumulator.affectedYears(acceptance)[0]).toEqual({ agency: AGENCY, year: 2020 });
  });

  it('says a decision dated 2020 recorded after 2021 events changes 2020 and the year ends after it', () => {
    const ledger = base();
    ledger.file('x', bj('2020-12-30T09:00:00'));
    ledger.accept('x', bj('2020-12-30T10:00:00'));
    const decision = ledger.grant('x', bj('2020-12-31T10:00:00'));
    expect(yearsOf(accumulate(ledger.events), decision)).toEqual([2020, 2021]);
  });

  it('says a decision in January changes only the new year when accepted in December', () => {
    const ledger = base();
    ledger.file('x', bj('2020-12-30T09:00:00'));
    ledger.accept('x', bj('2020-12-30T10:00:00'));
    const decision = ledger.grant('x', bj('2021-01-05T10:00:00'));
    expect(yearsOf(accumulate(ledger.events), decision)).toEqual([2021]);
  });

  it('says an amendment changes every year from its effective year on', () => {
    const ledger = base();
    ledger.register('ZA-001', bj('2019-01-01T00:00:00'));
    const amendment = ledger.amend('ZA-001', bj('2020-07-01T00:00:00'), { fullyOnline: false });
    expect(yearsOf(accumulate(ledger.events), amendment)).toEqual([2020, 2021]);
  });

  it('says a registration also changes the years of complaints naming the item', () => {
    const ledger = base();
    ledger.complain('c', bj('2019-03-01T10:00:00'), { itemCode: 'NEW-001' });
    const registration = ledger.register('NEW-001', bj('2021-01-01T00:00:00'));
    expect(yearsOf(accumulate(ledger.events), registration)).toEqual([2019, 2021]);
  });

  it('answers the same after a snapshot is restored', () => {
    const ledger = base();
    ledger.complain('c1', bj('2019-03-01T10:00:00'), { itemCode: 'NEW-001' });
    ledger.complain('c2', bj('2019-04-01T10:00:00'), { applicationId: 'later' });
    ledger.inspect('i1', bj('2019-05-01T10:00:00'), { department: '' });
    ledger.recordRectification('f1', bj('2019-06-01T10:00:00'), 'completed', 'i1');
    const registration = ledger.register('NEW-001', bj('2021-01-01T00:00:00'));
    const filing = ledger.file('later', bj('2021-02-01T09:00:00'));
    const original = accumulate(ledger.events);
    const restored = YearlyFiguresAccumulator.restore(JSON.parse(JSON.stringify(original.snapshot())), { calendar });
    expect(yearsOf(restored, registration)).toEqual([2019, 2021]);
    expect(yearsOf(restored, filing)).toEqual([2019, 2021]);
    for (const event of ledger.events) expect(restored.affectedYears(event)).toEqual(original.affectedYears(event));
  });

  it('says an indicator changes the year it reports on as well as its own', () => {
    const ledger = base();
    const report = ledger.indicator('seals-carved', 2020, 55122, bj('2021-03-01T10:00:00'));
    expect(yearsOf(accumulate(ledger.events), report)).toEqual([2020, 2021]);
  });

  it('says nothing of unknown event types', () => {
    const ledger = base();
    const unknown = ledger.record('subject-x', 'SubjectErased.v1' as never, bj('2021-04-01T09:00:00'), {
      subjectId: 'x',
    } as never);
    expect(accumulate(ledger.events).affectedYears(unknown)).toEqual([]);
  });

  it.each([0, 7])(
    'names every document whose figures the event changed, asked before or after applying it (order %i)',
    (seed) => {
      const events = seed === 0 ? scenario().events : interleave(scenario().events, seed);
      const accumulator = new YearlyFiguresAccumulator({ calendar });
      const withoutBasis = (agency: string, year: number) => {
        const { basedOn: _basedOn, ...figures } = documentOf(accumulator, agency, year).figures;
        return JSON.stringify({ ...documentOf(accumulator, agency, year), figures });
      };
      for (const event of events) {
        const agency = event.metadata.agency;
        const before = new Map([2018, 2019, 2020, 2021, 2022].map((year) => [year, withoutBasis(agency, year)]));
        const askedBefore = accumulator.affectedYears(event);
        accumulator.apply(event);
        expect(accumulator.affectedYears(event)).toEqual(askedBefore);
        const affected = new Set(askedBefore.map((a) => a.year));
        for (const year of accumulator.years(agency)) {
          if (withoutBasis(agency, year) !== before.get(year))
            expect({ event: event.eventId, year, affected: affected.has(year) }).toEqual({
              event: event.eventId,
              year,
              affected: true,
            });
        }
      }
    },
  );
});
