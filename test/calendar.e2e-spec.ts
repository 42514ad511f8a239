import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { startApi, TestApi } from './fixtures/e2e-api';
import { runCli, useTemporaryDirectory } from './fixtures/ledger-cli';

/** A made-up 2027 (no notice is known yet): New Year's Day off, nothing else. */
const y2027 = (holidays = ['2027-01-01']) => ({
  region: 'CN',
  year: 2027,
  holidays,
  makeupWorkdays: [],
  source: 'hypothetical test arrangement',
});

describe('the working-day calendar as ledger data, over HTTP', () => {
  let api: TestApi;
  const put = (year: string, body: object) => request(api.server).put(`/v1/admin/calendar/${year}`).send(body);
  const get = (url: string) => request(api.server).get(url);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-02T10:00:00+08:00' });
  });
  afterAll(() => api?.close());

  it('lists the shipped years as version 1, recorded from the start', async () => {
    const res = await get('/v1/calendar').expect(200);
    expect(res.body.asOf).toBeNull();
    expect(res.body.versions.map((v: { year: number }) => v.year)).toEqual([
      2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026,
    ]);
    expect(res.body.versions[5]).toMatchObject({ year: 2024, version: 1, recordedAt: null });
    expect(res.body.versions[5].source).toContain('国办发明电〔2023〕7号');
  });

  it('records a missing year with its source on the calendar stream; the same year again records nothing', async () => {
    const first = await put('2027', y2027()).expect(200);
    expect(first.body).toMatchObject({ streamId: 'calendar-all.CN', year: 2027, version: 1, unchanged: false });
    const [event] = await api.streamEvents('calendar-all.CN');
    expect(event).toMatchObject({ type: 'CalendarYearRecorded.v1', data: { source: 'hypothetical test arrangement' } });
    const again = await put('2027', y2027()).expect(200);
    expect(again.body).toMatchObject({ version: 1, unchanged: true, eventIds: [] });
    expect(await api.streamEvents('calendar-all.CN')).toHaveLength(1);
  });

  it('refuses a correction without a reason, naming the field and the rule', async () => {
    const res = await put('2027', y2027(['2027-01-01', '2027-01-04'])).expect(400);
    expect(res.body).toMatchObject({
      code: 'CALENDAR.CORRECTION_WITHOUT_REASON',
      errors: [{ field: 'reason' }],
    });
  });

  it('records a correction with its reason as a new version superseding the old', async () => {
    const res = await put('2027', { ...y2027(['2027-01-01', '2027-01-04']), reason: '通知更正' }).expect(200);
    expect(res.body).toMatchObject({ version: 2, supersedes: 1, unchanged: false });
    const year = await get('/v1/calendar/2027').expect(200);
    expect(year.body.standing).toMatchObject({ version: 2, supersedes: 1, reason: '通知更正' });
    expect(year.body.standing.holidays).toEqual(['2027-01-01', '2027-01-04']);
    expect(year.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it.each([
    ['a malformed date', '2027', { ...y2027(['2027-02-30']) }, 'CALENDAR.INVALID_DATE', 'holidays[0]'],
    ['a body year other than the path year', '2027', { ...y2027(), year: 2028 }, 'CALENDAR.YEAR_MISMATCH', 'year'],
    ['a path that is no year', '27', y2027(), 'CALENDAR.MALFORMED_YEAR', 'year'],
    [
      'a make-up day on a weekday',
      '2027',
      { ...y2027(), makeupWorkdays: ['2027-01-05'] },
      'CALENDAR.MAKEUP_NOT_ON_WEEKEND',
      'makeupWorkdays',
    ],
    ['no source', '2027', { ...y2027(), source: '' }, 'CALENDAR.MALFORMED_YEAR', 'source'],
  ])('refuses %s with 400 problem details', async (_what, year, body, code, field) => {
    const res = await put(year, body).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code, errors: [{ field }] });
  });

  it('shows the calendar as the ledger held it at an earlier instant', async () => {
    const before = await get('/v1/calendar?asOf=2026-12-01T00:00:00Z').expect(200);
    expect(before.body.versions.map((v: { year: number }) => v.year)).not.toContain(2027);
    await get('/v1/calendar?asOf=yesterday').expect(400);
    await get('/v1/calendar/2031').expect(404);
  });
});

