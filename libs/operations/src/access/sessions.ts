import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { ApiKeyFile, apiKeyIdOf } from './api-keys';
import { Principal } from './roles';

export const SESSIONS = Symbol('SESSIONS');

/** The cookie that carries a session id; `__Host-` is not used because the API may be served over plain HTTP on a LAN. */
export const SESSION_COOKIE = 'ledger_session';

/** Default and bounds of a session's lifetime (LEDGER_SESSION_MINUTES). */
export const DEFAULT_SESSION_MINUTES = 480;
export const MAX_SESSION_MINUTES = 24 * 60;

/** Requests a session cookie may authenticate: reads only (see `principalFromCookie`). */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

export interface Session {
  readonly principal: Principal;
  readonly expiresAt: Date;
  /** The API key the session was opened with: a revoked key ends its sessions at once. */
  readonly apiKeyId?: string;
}

/** What the credential presented at sign-in says about its own validity. */
export interface SignInCredential {
  readonly apiKeyId?: string;
  /** A JWT's own expiry: a session never outlives the token it was exchanged for. */
  readonly expiresAt?: Date;
}

/**
 * Browser sessions: a credential (API key or JWT, checked by the access guard) is exchanged once
 * for a random session id in an HttpOnly, SameSite=Strict cookie, so that links opened in the
 * browser (the report's number links, the dashboard) carry no secret a script could read.
 *
 * Sessions are kept in this process, not in a signed cookie: signing out ends a session for good
 * (a signed cookie would stay valid until its expiry), and no signing secret has to be managed.
 * The price: a restart signs everyone out, and behind several replicas a browser must stick to
 * one (or sign in again).
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly keys: ApiKeyFile,
    readonly lifetimeMinutes = DEFAULT_SESSION_MINUTES,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!Number.isInteger(lifetimeMinutes) || lifetimeMinutes < 1 || lifetimeMinutes > MAX_SESSION_MINUTES) {
      throw new Error(
        `LEDGER_SESSION_MINUTES must be a whole number from 1 to ${MAX_SESSION_MINUTES}, got ${lifetimeMinutes}`,
      );
    }
  }

  /** Opens a session for an authenticated principal; returns its id (the cookie's value) and the session. */
  open(principal: Principal, credential: SignInCredential): { id: string; session: Session } {
    this.sweep();
    const limit = new Date(this.now().getTime() + this.lifetimeMinutes * 60_000);
    const expiresAt = credential.expiresAt && credential.expiresAt < limit ? credential.expiresAt : limit;
    const id = randomBytes(32).toString('base64url');
    const session: Session = { principal: { ...principal, via: 'session' }, expiresAt, apiKeyId: credential.apiKeyId };
    this.sessions.set(id, session);
    return { id, session };
  }

  /** The live session of an id, or undefined (unknown, expired, signed out, or its API key revoked). */
  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now() || (session.apiKeyId !== undefined && !this.keyActive(session.apiKeyId))) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  close(id: string | undefined): boolean {
    return id !== undefined && this.sessions.delete(id);
  }

  private keyActive(id: string): boolean {
    return this.keys.list().some((k) => k.id === id && !k.revokedAt);
  }

  /** Drops expired sessions so that abandoned ones do not accumulate. */
  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}

/** The session id a request's cookie names (cookie-parser fills `request.cookies`). */
export function sessionIdOf(request: Request): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The principal of a request authenticated by its session cookie, for reads only: a cookie is sent
 * by the browser on its own, so commands (which record facts) still need the Authorization header.
 * SameSite=Strict already keeps other sites' requests from carrying it; this is the second wall.
 */
export function principalFromCookie(sessions: SessionStore, request: Request): Principal | undefined {
  if (!SAFE_METHODS.has(request.method)) return undefined;
  return sessions.find(sessionIdOf(request))?.principal;
}

/** What a sign-in learns from the credential in the Authorization header, beyond the principal. */
export function describeCredential(authorization: string | undefined): SignInCredential {
  const token = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  if (!token) return {};
  const apiKeyId = apiKeyIdOf(token);
  if (apiKeyId) return { apiKeyId };
  // Already verified by the guard; only its expiry is read here.
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' ? { expiresAt: new Date(claims.exp * 1000) } : {};
  } catch {
    return {};
  }
}
