import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALENDAR_ERRORS, SHIPPED_CALENDAR_YEARS } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { CALENDAR_STREAM, CalendarStore } from './calendar.store';

/** A made-up 2027 (no notice is known yet): New Year's Day off, nothing else. */
const y2027 = (holidays = ['2027-01-01']) => ({
  region: 'CN',
  year: 2027,
  holidays,
  makeupWorkdays: [],
  source: 'hypothetical test arrangement',
});
const shipped2024 = SHIPPED_CALENDAR_YEARS.find((y) => y.year === 2024)!;

describe('CalendarStore', () => {
  let store: SqliteEventStore;
  let now = Date.parse('2026-12-02T02:00:00Z');
  let calendars: CalendarStore;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    now = Date.parse('2026-12-02T02:00:00Z');
    calendars = new CalendarStore(store, () => now, {});
  });
  afterEach(() => store.close());

  describe('when nothing was ever loaded', () => {
    it('holds the shipped years as version 1, recorded from the start, their notice as the source', async () => {
      const view = await calendars.view();
      expect(view.versions.map((v) => v.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
      expect(view.versions.find((v) => v.year === 2024)).toEqual({
        region: 'CN',
        year: 2024,
        version: 1,
        source: shipped2024.source,
        recordedAt: null,
      });
      expect(view.calendar.covers(2027)).toBe(false);
    });

    it('records nothing when a shipped year is loaded as shipped', async () => {
      expect(await calendars.load(shipped2024, undefined, 'operator', 'jm-psb')).toMatchObject({
        year: 2024,
        version: 1,
        unchanged: true,
        eventIds: [],
      });
      expect(await store.streamRevision(CALENDAR_STREAM)).toBeUndefined();
    });
  });

  it('records a missing year as version 1 with its source, and the same year again records nothing', async () => {
    const first = await calendars.load(y2027(), undefined, 'operator', 'jm-psb');
    expect(first).toMatchObject({
      streamId: 'calendar-all.CN',
      year: 2027,
      version: 1,
      supersedes: null,
      unchanged: false,
    });
    expect(first.eventIds).toHaveLength(1);
    expect(await calendars.load(y2027(), undefined, 'operator', 'jm-psb')).toMatchObject({
      version: 1,
      unchanged: true,
      eventIds: [],
    });
    expect(await store.streamRevision(CALENDAR_STREAM)).toBe(0);
    const [stored] = await toArray(store.readStream(CALENDAR_STREAM));
    expect(stored).toMatchObject({
      type: 'CalendarYearRecorded.v1',
      data: { year: 2027, version: 1, source: 'hypothetical test arrangement' },
      metadata: { actor: 'operator', agency: 'jm-psb', ledgerTime: '2026-12-02T02:00:00.000Z' },
    });
    expect((await calendars.view()).calendar.covers(2027)).toBe(true);
  });

  it('records a correction as a new version superseding the old, with its reason; asOf before it sees the old one', async () => {
    await calendars.load(y2027(), undefined, 'operator', 'jm-psb');
    now += 60_000;
    await expect(
      calendars.load(y2027(['2027-01-01', '2027-01-04']), undefined, 'operator', 'jm-psb'),
    ).rejects.toMatchObject({
      code: CALENDAR_ERRORS.CORRECTION_WITHOUT_REASON,
      field: 'reason',
    });
    const corrected = await calendars.load(y2027(['2027-01-01', '2027-01-04']), '通知更正', 'operator', 'jm-psb');
    expect(corrected).toMatchObject({ version: 2, supersedes: 1, unchanged: false });
    expect((await calendars.history()).current(2027)).toMatchObject({ version: 2, supersedes: 1, reason: '通知更正' });
    expect((await calendars.view()).calendar.isWorkingDay('2027-01-04')).toBe(false);
    const before = await calendars.view('2026-12-02T02:00:30.000Z');
    expect(before.calendar.isWorkingDay('2027-01-04')).toBe(true);
    expect(before.versions.find((v) => v.year === 2027)).toMatchObject({
      version: 1,
      recordedAt: '2026-12-02T02:00:00.000Z',
    });
    expect((await calendars.view('2026-12-02T01:00:00.000Z')).calendar.covers(2027)).toBe(false);
  });

  it('corrects a shipped year only with a reason, as version 2', async () => {
    const changed = { ...shipped2024, makeupWorkdays: shipped2024.makeupWorkdays.slice(1) };
    await expect(calendars.load(changed, '  ', 'operator', 'jm-psb')).rejects.toMatchObject({ field: 'reason' });
    expect(await calendars.load(changed, 'the notice was misread', 'operator', 'jm-psb')).toMatchObject({
      year: 2024,
      version: 2,
      supersedes: 1,
    });
  });

  it('refuses a malformed year or reason with the field and the rule, and records nothing', async () => {
    await expect(
      calendars.load({ ...y2027(), holidays: ['2027-13-01'] }, undefined, 'op', 'jm-psb'),
    ).rejects.toMatchObject({
      code: CALENDAR_ERRORS.INVALID_DATE,
      field: 'holidays[0]',
    });
    await expect(calendars.load({ ...y2027(), source: 'a\u0007b' }, undefined, 'op', 'jm-psb')).rejects.toMatchObject({
      field: 'source',
    });
    await expect(calendars.load(y2027(), 42, 'op', 'jm-psb')).rejects.toMatchObject({
      code: CALENDAR_ERRORS.INVALID_REASON,
      field: 'reason',
    });
    expect(await store.streamRevision(CALENDAR_STREAM)).toBeUndefined();
  });

  it('sees a year loaded by another process (the cache follows the stream)', async () => {
    expect((await calendars.view()).calendar.covers(2027)).toBe(false);
    await new CalendarStore(store, () => now, {}).load(y2027(), undefined, 'other', 'jm-psb');
    expect((await calendars.view()).calendar.covers(2027)).toBe(true);
  });

  it("counts LEDGER_CALENDAR_DIR's years as recorded from the start", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-dir-'));
    try {
      writeFileSync(join(dir, 'cn-2027.json'), JSON.stringify(y2027()));
      const view = await new CalendarStore(store, () => now, { calendarDir: dir }).view();
      expect(view.versions.find((v) => v.year === 2027)).toMatchObject({ version: 1, recordedAt: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('when next year is missing', () => {
    const at = (instant: string) => new CalendarStore(store, () => Date.parse(instant), {});

    it('warns from 1 November, Beijing time, and names the year and how to load it', async () => {
      expect(await at('2026-10-31T15:59:59Z').warning()).toBeNull();
      expect(await at('2026-10-31T16:00:00Z').warning()).toMatchObject({
        code: 'CALENDAR.NEXT_YEAR_MISSING',
        year: 2027,
        message: expect.stringContaining('ledger calendar load cn-2027.json'),
      });
    });

    it('stops warning once the year is recorded', async () => {
      const december = at('2026-12-02T02:00:00Z');
      await december.load(y2027(), undefined, 'operator', 'jm-psb');
      expect(await december.warning()).toBeNull();
    });
  });
});

async function toArray<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
