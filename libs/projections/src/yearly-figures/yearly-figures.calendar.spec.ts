import {
  CALENDAR_YEAR_RECORDED,
  CalendarHistory,
  CalendarYearRecorded,
  LedgerEvent,
  Recorded,
  calendarVersionOf,
  decideCalendarYear,
} from '@ledger/domain';
import { AGENCY, LedgerEvents, calendar as fixedCalendar } from './testing/ledger-events';
import { YearlyFiguresAccumulator } from './yearly-figures.accumulator';

const bj = (local: string) => `${local}+08:00`;

/** A made-up 2027 (no notice is known yet): New Year's Day off, and 4 January in the first version. */
const y2027 = (holidays: string[]) => ({
  region: 'CN',
  year: 2027,
  holidays,
  makeupWorkdays: [],
  source: 'hypothetical test arrangement',
});

/** A calendar event as the store hands it to the figures (no licensing fact, so not in LedgerEvent). */
function calendarEvent(data: CalendarYearRecorded['data'], ledgerTime: string, position: string) {
  return {
    type: CALENDAR_YEAR_RECORDED,
    data,
    at: ledgerTime,
    metadata: {
      agency: AGENCY,
      actor: 'operator',
      businessTime: ledgerTime,
      ledgerTime,
      correlationId: `c-${position}`,
      causationId: `c-${position}`,
    },
    streamId: 'calendar-all.CN',
    revision: 0,
    eventId: `calendar-${position}`,
    position,
  };
}

// 20 working days from Thursday 2026-12-10: 15 are left in December, so the deadline is the 5th
// working day of 2027 — 11 January when 4 January is off (version 1), 8 January when it is not (version 2).
const [first] = decideCalendarYear({ definition: y2027(['2027-01-01', '2027-01-04']) }, new CalendarHistory(), 0);
const firstEvent = calendarEvent(first.data, '2026-12-20T00:00:00.000Z', '100');
const [correction] = decideCalendarYear(
  { definition: y2027(['2027-01-01']), reason: '4 January is a working day' },
  new CalendarHistory().with(calendarVersionOf(first, '2026-12-20T00:00:00.000Z')),
  0,
);
const correctionEvent = calendarEvent(correction.data, '2027-01-05T00:00:00.000Z', '101');

function decisions(): Recorded<LedgerEvent>[] {
  const ledger = new LedgerEvents();
  ledger.file('a1', bj('2026-12-10T09:00:00'));
  ledger.accept('a1', bj('2026-12-10T10:00:00'));
  ledger.grant('a1', bj('2027-01-11T10:00:00'));
  // Provably on time whatever 2027 holds: decided before 20 working days had passed.
  ledger.file('a2', bj('2026-12-10T09:00:00'));
  ledger.accept('a2', bj('2026-12-10T10:00:00'));
  ledger.grant('a2', bj('2026-12-30T10:00:00'));
  return ledger.events;
}

const decisionsOf = (state: YearlyFiguresAccumulator, year: number) => {
  const { onTime, overdue, deadlineUnknown } = state.figures(AGENCY, year).decisions;
  return { onTime, overdue, deadlineUnknown };
};
const calendarOf = (state: YearlyFiguresAccumulator) =>
  state.figures(AGENCY, 2027).basedOn.calendar?.find((v) => v.year === 2027);

function accumulate(...events: Array<Recorded<LedgerEvent> | ReturnType<typeof calendarEvent>>) {
  const state = new YearlyFiguresAccumulator({ calendar: new CalendarHistory() });
  for (const event of events)
    if (event.type === CALENDAR_YEAR_RECORDED) state.applyOther(event as ReturnType<typeof calendarEvent>);
    else state.apply(event as Recorded<LedgerEvent>);
  return state;
}

