import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { READ_MODEL_VARIANTS } from './support/read-model-databases';

/**
 * The yearly figures over HTTP, from a small ledger built by hand, on both read-model databases.
 * Every expected number below is worked out from the commands in `recordLedger`.
 */
const AGENCY = 'test-psb';

/** A clock the test moves: ledger times are what as-of queries filter on. */
let now = Date.parse('2021-03-01T00:00:00Z');
const clock = () => now;

const item = (code: string, department: string, over: Record<string, unknown> = {}) => ({
  code,
  name: `事项${code}`,
  department,
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 1,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
  effectiveFrom: '2019-01-01T00:00:00+08:00',
  ...over,
});
const applicant = { name: '示例申请人', idNumber: 'DEMO-0001' };

async function recordLedger(app: INestApplication): Promise<void> {
  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await request(app.getHttpServer()).post(url).send(body);
    if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
  };
  const file = (id: string, itemCode: string, filedAt: string) =>
    post('/v1/applications', { applicationId: id, itemCode, channel: 'online', filedAt, applicant });
  const on = (id: string, what: string, body: Record<string, unknown>) => post(`/v1/applications/${id}/${what}`, body);

  // Catalogue: A 治安 (20/5, 1 visit), B 出入境 immediate, not disclosable, not online; C 禁毒, retired mid-2020.
  await post('/v1/items', item('A', '治安'));
  await post(
    '/v1/items',
    item('B', '出入境', {
      promisedDays: 0,
      handlingType: 'immediate',
      requiredVisits: 0,
      fullyOnline: false,
      inOnlineHall: false,
      disclosable: false,
    }),
  );
  await post('/v1/items', item('C', '禁毒', { requiredVisits: 0, inStandardCatalogue: false }));
  await post('/v1/items/C/retirement', { effectiveFrom: '2020-06-01T00:00:00+08:00', reason: '事项取消' });

  // 2019: one granted and disclosed application of item C.
  await file('b1', 'C', '2019-04-01T09:00:00+08:00');
  await on('b1', 'acceptance', { accepted: true, at: '2019-04-01T10:00:00+08:00' });
  await on('b1', 'decision', { outcome: 'granted', at: '2019-04-03T10:00:00+08:00' });
  await on('b1', 'disclosure', { channel: '信用江门', at: '2019-04-04T10:00:00+08:00' });

  // 2020.
  await file('a1', 'A', '2020-03-02T09:00:00+08:00');
  await on('a1', 'acceptance', { accepted: true, at: '2020-03-02T10:00:00+08:00' });
  await on('a1', 'decision', { outcome: 'granted', at: '2020-03-05T10:00:00+08:00' });
  await on('a1', 'disclosure', { channel: '信用江门', at: '2020-03-06T10:00:00+08:00' });
  await on('a1', 'certificates', { form: 'electronic', delivery: 'collect', at: '2020-03-06T11:00:00+08:00' });
  await on('a1', 'ratings', { level: 5, at: '2020-03-07T10:00:00+08:00' });

  // a2: accepted 2020-09-28; 20 working days across National Day end on 2020-11-02; decided 11-10: overdue.
  await file('a2', 'A', '2020-09-28T09:00:00+08:00');
  await on('a2', 'acceptance', { accepted: true, at: '2020-09-28T10:00:00+08:00' });

  await file('a3', 'B', '2020-12-30T09:00:00+08:00');
  await on('a3', 'acceptance', { accepted: true, at: '2020-12-31T10:00:00+08:00' });
  await on('a3', 'decision', { outcome: 'granted', at: '2021-01-05T10:00:00+08:00' });
  await on('a3', 'certificates', { form: 'paper', delivery: 'mail', at: '2021-01-06T10:00:00+08:00' });

  await file('a4', 'A', '2020-05-06T09:00:00+08:00');
  await on('a4', 'acceptance', {
    accepted: false,
    reason: '申请材料不属于本机关职权范围',
    at: '2020-05-06T10:00:00+08:00',
  });
  await file('a5', 'A', '2020-06-01T09:00:00+08:00');
  await on('a5', 'acceptance', { accepted: true, at: '2020-06-01T10:00:00+08:00' });
  await on('a5', 'withdrawal', { at: '2020-06-03T10:00:00+08:00' });

  const inspection = (kind: string, at: string, extra: Record<string, unknown> = {}) =>
    post('/v1/inspections', {
      kind,
      at,
      department: '治安',
      findings: '未发现问题',
      rectificationRequired: false,
      ...extra,
    });
  await inspection('external-supervision', '2020-04-01T10:00:00+08:00');
  await inspection('external-supervision', '2020-08-01T10:00:00+08:00');
  await inspection('enforcement-inspection', '2020-09-01T10:00:00+08:00', {
    findings: '流程不规范',
    rectificationRequired: true,
  });
  await inspection('case-file-review', '2020-12-15T10:00:00+08:00', { applicationIds: ['a1', 'b1'], filesReviewed: 5 });
  await post('/v1/complaints', {
    complaintId: 'c1',
    at: '2020-07-01T10:00:00+08:00',
    channel: '12345热线',
    subject: '办理时间过长',
    itemCode: 'A',
  });
  await post('/v1/complaints/c1/resolution', { at: '2020-07-10T10:00:00+08:00', valid: true, outcome: '已责令整改' });
  await post('/v1/indicators', {
    name: '公章刻制',
    year: 2020,
    value: 100,
    unit: '枚',
    source: '公章治安管理信息系统',
    at: '2021-01-10T10:00:00+08:00',
  });
  await post('/v1/indicators', {
    name: '公章刻制',
    year: 2020,
    value: 120,
    unit: '枚',
    source: '公章治安管理信息系统',
    at: '2021-01-20T10:00:00+08:00',
  });
  await post('/v1/rectifications', {
    rectificationId: 'r1',
    problem: '电子证照开通率0%',
    measures: '开通电子证照',
    status: 'completed',
    year: 2019,
    at: '2020-04-01T10:00:00+08:00',
  });

  // Recorded after the report was signed (2021-03-30): the as-of query must not count these.
  now = Date.parse('2021-04-15T00:00:00Z');
  await on('a2', 'decision', {
    outcome: 'denied',
    reason: '合同标的不符',
    legalBasis: '《易制毒化学品管理条例》第十五条',
    at: '2020-11-10T10:00:00+08:00',
  });
  await on('a2', 'ratings', { level: 2, at: '2020-11-12T10:00:00+08:00' });
  await on('a2', 'rating-rectification', { measures: '回访并说明理由', at: '2020-11-20T10:00:00+08:00' });
  await post('/v1/appeals', {
    appealId: 'p1',
    kind: 'reconsideration',
    at: '2020-12-01T10:00:00+08:00',
    applicationId: 'a2',
  });
}

