/**
 * Boots the ledger in-process the way the CLI and the demo do: LedgerCoreModule with a store of
 * our own, the configuration of one data directory, and (there) a real master-key file, so that
 * personal data is sealed and its keys are kept durably in `keys.sqlite` as in production.
 */
import 'reflect-metadata';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as path from 'node:path';
import { SqliteEventStore, SqliteEventStoreOptions } from '@ledger/event-store';
import { Clock, LedgerConfig, LedgerCoreModule, createMasterKeyFile, loadLedgerConfig } from '@ledger/ledger';

export interface LedgerContext {
  readonly app: INestApplicationContext;
  readonly store: SqliteEventStore;
  readonly config: LedgerConfig;
}

/** The configuration of a data directory, nothing inherited from the caller's environment. */
export function benchConfig(dataDir: string, extra: NodeJS.ProcessEnv = {}): LedgerConfig {
  return loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'text', ...extra });
}

/** Creates `<dataDir>/master.key` when missing (what `ledger init-keys` does). */
export function ensureMasterKey(dataDir: string): void {
  createMasterKeyFile(path.join(dataDir, 'master.key'));
}

export function eventFileOf(dataDir: string): string {
  return path.join(dataDir, 'events.sqlite');
}

@Module({})
class BenchLedgerModule {
  static with(imports: DynamicModule[]): DynamicModule {
    return { module: BenchLedgerModule, imports };
  }
}

export async function openLedger(
  dataDir: string,
  options: {
    clock?: Clock;
    storeOptions?: SqliteEventStoreOptions;
    extraImports?: (config: LedgerConfig) => DynamicModule[];
  } = {},
): Promise<LedgerContext> {
  ensureMasterKey(dataDir);
  const config = benchConfig(dataDir);
  const store = new SqliteEventStore(eventFileOf(dataDir), options.storeOptions);
  const core = LedgerCoreModule.forRoot({
    config,
    eventStore: store,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const app = await NestFactory.createApplicationContext(
    BenchLedgerModule.with([core, ...(options.extraImports?.(config) ?? [])]),
    { logger: ['error', 'warn'] },
  );
  return { app, store, config };
}
