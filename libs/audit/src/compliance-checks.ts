import {
  ApplicationEvent,
  AttributionSources,
  ItemEvent,
  ItemState,
  LedgerEvent,
  LicenceEvent,
  LocalDate,
  Recorded,
  applicationAttribution,
  emptyTimeline,
  itemDecider,
  itemDepartmentAt,
  nextTimeline,
  presentText,
} from '@ledger/domain';
import { RecordedOf, SomeEventHandlers, UnknownEvent, dispatchEvent } from '@ledger/kernel';
import { EventRef, refOf } from './audit-event';
import {
  checkCertificate,
  checkDecision,
  checkDisclosures,
  checkRatings,
  checkSupplementNotice,
} from './application-rules';
import { checkCancellation, checkRenewalDecision } from './licence-rules';
import { REPORT_TEXTS_SUPPLIED, checkCorrections } from './correction-rules';
import { checkComplaint } from './complaint-rule';
import { ComplianceFindings } from './compliance-findings';
import { ApplicationTrack, ComplaintTrack, CorrectionTrack, LicenceTrack } from './compliance-tracks';
import { ComplianceOptions, ComplianceReport } from './compliance.types';

export { SUPPLEMENT_NOTICE_DAYS } from './compliance-findings';
export type { ComplianceFinding, ComplianceOptions, ComplianceReport, FindingDetail } from './compliance.types';

/** An application event with its application's track (its timeline already moved on) and its citation. */
type ApplicationStep<E> = (checks: ComplianceChecks, event: E, app: ApplicationTrack, ref: EventRef) => void;

/**
 * Every application event moves its application's timeline on; then its type's step remembers
 * what a rule needs, or checks a rule judged at the event (in the year, on the facts before it).
 */
function onApplication<E extends Recorded<ApplicationEvent>>(
  step: ApplicationStep<E>,
): (event: E, checks: ComplianceChecks) => void {
  return (event, checks) => {
    const app = checks.track(event);
    if (app !== undefined) step(checks, event, app, refOf(event));
  };
}

const remembered = (): void => undefined;

