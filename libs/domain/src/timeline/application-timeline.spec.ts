import { SHIPPED_CALENDAR_YEARS } from '../calendar/shipped-calendar-years';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { deadlineOf, timelineOf, timelinessOf } from './application-timeline';
import { UNASSIGNED_DEPARTMENT, attributeFact, AttributionSources } from './fact-attribution';

const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);
const TZ = 'Asia/Shanghai';
const at = (date: string, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const e = (type: string, date: string, data: Record<string, unknown> = {}) => ({
  type,
  at: at(date),
  data: { applicationId: 'A-1', ...data },
});
const filed = e('ApplicationFiled.v1', '2020-11-02', {
  itemCode: 'ZA-1',
  department: '治安',
  statutoryDays: 20,
  disclosable: true,
});

describe('an application timeline', () => {
  it('starts the time limit at the first acceptance, not a later one', () => {
    const t = timelineOf('A-1', [
      filed,
      e('ApplicationAccepted.v1', '2020-11-02'),
      e('ApplicationAccepted.v1', '2020-11-20'),
    ]);
    expect(t.acceptance?.at).toBe(at('2020-11-02'));
    expect(deadlineOf(t, calendar, TZ)).toMatchObject({
      status: 'known',
      acceptedOn: '2020-11-02',
      deadline: '2020-11-30',
    });
  });

  it('lets the latest extension stand', () => {
    const t = timelineOf('A-1', [
      filed,
      e('ApplicationAccepted.v1', '2020-11-02'),
      e('TimeLimitExtended.v1', '2020-11-10', { days: 10 }),
      e('TimeLimitExtended.v1', '2020-11-11', { days: 3 }),
    ]);
    expect(deadlineOf(t, calendar, TZ)).toMatchObject({ status: 'known', extensionDays: 3, deadline: '2020-12-03' });
  });

  it('does not count working days while suspended, and has no deadline while a suspension is open', () => {
    const open = [filed, e('ApplicationAccepted.v1', '2020-11-02'), e('TimeLimitSuspended.v1', '2020-11-10')];
    expect(deadlineOf(timelineOf('A-1', open), calendar, TZ)).toMatchObject({
      status: 'suspended',
      suspendedSince: '2020-11-10',
    });
    const resumed = timelineOf('A-1', [
      ...open,
      e('TimeLimitResumed.v1', '2020-11-13'),
      e('TimeLimitResumed.v1', '2020-11-16'),
    ]);
    expect(resumed.suspensions).toEqual([{ from: at('2020-11-10'), to: at('2020-11-13') }]);
    expect(deadlineOf(resumed, calendar, TZ)).toMatchObject({
      status: 'known',
      suspendedWorkingDays: 3,
      deadline: '2020-12-03',
    });
  });

  it('keeps the first decision and has no deadline before acceptance', () => {
    const t = timelineOf('A-1', [
      filed,
      e('DecisionMade.v1', '2020-11-05', { outcome: 'granted' }),
      e('DecisionMade.v1', '2020-11-06', { outcome: 'denied' }),
    ]);
    expect(t.decision).toEqual({ at: at('2020-11-05'), outcome: 'granted' });
    expect(deadlineOf(t, calendar, TZ)).toBeNull();
    expect(timelinessOf(null, '2020-11-05')).toBe('unknown');
  });

  it('cannot tell a deadline without a statutory limit, nor with a malformed extension', () => {
    expect(deadlineOf(timelineOf('A-1', [e('ApplicationAccepted.v1', '2020-11-02')]), calendar, TZ)).toMatchObject({
      status: 'unavailable',
    });
    const malformed = timelineOf('A-1', [
      filed,
      e('ApplicationAccepted.v1', '2020-11-02'),
      e('TimeLimitExtended.v1', '2020-11-03', { days: 'ten' }),
    ]);
    expect(deadlineOf(malformed, calendar, TZ)).toMatchObject({ status: 'unavailable' });
  });

  it('takes a decision as corrected: the corrected date judges it, the correction itself is no fact', () => {
    const decided = { ...e('DecisionMade.v1', '2020-12-01', { outcome: 'granted' }), eventId: 'd-1' };
    const recorded = [filed, e('ApplicationAccepted.v1', '2020-11-02'), decided];
    const corrected = timelineOf('A-1', [
      ...recorded,
      e('FactCorrected.v1', '2021-01-05', {
        correctedEventId: 'd-1',
        correctedType: 'DecisionMade.v1',
        correctedAt: at('2020-11-27'),
        fields: { outcome: 'denied' },
      }),
    ]);
    expect(timelineOf('A-1', recorded).decision).toEqual({ at: at('2020-12-01'), outcome: 'granted' });
    expect(corrected.decision).toEqual({ at: at('2020-11-27'), outcome: 'denied' });
    const deadline = deadlineOf(corrected, calendar, TZ);
    expect(timelinessOf(deadline, '2020-12-01')).toBe('overdue');
    expect(timelinessOf(deadline, '2020-11-27')).toBe('on-time');
  });

  it('judges the deadline day itself on time and the next working day late', () => {
    const deadline = deadlineOf(timelineOf('A-1', [filed, e('ApplicationAccepted.v1', '2020-11-02')]), calendar, TZ);
    expect(timelinessOf(deadline, '2020-11-30')).toBe('on-time');
    expect(timelinessOf(deadline, '2020-12-01')).toBe('overdue');
  });
});

describe('attributing a supervision fact', () => {
  const sources: AttributionSources = {
    itemDepartmentAt: (code, atMs) =>
      code === 'ZA-1' ? (atMs < Date.parse('2021-01-01T00:00:00+08:00') ? '治安' : '交警') : undefined,
    application: (id) => (id === 'A-1' ? { department: '出入境', itemCode: 'CRJ-1' } : undefined),
    inspection: (id) =>
      id === 'I-1' ? { itemCode: 'ZA-1', atMs: Date.parse('2020-05-01T00:00:00+08:00') } : undefined,
  };
  const in2020 = Date.parse('2020-06-01T10:00:00+08:00');
  const in2021 = Date.parse('2021-06-01T10:00:00+08:00');

  it('takes its own department first', () => {
    expect(attributeFact({ department: '禁毒', itemCode: 'ZA-1', applicationId: 'A-1' }, in2020, sources)).toEqual({
      department: '禁毒',
      itemCode: 'ZA-1',
    });
  });

  it("then its item as the catalogue stood at the fact's time", () => {
    expect(attributeFact({ itemCode: 'ZA-1', applicationId: 'A-1' }, in2020, sources)).toEqual({
      department: '治安',
      itemCode: 'ZA-1',
    });
    expect(attributeFact({ itemCode: 'ZA-1' }, in2021, sources)).toEqual({ department: '交警', itemCode: 'ZA-1' });
  });

  it("then its application as filed, then its inspection at the inspection's time", () => {
    expect(attributeFact({ applicationId: 'A-1' }, in2021, sources)).toEqual({
      department: '出入境',
      itemCode: 'CRJ-1',
    });
    expect(attributeFact({ inspectionId: 'I-1' }, in2021, sources)).toEqual({ department: '治安', itemCode: 'ZA-1' });
  });

  it('else to the one unassigned label, with no item', () => {
    expect(attributeFact({ applicationId: 'ghost' }, in2020, sources)).toEqual({ department: UNASSIGNED_DEPARTMENT });
  });
});
