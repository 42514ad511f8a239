#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      console.error(`ledger: ${error.message}`);
      process.exit(1);
    },
  });
  await CommandFactory.runApplication(app);
  // Flushes pending appends and closes the store before the process exits.
  await app.close();
}

main().catch((error) => {
  console.error(`ledger: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
