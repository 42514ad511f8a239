import { LedgerEvents, AGENCY, accumulate } from './testing/ledger-events';
import { FiguresBreakdown } from './figures.types';

const bj = (local: string) => `${local}+08:00`;

/**
 * Two items; applications in 治安 (one granted, one denied) and 出入境 (one pending); complaints
 * attributed through an item (registered only after the complaint is recorded) and through an
 * application; an appeal naming nothing; an inspection of 禁毒 and a rectification it required.
 */
function scenario(): LedgerEvents {
  const ledger = new LedgerEvents();
  ledger.complain('c-item', bj('2020-05-01T10:00:00'), { itemCode: 'CRJ-001' });
  ledger.register('ZA-001', bj('2019-01-01T00:00:00'), { department: '治安' });
  ledger.register('CRJ-001', bj('2019-01-01T00:00:00'), { department: '出入境', disclosable: false });
  ledger.file('a1', bj('2020-03-02T09:00:00'));
  ledger.accept('a1', bj('2020-03-02T10:00:00'));
  ledger.grant('a1', bj('2020-03-10T10:00:00'));
  ledger.file('a3', bj('2020-03-02T09:00:00'));
  ledger.accept('a3', bj('2020-03-02T10:00:00'));
  ledger.deny('a3', bj('2020-03-12T10:00:00'), '材料不实');
  ledger.file('a2', bj('2020-12-20T09:00:00'), { itemCode: 'CRJ-001', department: '出入境', disclosable: false });
  ledger.accept('a2', bj('2020-12-21T10:00:00'));
  ledger.complain('c-app', bj('2020-06-01T10:00:00'), { applicationId: 'a1' });
  ledger.resolveComplaint('c-app', bj('2020-06-05T10:00:00'), true);
  ledger.appeal('r1', bj('2020-07-01T10:00:00'), 'reconsideration');
  ledger.inspect('i1', bj('2020-08-01T10:00:00'), {
    kind: 'enforcement-inspection',
    department: '禁毒',
    rectificationRequired: true,
  });
  ledger.recordRectification('f1', bj('2020-08-10T10:00:00'), 'completed', 'i1');
  return ledger;
}

const sumOf = (breakdowns: Record<string, FiguresBreakdown>, pick: (b: FiguresBreakdown) => number) =>
  Object.values(breakdowns).reduce((sum, b) => sum + pick(b), 0);

describe('when the figures are broken down by department', () => {
  const accumulator = accumulate(scenario().events);
  const departments = accumulator.departments(AGENCY, 2020);

  it('lists every department with figures, plus "(unassigned)" for what nobody can attribute', () => {
    expect(Object.keys(departments)).toEqual(['(unassigned)', '出入境', '治安', '禁毒']);
  });

  it('counts applications and decisions under the department copied at filing', () => {
    expect(departments['治安'].applications).toEqual({
      received: 2,
      accepted: 2,
      notAccepted: 0,
      withdrawn: 0,
      pendingAtYearEnd: 0,
    });
    expect(departments['治安'].decisions).toMatchObject({
      total: 2,
      granted: 1,
      denied: 1,
      deniedReasons: [{ applicationId: 'a3', reason: '材料不实' }],
    });
    expect(departments['出入境'].applications).toEqual({
      received: 1,
      accepted: 1,
      notAccepted: 0,
      withdrawn: 0,
      pendingAtYearEnd: 1,
    });
  });

  it("attributes a complaint to its item's department, even when the item was recorded after it", () => {
    expect(departments['出入境'].supervision.complaintsReceived).toBe(1);
  });

  it("attributes a complaint to its application's department, and its resolution with it", () => {
    expect(departments['治安'].supervision).toMatchObject({ complaintsReceived: 1, complaintsValid: 1 });
  });

  it("attributes a rectification to its inspection's department and leaves an appeal naming nothing unassigned", () => {
    expect(departments['禁毒'].supervision).toMatchObject({
      enforcementInspections: 1,
      rectificationsRequired: 1,
      rectificationsCompleted: 1,
    });
    expect(departments['(unassigned)'].supervision.reconsiderations).toBe(1);
  });

  it("describes each department's own items", () => {
    expect(departments['治安'].items).toMatchObject({ total: 1, byDepartment: { 治安: 1 } });
    expect(departments['禁毒'].items.total).toBe(0);
  });

  it('adds up to the agency total', () => {
    const total = accumulator.figures(AGENCY, 2020);
    expect(sumOf(departments, (b) => b.applications.received)).toBe(total.applications.received);
    expect(sumOf(departments, (b) => b.applications.pendingAtYearEnd)).toBe(total.applications.pendingAtYearEnd);
    expect(sumOf(departments, (b) => b.supervision.complaintsReceived)).toBe(total.supervision.complaintsReceived);
    expect(sumOf(departments, (b) => b.items.total)).toBe(total.items.total);
  });

  it('carries a department with only pending applications into the next year', () => {
    const next = accumulator.departments(AGENCY, 2021);
    expect(next['出入境'].applications.pendingAtYearEnd).toBe(1);
    expect(next['治安'].applications.received).toBe(0);
  });

  it('omits indicators and basis', () => {
    expect(Object.keys(departments['治安'])).toEqual([
      'items',
      'applications',
      'decisions',
      'disclosure',
      'supervision',
      'effect',
    ]);
  });
});

