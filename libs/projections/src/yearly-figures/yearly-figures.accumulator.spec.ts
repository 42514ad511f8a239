import { LedgerEvent, Recorded } from '@ledger/domain';
import { SATISFACTION_FORMULA, YearlyFigures } from './figures.types';
import { AGENCY, LedgerEvents, accumulate } from './testing/ledger-events';

/** A Beijing wall-clock time as a business time. */
const bj = (local: string) => `${local}+08:00`;

const figuresOf = (events: readonly Recorded<LedgerEvent>[], year: number): YearlyFigures =>
  accumulate(events).figures(AGENCY, year);

describe('when no event falls in the year', () => {
  const emptyFigures = (year: number, basedOn: { events: number; lastPosition: string | null }) => ({
    year,
    agency: AGENCY,
    basedOn,
    items: {
      total: 0,
      byDepartment: {},
      inStandardCatalogue: 0,
      inOnlineHall: 0,
      fullyOnline: 0,
      fullyOnlineRate: { numerator: 0, denominator: 0, percent: null },
      immediateRate: { numerator: 0, denominator: 0, percent: null },
      averageRequiredVisits: { total: 0, count: 0, value: null },
      timeLimitCompressionRate: { numerator: 0, denominator: 0, percent: null },
    },
    applications: { received: 0, accepted: 0, notAccepted: 0, withdrawn: 0, pendingAtYearEnd: 0 },
    decisions: {
      total: 0,
      granted: 0,
      denied: 0,
      deniedReasons: [],
      onTime: 0,
      overdue: 0,
      deadlineUnknown: 0,
      onTimeRate: { numerator: 0, denominator: 0, percent: null },
    },
    disclosure: { disclosed: 0, exempt: 0, disclosureRate: { numerator: 0, denominator: 0, percent: null } },
    supervision: {
      externalSupervision: 0,
      enforcementInspections: 0,
      caseFilesReviewed: 0,
      complaintsReceived: 0,
      complaintsValid: 0,
      reconsiderations: 0,
      litigations: 0,
      rectificationsRequired: 0,
      rectificationsCompleted: 0,
    },
    effect: {
      ratings: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      satisfactionRate: { numerator: 0, denominator: 0, percent: null },
      satisfactionFormula: SATISFACTION_FORMULA,
      badRatingsRectified: 0,
      electronicCertificates: 0,
      certificatesMailed: 0,
    },
    indicators: [],
    licences: {
      granted: 0,
      changesApplied: 0,
      changesApproved: 0,
      changesRefused: 0,
      renewalsApplied: 0,
      renewed: 0,
      renewalsRefused: 0,
      renewalsDecidedBeforeExpiry: 0,
      renewalsDecidedAfterExpiry: 0,
      deemedRenewals: 0,
      withdrawn: 0,
      revoked: 0,
      cancelled: 0,
      usesSuspended: 0,
      postGrantInspections: 0,
      inForceAtYearEnd: 0,
      byDepartment: {},
    },
  });

  it('gives zero counts, null rates and an empty catalogue for an agency with no events at all', () => {
    expect(figuresOf([], 2020)).toEqual(emptyFigures(2020, { events: 0, lastPosition: null }));
  });

  it('gives zero counts and null rates for a year before any event, while saying what it is based on', () => {
    const ledger = new LedgerEvents();
    ledger.register('ZA-001', bj('2020-01-01T00:00:00'));
    ledger.file('a1', bj('2020-03-02T10:00:00'));
    expect(figuresOf(ledger.events, 2019)).toEqual(emptyFigures(2019, { events: 2, lastPosition: '2' }));
  });

  it("lists the sections in the contract's order", () => {
    expect(Object.keys(figuresOf([], 2020))).toEqual([
      'year',
      'agency',
      'basedOn',
      'items',
      'applications',
      'decisions',
      'disclosure',
      'supervision',
      'effect',
      'indicators',
      'licences',
    ]);
  });
});

