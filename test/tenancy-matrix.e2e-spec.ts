import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile, Principal, Role } from '@ledger/operations';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * The tenancy matrix: principals (each role × one agency, two agencies, every agency) × every
 * endpoint that takes or implies an agency, asking for agency B's records and figures. A cell is
 * the exact status, and every body is checked for what only B holds: a principal that does not
 * act for B learns nothing of it, not even whether it exists.
 */

const A = 'alpha-psb'; // the deployment's agency (LEDGER_AGENCY)
const B = 'beta-psb';
const UNKNOWN = 'gamma-psb'; // an agency nobody recorded anything for

/** Strings only agency B's records hold: none may reach a principal that does not act for B. */
const B_ONLY = ['B-ONLY-7', '贝塔专有事项', '贝塔科', '贝塔投诉', '贝塔问题'];

const SCOPES = {
  'one agency (A)': [A],
  'two agencies (A, B)': [A, B],
  'every agency (*)': '*',
} as const satisfies Record<string, Principal['agencies']>;
type Scope = keyof typeof SCOPES;
const ROLES: Role[] = ['clerk', 'supervisor', 'legal', 'reporting', 'admin'];

const item = (code: string, name: string, department: string, agency: string) => ({
  code,
  name,
  department,
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 0,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
  effectiveFrom: '2020-01-01T00:00:00+08:00',
  agency,
});
const filing = (applicationId: string, agency: string) => ({
  applicationId,
  itemCode: 'X-1',
  channel: 'window',
  filedAt: '2021-03-01T09:00:00+08:00',
  applicant: { name: '测试丙', idNumber: 'DEMO-0003' },
  agency,
});

interface Endpoint {
  name: string;
  roles: Role[];
  url: string;
  /** When the caller does not act for B: a request for a truly unknown record or agency, whose answer it must get. */
  unknownTwin: string;
}

const TRAIL = `purpose=${encodeURIComponent('行政复议答辩')}&format=json`;
const ENDPOINTS: Endpoint[] = [
  {
    name: 'application view',
    roles: ['clerk', 'supervisor', 'legal'],
    url: `/v1/applications/SAME-1?agency=${B}`,
    unknownTwin: `/v1/applications/SAME-1?agency=${UNKNOWN}`,
  },
  {
    name: 'application view of an id only B has',
    roles: ['clerk', 'supervisor', 'legal'],
    url: `/v1/applications/B-ONLY-7?agency=${B}`,
    unknownTwin: `/v1/applications/B-ONLY-7?agency=${UNKNOWN}`,
  },
  {
    name: 'stream of a record',
    roles: ['clerk', 'supervisor', 'legal'],
    url: `/v1/streams/application-${B}.SAME-1/events`,
    unknownTwin: `/v1/streams/application-${B}.NEVER-1/events`,
  },
  {
    name: 'figures',
    roles: ['reporting', 'supervisor', 'legal', 'admin'],
    url: `/v1/figures/2021?agency=${B}`,
    unknownTwin: `/v1/figures/2021?agency=${UNKNOWN}`,
  },
  {
    name: 'figures by department',
    roles: ['reporting', 'supervisor', 'legal', 'admin'],
    url: `/v1/figures/2021/departments?agency=${B}`,
    unknownTwin: `/v1/figures/2021/departments?agency=${UNKNOWN}`,
  },
  {
    name: 'figures by item',
    roles: ['reporting', 'supervisor', 'legal', 'admin'],
    url: `/v1/figures/2021/items?agency=${B}`,
    unknownTwin: `/v1/figures/2021/items?agency=${UNKNOWN}`,
  },
  {
    name: 'monthly figures',
    roles: ['reporting', 'supervisor', 'legal', 'admin'],
    url: `/v1/figures/2021/monthly?agency=${B}`,
    unknownTwin: `/v1/figures/2021/monthly?agency=${UNKNOWN}`,
  },
  {
    name: 'report',
    roles: ['reporting', 'supervisor', 'legal', 'admin'],
    url: `/v1/reports/2021?agency=${B}&format=json`,
    unknownTwin: `/v1/reports/2021?agency=${UNKNOWN}&format=json`,
  },
  {
    name: 'report texts',
    roles: ['reporting', 'supervisor', 'legal', 'admin'],
    url: `/v1/reports/2021/texts?agency=${B}`,
    unknownTwin: `/v1/figures/2021?agency=${UNKNOWN}`,
  },
  {
    name: 'application replay',
    roles: ['supervisor'],
    url: `/v1/audit/applications/SAME-1/replay?agency=${B}`,
    unknownTwin: `/v1/audit/applications/SAME-1/replay?agency=${UNKNOWN}`,
  },
  {
    name: "ledger replay of one agency's events",
    roles: ['supervisor'],
    url: `/v1/audit/replay?agency=${B}`,
    unknownTwin: `/v1/figures/2021?agency=${UNKNOWN}`,
  },
  {
    name: 'compliance checks',
    roles: ['supervisor'],
    url: `/v1/audit/compliance/2021?agency=${B}`,
    unknownTwin: `/v1/audit/compliance/2021?agency=${UNKNOWN}`,
  },
  {
    name: 'printable trail',
    roles: ['legal', 'supervisor'],
    url: `/v1/trails/applications/SAME-1?agency=${B}&${TRAIL}`,
    unknownTwin: `/v1/trails/applications/SAME-1?agency=${UNKNOWN}&${TRAIL}`,
  },
  {
    name: 'access log (internal: supervisors, legal staff)',
    roles: ['supervisor', 'legal'],
    url: `/v1/streams/access-log-${B}/events`,
    unknownTwin: `/v1/streams/access-log-${UNKNOWN}/events`,
  },
  {
    name: 'report texts stream (internal: supervisors, legal staff)',
    roles: ['supervisor', 'legal'],
    url: `/v1/streams/report-${B}.2021/events`,
    unknownTwin: `/v1/streams/report-${UNKNOWN}.2021/events`,
  },
  {
    name: "a data subject's erasure (internal: legal staff)",
    roles: ['legal'],
    url: '/v1/streams/subject-{subjectOfB}/events',
    unknownTwin: '/v1/streams/subject-nobody/events',
  },
];

