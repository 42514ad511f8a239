import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadLedgerConfig } from '@ledger/ledger';
import { JsonLogger } from '@ledger/operations';
import { ProjectorModule } from './projector.module';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await NestFactory.create(ProjectorModule.register({ config }), {
    logger: config.logFormat === 'json' ? new JsonLogger(config.logLevel, 'projector') : ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('projector').log(`health and metrics on http://127.0.0.1:${config.port}/health and /metrics`);
}

main().catch((error) => {
  console.error(`projector failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