describe('when the catalogue is amended and items retired', () => {
  const ledger = new LedgerEvents();
  ledger.register('ZA-001', bj('2019-01-01T00:00:00'), {
    department: '治安',
    handlingType: 'immediate',
    promisedDays: 1,
    requiredVisits: 0,
  });
  ledger.register('CRJ-001', bj('2019-01-01T00:00:00'), {
    department: '出入境',
    promisedDays: 10,
    requiredVisits: 1,
    fullyOnline: false,
    disclosable: false,
  });
  ledger.register('JJ-001', bj('2019-06-01T00:00:00'), {
    department: '交警',
    statutoryDays: 30,
    promisedDays: 15,
    inStandardCatalogue: false,
    inOnlineHall: false,
  });
  ledger.register('KX-001', bj('2019-01-01T00:00:00'), {
    department: '科信',
    promisedDays: 20,
    requiredVisits: 2,
    fullyOnline: false,
    inStandardCatalogue: false,
  });
  ledger.amend('CRJ-001', bj('2020-07-01T00:00:00'), { fullyOnline: true, promisedDays: 5 });
  ledger.retire('JJ-001', bj('2020-12-01T00:00:00'));
  // Effective from the first instant of 2021: not in force at the end of 2020.
  ledger.amend('ZA-001', bj('2021-01-01T00:00:00'), { department: '交警' });
  ledger.register('JD-001', bj('2021-01-01T00:00:00'), { department: '禁毒' });
  ledger.retire('KX-001', bj('2021-01-01T00:00:00'));
  const accumulator = accumulate(ledger.events);

  it('counts the items in force at the end of 31 December with the attributes then in force', () => {
    // ZA-001 (治安, immediate, 20/1, 0 visits, online), CRJ-001 as amended (20/5, 1 visit, online), KX-001 (20/20, 2 visits, offline).
    expect(accumulator.figures(AGENCY, 2020).items).toEqual({
      total: 3,
      byDepartment: { 出入境: 1, 治安: 1, 科信: 1 },
      inStandardCatalogue: 2,
      inOnlineHall: 3,
      fullyOnline: 2,
      fullyOnlineRate: { numerator: 2, denominator: 3, percent: 66.67 },
      immediateRate: { numerator: 1, denominator: 3, percent: 33.33 },
      averageRequiredVisits: { total: 3, count: 3, value: 1 },
      timeLimitCompressionRate: { numerator: 19 + 15 + 0, denominator: 60, percent: 56.67 },
    });
  });

  it('counts the item retired in December in the year before, with the version before the amendment', () => {
    // ZA-001, CRJ-001 (20/10, offline), JJ-001 (30/15, not in the catalogue or hall), KX-001.
    expect(accumulator.figures(AGENCY, 2019).items).toEqual({
      total: 4,
      byDepartment: { 交警: 1, 出入境: 1, 治安: 1, 科信: 1 },
      inStandardCatalogue: 2,
      inOnlineHall: 3,
      fullyOnline: 2,
      fullyOnlineRate: { numerator: 2, denominator: 4, percent: 50 },
      immediateRate: { numerator: 1, denominator: 4, percent: 25 },
      averageRequiredVisits: { total: 3, count: 4, value: 0.75 },
      timeLimitCompressionRate: { numerator: 19 + 10 + 15 + 0, denominator: 90, percent: 48.89 },
    });
  });

  it('takes the amendment and the registration effective on 1 January into the next year, and drops the item retired then', () => {
    const items = accumulator.figures(AGENCY, 2021).items;
    expect(items.total).toBe(3);
    expect(items.byDepartment).toEqual({ 交警: 1, 出入境: 1, 禁毒: 1 });
  });
});

