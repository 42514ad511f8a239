import {
  ApplicationTimeline,
  AttributionSources,
  DEFAULT_TIME_ZONE,
  DeadlineView,
  ItemEvent,
  ItemState,
  LedgerEvent,
  LocalDate,
  Recorded,
  UNASSIGNED_DEPARTMENT,
  WorkingDayCounter,
  applicationAttribution,
  attributeFact,
  deadlineInputsOf,
  deadlineOf,
  decisionTimeliness,
  emptyTimeline,
  isApplicationEvent,
  isOnTime,
  itemDecider,
  itemDepartmentAt,
  localDateOf,
  nextTimeline,
  presentText,
} from '@ledger/domain';
import type { UnknownEvent } from '@ledger/kernel';
import { comparePositions, parsePosition } from '@ledger/event-store';
import { DEFAULT_COMPLAINT_RESOLUTION_DAYS, DEFAULT_DISCLOSURE_GRACE_DAYS } from './audit-config';
import { EventRef, refOf } from './audit-event';
import { COMPLIANCE_RULES, ComplianceRule, RULES_BY_CODE, RULE_CODES, RuleCode, Severity } from './compliance-rules';
import { addWorkingDaysOrUndefined, workingDaysAfter } from './time-limit';

/** 《行政许可法》第三十二条: a supplement notice is due within five days of receiving the application (working days, 第八十二条). */
export const SUPPLEMENT_NOTICE_DAYS = 5;

export interface ComplianceOptions {
  readonly agency: string;
  readonly year: number;
  readonly calendar: WorkingDayCounter;
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
  readonly basedOn: { readonly events: number; readonly lastPosition: string | null };
  readonly rules: readonly ComplianceRule[];
  readonly findings: readonly ComplianceFinding[];
}

/** What the checks remember of one application: only what a rule needs, and the events to cite. */
interface ApplicationTrack {
  readonly applicationId: string;
  /** The facts every reader takes from the timeline core: acceptance, extension, suspensions, attribution. */
  timeline: ApplicationTimeline;
  /** The events to cite for the timeline's filing, acceptance and non-acceptance. */
  filed?: EventRef;
  accepted?: EventRef;
  notAccepted?: EventRef;
  timeLimitEvents?: EventRef[];
  grants?: { readonly ref: EventRef; readonly decidedOn: LocalDate }[];
  disclosures?: { readonly ref: EventRef; readonly on: LocalDate }[];
  badRatings?: {
    readonly ref: EventRef;
    readonly level: number;
    rectified?: { readonly ref: EventRef; readonly on: LocalDate };
  }[];
}

interface ComplaintTrack {
  readonly complaintId: string;
  readonly logged: EventRef;
  readonly loggedOn: LocalDate;
  readonly loggedAtMs: number;
  readonly department?: string;
  readonly itemCode?: string;
  readonly applicationId?: string;
  resolved?: { readonly ref: EventRef; readonly on: LocalDate };
}

type Draft = Omit<ComplianceFinding, 'severity'>;

const text = presentText;

/**
 * The compliance checks of one agency-year, in one pass over the ledger. Feed it every event
 * (`apply`, in the store's order: each stream's events in stream order), then ask `report()`.
 *
 * Trusts nothing the deciders enforce: events may come from a legacy import or from before a
 * rule existed, so a decision may lack an acceptance, a denial its reason, a notice may be late;
 * that is what the checks are for. Pure: no clock (the moment of the check is an option), no I/O.
 */
export class ComplianceChecks {
  private readonly timeZone: string;
  private readonly complaintResolutionDays: number;
  private readonly disclosureGraceDays: number;
  private readonly checkedOn: LocalDate | undefined;
  private readonly cutOff: LocalDate;
  private readonly applications = new Map<string, ApplicationTrack>();
  private readonly complaints = new Map<string, ComplaintTrack>();
  /** The agency's catalogue, so a complaint is attributed to its item's department at the complaint's time. */
  private readonly catalogue = new Map<string, ItemState>();
  private readonly drafts: Draft[] = [];
  private events = 0;
  private lastPosition: string | null = null;

