/**
 * One projector instance's rebuild of one partition of the yearly figures (issue #15 item 3), as
 * the projector runs it: `ProjectionRunner.rebuild` over the whole store, the other partitions'
 * records skipped before decoding, the checkpoint saved at the end (into a read-model database
 * of this process's own, as each instance's rows are its own in PostgreSQL). Run as one process
 * per partition, at the same time, it shows what a second projector instance saves. Reads the
 * ledger's SQLite store, or a KurrentDB server (see `partition-rebuild-kurrentdb.ts`).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDefaultCalendar } from '@ledger/domain';
import { EventStore, KurrentDbEventStore, SqliteEventStore } from '@ledger/event-store';
import {
  ProjectionRunner,
  YearlyFiguresAccumulator,
  openReadModelDatabase,
  partitionedProjection,
  yearlyFiguresProjection,
} from '@ledger/projections';
import { childArgs, profiled, runChild } from './lib/child-result';
import { eventFileOf } from './lib/ledger-context';
import { msSince } from './lib/stats';

export interface PartitionRebuildArgs {
  /** The ledger whose SQLite store is read, unless `kurrentDbUrl` names a KurrentDB server to read instead. */
  readonly dataDir: string;
  readonly kurrentDbUrl?: string;
  readonly partition: number;
  readonly partitions: number;
}

export interface PartitionRebuildResult {
  readonly partition: number;
  readonly partitions: number;
  /** Every event of the store: the checkpoint moves past each. */
  readonly eventsRead: number;
  /** The events decoded and folded in: this partition's records and the events of no record. */
  readonly eventsDecoded: number;
  readonly agenciesApplied: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

runChild(async (): Promise<PartitionRebuildResult> => {
  const args = childArgs<PartitionRebuildArgs>();
  const store: EventStore = args.kurrentDbUrl
    ? await KurrentDbEventStore.connect(args.kurrentDbUrl)
    : new SqliteEventStore(eventFileOf(args.dataDir));
  const readModels = mkdtempSync(path.join(os.tmpdir(), 'bench-partition-'));
  const dataSource = await openReadModelDatabase({ dataDir: readModels });
  let decoded = 0;
  const runner = new ProjectionRunner(
    store,
    dataSource,
    partitionedProjection(
      yearlyFiguresProjection(loadDefaultCalendar(), 'Asia/Shanghai'),
      args.partition,
      args.partitions,
    ),
    { onApplied: () => decoded++ },
  );
  const startedAtMs = Date.now();
  const started = process.hrtime.bigint();
  await profiled(() => runner.rebuild());
  const seconds = msSince(started) / 1000;
  const endedAtMs = Date.now();
  await runner.stop();
  await dataSource.destroy();
  await store.close();
  rmSync(readModels, { recursive: true, force: true });
  return {
    partition: args.partition,
    partitions: args.partitions,
    eventsRead: runner.applied,
    eventsDecoded: decoded,
    agenciesApplied: (runner.currentState as YearlyFiguresAccumulator).agencies().length,
    seconds,
    eventsPerSecond: runner.applied / seconds,
    startedAtMs,
    endedAtMs,
  };
});
