import { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile, ROLES, Role } from '@ledger/operations';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * The role matrix: each role against each class of endpoint. A cell is either allowed (the
 * request succeeds with the endpoint's own status: a 404 or 400 would hide a broken fixture
 * behind "got past authorisation") or refused with 403 problem details.
 */
type EndpointClass = {
  name: string;
  allowed: Role[];
  /** What an allowed role gets. */
  status: number;
  call: (agent: request.Agent, auth: Record<string, string>) => request.Test;
};

const item = (code: string) => ({
  code,
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
const next = () => `${Date.now()}-${counter++}`;

const CLASSES: EndpointClass[] = [
  {
    name: 'catalogue commands',
    status: 201,
    allowed: ['admin'],
    call: (a, h) =>
      a
        .post('/v1/items')
        .set(h)
        .send(item(`R-${next()}`)),
  },
  {
    name: 'recording commands',
    status: 201,
    allowed: ['clerk'],
    call: (a, h) =>
      a
        .post('/v1/applications')
        .set(h)
        .send({
          applicationId: `app-${next()}`,
          itemCode: 'BASE',
          channel: 'online',
          filedAt: '2021-03-01T09:00:00+08:00',
          applicant: { name: '测试甲' },
        }),
  },
  {
    name: 'supervision facts',
    status: 201,
    allowed: ['clerk', 'supervisor'],
    call: (a, h) =>
      a.post('/v1/inspections').set(h).send({
        kind: 'external-supervision',
        at: '2021-03-01T09:00:00+08:00',
        department: '治安',
        findings: '无',
        rectificationRequired: false,
      }),
  },
  {
    name: 'application state',
    status: 200,
    allowed: ['clerk', 'supervisor', 'legal'],
    call: (a, h) => a.get('/v1/applications/base-app').set(h),
  },
  {
    name: 'stream events (personal data withheld)',
    status: 200,
    allowed: ['clerk', 'supervisor', 'legal'],
    call: (a, h) => a.get('/v1/streams/application-test-psb.base-app/events').set(h),
  },
  {
    name: 'personal data',
    status: 200,
    allowed: ['supervisor', 'legal'],
    call: (a, h) => a.get('/v1/streams/application-test-psb.base-app/events?personalData=true&purpose=复议答辩').set(h),
  },
  {
    name: 'figures',
    status: 200,
    allowed: ['reporting', 'supervisor', 'legal', 'admin'],
    call: (a, h) => a.get('/v1/figures/2021').set(h),
  },
  {
    name: 'projection rebuild',
    status: 200,
    allowed: ['admin'],
    call: (a, h) => a.post('/v1/admin/projections/yearly-figures/rebuild?year=2021').set(h),
  },
];

describe('access control', () => {
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  const keyOf: Partial<Record<Role, string>> = {};
  const bearer = (role: Role) => ({ authorization: `Bearer ${keyOf[role]}` });
  let keys: ApiKeyFile;
  const JWT_SECRET = 'test-secret-for-hs256-tokens-only';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'access-'));
    keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    for (const role of ROLES) keyOf[role] = keys.create(`${role}-key`, [role]).key;
    store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: 'test-psb' });
    app = await createApi(
      {
        config,
        eventStore: store,
        access: { mode: 'required', apiKeysFile: keys.file, jwt: { secret: JWT_SECRET, rolesClaim: 'roles' } },
      },
      false,
    );
    await app.init();
    const agent = request(app.getHttpServer());
    await agent.post('/v1/items').set(bearer('admin')).send(item('BASE')).expect(201);
    await agent
      .post('/v1/applications')
      .set(bearer('clerk'))
      .send({
        applicationId: 'base-app',
        itemCode: 'BASE',
        channel: 'online',
        filedAt: '2021-03-01T09:00:00+08:00',
        applicant: { name: '测试乙', idNumber: 'DEMO-0002' },
      })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe.each(CLASSES)('when calling $name', (endpoint) => {
    it.each(ROLES.map((role) => [role, endpoint.allowed.includes(role)] as const))(
      'as %s: allowed = %s',
      async (role, allowed) => {
        const res = await endpoint.call(request.agent(app.getHttpServer()), bearer(role));
        if (allowed) {
          expect({ status: res.status, body: res.status === endpoint.status ? undefined : res.body }).toEqual({
            status: endpoint.status,
            body: undefined,
          });
        } else {
          expect(res.status).toBe(403);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
        }
      },
    );

    it('refuses a caller without credentials with 401', async () => {
      const res = await endpoint.call(request.agent(app.getHttpServer()), {});
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('when credentials are wrong', () => {
    it('refuses an unknown API key', async () => {
      await request(app.getHttpServer())
        .get('/v1/figures/2021')
        .set({ authorization: 'Bearer lk_0123456789ab_notthesecretnotthesecretnotthesecret00' })
        .expect(401);
    });

    it('refuses a revoked key', async () => {
      const { key, record } = keys.create('temporary', ['reporting']);
      await request(app.getHttpServer())
        .get('/v1/figures/2021')
        .set({ authorization: `Bearer ${key}` })
        .expect(200);
      keys.revoke(record.id);
      await request(app.getHttpServer())
        .get('/v1/figures/2021')
        .set({ authorization: `Bearer ${key}` })
        .expect(401);
    });
  });

  describe('when a JWT bearer token is presented', () => {
    const jwt = (claims: Record<string, unknown>, secret = JWT_SECRET) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts a valid token with its roles', async () => {
      await request(app.getHttpServer())
        .get('/v1/figures/2021')
        .set({
          authorization: `Bearer ${jwt({ sub: 'u1', roles: ['reporting'], agencies: ['test-psb'], exp: now() + 60 })}`,
        })
        .expect(200);
    });

    it('refuses a token without the role', async () => {
      await request(app.getHttpServer())
        .post('/v1/items')
        .set({ authorization: `Bearer ${jwt({ sub: 'u1', roles: ['reporting'], exp: now() + 60 })}` })
        .send(item('J-1'))
        .expect(403);
    });

    it.each([
      ['an expired token', () => jwt({ sub: 'u1', roles: ['reporting'], exp: now() - 3600 })],
      ['a token signed with another secret', () => jwt({ sub: 'u1', roles: ['reporting'] }, 'another-secret')],
      [
        'an unsigned token',
        () =>
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"roles":["admin"]}').toString('base64url')}.`,
      ],
    ])('refuses %s', async (_what, token) => {
      const res = await request(app.getHttpServer())
        .get('/v1/figures/2021')
        .set({ authorization: `Bearer ${token()}` });
      expect(res.status).toBe(401);
    });
  });

  describe('when personal data is read', () => {
    it('needs a purpose', async () => {
      const res = await request(app.getHttpServer())
        .get('/v1/streams/application-test-psb.base-app/events?personalData=true')
        .set(bearer('legal'))
        .expect(400);
      expect(res.body.errors[0].field).toBe('purpose');
    });

    it('shows it decrypted and records who read it, when and why, without personal data in the record', async () => {
      const res = await request(app.getHttpServer())
        .get('/v1/streams/application-test-psb.base-app/events?personalData=true&purpose=行政复议答辩')
        .set(bearer('legal'))
        .expect(200);
      expect(res.body[0].data.applicant.name).toBe('测试乙');
      const log = await request(app.getHttpServer())
        .get('/v1/streams/access-log-test-psb/events')
        .set(bearer('supervisor'))
        .expect(200);
      const access = log.body.filter((e: { type: string }) => e.type === 'PersonalDataAccessed.v1');
      const last = access[access.length - 1];
      expect(last.data).toMatchObject({
        streamId: 'application-test-psb.base-app',
        purpose: '行政复议答辩',
        role: 'legal',
      });
      expect(last.data.subjectIds).toHaveLength(1);
      expect(last.metadata.actor).toContain('legal-key');
      expect(JSON.stringify(log.body)).not.toContain('测试乙');
      expect(JSON.stringify(log.body)).not.toContain('DEMO-0002');
    });

    it('withholds it from everyone by default', async () => {
      const res = await request(app.getHttpServer())
        .get('/v1/streams/application-test-psb.base-app/events')
        .set(bearer('legal'))
        .expect(200);
      expect(JSON.stringify(res.body)).not.toContain('测试乙');
    });
  });

  describe('when operations endpoints are called', () => {
    it('serves health and metrics without credentials', async () => {
      await request(app.getHttpServer()).get('/health/live').expect(200);
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(metrics.text).toContain('ledger_commands_total{command="file-application",outcome="recorded"}');
      expect(metrics.text).toMatch(
        /ledger_appended_events_total\{event_type="ApplicationFiled.v1",outcome="stored"\} \d+/,
      );
      expect(metrics.text).toContain('ledger_projection_lag_events{projection="yearly-figures"}');
      expect(metrics.text).toContain('ledger_projection_checkpoint_age_seconds');
    });

    it('records the authenticated caller as the actor', async () => {
      const res = await request(app.getHttpServer())
        .get('/v1/streams/application-test-psb.base-app/events')
        .set(bearer('clerk'))
        .expect(200);
      expect(res.body[0].metadata.actor).toContain('clerk-key');
    });
  });
});
