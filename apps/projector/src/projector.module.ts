import { DynamicModule, Module } from '@nestjs/common';
import { LedgerCoreModule, LedgerCoreOptions } from '@ledger/ledger';
import { OperationsModule } from '@ledger/operations';
import { ProjectionsModule, ProjectorInstance } from '@ledger/projections';

export interface ProjectorOptions extends LedgerCoreOptions {
  /** PostgreSQL schema of the read models (tests). */
  readonly schema?: string;
  /** Save the checkpoint after this many events (LEDGER_CHECKPOINT_EVERY_EVENTS, default 100,000). */
  readonly checkpointEveryEvents?: number;
  /** Partitions of the projection by agency (LEDGER_PROJECTION_PARTITIONS, default 1). */
  readonly partitions?: number;
  /** This instance's preferred share (LEDGER_PROJECTOR_INSTANCE, `k/n`). */
  readonly instance?: ProjectorInstance;
  /** LEDGER_PROJECTOR_TAKEOVER_MS: how long another instance's partition must stay free before this one takes it (default 5000). */
  readonly takeoverAfterMs?: number;
  /** How often a waiting instance asks for a lock again (ms, default 2000). */
  readonly lockRetryMs?: number;
}

/**
 * The projector worker: runs the projections as catch-up subscriptions with their checkpoints
 * in the read-model database. With PostgreSQL, each partition of the work (by agency,
 * LEDGER_PROJECTION_PARTITIONS) is led by one instance through its own advisory lock, the others
 * standing by for it and taking it over when its instance dies; the API then runs stateless
 * replicas with LEDGER_PROJECTIONS=external.
 */
@Module({})
export class ProjectorModule {
  static register(options: ProjectorOptions = {}): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        LedgerCoreModule.forRoot(options),
        ProjectionsModule.forRoot({
          live: true,
          schema: options.schema,
          checkpointEveryEvents: options.checkpointEveryEvents,
          partitions: options.partitions,
          instance: options.instance,
          takeoverAfterMs: options.takeoverAfterMs,
          lockRetryMs: options.lockRetryMs,
        }),
        OperationsModule,
      ],
    };
  }
}