describe('when the figures are broken down by item', () => {
  const ledger = scenario();
  ledger.register('OLD-001', bj('2019-01-01T00:00:00'), { department: '治安' });
  ledger.file('o1', bj('2020-02-01T09:00:00'), { itemCode: 'OLD-001' });
  ledger.retire('OLD-001', bj('2020-10-01T00:00:00'));
  const items = accumulate(ledger.events).items(AGENCY, 2020);

  it('lists every item in force at the year end or with figures in the year', () => {
    expect(Object.keys(items)).toEqual(['CRJ-001', 'OLD-001', 'ZA-001']);
  });

  it('describes the one item in force in its items section', () => {
    expect(items['ZA-001'].items).toEqual({
      total: 1,
      byDepartment: { 治安: 1 },
      inStandardCatalogue: 1,
      inOnlineHall: 1,
      fullyOnline: 1,
      fullyOnlineRate: { numerator: 1, denominator: 1, percent: 100 },
      immediateRate: { numerator: 0, denominator: 1, percent: 0 },
      averageRequiredVisits: { total: 0, count: 1, value: 0 },
      timeLimitCompressionRate: { numerator: 15, denominator: 20, percent: 75 },
    });
  });

  it('shows an item retired during the year with its applications but not in force', () => {
    expect(items['OLD-001'].items.total).toBe(0);
    expect(items['OLD-001'].applications.received).toBe(1);
  });

  it('counts applications under their item and supervision under its item or its application’s', () => {
    expect(items['ZA-001'].applications.received).toBe(2);
    expect(items['ZA-001'].supervision).toMatchObject({ complaintsReceived: 1, complaintsValid: 1 });
    expect(items['CRJ-001'].supervision.complaintsReceived).toBe(1);
    expect(items['CRJ-001'].applications.pendingAtYearEnd).toBe(1);
  });

  it('puts supervision naming no item in no item', () => {
    expect(sumOf(items, (b) => b.supervision.reconsiderations + b.supervision.enforcementInspections)).toBe(0);
  });
});

describe('when an agency has no events', () => {
  it('has no breakdowns', () => {
    const accumulator = accumulate([]);
    expect(accumulator.departments(AGENCY, 2020)).toEqual({});
    expect(accumulator.items(AGENCY, 2020)).toEqual({});
    expect(accumulator.agencies()).toEqual([]);
    expect(accumulator.years(AGENCY)).toEqual([]);
  });
});

describe('when an application’s filing is missing from the ledger', () => {
  const ledger = new LedgerEvents();
  ledger.accept('orphan', bj('2020-03-02T10:00:00'));
  ledger.grant('orphan', bj('2020-03-05T10:00:00'));
  const accumulator = accumulate(ledger.events);

  it('still counts its facts, under "(unassigned)" and no item', () => {
    expect(Object.keys(accumulator.departments(AGENCY, 2020))).toEqual(['(unassigned)']);
    expect(accumulator.departments(AGENCY, 2020)['(unassigned)'].decisions).toMatchObject({
      total: 1,
      granted: 1,
      deadlineUnknown: 1,
    });
    expect(accumulator.items(AGENCY, 2020)).toEqual({});
  });
});
