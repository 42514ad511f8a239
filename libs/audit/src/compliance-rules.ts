/**
 * The compliance rules, with stable codes (a persisted contract: reports and tickets cite them).
 * Each definition is what the check does, word for word as the README states it.
 */
export type Severity = 'error' | 'warning' | 'info';

export const RULE_CODES = [
  'DECISION.OVERDUE',
  'DECISION.WITHOUT_ACCEPTANCE',
  'DENIAL.REASON_OR_BASIS_MISSING',
  'DISCLOSURE.MISSING',
  'SUPPLEMENT.NOTICE_LATE',
  'RATING.BAD_NOT_RECTIFIED',
  'COMPLAINT.UNRESOLVED',
  'DENIAL.RIGHTS_NOTICE_MISSING',
  'CERTIFICATE.LATE',
  'RENEWAL.DECIDED_AFTER_EXPIRY',
  'LICENCE.NOT_CANCELLED',
  'CORRECTION.AFTER_SIGNING',
  'CORRECTION.RECORDED',
  'CHECK.UNDETERMINED',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface ComplianceRule {
  readonly code: RuleCode;
  readonly severity: Severity;
  readonly title: string;
  readonly legalBasis: string;
  readonly definition: string;
}

/**
 * Dates are local dates in the agency's time zone; "in the year" means the event's business
 * date falls in it; the cut-off is 31 December of the year, or today when that is earlier.
 */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  {
    code: 'DECISION.OVERDUE',
    severity: 'error',
    title: '超过法定期限作出许可决定 / decision past the statutory deadline',
    legalBasis: '《行政许可法》第四十二条、第四十五条、第八十二条',
    definition:
      "A DecisionMade in the year, of an application accepted before it in its stream, made after its statutory deadline: the (statutory days + approved extension)-th working day after the first acceptance, not counting working days while suspended (computeStatutoryDeadline, the rule of the figures' on-time count; the deadline day itself is on time).",
  },
  {
    code: 'DECISION.WITHOUT_ACCEPTANCE',
    severity: 'error',
    title: '未经受理作出许可决定 / decision without acceptance',
    legalBasis: '《行政许可法》第三十二条、第三十七条',
    definition:
      "A DecisionMade in the year with no ApplicationAccepted before it in the application's stream (whether or not a non-acceptance was recorded).",
  },
  {
    code: 'DENIAL.REASON_OR_BASIS_MISSING',
    severity: 'error',
    title: '不予许可决定未说明理由或法律依据 / denial without reason or legal basis',
    legalBasis: '《行政许可法》第三十八条第二款',
    definition: 'A DecisionMade in the year with outcome "denied" whose reason or legalBasis is missing or blank.',
  },
  {
    code: 'DISCLOSURE.MISSING',
    severity: 'warning',
    title: '准予许可决定未公示 / granted decision not disclosed',
    legalBasis: '《行政许可法》第四十条',
    definition:
      'A DecisionMade in the year with outcome "granted", of an application filed as disclosable, with neither a DecisionDisclosed nor a DisclosureExempted dated on or before its disclosure due date (the decision date plus the disclosure grace period in working days, LEDGER_DISCLOSURE_GRACE_DAYS, default 20), once that due date is past (before today). A disclosure after the due date is still reported, as late.',
  },
  {
    code: 'SUPPLEMENT.NOTICE_LATE',
    severity: 'warning',
    title: '补正告知超过五日 / supplement notice later than 5 working days',
    legalBasis: '《行政许可法》第三十二条第一款第（四）项、第八十二条',
    definition:
      "A SupplementRequested in the year dated after the 5th working day after the application's filing date (the law then deems the application accepted on receipt).",
  },
  {
    code: 'RATING.BAD_NOT_RECTIFIED',
    severity: 'warning',
    title: '差评未整改 / bad rating not rectified',
    legalBasis:
      '国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见（国办发〔2019〕51号）: every 差评 is verified and rectified',
    definition:
      'A RatingReceived in the year with level 1 (非常不满意) or 2 (不满意) whose first BadRatingRectified after it in the stream is missing or dated after the cut-off (a late rectification is reported with its date).',
  },
  {
    code: 'COMPLAINT.UNRESOLVED',
    severity: 'warning',
    title: '投诉举报超期未办结 / complaint unresolved past the resolution period',
    legalBasis:
      '《广东省行政许可监督管理条例》 (complaints and reports); the default period follows 《信访条例》第三十三条 (办结 within 60 days)',
    definition:
      "A ComplaintLogged dated on or before the cut-off, whose first ComplaintResolved is missing or dated after the cut-off, with more than the resolution period (complaintResolutionDays, LEDGER_COMPLAINT_RESOLUTION_DAYS, default 60 calendar days) between its date and the cut-off. Complaints logged in earlier years and still open count too. Department as every reader attributes a supervision fact (attributeFact): the complaint's own, else its item's in the catalogue in force at the complaint's business time, else its application's as filed.",
  },
  {
    code: 'DENIAL.RIGHTS_NOTICE_MISSING',
    severity: 'error',
    title: '不予许可决定未记录告知复议诉讼权利 / denial without the notice of the right to appeal',
    legalBasis: '《行政许可法》第三十八条第二款',
    definition:
      'A DecisionMade in the year with outcome "denied" that does not record appealRightsNotified: true (the applicant was told of the right to reconsideration or litigation). Denials recorded before the field existed do not record it and are reported.',
  },
  {
    code: 'CERTIFICATE.LATE',
    severity: 'warning',
    title: '准予许可后逾十日颁发证件 / certificate later than 10 working days after the grant',
    legalBasis: '《行政许可法》第四十四条、第八十二条',
    definition:
      "An application's first CertificateIssued, in the year, dated after the 10th working day after its granted DecisionMade.",
  },
  {
    code: 'RENEWAL.DECIDED_AFTER_EXPIRY',
    severity: 'error',
    title: '有效期届满后才作出延续决定 / renewal decided after the licence expired',
    legalBasis: '《行政许可法》第五十条第二款',
    definition:
      "A LicenceRenewalDecided in the year dated after the licence's last day of validity as it then stood (by law the renewal is deemed granted once the licence expires undecided; a renewal deemed is recorded as LicenceDeemedRenewed instead).",
  },
  {
    code: 'LICENCE.NOT_CANCELLED',
    severity: 'warning',
    title: '出现应予注销情形而未注销 / licence not cancelled after a cause for cancellation',
    legalBasis: '《行政许可法》第七十条',
    definition:
      'A licence with a cause for cancellation on or before the cut-off: the day after its last day of validity with no renewal pending (expiry), a LicenceWithdrawn, a LicenceRevoked or a CancellationCauseRecorded, whichever is first; and no LicenceCancelled on or before the cut-off, more than 20 working days (LICENCE_CANCELLATION_GRACE_DAYS; the law sets no period) after the cause. Causes of earlier years count too.',
  },
  {
    code: 'CORRECTION.AFTER_SIGNING',
    severity: 'warning',
    title: '年度报告签署后更正当年记录 / a fact of the year corrected after its report was signed',
    legalBasis: '《广东省行政许可监督管理条例》 (the yearly report); corrections are new events, never edits',
    definition:
      "A FactCorrected of a fact of the year (its business time as recorded or as corrected falls in the year) recorded (ledger time) after the year's report was signed: the first ReportTextsSupplied for the year that names its signatory and date. The signed figures did not include it.",
  },
  {
    code: 'CORRECTION.RECORDED',
    severity: 'info',
    title: '记录更正 / a fact corrected',
    legalBasis: '—',
    definition:
      "Every FactCorrected of a fact of the year (its business time as recorded or as corrected falls in the year; the correction's own date when neither is known), listed with what it corrected, so an audit sees every correction. Not a violation.",
  },
  {
    code: 'CHECK.UNDETERMINED',
    severity: 'info',
    title: '无法判定 / could not be checked',
    legalBasis: '—',
    definition:
      'A fact a rule applies to that the rule cannot judge, named in appliesTo: a deadline or due date cannot be computed (the calendar lacks a year, the time-limit data is malformed, or the time limit was still suspended when the decision was made), or no filing precedes a supplement notice. Not a violation; listed so that nothing is silently left out.',
  },
];

export const RULES_BY_CODE: ReadonlyMap<RuleCode, ComplianceRule> = new Map(COMPLIANCE_RULES.map((r) => [r.code, r]));
