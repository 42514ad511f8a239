import { DynamicModule, Module } from '@nestjs/common';
import { LedgerCoreModule, LedgerCoreOptions } from '@ledger/ledger';
import { OperationsModule } from '@ledger/operations';
import { ProjectionsModule } from '@ledger/projections';

export interface ProjectorOptions extends LedgerCoreOptions {
  /** PostgreSQL schema of the read models (tests). */
  readonly schema?: string;
  /** Save the checkpoint after this many events (LEDGER_CHECKPOINT_EVERY_EVENTS, default 100,000). */
  readonly checkpointEveryEvents?: number;
}

/**
 * The projector worker: runs the projections as catch-up subscriptions with their checkpoints
 * in the read-model database. With PostgreSQL, one instance leads (advisory lock) and the others
 * wait as standby; the API then runs stateless replicas with LEDGER_PROJECTIONS=external.
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
        }),
        OperationsModule,
      ],
    };
  }
}
