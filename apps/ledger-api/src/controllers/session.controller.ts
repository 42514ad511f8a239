import { Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  Public,
  ROLES,
  Roles,
  SESSION_COOKIE,
  SESSIONS,
  Session,
  SessionStore,
  describeCredential,
  principalOf,
  sessionIdOf,
} from '@ledger/operations';

export class SessionViewDto {
  @ApiProperty({
    description: 'Who is signed in, as `metadata.principal` records it (`api-key:<key id>`, `jwt:<issuer>:<subject>`)',
  })
  readonly principal: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'The roles of the credential the session was opened with' })
  readonly roles: string[];
  @ApiProperty({
    format: 'date-time',
    description: 'When the session ends (UTC); never later than the JWT it was opened with',
  })
  readonly expiresAt: string;
}

function view(session: Session): SessionViewDto {
  return {
    principal: session.principal.id,
    roles: [...session.principal.roles],
    expiresAt: session.expiresAt.toISOString(),
  };
}

/**
 * Sign-in for browsers (the dashboard, the report's number links): the credential is sent once,
 * in the Authorization header; the answer sets an HttpOnly, SameSite=Strict cookie that scripts
 * cannot read and other sites cannot make the browser send. The cookie authenticates reads (GET)
 * only; commands still need the header.
 */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  constructor(@Inject(SESSIONS) private readonly sessions: SessionStore) {}

  @Post()
  @Roles(...ROLES)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign in: exchange the API key or JWT of the Authorization header for a session cookie',
    description: `Sets the cookie \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS) for at most LEDGER_SESSION_MINUTES (default 480) and never beyond the JWT's own expiry. A revoked API key ends its sessions at once.`,
  })
  @ApiCreatedResponse({ type: SessionViewDto })
  signIn(@Req() request: Request, @Res({ passthrough: true }) response: Response): SessionViewDto {
    const principal = principalOf(request);
    if (!principal || principal.via === 'session')
      throw new UnauthorizedException(
        'sign in with the Authorization header (Bearer <API key or JWT>), not with a session',
      );
    this.sessions.close(sessionIdOf(request));
    const { id, session } = this.sessions.open(principal, describeCredential(request.header('authorization')));
    response.cookie(SESSION_COOKIE, id, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      path: '/',
      expires: session.expiresAt,
    });
    return view(session);
  }

  @Get()
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'The current session: who is signed in, with which roles, until when (401 when signed out or expired)',
  })
  @ApiOkResponse({ type: SessionViewDto })
  current(@Req() request: Request): SessionViewDto {
    const session = this.sessions.find(sessionIdOf(request));
    if (!session) throw new UnauthorizedException('not signed in: POST /v1/session with the Authorization header');
    return view(session);
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookie (204 also when there was none)' })
  @ApiNoContentResponse({ description: 'Signed out' })
  signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    this.sessions.close(sessionIdOf(request));
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.secure, path: '/' });
  }
}
