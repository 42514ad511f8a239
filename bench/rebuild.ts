/**
 * Item 3: full rebuild of one year's figures from the store, as `ledger rebuild yearly-figures
 * --year <year>` does (`YearlyFiguresService.rebuild`): one pass over every event of the store
 * into a fresh accumulator, then the year's figure documents written to the read model.
 * Peak RSS is this process's (Nest, the store, the read model and the accumulator included).
 */
import { ProjectionsModule, YearlyFiguresService } from '@ledger/projections';
import { childArgs, profiled, runChild } from './lib/child-result';
import { openLedger } from './lib/ledger-context';
import { msSince } from './lib/stats';

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
  const result = await profiled(() => service.rebuild('yearly-figures', args.year, (p) => (eventsRead = p.applied)));
  const seconds = msSince(started) / 1000;
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
  };
});
