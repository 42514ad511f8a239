/**
 * One projector instance's share of a rebuild of the yearly figures (issue #15 item 3): every
 * event of the store read and decoded, the facts of the agencies of partition `partition` of
 * `partitions` applied (`partitionedProjection`, as a partitioned projector instance applies
 * them). Run as one process per partition, at the same time, it shows what a second projector
 * instance saves: the applying is split, the reading and decoding are not.
 */
import { loadDefaultCalendar } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { decodeStoredEvent } from '@ledger/kernel';
import { YearlyFiguresAccumulator, partitionedProjection, yearlyFiguresProjection } from '@ledger/projections';
import { childArgs, profiled, runChild } from './lib/child-result';
import { eventFileOf } from './lib/ledger-context';
import { msSince } from './lib/stats';

export interface PartitionPassArgs {
  readonly dataDir: string;
  readonly partition: number;
  readonly partitions: number;
}

export interface PartitionPassResult {
  readonly partition: number;
  readonly partitions: number;
  readonly eventsRead: number;
  readonly agenciesApplied: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

runChild(async (): Promise<PartitionPassResult> => {
  const args = childArgs<PartitionPassArgs>();
  const store = new SqliteEventStore(eventFileOf(args.dataDir));
  const projection = partitionedProjection(
    yearlyFiguresProjection(loadDefaultCalendar(), 'Asia/Shanghai'),
    args.partition,
    args.partitions,
  );
  const startedAtMs = Date.now();
  const started = process.hrtime.bigint();
  const { state, read } = await profiled(async () => {
    let state = projection.initialState();
    let read = 0;
    for await (const stored of store.readAll()) {
      const decoded = decodeStoredEvent(stored);
      if (decoded.kind === 'fact') state = projection.evolve(state, decoded.event);
      else if (projection.evolveOther) state = projection.evolveOther(state, decoded.event);
      read++;
    }
    return { state, read };
  });
  const seconds = msSince(started) / 1000;
  await store.close();
  return {
    partition: args.partition,
    partitions: args.partitions,
    eventsRead: read,
    agenciesApplied: (state as YearlyFiguresAccumulator).agencies().length,
    seconds,
    eventsPerSecond: read / seconds,
    startedAtMs,
    endedAtMs: Date.now(),
  };
});
