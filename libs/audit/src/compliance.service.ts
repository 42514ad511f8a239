import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CalendarStore } from '@ledger/ledger/calendar/calendar.store';
import { CLOCK, Clock } from '@ledger/ledger/config/clock';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { foldCorrectedLedger, ledgerRange } from '@ledger/kernel';
import { AUDIT_CONFIG, AuditConfig } from './audit-config';
import { ComplianceQuery } from './audit-queries';
import { ComplianceChecks, ComplianceReport } from './compliance-checks';
import { agencyNotFound } from '@ledger/ledger/tenancy/not-found';

/** The compliance checks of one agency-year, over every event in the store as corrected (read once; twice when it holds a correction). */
@Injectable()
export class ComplianceService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(AUDIT_CONFIG) private readonly auditConfig: AuditConfig,
    private readonly calendars: CalendarStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Throws `AGENCY.NOT_FOUND` (404) for an agency with no events, unless it is the configured one (as the figures do). */
  async check(query: ComplianceQuery): Promise<ComplianceReport> {
    // The checks describe the ledger now: the calendar as it stands, each year's latest version.
    const calendar = await this.calendars.view();
    const options = {
      agency: query.agency,
      year: query.year,
      calendar: calendar.calendar,
      calendarVersions: calendar.versions,
      timeZone: this.config.timeZone,
      complaintResolutionDays: query.complaintResolutionDays ?? this.auditConfig.complaintResolutionDays,
      disclosureGraceDays: query.disclosureGraceDays ?? this.auditConfig.disclosureGraceDays,
      now: this.clock(),
    };
    const events = await ledgerRange(this.store, { accept: (stored) => stored.metadata.agency === query.agency });
    const { state: checks } = await foldCorrectedLedger(events, {
      initial: () => new ComplianceChecks(options),
      apply: (checks, decoded) => {
        if (decoded.kind === 'fact') checks.apply(decoded.event);
        else checks.passOver(decoded.event);
        return checks;
      },
    });
    const report = checks.report();
    if (report.basedOn.events === 0 && query.agency !== this.config.defaultAgency) {
      throw agencyNotFound(query.agency);
    }
    return report;
  }
}
