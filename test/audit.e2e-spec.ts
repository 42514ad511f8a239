import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig, toStoredEvent } from '@ledger/ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Audit replay and compliance checks over HTTP (issue #5 item 3), on a ledger recorded through
 * the API plus a few legacy events written straight into the store, as an import from an older
 * system would (the deciders forbid them, the checks must still find them).
 */
const AGENCY = 'audit-psb';
const SIGNED = '2021-03-30T18:00:00+08:00';

let now = Date.parse('2021-03-01T00:00:00Z');
const clock = () => now;

const APPLICANT = { name: '王五岳', idNumber: '440703199002020022', phone: '13700137002' };
const COMPLAINANT = { name: '赵六合', phone: '13600136003' };
const PERSONAL_VALUES = [...Object.values(APPLICANT), ...Object.values(COMPLAINANT)];

const item = (code: string, department: string, disclosable: boolean) => ({
  code,
  name: `事项${code}`,
  department,
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 0,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable,
  effectiveFrom: '2019-01-01T00:00:00+08:00',
});

async function recordLedger(app: INestApplication, store: SqliteEventStore): Promise<void> {
  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await request(app.getHttpServer()).post(url).send(body);
    if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
  };
  const file = (id: string, itemCode: string, filedAt: string) =>
    post('/v1/applications', { applicationId: id, itemCode, channel: 'online', filedAt, applicant: APPLICANT });
  const on = (id: string, what: string, body: Record<string, unknown>) => post(`/v1/applications/${id}/${what}`, body);
  const at = (day: string) => `${day}T10:00:00+08:00`;

  await post('/v1/items', item('A', '治安', true));
  await post('/v1/items', item('B', '出入境', false));

  // a1: by the book.
  await file('a1', 'A', '2020-03-02T09:00:00+08:00');
  await on('a1', 'acceptance', { accepted: true, at: at('2020-03-02') });
  await on('a1', 'decision', { outcome: 'granted', at: at('2020-03-05') });
  await on('a1', 'disclosure', { channel: '信用江门', at: at('2020-03-06') });
  await on('a1', 'ratings', { level: 5, at: at('2020-03-07') });

  // a2: accepted 28 September 2020, due 2 November across National Day; decided 10 November, recorded after the report was signed.
  await file('a2', 'B', '2020-09-28T09:00:00+08:00');
  await on('a2', 'acceptance', { accepted: true, at: at('2020-09-28') });

  // a3: filed Monday 1 June, supplement notice on 10 June (due by 8 June); granted and never disclosed.
  await file('a3', 'A', '2020-06-01T09:00:00+08:00');
  await on('a3', 'supplement-requests', { materials: '营业执照副本', at: at('2020-06-10') });
  await on('a3', 'supplements', { at: at('2020-06-11') });
  await on('a3', 'acceptance', { accepted: true, at: at('2020-06-11') });
  await on('a3', 'decision', { outcome: 'granted', at: at('2020-06-15') });

  // a4: rated 非常不满意, never rectified.
  await file('a4', 'A', '2020-07-01T09:00:00+08:00');
  await on('a4', 'acceptance', { accepted: true, at: at('2020-07-01') });
  await on('a4', 'decision', { outcome: 'granted', at: at('2020-07-02') });
  await on('a4', 'disclosure', { channel: '信用江门', at: at('2020-07-03') });
  await on('a4', 'ratings', { level: 1, at: at('2020-07-05') });

  // c1 open 183 days at the year end; c2 open 30 days.
  await post('/v1/complaints', {
    complaintId: 'c1',
    at: at('2020-07-01'),
    channel: '12345热线',
    subject: '办理时间过长',
    itemCode: 'A',
    complainant: COMPLAINANT,
  });
  await post('/v1/complaints', {
    complaintId: 'c2',
    at: at('2020-12-01'),
    channel: '12345热线',
    subject: '窗口态度',
    itemCode: 'B',
  });

  // Legacy import: decided without acceptance (L1), denied without a legal basis (L2), another agency (O1).
  const legacy = async (streamId: string, agency: string, events: { type: string; at: string; data: object }[]) => {
    const metadata = {
      agency,
      actor: 'legacy-import',
      ledgerTime: new Date(now).toISOString(),
      correlationId: 'legacy',
      causationId: 'legacy',
    };
    await store.appendToStream(
      streamId,
      events.map((e) => toStoredEvent(e, randomUUID(), metadata)),
    );
  };
  const filed = (id: string) => ({
    type: 'ApplicationFiled.v1',
    at: '2020-04-01T09:00:00+08:00',
    data: {
      applicationId: id,
      itemCode: 'A',
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      disclosable: true,
      channel: 'window',
      applicant: APPLICANT,
    },
  });
  await legacy('application-L1', AGENCY, [
    filed('L1'),
    { type: 'DecisionMade.v1', at: at('2020-04-03'), data: { applicationId: 'L1', outcome: 'granted' } },
    { type: 'DecisionDisclosed.v1', at: at('2020-04-04'), data: { applicationId: 'L1', channel: '信用江门' } },
  ]);
  await legacy('application-L2', AGENCY, [
    filed('L2'),
    { type: 'ApplicationAccepted.v1', at: at('2020-04-01'), data: { applicationId: 'L2' } },
    {
      type: 'DecisionMade.v1',
      at: at('2020-04-08'),
      data: { applicationId: 'L2', outcome: 'denied', reason: '材料不全' },
    },
  ]);
  await legacy('application-O1', 'other-psb', [filed('O1')]);

  now = Date.parse('2021-04-15T00:00:00Z');
  await on('a2', 'decision', {
    outcome: 'denied',
    reason: '不符合条件',
    legalBasis: '《出境入境管理法》第十二条',
    appealRightsNotified: true,
    at: at('2020-11-10'),
  });
}