describe('when the catalogue has the shape of Jiangmen 2020', () => {
  // 102 items: 85 fully online, 72 immediate, 10 needing one visit, promised days summing to 127 of 2040 statutory.
  const ledger = new LedgerEvents();
  const departments = ['治安', '交警', '出入境', '禁毒', '科信'];
  for (let i = 0; i < 102; i++) {
    const immediate = i < 72;
    ledger.register(`JM-${String(i).padStart(3, '0')}`, bj('2020-01-01T00:00:00'), {
      department: departments[i % 5],
      handlingType: immediate ? 'immediate' : 'promised',
      promisedDays: immediate || i >= 97 ? 1 : 2,
      requiredVisits: i >= 92 ? 1 : 0,
      fullyOnline: i < 85,
    });
  }
  const items = figuresOf(ledger.events, 2020).items;

  it('gives the fully-online rate over items: 85/102 = 83.33%', () => {
    expect(items.fullyOnlineRate).toEqual({ numerator: 85, denominator: 102, percent: 83.33 });
  });

  it('gives the immediate share over items: 72/102 = 70.59%', () => {
    expect(items.immediateRate).toEqual({ numerator: 72, denominator: 102, percent: 70.59 });
  });

  it('gives the average on-site visits over items: 10/102 = 0.098', () => {
    expect(items.averageRequiredVisits).toEqual({ total: 10, count: 102, value: 0.098 });
  });

  it('gives the time-limit compression: 1913/2040 = 93.77%', () => {
    expect(items.timeLimitCompressionRate).toEqual({ numerator: 1913, denominator: 2040, percent: 93.77 });
  });

  it('counts 102 items across the five departments, all in the catalogue and the hall', () => {
    expect(items.total).toBe(102);
    expect(items.byDepartment).toEqual({ 交警: 21, 出入境: 20, 治安: 21, 禁毒: 20, 科信: 20 });
    expect(items.inStandardCatalogue).toBe(102);
    expect(items.inOnlineHall).toBe(102);
  });
});

describe('when an application is filed in December and decided in January', () => {
  const ledger = new LedgerEvents();
  ledger.file('a1', bj('2020-12-30T10:00:00'));
  ledger.accept('a1', bj('2020-12-31T09:00:00'));
  ledger.grant('a1', bj('2021-01-05T10:00:00'));
  const accumulator = accumulate(ledger.events);

  it('counts it received, accepted and pending in the first year, with no decision', () => {
    const figures = accumulator.figures(AGENCY, 2020);
    expect(figures.applications).toEqual({
      received: 1,
      accepted: 1,
      notAccepted: 0,
      withdrawn: 0,
      pendingAtYearEnd: 1,
    });
    expect(figures.decisions.total).toBe(0);
  });

  it('counts it decided in the next year, neither received nor pending there', () => {
    const figures = accumulator.figures(AGENCY, 2021);
    expect(figures.applications).toEqual({
      received: 0,
      accepted: 0,
      notAccepted: 0,
      withdrawn: 0,
      pendingAtYearEnd: 0,
    });
    expect(figures.decisions).toMatchObject({ total: 1, granted: 1, denied: 0 });
  });
});

describe('when applications are open at the year end', () => {
  const ledger = new LedgerEvents();
  ledger.file('p1', bj('2019-11-01T09:00:00'));
  ledger.accept('p1', bj('2019-11-01T10:00:00')); // never decided
  ledger.file('p2', bj('2020-03-02T09:00:00'));
  ledger.accept('p2', bj('2020-03-02T10:00:00'));
  ledger.withdraw('p2', bj('2020-05-06T10:00:00'));
  ledger.file('p3', bj('2020-12-01T09:00:00'));
  ledger.accept('p3', bj('2020-12-01T10:00:00'));
  ledger.grant('p3', bj('2020-12-31T23:59:59'));
  ledger.file('p4', bj('2020-12-01T09:00:00'));
  ledger.accept('p4', bj('2020-12-01T10:00:00'));
  ledger.grant('p4', bj('2021-01-01T00:30:00'));
  ledger.file('p5', bj('2020-12-15T09:00:00'));
  ledger.notAccept('p5', bj('2020-12-16T09:00:00'));
  ledger.file('p6', bj('2020-12-28T09:00:00')); // not yet accepted
  const accumulator = accumulate(ledger.events);

  it('counts the accepted ones neither decided nor withdrawn by 31 December', () => {
    expect(accumulator.figures(AGENCY, 2019).applications.pendingAtYearEnd).toBe(1);
    expect(accumulator.figures(AGENCY, 2020).applications.pendingAtYearEnd).toBe(2); // p1, p4
    expect(accumulator.figures(AGENCY, 2021).applications.pendingAtYearEnd).toBe(1); // p1
  });

  it('counts the year’s filings, acceptances, non-acceptances and withdrawals', () => {
    expect(accumulator.figures(AGENCY, 2020).applications).toEqual({
      received: 5,
      accepted: 3,
      notAccepted: 1,
      withdrawn: 1,
      pendingAtYearEnd: 2,
    });
  });
});

