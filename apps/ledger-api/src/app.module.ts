import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LedgerCoreModule, LedgerCoreOptions, ProblemDetailsFilter, loadLedgerConfig } from '@ledger/ledger';
import {
  ACCESS_SETTINGS,
  AccessGuard,
  AccessSettings,
  ApiKeyFile,
  OperationsModule,
  SESSIONS,
  SessionStore,
  loadAccessSettings,
} from '@ledger/operations';
import { ProjectionsModule, ProjectionsModuleOptions } from '@ledger/projections';
import { AuditModule } from '@ledger/audit';
import { AuditController } from './controllers/audit.controller';
import { AdminProjectionsController } from './controllers/admin-projections.controller';
import { ApplicationsController } from './controllers/applications.controller';
import { LicencesController } from './controllers/licences.controller';
import { CorrectionsController } from './controllers/corrections.controller';
import { FiguresController } from './controllers/figures.controller';
import { ItemsController } from './controllers/items.controller';
import { RegionsController } from './controllers/regions.controller';
import { CalendarController } from './controllers/calendar.controller';
import { StreamsController } from './controllers/streams.controller';
import { SupervisionController } from './controllers/supervision.controller';
import { SubjectsAdminController } from './controllers/subjects-admin.controller';
import { IntegrityController } from './controllers/integrity.controller';
import { IntegrityModule } from '@ledger/integrity';
import { ReportsModule } from '@ledger/reports';
import { MonthlyFiguresController, ReportsController } from './controllers/reports.controller';
import { TrailsController } from './controllers/trails.controller';
import { UiController } from './controllers/ui.controller';
import { SessionController } from './controllers/session.controller';

export interface ApiOptions extends LedgerCoreOptions {
  /** Defaults to running the projections live in the API process (the embedded deployment). */
  readonly projections?: ProjectionsModuleOptions;
  /**
   * Authentication and roles; by default from the environment (LEDGER_AUTH, LEDGER_API_KEYS_FILE,
   * LEDGER_JWT_*). An embedding that passes its own event store (tests, tools) gets `off` unless it
   * passes settings: the role tests pass them explicitly.
   */
  readonly access?: AccessSettings;
  /**
   * Sign checkpoints on the schedule (LEDGER_CHECKPOINT_EVERY_SECONDS): `main.ts` does; an
   * embedding (tests, tools) signs on demand unless it asks, so its checkpoint log holds only what
   * it signed itself.
   */
  readonly scheduleCheckpoints?: boolean;
}

function accessFor(options: ApiOptions): AccessSettings {
  if (options.access) return options.access;
  const { dataDir, defaultAgency } = options.config ?? loadLedgerConfig();
  return options.eventStore
    ? { mode: 'off', apiKeysFile: `${dataDir}/api-keys.json` }
    : { ...loadAccessSettings(dataDir), legacyKeyAgency: defaultAgency };
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
      imports: [
        LedgerCoreModule.forRoot(options),
        ProjectionsModule.forRoot(options.projections ?? projectionsFor(options)),
        OperationsModule,
        AuditModule,
        IntegrityModule.forRoot({ scheduleCheckpoints: options.scheduleCheckpoints === true }),
        ReportsModule,
      ],
      controllers: [
        ItemsController,
        ApplicationsController,
        LicencesController,
        CorrectionsController,
        SupervisionController,
        StreamsController,
        FiguresController,
        RegionsController,
        CalendarController,
        AdminProjectionsController,
        SubjectsAdminController,
        AuditController,
        IntegrityController,
        ReportsController,
        MonthlyFiguresController,
        TrailsController,
        UiController,
        SessionController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: ACCESS_SETTINGS, useValue: accessFor(options) },
        {
          provide: SESSIONS,
          useFactory: (access: AccessSettings) =>
            new SessionStore(new ApiKeyFile(access.apiKeysFile, access.legacyKeyAgency), access.sessionMinutes),
          inject: [ACCESS_SETTINGS],
        },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
