import { KeyObject, createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import { ALL_AGENCIES, Principal, defaultAgencyOf } from './principal';
import { Role, isRole } from './roles';

export interface JwtSettings {
  /** HS256 shared secret. */
  readonly secret?: string;
  /** PEM public key for RS256 / ES256 / EdDSA tokens from the agency's identity provider. */
  readonly publicKeyPem?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Claim holding the roles (an array, or a space-separated string). */
  readonly rolesClaim: string;
  /** Claim holding the agencies (an array of codes, `*`, or a space- or comma-separated string); default `agencies`. */
  readonly agenciesClaim?: string;
}

/** Allowed clock skew between the identity provider and this server. */
const LEEWAY_SECONDS = 60;

/**
 * Verifies a JWT bearer token with Node's crypto (no dependency): the algorithm is fixed by the
 * configured key (never taken on trust from the token), then expiry, not-before, issuer and
 * audience are checked, and the roles are read from the configured claim.
 */
export class JwtVerifier {
  private readonly publicKey: KeyObject | undefined;

  constructor(private readonly settings: JwtSettings) {
    this.publicKey = settings.publicKeyPem ? createPublicKey(settings.publicKeyPem) : undefined;
    if (!settings.secret && !this.publicKey)
      throw new Error('JWT verification needs LEDGER_JWT_SECRET or LEDGER_JWT_PUBLIC_KEY_FILE');
  }

  /** The principal, or a reason the token is refused. */
  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Principal | { refused: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { refused: 'not a JWT' };
    let header: { alg?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { refused: 'malformed JWT' };
    }
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    const signature = Buffer.from(parts[2], 'base64url');
    if (!this.signatureHolds(header.alg, signed, signature)) return { refused: 'bad signature or algorithm' };
    if (typeof claims.exp === 'number' && nowSeconds > claims.exp + LEEWAY_SECONDS) return { refused: 'token expired' };
    if (typeof claims.nbf === 'number' && nowSeconds + LEEWAY_SECONDS < claims.nbf)
      return { refused: 'token not yet valid' };
    if (this.settings.issuer && claims.iss !== this.settings.issuer) return { refused: 'wrong issuer' };
    if (this.settings.audience) {
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.includes(this.settings.audience)) return { refused: 'wrong audience' };
    }
    const raw = claims[this.settings.rolesClaim];
    const roles = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(' ') : []).filter(isRole) as Role[];
    const subject = typeof claims.sub === 'string' ? claims.sub : 'unknown';
    const issuer = typeof claims.iss === 'string' && claims.iss !== '' ? claims.iss : '-';
    const agencies = agenciesFromClaim(claims[this.settings.agenciesClaim ?? 'agencies']);
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

  private signatureHolds(alg: string | undefined, signed: Buffer, signature: Buffer): boolean {
    if (this.settings.secret) {
      if (alg !== 'HS256') return false;
      const expected = createHmac('sha256', this.settings.secret).update(signed).digest();
      return expected.length === signature.length && timingSafeEqual(expected, signature);
    }
    const key = this.publicKey!;
    switch (key.asymmetricKeyType) {
      case 'rsa':
        return alg === 'RS256' && verify('sha256', signed, key, signature);
      case 'ec':
        return alg === 'ES256' && verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case 'ed25519':
        return alg === 'EdDSA' && verify(null, signed, key, signature);
      default:
        return false;
    }
  }
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
