/**
 * Warm figure queries on a store whose documents a rebuild (or a projector) has written, as an
 * API replica serves them (`storedDocumentsAreCurrent`): one agency's `GET /v1/figures/{year}`
 * and a region's `GET /v1/figures/{year}?region=…` (its figures part, which the response
 * carries), through the services the controller calls, without HTTP. The first call of each is
 * timed apart; then `calls` calls each, one at a time.
 */
import { ProjectionsModule, RegionFiguresService, YearlyFiguresService } from '@ledger/projections';
import { childArgs, profiled, runChild } from './lib/child-result';
import { openLedger } from './lib/ledger-context';
import { LatencySummary, msSince, summariseLatencies } from './lib/stats';

export interface FiguresQueriesArgs {
  readonly dataDir: string;
  readonly year: number;
  readonly agency: string;
  readonly region: string;
  readonly calls: number;
}

export interface FiguresQueriesResult {
  readonly agencyFirstMs: number;
  readonly agency: LatencySummary;
  readonly regionFirstMs: number;
  readonly region: LatencySummary;
  readonly regionAgencies: number;
  readonly received: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const value = await work();
  return [value, msSince(started)];
}

runChild(async (): Promise<FiguresQueriesResult> => {
  const args = childArgs<FiguresQueriesArgs>();
  const { app } = await openLedger(args.dataDir, {
    extraImports: () => [ProjectionsModule.forRoot({ live: false, storedDocumentsAreCurrent: true })],
  });
  const figures = app.get(YearlyFiguresService);
  const regions = app.get(RegionFiguresService);
  const agencyQuery = { agency: args.agency, year: args.year };
  const regionQuery = { region: args.region, year: args.year };
  const regionFigures = async () => (await regions.rollUp(regionQuery)).figures;
  const result = await profiled(async () => {
    const [document, agencyFirstMs] = await timed(() => figures.figures(agencyQuery));
    const agency: number[] = [];
    for (let i = 0; i < args.calls; i++) agency.push((await timed(() => figures.figures(agencyQuery)))[1]);
    const [rolled, regionFirstMs] = await timed(regionFigures);
    const region: number[] = [];
    for (let i = 0; i < args.calls; i++) region.push((await timed(regionFigures))[1]);
    const applications = (document.figures as { applications?: { received?: number } }).applications;
    const regionAgencies = (rolled as { agencies?: readonly string[] }).agencies?.length;
    return {
      agencyFirstMs,
      agency: summariseLatencies(agency),
      regionFirstMs,
      region: summariseLatencies(region),
      regionAgencies: regionAgencies ?? -1,
      received: applications?.received ?? -1,
    };
  });
  await app.close();
  return result;
});
