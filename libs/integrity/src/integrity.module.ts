import { DynamicModule, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CLOCK, type Clock, LEDGER_CONFIG, type LedgerConfig } from '@ledger/ledger';
import { CHECKPOINT_SCHEDULE, CheckpointScheduler } from './checkpoints/checkpoint-scheduler';
import { LedgerIntegrity } from './checkpoints/ledger-integrity';
import { CHECKPOINT_SIGNER, type CheckpointSigner, FileCheckpointSigner } from './checkpoints/checkpoint-signer';
import { INTEGRITY_CONFIG, type IntegrityConfig, loadIntegrityConfig } from './config/integrity-config';

export interface IntegrityModuleOptions {
  /** Sign checkpoints on a schedule in this process (the API); the CLI signs on demand only. */
  readonly scheduleCheckpoints?: boolean;
  /** A configuration of the caller's own (tests); otherwise read from the environment. */
  readonly config?: IntegrityConfig;
  /** A KMS or HSM adapter of the {@link CheckpointSigner} port; default: the key file `LEDGER_SIGNING_KEY_FILE`. */
  readonly signer?: CheckpointSigner;
}

/** Closes the integrity index after everything else that might use it has stopped. */
@Injectable()
class IntegrityLifecycle implements OnApplicationShutdown {
  constructor(private readonly integrity: LedgerIntegrity) {}
  onApplicationShutdown(): void {
    this.integrity.close();
  }
}

/**
 * Tamper evidence and verifiable exports: the integrity index, signed checkpoints (on demand
 * and, with `scheduleCheckpoints`, on a schedule). Needs the global LedgerCoreModule (store,
 * configuration, clock).
 */
@Module({})
export class IntegrityModule {
  static forRoot(options: IntegrityModuleOptions = {}): DynamicModule {
    return {
      module: IntegrityModule,
      providers: [
        {
          provide: INTEGRITY_CONFIG,
          inject: [LEDGER_CONFIG],
          useFactory: (ledger: LedgerConfig) => options.config ?? loadIntegrityConfig(ledger),
        },
        {
          provide: CHECKPOINT_SIGNER,
          inject: [INTEGRITY_CONFIG],
          useFactory: (config: IntegrityConfig) => options.signer ?? new FileCheckpointSigner(config.signingKeyFile),
        },
        {
          provide: LedgerIntegrity,
          inject: [EVENT_STORE, INTEGRITY_CONFIG, CLOCK, CHECKPOINT_SIGNER],
          useFactory: (store: EventStore, config: IntegrityConfig, clock: Clock, signer: CheckpointSigner) =>
            new LedgerIntegrity(store, config, clock, signer),
        },
        { provide: CHECKPOINT_SCHEDULE, useValue: { enabled: options.scheduleCheckpoints === true } },
        CheckpointScheduler,
        IntegrityLifecycle,
      ],
      exports: [LedgerIntegrity, INTEGRITY_CONFIG, CheckpointScheduler, CHECKPOINT_SIGNER],
    };
  }
}
