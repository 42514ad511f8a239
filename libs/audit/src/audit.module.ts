import { Module } from '@nestjs/common';
import { loadDefaultCalendar } from '@ledger/domain';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger';
import { AUDIT_CALENDAR, AUDIT_CONFIG, loadAuditConfig } from './audit-config';
import { ApplicationReplayService } from './application-replay.service';
import { ComplianceService } from './compliance.service';
import { LedgerReplayService } from './ledger-replay.service';
import { RegionStandingsService } from './region-standings.service';

/**
 * Audit replay and compliance checks. Needs the global `LedgerCoreModule` (event store, config,
 * clock, personal-data vault). Loads its own calendar the way `ProjectionsModule` does (shipped
 * years plus LEDGER_CALENDAR_DIR), so it can be used without the read models.
 */
@Module({
  providers: [
    { provide: AUDIT_CONFIG, useFactory: () => loadAuditConfig() },
    {
      provide: AUDIT_CALENDAR,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => loadDefaultCalendar(config.calendarDir),
    },
    ApplicationReplayService,
    LedgerReplayService,
    ComplianceService,
    RegionStandingsService,
  ],
  exports: [
    AUDIT_CONFIG,
    AUDIT_CALENDAR,
    ApplicationReplayService,
    LedgerReplayService,
    ComplianceService,
    RegionStandingsService,
  ],
})
export class AuditModule {}
