import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LedgerCoreModule, LedgerCoreOptions, ProblemDetailsFilter } from '@ledger/ledger';
import { ApplicationsController } from './controllers/applications.controller';
import { ItemsController } from './controllers/items.controller';
import { StreamsController } from './controllers/streams.controller';
import { SupervisionController } from './controllers/supervision.controller';

@Module({})
export class AppModule {
  static register(options: LedgerCoreOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [LedgerCoreModule.forRoot(options)],
      controllers: [ItemsController, ApplicationsController, SupervisionController, StreamsController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
