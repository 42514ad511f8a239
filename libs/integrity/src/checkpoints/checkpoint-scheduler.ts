import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SigningKeyMissingError } from './signing-key-files';
import { LedgerIntegrity } from './ledger-integrity';

/** Options of the scheduler, injected under this token. */
export const CHECKPOINT_SCHEDULE = Symbol('CHECKPOINT_SCHEDULE');

/**
 * Signs a checkpoint every `LEDGER_CHECKPOINT_EVERY_SECONDS` when the tree grew (keeping the
 * index caught up on the way). Runs in the API process; the first run is one period after start,
 * so short-lived processes (tests, the CLI) never touch the index through it.
 */
@Injectable()
export class CheckpointScheduler implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('integrity');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private warnedMissingKey = false;

  constructor(
    private readonly integrity: LedgerIntegrity,
    @Inject(CHECKPOINT_SCHEDULE) private readonly schedule: { readonly enabled: boolean },
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.integrity.config.checkpointEverySeconds;
    if (!this.schedule.enabled || seconds === 0) return;
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

  /** One scheduled run; exposed for tests. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      const { checkpoint, created } = await this.integrity.checkpoint();
      if (created) this.logger.log(`signed checkpoint #${checkpoint.id} for ${checkpoint.treeSize} events`);
    } catch (error) {
      if (error instanceof SigningKeyMissingError) {
        // Keep the index current all the same, so that the first checkpoint is quick once a key exists.
        await this.integrity.catchUp().catch((catchUpError: unknown) => this.logger.error(`indexing events failed: ${(catchUpError as Error).message}`));
        if (!this.warnedMissingKey) this.logger.warn(`scheduled checkpoints are not signed: ${error.message}`);
        this.warnedMissingKey = true;
        return;
      }
      this.logger.error(`scheduled checkpoint failed: ${(error as Error).message}`);
    }
  }
}
