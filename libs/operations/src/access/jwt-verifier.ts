import { KeyObject, createPublicKey } from 'node:crypto';
import { JWTPayload, JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { ALL_AGENCIES, Principal, defaultAgencyOf } from './principal';
import { Role, isRole } from './roles';

export interface JwtSettings {
  /** HS256 shared secret (LEDGER_JWT_SECRET). */
  readonly secret?: string;
  /** PEM public key for RS256 / PS256 / ES256 / EdDSA tokens (LEDGER_JWT_PUBLIC_KEY_FILE). */
  readonly publicKeyPem?: string;
  /** The identity provider's JWKS (LEDGER_JWT_JWKS_URL): keys chosen by `kid`, rotated by the provider. */
  readonly jwksUrl?: string;
  /**
   * An OpenID Connect issuer (LEDGER_JWT_OIDC_ISSUER): its discovery document names the JWKS, and
   * tokens must come from that issuer.
   */
  readonly oidcIssuer?: string;
  /**
   * After a fetch of the JWKS, how long a token with an unknown `kid` is refused without fetching
   * again (default 30 s): a rotated key is picked up by the next token after it, and a flood of
   * made-up kids cannot make the ledger hammer the identity provider.
   */
  readonly jwksCooldownSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Claim holding the roles (an array, or a space-separated string). */
  readonly rolesClaim: string;
  /** Claim holding the agencies (an array of codes, `*`, or a space- or comma-separated string); default `agencies`. */
  readonly agenciesClaim?: string;
}

/** Allowed clock skew between the identity provider and this server. */
const LEEWAY_SECONDS = 60;

/** Asymmetric algorithms accepted from a JWKS; `none` and HMAC never are (a public key is not a secret). */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** The algorithm a PEM key fixes: the token's `alg` header is never taken on trust. */
function algorithmsOf(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256'];
    case 'rsa-pss':
      return ['PS256'];
    case 'ec':
      return ['ES256'];
    case 'ed25519':
      return ['EdDSA'];
    default:
      throw new Error(`LEDGER_JWT_PUBLIC_KEY_FILE holds a ${key.asymmetricKeyType} key; use RSA, EC P-256 or Ed25519`);
  }
}

type KeySource = { key: Uint8Array | KeyObject | JWTVerifyGetKey; algorithms: string[]; issuer?: string };

/**
 * Verifies JWT bearer tokens with `jose`: the signature under the configured key (a shared secret,
 * a PEM public key, or the identity provider's JWKS found directly or by OIDC discovery), then a
 * numeric `exp` (required: a token without one would be valid forever), `nbf` and `iat` numeric
 * when present, the issuer and audience; roles and agencies are read from the configured claims.
 * Whatever is wrong with a token, the answer is a reason to refuse it, never an exception.
 */
export class JwtVerifier {
  private source: Promise<KeySource> | undefined;

  constructor(
    private readonly settings: JwtSettings,
    private readonly fetchJson: (url: string) => Promise<unknown> = defaultFetchJson,
  ) {
    const configured = [settings.secret, settings.publicKeyPem, settings.jwksUrl, settings.oidcIssuer].filter(Boolean);
    if (configured.length === 0)
      throw new Error(
        'JWT verification needs LEDGER_JWT_SECRET, LEDGER_JWT_PUBLIC_KEY_FILE, LEDGER_JWT_JWKS_URL or LEDGER_JWT_OIDC_ISSUER',
      );
    if (configured.length > 1)
      throw new Error(
        'set only one of LEDGER_JWT_SECRET, LEDGER_JWT_PUBLIC_KEY_FILE, LEDGER_JWT_JWKS_URL, LEDGER_JWT_OIDC_ISSUER',
      );
    // A PEM key or URL that cannot be read is a configuration error: say so at start-up.
    if (settings.publicKeyPem) this.source = Promise.resolve(this.pemSource(settings.publicKeyPem));
    if (settings.jwksUrl) this.source = Promise.resolve(this.jwksSource(new URL(settings.jwksUrl)));
  }

