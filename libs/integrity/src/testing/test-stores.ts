import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, KurrentDbEventStore, SqliteEventStore } from '@ledger/event-store';
import { KurrentDbTestServer } from '@ledger/event-store/testing/kurrentdb-test-server';
import type { IntegrityConfig } from '../config/integrity-config';
import { createSigningKeyFile } from '../checkpoints/signing-key-files';
import { LedgerIntegrity } from '../checkpoints/ledger-integrity';

/** An event store for a test, on a fresh directory, with what it takes to close it. */
export interface TestStore {
  readonly store: EventStore;
  readonly directory: string;
  close(): Promise<void>;
}

/**
 * The two adapters the integrity features must work on: the embedded SQLite file and KurrentDB
 * (the in-process test server speaking its gRPC protocol, with system events between ours and
 * commit ≠ prepare positions).
 */
export const TEST_STORES: readonly { readonly name: string; open(): Promise<TestStore> }[] = [
  {
    name: 'SQLite',
    async open() {
      const directory = mkdtempSync(join(tmpdir(), 'integrity-sqlite-'));
      const store = new SqliteEventStore(join(directory, 'events.sqlite'));
      return {
        store,
        directory,
        close: async () => {
          await store.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'KurrentDB',
    async open() {
      const directory = mkdtempSync(join(tmpdir(), 'integrity-kurrentdb-'));
      const server = await KurrentDbTestServer.start({ systemEventIntervalMs: 20 });
      const store = await KurrentDbEventStore.connect(`${server.url}&discoveryInterval=10`);
      return {
        store,
        directory,
        close: async () => {
          await store.close();
          await server.stop();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    },
  },
];

export function testIntegrityConfig(directory: string, overrides: Partial<IntegrityConfig> = {}): IntegrityConfig {
  return {
    indexPath: join(directory, 'integrity.sqlite'),
    signingKeyFile: join(directory, 'signing.key'),
    verifierKeyFile: join(directory, 'signing.pub'),
    origin: 'ledger.test-psb/events',
    checkpointEverySeconds: 0,
    ...overrides,
  };
}

/** A LedgerIntegrity on the store with a fresh signing key in the store's directory. */
export function integrityFor(
  store: EventStore,
  directory: string,
  overrides: Partial<IntegrityConfig> = {},
): LedgerIntegrity {
  const config = testIntegrityConfig(directory, overrides);
  createSigningKeyFile(config.signingKeyFile, config.verifierKeyFile, config.origin);
  return new LedgerIntegrity(store, config, () => Date.parse('2021-07-01T12:00:00+08:00'));
}
