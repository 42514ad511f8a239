import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { JwtVerifier, agenciesFromClaim } from './jwt-verifier';

const SECRET = 'a-shared-secret-of-some-length-for-hs256';
const NOW = new Date('2026-12-03T08:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const EXP = seconds(NOW) + 600;

const hs256 = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

/** A token whose parts are written by hand, for shapes no signing library would produce. */
const handMade = (header: unknown, claims: unknown) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('JwtVerifier', () => {
  describe('with a shared secret (HS256)', () => {
    const verifier = new JwtVerifier({ secret: SECRET, rolesClaim: 'roles' });

    it('accepts a signed token with a numeric exp and reads roles, agencies and the principal id', async () => {
      const token = await hs256({
        iss: 'https://idp.example',
        sub: 'u-7',
        exp: EXP,
        roles: ['clerk', 'relay'],
        agencies: ['a-psb'],
      });
      expect(await verifier.verify(token, NOW)).toEqual({
        id: 'jwt:https://idp.example:u-7',
        actor: 'u-7',
        roles: ['clerk', 'relay'],
        agencies: ['a-psb'],
        defaultAgency: 'a-psb',
        canRelay: true,
        via: 'jwt',
      });
    });

    it('refuses a token without exp: it would be valid forever', async () => {
      expect(await verifier.verify(await hs256({ sub: 'u-7' }), NOW)).toEqual({
        refused: expect.stringContaining('exp'),
      });
    });

    it('refuses a string exp', async () => {
      const result = await verifier.verify(await hs256({ sub: 'u-7', exp: String(EXP) }), NOW);
      expect(result).toEqual({ refused: expect.stringContaining('exp') });
    });

    it.each(['nbf', 'iat'])('refuses a %s that is present but not a number', async (claim) => {
      const result = await verifier.verify(await hs256({ sub: 'u-7', exp: EXP, [claim]: 'yesterday' }), NOW);
      expect(result).toEqual({ refused: expect.stringContaining(claim) });
    });

    it('refuses an expired token (beyond the 60 s leeway)', async () => {
      const result = await verifier.verify(await hs256({ sub: 'u-7', exp: seconds(NOW) - 61 }), NOW);
      expect(result).toEqual({ refused: 'token expired' });
    });

    it('refuses a token without subject', async () => {
      expect(await verifier.verify(await hs256({ exp: EXP }), NOW)).toEqual({
        refused: expect.stringContaining('sub'),
      });
    });

    it('refuses another secret', async () => {
      const result = await verifier.verify(
        await hs256({ sub: 'u-7', exp: EXP }, 'another-secret-entirely-xxxxxxxxxx'),
        NOW,
      );
      expect(result).toEqual({ refused: 'bad signature' });
    });

    it.each([
      ['a null JOSE header', handMade(null, { sub: 'u', exp: EXP })],
      ['an alg of none', handMade({ alg: 'none' }, { sub: 'u', exp: EXP })],
      ['an array header', handMade([1], { sub: 'u', exp: EXP })],
      ['a null payload', handMade({ alg: 'HS256' }, null)],
      ['two parts', 'abc.def'],
      ['garbage', '!!!.###.$$$'],
      ['an empty header', '.e30.c2ln'],
    ])('refuses %s with a reason, without throwing', async (_, token) => {
      const result = await verifier.verify(token, NOW);
      expect(result).toEqual({ refused: expect.any(String) });
    });

    it('refuses the wrong issuer and audience when they are configured', async () => {
      const strict = new JwtVerifier({
        secret: SECRET,
        rolesClaim: 'roles',
        issuer: 'https://idp',
        audience: 'ledger',
      });
      expect(
        await strict.verify(await hs256({ sub: 'u', exp: EXP, iss: 'https://other', aud: 'ledger' }), NOW),
      ).toEqual({
        refused: expect.stringContaining('iss'),
      });
      expect(await strict.verify(await hs256({ sub: 'u', exp: EXP, iss: 'https://idp', aud: 'other' }), NOW)).toEqual({
        refused: expect.stringContaining('aud'),
      });
      expect(
        await strict.verify(await hs256({ sub: 'u', exp: EXP, iss: 'https://idp', aud: 'ledger' }), NOW),
      ).toMatchObject({
        id: 'jwt:https://idp:u',
      });
    });
  });

  describe('with a PEM public key', () => {
    it('accepts the algorithm the key fixes and refuses an HS256 token signed with the PEM text as secret', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const pem = await exportSPKI(publicKey);
      const verifier = new JwtVerifier({ publicKeyPem: pem, rolesClaim: 'roles' });
      const good = await new SignJWT({ sub: 'u', exp: EXP }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
      expect(await verifier.verify(good, NOW)).toMatchObject({ id: 'jwt:-:u' });
      // The classic algorithm-confusion attack: the public key used as an HMAC secret.
      const confused = await hs256({ sub: 'u', exp: EXP }, pem);
      expect(await verifier.verify(confused, NOW)).toEqual({ refused: expect.stringContaining('algorithm') });
    });
  });

  describe('with a JWKS URL and OIDC discovery', () => {
    let server: Server;
    let base: string;
    let keys: object[] = [];
    let jwksFetches = 0;

    beforeAll(async () => {
      server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/jwks') {
          jwksFetches++;
          res.end(JSON.stringify({ keys }));
        } else if (req.url === '/.well-known/openid-configuration')
          res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks` }));
        else {
          res.statusCode = 404;
          res.end('{}');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    const signer = async (kid: string) => {
      const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
      const sign = (claims: Record<string, unknown>) =>
        new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
      return { jwk, sign };
    };

    it('verifies by kid, caches the keys, and refetches them when a token names a new kid (rotation)', async () => {
      const first = await signer('k1');
      keys = [first.jwk];
      // No cooldown: the rotated key is asked for at once (by default an unknown kid waits 30 s after a fetch).
      const verifier = new JwtVerifier({ jwksUrl: `${base}/jwks`, rolesClaim: 'roles', jwksCooldownSeconds: 0 });
      jwksFetches = 0;
      expect(await verifier.verify(await first.sign({ sub: 'u', exp: EXP }), NOW)).toMatchObject({ actor: 'u' });
      expect(await verifier.verify(await first.sign({ sub: 'v', exp: EXP }), NOW)).toMatchObject({ actor: 'v' });
      expect(jwksFetches).toBe(1);
      const second = await signer('k2');
      keys = [first.jwk, second.jwk];
      expect(await verifier.verify(await second.sign({ sub: 'w', exp: EXP }), NOW)).toMatchObject({ actor: 'w' });
      expect(jwksFetches).toBe(2);
    });

    it('refuses a kid the provider does not publish', async () => {
      keys = [(await signer('k1')).jwk];
      const stranger = await signer('k9');
      const verifier = new JwtVerifier({ jwksUrl: `${base}/jwks`, rolesClaim: 'roles' });
      expect(await verifier.verify(await stranger.sign({ sub: 'u', exp: EXP }), NOW)).toEqual({
        refused: expect.stringContaining('kid'),
      });
    });

    it('finds the JWKS by OIDC discovery and requires the discovered issuer', async () => {
      const key = await signer('k1');
      keys = [key.jwk];
      const verifier = new JwtVerifier({ oidcIssuer: base, rolesClaim: 'roles' });
      expect(await verifier.verify(await key.sign({ iss: base, sub: 'u', exp: EXP }), NOW)).toMatchObject({
        id: `jwt:${base}:u`,
      });
      expect(await verifier.verify(await key.sign({ iss: 'https://elsewhere', sub: 'u', exp: EXP }), NOW)).toEqual({
        refused: expect.stringContaining('iss'),
      });
    });

    it('refuses tokens, without throwing, while the discovery document cannot be had', async () => {
      const verifier = new JwtVerifier({ oidcIssuer: `${base}/missing`, rolesClaim: 'roles' });
      const key = await signer('k1');
      expect(await verifier.verify(await key.sign({ sub: 'u', exp: EXP }), NOW)).toEqual({
        refused: expect.stringContaining('identity provider unavailable'),
      });
    });
  });

  it('needs exactly one key source', () => {
    expect(() => new JwtVerifier({ rolesClaim: 'roles' })).toThrow('needs');
    expect(() => new JwtVerifier({ secret: 's', jwksUrl: 'http://x/jwks', rolesClaim: 'roles' })).toThrow('only one');
  });
});

describe('agenciesFromClaim', () => {
  it('reads an array, a string list and *', () => {
    expect(agenciesFromClaim(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(agenciesFromClaim('a, b c')).toEqual(['a', 'b', 'c']);
    expect(agenciesFromClaim('*')).toBe('*');
    expect(agenciesFromClaim(['*'])).toBe('*');
  });

  it('grants none for a missing or unreadable claim', () => {
    expect(agenciesFromClaim(undefined)).toEqual([]);
    expect(agenciesFromClaim({ a: 1 })).toEqual([]);
    expect(agenciesFromClaim([1, null])).toEqual([]);
  });
});