describe('when a legacy import records the decision before the acceptance', () => {
  const ledger = new LedgerEvents();
  ledger.file('late-accept', bj('2020-03-02T09:00:00'));
  ledger.grant('late-accept', bj('2020-03-05T10:00:00'));
  ledger.accept('late-accept', bj('2020-03-06T10:00:00'));
  const accumulator = accumulate(ledger.events);

  it('counts the acceptance, but never the application as pending, and cannot time the decision', () => {
    expect(accumulator.figures(AGENCY, 2020).applications).toMatchObject({
      received: 1,
      accepted: 1,
      pendingAtYearEnd: 0,
    });
    expect(accumulator.figures(AGENCY, 2021).applications.pendingAtYearEnd).toBe(0);
    expect(accumulator.figures(AGENCY, 2020).decisions).toMatchObject({
      total: 1,
      onTime: 0,
      overdue: 0,
      deadlineUnknown: 1,
    });
  });

  it('keeps it out of the department’s pending too', () => {
    expect(accumulator.departments(AGENCY, 2020)['治安'].applications.pendingAtYearEnd).toBe(0);
  });
});

describe('when decisions are timed against the 2020 working-day calendar', () => {
  /** The 2020 decision figures of one application accepted on Mon 28 Sep 2020 (20 working days: due Mon 2 Nov). */
  const timelinessOf = (steps: (ledger: LedgerEvents) => void, year = 2020) => {
    const ledger = new LedgerEvents();
    ledger.file('t', bj('2020-09-28T09:00:00'));
    steps(ledger);
    const { onTime, overdue, deadlineUnknown } = figuresOf(ledger.events, year).decisions;
    return { onTime, overdue, deadlineUnknown };
  };
  const ON_TIME = { onTime: 1, overdue: 0, deadlineUnknown: 0 };
  const OVERDUE = { onTime: 0, overdue: 1, deadlineUnknown: 0 };
  const UNKNOWN = { onTime: 0, overdue: 0, deadlineUnknown: 1 };

  it('is on time on the 20th working day after acceptance, across the National Day break', () => {
    expect(
      timelinessOf((l) => (l.accept('t', bj('2020-09-28T10:00:00')), l.grant('t', bj('2020-11-02T17:00:00')))),
    ).toEqual(ON_TIME);
  });

  it('is overdue the working day after', () => {
    expect(
      timelinessOf((l) => (l.accept('t', bj('2020-09-28T10:00:00')), l.grant('t', bj('2020-11-03T09:00:00')))),
    ).toEqual(OVERDUE);
  });

  it('is on time up to 10 more working days after an approved extension (16 November)', () => {
    expect(
      timelinessOf(
        (l) => (
          l.accept('t', bj('2020-09-28T10:00:00')),
          l.extend('t', bj('2020-10-20T10:00:00'), 10),
          l.grant('t', bj('2020-11-16T10:00:00'))
        ),
      ),
    ).toEqual(ON_TIME);
    expect(
      timelinessOf(
        (l) => (
          l.accept('t', bj('2020-09-28T10:00:00')),
          l.extend('t', bj('2020-10-20T10:00:00'), 10),
          l.grant('t', bj('2020-11-17T10:00:00'))
        ),
      ),
    ).toEqual(OVERDUE);
  });

  it('does not count the working days while suspended (12–16 October moves the deadline to 6 November)', () => {
    const suspended = (decidedOn: string) =>
      timelinessOf((l) => {
        l.accept('t', bj('2020-09-28T10:00:00'));
        l.suspend('t', bj('2020-10-12T10:00:00'));
        l.resume('t', bj('2020-10-16T10:00:00'));
        l.grant('t', bj(`${decidedOn}T10:00:00`));
      });
    expect(suspended('2020-11-06')).toEqual(ON_TIME);
    expect(suspended('2020-11-09')).toEqual(OVERDUE);
  });

  it('reads acceptance and decision dates in Beijing time', () => {
    // Accepted 04:00 on 28 Sep in Beijing; decided 23:30 on 2 Nov (on time) or 00:30 on 3 Nov (overdue).
    expect(timelinessOf((l) => (l.accept('t', '2020-09-27T20:00:00Z'), l.grant('t', '2020-11-02T15:30:00Z')))).toEqual(
      ON_TIME,
    );
    expect(timelinessOf((l) => (l.accept('t', '2020-09-27T20:00:00Z'), l.grant('t', '2020-11-02T16:30:00Z')))).toEqual(
      OVERDUE,
    );
  });

  it('counts a decision with no acceptance recorded as deadline unknown', () => {
    expect(timelinessOf((l) => l.grant('t', bj('2020-10-09T10:00:00')))).toEqual(UNKNOWN);
  });

  it('counts a decision while the time limit is still suspended as deadline unknown', () => {
    expect(
      timelinessOf(
        (l) => (
          l.accept('t', bj('2020-09-28T10:00:00')),
          l.suspend('t', bj('2020-10-12T10:00:00')),
          l.grant('t', bj('2020-12-01T10:00:00'))
        ),
      ),
    ).toEqual(UNKNOWN);
  });

  it('counts a decision whose deadline falls in a year the calendar lacks as deadline unknown', () => {
    // 20 working days from 21 Dec 2026 run into 2027, which the shipped calendar does not cover; so does the decision.
    expect(
      timelinessOf((l) => (l.accept('t', bj('2026-12-21T10:00:00')), l.grant('t', bj('2027-01-11T10:00:00'))), 2027),
    ).toEqual(UNKNOWN);
  });

  it('counts a decision as on time when fewer than 20 working days had passed, though the deadline falls in the missing 2027', () => {
    // Accepted Tue 15 Dec 2026, decided Mon 28 Dec: 16–18 and 21–25 Dec = 8 working days had passed.
    expect(
      timelinessOf((l) => (l.accept('t', bj('2026-12-15T10:00:00')), l.grant('t', bj('2026-12-28T10:00:00'))), 2026),
    ).toEqual(ON_TIME);
  });

  it('rates on time over the decisions whose deadline is known', () => {
    const ledger = new LedgerEvents();
    const decide = (id: string, on: string) => {
      ledger.file(id, bj('2020-09-28T09:00:00'));
      ledger.accept(id, bj('2020-09-28T10:00:00'));
      ledger.grant(id, bj(`${on}T10:00:00`));
    };
    decide('on-1', '2020-10-30');
    decide('on-2', '2020-11-02');
    decide('on-3', '2020-10-09');
    decide('late', '2020-11-04');
    ledger.file('unknown', bj('2020-09-28T09:00:00'));
    ledger.grant('unknown', bj('2020-10-09T10:00:00'));
    expect(figuresOf(ledger.events, 2020).decisions).toMatchObject({
      total: 5,
      onTime: 3,
      overdue: 1,
      deadlineUnknown: 1,
      onTimeRate: { numerator: 3, denominator: 4, percent: 75 },
    });
  });
});

