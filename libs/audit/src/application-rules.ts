/**
 * The rules on an application's own facts: a decision without acceptance or past its deadline,
 * a denial without reason or legal basis, a late supplement notice, a grant not disclosed, a
 * bad rating not rectified. Each judges and hands the wording to `compliance.messages.ts`.
 */
import {
  DeadlineView,
  LocalDate,
  deadlineInputsOf,
  deadlineOf,
  decisionTimeliness,
  isOnTime,
  presentText,
} from '@ledger/domain';
import { EventRef } from './audit-event';
import { ComplianceFindings, SUPPLEMENT_NOTICE_DAYS, refs } from './compliance-findings';
import { COMPLIANCE_MESSAGES as M, UNDETERMINED_REASONS } from './compliance.messages';
import { ApplicationTrack } from './compliance-tracks';
import { addWorkingDaysOrUndefined, workingDaysAfter } from './time-limit';

/** What a decision's rules read of its data (not trusted: legacy imports may lack any field). */
interface DecisionData {
  readonly outcome?: unknown;
  readonly reason?: unknown;
  readonly legalBasis?: unknown;
  readonly appealRightsNotified?: unknown;
}

/** 《行政许可法》第四十四条: the certificate within ten days of the grant (working days, 第八十二条). */
export const CERTIFICATE_DAYS = 10;

/** DECISION.WITHOUT_ACCEPTANCE or DECISION.OVERDUE, and DENIAL.REASON_OR_BASIS_MISSING; remembers a disclosable grant. */
export function checkDecision(
  findings: ComplianceFindings,
  app: ApplicationTrack,
  decision: EventRef,
  data: DecisionData,
): void {
  const decidedOn = findings.localDate(decision.at);
  if (!app.accepted) {
    const notAcceptedOn = app.notAccepted ? findings.localDate(app.notAccepted.at) : undefined;
    findings.add(app, {
      rule: 'DECISION.WITHOUT_ACCEPTANCE',
      summary: M.decisionWithoutAcceptance(findings.labelOf(app), decidedOn, notAcceptedOn),
      details: { decidedOn, outcome: presentText(data.outcome) ?? null, notAcceptedOn: notAcceptedOn ?? null },
      events: refs(app.filed, app.notAccepted, decision),
    });
  } else {
    checkTimeliness(findings, app, decision, decidedOn);
  }
  if (data.outcome === 'denied') {
    const missing = [
      presentText(data.reason) ? undefined : ('reason' as const),
      presentText(data.legalBasis) ? undefined : ('legalBasis' as const),
    ].filter((m) => m !== undefined);
    if (missing.length) {
      findings.add(app, {
        rule: 'DENIAL.REASON_OR_BASIS_MISSING',
        summary: M.denialWithoutReasonOrBasis(findings.labelOf(app), decidedOn, missing),
        details: {
          decidedOn,
          reasonMissing: missing.includes('reason'),
          legalBasisMissing: missing.includes('legalBasis'),
        },
        events: [decision],
      });
    }
    if (data.appealRightsNotified !== true)
      findings.add(app, {
        rule: 'DENIAL.RIGHTS_NOTICE_MISSING',
        summary: M.denialWithoutRightsNotice(findings.labelOf(app), decidedOn, data.appealRightsNotified === false),
        details: { decidedOn, recordedNotTold: data.appealRightsNotified === false },
        events: [decision],
      });
  }
  if (data.outcome === 'granted' && app.timeline.filing?.disclosable === true)
    (app.grants ??= []).push({ ref: decision, decidedOn });
}

/** CERTIFICATE.LATE: the first certificate after the grant later than its 10th working day (a certificate of the year). */
export function checkCertificate(findings: ComplianceFindings, app: ApplicationTrack, certificate: EventRef): void {
  if (app.certified || !app.granted) return;
  app.certified = true;
  if (!findings.inYear(certificate.at)) return;
  const issuedOn = findings.localDate(certificate.at);
  const due = addWorkingDaysOrUndefined(app.granted.decidedOn, CERTIFICATE_DAYS, findings.calendar);
  if (due === undefined) {
    findings.undetermined(
      app,
      'CERTIFICATE.LATE',
      M.certificateDueUnknown(findings.labelOf(app)),
      { decidedOn: app.granted.decidedOn, issuedOn, reason: UNDETERMINED_REASONS.calendarLacksYear },
      refs(app.granted.ref, certificate),
    );
    return;
  }
  if (issuedOn <= due) return;
  findings.add(app, {
    rule: 'CERTIFICATE.LATE',
    summary: M.certificateLate(findings.labelOf(app), app.granted.decidedOn, issuedOn, due),
    details: {
      decidedOn: app.granted.decidedOn,
      certificateDue: due,
      issuedOn,
      workingDaysLate: workingDaysAfter(due, issuedOn, findings.calendar) ?? null,
    },
    events: refs(app.granted.ref, certificate),
  });
}

