import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LedgerCoreModule, LedgerCoreOptions, ProblemDetailsFilter } from '@ledger/ledger';
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

@Module({})
export class AppModule {
  static register(options: ApiOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [LedgerCoreModule.forRoot(options), ProjectionsModule.forRoot(options.projections ?? { live: true })],
      controllers: [ItemsController, ApplicationsController, SupervisionController, StreamsController, FiguresController, AdminProjectionsController, SubjectsAdminController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
