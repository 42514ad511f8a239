import { DynamicModule, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { loadDefaultCalendar } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LEDGER_CONFIG, LedgerCommands, LedgerConfig, LedgerCoreModule, RegionHierarchyStore } from '@ledger/ledger';
import { cliInvocation } from '../cli-invocation';
import {
  DEMO_CITY,
  DEMO_YEARS,
  DemoPlan,
  DemoWriter,
  DemoYear,
  MAX_DEMO_AGENCIES,
  SimulatedClock,
  cityPlan,
  jiangmenPlan,
} from '@ledger/demo';

interface DemoFlags {
  agencies?: number;
  scale?: number;
  years?: DemoYear[];
  concurrency?: number;
  progress?: boolean;
}

/**
 * The ledger as the demo writes it: the CLI's own store and configuration, but a simulated
 * clock, so each event's ledger time is a few minutes after its (2019–2021) business time.
 */
@Module({})
class DemoLedgerModule {
  static with(config: LedgerConfig, eventStore: EventStore, clock: SimulatedClock): DynamicModule {
    return { module: DemoLedgerModule, imports: [LedgerCoreModule.forRoot({ config, eventStore, clock: clock.now })] };
  }
}

@Command({
  name: 'demo',
  description:
    'Write a synthetic Jiangmen PSB ledger for 2019 and 2020 through the same command handlers as users, whose 2020 figures are the ones ' +
    'the bureau reported (410054 applications, 1 denial, 95.56% satisfaction, …), and the licences those grants create with a plausible ' +
    'life after the grant (post-grant inspections, changes, renewals before expiry or deemed, suspensions, withdrawals, revocations, ' +
    'cancellations), leaving every reported figure as it was. Applicants are plainly synthetic (示例申请人…, DEMO-…). ' +
    "Re-running records nothing twice. With --agencies N, a city of N agencies (the city bureau as above, the others smaller, across Jiangmen's districts) " +
    'and its region hierarchy, for the region figures.',
})
export class DemoCommand extends CommandRunner {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super();
  }

  async run(_args: string[], flags: DemoFlags): Promise<void> {
    const options = { scale: flags.scale ?? 1, years: flags.years ?? DEMO_YEARS };
    const city = flags.agencies === undefined ? undefined : cityPlan({ agencies: flags.agencies, ...options });
    const plans = city ? city.plans : [jiangmenPlan(options)];
    const clock = new SimulatedClock();
    const app = await NestFactory.createApplicationContext(DemoLedgerModule.with(this.config, this.store, clock), {
      logger: ['error', 'warn'],
    });
    try {
      const writer = new DemoWriter(app.get(LedgerCommands), clock, loadDefaultCalendar(this.config.calendarDir));
      // The hierarchy first, so a region's figures as of any instant of the demo find its agencies.
      if (city) {
        const loaded = await app.get(RegionHierarchyStore).load(city.hierarchy, 'demo', plans[0].agency);
        console.log(
          `demo region hierarchy version ${loaded.version}${loaded.unchanged ? ' (already recorded)' : ''}: ${loaded.regions} regions, ${loaded.agencies} agencies`,
        );
      }
      let failed = 0;
      for (const plan of plans) failed += await this.writePlan(writer, plan, flags);
      if (failed > 0) process.exitCode = 1;
      else {
        const ledger = cliInvocation();
        if (city) console.log(`see the city:     ${ledger} figures 2020 --region ${DEMO_CITY.code}`);
        console.log(
          `see the figures: ${ledger} figures 2020 --agency ${plans[0].agency} [--as-of 2021-03-30T18:00:00+08:00]`,
        );
        console.log(
          `and the report:  ${ledger} report 2020 --agency ${plans[0].agency} --out report-2020.docx   (or .pdf, .html, .md)`,
        );
      }
    } finally {
      await app.close();
    }
  }

  /** Writes one agency's plan with its progress and summary; returns the commands refused. */
  private async writePlan(writer: DemoWriter, plan: DemoPlan, flags: DemoFlags): Promise<number> {
    const showBar = flags.progress !== false && process.stderr.isTTY;
    const bar = new SingleBar(
      {
        format: 'demo [{bar}] {percentage}% | {value}/{total} commands | {events} events | {day} | ETA {eta_formatted}',
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    const total = writer.schedule(plan).commandCount;
    if (showBar) bar.start(total, 0, { events: 0, day: '' });
    let lastLine = 0;
    const summary = await writer.write(plan, {
      concurrency: flags.concurrency,
      onProgress: (p) => {
        const day = p.businessTime.slice(0, 10);
        if (showBar) bar.update(p.completed, { events: p.recordedEvents, day });
        else if (Date.now() - lastLine > 10_000 || p.completed === p.total) {
          lastLine = Date.now();
          process.stderr.write(
            `demo: ${p.completed}/${p.total} commands, ${p.recordedEvents} events, business time ${day}\n`,
          );
        }
      },
    });
    if (showBar) bar.stop();
    const rate = summary.seconds > 0 ? Math.round(summary.recordedEvents / summary.seconds) : 0;
    console.log(
      `demo ${plan.agency} ${plan.years.join(', ')} at scale ${plan.scale}: ${summary.completed} commands, ${summary.recordedEvents} events recorded, ` +
        `${summary.replayed} already recorded, ${summary.failed} refused, ${summary.seconds.toFixed(1)} s, ${rate} events/s`,
    );
    for (const f of summary.failures.slice(0, 20))
      console.log(`  ${f.idempotencyKey} ${f.command}: ${f.code ?? ''} ${f.message}`);
    return summary.failed;
  }

  @Option({
    flags: '--agencies <n>',
    description: `a city of n agencies (1–${MAX_DEMO_AGENCIES}) and its region hierarchy: the city bureau at --scale, the others at 1/2 to 1/5 of it`,
  })
  parseAgencies(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_DEMO_AGENCIES)
      throw new Error(`--agencies must be a whole number from 1 to ${MAX_DEMO_AGENCIES}`);
    return n;
  }

  @Option({
    flags: '--scale <fraction>',
    description: 'share of the full volume, more than 0 and at most 1 (default 1: 410054 applications in 2020)',
  })
  parseScale(value: string): number {
    const n = Number(value);
    if (!(n > 0 && n <= 1)) throw new Error('--scale must be a number more than 0 and at most 1, e.g. 0.01');
    return n;
  }

  @Option({ flags: '--years <years>', description: `comma-separated, from ${DEMO_YEARS.join(', ')} (default both)` })
  parseYears(value: string): DemoYear[] {
    const years = value.split(',').map((y) => Number(y.trim()));
    for (const y of years)
      if (!DEMO_YEARS.includes(y as DemoYear))
        throw new Error(`--years takes ${DEMO_YEARS.join(' and/or ')}, not ${y}`);
    return years as DemoYear[];
  }

  @Option({ flags: '-c, --concurrency <n>', description: 'commands in flight at once (default 256)' })
  parseConcurrency(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 10000)
      throw new Error('--concurrency must be a whole number from 1 to 10000');
    return n;
  }

  @Option({ flags: '--no-progress', description: 'no progress bar' })
  parseProgress(): boolean {
    return false;
  }
}
