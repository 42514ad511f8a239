import { cliInvocation } from '../cli-invocation';
import type { ComplianceReport } from '@ledger/audit';
import { sortedFindings } from './compliance.command';
import { breakdownTable, calendarLine, cell, displayWidth, figuresTable } from './figures-table';
import { rejectionText } from './import.command';

describe('a rejected import line', () => {
  it('says its reason once: the field messages, not the detail that repeats them', () => {
    const text = rejectionText({
      line: 4,
      status: 400,
      code: 'INPUT.INVALID',
      reason: 'name should not be empty; statutoryDays must not be less than 1',
      fields: [
        { field: 'name', message: 'name should not be empty' },
        { field: 'statutoryDays', message: 'statutoryDays must not be less than 1' },
      ],
    });
    expect(text).toBe('400 INPUT.INVALID name should not be empty; statutoryDays must not be less than 1');
  });

  it('names a field its message does not name, and gives the detail when no field is to blame', () => {
    expect(
      rejectionText({
        line: 1,
        status: 400,
        code: 'INPUT.INVALID',
        reason: 'x',
        fields: [{ field: 'command', message: 'must name a command' }],
      }),
    ).toBe('400 INPUT.INVALID command: must name a command');
    expect(
      rejectionText({
        line: 2,
        status: 400,
        code: 'INPUT.NOT_JSON',
        reason: 'the request body is not valid JSON',
        fields: [{ field: '(body)', message: 'the request body is not valid JSON' }],
      }),
    ).toBe('400 INPUT.NOT_JSON the request body is not valid JSON');
    expect(
      rejectionText({
        line: 3,
        status: 422,
        code: 'DECISION.NOT_ACCEPTED',
        reason: 'the application is not accepted',
        fields: [],
      }),
    ).toBe('422 DECISION.NOT_ACCEPTED the application is not accepted');
  });
});

describe('the figures table', () => {
  const rate = (numerator: number, denominator: number, percent: number | null) => ({
    numerator,
    denominator,
    percent,
  });
  const document = {
    year: 2020,
    agency: 'jiangmen-psb',
    asOf: null,
    basedOn: { events: 12, lastPosition: '12' },
    items: {
      total: 102,
      fullyOnlineRate: rate(85, 102, 83.33),
      averageRequiredVisits: { total: 10, count: 102, value: 0.098 },
    },
    applications: { received: 410054 },
    disclosure: { disclosureRate: rate(0, 0, null) },
    indicators: [{ name: '公章刻制', value: 55122, unit: '枚', source: 's' }],
    previousYear: {
      year: 2019,
      items: { total: 101, fullyOnlineRate: rate(71, 101, 70.3) },
      applications: { received: 381927 },
      indicators: [{ name: '公章刻制', value: 49867, unit: '枚', source: 's' }],
    },
  };

  it('prints rates and averages with their fraction, in the report precision', () => {
    expect(cell(rate(85, 102, 83.33))).toBe('85/102 = 83.33%');
    expect(cell(rate(71, 101, 70.3))).toBe('71/101 = 70.30%');
    expect(cell(rate(4, 4, 100))).toBe('4/4 = 100%');
    expect(cell(rate(0, 0, null))).toBe('0/0');
    expect(cell({ total: 10, count: 102, value: 0.098 })).toBe('10/102 = 0.098');
  });

  it('gives one row per figure with this year and the year before, aligned for CJK labels', () => {
    const lines = figuresTable(document).split('\n');
    expect(lines[0]).toBe('jiangmen-psb 2020 (from 12 events, last position 12)');
    const row = (label: string) => lines.find((l) => l.startsWith(label))!;
    expect(row('行政许可事项').split(/\s{2,}/)).toEqual(['行政许可事项', '102', '101']);
    expect(row('全程网办率').split(/\s{2,}/)).toEqual(['全程网办率', '85/102 = 83.33%', '71/101 = 70.30%']);
    expect(row('收到申请').split(/\s{2,}/)).toEqual(['收到申请', '410054', '381927']);
    expect(row('公章刻制').split(/\s{2,}/)).toEqual(['公章刻制', '55122枚', '49867枚']);
    const widths = ['行政许可事项', '全程网办率', '收到申请'].map((label) => displayWidth(row(label)));
    expect(new Set(widths).size).toBe(1);
  });

  it('names the working-day calendar the deadlines were judged with, under the table', () => {
    const calendar: { year: number; version: number; recordedAt: string | null }[] = [2019, 2020, 2021, 2022].map(
      (year) => ({ year, version: 1, recordedAt: null }),
    );
    calendar.push({ year: 2023, version: 2, recordedAt: '2023-02-01T00:00:00.000Z' });
    const text = figuresTable({ ...document, basedOn: { ...document.basedOn, calendar } });
    expect(text.trimEnd().split('\n').pop()).toBe(
      'working-day calendar: 2019–2022 from the start; 2023 version 2 (recorded 2023-02-01T00:00:00.000Z)',
    );
    expect(figuresTable(document)).not.toContain('working-day calendar');
    expect(calendarLine([2019, 2021].map((year) => ({ year, version: 1, recordedAt: null })))).toBe(
      'working-day calendar: 2019, 2021 from the start',
    );
  });

  it('breaks down by department, one row each', () => {
    const text = breakdownTable(
      {
        year: 2020,
        agency: 'jiangmen-psb',
        asOf: null,
        departments: { 治安: { applications: { received: 5 }, decisions: { onTimeRate: rate(5, 5, 100) } } },
      },
      'departments',
    );
    expect(text).toContain('jiangmen-psb 2020 by departments');
    expect(text.split('\n').find((l) => l.startsWith('治安'))).toMatch(/^治安\s+5\s.*5\/5 = 100%/);
  });
});

describe('the command the CLI suggests', () => {
  it('is `npm run ledger --` in a checkout and `ledger` when installed', () => {
    expect(cliInvocation({ npmScript: 'demo' }, '/repo/apps/ledger-cli/src/main.ts')).toBe('npm run ledger --');
    expect(cliInvocation({}, '/repo/apps/ledger-cli/src/main.ts')).toBe('npm run ledger --');
    expect(cliInvocation({}, '/usr/local/bin/ledger')).toBe('ledger');
  });
});

describe('the compliance findings on a terminal', () => {
  const finding = (rule: string, applicationId?: string, complaintId?: string) =>
    ({
      rule,
      severity: 'warning',
      applicationId,
      complaintId,
      summary: '',
      details: {},
      events: [],
    }) as unknown as ComplianceReport['findings'][number];

  it('are sorted by rule, then by application or complaint, numbers in ids as numbers', () => {
    const sorted = sortedFindings([
      finding('DISCLOSURE.MISSING', 'jm-demo-2020-000010'),
      finding('COMPLAINT.UNRESOLVED', undefined, 'c-2'),
      finding('DISCLOSURE.MISSING', 'jm-demo-2020-9'),
      finding('DECISION.OVERDUE', 'b-1'),
      finding('DISCLOSURE.MISSING', 'jm-demo-2020-000002'),
    ]);
    expect(sorted.map((f) => `${f.rule} ${f.applicationId ?? f.complaintId}`)).toEqual([
      'DECISION.OVERDUE b-1',
      'DISCLOSURE.MISSING jm-demo-2020-000002',
      'DISCLOSURE.MISSING jm-demo-2020-9',
      'DISCLOSURE.MISSING jm-demo-2020-000010',
      'COMPLAINT.UNRESOLVED c-2',
    ]);
  });
});