describe('when a licence is denied', () => {
  const REASON = '申请人签订的买卖合同标的跟申请购买的一类易制毒化学品不符';
  const ledger = new LedgerEvents();
  ledger.file('d1', bj('2020-06-01T09:00:00'), { itemCode: 'JD-001', department: '禁毒' });
  ledger.accept('d1', bj('2020-06-01T10:00:00'));
  ledger.deny('d1', bj('2020-06-10T10:00:00'), REASON);
  ledger.file('g1', bj('2020-06-01T09:00:00'));
  ledger.accept('g1', bj('2020-06-01T10:00:00'));
  ledger.grant('g1', bj('2020-06-10T10:00:00'));
  const figures = figuresOf(ledger.events, 2020);

  it('counts it and states its reason by application id', () => {
    expect(figures.decisions).toMatchObject({
      total: 2,
      granted: 1,
      denied: 1,
      deniedReasons: [{ applicationId: 'd1', reason: REASON }],
    });
  });

  it('shows no personal data of the applicant', () => {
    const json = JSON.stringify(figures);
    expect(json).not.toContain('张三');
    expect(json).not.toContain('440701199001011234');
  });
});

describe('when granted decisions are disclosed', () => {
  const ledger = new LedgerEvents();
  const decided = (id: string, disclosable: boolean, outcome: 'grant' | 'deny') => {
    ledger.file(id, bj('2020-04-01T09:00:00'), { disclosable });
    ledger.accept(id, bj('2020-04-01T10:00:00'));
    if (outcome === 'grant') ledger.grant(id, bj('2020-04-08T10:00:00'));
    else ledger.deny(id, bj('2020-04-08T10:00:00'), '不符合条件');
  };
  decided('g1', true, 'grant');
  ledger.disclose('g1', bj('2020-04-09T10:00:00'));
  decided('g2', true, 'grant'); // not yet disclosed
  decided('x1', false, 'grant'); // exit-entry: exempt by the Passport Law
  ledger.exempt('x1', bj('2020-04-09T10:00:00'));
  decided('d1', true, 'deny');
  const disclosure = figuresOf(ledger.events, 2020).disclosure;

  it('counts disclosures and exemptions of the year', () => {
    expect(disclosure).toMatchObject({ disclosed: 1, exempt: 1 });
  });

  it('rates disclosures over the granted decisions of disclosable applications only', () => {
    expect(disclosure.disclosureRate).toEqual({ numerator: 1, denominator: 2, percent: 50 });
  });
});

