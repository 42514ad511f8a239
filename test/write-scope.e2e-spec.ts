import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile } from '@ledger/operations';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Writes are scoped by the principal: a key records facts for its own agencies only, under its own
 * name unless it may relay, and every event names the credential that recorded it.
 */
const A = 'a-psb';
const B = 'b-psb';

const item = (agency: string) => ({
  agency,
  code: 'HOTEL',
  name: '旅馆业特种行业许可证核发',
  department: '治安',
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 0,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
  effectiveFrom: '2020-01-01T00:00:00+08:00',
});
let counter = 0;
const application = (extra: Record<string, unknown> = {}) => ({
  applicationId: `ws-${counter++}`,
  itemCode: 'HOTEL',
  channel: 'online',
  filedAt: '2021-03-01T09:00:00+08:00',
  applicant: { name: '测试丙', idNumber: 'DEMO-0003' },
  ...extra,
});

describe('write scope', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  const key: Record<string, { key: string; id: string }> = {};
  const bearer = (name: string) => ({ authorization: `Bearer ${key[name].key}` });
  const http = () => request(app.getHttpServer());
  const eventsOf = (streamId: string) => http().get(`/v1/streams/${streamId}/events`).set(bearer('operator'));
  /** The store's head: a refused command must leave it where it was (whatever the stream names). */
  const head = async () => JSON.stringify(await store.headPosition(), (_, v) => (typeof v === 'bigint' ? `${v}` : v));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'write-scope-'));
    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    const make = (name: string, roles: Parameters<ApiKeyFile['create']>[1], options = {}) => {
      const { key: secret, record } = keys.create(name, roles, options);
      key[name] = { key: secret, id: record.id };
    };
    make('operator', ['admin', 'clerk', 'legal', 'supervisor'], { agencies: '*', relay: true });
    make('clerk-a', ['clerk'], { agencies: [A] });
    make('clerk-ab', ['clerk'], { agencies: [A, B] });
    make('clerk-all', ['clerk'], { agencies: '*' });
    make('admin-a', ['admin'], { agencies: [A] });
    make('intake-a', ['clerk'], { agencies: [A], relay: true });
    make('intake-role', ['clerk', 'relay'], { agencies: [A] });
    store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: 'deployment-psb' });
    app = await createApi({ config, eventStore: store, access: { mode: 'required', apiKeysFile: keys.file } }, false);
    await app.init();
    for (const agency of [A, B]) await http().post('/v1/items').set(bearer('operator')).send(item(agency)).expect(201);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when a key names an agency it does not act for', () => {
    it('is refused with 403 ACCESS.AGENCY_FORBIDDEN and nothing is recorded', async () => {
      const before = await head();
      const res = await http()
        .post('/v1/applications')
        .set(bearer('clerk-a'))
        .send(application({ agency: B }))
        .expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 403, code: 'ACCESS.AGENCY_FORBIDDEN' });
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'agency' })]);
      expect(await head()).toBe(before);
    });

    it('refuses a catalogue change for another agency too', async () => {
      const res = await http()
        .post('/v1/items')
        .set(bearer('admin-a'))
        .send({ ...item(B), code: 'OTHER' })
        .expect(403);
      expect(res.body.code).toBe('ACCESS.AGENCY_FORBIDDEN');
    });
  });

  describe('when a key acts for one agency', () => {
    it('records a command that names no agency in that agency, with metadata.principal beside the actor', async () => {
      const filing = await http().post('/v1/applications').set(bearer('clerk-a')).send(application()).expect(201);
      const [filed] = (await eventsOf(filing.body.streamId).expect(200)).body;
      expect(filed.metadata).toMatchObject({ agency: A, actor: 'clerk-a', principal: `api-key:${key['clerk-a'].id}` });
    });
  });

  describe('when a key acts for two agencies', () => {
    it('records for each agency it names', async () => {
      for (const agency of [A, B]) {
        const filing = await http()
          .post('/v1/applications')
          .set(bearer('clerk-ab'))
          .send(application({ agency }))
          .expect(201);
        const [filed] = (await eventsOf(filing.body.streamId)).body;
        expect(filed.metadata.agency).toBe(agency);
      }
    });

    it('asks for the agency when the command names none and the deployment agency is not its own', async () => {
      const res = await http().post('/v1/applications').set(bearer('clerk-ab')).send(application()).expect(403);
      expect(res.body.code).toBe('ACCESS.AGENCY_FORBIDDEN');
      expect(res.body.detail).toMatch(/^name the agency/);
    });
  });

  it('lets a * key record for any agency', async () => {
    const body = application({ agency: B });
    await http().post('/v1/applications').set(bearer('clerk-all')).send(body).expect(201);
  });

  describe('when a command names an actor', () => {
    it('refuses another actor from a key that may not relay (403 ACTOR.RELAY_FORBIDDEN), recording nothing', async () => {
      const before = await head();
      const res = await http()
        .post('/v1/applications')
        .set(bearer('clerk-a'))
        .send(application({ agency: A, actor: 'supervisor-chief-director' }))
        .expect(403);
      expect(res.body).toMatchObject({ code: 'ACTOR.RELAY_FORBIDDEN' });
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'actor' })]);
      expect(await head()).toBe(before);
    });

    it("accepts the key's own name", async () => {
      await http()
        .post('/v1/applications')
        .set(bearer('clerk-a'))
        .send(application({ actor: 'clerk-a' }))
        .expect(201);
    });

    it.each(['intake-a', 'intake-role'])(
      'records the named actor on behalf of whom %s relays, and the key as principal',
      async (relay) => {
        const filing = await http()
          .post('/v1/applications')
          .set(bearer(relay))
          .send(application({ actor: 'clerk-17' }))
          .expect(201);
        const [filed] = (await eventsOf(filing.body.streamId)).body;
        expect(filed.metadata).toMatchObject({ agency: A, actor: 'clerk-17', principal: `api-key:${key[relay].id}` });
      },
    );

    it('still keeps a relaying key to its agencies', async () => {
      const res = await http()
        .post('/v1/applications')
        .set(bearer('intake-a'))
        .send(application({ agency: B, actor: 'clerk-17' }))
        .expect(403);
      expect(res.body.code).toBe('ACCESS.AGENCY_FORBIDDEN');
    });
  });

  describe('when a relayed fact is read back', () => {
    const id = `relayed-${Date.now()}`;
    beforeAll(async () => {
      await http()
        .post('/v1/applications')
        .set(bearer('intake-a'))
        .send(application({ applicationId: id, actor: 'clerk-17' }))
        .expect(201);
    });

    it('the replay shows who recorded it and on whose behalf', async () => {
      const res = await http()
        .get(`/v1/audit/applications/${id}/replay?agency=${A}`)
        .set(bearer('operator'))
        .expect(200);
      expect(res.body.steps[0]).toMatchObject({ actor: 'clerk-17', principal: `api-key:${key['intake-a'].id}` });
    });

    it('the trail shows both, in JSON and in the printable HTML, and its export record names the reader', async () => {
      const json = await http()
        .get(`/v1/trails/applications/${id}?agency=${A}&purpose=court&format=json`)
        .set(bearer('operator'))
        .expect(200);
      expect(json.body.entries[0]).toMatchObject({ actor: 'clerk-17', principal: `api-key:${key['intake-a'].id}` });
      const html = await http()
        .get(`/v1/trails/applications/${id}?agency=${A}&purpose=court&format=html`)
        .set(bearer('operator'))
        .expect(200);
      expect(html.text).toContain(`经 api-key:${key['intake-a'].id} 记录`);
      const log = await eventsOf(`access-log-${A}`).expect(200);
      const exported = log.body.filter((e: { type: string }) => e.type === 'TrailExported.v1').pop();
      expect(exported.metadata).toMatchObject({ actor: 'operator', principal: `api-key:${key.operator.id}` });
    });
  });

  describe('when a write outside the commands concerns an agency', () => {
    const TEXTS = { problems: '问题', measures: '措施', signatory: '某局', date: '2021-03-30' };

    it("refuses report texts for another agency, and records them for the key's own", async () => {
      const before = await head();
      const refused = await http()
        .put(`/v1/reports/2021/texts?agency=${B}`)
        .set(bearer('admin-a'))
        .send(TEXTS)
        .expect(403);
      expect(refused.body).toMatchObject({ code: 'ACCESS.AGENCY_FORBIDDEN' });
      expect(await head()).toBe(before);
      const recorded = await http()
        .put(`/v1/reports/2021/texts?agency=${A}`)
        .set(bearer('admin-a'))
        .send(TEXTS)
        .expect(200);
      const [event] = (await eventsOf(recorded.body.streamId)).body;
      expect(event.metadata).toMatchObject({ agency: A, actor: 'admin-a', principal: `api-key:${key['admin-a'].id}` });
    });

    it.each([
      ['the region hierarchy', '/v1/admin/regions'],
      ['the working-day calendar', '/v1/admin/calendar/2031'],
    ])('keeps %s, which holds for every agency, to * principals', async (what, url) => {
      const before = await head();
      const refused = await http().put(url).set(bearer('admin-a')).send({}).expect(403);
      expect(refused.body).toMatchObject({ code: 'ACCESS.AGENCY_FORBIDDEN' });
      expect(refused.body.detail).toContain(what);
      expect(await head()).toBe(before);
      // A * principal gets past the scope to the body's own rules (an empty body is a 400).
      expect((await http().put(url).set(bearer('operator')).send({})).status).toBe(400);
    });
  });

  describe('the matrix: principal × agency named × write', () => {
    let code = 0;
    type Case = { principal: string; what: 'application' | 'item'; agency: string; status: number; problem?: string };
    const cases: Case[] = [
      { principal: 'clerk-a', what: 'application', agency: A, status: 201 },
      { principal: 'clerk-a', what: 'application', agency: B, status: 403, problem: 'ACCESS.AGENCY_FORBIDDEN' },
      { principal: 'clerk-ab', what: 'application', agency: A, status: 201 },
      { principal: 'clerk-ab', what: 'application', agency: B, status: 201 },
      { principal: 'clerk-all', what: 'application', agency: B, status: 201 },
      { principal: 'admin-a', what: 'application', agency: A, status: 403 },
      { principal: 'admin-a', what: 'item', agency: A, status: 201 },
      { principal: 'admin-a', what: 'item', agency: B, status: 403, problem: 'ACCESS.AGENCY_FORBIDDEN' },
      { principal: 'operator', what: 'item', agency: B, status: 201 },
      { principal: 'clerk-all', what: 'item', agency: A, status: 403 },
    ];
    it.each(cases)(
      '$principal filing an $what for $agency: $status',
      async ({ principal, what, agency, status, problem }) => {
        const res =
          what === 'application'
            ? await http().post('/v1/applications').set(bearer(principal)).send(application({ agency }))
            : await http()
                .post('/v1/items')
                .set(bearer(principal))
                .send({ ...item(agency), code: `M-${code++}` });
        expect(res.status).toBe(status);
        if (status === 201) expect(res.body.streamId).toContain(agency);
        if (problem) expect(res.body.code).toBe(problem);
        // A refusal names no other agency's records: only the caller's own agencies and the one it named.
        if (status === 403) expect(JSON.stringify(res.body)).not.toMatch(/ws-\d+/);
      },
    );
  });
});
