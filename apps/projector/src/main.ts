import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_HOST, listeningUrl, loadLedgerConfig } from '@ledger/ledger';
import { refuseDiscontinuousStore } from '@ledger/integrity';
import { JsonLogger } from '@ledger/operations';
import { loadProjectorConfig } from './projector-config';
import { ProjectorModule } from './projector.module';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const projector = loadProjectorConfig();
  // A projection resuming after a position the store lost would skip the events that take it next.
  await refuseDiscontinuousStore(config);
  const app = await NestFactory.create(
    ProjectorModule.register({
      config,
      checkpointEveryEvents: config.checkpointEveryEvents,
      ...projector,
    }),
    {
      logger: config.logFormat === 'json' ? new JsonLogger(config.logLevel, 'projector') : ['error', 'warn', 'log'],
      abortOnError: false,
    },
  );
  app.enableShutdownHooks();
  await app.listen(config.port, config.host ?? DEFAULT_HOST);
  const url = listeningUrl(app.getHttpServer().address());
  new Logger('projector').log(`health and metrics on ${url}/health and ${url}/metrics`);
}

main().catch((error) => {
  console.error(`projector failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
