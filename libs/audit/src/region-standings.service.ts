import { Inject, Injectable } from '@nestjs/common';
import { ValidationError } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CalendarStore } from '@ledger/ledger/calendar/calendar.store';
import { CLOCK, Clock } from '@ledger/ledger/config/clock';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { foldCorrectedLedger, ledgerRange } from '@ledger/kernel';
import {
  AgencyStanding,
  DEFAULT_THRESHOLDS,
  RegionFiguresQuery,
  RegionFiguresService,
  RegionHeader,
  StandingThresholds,
  YearlyFigures,
  agencyStandings,
} from '@ledger/projections';
import { comparePositions } from '@ledger/projections/yearly-figures/positions';
import { AUDIT_CONFIG, AuditConfig } from './audit-config';
import { ComplianceChecks } from './compliance-checks';

/**
 * What a signed checkpoint of the ledger covers: the position of the last event it signs, or
 * null before the first checkpoint. Undefined when this process has no integrity index to ask.
 * Passed in by the caller (the API holds the integrity index), as the trail's proofs are.
 */
export type SignedCoverage = () => Promise<{ readonly lastSignedPosition: string | null } | undefined>;

export interface RegionStandingsQuery extends RegionFiguresQuery {
  readonly thresholds?: Partial<StandingThresholds>;
}

export interface RegionStandings {
  readonly year: number;
  readonly region: RegionHeader;
  readonly asOf: string | null;
  readonly thresholds: StandingThresholds;
  /** The position the signed checkpoint covers up to; null before any; absent without an integrity index. */
  readonly lastSignedPosition?: string | null;
  /** Sorted by agency id. */
  readonly agencies: readonly AgencyStanding[];
}

/** The threshold as typed in a query: a percentage from 0 to 100 with at most 2 decimals. */
export function parseOnTimeBelow(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw) || Number(raw) > 100)
    throw new ValidationError(
      'FIGURES.ON_TIME_BELOW',
      `onTimeBelow must be a percentage from 0 to 100 with at most 2 decimals, got "${raw}"`,
      'onTimeBelow',
    );
  return Number(raw);
}

/**
 * Each agency of a region with its headline figures, ranks and flags. The flags on missing
 * disclosures and unresolved complaints are the compliance rules' own findings (DISCLOSURE.MISSING,
 * COMPLAINT.UNRESOLVED), counted for every agency of the region in one pass over the store.
 */
@Injectable()
export class RegionStandingsService {
  constructor(
    private readonly regionFigures: RegionFiguresService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(AUDIT_CONFIG) private readonly auditConfig: AuditConfig,
    private readonly calendars: CalendarStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async standings(query: RegionStandingsQuery, coverage?: SignedCoverage): Promise<RegionStandings> {
    const { region, agencies, documents } = await this.regionFigures.agencyDocuments(query);
    const thresholds = { ...DEFAULT_THRESHOLDS, ...query.thresholds };
    const findings = await this.complianceCounts(
      agencies.map((a) => a.agency),
      query,
    );
    const covered = coverage ? await coverage() : undefined;
    const signed = (figures: YearlyFigures): boolean | null => {
      if (covered === undefined) return null;
      const last = figures.basedOn.lastPosition;
      if (last === null) return true;
      return covered.lastSignedPosition !== null && comparePositions(last, covered.lastSignedPosition) <= 0;
    };
    return {
      year: query.year,
      region,
      asOf: query.asOf ?? null,
      thresholds,
      ...(covered ? { lastSignedPosition: covered.lastSignedPosition } : {}),
      agencies: agencyStandings(
        agencies.map(({ agency, name, region: placedIn }) => {
          const figures = documents.get(agency)!.figures as unknown as YearlyFigures;
          return {
            agency,
            name,
            region: placedIn,
            figures,
            findings: { ...findings.get(agency)!, signed: signed(figures) },
          };
        }),
        thresholds,
      ),
    };
  }

  /** DISCLOSURE.MISSING and COMPLAINT.UNRESOLVED per agency, the store read once (as of `asOf` when given). */
  private async complianceCounts(
    agencies: readonly string[],
    query: RegionFiguresQuery,
  ): Promise<Map<string, { disclosuresMissing: number; complaintsUnresolved: number }>> {
    // As of an instant, the check is made as on that day: nothing recorded later, no due date judged later.
    const now = query.asOf === undefined ? this.clock() : Math.min(this.clock(), Date.parse(query.asOf));
    // And with the working-day calendar as the ledger held it then, as the figures beside them.
    const calendar = await this.calendars.view(query.asOf);
    const checksOf = () =>
      new Map(
        agencies.map((agency) => [
          agency,
          new ComplianceChecks({
            agency,
            year: query.year,
            calendar: calendar.calendar,
            calendarVersions: calendar.versions,
            timeZone: this.config.timeZone,
            complaintResolutionDays: this.auditConfig.complaintResolutionDays,
            disclosureGraceDays: this.auditConfig.disclosureGraceDays,
            now,
          }),
        ]),
      );
    const wanted = new Set(agencies);
    // The region's agencies' events as corrected, recorded by `asOf` (see `foldCorrectedLedger`).
    const events = await ledgerRange(this.store, {
      asOf: query.asOf,
      accept: (stored) => wanted.has(String(stored.metadata.agency)),
    });
    const { state: checks } =
      agencies.length === 0
        ? { state: checksOf() }
        : await foldCorrectedLedger(events, {
            initial: checksOf,
            apply: (checks, decoded) => {
              const check = checks.get(String(decoded.event.metadata.agency))!;
              if (decoded.kind === 'fact') check.apply(decoded.event);
              else check.passOver(decoded.event);
              return checks;
            },
          });
    const counts = new Map<string, { disclosuresMissing: number; complaintsUnresolved: number }>();
    for (const [agency, check] of checks) {
      const { summary } = check.report();
      counts.set(agency, {
        disclosuresMissing: summary['DISCLOSURE.MISSING'],
        complaintsUnresolved: summary['COMPLAINT.UNRESOLVED'],
      });
    }
    return counts;
  }
}
