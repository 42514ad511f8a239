/**
 * The amended-item case: item ZA-1 moves from 治安 to 交警 from 2021-01-01. Every reader
 * attributes a fact to the department the catalogue gave its item at the fact's business time
 * (an application: as filed), so the figures, the compliance findings, the monthly series and
 * the replay must all put a 2020 complaint on ZA-1, and a 2020 application on it, under 治安,
 * and a 2021 complaint under 交警.
 */
import { checkCompliance, replayApplication } from '@ledger/audit';
import { MonthlySeriesAccumulator } from '@ledger/reports';
import {
  AGENCY,
  LedgerEvents,
  accumulate,
  calendar,
} from '../libs/projections/src/yearly-figures/testing/ledger-events';

const bj = (local: string) => `${local}+08:00`;

function amendedItemLedger(): LedgerEvents {
  const ledger = new LedgerEvents();
  ledger.register('ZA-1', bj('2019-01-01T00:00:00'), { department: '治安' });
  ledger.amend('ZA-1', bj('2021-01-01T00:00:00'), { department: '交警' });
  ledger.complain('C-2020', bj('2020-06-01T10:00:00'), { itemCode: 'ZA-1' });
  // Filed under 治安 in 2020, decided late in 2021: 20 working days from 2020-12-01 end on 2020-12-29.
  ledger.file('A-1', bj('2020-12-01T09:00:00'), { itemCode: 'ZA-1', department: '治安' });
  ledger.accept('A-1', bj('2020-12-01T10:00:00'));
  ledger.grant('A-1', bj('2021-02-26T10:00:00'));
  ledger.disclose('A-1', bj('2021-02-26T11:00:00'));
  ledger.complain('C-2021', bj('2021-03-01T10:00:00'), { itemCode: 'ZA-1' });
  return ledger;
}

const findingDepartments = (year: number) => {
  const report = checkCompliance({ agency: AGENCY, year, calendar }, amendedItemLedger().events);
  return Object.fromEntries(
    report.findings.map((f) => [`${f.rule} ${f.complaintId ?? f.applicationId}`, f.department]),
  );
};

describe('when an item is amended to another department', () => {
  it('counts a complaint of the year before under the old department in the figures', () => {
    const departments = accumulate(amendedItemLedger().events).departments(AGENCY, 2020);
    expect(departments['治安'].supervision.complaintsReceived).toBe(1);
    expect(departments['交警']?.supervision.complaintsReceived ?? 0).toBe(0);
  });

  it('files the same complaint, still open, under the old department in the findings of both years', () => {
    expect(findingDepartments(2020)).toEqual({ 'COMPLAINT.UNRESOLVED C-2020': '治安' });
    expect(findingDepartments(2021)).toEqual({
      'DECISION.OVERDUE A-1': '治安',
      'COMPLAINT.UNRESOLVED C-2020': '治安',
      'COMPLAINT.UNRESOLVED C-2021': '交警',
    });
  });

  it('counts the late decision and the new complaint as the findings do', () => {
    const departments = accumulate(amendedItemLedger().events).departments(AGENCY, 2021);
    expect(departments['治安'].decisions).toMatchObject({ total: 1, overdue: 1 });
    expect(departments['交警'].supervision.complaintsReceived).toBe(1);
    expect(departments['交警'].decisions.total).toBe(0);
  });

  it('charts the decision under the department it was filed with, and the replay finds it late', () => {
    const monthly = new MonthlySeriesAccumulator(AGENCY, 2021, 'Asia/Shanghai');
    const events = amendedItemLedger().events;
    events.forEach((e) => monthly.apply(e));
    expect(Object.keys(monthly.result(null).decisions.byDepartment)).toEqual(['治安']);
    const replay = replayApplication(
      'A-1',
      events.filter((e) => e.streamId === `application-${AGENCY}.A-1`),
      { calendar, timeZone: 'Asia/Shanghai' },
    );
    expect(replay.steps.find((s) => s.type === 'DecisionMade.v1')?.onTime).toBe(false);
    expect(replay.finalDeadline).toMatchObject({ status: 'known', deadline: '2020-12-29' });
  });
});