/** What each licensing fact does to the checks; types not listed are counted as read and judged by no rule. */
const STEPS: SomeEventHandlers<ComplianceChecks> = {
  'ItemRegistered.v1': (event, checks) => checks.catalogueEvent(event),
  'ItemAmended.v1': (event, checks) => checks.catalogueEvent(event),
  'ItemRetired.v1': (event, checks) => checks.catalogueEvent(event),
  'ComplaintLogged.v1': (event, checks) => checks.complaintLogged(event),
  'ComplaintResolved.v1': (event, checks) => checks.complaintResolved(event),
  'ApplicationFiled.v1': onApplication((_checks, _event, app, ref) => void (app.filed ??= ref)),
  'ApplicationAccepted.v1': onApplication((_checks, _event, app, ref) => void (app.accepted ??= ref)),
  'ApplicationNotAccepted.v1': onApplication((_checks, _event, app, ref) => void (app.notAccepted ??= ref)),
  'TimeLimitExtended.v1': onApplication((_checks, _event, app, ref) => void (app.timeLimitEvents ??= []).push(ref)),
  'TimeLimitSuspended.v1': onApplication((_checks, _event, app, ref) => void (app.timeLimitEvents ??= []).push(ref)),
  'TimeLimitResumed.v1': onApplication((_checks, _event, app, ref) => void (app.timeLimitEvents ??= []).push(ref)),
  'SupplementRequested.v1': onApplication(({ findings }, event, app, ref) => {
    if (findings.inYear(event.at)) checkSupplementNotice(findings, app, ref);
  }),
  'DecisionMade.v1': onApplication(({ findings }, event, app, ref) => {
    if (event.data.outcome === 'granted') app.granted ??= { ref, decidedOn: findings.localDate(event.at) };
    if (findings.inYear(event.at)) checkDecision(findings, app, ref, event.data);
  }),
  'DecisionDisclosed.v1': onApplication(({ findings }, event, app, ref) => {
    (app.disclosures ??= []).push({ ref, on: findings.localDate(event.at) });
  }),
  'DisclosureExempted.v1': onApplication(({ findings }, event, app, ref) => {
    (app.disclosures ??= []).push({ ref, on: findings.localDate(event.at) });
  }),
  'RatingReceived.v1': onApplication(({ findings }, { at, data: { level } }, app, ref) => {
    if ((level === 1 || level === 2) && findings.inYear(at)) (app.badRatings ??= []).push({ ref, level });
  }),
  'BadRatingRectified.v1': onApplication(({ findings }, event, app, ref) => {
    for (const rating of app.badRatings ?? []) rating.rectified ??= { ref, on: findings.localDate(event.at) };
  }),
  'SupplementProvided.v1': onApplication(remembered),
  'CertificateIssued.v1': onApplication(({ findings }, _event, app, ref) => checkCertificate(findings, app, ref)),
  'ApplicationWithdrawn.v1': onApplication(remembered),
  'OnSiteVisitRecorded.v1': onApplication(remembered),
  'LicenceGranted.v1': (event, checks) => {
    const licence = checks.licence(event);
    licence.granted ??= refOf(event);
    licence.department = presentText(event.data.department);
    licence.itemCode = presentText(event.data.itemCode);
    licence.validity.push({
      on: checks.findings.localDate(event.at),
      until: localDate(event.data.validUntil),
      ref: refOf(event),
    });
  },
  'LicenceRenewalApplied.v1': (event, checks) => {
    checks.licence(event).renewalPendingSince ??= checks.findings.localDate(event.at);
  },
  'LicenceRenewalDecided.v1': (event, checks) => {
    const licence = checks.licence(event);
    checkRenewalDecision(checks.findings, licence, refOf(event));
    delete licence.renewalPendingSince;
    if (event.data.outcome === 'renewed')
      licence.validity.push({
        on: checks.findings.localDate(event.at),
        until: localDate(event.data.validUntil),
        ref: refOf(event),
      });
  },
  'LicenceDeemedRenewed.v1': (event, checks) => {
    const licence = checks.licence(event);
    delete licence.renewalPendingSince;
    licence.validity.push({
      on: checks.findings.localDate(event.at),
      until: localDate(event.data.validUntil),
      ref: refOf(event),
    });
  },
  'LicenceWithdrawn.v1': (event, checks) => checks.licenceCause(event),
  'LicenceRevoked.v1': (event, checks) => checks.licenceCause(event),
  'CancellationCauseRecorded.v1': (event, checks) => checks.licenceCause(event),
  'FactCorrected.v1': (event, checks) => checks.correction(event),
  'LicenceCancelled.v1': (event, checks) => {
    checks.licence(event).cancelled ??= { ref: refOf(event), on: checks.findings.localDate(event.at) };
  },
};

/** A recorded local date, or undefined when the field holds none (legacy data). */
const localDate = (value: unknown): LocalDate | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

/**
 * The compliance checks of one agency-year, in one pass over the ledger. Feed it every event
 * (`apply`, in the store's order: each stream's events in stream order), then ask `report()`.
 *
 * Trusts nothing the deciders enforce: events may come from a legacy import or from before a
 * rule existed, so a decision may lack an acceptance, a denial its reason, a notice may be late;
 * that is what the checks are for. Pure: no clock (the moment of the check is an option), no I/O.
 * The rules are in `application-rules.ts` and `complaint-rule.ts`, their wording in
 * `compliance.messages.ts`.
 */
export class ComplianceChecks {
  readonly findings: ComplianceFindings;
  private readonly applications = new Map<string, ApplicationTrack>();
  private readonly complaints = new Map<string, ComplaintTrack>();
  private readonly licences = new Map<string, LicenceTrack>();
  private readonly corrections: CorrectionTrack[] = [];
  /** Ledger time of the first signed report texts of the year. */
  private signedAt: string | undefined;
  /** The agency's catalogue, so a complaint is attributed to its item's department at the complaint's time. */
  private readonly catalogue = new Map<string, ItemState>();
  private events = 0;
  private lastPosition: string | null = null;

  constructor(private readonly options: ComplianceOptions) {
    this.findings = new ComplianceFindings(options);
  }

  /** Events of other agencies are skipped. */
  apply(event: Recorded<LedgerEvent>): void {
    if (event.metadata.agency !== this.options.agency) return;
    this.events++;
    this.lastPosition = event.position;
    dispatchEvent(STEPS, event, this);
  }