describe('when the deadline runs into a year the calendar lacks', () => {
  it('leaves the decision undetermined, and basedOn names the shipped versions only', () => {
    const state = accumulate(...decisions());
    expect(decisionsOf(state, 2027)).toEqual({ onTime: 0, overdue: 0, deadlineUnknown: 1 });
    expect(decisionsOf(state, 2026)).toEqual({ onTime: 1, overdue: 0, deadlineUnknown: 0 });
    expect(state.figures(AGENCY, 2027).basedOn.calendar?.map((v) => v.year)).toEqual([
      2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026,
    ]);
    expect(calendarOf(state)).toBeUndefined();
  });

  it('judges it once the year is recorded, even though the decision came first, and names the version', () => {
    const state = accumulate(...decisions(), firstEvent);
    expect(decisionsOf(state, 2027)).toEqual({ onTime: 1, overdue: 0, deadlineUnknown: 0 });
    expect(state.figures(AGENCY, 2027).decisions.onTimeRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(calendarOf(state)).toEqual({
      region: 'CN',
      year: 2027,
      version: 1,
      source: 'hypothetical test arrangement',
      recordedAt: '2026-12-20T00:00:00.000Z',
    });
    // The department and item breakdowns move with the total.
    expect(state.departments(AGENCY, 2027)['治安'].decisions).toMatchObject({ onTime: 1, deadlineUnknown: 0 });
    expect(state.items(AGENCY, 2027)['ZA-001'].decisions).toMatchObject({ onTime: 1, deadlineUnknown: 0 });
  });

  it('judges it again after a correction, and the figures before the correction stay as they stood', () => {
    const corrected = accumulate(...decisions(), firstEvent, correctionEvent);
    expect(decisionsOf(corrected, 2027)).toEqual({ onTime: 0, overdue: 1, deadlineUnknown: 0 });
    expect(calendarOf(corrected)).toMatchObject({ version: 2 });
    // What a replay as of an instant before the correction applies: the events recorded by then.
    expect(decisionsOf(accumulate(...decisions(), firstEvent), 2027)).toEqual({
      onTime: 1,
      overdue: 0,
      deadlineUnknown: 0,
    });
  });

  it('gives the same figures whether the calendar was recorded before or after the decisions', () => {
    const after = accumulate(...decisions(), firstEvent, correctionEvent);
    const before = accumulate(firstEvent, correctionEvent, ...decisions());
    const between = accumulate(firstEvent, ...decisions(), correctionEvent);
    for (const state of [before, between]) {
      expect(state.figures(AGENCY, 2027)).toEqual(after.figures(AGENCY, 2027));
      expect(state.departments(AGENCY, 2027)).toEqual(after.departments(AGENCY, 2027));
    }
  });

  it('keeps the calendar and the judgements through a snapshot', () => {
    const state = accumulate(...decisions(), firstEvent);
    const restored = YearlyFiguresAccumulator.restore(JSON.parse(JSON.stringify(state.snapshot())), {
      calendar: new CalendarHistory(),
    });
    expect(restored.figures(AGENCY, 2027)).toEqual(state.figures(AGENCY, 2027));
    // The restored state judges again on the next correction exactly as the one that never stopped.
    expect(restored.applyOther(correctionEvent)).toBe(true);
    state.applyOther(correctionEvent);
    expect(restored.figures(AGENCY, 2027)).toEqual(state.figures(AGENCY, 2027));
    expect(decisionsOf(restored, 2027)).toEqual({ onTime: 0, overdue: 1, deadlineUnknown: 0 });
  });

  it('ignores the calendar events when counting with a fixed calendar, and names no versions', () => {
    const state = new YearlyFiguresAccumulator({ calendar: fixedCalendar });
    for (const event of decisions()) state.apply(event);
    expect(state.applyOther(firstEvent)).toBe(false);
    expect(decisionsOf(state, 2027)).toEqual({ onTime: 0, overdue: 0, deadlineUnknown: 1 });
    expect(state.figures(AGENCY, 2027).basedOn.calendar).toBeUndefined();
  });

  it('ignores a calendar event the rules would have refused', () => {
    const state = accumulate(...decisions());
    const broken = calendarEvent({ ...first.data, holidays: ['2027-02-30'] }, '2026-12-20T00:00:00.000Z', '100');
    expect(state.applyOther(broken)).toBe(false);
    expect(decisionsOf(state, 2027)).toEqual({ onTime: 0, overdue: 0, deadlineUnknown: 1 });
  });
});
