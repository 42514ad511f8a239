import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { AccessSettings, ApiKeyFile } from '@ledger/operations';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Credentials as an attacker and an identity provider meet them: malformed and unbounded JWTs are
 * 401 (never 500), keys come from the provider's JWKS, repeated failures are slowed to 429, and
 * every response carries security headers without naming the framework.
 */
const AGENCY = 'test-psb';
const SECRET = 'credentials-e2e-shared-secret-for-hs256';
const now = () => Math.floor(Date.now() / 1000);
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));

async function apiWith(dir: string, access: Omit<AccessSettings, 'mode' | 'apiKeysFile'>) {
  const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
  const app = await createApi(
    {
      config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
      eventStore: store,
      access: { mode: 'required', apiKeysFile: path.join(dir, 'api-keys.json'), ...access },
    },
    false,
  );
  await app.init();
  return app;
}

describe('credentials', () => {
  const dirs: string[] = [];
  const apps: INestApplication[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'credentials-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('when a JWT is malformed or unbounded', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await apiWith(fresh(), { jwt: { secret: SECRET, rolesClaim: 'roles' } });
      apps.push(app);
    });
    const figures = (token: string) =>
      request(app.getHttpServer()).get('/v1/figures/2021').set('authorization', `Bearer ${token}`);

    it.each([
      ['a null JOSE header', async () => `${part(null)}.${part({ sub: 'u', exp: now() + 60 })}.c2ln`],
      ['a header that is a string', async () => `${part('HS256')}.${part({ sub: 'u', exp: now() + 60 })}.c2ln`],
      ['a payload that is not JSON', async () => `${part({ alg: 'HS256' })}.bm90IGpzb24.c2ln`],
      ['no exp (valid forever)', () => hs256({ sub: 'u', roles: ['reporting'] })],
      ['a string exp', () => hs256({ sub: 'u', roles: ['reporting'], exp: String(now() + 60) })],
      ['a string nbf', () => hs256({ sub: 'u', roles: ['reporting'], exp: now() + 60, nbf: 'now' })],
      [
        'alg none',
        async () => `${part({ alg: 'none' })}.${part({ sub: 'u', exp: now() + 60, roles: ['reporting'] })}.`,
      ],
    ])('answers %s with 401 problem details', async (_, token) => {
      const res = await figures(await token());
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('accepts a well-formed token with a numeric exp', async () => {
      const token = await hs256({ sub: 'u', roles: ['reporting'], agencies: [AGENCY], exp: now() + 60 });
      expect((await figures(token)).status).toBe(200);
    });
  });

  describe('when the identity provider publishes its keys (JWKS)', () => {
    let app: INestApplication;
    let idp: Server;
    let jwks: object[] = [];
    beforeAll(async () => {
      idp = createServer((_, res) =>
        res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: jwks })),
      );
      await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks`;
      app = await apiWith(fresh(), { jwt: { jwksUrl: url, rolesClaim: 'roles' } });
      apps.push(app);
    });
    afterAll(() => new Promise((resolve) => idp.close(resolve)));

    it("accepts a token signed with the provider's key and refuses one signed with another", async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      jwks = [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }];
      const claims = {
        iss: 'https://idp.example',
        sub: 'clerk-9',
        roles: ['reporting'],
        agencies: [AGENCY],
        exp: now() + 60,
      };
      const good = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
      const session = await request(app.getHttpServer()).post('/v1/session').set('authorization', `Bearer ${good}`);
      expect(session.status).toBe(201);
      expect(session.body.principal).toBe('jwt:https://idp.example:clerk-9');
      const other = await generateKeyPair('ES256');
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(other.privateKey);
      const refused = await request(app.getHttpServer())
        .get('/v1/figures/2021')
        .set('authorization', `Bearer ${forged}`);
      expect(refused.status).toBe(401);
    });
  });

  describe('when credentials fail again and again', () => {
    let app: INestApplication;
    let goodKey: string;
    beforeAll(async () => {
      const dir = fresh();
      goodKey = new ApiKeyFile(path.join(dir, 'api-keys.json')).create('reporting', ['reporting']).key;
      app = await apiWith(dir, { authFailures: { limit: 3, windowSeconds: 60 } });
      apps.push(app);
    });

    it('answers 429 with Retry-After once the limit is passed, even for a right key from that address', async () => {
      const http = () => request(app.getHttpServer());
      const wrong = 'lk_0123456789ab_notthesecretnotthesecretnotthesecret00';
      for (let i = 0; i < 4; i++)
        await http().get('/v1/figures/2021').set('authorization', `Bearer ${wrong}`).expect(401);
      const blocked = await http().get('/v1/figures/2021').set('authorization', `Bearer ${goodKey}`);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.headers['content-type']).toContain('application/problem+json');
      // Asking without credentials is not guessing, and public endpoints stay open.
      await http().get('/health/live').expect(200);
    });
  });

  describe('security headers', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await apiWith(fresh(), {});
      apps.push(app);
    });

    it('sends helmet headers on the API and no X-Powered-By', async () => {
      const res = await request(app.getHttpServer()).get('/v1/figures/2021');
      expect(res.status).toBe(401);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it("keeps the dashboard's own CSP on /ui", async () => {
      const res = await request(app.getHttpServer()).get('/ui').expect(200);
      expect(res.headers['content-security-policy']).toContain("frame-src 'self' blob:");
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });
});
