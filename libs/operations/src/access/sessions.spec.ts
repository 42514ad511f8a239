import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiKeyFile } from './api-keys';
import type { Principal } from './principal';
import { SessionStore, describeCredential } from './sessions';

describe('SessionStore', () => {
  let dir: string;
  let keys: ApiKeyFile;
  let now: Date;
  const principal: Principal = {
    id: 'api-key:abc',
    actor: 'reporting-ui',
    roles: ['reporting'],
    agencies: ['jiangmen-psb'],
    defaultAgency: 'jiangmen-psb',
    canRelay: false,
    via: 'api-key',
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sessions-'));
    keys = new ApiKeyFile(path.join(dir, 'keys.json'));
    now = new Date('2026-03-30T08:00:00Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('when a session reaches its lifetime', () => {
    it('is found until then and not from then on', () => {
      const store = new SessionStore(keys, 30, () => now);
      const { id, session } = store.open(principal, {});
      expect(session.expiresAt.toISOString()).toBe('2026-03-30T08:30:00.000Z');
      expect(store.find(id)?.principal).toEqual({ ...principal, via: 'session' });
      now = new Date('2026-03-30T08:29:59.999Z');
      expect(store.find(id)).toBeDefined();
      now = new Date('2026-03-30T08:30:00Z');
      expect(store.find(id)).toBeUndefined();
    });
  });

  describe('when the credential expires first', () => {
    it('ends with it', () => {
      const store = new SessionStore(keys, 480, () => now);
      const { session } = store.open(principal, { expiresAt: new Date('2026-03-30T08:05:00Z') });
      expect(session.expiresAt.toISOString()).toBe('2026-03-30T08:05:00.000Z');
    });
  });

  it('gives every sign-in its own unguessable id', () => {
    const store = new SessionStore(keys);
    const ids = new Set(Array.from({ length: 100 }, () => store.open(principal, {}).id));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a lifetime outside 1 minute to 24 hours', () => {
    expect(() => new SessionStore(keys, 0)).toThrow(/LEDGER_SESSION_MINUTES/);
    expect(() => new SessionStore(keys, 24 * 60 + 1)).toThrow(/LEDGER_SESSION_MINUTES/);
    expect(() => new SessionStore(keys, Number('abc'))).toThrow(/LEDGER_SESSION_MINUTES/);
  });

  it('reads the key id of an API key and the expiry of a JWT from the Authorization header', () => {
    expect(describeCredential('Bearer lk_0123456789ab_' + 'x'.repeat(43))).toEqual({ apiKeyId: '0123456789ab' });
    const body = Buffer.from(JSON.stringify({ sub: 'u', exp: 1774857600 })).toString('base64url');
    expect(describeCredential(`Bearer e30.${body}.sig`)).toEqual({ expiresAt: new Date(1774857600 * 1000) });
    expect(describeCredential(undefined)).toEqual({});
  });
});
