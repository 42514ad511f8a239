/**
 * The wording of the compliance findings, Chinese then English (`中文 / English`: the dashboard
 * and the CLI show one side or both), apart from the rules that decide them. Each function
 * takes what the finding rests on and only words it; nothing here judges.
 */
import type { LocalDate } from '@ledger/domain';

/** What a finding about an application names it by. */
export interface ApplicationLabel {
  readonly id: string;
  readonly itemCode?: string;
  readonly department?: string;
}

/** `（事项 A，治安）` when the item or department is known, else a space before the next word. */
function label({ itemCode, department }: ApplicationLabel): string {
  const parts = [itemCode ? `事项 ${itemCode}` : undefined, department].filter(Boolean);
  return parts.length ? `（${parts.join('，')}）` : ' ';
}

/** Reasons a rule could not judge, as `details.reason` states them. */
export const UNDETERMINED_REASONS = {
  calendarLacksYear: 'the working-day calendar lacks a year',
  noFilingBeforeNotice: 'no filing recorded before the notice',
  suspendedAtDecision: (since: LocalDate) =>
    `the time limit was still suspended (since ${since}) when the decision was made`,
} as const;

/** What a finding about a licence names it by. */
export interface LicenceLabel {
  readonly id: string;
  readonly department?: string;
}

const licenceLabel = ({ id, department }: LicenceLabel): string =>
  department ? `许可 ${id}（${department}）` : `许可 ${id}`;

