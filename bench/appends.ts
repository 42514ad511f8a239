/**
 * Item 1: durable per-command appends through the command handlers. Many commands in flight
 * (clerks and upstream systems at once), each through `LedgerCommands.runPlain` — validation,
 * command bus, load, decide, seal personal data, append with the expected revision — and each
 * acknowledged only once its group commit is durable (SQLite WAL, synchronous = FULL).
 * The commands are the Jiangmen demo year's first ones in business-time order (filings,
 * acceptances, decisions, visits, ratings, certificates…); commands of one application run in
 * order, as a clerk would send them. Latency: from the call to the acknowledgement.
 */
import { loadDefaultCalendar } from '@ledger/domain';
import { DemoCommand, DemoSchedule, SimulatedClock, jiangmenPlan } from '@ledger/demo';
import { LedgerCommands } from '@ledger/ledger';
import { childArgs, profiled, runChild } from './lib/child-result';
import { openLedger } from './lib/ledger-context';
import { type LatencySummary, Samples, msSince } from './lib/stats';

export interface AppendsArgs {
  readonly dataDir: string;
  /** Stop issuing commands after this long (the in-flight ones finish). */
  readonly seconds: number;
  readonly maxCommands: number;
  readonly concurrency: number;
  /** Scale of the demo plan the commands are taken from. */
  readonly scale: number;
  /**
   * The agency the commands are recorded for (default the demo's): on a ledger that already holds
   * the demo's agency (the growth bench's city), a new one, so every command appends rather than
   * being answered as a replay of what the ledger holds.
   */
  readonly agency?: string;
}

/** What a run reports: the commands issued and acknowledged, the events they appended, their latency and the group commits. */
export interface AppendsResult {
  readonly concurrency: number;
  readonly commands: number;
  readonly acknowledged: number;
  readonly failed: number;
  readonly firstFailure?: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly commandsPerSecond: number;
  readonly latency: LatencySummary;
  readonly transactions: number;
  readonly appendsPerTransaction: number;
}

runChild(async (): Promise<AppendsResult> => {
  const args = childArgs<AppendsArgs>();
  const clock = new SimulatedClock();
  const { app, store } = await openLedger(args.dataDir, { clock: clock.now });
  const commands = app.get(LedgerCommands);
  const plan = jiangmenPlan({ scale: args.scale, years: [2020] });
  const schedule = new DemoSchedule(args.agency ? { ...plan, agency: args.agency } : plan, loadDefaultCalendar());

  // Materialised before the clock starts, so that generating the plan is not measured.
  const setup: DemoCommand[] = [];
  const timed: DemoCommand[] = [];
  for (const cmd of schedule.commands()) {
    if (cmd.barrier) setup.push(cmd);
    else if (timed.length < args.maxCommands) timed.push(cmd);
    else break;
  }
  const lag = 3 * 60_000;
  const run = (cmd: DemoCommand) =>
    clock.runAt(cmd.at + lag, () =>
      commands.runPlain(cmd.body, {
        idempotencyKey: cmd.idempotencyKey,
        correlationId: cmd.correlationId,
        causationId: cmd.idempotencyKey,
        defaultActor: cmd.actor,
      }),
    );
  // The catalogue (items registered and amended) first, untimed: later commands refer to it.
  for (const cmd of setup) await run(cmd);
  const before = store.commitStats;

  const latencies = new Samples();
  const lanes = new Map<string, Promise<void>>();
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let events = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const waitForRoom = async (limit: number) => {
    while (inFlight > limit) await new Promise<void>((resolve) => (wake = resolve));
  };
  const execute = async (cmd: DemoCommand): Promise<void> => {
    const issued = process.hrtime.bigint();
    try {
      const result = await run(cmd);
      latencies.push(msSince(issued));
      events += result.eventIds.length;
    } catch (error) {
      failed++;
      firstFailure ??= `${cmd.body.command}: ${(error as Error).message}`;
    }
  };

  const started = process.hrtime.bigint();
  const deadline = args.seconds * 1000;
  let issued = 0;
  const issueAll = async () => {
    for (const cmd of timed) {
      if (msSince(started) > deadline) break;
      await waitForRoom(args.concurrency - 1);
      const previous = lanes.get(cmd.lane);
      const promise = previous ? previous.then(() => execute(cmd)) : execute(cmd);
      lanes.set(cmd.lane, promise);
      inFlight++;
      issued++;
      void promise.then(() => {
        inFlight--;
        if (lanes.get(cmd.lane) === promise) lanes.delete(cmd.lane);
        const w = wake;
        wake = undefined;
        w?.();
      });
    }
    await waitForRoom(0);
  };
  await profiled(issueAll);
  const seconds = msSince(started) / 1000;
  const after = store.commitStats;
  await app.close();
  const transactions = after.transactions - before.transactions;
  return {
    concurrency: args.concurrency,
    commands: issued,
    acknowledged: latencies.length,
    failed,
    firstFailure,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    commandsPerSecond: latencies.length / seconds,
    latency: latencies.summary(),
    transactions,
    appendsPerTransaction: transactions ? (after.appends - before.appends) / transactions : 0,
  };
});
