import { Module } from '@nestjs/common';
import { AUDIT_CONFIG, loadAuditConfig } from './audit-config';
import { ApplicationReplayService } from './application-replay.service';
import { ComplianceService } from './compliance.service';
import { LedgerReplayService } from './ledger-replay.service';
import { RegionStandingsService } from './region-standings.service';

/**
 * Audit replay and compliance checks. Needs the global `LedgerCoreModule` (event store, config,
 * clock, personal-data vault, and the one working-day calendar: the calendar as the ledger held it,
 * read from its calendar events), so it can be used without the read models.
 */
@Module({
  providers: [
    { provide: AUDIT_CONFIG, useFactory: () => loadAuditConfig() },
    ApplicationReplayService,
    LedgerReplayService,
    ComplianceService,
    RegionStandingsService,
  ],
  exports: [AUDIT_CONFIG, ApplicationReplayService, LedgerReplayService, ComplianceService, RegionStandingsService],
})
export class AuditModule {}
