import { SHIPPED_CALENDAR_YEARS } from './shipped-calendar-years';
import { computeStatutoryDeadline, isOnTime } from './statutory-deadline';
import { WorkingDayCalendar } from './working-day-calendar';

/*
 * Deadlines worked out by hand from the notices (../shared/calendar-notices.md), each across a
 * long break and its make-up days. "n" below is the n-th working day after acceptance; the
 * 20-day limit of 《行政许可法》第四十二条 unless stated.
 */
const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);
const deadlineAfter = (acceptedOn: string, limitDays = 20) =>
  computeStatutoryDeadline({ acceptedOn, limitDays, extensionDays: 0, suspensions: [] }, calendar);

describe.each([
  // Sat 29 and Sun 30 Jan (make-up) = 1–2; 31 Jan–6 Feb off; 7–11 Feb = 3–7, 14–18 = 8–12, 21–25 = 13–17, 28 Feb = 18, 1 Mar = 19, 2 Mar = 20.
  ['2022 Spring Festival', '2022-01-28', '2022-03-02'],
  // 1–7 Oct off; Sat 8 and Sun 9 Oct (make-up) = 1–2; 10–14 = 3–7, 17–21 = 8–12, 24–28 = 13–17, 31 Oct = 18, 1 Nov = 19, 2 Nov = 20.
  ['2022 National Day', '2022-09-30', '2022-11-02'],
  // 31 Dec 2022–2 Jan 2023 off; 3–6 Jan = 1–4, 9–13 = 5–9, 16–20 = 10–14; 21–27 Jan off; Sat 28, Sun 29 (make-up) = 15–16, 30 Jan–2 Feb = 17–20.
  ['New Year 2023 and the Spring Festival after it', '2022-12-30', '2023-02-02'],
  // 21–27 Jan off; Sat 28, Sun 29 (make-up) = 1–2; 30 Jan–3 Feb = 3–7, 6–10 = 8–12, 13–17 = 13–17, 20–22 Feb = 18–20.
  ['2023 Spring Festival', '2023-01-20', '2023-02-22'],
  // 29 Sep–6 Oct off; Sat 7, Sun 8 Oct (make-up) = 1–2; 9–13 = 3–7, 16–20 = 8–12, 23–27 = 13–17, 30–31 Oct = 18–19, 1 Nov = 20.
  ['2023 Mid-Autumn and National Day', '2023-09-28', '2023-11-01'],
  // Sun 4 Feb (make-up) = 1; 5–8 Feb = 2–5; Fri 9 Feb (除夕, only encouraged as rest) = 6; 10–17 Feb off; Sun 18 Feb (make-up) = 7;
  // 19–23 = 8–12, 26 Feb–1 Mar = 13–17, 4–6 Mar = 18–20.
  ['2024 Spring Festival with two Sunday make-up days', '2024-02-02', '2024-03-06'],
  // Sun 29 Sep (make-up) = 1, 30 Sep = 2; 1–7 Oct off; 8–11 Oct = 3–6, Sat 12 Oct (make-up) = 7; 14–18 = 8–12, 21–25 = 13–17, 28–30 = 18–20.
  ['2024 National Day with a Sunday make-up day', '2024-09-27', '2024-10-30'],
  // 7–10 Jan = 1–4, 13–17 = 5–9, 20–24 = 10–14, Sun 26 Jan (make-up) = 15, 27 Jan = 16; 28 Jan–4 Feb off; 5–7 Feb = 17–19, Sat 8 Feb (make-up) = 20.
  ['2025 Spring Festival, due on the make-up Saturday 8 February', '2025-01-06', '2025-02-08'],
  // Sun 28 Sep (make-up) = 1, 29–30 Sep = 2–3; 1–8 Oct off; 9–10 Oct = 4–5, Sat 11 Oct (make-up) = 6; 13–17 = 7–11, 20–24 = 12–16, 27–30 = 17–20.
  ['2025 National Day and Mid-Autumn', '2025-09-26', '2025-10-30'],
  // Sat 14 Feb (make-up) = 1; 15–23 Feb off; 24–27 Feb = 2–5, Sat 28 Feb (make-up) = 6; 2–6 Mar = 7–11, 9–13 = 12–16, 16–19 = 17–20.
  ['2026 Spring Festival, nine days with two make-up Saturdays', '2026-02-13', '2026-03-19'],
  // 1–7 Oct off; 8–9 Oct = 1–2, Sat 10 Oct (make-up) = 3; 12–16 = 4–8, 19–23 = 9–13, 26–30 = 14–18, 2–3 Nov = 19–20.
  ['2026 National Day', '2026-09-30', '2026-11-03'],
])('when an application is accepted just before the %s break', (_break, acceptedOn, due) => {
  it(`is due on ${due}`, () => {
    expect(deadlineAfter(acceptedOn)).toEqual({ status: 'known', deadline: due, suspendedWorkingDays: 0 });
  });
});

describe('when a deadline falls on the make-up Saturday 2025-02-08', () => {
  it('treats the Saturday as the last day allowed: decided that day is on time, the next working day is late', () => {
    const { deadline } = deadlineAfter('2025-01-06');
    expect(deadline).toBe('2025-02-08');
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
    expect(isOnTime('2025-02-08', deadline!)).toBe(true);
    expect(isOnTime('2025-02-10', deadline!)).toBe(false);
  });

  it('counts the Saturday as one working day: a 1-day limit from Friday 7 February is met on it', () => {
    expect(deadlineAfter('2025-02-07', 1).deadline).toBe('2025-02-08');
  });
});

describe('when a Sunday is a make-up working day (2024)', () => {
  it.each(['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-09-29'])(
    'counts Sunday %s as a working day',
    (sunday) => {
      expect(new Date(`${sunday}T00:00:00Z`).getUTCDay()).toBe(0);
      expect(calendar.isWorkingDay(sunday)).toBe(true);
    },
  );

  it('keeps 除夕 2024-02-09, which the notice only encourages as rest, a working day', () => {
    expect(calendar.isWorkingDay('2024-02-09')).toBe(true);
  });
});
