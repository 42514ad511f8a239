import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessSettings } from './access-settings';
import { ApiKeyFile } from './api-keys';
import { JwtVerifier } from './jwt-verifier';
import { ALL_AGENCIES, Principal } from './principal';
import { PUBLIC_KEY, ROLES, ROLES_KEY, Role } from './roles';
import { SESSIONS, SessionStore, principalFromCookie } from './sessions';

export const ACCESS_SETTINGS = Symbol('ACCESS_SETTINGS');

/** LEDGER_AUTH=off: every role, every agency, may relay. */
const DEVELOPMENT: Principal = {
  id: 'development',
  actor: 'development',
  roles: ROLES,
  agencies: ALL_AGENCIES,
  canRelay: true,
  via: 'development',
};

/** The principal the guard attached to the request. */
export function principalOf(request: Request): Principal | undefined {
  return (request as Request & { principal?: Principal }).principal;
}

/**
 * Authenticates every request (API key or JWT bearer) and checks the endpoint's roles.
 * Deny by default: an endpoint that declares no roles and is not public is refused, so a new
 * endpoint cannot be left open by forgetting a decorator.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('access');
  private readonly keys: ApiKeyFile;
  private readonly jwt: JwtVerifier | undefined;

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_SETTINGS) private readonly settings: AccessSettings,
    @Optional() @Inject(SESSIONS) private readonly sessions?: SessionStore,
  ) {
    this.keys = new ApiKeyFile(settings.apiKeysFile, settings.legacyKeyAgency);
    this.jwt = settings.jwt ? new JwtVerifier(settings.jwt) : undefined;
    if (settings.mode === 'off') this.logger.warn('LEDGER_AUTH=off: every caller has every role. Development only.');
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = this.settings.mode === 'off' ? DEVELOPMENT : this.authenticate(request);
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!allowed.some((role) => principal.roles.includes(role))) {
      throw new ForbiddenException(
        allowed.length
          ? `this needs one of the roles: ${allowed.join(', ')}; you have: ${principal.roles.join(', ') || 'none'}`
          : 'this endpoint is not open to any role',
      );
    }
    return true;
  }

  private authenticate(request: Request): Principal {
    const header = request.header('authorization');
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) {
      // No header: a browser signed in through POST /v1/session (reads only).
      const fromSession = this.sessions && !header ? principalFromCookie(this.sessions, request) : undefined;
      if (fromSession) return fromSession;
      throw new UnauthorizedException(
        'send credentials: Authorization: Bearer <API key or JWT>, or sign in (POST /v1/session) for a session cookie',
      );
    }
    const token = m[1];
    if (token.startsWith('lk_')) {
      const principal = this.keys.authenticate(token);
      if (!principal) throw new UnauthorizedException('unknown or revoked API key');
      return principal;
    }
    if (!this.jwt) throw new UnauthorizedException('not an API key, and JWT bearer tokens are not configured here');
    const result = this.jwt.verify(token);
    if ('refused' in result) throw new UnauthorizedException(`JWT refused: ${result.refused}`);
    return result;
  }
}
