import { LocalDate, WorkingDayCounter, applicationAttribution, localDateOf, DEFAULT_TIME_ZONE } from '@ledger/domain';
import { comparePositions, parsePosition } from '@ledger/event-store';
import { DEFAULT_COMPLAINT_RESOLUTION_DAYS, DEFAULT_DISCLOSURE_GRACE_DAYS } from './audit-config';
import { EventRef } from './audit-event';
import { ApplicationLabel } from './compliance.messages';
import { COMPLIANCE_RULES, RULES_BY_CODE, RULE_CODES, RuleCode, Severity } from './compliance-rules';
import { ApplicationTrack } from './compliance-tracks';
import { ComplianceFinding, ComplianceOptions, ComplianceReport, FindingDetail } from './compliance.types';

/** 《行政许可法》第三十二条: a supplement notice is due within five days of receiving the application (working days, 第八十二条). */
export const SUPPLEMENT_NOTICE_DAYS = 5;

/** A finding before its severity, which its rule decides. */
export type Draft = Omit<ComplianceFinding, 'severity'>;

/**
 * The parameters of one agency-year's checks (options resolved to their defaults, the cut-off)
 * and the findings the rules add, assembled into the report at the end.
 */
export class ComplianceFindings {
  readonly timeZone: string;
  readonly calendar: WorkingDayCounter;
  readonly year: number;
  readonly complaintResolutionDays: number;
  readonly disclosureGraceDays: number;
  readonly checkedOn: LocalDate | undefined;
  readonly cutOff: LocalDate;
  private readonly drafts: Draft[] = [];

  constructor(private readonly options: ComplianceOptions) {
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.calendar = options.calendar;
    this.year = options.year;
    this.complaintResolutionDays = options.complaintResolutionDays ?? DEFAULT_COMPLAINT_RESOLUTION_DAYS;
    this.disclosureGraceDays = options.disclosureGraceDays ?? DEFAULT_DISCLOSURE_GRACE_DAYS;
    this.checkedOn = options.now === undefined ? undefined : localDateOf(options.now, this.timeZone);
    const yearEnd = `${options.year}-12-31`;
    this.cutOff = this.checkedOn !== undefined && this.checkedOn < yearEnd ? this.checkedOn : yearEnd;
  }

  /** A finding about an application, naming its item and department as filed. */
  add(app: ApplicationTrack, draft: Omit<Draft, 'applicationId' | 'itemCode' | 'department'>): void {
    const { itemCode, department } = applicationAttribution(app.timeline);
    this.drafts.push({
      ...draft,
      applicationId: app.applicationId,
      ...(itemCode ? { itemCode } : {}),
      ...(department ? { department } : {}),
    });
  }

  /** A finding that is not about one application (a complaint). */
  addOther(draft: Draft): void {
    this.drafts.push(draft);
  }

  /** `appliesTo` could not be judged for the application. */
  undetermined(
    app: ApplicationTrack,
    appliesTo: RuleCode,
    summary: string,
    details: Record<string, FindingDetail>,
    events: EventRef[],
  ): void {
    this.add(app, { rule: 'CHECK.UNDETERMINED', appliesTo, summary, details, events });
  }

  /** What the wording names an application by. */
  labelOf(app: ApplicationTrack): ApplicationLabel {
    return { id: app.applicationId, ...applicationAttribution(app.timeline) };
  }

  localDate(at: string): LocalDate {
    return localDateOf(at, this.timeZone);
  }

  inYear(at: string): boolean {
    return Number(this.localDate(at).slice(0, 4)) === this.year;
  }

  /** The findings by rule, then in the order the ledger recorded the last event behind each; with the counts. */
  report(basedOn: ComplianceReport['basedOn']): ComplianceReport {
    const order = new Map(RULE_CODES.map((code, i) => [code, i]));
    const findings = this.drafts
      .map((draft) => ({
        draft,
        rank: order.get(draft.rule)!,
        position: parsePosition(draft.events[draft.events.length - 1].position),
      }))
      .sort((a, b) => a.rank - b.rank || comparePositions(a.position, b.position))
      .map(({ draft: { rule, ...rest } }): ComplianceFinding => ({
        rule,
        severity: RULES_BY_CODE.get(rule)!.severity,
        ...rest,
      }));
    const summary = Object.fromEntries(RULE_CODES.map((code) => [code, 0])) as Record<RuleCode, number>;
    const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const f of findings) {
      summary[f.rule]++;
      bySeverity[f.severity]++;
    }
    return {
      agency: this.options.agency,
      year: this.year,
      timeZone: this.timeZone,
      cutOff: this.cutOff,
      checkedOn: this.checkedOn ?? null,
      parameters: {
        complaintResolutionDays: this.complaintResolutionDays,
        disclosureGraceDays: this.disclosureGraceDays,
        supplementNoticeDays: SUPPLEMENT_NOTICE_DAYS,
      },
      summary,
      bySeverity,
      basedOn,
      rules: COMPLIANCE_RULES,
      findings,
    };
  }
}

/** The events of one stream behind a finding, in stream order. */
export function refs(...events: (EventRef | undefined)[]): EventRef[] {
  return events.filter((e): e is EventRef => e !== undefined).sort((a, b) => a.revision - b.revision);
}
