import type { CalendarVersionRef, LocalDate, WorkingDayCounter } from '@ledger/domain';
import type { EventRef } from './audit-event';
import type { ComplianceRule, RuleCode, Severity } from './compliance-rules';

export interface ComplianceOptions {
  readonly agency: string;
  readonly year: number;
  readonly calendar: WorkingDayCounter;
  /** The versions `calendar` is made of, named in the report's `basedOn.calendar`. */
  readonly calendarVersions?: readonly CalendarVersionRef[];
  /** IANA zone whose local dates the rules count in; default Asia/Shanghai. */
  readonly timeZone?: string;
  /** Calendar days a complaint may stay unresolved; default 60. */
  readonly complaintResolutionDays?: number;
  /** Working days after a granted decision by which it must be disclosed; default 20. */
  readonly disclosureGraceDays?: number;
  /**
   * The moment of the check (epoch ms, the server's clock): the cut-off is 31 December of the
   * year or this day, whichever is earlier, and a disclosure not yet due is not reported.
   * Omitted: the check is made as if long after the year.
   */
  readonly now?: number;
}

export type FindingDetail = string | number | boolean | null;

/** One problem found, with the events that show it. Holds no personal data: ids, codes, dates and departments only. */
export interface ComplianceFinding {
  readonly rule: RuleCode;
  readonly severity: Severity;
  /** For `CHECK.UNDETERMINED`: the rule that could not be judged. */
  readonly appliesTo?: RuleCode;
  readonly applicationId?: string;
  readonly complaintId?: string;
  readonly licenceId?: string;
  readonly itemCode?: string;
  readonly department?: string;
  /** Chinese, then English. */
  readonly summary: string;
  /** The dates and numbers the finding rests on. */
  readonly details: Readonly<Record<string, FindingDetail>>;
  /** The events behind the finding, in stream order. */
  readonly events: readonly EventRef[];
}

export interface ComplianceReport {
  readonly agency: string;
  readonly year: number;
  readonly timeZone: string;
  /** 31 December of the year, or the day of the check when that is earlier. */
  readonly cutOff: LocalDate;
  /** The day of the check, or null when none was given. */
  readonly checkedOn: LocalDate | null;
  readonly parameters: {
    readonly complaintResolutionDays: number;
    readonly disclosureGraceDays: number;
    readonly supplementNoticeDays: number;
  };
  /** Findings per rule code, every rule listed (0 when none). */
  readonly summary: Readonly<Record<RuleCode, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Events of the agency that were read. */
  readonly basedOn: {
    readonly events: number;
    readonly lastPosition: string | null;
    /** The working-day calendar's versions the deadlines were computed with (when known). */
    readonly calendar?: readonly CalendarVersionRef[];
  };
  readonly rules: readonly ComplianceRule[];
  readonly findings: readonly ComplianceFinding[];
}
