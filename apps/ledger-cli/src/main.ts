#!/usr/bin/env node
import 'reflect-metadata';
import type { Command } from 'commander';
import { CommandFactory } from 'nest-commander';
// The token of the root commander program; nest-commander does not re-export it.
import { Commander } from 'nest-commander/src/constants';
import { loadLedgerConfig } from '@ledger/ledger';
import { refuseDiscontinuousStore } from '@ledger/integrity';
import { CliModule } from './cli.module';
import { checksContinuity } from './continuity-exemptions';
import { isWitnessRun, runWitnessCli } from './witness-cli';

async function main(): Promise<void> {
  if (isWitnessRun(process.argv)) return runWitnessCli(process.argv);
  if (checksContinuity(process.argv)) await refuseDiscontinuousStore(loadLedgerConfig());
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: ['error', 'warn'],
    cliName: 'ledger',
    errorHandler: (error: Error & { code?: string; exitCode?: number }) => {
      // Commander reports --help and --version through the error handler too.
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
      )
        process.exit(0);
      if (error.code?.startsWith('commander.')) process.exit(error.exitCode ?? 1);
      console.error(`ledger: ${error.message}`);
      process.exit(1);
    },
    // An error escaping a command (an unreadable file, a failing store, a bad option value) is a
    // failure: say so and exit 1 once the store is closed, rather than nest-commander's exit 0.
    serviceErrorHandler: (error: Error) => {
      console.error(`ledger: ${error.message}`);
      process.exitCode = 1;
    },
  });
  // Commander names the program after the script file ("Usage: main"); operators type `ledger`.
  app.get<Command>(Commander).name('ledger');
  await CommandFactory.runApplication(app);
  // Flushes pending appends and closes the store before the process exits.
  await app.close();
}

main().catch((error) => {
  console.error(`ledger: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
