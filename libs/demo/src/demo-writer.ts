import { AsyncLocalStorage } from 'node:async_hooks';
import { WorkingDayCalendar, loadDefaultCalendar } from '@ledger/domain';
import { Clock, LedgerCommands, toProblem } from '@ledger/ledger';
import { DemoCommand, DemoSchedule } from './demo-schedule';
import { CATALOGUE_REGISTERED_FROM, DemoPlan } from './jiangmen-plan';

/**
 * The ledger's clock during a demo run. Each command is run "at" its business time plus a few
 * minutes, so every event's ledger time is shortly after its business time however many
 * commands are in flight (an async-local value, read by the command executor), and "the 2020
 * figures as they stood on 2021-03-30" means what it says. Outside a command it reads the
 * latest time reached; it never goes backwards.
 */
export class SimulatedClock {
  private ms: number;
  private readonly current = new AsyncLocalStorage<number>();
  /** Give this to `LedgerCoreModule.forRoot({ clock })`. */
  readonly now: Clock = () => this.current.getStore() ?? this.ms;

  constructor(start: number = Date.parse(CATALOGUE_REGISTERED_FROM)) {
    this.ms = start;
  }

  advanceTo(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }

  /** Runs `work` with the clock reading `ms` (and moves the shared reading up to it). */
  runAt<T>(ms: number, work: () => T): T {
    this.advanceTo(ms);
    return this.current.run(ms, work);
  }
}

export interface DemoProgress {
  readonly total: number;
  readonly completed: number;
  readonly recordedEvents: number;
  /** Commands found already recorded (a re-run on the same store). */
  readonly replayed: number;
  readonly failed: number;
  /** Business time reached, ISO. */
  readonly businessTime: string;
}

export interface DemoFailure {
  readonly idempotencyKey: string;
  readonly command: string;
  readonly code?: string;
  readonly message: string;
}

export interface DemoRunSummary extends DemoProgress {
  readonly seconds: number;
  /** The first failures, in completion order (all are counted in `failed`). */
  readonly failures: readonly DemoFailure[];
}

export interface DemoWriteOptions {
  /** Commands in flight at once (default 256): they share the store's durable commits. */
  readonly concurrency?: number;
  /** How far the ledger time trails the business time it follows (default 3 minutes). */
  readonly ledgerLagMs?: number;
  readonly onProgress?: (progress: DemoProgress) => void;
  /** Completed commands between progress reports (default 2,000). */
  readonly progressEvery?: number;
  /** Failures kept with their message (default 50). */
  readonly keepFailures?: number;
}

/**
 * Writes a demo plan through `LedgerCommands.runPlain`, the door every user's command goes
 * through (DTO validation, command bus, deciders, idempotency), with many commands in flight
 * while each stream's commands run in order. Every command carries an idempotency key derived
 * from the plan (`demo:2020:app:000123:decide`), so running the same plan again on the same
 * store records nothing twice.
 */
export class DemoWriter {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly clock: SimulatedClock,
    private readonly calendar: WorkingDayCalendar = loadDefaultCalendar(),
  ) {}

  /** The commands the plan makes, without writing them (for counts and checks). */
  schedule(plan: DemoPlan): DemoSchedule {
    return new DemoSchedule(plan, this.calendar);
  }

  async write(plan: DemoPlan, options: DemoWriteOptions = {}): Promise<DemoRunSummary> {
    const schedule = this.schedule(plan);
    const concurrency = options.concurrency ?? 256;
    const lag = options.ledgerLagMs ?? 3 * 60_000;
    const every = options.progressEvery ?? 2_000;
    const keep = options.keepFailures ?? 50;
    const started = process.hrtime.bigint();
    const failures: DemoFailure[] = [];
    let completed = 0;
    let recordedEvents = 0;
    let replayed = 0;
    let failed = 0;
    let businessTime = 0;
    const progress = (): DemoProgress => ({
      total: schedule.commandCount,
      completed,
      recordedEvents,
      replayed,
      failed,
      businessTime: businessTime ? new Date(businessTime).toISOString() : '',
    });

    // Our own small scheduler rather than OrderingLanes: a million submissions racing 256 promises each would cost more than the writes.
    const lanes = new Map<string, Promise<void>>();
    let inFlight = 0;
    let wake: (() => void) | undefined;
    const waitForRoom = async (limit: number) => {
      while (inFlight > limit) await new Promise<void>((resolve) => (wake = resolve));
    };
    const execute = async (cmd: DemoCommand): Promise<void> => {
      try {
        const origin = {
          idempotencyKey: cmd.idempotencyKey,
          correlationId: cmd.correlationId,
          causationId: cmd.idempotencyKey,
          defaultActor: cmd.actor,
          // The demonstration data's own principal: every agency, in the names of its clerks.
          principal: { id: 'demo', actor: cmd.actor, agencies: '*' as const, canRelay: true },
        };
        const result = await this.clock.runAt(cmd.at + lag, () => this.commands.runPlain(cmd.body, origin));
        if (result.replayed) replayed++;
        else recordedEvents += result.eventIds.length;
      } catch (error) {
        failed++;
        if (failures.length < keep) {
          const problem = toProblem(error);
          failures.push({
            idempotencyKey: cmd.idempotencyKey,
            command: cmd.body.command,
            code: problem.code,
            message: problem.detail,
          });
        }
      }
    };

    let inBarrier = false;
    for (const cmd of schedule.commands()) {
      // A catalogue change waits for everything before it, and everything after waits for it.
      if ((cmd.barrier === true) !== inBarrier) {
        await waitForRoom(0);
        inBarrier = cmd.barrier === true;
      }
      await waitForRoom(concurrency - 1);
      businessTime = Math.max(businessTime, cmd.at);
      const { lane } = cmd;
      const previous = lanes.get(lane);
      const run = previous ? previous.then(() => execute(cmd)) : execute(cmd);
      lanes.set(lane, run);
      inFlight++;
      void run.then(() => {
        inFlight--;
        completed++;
        if (lanes.get(lane) === run) lanes.delete(lane);
        if (options.onProgress && completed % every === 0) options.onProgress(progress());
        const w = wake;
        wake = undefined;
        w?.();
      });
    }
    await waitForRoom(0);
    const summary = { ...progress(), seconds: Number(process.hrtime.bigint() - started) / 1e9, failures };
    options.onProgress?.(summary);
    return summary;
  }
}
