import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LedgerCoreModule, LedgerCoreOptions, ProblemDetailsFilter } from '@ledger/ledger';
import { OperationsModule } from '@ledger/operations';
import { ProjectionsModule, ProjectionsModuleOptions } from '@ledger/projections';
import { AdminProjectionsController } from './controllers/admin-projections.controller';
import { ApplicationsController } from './controllers/applications.controller';
import { FiguresController } from './controllers/figures.controller';
import { ItemsController } from './controllers/items.controller';
import { StreamsController } from './controllers/streams.controller';
import { SupervisionController } from './controllers/supervision.controller';
import { SubjectsAdminController } from './controllers/subjects-admin.controller';

export interface ApiOptions extends LedgerCoreOptions {
  /** Defaults to running the projections live in the API process (the embedded deployment). */
  readonly projections?: ProjectionsModuleOptions;
}

/** In-process by default; with LEDGER_PROJECTIONS=external a projector keeps the stored read models current. */
function projectionsFor(options: ApiOptions): ProjectionsModuleOptions {
  return options.config?.projections === 'external' ? { live: false, storedDocumentsAreCurrent: true } : { live: true };
}

@Module({})
export class AppModule {
  static register(options: ApiOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [LedgerCoreModule.forRoot(options), ProjectionsModule.forRoot(options.projections ?? projectionsFor(options)), OperationsModule],
      controllers: [ItemsController, ApplicationsController, SupervisionController, StreamsController, FiguresController, AdminProjectionsController, SubjectsAdminController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
