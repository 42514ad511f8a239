/**
 * Item 3: full rebuild of one year's figures from the store, as `ledger rebuild yearly-figures
 * --year <year>` does (`YearlyFiguresService.rebuild`): one pass over every event of the store
 * into a fresh accumulator, then the year's figure documents written to the read model.
 * Peak RSS is this process's (Nest, the store, the read model and the accumulator included).
 * The store reads ahead on a second thread (`SqliteEventStore.readAllAhead`): the main thread's
 * CPU time beside the process's (`usage.measuredCpuSeconds`) shows how much of the work left it.
 */
import { ProjectionsModule, YearlyFiguresService } from '@ledger/projections';
import { childArgs, profiled, runChild } from './lib/child-result';
import { openLedger } from './lib/ledger-context';
import { msSince } from './lib/stats';
import { mainThreadCpuSeconds } from './lib/thread-cpu';

interface Args {
  readonly dataDir: string;
  readonly year: number;
}

runChild(async () => {
  const args = childArgs<Args>();
  const { app, store } = await openLedger(args.dataDir, {
    extraImports: () => [ProjectionsModule.forRoot({ live: false })],
  });
  const service = app.get(YearlyFiguresService);
  const rssBefore = process.memoryUsage().rss;
  let eventsRead = 0;
  const started = process.hrtime.bigint();
  const mainCpuBefore = mainThreadCpuSeconds();
  const result = await profiled(() => service.rebuild('yearly-figures', args.year, (p) => (eventsRead = p.applied)));
  const seconds = msSince(started) / 1000;
  const mainCpuAfter = mainThreadCpuSeconds();
  const head = await store.headPosition();
  await app.close();
  return {
    year: args.year,
    eventsRead,
    storeEvents: head ? Number(head.commit) : 0,
    eventsOfYear: result.eventsApplied,
    documents: result.documents,
    seconds,
    eventsPerSecond: eventsRead / seconds,
    rssBeforeMb: Math.round(rssBefore / 2 ** 20),
    mainThreadCpuSeconds:
      mainCpuBefore === undefined || mainCpuAfter === undefined
        ? undefined
        : Math.round((mainCpuAfter - mainCpuBefore) * 100) / 100,
    readAhead: store.readAheadStats,
  };
});
