import type { LedgerEvent, Recorded } from '@ledger/domain';
import { negotiateFormat } from '../report/report-format';
import { MonthlySeriesAccumulator, UNASSIGNED_DEPARTMENT } from './monthly-series';

let position = 0;
function recorded(type: string, data: Record<string, unknown>, at: string, agency = 'test-psb'): Recorded<LedgerEvent> {
  position++;
  return {
    type,
    data,
    at,
    streamId: `application-${String(data.applicationId)}`,
    revision: 0,
    eventId: `e-${position}`,
    position: String(position),
    metadata: { agency, actor: 'clerk', businessTime: at, ledgerTime: at, correlationId: 'c', causationId: 'c' },
  } as unknown as Recorded<LedgerEvent>;
}
const filed = (id: string, department: string, at: string, agency?: string) =>
  recorded('ApplicationFiled.v1', { applicationId: id, department, itemCode: 'X' }, at, agency);
const decided = (id: string, outcome: 'granted' | 'denied', at: string) =>
  recorded('DecisionMade.v1', { applicationId: id, outcome }, at);

describe('the monthly series', () => {
  const series = (events: Recorded<LedgerEvent>[], year = 2020) => {
    const accumulator = new MonthlySeriesAccumulator('test-psb', year, 'Asia/Shanghai');
    events.forEach((e) => accumulator.apply(e));
    return accumulator.result(null);
  };

  it('counts applications by filing month and department, and decisions by decision month under the department filed with', () => {
    const s = series([
      filed('a', '治安', '2020-01-15T09:00:00+08:00'),
      filed('b', '交警', '2020-01-20T09:00:00+08:00'),
      filed('c', '治安', '2020-03-02T09:00:00+08:00'),
      decided('a', 'granted', '2020-02-03T09:00:00+08:00'),
      decided('b', 'denied', '2020-03-05T09:00:00+08:00'),
    ]);
    expect(s.months[0]).toBe('2020-01');
    expect(s.applications.received.slice(0, 3)).toEqual([2, 0, 1]);
    expect(s.applications.byDepartment).toEqual({
      交警: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      治安: [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    expect(s.decisions.total.slice(0, 3)).toEqual([0, 1, 1]);
    expect(s.decisions.granted.slice(0, 3)).toEqual([0, 1, 0]);
    expect(s.decisions.denied.slice(0, 3)).toEqual([0, 0, 1]);
    expect(s.decisions.byDepartment.交警[2]).toBe(1);
    expect(s.decisions.byDepartment.治安[1]).toBe(1);
  });

  it('puts an event at 01:00 on 1 January Beijing time in the new year, and 23:30 on 31 December in the old one', () => {
    const events = [filed('x', '治安', '2020-12-31T17:00:00Z'), filed('y', '治安', '2020-12-31T15:30:00Z')];
    expect(series(events, 2021).applications.received[0]).toBe(1);
    expect(series(events, 2020).applications.received[11]).toBe(1);
  });

  it('counts a decision of this year on an application filed last year, and ignores other agencies', () => {
    const s = series([
      filed('old', '出入境', '2019-12-31T10:00:00+08:00'),
      decided('old', 'granted', '2020-01-06T10:00:00+08:00'),
      filed('other', '治安', '2020-05-01T10:00:00+08:00', 'other-psb'),
    ]);
    expect(s.applications.received.reduce((a, b) => a + b)).toBe(0);
    expect(s.decisions.byDepartment).toEqual({ 出入境: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(s.basedOn.events).toBe(2);
  });

  it('files a decision whose filing it never saw under an unknown department', () => {
    expect(
      Object.keys(series([decided('ghost', 'granted', '2020-07-01T10:00:00+08:00')]).decisions.byDepartment),
    ).toEqual([UNASSIGNED_DEPARTMENT]);
  });
});

describe('the report format', () => {
  it.each([
    [undefined, undefined, 'md'],
    ['pdf', 'text/html', 'pdf'],
    [undefined, 'text/html,application/xhtml+xml,*/*;q=0.8', 'html'],
    [undefined, 'application/pdf', 'pdf'],
    [undefined, 'application/json;q=0.5, text/markdown', 'md'],
    [undefined, 'text/markdown;q=0.1, application/json', 'json'],
    [undefined, '*/*', 'md'],
  ])('format %p with Accept %p gives %p', (format, accept, expected) => {
    expect(negotiateFormat(format, accept)).toBe(expected);
  });

  it('refuses an unknown format, naming the field', () => {
    expect(() => negotiateFormat('odt', undefined)).toThrow(
      expect.objectContaining({ field: 'format', code: 'REPORT.FORMAT' }),
    );
  });
});
