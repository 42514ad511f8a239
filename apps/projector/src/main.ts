import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadLedgerConfig } from '@ledger/ledger';
import { refuseDiscontinuousStore } from '@ledger/integrity';
import { JsonLogger } from '@ledger/operations';
import { parsePartitions, parseProjectorInstance } from '@ledger/projections';
import { ProjectorModule } from './projector.module';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const partitions = parsePartitions(process.env.LEDGER_PROJECTION_PARTITIONS);
  const instance = parseProjectorInstance(process.env.LEDGER_PROJECTOR_INSTANCE);
  const takeover = process.env.LEDGER_PROJECTOR_TAKEOVER_MS;
  if (takeover !== undefined && !(Number.isInteger(Number(takeover)) && Number(takeover) >= 0))
    throw new Error(`LEDGER_PROJECTOR_TAKEOVER_MS must be a whole number of milliseconds, got "${takeover}"`);
  // A projection resuming after a position the store lost would skip the events that take it next.
  await refuseDiscontinuousStore(config);
  const app = await NestFactory.create(
    ProjectorModule.register({
      config,
      checkpointEveryEvents: config.checkpointEveryEvents,
      partitions,
      instance,
      takeoverAfterMs: takeover ? Number(takeover) : undefined,
      // A PostgreSQL schema of the read models other than the default (tests isolate themselves in one).
      schema: process.env.LEDGER_READ_MODEL_SCHEMA || undefined,
    }),
    {
      logger: config.logFormat === 'json' ? new JsonLogger(config.logLevel, 'projector') : ['error', 'warn', 'log'],
      abortOnError: false,
    },
  );
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('projector').log(`health and metrics on http://127.0.0.1:${config.port}/health and /metrics`);
}

main().catch((error) => {
  console.error(`projector failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