describe.each(READ_MODEL_VARIANTS)('yearly figures over HTTP on $name', (variant) => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  let tearDown: () => Promise<void>;
  const get = (url: string) => request(app.getHttpServer()).get(url);

  beforeAll(async () => {
    now = Date.parse('2021-03-01T00:00:00Z');
    dir = mkdtempSync(path.join(tmpdir(), 'figures-'));
    const db = await variant.setUp();
    tearDown = db.tearDown;
    store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const config = {
      ...loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
      databaseUrl: db.databaseUrl,
    };
    app = await createApi({ config, eventStore: store, clock, projections: { live: true, schema: db.schema } }, false);
    await app.init();
    await recordLedger(app);
  });

  afterAll(async () => {
    await app?.close();
    await tearDown?.();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when the 2020 figures are asked for', () => {
    let f: Record<string, any>;
    beforeAll(async () => {
      const res = await get('/v1/figures/2020').expect(200);
      f = res.body;
    });

    it('describes the catalogue in force at the end of the year', () => {
      expect(f.items).toMatchObject({
        total: 2,
        byDepartment: { 治安: 1, 出入境: 1 },
        inStandardCatalogue: 2,
        inOnlineHall: 1,
        fullyOnline: 1,
        fullyOnlineRate: { numerator: 1, denominator: 2, percent: 50 },
        immediateRate: { numerator: 1, denominator: 2, percent: 50 },
        averageRequiredVisits: { total: 1, count: 2, value: 0.5 },
        // (20 − 5) + (20 − 0) over 20 + 20
        timeLimitCompressionRate: { numerator: 35, denominator: 40, percent: 87.5 },
      });
    });

    it('counts applications by the year of each fact', () => {
      expect(f.applications).toEqual({ received: 5, accepted: 4, notAccepted: 1, withdrawn: 1, pendingAtYearEnd: 1 });
    });

    it('counts decisions, the denial with its reason, and the overdue one', () => {
      expect(f.decisions).toMatchObject({
        total: 2,
        granted: 1,
        denied: 1,
        deniedReasons: [{ applicationId: 'a2', reason: '合同标的不符' }],
        onTime: 1,
        overdue: 1,
        onTimeRate: { numerator: 1, denominator: 2, percent: 50 },
      });
    });

    it('counts disclosure over granted decisions of disclosable items', () => {
      expect(f.disclosure).toEqual({
        disclosed: 1,
        exempt: 0,
        disclosureRate: { numerator: 1, denominator: 1, percent: 100 },
      });
    });

    it('counts supervision', () => {
      expect(f.supervision).toEqual({
        externalSupervision: 2,
        enforcementInspections: 1,
        caseFilesReviewed: 5,
        complaintsReceived: 1,
        complaintsValid: 1,
        reconsiderations: 1,
        litigations: 0,
        rectificationsRequired: 1,
        rectificationsCompleted: 1,
      });
    });

    it('counts ratings, satisfaction and certificates', () => {
      expect(f.effect).toMatchObject({
        ratings: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 },
        satisfactionRate: { numerator: 1, denominator: 2, percent: 50 },
        badRatingsRectified: 1,
        electronicCertificates: 1,
        certificatesMailed: 0,
      });
    });

    it('shows the latest report of each indicator', () => {
      expect(f.indicators).toEqual([{ name: '公章刻制', value: 120, unit: '枚', source: '公章治安管理信息系统' }]);
    });

    it('puts the previous year alongside', () => {
      expect(f.previousYear).toMatchObject({
        year: 2019,
        items: { total: 3 },
        applications: { received: 1, accepted: 1 },
        decisions: { total: 1, granted: 1 },
        disclosure: { disclosed: 1 },
      });
    });

    it('says what it is based on and holds no personal data', () => {
      expect(f).toMatchObject({ year: 2020, agency: AGENCY, asOf: null });
      // Every event recorded above: 4 catalogue, 25 on applications, 9 supervision facts and reports.
      expect(f.basedOn.events).toBe(38);
      expect(JSON.stringify(f)).not.toContain('示例申请人');
      expect(JSON.stringify(f)).not.toContain('DEMO-0001');
    });
  });

  describe('when a decision is recorded in the next year', () => {
    it('counts it in 2021, on time, with its mailed certificate', async () => {
      const { body } = await get('/v1/figures/2021').expect(200);
      expect(body.decisions).toMatchObject({ total: 1, granted: 1, onTime: 1, overdue: 0 });
      expect(body.effect.certificatesMailed).toBe(1);
      expect(body.applications.received).toBe(0);
    });
  });

  describe('when asked as of the day the report was signed', () => {
    it('counts only what the ledger had recorded by then', async () => {
      const { body } = await get('/v1/figures/2020?asOf=2021-03-30T18:00:00%2B08:00').expect(200);
      expect(body.asOf).toBe('2021-03-30T10:00:00.000Z');
      expect(body.decisions).toMatchObject({ total: 1, granted: 1, denied: 0, deniedReasons: [] });
      expect(body.applications.pendingAtYearEnd).toBe(2);
      expect(body.supervision.reconsiderations).toBe(0);
      expect(body.effect.ratings['2']).toBe(0);
    });
  });

  describe('when broken down', () => {
    it('splits the figures by department', async () => {
      const { body } = await get('/v1/figures/2020/departments').expect(200);
      expect(body.departments['治安'].applications).toMatchObject({ received: 4, accepted: 3 });
      expect(body.departments['出入境'].applications).toMatchObject({ received: 1, pendingAtYearEnd: 1 });
    });

    it('splits the figures by item', async () => {
      const { body } = await get('/v1/figures/2020/items').expect(200);
      expect(body.items['A'].decisions).toMatchObject({ total: 2, denied: 1 });
      expect(body.items['B'].applications).toMatchObject({ received: 1 });
    });
  });

  describe('when a new fact is recorded after the figures were first computed', () => {
    it('serves the stored document kept current by the live projection', async () => {
      const before = (await get('/v1/figures/2020').expect(200)).body;
      await request(app.getHttpServer())
        .post('/v1/inspections')
        .send({
          kind: 'external-supervision',
          at: '2020-10-01T10:00:00+08:00',
          department: '交警',
          findings: '无',
          rectificationRequired: false,
        })
        .expect(201);
      const after = (await get('/v1/figures/2020').expect(200)).body;
      expect(after.supervision.externalSupervision).toBe(before.supervision.externalSupervision + 1);
      expect(after.basedOn.events).toBe(before.basedOn.events + 1);
    });
  });

  describe('when the projection is rebuilt', () => {
    it('gives the same figures, whole or one year, without counting anything twice', async () => {
      const before = (await get('/v1/figures/2020').expect(200)).body;
      await request(app.getHttpServer()).post('/v1/admin/projections/yearly-figures/rebuild').expect(200);
      expect((await get('/v1/figures/2020').expect(200)).body).toEqual(before);
      const year = await request(app.getHttpServer())
        .post('/v1/admin/projections/yearly-figures/rebuild?year=2020')
        .expect(200);
      expect(year.body).toMatchObject({ projection: 'yearly-figures', year: 2020 });
      expect((await get('/v1/figures/2020').expect(200)).body).toEqual(before);
    });

    it('refuses an unknown projection', async () => {
      const res = await request(app.getHttpServer()).post('/v1/admin/projections/nope/rebuild').expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('when the query is bad', () => {
    it.each([
      ['/v1/figures/20x0'],
      ['/v1/figures/1989'],
      ['/v1/figures/2101'],
      ['/v1/figures/2020?asOf=yesterday'],
      ['/v1/figures/2020?asOf=2021-02-30T00:00:00Z'],
    ])('answers %s with 400 naming the field', async (url) => {
      const res = await get(url).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].field).toMatch(/^(year|asOf)$/);
    });

    it('answers an unknown agency with 404', async () => {
      const res = await get('/v1/figures/2020?agency=nobody').expect(404);
      expect(res.body).toMatchObject({ status: 404, code: 'AGENCY.NOT_FOUND' });
    });

    it('answers a year without events with zero counts and null rates', async () => {
      const { body } = await get('/v1/figures/1995').expect(200);
      expect(body.applications).toEqual({
        received: 0,
        accepted: 0,
        notAccepted: 0,
        withdrawn: 0,
        pendingAtYearEnd: 0,
      });
      expect(body.decisions.onTimeRate).toEqual({ numerator: 0, denominator: 0, percent: null });
      expect(body.items.total).toBe(0);
      expect(body.previousYear).toBeNull();
    });
  });
});
