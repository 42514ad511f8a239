/**
 * The agencies of a region side by side, as a supervisor compares them and chases the outliers:
 * each agency's headline figures, its rank among the region's agencies on each rate, and flags
 * for what needs chasing. Pure: the compliance counts and the signature coverage come in as data.
 */
import { Rate, YearlyFigures } from '../yearly-figures/figures.types';

/** What the flags are raised on, besides the figures. */
export interface AgencyFindings {
  /** Granted decisions of the year not disclosed by their due date (compliance rule DISCLOSURE.MISSING). */
  readonly disclosuresMissing: number;
  /** Complaints open past the resolution period at the cut-off (compliance rule COMPLAINT.UNRESOLVED). */
  readonly complaintsUnresolved: number;
  /**
   * True when every event the figures rest on is covered by a signed checkpoint of the ledger;
   * false when some are not yet; null when the ledger has no integrity index to ask.
   */
  readonly signed: boolean | null;
}

export interface StandingInput {
  readonly agency: string;
  readonly name: string;
  /** The region the agency is placed in (its district, or the region itself). */
  readonly region: string;
  readonly figures: YearlyFigures;
  readonly findings: AgencyFindings;
}

export interface StandingThresholds {
  /** An on-time rate below this percentage raises ON_TIME.BELOW_THRESHOLD (default 95). */
  readonly onTimeBelow: number;
}

export const DEFAULT_THRESHOLDS: StandingThresholds = { onTimeBelow: 95 };

export const RANKED_RATES = ['onTimeRate', 'disclosureRate', 'satisfactionRate', 'fullyOnlineRate'] as const;
export type RankedRate = (typeof RANKED_RATES)[number];

export const FLAG_CODES = [
  'DECISION.OVERDUE',
  'ON_TIME.BELOW_THRESHOLD',
  'DISCLOSURE.MISSING',
  'COMPLAINT.UNRESOLVED',
  'FIGURES.NOT_SIGNED',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface StandingFlag {
  readonly code: FlagCode;
  /** How many decisions, disclosures or complaints; for FIGURES.NOT_SIGNED and the threshold, 1. */
  readonly count: number;
  /** Chinese, then English. */
  readonly message: string;
}

export interface AgencyHeadline {
  readonly received: number;
  readonly decided: number;
  readonly granted: number;
  readonly denied: number;
  readonly pendingAtYearEnd: number;
  readonly overdue: number;
  readonly complaintsReceived: number;
  readonly onTimeRate: Rate;
  readonly disclosureRate: Rate;
  readonly satisfactionRate: Rate;
  readonly fullyOnlineRate: Rate;
}

export interface AgencyStanding {
  readonly agency: string;
  readonly name: string;
  readonly region: string;
  readonly headline: AgencyHeadline;
  /** 1 = the highest rate in the region; ties share a rank (1, 1, 3); null when the rate has nothing to divide by. */
  readonly ranks: Readonly<Record<RankedRate, number | null>>;
  readonly flags: readonly StandingFlag[];
}

/** Compares two exact fractions (a/b against c/d, b and d > 0) without rounding: BigInt cross products. */
function compareFractions(a: Rate, b: Rate): number {
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Competition ranks ("1224") of exact rates, highest first; a rate with nothing to divide by gets none. */
function ranksOf(rates: readonly Rate[]): (number | null)[] {
  return rates.map((r) =>
    r.denominator === 0
      ? null
      : 1 + rates.filter((other) => other.denominator !== 0 && compareFractions(other, r) > 0).length,
  );
}

/** True when numerator/denominator is below `percent`, exactly (the threshold in hundredths of a percent). */
function below(rate: Rate, percent: number): boolean {
  if (rate.denominator === 0) return false;
  const hundredths = BigInt(Math.round(percent * 100));
  return BigInt(rate.numerator) * 10_000n < hundredths * BigInt(rate.denominator);
}

function flagsOf(input: StandingInput, thresholds: StandingThresholds): StandingFlag[] {
  const { decisions } = input.figures;
  const flags: StandingFlag[] = [];
  if (decisions.overdue > 0)
    flags.push({
      code: 'DECISION.OVERDUE',
      count: decisions.overdue,
      message: `超期办结 ${decisions.overdue} 件 / ${decisions.overdue} decisions past the statutory deadline`,
    });
  if (below(decisions.onTimeRate, thresholds.onTimeBelow))
    flags.push({
      code: 'ON_TIME.BELOW_THRESHOLD',
      count: 1,
      message: `按时办结率 ${decisions.onTimeRate.percent}% 低于 ${thresholds.onTimeBelow}% / on-time rate below ${thresholds.onTimeBelow}%`,
    });
  if (input.findings.disclosuresMissing > 0)
    flags.push({
      code: 'DISCLOSURE.MISSING',
      count: input.findings.disclosuresMissing,
      message: `准予许可决定未公示 ${input.findings.disclosuresMissing} 件 / granted decisions not disclosed`,
    });
  if (input.findings.complaintsUnresolved > 0)
    flags.push({
      code: 'COMPLAINT.UNRESOLVED',
      count: input.findings.complaintsUnresolved,
      message: `投诉举报逾期未办结 ${input.findings.complaintsUnresolved} 件 / complaints unresolved past the resolution period`,
    });
  if (input.findings.signed === false)
    flags.push({
      code: 'FIGURES.NOT_SIGNED',
      count: 1,
      message: '数据所依据的事件尚未全部纳入已签名的检查点 / figures rest on events no signed checkpoint covers yet',
    });
  return flags;
}

const headlineOf = ({ applications, decisions, disclosure, supervision, effect, items }: YearlyFigures) => ({
  received: applications.received,
  decided: decisions.total,
  granted: decisions.granted,
  denied: decisions.denied,
  pendingAtYearEnd: applications.pendingAtYearEnd,
  overdue: decisions.overdue,
  complaintsReceived: supervision.complaintsReceived,
  onTimeRate: decisions.onTimeRate,
  disclosureRate: disclosure.disclosureRate,
  satisfactionRate: effect.satisfactionRate,
  fullyOnlineRate: items.fullyOnlineRate,
});

/** Every agency's standing, in the order given (the caller sorts by agency id). */
export function agencyStandings(
  inputs: readonly StandingInput[],
  thresholds: StandingThresholds = DEFAULT_THRESHOLDS,
): AgencyStanding[] {
  const headlines = inputs.map((i) => headlineOf(i.figures));
  const ranks = Object.fromEntries(RANKED_RATES.map((key) => [key, ranksOf(headlines.map((h) => h[key]))])) as Record<
    RankedRate,
    (number | null)[]
  >;
  return inputs.map((input, n) => ({
    agency: input.agency,
    name: input.name,
    region: input.region,
    headline: headlines[n],
    ranks: {
      onTimeRate: ranks.onTimeRate[n],
      disclosureRate: ranks.disclosureRate[n],
      satisfactionRate: ranks.satisfactionRate[n],
      fullyOnlineRate: ranks.fullyOnlineRate[n],
    },
    flags: flagsOf(input, thresholds),
  }));
}
