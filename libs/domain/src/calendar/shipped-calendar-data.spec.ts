import { LocalDate, addDays, weekdayOf } from '../shared/time';
import { validateCalendarYear } from './calendar-year';
import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
import { WorkingDayCalendar } from './working-day-calendar';

/**
 * The shipped JSON is checked against the notices as they are worded: each break as a date range
 * with the day count the notice states ("共N天"), and each make-up day with the weekday the notice
 * prints beside it ("2月2日（星期六）上班"). The JSON enumerates days; these tables only give
 * ranges, so a slip in either shows up as a mismatch.
 */
const SAT = 6;
const SUN = 0;
interface Notice {
  breaks: [first: LocalDate, last: LocalDate, days: number][];
  makeup: Record<LocalDate, number>;
  cites: string[];
}
const NOTICES: Record<number, Notice> = {
  2019: {
    breaks: [
      ['2019-01-01', '2019-01-01', 1], // 元旦 2018-12-30 至 2019-01-01 共3天; only 1 January is in 2019
      ['2019-02-04', '2019-02-10', 7], // 春节
      ['2019-04-05', '2019-04-07', 3], // 清明: 4月5日放假，与周末连休
      ['2019-05-01', '2019-05-04', 4], // 劳动节 as amended by 国办发明电〔2019〕3号
      ['2019-06-07', '2019-06-09', 3], // 端午: 与周末连休
      ['2019-09-13', '2019-09-15', 3], // 中秋: 与周末连休
      ['2019-10-01', '2019-10-07', 7], // 国庆
    ],
    makeup: { '2019-02-02': SAT, '2019-02-03': SUN, '2019-04-28': SUN, '2019-05-05': SUN, '2019-09-29': SUN, '2019-10-12': SAT },
    cites: ['国办发明电〔2018〕15号', '国办发明电〔2019〕3号'],
  },
  2020: {
    breaks: [
      ['2020-01-01', '2020-01-01', 1],
      ['2020-01-24', '2020-02-02', 10], // 1月24日至30日, extended to 2月2日 by 国办发明电〔2020〕1号
      ['2020-04-04', '2020-04-06', 3],
      ['2020-05-01', '2020-05-05', 5],
      ['2020-06-25', '2020-06-27', 3],
      ['2020-10-01', '2020-10-08', 8], // 国庆节、中秋节
    ],
    // 2月1日（星期六） is gone: it fell inside the extended break.
    makeup: { '2020-01-19': SUN, '2020-04-26': SUN, '2020-05-09': SAT, '2020-06-28': SUN, '2020-09-27': SUN, '2020-10-10': SAT },
    cites: ['国办发明电〔2019〕16号', '国办发明电〔2020〕1号'],
  },
  2021: {
    breaks: [
      ['2021-01-01', '2021-01-03', 3],
      ['2021-02-11', '2021-02-17', 7],
      ['2021-04-03', '2021-04-05', 3],
      ['2021-05-01', '2021-05-05', 5],
      ['2021-06-12', '2021-06-14', 3],
      ['2021-09-19', '2021-09-21', 3],
      ['2021-10-01', '2021-10-07', 7],
    ],
    makeup: { '2021-02-07': SUN, '2021-02-20': SAT, '2021-04-25': SUN, '2021-05-08': SAT, '2021-09-18': SAT, '2021-09-26': SUN, '2021-10-09': SAT },
    cites: ['国办发明电〔2020〕27号'],
  },
};

function daysOf(first: LocalDate, last: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

describe('when the shipped mainland-China calendar files are read', () => {
  it('ships exactly 2019, 2020 and 2021 for region CN', () => {
    expect(SHIPPED_CALENDAR_YEARS.map((y) => [y.region, y.year])).toEqual([['CN', 2019], ['CN', 2020], ['CN', 2021]]);
  });

  describe.each(Object.entries(NOTICES))('for %s', (yearText, notice) => {
    const year = Number(yearText);
    const shipped = SHIPPED_CALENDAR_YEARS.find((y) => y.year === year)!;

    it('passes validation: every date is real and inside the year, none both holiday and make-up', () => {
      expect(() => validateCalendarYear(shipped)).not.toThrow();
    });

    it('lists as holidays exactly the days of the notice breaks, each break as long as the notice says', () => {
      for (const [first, last, days] of notice.breaks) expect(daysOf(first, last)).toHaveLength(days);
      const expected = notice.breaks.flatMap(([first, last]) => daysOf(first, last));
      expect([...shipped.holidays].sort()).toEqual(expected.sort());
    });

    it('lists as make-up days exactly those of the notice, each on the weekday the notice prints', () => {
      expect([...shipped.makeupWorkdays].sort()).toEqual(Object.keys(notice.makeup).sort());
      for (const [date, weekday] of Object.entries(notice.makeup)) expect([date, weekdayOf(date)]).toEqual([date, weekday]);
    });

    it('cites the notices it comes from', () => {
      for (const cite of notice.cites) expect(shipped.source).toContain(cite);
    });
  });

  it('gives the working-day totals worked out by hand from the notices', () => {
    const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);
    // 1 January is a holiday every year, so counting after it up to 31 December counts the whole year.
    // 2019 starts on a Tuesday, 365 days → 261 weekdays. Weekday holidays: 1 Jan, 4–8 Feb (5), 5 Apr,
    // 1–3 May (3), 7 Jun, 13 Sep, 1–4 and 7 Oct (5) = 17. Make-ups: 6. 261 − 17 + 6 = 250.
    expect(calendar.workingDaysBetween('2019-01-01', '2019-12-31')).toBe(250);
    // 2020 starts on a Wednesday, 366 days → 262 weekdays. Weekday holidays: 1 Jan, 24 and 27–31 Jan (6),
    // 6 Apr, 1 and 4–5 May (3), 25–26 Jun (2), 1–2 and 5–8 Oct (6) = 19. Make-ups: 6. 262 − 19 + 6 = 249
    // (the 251 of the original notice, less Friday 31 Jan and Saturday 1 Feb taken by the extension).
    expect(calendar.workingDaysBetween('2020-01-01', '2020-12-31')).toBe(249);
    // 2021 starts on a Friday, 365 days → 261 weekdays. Weekday holidays: 1 Jan, 11–12 and 15–17 Feb (5),
    // 5 Apr, 3–5 May (3), 14 Jun, 20–21 Sep (2), 1 and 4–7 Oct (5) = 18. Make-ups: 7. 261 − 18 + 7 = 250.
    expect(calendar.workingDaysBetween('2021-01-01', '2021-12-31')).toBe(250);
  });
});
