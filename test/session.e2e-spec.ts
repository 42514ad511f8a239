import { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile } from '@ledger/operations';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/** Browser sign-in: a credential exchanged once for an HttpOnly, SameSite=Strict session cookie. */
const JWT_SECRET = 'test-secret-for-hs256-session-tokens';
const jwt = (claims: Record<string, unknown>) => {
  const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${head}.${body}.${createHmac('sha256', JWT_SECRET).update(`${head}.${body}`).digest('base64url')}`;
};
const cookieOf = (response: request.Response) => {
  const header = ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('ledger_session='));
  if (!header) throw new Error('no ledger_session cookie was set');
  return { header, pair: header.split(';')[0] };
};

describe('browser sessions', () => {
  let app: INestApplication;
  let dir: string;
  let keys: ApiKeyFile;
  let supervisorKey: string;
  let reportingKey: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-session-'));
    keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    supervisorKey = keys.create('supervisor', ['supervisor', 'reporting']).key;
    reportingKey = keys.create('reporting', ['reporting']).key;
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: 'test-psb' });
    app = await createApi(
      {
        config,
        eventStore: new SqliteEventStore(path.join(dir, 'events.sqlite')),
        access: { mode: 'required', apiKeysFile: keys.file, jwt: { secret: JWT_SECRET, rolesClaim: 'roles' } },
      },
      false,
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to sign in without a credential, or with a bad one, with 401 problem details', async () => {
    await http()
      .post('/v1/session')
      .expect(401)
      .expect('content-type', /problem\+json/);
    await http()
      .post('/v1/session')
      .set('authorization', 'Bearer lk_000000000000_notakeynotakeynotakeynotakeynotakey')
      .expect(401);
  });

  it('exchanges an API key for an HttpOnly, SameSite=Strict cookie that authenticates reads', async () => {
    const signIn = await http().post('/v1/session').set('authorization', `Bearer ${supervisorKey}`).expect(201);
    const { header, pair } = cookieOf(signIn);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toMatch(/; Expires=/);
    expect(signIn.body).toMatchObject({ roles: ['supervisor', 'reporting'] });
    expect(Date.parse(signIn.body.expiresAt) - Date.now()).toBeGreaterThan(479 * 60_000);
    // The secret is not the cookie.
    expect(pair).not.toContain(supervisorKey.split('_')[2]);

    await http().get('/v1/figures/2020').set('cookie', pair).expect(200);
    expect((await http().get('/v1/session').set('cookie', pair).expect(200)).body).toMatchObject({
      roles: ['supervisor', 'reporting'],
      expiresAt: signIn.body.expiresAt,
    });
    // The cookie alone records nothing: commands still need the Authorization header.
    await http()
      .post('/v1/inspections')
      .set('cookie', pair)
      .send({
        kind: 'external-supervision',
        at: '2020-03-01T09:00:00+08:00',
        department: '治安',
        findings: '无',
        rectificationRequired: false,
      })
      .expect(401);
  });

  it('keeps the roles of the credential: a reporting session gets 403 where reporting may not go', async () => {
    const { pair } = cookieOf(
      await http().post('/v1/session').set('authorization', `Bearer ${reportingKey}`).expect(201),
    );
    await http().get('/v1/figures/2020').set('cookie', pair).expect(200);
    const refused = await http().get('/v1/audit/compliance/2020').set('cookie', pair).expect(403);
    expect(refused.body.detail).toContain('supervisor');
  });

  it('signs out for good: the old cookie no longer works and the answer clears it', async () => {
    const { pair } = cookieOf(
      await http().post('/v1/session').set('authorization', `Bearer ${supervisorKey}`).expect(201),
    );
    const out = await http().delete('/v1/session').set('cookie', pair).expect(204);
    expect(cookieOf(out).header).toMatch(/Expires=Thu, 01 Jan 1970/);
    await http().get('/v1/figures/2020').set('cookie', pair).expect(401);
    await http().get('/v1/session').set('cookie', pair).expect(401);
  });

  it('ends the sessions of a revoked API key at once', async () => {
    const { key, record } = keys.create('short-lived', ['reporting']);
    const { pair } = cookieOf(await http().post('/v1/session').set('authorization', `Bearer ${key}`).expect(201));
    await http().get('/v1/figures/2020').set('cookie', pair).expect(200);
    keys.revoke(record.id);
    await http().get('/v1/figures/2020').set('cookie', pair).expect(401);
  });

  it('never outlives the JWT it was opened with', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const signIn = await http()
      .post('/v1/session')
      .set(
        'authorization',
        `Bearer ${jwt({ iss: 'https://idp.example', sub: 'u-7', roles: ['reporting'], agencies: ['test-psb'], exp })}`,
      )
      .expect(201);
    expect(signIn.body).toMatchObject({
      principal: 'jwt:https://idp.example:u-7',
      roles: ['reporting'],
      expiresAt: new Date(exp * 1000).toISOString(),
    });
    await http().get('/v1/figures/2020').set('cookie', cookieOf(signIn).pair).expect(200);
  });

  it('cannot be renewed with the session itself', async () => {
    const { pair } = cookieOf(
      await http().post('/v1/session').set('authorization', `Bearer ${supervisorKey}`).expect(201),
    );
    await http().post('/v1/session').set('cookie', pair).expect(401);
  });
});
