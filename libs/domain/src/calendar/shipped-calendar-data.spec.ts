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
    makeup: {
      '2019-02-02': SAT,
      '2019-02-03': SUN,
      '2019-04-28': SUN,
      '2019-05-05': SUN,
      '2019-09-29': SUN,
      '2019-10-12': SAT,
    },
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
    makeup: {
      '2020-01-19': SUN,
      '2020-04-26': SUN,
      '2020-05-09': SAT,
      '2020-06-28': SUN,
      '2020-09-27': SUN,
      '2020-10-10': SAT,
    },
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
    makeup: {
      '2021-02-07': SUN,
      '2021-02-20': SAT,
      '2021-04-25': SUN,
      '2021-05-08': SAT,
      '2021-09-18': SAT,
      '2021-09-26': SUN,
      '2021-10-09': SAT,
    },
    cites: ['国办发明电〔2020〕27号'],
  },
  2022: {
    breaks: [
      ['2022-01-01', '2022-01-03', 3], // 元旦
      ['2022-01-31', '2022-02-06', 7], // 春节
      ['2022-04-03', '2022-04-05', 3], // 清明
      ['2022-04-30', '2022-05-04', 5], // 劳动节
      ['2022-06-03', '2022-06-05', 3], // 端午
      ['2022-09-10', '2022-09-12', 3], // 中秋
      ['2022-10-01', '2022-10-07', 7], // 国庆
      ['2022-12-31', '2022-12-31', 1], // 2023 元旦 2022-12-31 至 2023-01-02 共3天; only 31 December is in 2022
    ],
    makeup: {
      '2022-01-29': SAT,
      '2022-01-30': SUN,
      '2022-04-02': SAT,
      '2022-04-24': SUN,
      '2022-05-07': SAT,
      '2022-10-08': SAT,
      '2022-10-09': SUN,
    },
    cites: ['国办发明电〔2021〕11号', '国办发明电〔2022〕16号'],
  },
  2023: {
    breaks: [
      ['2023-01-01', '2023-01-02', 2], // 元旦 2022-12-31 至 2023-01-02 共3天; 1–2 January are in 2023
      ['2023-01-21', '2023-01-27', 7], // 春节
      ['2023-04-05', '2023-04-05', 1], // 清明
      ['2023-04-29', '2023-05-03', 5], // 劳动节
      ['2023-06-22', '2023-06-24', 3], // 端午
      ['2023-09-29', '2023-10-06', 8], // 中秋节、国庆节
    ],
    makeup: {
      '2023-01-28': SAT,
      '2023-01-29': SUN,
      '2023-04-23': SUN,
      '2023-05-06': SAT,
      '2023-06-25': SUN,
      '2023-10-07': SAT,
      '2023-10-08': SUN,
    },
    cites: ['国办发明电〔2022〕16号'],
  },
  2024: {
    breaks: [
      ['2024-01-01', '2024-01-01', 1], // 元旦
      ['2024-02-10', '2024-02-17', 8], // 春节; 除夕 9 February is only encouraged as rest, so a working day
      ['2024-04-04', '2024-04-06', 3], // 清明
      ['2024-05-01', '2024-05-05', 5], // 劳动节
      ['2024-06-10', '2024-06-10', 1], // 端午: 6月10日放假，与周末连休
      ['2024-09-15', '2024-09-17', 3], // 中秋
      ['2024-10-01', '2024-10-07', 7], // 国庆
    ],
    // Four of the eight make-up days are Sundays.
    makeup: {
      '2024-02-04': SUN,
      '2024-02-18': SUN,
      '2024-04-07': SUN,
      '2024-04-28': SUN,
      '2024-05-11': SAT,
      '2024-09-14': SAT,
      '2024-09-29': SUN,
      '2024-10-12': SAT,
    },
    cites: ['国办发明电〔2023〕7号'],
  },
  2025: {
    breaks: [
      ['2025-01-01', '2025-01-01', 1], // 元旦
      ['2025-01-28', '2025-02-04', 8], // 春节, a day longer since the 2024 revision of 《全国年节及纪念日放假办法》
      ['2025-04-04', '2025-04-06', 3], // 清明
      ['2025-05-01', '2025-05-05', 5], // 劳动节
      ['2025-05-31', '2025-06-02', 3], // 端午
      ['2025-10-01', '2025-10-08', 8], // 国庆节、中秋节
    ],
    makeup: { '2025-01-26': SUN, '2025-02-08': SAT, '2025-04-27': SUN, '2025-09-28': SUN, '2025-10-11': SAT },
    cites: ['国办发明电〔2024〕12号'],
  },
  2026: {
    breaks: [
      ['2026-01-01', '2026-01-03', 3], // 元旦
      ['2026-02-15', '2026-02-23', 9], // 春节
      ['2026-04-04', '2026-04-06', 3], // 清明
      ['2026-05-01', '2026-05-05', 5], // 劳动节
      ['2026-06-19', '2026-06-21', 3], // 端午
      ['2026-09-25', '2026-09-27', 3], // 中秋
      ['2026-10-01', '2026-10-07', 7], // 国庆
    ],
    makeup: {
      '2026-01-04': SUN,
      '2026-02-14': SAT,
      '2026-02-28': SAT,
      '2026-05-09': SAT,
      '2026-09-20': SUN,
      '2026-10-10': SAT,
    },
    cites: ['国务院办公厅关于2026年部分节假日安排的通知'],
  },
};

