import type { CalendarVersionRef } from '@ledger/domain';
/**
 * The yearly figures as the API contract ("Yearly figures shape") publishes them, without the
 * `asOf` and `previousYear` the caller adds. Counts are whole numbers; no field carries
 * personal data (`deniedReasons` names applications by id only).
 */

/** An exact fraction and its percentage rounded half-up to 2 places; `percent` null when `denominator` is 0. */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  readonly percent: number | null;
}

/** An exact average and its value rounded half-up to 3 places; `value` null when `count` is 0. */
export interface Average {
  readonly total: number;
  readonly count: number;
  readonly value: number | null;
}

/** The catalogue in force at the end of 31 December (agency-local). */
export interface ItemsFigures {
  readonly total: number;
  readonly byDepartment: Readonly<Record<string, number>>;
  readonly inStandardCatalogue: number;
  readonly inOnlineHall: number;
  readonly fullyOnline: number;
  /** fullyOnline / total. */
  readonly fullyOnlineRate: Rate;
  /** 即办件 / total. */
  readonly immediateRate: Rate;
  /** Σ requiredVisits / total. */
  readonly averageRequiredVisits: Average;
  /** Σ (statutory − promised) / Σ statutory, in working days, over the items. */
  readonly timeLimitCompressionRate: Rate;
}

export interface ApplicationsFigures {
  /** Filed in the year. */
  readonly received: number;
  /** Accepted in the year. */
  readonly accepted: number;
  readonly notAccepted: number;
  readonly withdrawn: number;
  /** Accepted by the end of the year and neither decided nor withdrawn by then. */
  readonly pendingAtYearEnd: number;
}

/** A denial of the year and its stated reason; the application id is not personal data. */
export interface DeniedReason {
  readonly applicationId: string;
  readonly reason: string;
}

export interface DecisionsFigures {
  readonly total: number;
  readonly granted: number;
  readonly denied: number;
  /** Sorted by application id. */
  readonly deniedReasons: readonly DeniedReason[];
  readonly onTime: number;
  readonly overdue: number;
  /**
   * Decisions whose statutory deadline cannot be computed (no acceptance recorded, the limit
   * still suspended, a calendar year not loaded, malformed time-limit data): in neither
   * `onTime` nor `overdue`. Additive to the contract.
   */
  readonly deadlineUnknown: number;
  /** onTime / (onTime + overdue). */
  readonly onTimeRate: Rate;
}

export interface DisclosureFigures {
  readonly disclosed: number;
  readonly exempt: number;
  /**
   * Decisions disclosed in the year / decisions granted in the year for disclosable
   * applications. Can exceed 100% when decisions of the previous year are disclosed in this one.
   */
  readonly disclosureRate: Rate;
}

export interface SupervisionFigures {
  readonly externalSupervision: number;
  readonly enforcementInspections: number;
  /** Files sampled across the case-file reviews of the year, not the number of reviews. */
  readonly caseFilesReviewed: number;
  readonly complaintsReceived: number;
  /** Complaints resolved as valid in the year. */
  readonly complaintsValid: number;
  readonly reconsiderations: number;
  readonly litigations: number;
  /** Inspections of the year that required rectification. */
  readonly rectificationsRequired: number;
  /** Rectifications whose status became `completed` in the year. */
  readonly rectificationsCompleted: number;
}

/** Ratings received in the year by level: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export interface RatingsByLevel {
  readonly '1': number;
  readonly '2': number;
  readonly '3': number;
  readonly '4': number;
  readonly '5': number;
}

/** The formula behind `satisfactionRate`, stated in the output as the domain brief asks. */
export const SATISFACTION_FORMULA = '(非常满意+满意+基本满意)/全部评价';

export interface EffectFigures {
  readonly ratings: RatingsByLevel;
  /** (levels 5 + 4 + 3) / all ratings of the year. */
  readonly satisfactionRate: Rate;
  /** Always {@link SATISFACTION_FORMULA}; additive to the contract. */
  readonly satisfactionFormula: typeof SATISFACTION_FORMULA;
  readonly badRatingsRectified: number;
  readonly electronicCertificates: number;
  readonly certificatesMailed: number;
}

/** The latest report of an indicator for the year (latest by global position). */
export interface IndicatorFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
}

/**
 * A year's licence facts (《行政许可法》第八条, 第四十九条, 第五十条, 第六十九条, 第七十条), each
 * counted in the agency-local year of its business time.
 */
export interface LicenceCounts {
  readonly granted: number;
  readonly changesApplied: number;
  readonly changesApproved: number;
  readonly changesRefused: number;
  readonly renewalsApplied: number;
  /** Renewal decisions that renewed (deemed renewals apart). */
  readonly renewed: number;
  readonly renewalsRefused: number;
  /** Renewal decisions (either outcome) made on or before the licence's last day of validity. */
  readonly renewalsDecidedBeforeExpiry: number;
  readonly renewalsDecidedAfterExpiry: number;
  /** 视为准予延续: the licence expired with the renewal undecided. */
  readonly deemedRenewals: number;
  readonly withdrawn: number;
  readonly revoked: number;
  readonly cancelled: number;
  readonly usesSuspended: number;
  /** Inspections of licensees after the grant (被许可人监督检查). */
  readonly postGrantInspections: number;
  /** Within a period of validity known by the end of 31 December, and not withdrawn, revoked or cancelled by then. */
  readonly inForceAtYearEnd: number;
}

export interface LicenceFigures extends LicenceCounts {
  /** By the department the grant copied from its application, keys sorted. */
  readonly byDepartment: Readonly<Record<string, LicenceCounts>>;
}

/** The sections every breakdown (per department, per item) repeats. */
export interface FiguresBreakdown {
  readonly items: ItemsFigures;
  readonly applications: ApplicationsFigures;
  readonly decisions: DecisionsFigures;
  readonly disclosure: DisclosureFigures;
  readonly supervision: SupervisionFigures;
  readonly effect: EffectFigures;
}

/** What the figures were computed from: the agency's events applied and the last position among them. */
export interface FiguresBasis {
  readonly events: number;
  readonly lastPosition: string | null;
  /**
   * The working-day calendar the deadlines were judged with: the version of each year as the
   * ledger held it at the instant the figures describe (absent when counted with a fixed calendar).
   */
  readonly calendar?: readonly CalendarVersionRef[];
}

/** One agency's figures for one year, keys in the contract's order (the caller adds `asOf` and `previousYear`). */
export interface YearlyFigures extends FiguresBreakdown {
  readonly year: number;
  readonly agency: string;
  readonly basedOn: FiguresBasis;
  readonly indicators: readonly IndicatorFigure[];
  /** The licences' own life after the grant. Additive to the contract. */
  readonly licences: LicenceFigures;
}

/** A figure document an event can change. */
export interface AgencyYear {
  readonly agency: string;
  readonly year: number;
}