  constructor(private readonly options: ComplianceOptions) {
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.complaintResolutionDays = options.complaintResolutionDays ?? DEFAULT_COMPLAINT_RESOLUTION_DAYS;
    this.disclosureGraceDays = options.disclosureGraceDays ?? DEFAULT_DISCLOSURE_GRACE_DAYS;
    this.checkedOn = options.now === undefined ? undefined : localDateOf(options.now, this.timeZone);
    const yearEnd = `${options.year}-12-31`;
    this.cutOff = this.checkedOn !== undefined && this.checkedOn < yearEnd ? this.checkedOn : yearEnd;
  }

  /** Events of other agencies are skipped. */
  apply(event: Recorded<LedgerEvent>): void {
    if (event.metadata.agency !== this.options.agency) return;
    this.events++;
    this.lastPosition = event.position;
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'ItemRegistered.v1':
      case 'ItemAmended.v1':
      case 'ItemRetired.v1':
        this.catalogueEvent(event);
        return;
      case 'ComplaintLogged.v1':
        this.complaintLogged(event, data);
        return;
      case 'ComplaintResolved.v1': {
        const complaint = typeof data.complaintId === 'string' ? this.complaints.get(data.complaintId) : undefined;
        if (complaint && !complaint.resolved) complaint.resolved = { ref: refOf(event), on: this.dateOf(event) };
        return;
      }
      default:
        if (isApplicationEvent(event) && typeof data.applicationId === 'string')
          this.applicationEvent(event, data, data.applicationId);
    }
  }

  /** An event of the agency that is no licensing fact (an access-log entry…): read, so counted in `basedOn`, and judged by no rule. */
  passOver(event: Pick<Recorded<UnknownEvent>, 'metadata' | 'position'>): void {
    if (event.metadata.agency !== this.options.agency) return;
    this.events++;
    this.lastPosition = event.position;
  }

  report(): ComplianceReport {
    for (const app of this.applications.values()) {
      this.checkDisclosures(app);
      this.checkRatings(app);
    }
    for (const complaint of this.complaints.values()) this.checkComplaint(complaint);
    // By rule, then in the order the ledger recorded the last event behind each finding.
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
      year: this.options.year,
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
      basedOn: { events: this.events, lastPosition: this.lastPosition },
      rules: COMPLIANCE_RULES,
      findings,
    };
  }

  // ---- applications ----

  private applicationEvent(event: Recorded<LedgerEvent>, data: Record<string, unknown>, applicationId: string): void {
    let app = this.applications.get(applicationId);
    if (!app) this.applications.set(applicationId, (app = { applicationId, timeline: emptyTimeline(applicationId) }));
    app.timeline = nextTimeline(app.timeline, event);
    const ref = refOf(event);
    switch (event.type) {
      case 'ApplicationFiled.v1':
        app.filed ??= ref;
        return;
      case 'ApplicationAccepted.v1':
        app.accepted ??= ref;
        return;
      case 'ApplicationNotAccepted.v1':
        app.notAccepted ??= ref;
        return;
      case 'TimeLimitExtended.v1':
      case 'TimeLimitSuspended.v1':
      case 'TimeLimitResumed.v1':
        (app.timeLimitEvents ??= []).push(ref);
        return;
      case 'SupplementRequested.v1':
        if (this.inYear(event)) this.checkSupplementNotice(app, ref);
        return;
      case 'DecisionMade.v1':
        if (this.inYear(event)) this.checkDecision(app, ref, data);
        return;
      case 'DecisionDisclosed.v1':
      case 'DisclosureExempted.v1':
        (app.disclosures ??= []).push({ ref, on: this.dateOf(event) });
        return;
      case 'RatingReceived.v1':
        if ((data.level === 1 || data.level === 2) && this.inYear(event))
          (app.badRatings ??= []).push({ ref, level: data.level });
        return;
      case 'BadRatingRectified.v1':
        for (const rating of app.badRatings ?? []) rating.rectified ??= { ref, on: this.dateOf(event) };
        return;
      default:
        return;
    }
  }

  private checkDecision(app: ApplicationTrack, decision: EventRef, data: Record<string, unknown>): void {
    const decidedOn = localDateOf(decision.at, this.timeZone);
    const id = app.applicationId;
    if (!app.accepted) {
      const refused = app.notAccepted ? `（该申请已于 ${this.localDate(app.notAccepted)} 决定不予受理）` : '';
      const refusedEn = app.notAccepted ? ` (it was refused acceptance on ${this.localDate(app.notAccepted)})` : '';
      this.add(app, {
        rule: 'DECISION.WITHOUT_ACCEPTANCE',
        summary: `申请 ${id}${this.label(app)}未经受理，于 ${decidedOn} 作出许可决定${refused}。 / Application ${id}: decided on ${decidedOn} without having been accepted${refusedEn}.`,
        details: {
          decidedOn,
          outcome: text(data.outcome) ?? null,
          notAcceptedOn: app.notAccepted ? this.localDate(app.notAccepted) : null,
        },
        events: refs(app.filed, app.notAccepted, decision),
      });
    } else {
      this.checkTimeliness(app, decision, decidedOn);
    }
    if (data.outcome === 'denied') {
      const missing = [
        text(data.reason) ? undefined : 'reason',
        text(data.legalBasis) ? undefined : 'legalBasis',
      ].filter((m): m is string => m !== undefined);
      if (missing.length) {
        const zh = missing.map((m) => (m === 'reason' ? '理由' : '法律依据')).join('和');
        this.add(app, {
          rule: 'DENIAL.REASON_OR_BASIS_MISSING',
          summary: `申请 ${id}${this.label(app)}于 ${decidedOn} 作出不予许可决定，未说明${zh}。 / Application ${id}: denied on ${decidedOn} without stating its ${missing.join(' or ')}.`,
          details: {
            decidedOn,
            reasonMissing: missing.includes('reason'),
            legalBasisMissing: missing.includes('legalBasis'),
          },
          events: [decision],
        });
      }
    }
    if (data.outcome === 'granted' && app.timeline.filing?.disclosable === true)
      (app.grants ??= []).push({ ref: decision, decidedOn });
  }

  private checkTimeliness(app: ApplicationTrack, decision: EventRef, decidedOn: LocalDate): void {
    const id = app.applicationId;
    const deadline: DeadlineView | null = deadlineOf(app.timeline, this.options.calendar, this.timeZone);
    const evidence = refs(app.filed, app.accepted, ...(app.timeLimitEvents ?? []), decision);
    if (deadline === null) return; // accepted is set, so a deadline view exists; kept for the type
    if (deadline.status !== 'known') {
      // Provably on time although the deadline is not known (it falls in a year not loaded): nothing to report.
      if (
        decisionTimeliness(deadlineInputsOf(app.timeline, this.timeZone), decidedOn, this.options.calendar) ===
        'on-time'
      )
        return;
      const why =
        deadline.status === 'suspended'
          ? `the time limit was still suspended (since ${deadline.suspendedSince}) when the decision was made`
          : deadline.reason;
      this.undetermined(
        app,
        'DECISION.OVERDUE',
        `申请 ${id}${this.label(app)}于 ${decidedOn} 作出的决定无法判断是否超期 / Application ${id}: whether the decision of ${decidedOn} was on time cannot be told: ${why}.`,
        { decidedOn, reason: why },
        evidence,
      );
      return;
    }
    if (isOnTime(decidedOn, deadline.deadline)) return;
    const late = workingDaysAfter(deadline.deadline, decidedOn, this.options.calendar);
    const ext = deadline.extensionDays ? `，延长 ${deadline.extensionDays} 个工作日` : '';
    const extEn = deadline.extensionDays ? ` + ${deadline.extensionDays} extended` : '';
    const susp = deadline.suspendedWorkingDays ? `，中止 ${deadline.suspendedWorkingDays} 个工作日不计` : '';
    const suspEn = deadline.suspendedWorkingDays ? `, ${deadline.suspendedWorkingDays} suspended not counted` : '';
    this.add(app, {
      rule: 'DECISION.OVERDUE',
      summary:
        `申请 ${id}${this.label(app)}于 ${decidedOn} 作出许可决定，超过法定期限 ${deadline.deadline}（${deadline.acceptedOn} 受理，法定 ${deadline.limitDays} 个工作日${ext}${susp}）` +
        `${late === undefined ? '' : `，逾期 ${late} 个工作日`}。 / Application ${id}: decided on ${decidedOn}, after its statutory deadline ${deadline.deadline} ` +
        `(accepted ${deadline.acceptedOn}; ${deadline.limitDays} working days${extEn}${suspEn})${late === undefined ? '' : `, ${late} working day(s) late`}.`,
      details: {
        acceptedOn: deadline.acceptedOn,
        deadline: deadline.deadline,
        decidedOn,
        limitDays: deadline.limitDays,
        extensionDays: deadline.extensionDays,
        suspendedWorkingDays: deadline.suspendedWorkingDays,
        workingDaysLate: late ?? null,
      },
      events: evidence,
    });
  }

  private checkSupplementNotice(app: ApplicationTrack, notice: EventRef): void {
    const id = app.applicationId;
    const noticeOn = this.localDate(notice);
    if (!app.filed) {
      this.undetermined(
        app,
        'SUPPLEMENT.NOTICE_LATE',
        `申请 ${id}${this.label(app)}的补正告知（${noticeOn}）之前没有申请记录，无法判断是否超过五日 / Application ${id}: no filing precedes the supplement notice of ${noticeOn}, so its lateness cannot be told.`,
        { noticeOn, reason: 'no filing recorded before the notice' },
        [notice],
      );
      return;
    }
    const filedOn = this.localDate(app.filed);
    const due = addWorkingDaysOrUndefined(filedOn, SUPPLEMENT_NOTICE_DAYS, this.options.calendar);
    if (due === undefined) {
      this.undetermined(
        app,
        'SUPPLEMENT.NOTICE_LATE',
        `申请 ${id} 的补正告知期限无法计算（工作日历缺少年份） / Application ${id}: the supplement notice's due date cannot be computed: the working-day calendar lacks a year.`,
        { filedOn, noticeOn, reason: 'the working-day calendar lacks a year' },
        [app.filed, notice],
      );
      return;
    }
    if (noticeOn <= due) return;
    const late = workingDaysAfter(due, noticeOn, this.options.calendar);
    this.add(app, {
      rule: 'SUPPLEMENT.NOTICE_LATE',
      summary:
        `申请 ${id}${this.label(app)}于 ${filedOn} 提交，${noticeOn} 才一次性告知补正，超过五个工作日（应于 ${due} 前），依法自收到申请材料之日起即为受理。 / ` +
        `Application ${id}: filed on ${filedOn}, supplement notice only on ${noticeOn}, later than 5 working days (due by ${due}); by law it counts as accepted on receipt.`,
      details: { filedOn, noticeDue: due, noticeOn, workingDaysLate: late ?? null },
      events: [app.filed, notice],
    });
  }

  private checkDisclosures(app: ApplicationTrack): void {
    const id = app.applicationId;
    for (const grant of app.grants ?? []) {
      const due = addWorkingDaysOrUndefined(grant.decidedOn, this.disclosureGraceDays, this.options.calendar);
      if (due === undefined) {
        this.undetermined(
          app,
          'DISCLOSURE.MISSING',
          `申请 ${id} 的公示期限无法计算（工作日历缺少年份） / Application ${id}: the disclosure due date cannot be computed: the working-day calendar lacks a year.`,
          { decidedOn: grant.decidedOn, reason: 'the working-day calendar lacks a year' },
          [grant.ref],
        );
        continue;
      }
      // Not yet due on the day of the check: nothing to report yet.
      if (this.checkedOn !== undefined && this.checkedOn <= due) continue;
      const disclosures = app.disclosures ?? [];
      if (disclosures.some((d) => d.on <= due)) continue;
      const late = disclosures[0];
      const lateZh = late
        ? `，迟至 ${late.on} 才${late.ref.type === 'DisclosureExempted.v1' ? '记录免于公示' : '公示'}`
        : '，至今未公示也未记录免于公示';
      const lateEn = late
        ? `; ${late.ref.type === 'DisclosureExempted.v1' ? 'an exemption was recorded' : 'it was disclosed'} only on ${late.on}`
        : '; it was neither disclosed nor exempted';
      this.add(app, {
        rule: 'DISCLOSURE.MISSING',
        summary: `申请 ${id}${this.label(app)}于 ${grant.decidedOn} 准予许可，应于 ${due} 前公示${lateZh}。 / Application ${id}: granted on ${grant.decidedOn}, due for disclosure by ${due}${lateEn}.`,
        details: {
          decidedOn: grant.decidedOn,
          disclosureDue: due,
          disclosedOn: late?.on ?? null,
          exempt: late ? late.ref.type === 'DisclosureExempted.v1' : null,
        },
        events: refs(grant.ref, late?.ref),
      });
    }
  }

  private checkRatings(app: ApplicationTrack): void {
    const id = app.applicationId;
    for (const rating of app.badRatings ?? []) {
      if (rating.rectified && rating.rectified.on <= this.cutOff) continue;
      const ratedOn = this.localDate(rating.ref);
      const levelZh = rating.level === 1 ? '非常不满意' : '不满意';
      const after = rating.rectified ? `（迟至 ${rating.rectified.on} 才整改）` : '';
      const afterEn = rating.rectified ? ` (rectified only on ${rating.rectified.on})` : '';
      this.add(app, {
        rule: 'RATING.BAD_NOT_RECTIFIED',
        summary: `申请 ${id}${this.label(app)}于 ${ratedOn} 收到“${levelZh}”评价，截至 ${this.cutOff} 未整改${after}。 / Application ${id}: rated ${rating.level} on ${ratedOn}, not rectified by ${this.cutOff}${afterEn}.`,
        details: { ratedOn, level: rating.level, cutOff: this.cutOff, rectifiedOn: rating.rectified?.on ?? null },
        events: refs(rating.ref, rating.rectified?.ref),
      });
    }
  }

  // ---- complaints ----

  private catalogueEvent(event: Recorded<ItemEvent>): void {
    const code = event.data.code;
    if (typeof code !== 'string') return;
    this.catalogue.set(code, itemDecider.evolve(this.catalogue.get(code) ?? itemDecider.initialState(), event));
  }

  private complaintLogged(event: Recorded<LedgerEvent>, data: Record<string, unknown>): void {
    if (typeof data.complaintId !== 'string' || this.complaints.has(data.complaintId)) return;
    this.complaints.set(data.complaintId, {
      complaintId: data.complaintId,
      logged: refOf(event),
      loggedOn: this.dateOf(event),
      loggedAtMs: Date.parse(event.at),
      department: text(data.department),
      itemCode: text(data.itemCode),
      applicationId: text(data.applicationId),
    });
  }

  private checkComplaint(complaint: ComplaintTrack): void {
    if (complaint.loggedOn > this.cutOff) return;
    if (complaint.resolved && complaint.resolved.on <= this.cutOff) return;
    const daysOpen = calendarDaysBetween(complaint.loggedOn, this.cutOff);
    if (daysOpen <= this.complaintResolutionDays) return;
    const attribution = attributeFact(complaint, complaint.loggedAtMs, this.attributionSources);
    const itemCode = attribution.itemCode;
    const department = attribution.department === UNASSIGNED_DEPARTMENT ? undefined : attribution.department;
    const id = complaint.complaintId;
    const after = complaint.resolved ? `（迟至 ${complaint.resolved.on} 才办结）` : '';
    const afterEn = complaint.resolved ? ` (resolved only on ${complaint.resolved.on})` : '';
    this.drafts.push({
      rule: 'COMPLAINT.UNRESOLVED',
      complaintId: id,
      ...(complaint.applicationId ? { applicationId: complaint.applicationId } : {}),
      ...(itemCode ? { itemCode } : {}),
      ...(department ? { department } : {}),
      summary:
        `投诉举报 ${id}${department ? `（${department}）` : ' '}于 ${complaint.loggedOn} 登记，截至 ${this.cutOff} 已 ${daysOpen} 天未办结，超过 ${this.complaintResolutionDays} 天期限${after}。 / ` +
        `Complaint ${id}: logged on ${complaint.loggedOn}, unresolved for ${daysOpen} days by ${this.cutOff}, more than ${this.complaintResolutionDays} days${afterEn}.`,
      details: {
        loggedOn: complaint.loggedOn,
        cutOff: this.cutOff,
        daysOpen,
        resolutionDays: this.complaintResolutionDays,
        resolvedOn: complaint.resolved?.on ?? null,
      },
      events: refs(complaint.logged, complaint.resolved?.ref),
    });
  }

  // ---- helpers ----

  private readonly attributionSources: AttributionSources = {
    itemDepartmentAt: (code, atMs) => itemDepartmentAt(this.catalogue.get(code), atMs),
    application: (id) => {
      const app = this.applications.get(id);
      return app === undefined ? undefined : applicationAttribution(app.timeline);
    },
    // Complaints name no inspection.
    inspection: () => undefined,
  };

  private add(app: ApplicationTrack, draft: Omit<Draft, 'applicationId' | 'itemCode' | 'department'>): void {
    const { itemCode, department } = applicationAttribution(app.timeline);
    this.drafts.push({
      ...draft,
      applicationId: app.applicationId,
      ...(itemCode ? { itemCode } : {}),
      ...(department ? { department } : {}),
    });
  }

  private undetermined(
    app: ApplicationTrack,
    appliesTo: RuleCode,
    summary: string,
    details: Record<string, FindingDetail>,
    events: EventRef[],
  ): void {
    this.add(app, { rule: 'CHECK.UNDETERMINED', appliesTo, summary, details, events });
  }

  /** `（事项 A，治安）` when known, else a space before the next word. */
  private label(app: ApplicationTrack): string {
    const { itemCode, department } = applicationAttribution(app.timeline);
    const parts = [itemCode ? `事项 ${itemCode}` : undefined, department].filter(Boolean);
    return parts.length ? `（${parts.join('，')}）` : ' ';
  }

  private inYear(event: Recorded<LedgerEvent>): boolean {
    return Number(this.dateOf(event).slice(0, 4)) === this.options.year;
  }

  private dateOf(event: Pick<Recorded<LedgerEvent>, 'at'>): LocalDate {
    return localDateOf(event.at, this.timeZone);
  }

  private localDate(ref: EventRef): LocalDate {
    return localDateOf(ref.at, this.timeZone);
  }
}

/**
 * Runs the checks over `events` in one pass. For the store, feed a {@link ComplianceChecks}
 * from `readAll` instead, so that the events are never held in memory together.
 */
export function checkCompliance(options: ComplianceOptions, events: Iterable<Recorded<LedgerEvent>>): ComplianceReport {
  const checks = new ComplianceChecks(options);
  for (const event of events) checks.apply(event);
  return checks.report();
}

/** The events of one stream behind a finding, in stream order. */
function refs(...events: (EventRef | undefined)[]): EventRef[] {
  return events.filter((e): e is EventRef => e !== undefined).sort((a, b) => a.revision - b.revision);
}

function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