describe('when supervision happens', () => {
  const ledger = new LedgerEvents();
  ledger.inspect('i0', bj('2019-12-20T10:00:00'));
  ledger.inspect('i1', bj('2020-03-01T10:00:00'));
  ledger.inspect('i2', bj('2020-04-01T10:00:00'), { rectificationRequired: true });
  ledger.inspect('i3', bj('2020-05-01T10:00:00'), {
    kind: 'enforcement-inspection',
    department: '法制',
    rectificationRequired: true,
  });
  ledger.inspect('i4', bj('2020-06-01T10:00:00'), { kind: 'case-file-review', department: '法制', filesReviewed: 50 });
  ledger.inspect('i5', bj('2020-11-01T10:00:00'), { kind: 'case-file-review', department: '法制', filesReviewed: 30 });
  ledger.complain('c1', bj('2020-02-01T10:00:00'));
  ledger.resolveComplaint('c1', bj('2020-02-10T10:00:00'), true);
  ledger.complain('c2', bj('2020-03-01T10:00:00'));
  ledger.resolveComplaint('c2', bj('2020-03-10T10:00:00'), false);
  ledger.complain('c3', bj('2019-12-30T10:00:00'));
  ledger.resolveComplaint('c3', bj('2020-01-05T10:00:00'), true);
  ledger.appeal('r1', bj('2020-07-01T10:00:00'), 'reconsideration');
  ledger.concludeAppeal('r1', bj('2020-08-01T10:00:00'));
  ledger.appeal('r2', bj('2020-07-02T10:00:00'), 'reconsideration');
  ledger.appeal('l1', bj('2020-07-03T10:00:00'), 'litigation');
  ledger.recordRectification('f1', bj('2020-02-01T10:00:00'), 'planned');
  ledger.updateRectification('f1', bj('2020-03-01T10:00:00'), 'in-progress');
  ledger.updateRectification('f1', bj('2020-06-01T10:00:00'), 'completed');
  ledger.recordRectification('f2', bj('2020-04-01T10:00:00'), 'completed');
  ledger.recordRectification('f3', bj('2020-11-01T10:00:00'), 'planned');
  ledger.updateRectification('f3', bj('2021-01-04T10:00:00'), 'completed');
  ledger.recordRectification('f4', bj('2020-11-01T10:00:00'), 'in-progress');
  const accumulator = accumulate(ledger.events);

  it('counts each kind of the year: checks, inspections, files reviewed, complaints, appeals, rectifications', () => {
    expect(accumulator.figures(AGENCY, 2020).supervision).toEqual({
      externalSupervision: 2,
      enforcementInspections: 1,
      caseFilesReviewed: 80,
      complaintsReceived: 2,
      complaintsValid: 2, // c1, and c3 logged in 2019 but found valid in 2020
      reconsiderations: 2,
      litigations: 1,
      rectificationsRequired: 2,
      rectificationsCompleted: 2,
    });
  });

  it('counts a rectification in the year it was completed', () => {
    expect(accumulator.figures(AGENCY, 2021).supervision.rectificationsCompleted).toBe(1);
    expect(accumulator.figures(AGENCY, 2019).supervision).toMatchObject({
      externalSupervision: 1,
      complaintsReceived: 1,
      complaintsValid: 0,
    });
  });
});