export const COMPLIANCE_MESSAGES = {
  correctionRecorded(streamId: string, correctedType: string, recordedOn: LocalDate): string {
    return `${streamId} 的 ${correctedType} 记录于 ${recordedOn} 更正。 / ${streamId}: ${correctedType} corrected on ${recordedOn}.`;
  },

  correctionAfterSigning(streamId: string, correctedType: string, recordedOn: LocalDate, signedOn: LocalDate): string {
    return `${streamId} 的 ${correctedType} 记录于 ${recordedOn} 更正，晚于本年度报告签署（${signedOn}），已签署的数据未包含该更正。 / ${streamId}: ${correctedType} corrected on ${recordedOn}, after the year's report was signed on ${signedOn}; the signed figures do not include it.`;
  },

  denialWithoutRightsNotice(app: ApplicationLabel, decidedOn: LocalDate, recordedNotTold: boolean): string {
    return recordedNotTold
      ? `申请 ${app.id}${label(app)}于 ${decidedOn} 作出不予许可决定，记录为未告知申请人申请行政复议或者提起行政诉讼的权利。 / Application ${app.id}: denied on ${decidedOn}, recorded as not telling the applicant of the right to reconsideration or litigation.`
      : `申请 ${app.id}${label(app)}于 ${decidedOn} 作出不予许可决定，未记录已告知申请人申请行政复议或者提起行政诉讼的权利。 / Application ${app.id}: denied on ${decidedOn} without a record that the applicant was told of the right to reconsideration or litigation.`;
  },

  certificateLate(app: ApplicationLabel, decidedOn: LocalDate, issuedOn: LocalDate, due: LocalDate): string {
    return `申请 ${app.id}${label(app)}于 ${decidedOn} 准予许可，迟至 ${issuedOn} 才颁发证件（应于 ${due} 前）。 / Application ${app.id}: granted on ${decidedOn}, certificate issued only on ${issuedOn} (due by ${due}).`;
  },

  certificateDueUnknown(app: ApplicationLabel): string {
    return `申请 ${app.id}${label(app)}：工作日历缺少年份，无法计算证件颁发期限。 / Application ${app.id}: the working-day calendar lacks a year; the certificate's due date cannot be computed.`;
  },

  renewalDecidedAfterExpiry(licence: LicenceLabel, expiredAfter: LocalDate, decidedOn: LocalDate): string {
    return `${licenceLabel(licence)}有效期至 ${expiredAfter}，迟至 ${decidedOn} 才作出延续决定（届满未决定的应视为准予延续）。 / Licence ${licence.id}: valid until ${expiredAfter}, renewal decided only on ${decidedOn} (undecided at expiry, it is deemed renewed).`;
  },

  licenceNotCancelled(licence: LicenceLabel, causeOn: LocalDate, cause: string, cutOff: LocalDate): string {
    return `${licenceLabel(licence)}自 ${causeOn} 起出现应予注销的情形（${cause}），至 ${cutOff} 仍未注销。 / Licence ${licence.id}: a cause for cancellation since ${causeOn} (${cause}), still not cancelled on ${cutOff}.`;
  },

  decisionWithoutAcceptance(app: ApplicationLabel, decidedOn: LocalDate, notAcceptedOn: LocalDate | undefined): string {
    const refused = notAcceptedOn ? `（该申请已于 ${notAcceptedOn} 决定不予受理）` : '';
    const refusedEn = notAcceptedOn ? ` (it was refused acceptance on ${notAcceptedOn})` : '';
    return `申请 ${app.id}${label(app)}未经受理，于 ${decidedOn} 作出许可决定${refused}。 / Application ${app.id}: decided on ${decidedOn} without having been accepted${refusedEn}.`;
  },

  denialWithoutReasonOrBasis(
    app: ApplicationLabel,
    decidedOn: LocalDate,
    missing: readonly ('reason' | 'legalBasis')[],
  ): string {
    const zh = missing.map((m) => (m === 'reason' ? '理由' : '法律依据')).join('和');
    return `申请 ${app.id}${label(app)}于 ${decidedOn} 作出不予许可决定，未说明${zh}。 / Application ${app.id}: denied on ${decidedOn} without stating its ${missing.join(' or ')}.`;
  },

  decisionTimelinessUndetermined(app: ApplicationLabel, decidedOn: LocalDate, why: string): string {
    return `申请 ${app.id}${label(app)}于 ${decidedOn} 作出的决定无法判断是否超期 / Application ${app.id}: whether the decision of ${decidedOn} was on time cannot be told: ${why}.`;
  },

  decisionOverdue(
    app: ApplicationLabel,
    decidedOn: LocalDate,
    deadline: {
      readonly deadline: LocalDate;
      readonly acceptedOn: LocalDate;
      readonly limitDays: number;
      readonly extensionDays: number;
      readonly suspendedWorkingDays: number;
    },
    workingDaysLate: number | undefined,
  ): string {
    const ext = deadline.extensionDays ? `，延长 ${deadline.extensionDays} 个工作日` : '';
    const extEn = deadline.extensionDays ? ` + ${deadline.extensionDays} extended` : '';
    const susp = deadline.suspendedWorkingDays ? `，中止 ${deadline.suspendedWorkingDays} 个工作日不计` : '';
    const suspEn = deadline.suspendedWorkingDays ? `, ${deadline.suspendedWorkingDays} suspended not counted` : '';
    const late = workingDaysLate === undefined ? '' : `，逾期 ${workingDaysLate} 个工作日`;
    const lateEn = workingDaysLate === undefined ? '' : `, ${workingDaysLate} working day(s) late`;
    return (
      `申请 ${app.id}${label(app)}于 ${decidedOn} 作出许可决定，超过法定期限 ${deadline.deadline}（${deadline.acceptedOn} 受理，法定 ${deadline.limitDays} 个工作日${ext}${susp}）` +
      `${late}。 / Application ${app.id}: decided on ${decidedOn}, after its statutory deadline ${deadline.deadline} ` +
      `(accepted ${deadline.acceptedOn}; ${deadline.limitDays} working days${extEn}${suspEn})${lateEn}.`
    );
  },

  supplementNoticeWithoutFiling(app: ApplicationLabel, noticeOn: LocalDate): string {
    return `申请 ${app.id}${label(app)}的补正告知（${noticeOn}）之前没有申请记录，无法判断是否超过五日 / Application ${app.id}: no filing precedes the supplement notice of ${noticeOn}, so its lateness cannot be told.`;
  },

  supplementNoticeDueUnknown(app: ApplicationLabel): string {
    return `申请 ${app.id} 的补正告知期限无法计算（工作日历缺少年份） / Application ${app.id}: the supplement notice's due date cannot be computed: the working-day calendar lacks a year.`;
  },

  supplementNoticeLate(app: ApplicationLabel, filedOn: LocalDate, noticeOn: LocalDate, due: LocalDate): string {
    return (
      `申请 ${app.id}${label(app)}于 ${filedOn} 提交，${noticeOn} 才一次性告知补正，超过五个工作日（应于 ${due} 前），依法自收到申请材料之日起即为受理。 / ` +
      `Application ${app.id}: filed on ${filedOn}, supplement notice only on ${noticeOn}, later than 5 working days (due by ${due}); by law it counts as accepted on receipt.`
    );
  },

  disclosureDueUnknown(app: ApplicationLabel): string {
    return `申请 ${app.id} 的公示期限无法计算（工作日历缺少年份） / Application ${app.id}: the disclosure due date cannot be computed: the working-day calendar lacks a year.`;
  },

  disclosureMissing(
    app: ApplicationLabel,
    decidedOn: LocalDate,
    due: LocalDate,
    late: { readonly on: LocalDate; readonly exempt: boolean } | undefined,
  ): string {
    const lateZh = late
      ? `，迟至 ${late.on} 才${late.exempt ? '记录免于公示' : '公示'}`
      : '，至今未公示也未记录免于公示';
    const lateEn = late
      ? `; ${late.exempt ? 'an exemption was recorded' : 'it was disclosed'} only on ${late.on}`
      : '; it was neither disclosed nor exempted';
    return `申请 ${app.id}${label(app)}于 ${decidedOn} 准予许可，应于 ${due} 前公示${lateZh}。 / Application ${app.id}: granted on ${decidedOn}, due for disclosure by ${due}${lateEn}.`;
  },

  badRatingNotRectified(
    app: ApplicationLabel,
    ratedOn: LocalDate,
    level: number,
    cutOff: LocalDate,
    rectifiedOn: LocalDate | undefined,
  ): string {
    const levelZh = level === 1 ? '非常不满意' : '不满意';
    const after = rectifiedOn ? `（迟至 ${rectifiedOn} 才整改）` : '';
    const afterEn = rectifiedOn ? ` (rectified only on ${rectifiedOn})` : '';
    return `申请 ${app.id}${label(app)}于 ${ratedOn} 收到“${levelZh}”评价，截至 ${cutOff} 未整改${after}。 / Application ${app.id}: rated ${level} on ${ratedOn}, not rectified by ${cutOff}${afterEn}.`;
  },

  complaintUnresolved(complaint: {
    readonly id: string;
    readonly department?: string;
    readonly loggedOn: LocalDate;
    readonly cutOff: LocalDate;
    readonly daysOpen: number;
    readonly resolutionDays: number;
    readonly resolvedOn?: LocalDate;
  }): string {
    const { id, department, loggedOn, cutOff, daysOpen, resolutionDays, resolvedOn } = complaint;
    const after = resolvedOn ? `（迟至 ${resolvedOn} 才办结）` : '';
    const afterEn = resolvedOn ? ` (resolved only on ${resolvedOn})` : '';
    return (
      `投诉举报 ${id}${department ? `（${department}）` : ' '}于 ${loggedOn} 登记，截至 ${cutOff} 已 ${daysOpen} 天未办结，超过 ${resolutionDays} 天期限${after}。 / ` +
      `Complaint ${id}: logged on ${loggedOn}, unresolved for ${daysOpen} days by ${cutOff}, more than ${resolutionDays} days${afterEn}.`
    );
  },
} as const;