describe('ledger calendar load and show', () => {
  const dir = useTemporaryDirectory('calendar-cli-');

  it('records a year from a file, refuses a correction without --reason with a non-zero exit, and shows the versions', async () => {
    const file = join(dir(), 'cn-2027.json');
    writeFileSync(file, JSON.stringify(y2027()));
    const data = join(dir(), 'data');
    const loaded = await runCli(data, ['calendar', 'load', file]);
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout).toContain('calendar 2027 version 1 recorded on calendar-all.CN');
    expect((await runCli(data, ['calendar', 'load', file])).stdout).toContain('unchanged (version 1');

    writeFileSync(file, JSON.stringify(y2027(['2027-01-01', '2027-01-04'])));
    const refused = await runCli(data, ['calendar', 'load', file]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('a correction must give its reason');
    const corrected = await runCli(data, ['calendar', 'load', file, '--reason', '通知更正']);
    expect(corrected.stdout).toContain('calendar 2027 version 2 recorded on calendar-all.CN, superseding version 1');

    const shown = await runCli(data, ['calendar', 'show', '2027']);
    expect(shown.stdout).toContain('calendar 2027 version 2');
    expect(shown.stdout).toContain('holidays: 2027-01-01 2027-01-04');
    expect(shown.stdout).toMatch(/2 {2}recorded .* {2}supersedes 1: 通知更正/);
    const all = await runCli(data, ['calendar', 'show']);
    expect(all.stdout).toMatch(/2024 {2}version 1 {2}shipped {2}国务院办公厅关于2024年/);
    expect(all.stdout).toMatch(/2027 {2}version 2 {2}recorded/);
    // Six CLI processes, each compiling the CLI on start: well over the default on a busy machine.
  }, 180_000);
});