/** DECISION.OVERDUE by the timeline core's deadline; undetermined when the deadline is unknown and on time is not provable. */
function checkTimeliness(
  findings: ComplianceFindings,
  app: ApplicationTrack,
  decision: EventRef,
  decidedOn: LocalDate,
): void {
  const { calendar, timeZone } = findings;
  const deadline: DeadlineView | null = deadlineOf(app.timeline, calendar, timeZone);
  const evidence = refs(app.filed, app.accepted, ...(app.timeLimitEvents ?? []), decision);
  if (deadline === null) return; // accepted is set, so a deadline view exists; kept for the type
  if (deadline.status !== 'known') {
    // Provably on time although the deadline is not known (it falls in a year not loaded): nothing to report.
    if (decisionTimeliness(deadlineInputsOf(app.timeline, timeZone), decidedOn, calendar) === 'on-time') return;
    const why =
      deadline.status === 'suspended'
        ? UNDETERMINED_REASONS.suspendedAtDecision(deadline.suspendedSince)
        : deadline.reason;
    findings.undetermined(
      app,
      'DECISION.OVERDUE',
      M.decisionTimelinessUndetermined(findings.labelOf(app), decidedOn, why),
      { decidedOn, reason: why },
      evidence,
    );
    return;
  }
  if (isOnTime(decidedOn, deadline.deadline)) return;
  const late = workingDaysAfter(deadline.deadline, decidedOn, calendar);
  findings.add(app, {
    rule: 'DECISION.OVERDUE',
    summary: M.decisionOverdue(findings.labelOf(app), decidedOn, deadline, late),
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

/** SUPPLEMENT.NOTICE_LATE: the notice later than the 5th working day after the filing. */
export function checkSupplementNotice(findings: ComplianceFindings, app: ApplicationTrack, notice: EventRef): void {
  const noticeOn = findings.localDate(notice.at);
  if (!app.filed) {
    findings.undetermined(
      app,
      'SUPPLEMENT.NOTICE_LATE',
      M.supplementNoticeWithoutFiling(findings.labelOf(app), noticeOn),
      { noticeOn, reason: UNDETERMINED_REASONS.noFilingBeforeNotice },
      [notice],
    );
    return;
  }
  const filedOn = findings.localDate(app.filed.at);
  const due = addWorkingDaysOrUndefined(filedOn, SUPPLEMENT_NOTICE_DAYS, findings.calendar);
  if (due === undefined) {
    findings.undetermined(
      app,
      'SUPPLEMENT.NOTICE_LATE',
      M.supplementNoticeDueUnknown(findings.labelOf(app)),
      { filedOn, noticeOn, reason: UNDETERMINED_REASONS.calendarLacksYear },
      [app.filed, notice],
    );
    return;
  }
  if (noticeOn <= due) return;
  const late = workingDaysAfter(due, noticeOn, findings.calendar);
  findings.add(app, {
    rule: 'SUPPLEMENT.NOTICE_LATE',
    summary: M.supplementNoticeLate(findings.labelOf(app), filedOn, noticeOn, due),
    details: { filedOn, noticeDue: due, noticeOn, workingDaysLate: late ?? null },
    events: [app.filed, notice],
  });
}

/** DISCLOSURE.MISSING: each disclosable grant neither disclosed nor exempted by its due date, once that is past. */
export function checkDisclosures(findings: ComplianceFindings, app: ApplicationTrack): void {
  for (const grant of app.grants ?? []) {
    const due = addWorkingDaysOrUndefined(grant.decidedOn, findings.disclosureGraceDays, findings.calendar);
    if (due === undefined) {
      findings.undetermined(
        app,
        'DISCLOSURE.MISSING',
        M.disclosureDueUnknown(findings.labelOf(app)),
        { decidedOn: grant.decidedOn, reason: UNDETERMINED_REASONS.calendarLacksYear },
        [grant.ref],
      );
      continue;
    }
    // Not yet due on the day of the check: nothing to report yet.
    if (findings.checkedOn !== undefined && findings.checkedOn <= due) continue;
    const disclosures = app.disclosures ?? [];
    if (disclosures.some((d) => d.on <= due)) continue;
    const late = disclosures[0];
    const exempt = late ? late.ref.type === 'DisclosureExempted.v1' : null;
    findings.add(app, {
      rule: 'DISCLOSURE.MISSING',
      summary: M.disclosureMissing(
        findings.labelOf(app),
        grant.decidedOn,
        due,
        late ? { on: late.on, exempt: exempt === true } : undefined,
      ),
      details: { decidedOn: grant.decidedOn, disclosureDue: due, disclosedOn: late?.on ?? null, exempt },
      events: refs(grant.ref, late?.ref),
    });
  }
}

/** RATING.BAD_NOT_RECTIFIED: a bad rating of the year not rectified by the cut-off. */
export function checkRatings(findings: ComplianceFindings, app: ApplicationTrack): void {
  const { cutOff } = findings;
  for (const rating of app.badRatings ?? []) {
    if (rating.rectified && rating.rectified.on <= cutOff) continue;
    const ratedOn = findings.localDate(rating.ref.at);
    findings.add(app, {
      rule: 'RATING.BAD_NOT_RECTIFIED',
      summary: M.badRatingNotRectified(findings.labelOf(app), ratedOn, rating.level, cutOff, rating.rectified?.on),
      details: { ratedOn, level: rating.level, cutOff, rectifiedOn: rating.rectified?.on ?? null },
      events: refs(rating.ref, rating.rectified?.ref),
    });
  }
}
