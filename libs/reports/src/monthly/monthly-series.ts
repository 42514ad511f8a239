/**
 * Monthly applications and decisions by department, for the dashboard's charts. The yearly
 * figures have no monthly series, so this is a query of its own over the events: pure, in one
 * pass, counting by business time in the agency's time zone exactly as the yearly figures do
 * (so the twelve months add up to the year's `applications.received` and `decisions.total`).
 */
import {
  type LedgerEvent,
  type Recorded,
  UNASSIGNED_DEPARTMENT,
  applicationAttribution,
  localDateOf,
  nextTimeline,
  emptyTimeline,
} from '@ledger/domain';
import type { UnknownEvent } from '@ledger/kernel';

/** Twelve counts, January first. */
export type MonthlyCounts = number[];

export interface MonthlySeries {
  readonly year: number;
  readonly agency: string;
  readonly asOf: string | null;
  readonly timeZone: string;
  /** `YYYY-MM` of each of the twelve entries. */
  readonly months: string[];
  readonly applications: { readonly received: MonthlyCounts; readonly byDepartment: Record<string, MonthlyCounts> };
  readonly decisions: {
    readonly total: MonthlyCounts;
    readonly granted: MonthlyCounts;
    readonly denied: MonthlyCounts;
    readonly byDepartment: Record<string, MonthlyCounts>;
  };
  /** The agency's events read to compute it (all years: a decision's department comes from its filing). */
  readonly basedOn: { readonly events: number; readonly lastPosition: string | null };
}

/**
 * Applications whose filing was not seen (a store cut short, a stream without its first event)
 * or named no department: the figures' label for them, so the charts and the tables agree.
 */
export { UNASSIGNED_DEPARTMENT };

const zeros = (): MonthlyCounts => Array.from({ length: 12 }, () => 0);

export class MonthlySeriesAccumulator {
  private readonly departmentOf = new Map<string, string>();
  private readonly received = zeros();
  private readonly receivedBy = new Map<string, MonthlyCounts>();
  private readonly decided = zeros();
  private readonly granted = zeros();
  private readonly denied = zeros();
  private readonly decidedBy = new Map<string, MonthlyCounts>();
  private events = 0;
  private lastPosition: string | null = null;

  constructor(
    readonly agency: string,
    readonly year: number,
    readonly timeZone: string,
  ) {}

  /** Events of one stream must come in stream order (the store's global order keeps it). */
  apply(event: Recorded<LedgerEvent>): void {
    if (event.metadata.agency !== this.agency) return;
    this.events++;
    this.lastPosition = event.position;
    if (event.type === 'ApplicationFiled.v1') {
      // Attributed as the timeline core attributes an application: its department as filed.
      const department =
        applicationAttribution(nextTimeline(emptyTimeline(event.data.applicationId), event)).department ??
        UNASSIGNED_DEPARTMENT;
      this.departmentOf.set(event.data.applicationId, department);
      const month = this.monthOf(event.at);
      if (month === undefined) return;
      this.received[month]++;
      bump(this.receivedBy, department, month);
    } else if (event.type === 'DecisionMade.v1') {
      const month = this.monthOf(event.at);
      if (month === undefined) return;
      this.decided[month]++;
      (event.data.outcome === 'denied' ? this.denied : this.granted)[month]++;
      bump(this.decidedBy, this.departmentOf.get(event.data.applicationId) ?? UNASSIGNED_DEPARTMENT, month);
    }
  }

  /** An event of the agency that is no licensing fact: read, so counted in `basedOn`, and in no series. */
  passOver(event: Pick<Recorded<UnknownEvent>, 'metadata' | 'position'>): void {
    if (event.metadata.agency !== this.agency) return;
    this.events++;
    this.lastPosition = event.position;
  }

  result(asOf: string | null): MonthlySeries {
    return {
      year: this.year,
      agency: this.agency,
      asOf,
      timeZone: this.timeZone,
      months: Array.from({ length: 12 }, (_, i) => `${this.year}-${String(i + 1).padStart(2, '0')}`),
      applications: { received: [...this.received], byDepartment: sorted(this.receivedBy) },
      decisions: {
        total: [...this.decided],
        granted: [...this.granted],
        denied: [...this.denied],
        byDepartment: sorted(this.decidedBy),
      },
      basedOn: { events: this.events, lastPosition: this.lastPosition },
    };
  }

  /** 0–11 when the business time falls in the year (agency-local), else undefined. */
  private monthOf(businessTime: string): number | undefined {
    const ms = Date.parse(businessTime);
    if (Number.isNaN(ms)) return undefined;
    const date = localDateOf(ms, this.timeZone);
    return Number(date.slice(0, 4)) === this.year ? Number(date.slice(5, 7)) - 1 : undefined;
  }
}

function bump(map: Map<string, MonthlyCounts>, key: string, month: number): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = zeros()));
  counts[month]++;
}

function sorted(map: Map<string, MonthlyCounts>): Record<string, MonthlyCounts> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, [...v]]));
}