describe('loading a year into a running API', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let directory: string;
  let now = Date.parse('2027-01-20T02:00:00Z');
  const server = () => app.getHttpServer();
  const decisionsOf = async (query = '') => {
    const res = await request(server()).get(`/v1/figures/2027${query}`).expect(200);
    const { onTime, overdue, deadlineUnknown } = res.body.decisions;
    const calendar2027 = res.body.basedOn.calendar.find((v: { year: number }) => v.year === 2027) ?? null;
    return { onTime, overdue, deadlineUnknown, version2027: calendar2027?.version ?? null };
  };
  const complianceRules = async () => {
    const res = await request(server()).get('/v1/audit/compliance/2027').expect(200);
    return res.body.findings.map((f: { rule: string; appliesTo?: string }) =>
      f.appliesTo ? `${f.rule} (${f.appliesTo})` : f.rule,
    );
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'calendar-live-'));
    store = new SqliteEventStore(join(directory, 'events.sqlite'));
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: directory, LEDGER_AGENCY: 'test-psb' });
    app = await createApi({ config, eventStore: store, clock: () => now, projections: { live: true } }, false);
    await app.init();
    const post = async (url: string, body: object) => {
      const res = await request(server()).post(url).send(body);
      if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
    };
    await post('/v1/items', {
      code: 'A',
      name: '事项A',
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      handlingType: 'promised',
      requiredVisits: 1,
      fullyOnline: true,
      inStandardCatalogue: true,
      inOnlineHall: true,
      disclosable: false,
      effectiveFrom: '2019-01-01T00:00:00+08:00',
    });
    // 20 working days from 2026-12-10 end on the 5th working day of 2027; decided 11 January.
    await post('/v1/applications', {
      applicationId: 'x1',
      itemCode: 'A',
      channel: 'online',
      filedAt: '2026-12-10T09:00:00+08:00',
      applicant: { name: '示例申请人', idNumber: 'DEMO-0001' },
    });
    await post('/v1/applications/x1/acceptance', { accepted: true, at: '2026-12-10T10:00:00+08:00' });
    await post('/v1/applications/x1/decision', { outcome: 'granted', at: '2027-01-11T10:00:00+08:00' });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('changes the figures and the checks without a restart, and an asOf before a correction reproduces them', async () => {
    expect(await decisionsOf()).toEqual({ onTime: 0, overdue: 0, deadlineUnknown: 1, version2027: null });
    expect(await complianceRules()).toEqual(['CHECK.UNDETERMINED (DECISION.OVERDUE)']);

    now = Date.parse('2027-01-21T02:00:00Z');
    await request(server())
      .put('/v1/admin/calendar/2027')
      .send(y2027(['2027-01-01', '2027-01-04']))
      .expect(200);
    expect(await decisionsOf()).toEqual({ onTime: 1, overdue: 0, deadlineUnknown: 0, version2027: 1 });
    expect(await complianceRules()).toEqual([]);

    now = Date.parse('2027-01-22T02:00:00Z');
    await request(server())
      .put('/v1/admin/calendar/2027')
      .send({ ...y2027(['2027-01-01']), reason: '4 January is a working day' })
      .expect(200);
    expect(await decisionsOf()).toEqual({ onTime: 0, overdue: 1, deadlineUnknown: 0, version2027: 2 });
    expect(await complianceRules()).toEqual(['DECISION.OVERDUE']);

    // As the ledger stood between the two loads, and before either.
    expect(await decisionsOf('?asOf=2027-01-21T12:00:00Z')).toEqual({
      onTime: 1,
      overdue: 0,
      deadlineUnknown: 0,
      version2027: 1,
    });
    expect(await decisionsOf('?asOf=2027-01-20T12:00:00Z')).toEqual({
      onTime: 0,
      overdue: 0,
      deadlineUnknown: 1,
      version2027: null,
    });
  });

  it('says in the replay which calendar versions its deadlines used', async () => {
    const res = await request(server()).get('/v1/audit/applications/x1/replay').expect(200);
    expect(res.body.calendar.find((v: { year: number }) => v.year === 2027)).toMatchObject({ version: 2 });
    expect(res.body.finalDeadline).toMatchObject({ deadline: '2027-01-08' });
  });
});

describe('warned before it bites: next year missing from 1 November', () => {
  let api: TestApi;
  afterEach(() => api?.close());
  const get = (url: string) => request(api.server).get(url);
  const gauge = async () =>
    /^ledger_calendar_next_year_missing (\d)$/m.exec((await get('/metrics').expect(200)).text)?.[1];

  it('says so on /health/ready (still 200), in /metrics and on GET /v1/calendar, until the year is loaded', async () => {
    api = await startApi({ now: '2026-11-15T10:00:00+08:00' });
    const ready = await get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.warnings).toEqual([expect.objectContaining({ code: 'CALENDAR.NEXT_YEAR_MISSING', year: 2027 })]);
    expect(ready.body.info.calendar).toMatchObject({ status: 'up', warning: { year: 2027 } });
    expect(await gauge()).toBe('1');
    expect((await get('/v1/calendar').expect(200)).body.warning).toMatchObject({ year: 2027 });

    await request(api.server).put('/v1/admin/calendar/2027').send(y2027()).expect(200);
    const after = await get('/health/ready').expect(200);
    expect(after.body.warnings).toBeUndefined();
    expect(after.body.info.calendar).toEqual({ status: 'up' });
    expect(await gauge()).toBe('0');
    expect((await get('/v1/calendar').expect(200)).body.warning).toBeNull();
  });

  it('says nothing before 1 November', async () => {
    api = await startApi({ now: '2026-10-31T23:00:00+08:00' });
    expect((await get('/health/ready').expect(200)).body.warnings).toBeUndefined();
    expect(await gauge()).toBe('0');
  });
});