describe('when services are rated', () => {
  const ledger = new LedgerEvents();
  const levels: Array<[string, 1 | 2 | 3 | 4 | 5, string]> = [
    ['s1', 5, '2020-05-01'],
    ['s2', 5, '2020-05-02'],
    ['s3', 4, '2020-05-03'],
    ['s4', 3, '2020-05-04'],
    ['s5', 2, '2020-05-05'],
    ['s6', 1, '2020-05-06'],
    ['s7', 5, '2021-01-06'],
  ];
  for (const [id, level, on] of levels) {
    ledger.file(id, bj('2020-04-01T09:00:00'));
    ledger.accept(id, bj('2020-04-01T10:00:00'));
    ledger.grant(id, bj('2020-04-20T10:00:00'));
    ledger.rate(id, bj(`${on}T10:00:00`), level);
  }
  ledger.rectifyBadRating('s5', bj('2020-05-20T10:00:00'));
  ledger.rectifyBadRating('s6', bj('2021-01-04T10:00:00'));
  const effect = figuresOf(ledger.events, 2020).effect;

  it('counts the ratings of the year by level', () => {
    expect(effect.ratings).toEqual({ '1': 1, '2': 1, '3': 1, '4': 1, '5': 2 });
  });

  it('rates satisfaction as (非常满意+满意+基本满意)/全部评价 and says so', () => {
    expect(effect.satisfactionRate).toEqual({ numerator: 4, denominator: 6, percent: 66.67 });
    expect(effect.satisfactionFormula).toBe('(非常满意+满意+基本满意)/全部评价');
  });

  it('counts the bad ratings rectified in the year', () => {
    expect(effect.badRatingsRectified).toBe(1);
  });
});

describe('when certificates are issued', () => {
  const ledger = new LedgerEvents();
  ledger.file('c', bj('2020-04-01T09:00:00'));
  ledger.accept('c', bj('2020-04-01T10:00:00'));
  ledger.grant('c', bj('2020-04-02T10:00:00'));
  ledger.certificate('c', bj('2020-04-03T10:00:00'), 'electronic', 'collect');
  ledger.certificate('c', bj('2020-04-03T11:00:00'), 'electronic', 'mail');
  ledger.certificate('c', bj('2020-04-03T12:00:00'), 'paper', 'mail');
  ledger.certificate('c', bj('2020-04-03T13:00:00'), 'paper', 'collect');
  ledger.certificate('c', bj('2020-04-03T14:00:00'), 'paper', 'collect');
  ledger.certificate('c', bj('2021-01-03T13:00:00'), 'electronic', 'mail');
  const effect = figuresOf(ledger.events, 2020).effect;

  it('counts electronic certificates and certificates mailed in the year', () => {
    expect(effect).toMatchObject({ electronicCertificates: 2, certificatesMailed: 2 });
  });
});

