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
 * Corrections in the yearly figures, on both read-model databases: the live projection folds
 * the ledger again when a correction comes (also after a restart from its checkpoint), an
 * as-of query before the correction still gives the figures as first recorded, one after it
 * the corrected ones, and the compliance checks judge the corrected facts. Every expected
 * number is worked out from the commands below.
 */
const AGENCY = 'fix-psb';

let now = Date.parse('2021-03-01T00:00:00Z');
const clock = () => now;
/** Between the facts (recorded by 2021-03-01) and the corrections (2021-04-10). */
const BEFORE_CORRECTIONS = '2021-03-15T00:00:00.000Z';

const applicant = { name: '示例申请人', idNumber: 'DEMO-0002' };
const item = {
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
  disclosable: true,
  effectiveFrom: '2019-01-01T00:00:00+08:00',
};

describe.each(READ_MODEL_VARIANTS)('corrected facts in the figures on $name', (variant) => {
  let app: INestApplication;
  let dir: string;
  let databaseUrl: string | undefined;
  let schema: string | undefined;
  let tearDown: () => Promise<void>;
  const server = () => app.getHttpServer();
  const get = (url: string) => request(server()).get(url);
  const post = async (url: string, body: Record<string, unknown>): Promise<string[]> => {
    const res = await request(server()).post(url).send(body);
    if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { eventIds: string[] }).eventIds;
  };
  const decisions = async (year: number, asOf?: string) =>
    (await get(`/v1/figures/${year}${asOf ? `?asOf=${asOf}` : ''}`).expect(200)).body.decisions;

  async function start(): Promise<void> {
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const config = { ...loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }), databaseUrl };
    app = await createApi({ config, eventStore: store, clock, projections: { live: true, schema } }, false);
    await app.init();
  }

  let k1Decision: string;
  let k2Decision: string;
  let k2Acceptance: string;

  beforeAll(async () => {
    now = Date.parse('2021-03-01T00:00:00Z');
    dir = mkdtempSync(path.join(tmpdir(), 'figures-corrections-'));
    const db = await variant.setUp();
    ({ databaseUrl, schema, tearDown } = db);
    await start();
    await post('/v1/items', item);
    const file = (id: string, filedAt: string) =>
      post('/v1/applications', { applicationId: id, itemCode: 'A', channel: 'online', filedAt, applicant });
    await file('k1', '2020-03-02T09:00:00+08:00');
    await post('/v1/applications/k1/acceptance', { accepted: true, at: '2020-03-02T10:00:00+08:00' });
    [k1Decision] = await post('/v1/applications/k1/decision', { outcome: 'granted', at: '2020-03-05T10:00:00+08:00' });
    await file('k2', '2020-12-28T09:00:00+08:00');
    [k2Acceptance] = await post('/v1/applications/k2/acceptance', {
      accepted: true,
      at: '2020-12-28T10:00:00+08:00',
    });
    [k2Decision] = await post('/v1/applications/k2/decision', { outcome: 'granted', at: '2020-12-30T10:00:00+08:00' });
  });

  afterAll(async () => {
    await app?.close();
    await tearDown?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the facts as recorded before any correction', async () => {
    expect(await decisions(2020)).toMatchObject({ total: 2, granted: 2, denied: 0, onTime: 2 });
    expect(await decisions(2021)).toMatchObject({ total: 0 });
  });

  describe('when a supervisor corrects one outcome and another decision date', () => {
    beforeAll(async () => {
      now = Date.parse('2021-04-10T00:00:00Z');
      const correct = (application: string, eventId: string, change: Record<string, unknown>) =>
        post('/v1/corrections', {
          streamId: `application-${AGENCY}.${application}`,
          eventId,
          ...change,
          reason: '录入错误',
          authorisedBy: '法制科 张三',
        });
      await correct('k1', k1Decision, {
        fields: { outcome: 'denied', reason: '不符合条件', legalBasis: '《旅馆业治安管理办法》第四条' },
      });
      // Decided on the first working day of 2021, not on 2020-12-30: the decision moves to 2021.
      await correct('k2', k2Decision, { correctedAt: '2021-01-04T10:00:00+08:00' });
    });

    it('serves the corrected figures from the live projection, in the years the corrected facts fall in', async () => {
      expect(await decisions(2020)).toMatchObject({ total: 1, granted: 0, denied: 1 });
      expect((await decisions(2020)).deniedReasons).toEqual([
        expect.objectContaining({ applicationId: 'k1', reason: '不符合条件' }),
      ]);
      expect(await decisions(2021)).toMatchObject({ total: 1, granted: 1, denied: 0, onTime: 1 });
    });

    it('gives the figures as first recorded as of before the corrections, and as corrected as of after', async () => {
      expect(await decisions(2020, BEFORE_CORRECTIONS)).toMatchObject({ total: 2, granted: 2, denied: 0 });
      expect(await decisions(2021, BEFORE_CORRECTIONS)).toMatchObject({ total: 0 });
      const after = '2021-04-11T00:00:00.000Z';
      expect(await decisions(2020, after)).toEqual(await decisions(2020));
      expect(await decisions(2021, after)).toEqual(await decisions(2021));
    });

    it('gives the same figures after a rebuild from the first event', async () => {
      const live = [await decisions(2020), await decisions(2021)];
      await request(server()).post('/v1/admin/projections/yearly-figures/rebuild').expect(200);
      expect([await decisions(2020), await decisions(2021)]).toEqual(live);
    });

    it('judges the corrected facts in the compliance checks, and lists each correction', async () => {
      const report = (await get('/v1/audit/compliance/2020').expect(200)).body as {
        findings: { rule: string; applicationId?: string }[];
      };
      const rules = report.findings.map((f) => `${f.rule}:${f.applicationId ?? ''}`);
      // The corrected denial does not record the notice of the right to appeal.
      expect(rules).toContain('DENIAL.RIGHTS_NOTICE_MISSING:k1');
      expect(report.findings.filter((f) => f.rule === 'CORRECTION.RECORDED')).toHaveLength(2);
    });
  });

  describe('when the projection resumes from its checkpoint and another correction comes', () => {
    beforeAll(async () => {
      await app.close();
      await start();
      now = Date.parse('2021-04-20T00:00:00Z');
      // k2 was accepted on 2020-12-31, not 12-28: still before the (corrected) decision.
      await post('/v1/corrections', {
        streamId: `application-${AGENCY}.k2`,
        eventId: k2Acceptance,
        correctedAt: '2020-12-31T10:00:00+08:00',
        reason: '受理日期录错',
        authorisedBy: '法制科 张三',
      });
    });

    it('keeps every earlier correction and applies the new one, as a replay of every event does', async () => {
      // The live document against an as-of replay of the whole ledger (nothing recorded after now).
      const replayed = '2021-04-21T00:00:00.000Z';
      for (const year of [2020, 2021]) expect(await decisions(year)).toEqual(await decisions(year, replayed));
      expect(await decisions(2020)).toMatchObject({ total: 1, denied: 1 });
      expect(await decisions(2021)).toMatchObject({ total: 1, granted: 1 });
      // Pending at the end of 2020: k2, accepted on the corrected 2020-12-31 and decided in 2021.
      expect((await get('/v1/figures/2020').expect(200)).body.applications).toMatchObject({ pendingAtYearEnd: 1 });
    });
  });
});