describe('audit replay and compliance over HTTP', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  const get = (url: string) => request(app.getHttpServer()).get(url);
  const expectNoPersonalData = (body: unknown) => {
    const json = JSON.stringify(body);
    for (const value of PERSONAL_VALUES) expect(json).not.toContain(value);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY });
    app = await createApi({ config, eventStore: store, clock }, false);
    await app.init();
    await recordLedger(app, store);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('GET /v1/audit/applications/{id}/replay', () => {
    it('shows each event with the state and the deadline after it, and the late decision as not on time', async () => {
      const res = await get('/v1/audit/applications/a2/replay').expect(200);
      expect(res.body).toMatchObject({ applicationId: 'a2', streamId: `application-${AGENCY}.a2`, agency: AGENCY });
      expect(
        res.body.steps.map((s: any) => [s.revision, s.type, s.state.phase, s.deadline?.deadline ?? null, s.onTime]),
      ).toEqual([
        [0, 'ApplicationFiled.v1', 'filed', null, undefined],
        [1, 'ApplicationAccepted.v1', 'accepted', '2020-11-02', undefined],
        [2, 'DecisionMade.v1', 'decided', '2020-11-02', false],
      ]);
      expect(res.body.steps[2]).toMatchObject({
        at: '2020-11-10T10:00:00+08:00',
        ledgerTime: '2021-04-15T00:00:00.000Z',
        position: expect.any(String),
        actor: expect.any(String),
      });
      expect(res.body.steps[0].data.applicant).toMatchObject({ withheld: true });
      expectNoPersonalData(res.body);
    });

    it('replays a legacy record decided without acceptance', async () => {
      const res = await get('/v1/audit/applications/L1/replay').expect(200);
      expect(res.body.steps.map((s: any) => [s.type, s.state.phase, s.deadline])).toEqual([
        ['ApplicationFiled.v1', 'filed', null],
        ['DecisionMade.v1', 'decided', null],
        ['DecisionDisclosed.v1', 'decided', null],
      ]);
      expectNoPersonalData(res.body);
    });

    it('answers 404 with problem details for an unknown application, or one of another agency', async () => {
      const res = await get('/v1/audit/applications/nope/replay').expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 404,
        code: 'APPLICATION.NOT_FOUND',
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
      await get(`/v1/audit/applications/O1/replay?agency=${AGENCY}`).expect(404);
      await get('/v1/audit/applications/O1/replay?agency=other-psb').expect(200);
    });
  });

  describe('GET /v1/audit/replay', () => {
    let all: any[];
    beforeAll(async () => {
      all = (await get('/v1/audit/replay').expect(200)).body.events;
    });

    it('returns the whole ledger in order with a summary, personal data withheld', async () => {
      const res = await get('/v1/audit/replay').expect(200);
      expect(res.body.events.length).toBe(all.length);
      expect(all.length).toBeGreaterThan(25);
      const positions = all.map((e) => Number(e.position));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(res.body.summary).toMatchObject({
        events: all.length,
        firstPosition: all[0].position,
        lastPosition: all[all.length - 1].position,
      });
      expect(res.body.summary.agencies).toEqual({ [AGENCY]: all.length - 1, 'other-psb': 1 });
      expect(res.body.summary.byType['DecisionMade.v1']).toBe(6);
      expect(res.body.summary.streams).toBe(new Set(all.map((e) => e.streamId)).size);
      expect(res.body.next).toBeNull();
      expect(res.body.filter).toMatchObject({ limit: 1000, agency: null });
      expectNoPersonalData(res.body);
    });

    it('pages with limit and the after cursor, losing and repeating nothing', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await get(`/v1/audit/replay?limit=7${after ? `&after=${after}` : ''}`).expect(
          200,
        );
        expect(res.body.events.length).toBeLessThanOrEqual(7);
        expect(res.body.summary.events).toBe(res.body.events.length);
        seen.push(...res.body.events.map((e: any) => e.eventId));
        after = res.body.next?.after ?? null;
        pages++;
      } while (after);
      expect(pages).toBe(Math.ceil(all.length / 7));
      expect(seen).toEqual(all.map((e) => e.eventId));
    });

    it('shows the ledger as it stood when the report was signed: without what was recorded later', async () => {
      const res = await get(`/v1/audit/replay?upTo=${encodeURIComponent(SIGNED)}`).expect(200);
      expect(res.body.events.length).toBe(all.length - 1);
      expect(
        res.body.events.find((e: any) => e.streamId === `application-${AGENCY}.a2` && e.type === 'DecisionMade.v1'),
      ).toBeUndefined();
      expect(res.body.filter.upTo).toBe('2021-03-30T10:00:00.000Z');
    });

    it('stops at a position (inclusive) and keeps one agency', async () => {
      const upTo = await get(`/v1/audit/replay?upToPosition=${all[4].position}`).expect(200);
      expect(upTo.body.events.map((e: any) => e.position)).toEqual(all.slice(0, 5).map((e) => e.position));
      const other = await get('/v1/audit/replay?agency=other-psb').expect(200);
      expect(other.body.events.map((e: any) => [e.streamId, e.agency])).toEqual([['application-O1', 'other-psb']]);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=10001', 'limit'],
      ['upTo=2021-03-30', 'upTo'],
      ['upToPosition=first', 'upToPosition'],
      ['after=x', 'after'],
    ])('answers 400 with problem details for %s', async (query, field) => {
      const res = await get(`/v1/audit/replay?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, errors: [{ field }] });
    });
  });

  describe('GET /v1/audit/compliance/{year}', () => {
    let report: any;
    beforeAll(async () => {
      report = (await get('/v1/audit/compliance/2020').expect(200)).body;
    });

    it('finds each problem once, with the events behind it', () => {
      expect(report.summary).toEqual({
        'DECISION.OVERDUE': 1,
        'DECISION.WITHOUT_ACCEPTANCE': 1,
        'DENIAL.REASON_OR_BASIS_MISSING': 1,
        'DISCLOSURE.MISSING': 1,
        'SUPPLEMENT.NOTICE_LATE': 1,
        'RATING.BAD_NOT_RECTIFIED': 1,
        'COMPLAINT.UNRESOLVED': 1,
        // The legacy denial records no notice of the right to appeal (it predates the field).
        'DENIAL.RIGHTS_NOTICE_MISSING': 1,
        'CERTIFICATE.LATE': 0,
        'RENEWAL.DECIDED_AFTER_EXPIRY': 0,
        'LICENCE.NOT_CANCELLED': 0,
        'CORRECTION.AFTER_SIGNING': 0,
        'CORRECTION.RECORDED': 0,
        'CHECK.UNDETERMINED': 0,
      });
      const subject = (f: any) => f.applicationId ?? f.complaintId;
      expect(report.findings.map((f: any) => [f.rule, subject(f), f.severity])).toEqual([
        ['DECISION.OVERDUE', 'a2', 'error'],
        ['DECISION.WITHOUT_ACCEPTANCE', 'L1', 'error'],
        ['DENIAL.REASON_OR_BASIS_MISSING', 'L2', 'error'],
        ['DISCLOSURE.MISSING', 'a3', 'warning'],
        ['SUPPLEMENT.NOTICE_LATE', 'a3', 'warning'],
        ['RATING.BAD_NOT_RECTIFIED', 'a4', 'warning'],
        ['COMPLAINT.UNRESOLVED', 'c1', 'warning'],
        ['DENIAL.RIGHTS_NOTICE_MISSING', 'L2', 'error'],
      ]);
      expect(report.findings[0]).toMatchObject({
        department: '出入境',
        itemCode: 'B',
        details: { deadline: '2020-11-02', decidedOn: '2020-11-10', workingDaysLate: 6 },
      });
      expect(report).toMatchObject({
        agency: AGENCY,
        year: 2020,
        cutOff: '2020-12-31',
        parameters: { complaintResolutionDays: 60 },
      });
      expect(report.rules.map((r: any) => r.code)).toContain('DECISION.OVERDUE');
      expectNoPersonalData(report);
    });

    it('cites events that the replay shows at the same positions', async () => {
      const events = (await get('/v1/audit/replay').expect(200)).body.events;
      const byPosition = new Map(events.map((e: any) => [e.position, e]));
      for (const finding of report.findings) {
        for (const ref of finding.events)
          expect(byPosition.get(ref.position)).toMatchObject({
            streamId: ref.streamId,
            revision: ref.revision,
            type: ref.type,
            at: ref.at,
          });
      }
    });

    it('agrees with the yearly figures on the overdue decisions', async () => {
      const figures = (await get('/v1/figures/2020').expect(200)).body;
      expect(report.summary['DECISION.OVERDUE']).toBe(figures.decisions.overdue);
    });

    it('takes the complaint resolution period from the query', async () => {
      const res = await get('/v1/audit/compliance/2020?complaintResolutionDays=20').expect(200);
      expect(
        res.body.findings
          .filter((f: any) => f.rule === 'COMPLAINT.UNRESOLVED')
          .map((f: any) => [f.complaintId, f.department, f.details.daysOpen]),
      ).toEqual([
        ['c1', '治安', 183],
        ['c2', '出入境', 30],
      ]);
    });

    it('checks another agency when asked', async () => {
      const res = await get('/v1/audit/compliance/2020?agency=other-psb').expect(200);
      expect(res.body).toMatchObject({ agency: 'other-psb', findings: [], basedOn: { events: 1 } });
    });

    it.each([
      ['/v1/audit/compliance/20x0', 400, 'year'],
      ['/v1/audit/compliance/1989', 400, 'year'],
      ['/v1/audit/compliance/2020?complaintResolutionDays=0', 400, 'complaintResolutionDays'],
      ['/v1/audit/compliance/2020?agency=nobody', 404, 'agency'],
    ])('answers %s with %i problem details', async (url, status, field) => {
      const res = await get(url).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status, errors: [{ field }] });
    });
  });
});