describe('when indicators are reported', () => {
  it('keeps the latest report per name for the year, sorted by name', () => {
    const ledger = new LedgerEvents();
    ledger.indicator('seals-carved', 2020, 55000, bj('2021-01-10T10:00:00'));
    ledger.indicator('online-seal-orders', 2020, 30858, bj('2021-01-10T10:00:00'));
    ledger.indicator('seals-carved', 2020, 55122, bj('2021-02-01T10:00:00'));
    ledger.indicator('appointments', 2021, 380000, bj('2021-02-01T10:00:00'), '宗', '车管预约系统');
    expect(figuresOf(ledger.events, 2020).indicators).toEqual([
      { name: 'online-seal-orders', value: 30858, unit: '枚', source: '公章治安管理系统' },
      { name: 'seals-carved', value: 55122, unit: '枚', source: '公章治安管理系统' },
    ]);
  });

  it('lets the later report in the global order supersede, whatever order they are applied in', () => {
    const ledger = new LedgerEvents();
    ledger.record('indicators-import-1', 'IndicatorReported.v1', bj('2021-01-10T10:00:00'), {
      name: 'seals-carved',
      year: 2020,
      value: 55000,
      unit: '枚',
      source: 'a',
    });
    ledger.record('indicators-import-2', 'IndicatorReported.v1', bj('2021-01-09T10:00:00'), {
      name: 'seals-carved',
      year: 2020,
      value: 55122,
      unit: '枚',
      source: 'b',
    });
    expect(figuresOf([...ledger.events].reverse(), 2020).indicators).toEqual([
      { name: 'seals-carved', value: 55122, unit: '枚', source: 'b' },
    ]);
  });

  it('lists the reported year among the agency’s years', () => {
    const ledger = new LedgerEvents();
    ledger.indicator('seals-carved', 2020, 55122, bj('2021-02-01T10:00:00'));
    expect(accumulate(ledger.events).years(AGENCY)).toEqual([2020, 2021]);
  });
});

describe('when events fall around New Year in Beijing', () => {
  const ledger = new LedgerEvents();
  ledger.file('before', '2020-12-31T15:59:59Z'); // 23:59:59 on 31 Dec in Beijing
  ledger.file('after', '2020-12-31T17:00:00Z'); // 01:00 on 1 Jan in Beijing

  it('counts an event at 01:00 on 1 January Beijing time in the new year', () => {
    const accumulator = accumulate(ledger.events);
    expect(accumulator.figures(AGENCY, 2020).applications.received).toBe(1);
    expect(accumulator.figures(AGENCY, 2021).applications.received).toBe(1);
    expect(accumulator.years(AGENCY)).toEqual([2020, 2021]);
  });

  it('counts in the configured time zone instead when one is given', () => {
    const accumulator = accumulate(ledger.events, 'UTC');
    expect(accumulator.figures(AGENCY, 2020).applications.received).toBe(2);
    expect(accumulator.years(AGENCY)).toEqual([2020]);
  });
});

describe('when events of other agencies and of unknown types arrive', () => {
  const ledger = new LedgerEvents();
  ledger.file('a1', bj('2020-03-02T09:00:00'));
  ledger.of('foshan-psb').file('a2', bj('2020-03-02T09:00:00'));
  ledger.record('subject-x', 'SubjectErased.v1' as never, bj('2020-04-01T09:00:00'), {
    subjectId: 'x',
    reason: 'PIPL art. 47',
  } as never);
  ledger.visit('a1', bj('2020-03-03T09:00:00'));
  const accumulator = accumulate(ledger.events);

  it('keeps each agency apart', () => {
    expect(accumulator.agencies()).toEqual(['foshan-psb', AGENCY]);
    expect(accumulator.figures(AGENCY, 2020).applications.received).toBe(1);
    expect(accumulator.figures('foshan-psb', 2020).applications.received).toBe(1);
  });

  it('ignores unknown event types, even in what the figures are based on', () => {
    // a1 filed (position 1), Foshan's a2 (2), the unknown event (3), the visit (4).
    expect(accumulator.figures(AGENCY, 2020).basedOn).toEqual({ events: 2, lastPosition: '4' });
    expect(accumulator.figures('foshan-psb', 2020).basedOn).toEqual({ events: 1, lastPosition: '2' });
  });
});

describe('when an event has no readable business time', () => {
  it('refuses it rather than count it in some year, and counts nothing of it', () => {
    const ledger = new LedgerEvents();
    ledger.file('a1', 'last Tuesday');
    const accumulator = accumulate([]);
    expect(() => accumulator.apply(ledger.events[0])).toThrow(/no readable business time/);
    expect(accumulator.agencies()).toEqual([]);
  });
});
