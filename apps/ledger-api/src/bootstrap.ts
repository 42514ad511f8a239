import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Express } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  InputValidationError,
  LedgerConfig,
  VALIDATION_OPTIONS,
  flattenValidationErrors,
  jsonBodyParsers,
  loadLedgerConfig,
} from '@ledger/ledger';
import { JsonLogger } from '@ledger/operations';
import { ApiOptions, AppModule } from './app.module';
import { describeAccess } from './openapi/access.openapi';
import { typeNullableCombinators } from './openapi/nullable-combinators';
import { ProblemDetailsDto } from './openapi/problem.schemas';

/** Builds the HTTP application; `main.ts` listens, tests use it through supertest. */
export async function createApi(
  options: ApiOptions = {},
  logger: false | undefined = undefined,
): Promise<INestApplication> {
  const config = options.config ?? loadLedgerConfig();
  const app = await NestFactory.create(AppModule.register({ ...options, config }), {
    logger: logger ?? loggerFor(config, 'ledger-api'),
    bodyParser: false,
    abortOnError: false,
  });
  // Security headers on every response, the API, /docs and /ui alike (helmet's defaults: a
  // same-origin CSP, nosniff, frame-ancestors 'self', no referrer to other sites). The dashboard
  // sets its own, stricter CSP on its page. Not `upgrade-insecure-requests`: the API is often
  // served over plain HTTP on an agency's LAN, where it would break /docs and /ui.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // Nothing tells a scanner which framework answers.
  (app.getHttpAdapter().getInstance() as Express).disable('x-powered-by');
  // Our own JSON parser, so that a malformed body gets the same problem details (with `errors`)
  // as any other bad input (Nest's built-in parser turns it into a bare 400 first), and so that
  // text the ledger cannot canonicalise is refused before any handler sees it.
  app.use(...jsonBodyParsers('1mb'));
  // Fills request.cookies for the session sign-in (SessionStore); unsigned: the value is a random id.
  app.use(cookieParser());
  app.useGlobalPipes(
    new ValidationPipe({
      ...VALIDATION_OPTIONS,
      transform: true,
      exceptionFactory: (errors) => new InputValidationError(flattenValidationErrors(errors)),
    }),
  );
  app.enableShutdownHooks();
  const document = describeAccess(
    app,
    typeNullableCombinators(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Licensing compliance ledger')
          .setDescription(
            'Every licensing fact an agency produces is an immutable event; the yearly implementation and supervision figures are rebuilt from them. ' +
              'Commands return 201 with { id, streamId, revision, position, eventIds }. Errors are RFC 9457 problem details (application/problem+json): ' +
              'validation 400 (with errors[].field), not found 404, concurrency or duplicate 409, a transition the law forbids 422. ' +
              'Authorize with an API key or JWT (bearer); a browser signed in through POST /v1/session sends its session cookie on reads by itself.',
          )
          .setVersion('1')
          // Relative: the document describes the server it is served from.
          .addServer('/')
          .build(),
        { extraModels: [ProblemDetailsDto] },
      ),
    ),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: false },
  });
  return app;
}

/** Structured JSON logs by default; plain Nest logs with LOG_FORMAT=text. */
export function loggerFor(config: LedgerConfig, service: string): JsonLogger | ('error' | 'warn' | 'log' | 'debug')[] {
  if (config.logFormat === 'json') return new JsonLogger(config.logLevel, service);
  const levels: ('error' | 'warn' | 'log' | 'debug')[] = ['error', 'warn', 'log', 'debug'];
  return levels.slice(0, { error: 1, warn: 2, info: 3, debug: 4 }[config.logLevel]);
}
