import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { CalendarHistory, baseCalendarVersions } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger';
import {
  PROJECTIONS_OPTIONS,
  ProjectionsOptions,
  READ_MODEL_DATA_SOURCE,
  WORKING_DAY_CALENDAR,
  YearlyFiguresService,
} from './figures-service/yearly-figures.service';
import { readModelOptions } from './read-model/read-model-data-source';
import { RegionFiguresService } from './region-figures/region-figures.service';
import { ProjectionStatusService } from './status/projection-status.service';

export interface ProjectionsModuleOptions extends ProjectionsOptions {
  /** PostgreSQL schema for the read models (tests isolate themselves in one). */
  readonly schema?: string;
}

/**
 * Read models (TypeORM: SQLite by default, PostgreSQL when DATABASE_URL is set; tables created
 * by migrations at start-up) and the projections that fill them.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [LEDGER_CONFIG],
          useFactory: (config: LedgerConfig) =>
            readModelOptions({
              databaseUrl: config.databaseUrl,
              dataDir: config.dataDir,
              schema: options.schema ?? config.readModelSchema,
            }),
        }),
      ],
      providers: [
        { provide: PROJECTIONS_OPTIONS, useValue: options },
        { provide: READ_MODEL_DATA_SOURCE, useExisting: getDataSourceToken() },
        {
          provide: WORKING_DAY_CALENDAR,
          inject: [LEDGER_CONFIG],
          useFactory: (config: LedgerConfig) => new CalendarHistory([], baseCalendarVersions(config.calendarDir)),
        },
        YearlyFiguresService,
        RegionFiguresService,
        ProjectionStatusService,
      ],
      exports: [
        YearlyFiguresService,
        RegionFiguresService,
        ProjectionStatusService,
        READ_MODEL_DATA_SOURCE,
        WORKING_DAY_CALENDAR,
      ],
    };
  }
}
