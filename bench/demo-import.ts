/**
 * Item 2: bulk import of a Jiangmen-scale year. Writes the demo plan (2020 at full scale:
 * 410,054 applications, ~1.56 million commands) through `LedgerCommands.runPlain` with the
 * demo writer, as `ledger demo --scale 1 --years 2020` does, into a fresh store with a real
 * master key: every command validated, decided, sealed, and acknowledged only once durable.
 */
import { loadDefaultCalendar } from '@ledger/domain';
import { DemoWriter, DemoYear, SimulatedClock, jiangmenPlan } from '@ledger/demo';
import { LedgerCommands } from '@ledger/ledger';
import { childArgs, profiled, runChild } from './lib/child-result';
import { openLedger } from './lib/ledger-context';

interface Args {
  readonly dataDir: string;
  readonly scale: number;
  readonly years: DemoYear[];
  readonly concurrency: number;
}

runChild(async () => {
  const args = childArgs<Args>();
  const clock = new SimulatedClock();
  const { app, store } = await openLedger(args.dataDir, { clock: clock.now });
  const writer = new DemoWriter(app.get(LedgerCommands), clock, loadDefaultCalendar());
  const plan = jiangmenPlan({ scale: args.scale, years: args.years });
  let lastReport = Date.now();
  const summary = await profiled(() =>
    writer.write(plan, {
      concurrency: args.concurrency,
      progressEvery: 10_000,
      onProgress: (p) => {
        if (Date.now() - lastReport < 15_000) return;
        lastReport = Date.now();
        process.stderr.write(
          `    import: ${p.completed}/${p.total} commands, ${p.recordedEvents} events, business time ${p.businessTime.slice(0, 10)}\n`,
        );
      },
    }),
  );
  const commits = store.commitStats;
  await app.close();
  return {
    scale: args.scale,
    years: args.years,
    concurrency: args.concurrency,
    commands: summary.completed,
    events: summary.recordedEvents,
    failed: summary.failed,
    failures: summary.failures.slice(0, 5),
    seconds: summary.seconds,
    eventsPerSecond: summary.recordedEvents / summary.seconds,
    commandsPerSecond: summary.completed / summary.seconds,
    transactions: commits.transactions,
    appendsPerTransaction: commits.transactions ? commits.appends / commits.transactions : 0,
  };
});
