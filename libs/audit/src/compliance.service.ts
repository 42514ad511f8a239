import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, WorkingDayCalendar } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CLOCK, Clock } from '@ledger/ledger/config/clock';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { decodeStoredEvent } from '@ledger/kernel';
import { AUDIT_CALENDAR, AUDIT_CONFIG, AuditConfig } from './audit-config';
import { ComplianceQuery } from './audit-queries';
import { ComplianceChecks, ComplianceReport } from './compliance-checks';

/** The compliance checks of one agency-year, over every event in the store, read once. */
@Injectable()
export class ComplianceService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(AUDIT_CONFIG) private readonly auditConfig: AuditConfig,
    @Inject(AUDIT_CALENDAR) private readonly calendar: WorkingDayCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Throws `AGENCY.NOT_FOUND` (404) for an agency with no events, unless it is the configured one (as the figures do). */
  async check(query: ComplianceQuery): Promise<ComplianceReport> {
    const checks = new ComplianceChecks({
      agency: query.agency,
      year: query.year,
      calendar: this.calendar,
      timeZone: this.config.timeZone,
      complaintResolutionDays: query.complaintResolutionDays ?? this.auditConfig.complaintResolutionDays,
      disclosureGraceDays: query.disclosureGraceDays ?? this.auditConfig.disclosureGraceDays,
      now: this.clock(),
    });
    for await (const stored of this.store.readAll()) {
      if (stored.metadata.agency !== query.agency) continue;
      const decoded = decodeStoredEvent(stored);
      if (decoded.kind === 'fact') checks.apply(decoded.event);
      else checks.passOver(decoded.event);
    }
    const report = checks.report();
    if (report.basedOn.events === 0 && query.agency !== this.config.defaultAgency) {
      throw new NotFoundError('AGENCY.NOT_FOUND', `the ledger holds no events of agency ${query.agency}`, 'agency');
    }
    return report;
  }
}