  /** An event of the agency that is no licensing fact (an access-log entry…): read, so counted in `basedOn`, and judged by no rule. */
  passOver(
    event: Pick<Recorded<UnknownEvent>, 'metadata' | 'position'> &
      Partial<Pick<Recorded<UnknownEvent>, 'type' | 'data'>>,
  ): void {
    if (event.metadata.agency !== this.options.agency) return;
    this.events++;
    this.lastPosition = event.position;
    if (event.type === REPORT_TEXTS_SUPPLIED && this.signedAt === undefined) {
      const data = (event.data ?? {}) as { year?: unknown; signatory?: unknown; date?: unknown };
      // Signed: the texts of this year's report name who signs it and when.
      if (data.year === this.options.year && presentText(data.signatory) && presentText(data.date))
        this.signedAt = event.metadata.ledgerTime;
    }
  }

  correction(event: RecordedOf<'FactCorrected.v1'>): void {
    const { data } = event;
    if (typeof data.correctedEventId !== 'string') return;
    this.corrections.push({
      ref: refOf(event),
      recordedAt: event.metadata.ledgerTime,
      correctedEventId: data.correctedEventId,
      correctedType: String(data.correctedType),
      ...(typeof data.originalAt === 'string' ? { originalAt: data.originalAt } : {}),
      ...(typeof data.correctedAt === 'string' ? { correctedAt: data.correctedAt } : {}),
    });
  }

  report(): ComplianceReport {
    for (const app of this.applications.values()) {
      checkDisclosures(this.findings, app);
      checkRatings(this.findings, app);
    }
    for (const complaint of this.complaints.values()) checkComplaint(this.findings, complaint, this.attributionSources);
    for (const licence of this.licences.values()) checkCancellation(this.findings, licence);
    checkCorrections(this.findings, this.corrections, this.signedAt);
    return this.findings.report({
      events: this.events,
      lastPosition: this.lastPosition,
      ...(this.options.calendarVersions === undefined ? {} : { calendar: this.options.calendarVersions }),
    });
  }

  /** The application's track with the event folded into its timeline; none for an event naming no application. */
  track(event: Recorded<ApplicationEvent>): ApplicationTrack | undefined {
    const applicationId: unknown = event.data.applicationId;
    if (typeof applicationId !== 'string') return undefined;
    let app = this.applications.get(applicationId);
    if (!app) this.applications.set(applicationId, (app = { applicationId, timeline: emptyTimeline(applicationId) }));
    app.timeline = nextTimeline(app.timeline, event);
    return app;
  }

  /** The licence's track (created by its first event seen). */
  licence(event: Recorded<LicenceEvent>): LicenceTrack {
    const licenceId = String(event.data.licenceId);
    let licence = this.licences.get(licenceId);
    if (!licence) this.licences.set(licenceId, (licence = { licenceId, validity: [], causes: [] }));
    return licence;
  }

  /** A cause for cancellation (withdrawal, revocation, a stated cause) of the licence. */
  licenceCause(event: Recorded<LicenceEvent>): void {
    this.licence(event).causes.push({ ref: refOf(event), on: this.findings.localDate(event.at) });
  }

  catalogueEvent(event: Recorded<ItemEvent>): void {
    const code = event.data.code;
    if (typeof code !== 'string') return;
    this.catalogue.set(code, itemDecider.evolve(this.catalogue.get(code) ?? itemDecider.initialState(), event));
  }

  complaintLogged(event: RecordedOf<'ComplaintLogged.v1'>): void {
    const { data } = event;
    if (typeof data.complaintId !== 'string' || this.complaints.has(data.complaintId)) return;
    this.complaints.set(data.complaintId, {
      complaintId: data.complaintId,
      logged: refOf(event),
      loggedOn: this.findings.localDate(event.at),
      loggedAtMs: Date.parse(event.at),
      department: presentText(data.department),
      itemCode: presentText(data.itemCode),
      applicationId: presentText(data.applicationId),
    });
  }

  complaintResolved(event: RecordedOf<'ComplaintResolved.v1'>): void {
    const id: unknown = event.data.complaintId;
    const complaint = typeof id === 'string' ? this.complaints.get(id) : undefined;
    if (complaint && !complaint.resolved)
      complaint.resolved = { ref: refOf(event), on: this.findings.localDate(event.at) };
  }

  private readonly attributionSources: AttributionSources = {
    itemDepartmentAt: (code, atMs) => itemDepartmentAt(this.catalogue.get(code), atMs),
    application: (id) => {
      const app = this.applications.get(id);
      return app === undefined ? undefined : applicationAttribution(app.timeline);
    },
    // Complaints name no inspection.
    inspection: () => undefined,
  };
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
