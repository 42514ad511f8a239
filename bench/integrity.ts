/**
 * Item 5: evidence export and `ledger verify`, through the integrity library's services (what
 * `ledger checkpoint`, `ledger export` and `ledger verify` call), each in its own process so that
 * its peak RSS is its own:
 *  - `checkpoint`: creates the signing key, brings the integrity index up to the store's head
 *    (hashing every event, the Merkle tree's nodes) and signs a checkpoint;
 *  - `export`: the whole store as an evidence trail (events.ndjson with leaf hashes, an inclusion
 *    proof per event, a CSV, the manifest), streamed, as `ledger export --out <dir>`;
 *  - `verify`: recomputes every leaf and the tree from the store and checks them against the index
 *    and the signed checkpoint, as `ledger verify` (the leaves read and hashed by 2 threads).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import {
  LedgerIntegrity,
  createSigningKeyFile,
  exportTrail,
  loadIntegrityConfig,
  sqliteFileOf,
  verifyLedger,
} from '@ledger/integrity';
import { childArgs, profiled, runChild } from './lib/child-result';
import { benchConfig, eventFileOf } from './lib/ledger-context';
import { msSince } from './lib/stats';

interface Args {
  readonly mode: 'checkpoint' | 'export' | 'verify';
  readonly dataDir: string;
  readonly outDir?: string;
}

function directorySize(dir: string): number {
  return readdirSync(dir).reduce((total, name) => total + statSync(path.join(dir, name)).size, 0);
}

runChild(async () => {
  const args = childArgs<Args>();
  const config = benchConfig(args.dataDir);
  const integrityConfig = loadIntegrityConfig(config, {});
  if (!existsSync(integrityConfig.signingKeyFile))
    createSigningKeyFile(integrityConfig.signingKeyFile, integrityConfig.verifierKeyFile, integrityConfig.origin);
  const store = new SqliteEventStore(eventFileOf(args.dataDir));
  const integrity = new LedgerIntegrity(store, integrityConfig);
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const started = process.hrtime.bigint();
  try {
    switch (args.mode) {
      case 'checkpoint': {
        const before = integrity.index.size();
        const outcome = await profiled(() => integrity.checkpoint());
        const seconds = msSince(started) / 1000;
        const indexed = integrity.index.size() - before;
        return {
          mode: args.mode,
          events: indexed,
          treeSize: outcome.checkpoint.treeSize,
          seconds,
          eventsPerSecond: indexed / seconds,
          rssBeforeMb,
        };
      }
      case 'export': {
        const result = await profiled(() =>
          exportTrail(integrity, args.outDir!, { filter: {}, storeFile: sqliteFileOf(store) }),
        );
        const seconds = msSince(started) / 1000;
        const events = result.manifest.eventCount;
        return {
          mode: args.mode,
          events,
          seconds,
          eventsPerSecond: events / seconds,
          bytes: directorySize(result.directory),
          signedNewCheckpoint: result.signedNewCheckpoint,
          rssBeforeMb,
        };
      }
      case 'verify': {
        const report = await profiled(() =>
          verifyLedger(store, integrity.index, {
            verifiers: integrity.localVerifiers(),
            storeFile: sqliteFileOf(store),
          }),
        );
        const seconds = msSince(started) / 1000;
        return {
          mode: args.mode,
          events: report.eventsRead,
          seconds,
          eventsPerSecond: report.eventsRead / seconds,
          intact: report.intact,
          problems: report.problems.slice(0, 3),
          checkpointsVerified: report.checkpointsVerified,
          rssBeforeMb,
        };
      }
      default:
        throw new Error(`unknown mode ${String(args.mode)}`);
    }
  } finally {
    integrity.close();
    await store.close();
  }
});
