import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { RecordApplicationFactHandler } from './applications/record-application-fact.handler';
import { RecordLicenceFactHandler } from './licences/record-licence-fact.handler';
import { RecordCorrectionHandler } from './corrections/record-correction.handler';
import { ItemCatalogue } from './catalogue/item-catalogue';
import { RegionHierarchyStore } from './regions/region-hierarchy.store';
import { CalendarStore } from './calendar/calendar.store';
import { RecordItemFactHandler } from './catalogue/record-item-fact.handler';
import { LedgerCommands } from './commands/ledger-commands';
import { CLOCK, Clock, systemClock } from './config/clock';
import { openEventStore } from './config/event-store.factory';
import { LEDGER_CONFIG, LedgerConfig, loadLedgerConfig } from './config/ledger-config';
import { AccessLog } from './access-log/access-log';
import { LedgerMetrics } from './metrics/ledger-metrics';
import { instrumentEventStore } from './metrics/instrumented-event-store';
import { StorageHealth } from './storage/storage-health';
import { PersonalDataVault } from './personal-data/personal-data-vault';
import {
  PersonalDataLifecycle,
  PersonalDataOptions,
  personalDataVaultProvider,
} from './personal-data/personal-data.providers';
import { SubjectErasure } from './personal-data/subject-erasure.service';
import { GetApplicationHandler, GetStreamEventsHandler } from './queries/stream-queries';
import { CommandExecutor } from './recording/command-executor';
import { SUPERVISION_HANDLERS } from './supervision/supervision.handlers';
import { AgencyRecords } from './tenancy/agency-records';
import { StreamsWithEvents } from './recording/streams-with-events';

export interface LedgerCoreOptions extends PersonalDataOptions {
  readonly config?: LedgerConfig;
  /**
   * Tests and the demo pass a store or a clock of their own. Passing a store also marks an
   * embedding: without a configured master key it gets an ephemeral one (see `openVaultFor`).
   */
  readonly eventStore?: EventStore;
  readonly clock?: Clock;
}

/** Closes the store when the application shuts down, after pending appends are flushed. */
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Everything that records facts and reads streams: shared by the API, the CLI and the projector. */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(options: LedgerCoreOptions = {}): DynamicModule {
    const config = options.config ?? loadLedgerConfig();
    return {
      module: LedgerCoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        LedgerMetrics,
        StorageHealth,
        {
          provide: EVENT_STORE,
          inject: [LedgerMetrics, StorageHealth],
          useFactory: async (metrics: LedgerMetrics, health: StorageHealth) =>
            instrumentEventStore(
              options.eventStore ?? (await openEventStore(config.eventStoreUrl)),
              metrics.appends,
              health,
            ),
        },
        EventStoreLifecycle,
        // Start-up fails here, with a clear message, when the master key is missing or not the key store's.
        personalDataVaultProvider({ ...options, embedded: options.eventStore !== undefined }),
        PersonalDataLifecycle,
        SubjectErasure,
        StreamsWithEvents,
        CommandExecutor,
        AgencyRecords,
        AccessLog,
        ItemCatalogue,
        RegionHierarchyStore,
        CalendarStore,
        LedgerCommands,
        RecordItemFactHandler,
        RecordApplicationFactHandler,
        RecordLicenceFactHandler,
        RecordCorrectionHandler,
        ...SUPERVISION_HANDLERS,
        GetStreamEventsHandler,
        GetApplicationHandler,
      ],
      exports: [
        LEDGER_CONFIG,
        CLOCK,
        EVENT_STORE,
        LedgerMetrics,
        StorageHealth,
        AccessLog,
        PersonalDataVault,
        SubjectErasure,
        CommandExecutor,
        AgencyRecords,
        ItemCatalogue,
        RegionHierarchyStore,
        CalendarStore,
        LedgerCommands,
        CqrsModule,
      ],
    };
  }
}