function daysOf(first: LocalDate, last: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

describe('when the shipped mainland-China calendar files are read', () => {
  it('ships exactly 2019 to 2026 for region CN', () => {
    expect(SHIPPED_CALENDAR_YEARS.map((y) => [y.region, y.year])).toEqual(
      [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].map((year) => ['CN', year]),
    );
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
      for (const [date, weekday] of Object.entries(notice.makeup))
        expect([date, weekdayOf(date)]).toEqual([date, weekday]);
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
    // 2022 starts on a Saturday, 365 days → 260 weekdays. Weekday holidays: 3 Jan, 31 Jan–4 Feb (5), 4–5 Apr (2),
    // 2–4 May (3), 3 Jun, 12 Sep, 3–7 Oct (5) = 18. Make-ups: 7. 260 − 18 + 7 = 249.
    expect(calendar.workingDaysBetween('2022-01-01', '2022-12-31')).toBe(249);
    // 2023 starts on a Sunday, 365 days → 260 weekdays. Weekday holidays: 2 Jan, 23–27 Jan (5), 5 Apr, 1–3 May (3),
    // 22–23 Jun (2), 29 Sep, 2–6 Oct (5) = 18. Make-ups: 7. 260 − 18 + 7 = 249.
    expect(calendar.workingDaysBetween('2023-01-01', '2023-12-31')).toBe(249);
    // 2024 starts on a Monday, 366 days → 262 weekdays. Weekday holidays: 1 Jan, 12–16 Feb (5), 4–5 Apr (2), 1–3 May (3),
    // 10 Jun, 16–17 Sep (2), 1–4 and 7 Oct (5) = 19. Make-ups: 8. 262 − 19 + 8 = 251.
    expect(calendar.workingDaysBetween('2024-01-01', '2024-12-31')).toBe(251);
    // 2025 starts on a Wednesday, 365 days → 261 weekdays. Weekday holidays: 1 Jan, 28–31 Jan and 3–4 Feb (6), 4 Apr,
    // 1–2 and 5 May (3), 2 Jun, 1–3 and 6–8 Oct (6) = 18. Make-ups: 5. 261 − 18 + 5 = 248.
    expect(calendar.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(248);
    // 2026 starts on a Thursday, 365 days → 261 weekdays. Weekday holidays: 1–2 Jan (2), 16–20 and 23 Feb (6), 6 Apr,
    // 1, 4–5 May (3), 19 Jun, 25 Sep, 1–2 and 5–7 Oct (5) = 19. Make-ups: 6. 261 − 19 + 6 = 248.
    expect(calendar.workingDaysBetween('2026-01-01', '2026-12-31')).toBe(248);
  });
});
