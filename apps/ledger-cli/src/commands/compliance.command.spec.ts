import { SHIPPED_CALENDAR_YEARS, WorkingDayCalendar } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { CalendarStore, loadLedgerConfig } from '@ledger/ledger';
import { ComplianceService, checkCompliance } from '@ledger/audit';
import { ComplianceCommand } from './compliance.command';

/** `ledger compliance` on an empty ledger, its business clock at `now`: what it prints. */
async function run(now: string, json: boolean, load2027 = false) {
  const store = new SqliteEventStore(':memory:');
  const config = loadLedgerConfig({ LEDGER_AGENCY: 'jm-psb' });
  const calendars = new CalendarStore(store, () => Date.parse(now), config);
  if (load2027)
    await calendars.load(
      {
        region: 'CN',
        year: 2027,
        holidays: ['2027-01-01'],
        makeupWorkdays: [],
        source: 'hypothetical test arrangement',
      },
      undefined,
      'operator',
      'jm-psb',
    );
  const report = checkCompliance(
    { agency: 'jm-psb', year: 2026, calendar: new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS), now: Date.parse(now) },
    [],
  );
  const compliance = { check: async () => report } as unknown as ComplianceService;
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  try {
    await new ComplianceCommand(compliance, config, calendars).run(['2026'], { json });
  } finally {
    log.mockRestore();
    error.mockRestore();
    await store.close();
  }
  return { stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('ledger compliance and the calendar of next year', () => {
  it('prints first, from 1 November, that next year is missing and how to load it', async () => {
    const { stdout, stderr } = await run('2026-11-01T08:00:00+08:00', false);
    expect(stdout.split('\n')[0]).toBe(
      'warning: the working-day calendar for 2027 is not loaded: deadlines that run into 2027 cannot be computed; ' +
        'load it with `ledger calendar load cn-2027.json` once the State Council notice is published',
    );
    expect(stdout).toContain('Compliance checks 2026');
    expect(stderr).toBe('');
  });

  it('keeps the JSON on stdout the report and says it on stderr', async () => {
    const { stdout, stderr } = await run('2026-12-02T08:00:00+08:00', true);
    expect(JSON.parse(stdout)).toMatchObject({ year: 2026, agency: 'jm-psb' });
    expect(stderr).toContain('ledger compliance: warning: the working-day calendar for 2027 is not loaded');
  });

  it('says nothing before 1 November, nor once the year is loaded', async () => {
    expect(await run('2026-10-31T23:00:00+08:00', false)).toMatchObject({
      stdout: expect.stringMatching(/^Compliance checks 2026/),
    });
    const loaded = await run('2026-12-02T08:00:00+08:00', false, true);
    expect(loaded.stdout).toMatch(/^Compliance checks 2026/);
    expect(loaded.stdout).not.toContain('not loaded');
  });
});