  /** The principal, or a reason the token is refused. */
  async verify(token: string, now: Date = new Date()): Promise<Principal | { refused: string }> {
    let payload: JWTPayload;
    try {
      const source = await this.keySource();
      ({ payload } = await jwtVerify(token, source.key as Uint8Array, {
        algorithms: source.algorithms,
        issuer: this.settings.issuer ?? source.issuer,
        audience: this.settings.audience,
        clockTolerance: LEEWAY_SECONDS,
        requiredClaims: ['exp', 'sub'],
        currentDate: now,
      }));
    } catch (error) {
      return { refused: reasonOf(error) };
    }
    const raw = payload[this.settings.rolesClaim];
    const roles = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(' ') : []).filter(isRole) as Role[];
    const subject = String(payload.sub);
    const issuer = typeof payload.iss === 'string' && payload.iss !== '' ? payload.iss : '-';
    const agencies = agenciesFromClaim(payload[this.settings.agenciesClaim ?? 'agencies']);
    return {
      id: `jwt:${issuer}:${subject}`,
      actor: subject,
      roles,
      agencies,
      defaultAgency: defaultAgencyOf(agencies),
      canRelay: roles.includes('relay'),
      via: 'jwt',
    };
  }

  private keySource(): Promise<KeySource> {
    if (this.source) return this.source;
    if (this.settings.secret)
      return (this.source = Promise.resolve({
        key: new TextEncoder().encode(this.settings.secret),
        algorithms: ['HS256'],
      }));
    // OIDC discovery, fetched on first use and kept; a failed fetch is tried again on the next token.
    const discovering = this.discover(this.settings.oidcIssuer!);
    this.source = discovering;
    discovering.catch(() => {
      if (this.source === discovering) this.source = undefined;
    });
    return discovering;
  }

  private pemSource(pem: string): KeySource {
    const key = createPublicKey(pem);
    return { key, algorithms: algorithmsOf(key) };
  }

  /** `createRemoteJWKSet` caches the keys and refetches them when a token names an unknown `kid`. */
  private jwksSource(url: URL): KeySource {
    const cooldownDuration = (this.settings.jwksCooldownSeconds ?? 30) * 1000;
    return { key: createRemoteJWKSet(url, { cooldownDuration }), algorithms: ASYMMETRIC_ALGORITHMS };
  }

  private async discover(issuer: string): Promise<KeySource> {
    const base = issuer.replace(/\/+$/, '');
    const document = (await this.fetchJson(`${base}/.well-known/openid-configuration`)) as {
      issuer?: unknown;
      jwks_uri?: unknown;
    };
    if (document?.issuer !== issuer && document?.issuer !== base)
      throw new DiscoveryError(
        `the discovery document of ${issuer} names another issuer (${String(document?.issuer)})`,
      );
    if (typeof document.jwks_uri !== 'string')
      throw new DiscoveryError(`the discovery document of ${issuer} has no jwks_uri`);
    return { ...this.jwksSource(new URL(document.jwks_uri)), issuer: document.issuer as string };
  }
}

class DiscoveryError extends Error {}

async function defaultFetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new DiscoveryError(`${url} answered ${response.status}`);
  return response.json();
}

/** Why a token is refused, in words a caller can act on (never a stack trace). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim}: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed for the configured key';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the identity provider matches the token's kid";
  if (error instanceof errors.JWKSTimeout) return "the identity provider's keys could not be fetched in time";
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return 'malformed JWT';
  if (error instanceof DiscoveryError) return `identity provider unavailable: ${error.message}`;
  if (error instanceof errors.JOSEError) return `JWT not accepted (${error.code})`;
  return 'malformed JWT';
}

/**
 * The agencies a token's claim grants. A token without the claim, or with one this cannot read,
 * grants none: the identity provider must say which agencies its user serves.
 */
export function agenciesFromClaim(raw: unknown): Principal['agencies'] {
  if (raw === ALL_AGENCIES || (Array.isArray(raw) && raw.length === 1 && raw[0] === ALL_AGENCIES)) return ALL_AGENCIES;
  const codes = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  return [...new Set(codes.filter((c): c is string => typeof c === 'string' && c !== '' && c !== ALL_AGENCIES))];
}
