import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { LedgerMetrics } from '@ledger/ledger/metrics/ledger-metrics';
import { SigningKeyMissingError } from './signing-key-files';
import { LedgerIntegrity } from './ledger-integrity';

/** Options of the scheduler, injected under this token. */
export const CHECKPOINT_SCHEDULE = Symbol('CHECKPOINT_SCHEDULE');

/** What `/health/ready` needs to know about the schedule. */
export interface CheckpointScheduleHealth {
  /** False while the latest scheduled run failed: the unsigned tail grows and nobody vouches for it. */
  readonly healthy: boolean;
  readonly enabled: boolean;
  readonly consecutiveFailures: number;
  readonly lastFailure?: { readonly at: string; readonly message: string };
  readonly lastSuccessAt?: string;
}

/**
 * Signs a checkpoint every `LEDGER_CHECKPOINT_EVERY_SECONDS` (default 10) when the tree grew (keeping the
 * index caught up on the way). Runs in the API process; the first run is one period after start,
 * so short-lived processes (tests, the CLI) never touch the index through it.
 *
 * A failing run makes the API not ready and is counted (`ledger_checkpoint_runs_total`), so a
 * stalled integrity layer is seen by the orchestrator and the alerting, not only in the log. A
 * missing signing key is not a failure: the ledger was deliberately set up without one.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('integrity');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private warnedMissingKey = false;
  /** Witnesses whose latest answer was not a cosignature: warned about once, until they cosign again. */
  private readonly failingWitnesses = new Set<string>();
  private consecutiveFailures = 0;
  private lastFailure?: { at: string; message: string };
  private lastSuccessAt?: string;
  private readonly runs?: Counter<'outcome'>;
  private readonly witnessRequests?: Counter<'witness' | 'outcome'>;

  constructor(
    private readonly integrity: LedgerIntegrity,
    @Inject(CHECKPOINT_SCHEDULE) private readonly schedule: { readonly enabled: boolean },
    @Optional() metrics?: LedgerMetrics,
  ) {
    if (metrics) {
      this.runs = new Counter({
        name: 'ledger_checkpoint_runs_total',
        help: 'Scheduled checkpoint runs, by outcome (signed, unchanged, no_key, failed)',
        labelNames: ['outcome'] as const,
        registers: [metrics.registry],
      });
      this.witnessRequests = new Counter({
        name: 'ledger_witness_cosignatures_total',
        help: 'Cosignatures asked of the configured witnesses by scheduled checkpoints, by witness and outcome (cosigned, failed)',
        labelNames: ['witness', 'outcome'] as const,
        registers: [metrics.registry],
      });
      const failuresInARow = () => this.consecutiveFailures;
      new Gauge({
        name: 'ledger_checkpoint_consecutive_failures',
        help: 'Scheduled checkpoint runs that failed in a row (0 when the latest succeeded)',
        registers: [metrics.registry],
        collect() {
          this.set(failuresInARow());
        },
      });
    }
  }

  onApplicationBootstrap(): void {
    const seconds = this.integrity.config.checkpointEverySeconds;
    if (!this.enabled) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Lets a run in progress finish before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.running;
  }

  health(): CheckpointScheduleHealth {
    return {
      healthy: this.consecutiveFailures === 0,
      enabled: this.enabled,
      consecutiveFailures: this.consecutiveFailures,
      ...(this.lastFailure && { lastFailure: this.lastFailure }),
      ...(this.lastSuccessAt && { lastSuccessAt: this.lastSuccessAt }),
    };
  }

  /** One scheduled run; exposed for tests. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private get enabled(): boolean {
    return this.schedule.enabled && this.integrity.config.checkpointEverySeconds > 0;
  }

  private async run(): Promise<void> {
    try {
      const { checkpoint, created, fallbackLeaves, witnesses } = await this.integrity.checkpoint();
      if (created) this.logger.log(`signed checkpoint #${checkpoint.id} for ${checkpoint.treeSize} events`);
      for (const outcome of witnesses) {
        this.witnessRequests?.inc({ witness: outcome.witness, outcome: outcome.cosigned ? 'cosigned' : 'failed' });
        if (outcome.cosigned && this.failingWitnesses.delete(outcome.witness))
          this.logger.log(`witness ${outcome.witness} cosigns again (checkpoint #${checkpoint.id})`);
        if (!outcome.cosigned && !this.failingWitnesses.has(outcome.witness)) {
          this.failingWitnesses.add(outcome.witness);
          this.logger.warn(
            `witness ${outcome.witness} did not cosign checkpoint #${checkpoint.id}: ${outcome.message} (asked again every run; counted in ledger_witness_cosignatures_total)`,
          );
        }
      }
      if (fallbackLeaves.length > 0)
        this.logger.warn(
          `${fallbackLeaves.length} event(s) cannot be written in RFC 8785 and were indexed with the fallback encoding (first leaf ${fallbackLeaves[0]})`,
        );
      this.succeeded(created ? 'signed' : 'unchanged');
    } catch (error) {
      if (error instanceof SigningKeyMissingError) {
        // Keep the index current all the same, so that the first checkpoint is quick once a key exists.
        try {
          await this.integrity.catchUp();
        } catch (catchUpError) {
          this.failed(`indexing events failed: ${(catchUpError as Error).message}`);
          return;
        }
        if (!this.warnedMissingKey) this.logger.warn(`scheduled checkpoints are not signed: ${error.message}`);
        this.warnedMissingKey = true;
        this.succeeded('no_key');
        return;
      }
      this.failed(`scheduled checkpoint failed: ${(error as Error).message}`);
    }
  }

  private succeeded(outcome: 'signed' | 'unchanged' | 'no_key'): void {
    if (this.consecutiveFailures > 0)
      this.logger.log(`scheduled checkpoints work again after ${this.consecutiveFailures} failed run(s)`);
    this.consecutiveFailures = 0;
    this.lastSuccessAt = new Date().toISOString();
    this.runs?.inc({ outcome });
  }

  private failed(message: string): void {
    this.consecutiveFailures++;
    this.lastFailure = { at: new Date().toISOString(), message };
    this.runs?.inc({ outcome: 'failed' });
    // Once, then every 12th run: the state is in /health/ready and /metrics, the log need not repeat it every period.
    if (this.consecutiveFailures === 1 || this.consecutiveFailures % 12 === 0)
      this.logger.error(`${message} (${this.consecutiveFailures} run(s) in a row)`);
  }
}