/** Roles the HTTP role guard admits on the endpoint (internal streams narrow them further). */
const GUARD_ROLES: Record<string, Role[]> = {
  'access log (internal: supervisors, legal staff)': ['clerk', 'supervisor', 'legal'],
  'report texts stream (internal: supervisors, legal staff)': ['clerk', 'supervisor', 'legal'],
  "a data subject's erasure (internal: legal staff)": ['clerk', 'supervisor', 'legal'],
};

describe('tenancy: who sees which agency', () => {
  let app: INestApplication;
  let dir: string;
  const keyOf = new Map<string, string>();
  const as = (role: Role, scope: Scope) => ({ authorization: `Bearer ${keyOf.get(`${role} ${scope}`)}` });
  const get = (url: string, auth: Record<string, string>) => request(app.getHttpServer()).get(url).set(auth);
  const root = { authorization: '' };
  /** The data subject of B's application B-ONLY-7, erased in B. */
  let subjectOfB = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tenancy-'));
    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    for (const role of ROLES)
      for (const [scope, agencies] of Object.entries(SCOPES))
        keyOf.set(`${role} ${scope}`, keys.create(`${role}-${scope}`, [role], { agencies }).key);
    root.authorization = `Bearer ${keys.create('root', ['admin', 'clerk', 'supervisor', 'legal'], { agencies: '*' }).key}`;
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const firstEventOf = async (streamId: string) => {
      for await (const event of store.readStream(streamId)) return event;
      throw new Error(`no stream ${streamId}`);
    };
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: A });
    app = await createApi({ config, eventStore: store, access: { mode: 'required', apiKeysFile: keys.file } }, false);
    await app.init();
    const post = (url: string, body: object) => request(app.getHttpServer()).post(url).set(root).send(body);

    await post('/v1/items', item('X-1', '阿尔法事项', '治安', A)).expect(201);
    await post('/v1/items', item('X-1', '贝塔专有事项', '贝塔科', B)).expect(201);
    // The same application id in both agencies: two records, A's accepted, B's not.
    await post('/v1/applications', filing('SAME-1', A)).expect(201);
    await post('/v1/applications/SAME-1/acceptance', { accepted: true, at: '2021-03-02T10:00:00+08:00', agency: A });
    await post('/v1/applications', filing('SAME-1', B)).expect(201);
    await post('/v1/applications/SAME-1/acceptance', {
      accepted: false,
      reason: '贝塔问题：材料不全',
      at: '2021-03-02T10:00:00+08:00',
      agency: B,
    }).expect(201);
    await post('/v1/applications', filing('B-ONLY-7', B)).expect(201);
    const filedB = await firstEventOf(`application-${B}.B-ONLY-7`);
    subjectOfB = (filedB.data.applicant as { sealed: { subjectId: string } }).sealed.subjectId;
    await post(`/v1/admin/subjects/${subjectOfB}/erasure`, {
      reason: '《个人信息保护法》第四十七条',
      agency: B,
    }).expect(201);
    await post('/v1/complaints', { at: '2021-04-01T10:00:00+08:00', channel: '12345', subject: '贝塔投诉', agency: B });
    // B's internal streams: a trail export on its access log, staff texts on its report stream.
    await request(app.getHttpServer()).get(`/v1/trails/applications/SAME-1?agency=${B}&${TRAIL}`).set(root).expect(200);
    await request(app.getHttpServer())
      .put(`/v1/reports/2021/texts?agency=${B}`)
      .set(root)
      .send({ problems: '贝塔问题', measures: '贝塔措施', signatory: '贝塔局', date: '2022-03-30' })
      .expect(200);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cells = ENDPOINTS.flatMap((endpoint) =>
    ROLES.flatMap((role) => (Object.keys(SCOPES) as Scope[]).map((scope) => [endpoint, role, scope] as const)),
  );

  it.each(cells.map(([e, role, scope]) => [e.name, role, scope, e, role, scope] as const))(
    '%s as %s of %s',
    async (_name, _role, _scope, endpoint, role, scope) => {
      const res = await get(endpoint.url.replace('{subjectOfB}', subjectOfB), as(role, scope));
      const guarded = GUARD_ROLES[endpoint.name] ?? endpoint.roles;
      const readsB = SCOPES[scope] === '*' || SCOPES[scope].includes(B as never);
      if (!guarded.includes(role)) {
        expect(res.status).toBe(403);
      } else if (endpoint.roles.includes(role) && readsB) {
        expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({
          status: 200,
          body: undefined,
        });
      } else {
        // Not B's reader: exactly the answer to a record or agency nobody has.
        expect(res.status).toBe(404);
        const twin = await get(endpoint.unknownTwin, root);
        expect(twin.status).toBe(404);
        const asked = (body: { type: string; title: string; status: number; code?: string }) => ({
          type: body.type,
          title: body.title,
          status: body.status,
          code: body.code,
        });
        expect(asked(res.body)).toEqual(asked(twin.body));
        if (endpoint.unknownTwin.replace(UNKNOWN, B) === endpoint.url || endpoint.unknownTwin.includes('NEVER-1'))
          expect(res.body.detail).toBe(twin.body.detail.replace(UNKNOWN, B).replace('NEVER-1', 'SAME-1'));
      }
      if (!readsB)
        for (const secret of B_ONLY) if (!endpoint.url.includes(secret)) expect(res.text).not.toContain(secret);
    },
  );

  describe('when a request names no agency', () => {
    it("reads the caller's only agency, or the deployment's for a caller of several", async () => {
      for (const scope of Object.keys(SCOPES) as Scope[]) {
        const res = await get('/v1/applications/SAME-1', as('clerk', scope)).expect(200);
        expect(res.body).toMatchObject({ agency: A, phase: 'accepted' });
      }
    });

    it('answers a one-agency caller 404 for an id only another agency has, as for an unknown id', async () => {
      const res = await get('/v1/applications/B-ONLY-7', as('clerk', 'one agency (A)')).expect(404);
      const unknown = await get('/v1/applications/NEVER-9', as('clerk', 'one agency (A)')).expect(404);
      expect(res.text).toBe(unknown.text.replaceAll('NEVER-9', 'B-ONLY-7'));
    });

    it("replays only the caller's agencies", async () => {
      const one = await get('/v1/audit/replay', as('supervisor', 'one agency (A)')).expect(200);
      expect(new Set(one.body.events.map((e: { agency: string }) => e.agency))).toEqual(new Set([A]));
      for (const secret of [B, ...B_ONLY]) expect(one.text).not.toContain(secret);
      const all = await get('/v1/audit/replay', as('supervisor', 'every agency (*)')).expect(200);
      expect(new Set(all.body.events.map((e: { agency: string }) => e.agency))).toEqual(new Set([A, B]));
    });
  });

  describe('when two agencies use the same application id', () => {
    it('keeps two records, each with its own state and figures', async () => {
      const ofA = await get(`/v1/applications/SAME-1?agency=${A}`, root).expect(200);
      const ofB = await get(`/v1/applications/SAME-1?agency=${B}`, root).expect(200);
      expect(ofA.body).toMatchObject({ agency: A, phase: 'accepted', streamId: `application-${A}.SAME-1` });
      expect(ofB.body).toMatchObject({ agency: B, phase: 'not-accepted', streamId: `application-${B}.SAME-1` });
      const figuresA = (await get(`/v1/figures/2021?agency=${A}`, root).expect(200)).body.applications;
      const figuresB = (await get(`/v1/figures/2021?agency=${B}`, root).expect(200)).body.applications;
      expect(figuresA).toMatchObject({ received: 1, accepted: 1, notAccepted: 0 });
      expect(figuresB).toMatchObject({ received: 2, accepted: 0, notAccepted: 1 });
    });
  });
});
