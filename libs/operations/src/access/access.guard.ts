import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AccessSettings } from './access-settings';
import { ApiKeyFile, apiKeyIdOf } from './api-keys';
import { AuthFailureThrottle } from './auth-failure-throttle';
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
export class AccessGuard implements CanActivate, OnApplicationShutdown {
  private readonly logger = new Logger('access');
  private readonly keys: ApiKeyFile;
  private readonly jwt: JwtVerifier | undefined;
  private readonly failures: AuthFailureThrottle;

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_SETTINGS) private readonly settings: AccessSettings,
    @Optional() @Inject(SESSIONS) private readonly sessions?: SessionStore,
  ) {
    this.keys = new ApiKeyFile(settings.apiKeysFile, settings.legacyKeyAgency);
    this.jwt = settings.jwt ? new JwtVerifier(settings.jwt) : undefined;
    this.failures = new AuthFailureThrottle(settings.authFailures);
    if (settings.mode === 'off') this.logger.warn('LEDGER_AUTH=off: every caller has every role. Development only.');
  }

  onApplicationShutdown(): void {
    this.failures.close();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal =
      this.settings.mode === 'off'
        ? DEVELOPMENT
        : await this.throttled(request, context.switchToHttp().getResponse<Response>());
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

  /**
   * Authenticates unless the caller failed too often lately (429 with Retry-After); a presented
   * credential that fails counts against the client address and, for an API key, its id.
   * Asking without credentials does not count: a browser checking its session is not guessing.
   */
  private async throttled(request: Request, response: Response): Promise<Principal> {
    const token = bearerOf(request.header('authorization'));
    const keyId = token ? apiKeyIdOf(token) : undefined;
    const callers = [`address:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`];
    if (keyId) callers.push(`api-key:${keyId}`);
    const wait = this.failures.blockedFor(callers);
    if (wait !== undefined) {
      response.setHeader('Retry-After', String(wait));
      throw new HttpException(
        `too many failed sign-ins from this address or with this key; try again in ${wait} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    try {
      return await this.authenticate(request);
    } catch (error) {
      if (error instanceof UnauthorizedException && request.header('authorization') !== undefined)
        await this.failures.recordFailure(callers);
      throw error;
    }
  }

  private async authenticate(request: Request): Promise<Principal> {
    const header = request.header('authorization');
    const token = bearerOf(header);
    if (!token) {
      // No header: a browser signed in through POST /v1/session (reads only).
      const fromSession = this.sessions && !header ? principalFromCookie(this.sessions, request) : undefined;
      if (fromSession) return fromSession;
      throw new UnauthorizedException(
        'send credentials: Authorization: Bearer <API key or JWT>, or sign in (POST /v1/session) for a session cookie',
      );
    }
    if (token.startsWith('lk_')) {
      const principal = this.keys.authenticate(token);
      if (!principal) throw new UnauthorizedException('unknown or revoked API key');
      return principal;
    }
    if (!this.jwt) throw new UnauthorizedException('not an API key, and JWT bearer tokens are not configured here');
    const result = await this.jwt.verify(token);
    if ('refused' in result) throw new UnauthorizedException(`JWT refused: ${result.refused}`);
    return result;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
function bearerOf(header: string | undefined): string | undefined {
  return header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}
