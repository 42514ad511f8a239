import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { InputValidationError, VALIDATION_OPTIONS, flattenValidationErrors } from '@ledger/ledger';
import { ApiOptions, AppModule } from './app.module';

/** Builds the HTTP application; `main.ts` listens, tests use it through supertest. */
export async function createApi(options: ApiOptions = {}, logger: false | undefined = undefined): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(options), { logger: logger ?? ['error', 'warn', 'log'], bodyParser: true });
  app.useGlobalPipes(
    new ValidationPipe({
      ...VALIDATION_OPTIONS,
      transform: true,
      exceptionFactory: (errors) => new InputValidationError(flattenValidationErrors(errors)),
    }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Licensing compliance ledger')
      .setDescription(
        'Every licensing fact an agency produces is an immutable event; the yearly implementation and supervision figures are rebuilt from them. ' +
          'Commands return 201 with { id, streamId, revision, position, eventIds }. Errors are RFC 9457 problem details (application/problem+json): ' +
          'validation 400 (with errors[].field), not found 404, concurrency or duplicate 409, a transition the law forbids 422.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
