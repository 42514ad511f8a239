/**
 * A region's figures compiled from its agencies' figures, as a city's justice bureau (市司法局)
 * compiles them: every count is the sum of the agencies' counts; every rate is recomputed from the
 * summed numerators and denominators, and every average from the summed totals and counts.
 *
 * Averaging the agencies' percentages would be wrong: an agency on time in 1 decision of 1
 * (100%) and another in 1 of 3 (33.33%) are on time in 2 of 4 (50%), not 66.67%. Pure functions
 * of their arguments, so the same figures always roll up the same way.
 */
import {
  ApplicationsFigures,
  Average,
  DecisionsFigures,
  DeniedReason,
  DisclosureFigures,
  EffectFigures,
  FiguresBasis,
  FiguresBreakdown,
  IndicatorFigure,
  ItemsFigures,
  LicenceCounts,
  LicenceFigures,
  Rate,
  SATISFACTION_FORMULA,
  SupervisionFigures,
  YearlyFigures,
} from '../yearly-figures/figures.types';
import { zeroCounts as zeroLicenceCounts } from '../yearly-figures/licence-figures';
import { laterPosition } from '../yearly-figures/positions';
import { average, rate } from '../yearly-figures/rates';

/** A denial in a region: application ids are unique only within an agency, so the agency is named. */
export interface RegionDeniedReason extends DeniedReason {
  readonly agency: string;
}

/** An indicator as one agency reported it; indicators are not summed (units and meanings differ). */
export interface RegionIndicatorFigure extends IndicatorFigure {
  readonly agency: string;
}

/** One agency's part of a roll-up: its id and one of its breakdowns (the whole, a department, an item). */
export interface AgencyPart {
  readonly agency: string;
  readonly figures: FiguresBreakdown;
}

/** The rolled-up sections of a region; `deniedReasons` name their agency. */
export interface RolledUpBreakdown extends FiguresBreakdown {
  readonly decisions: DecisionsFigures & { readonly deniedReasons: readonly RegionDeniedReason[] };
}

/** A region's figures for one year: the sections of {@link YearlyFigures}, summed over `agencies`. */
export interface RolledUpFigures extends RolledUpBreakdown {
  readonly year: number;
  /** The agencies whose figures were added, sorted by id. */
  readonly agencies: readonly string[];
  /** Events applied, summed; the latest position among the agencies' last positions. */
  readonly basedOn: FiguresBasis;
  readonly indicators: readonly RegionIndicatorFigure[];
  /** The licences' life after the grant, every count summed, per department key by key. */
  readonly licences: LicenceFigures;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const sum = <T>(parts: readonly T[], pick: (t: T) => number): number => parts.reduce((n, t) => n + pick(t), 0);

/** A rate over several: Σ numerators / Σ denominators, rounded once by `rate`. */
export function sumRates(rates: readonly Rate[]): Rate {
  return rate(
    sum(rates, (r) => r.numerator),
    sum(rates, (r) => r.denominator),
  );
}

/** An average over several: Σ totals / Σ counts, rounded once by `average`. */
export function sumAverages(averages: readonly Average[]): Average {
  return average(
    sum(averages, (a) => a.total),
    sum(averages, (a) => a.count),
  );
}

/** Sums records of counts key by key; keys in code-point order as the agency figures write them. */
function sumCounts(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const totals = new Map<string, number>();
  for (const record of records)
    for (const [key, count] of Object.entries(record)) totals.set(key, (totals.get(key) ?? 0) + count);
  const sorted: Record<string, number> = {};
  for (const key of [...totals.keys()].sort(compareText)) sorted[key] = totals.get(key)!;
  return sorted;
}

function rollUpItems(items: readonly ItemsFigures[]): ItemsFigures {
  return {
    total: sum(items, (i) => i.total),
    byDepartment: sumCounts(items.map((i) => i.byDepartment)),
    inStandardCatalogue: sum(items, (i) => i.inStandardCatalogue),
    inOnlineHall: sum(items, (i) => i.inOnlineHall),
    fullyOnline: sum(items, (i) => i.fullyOnline),
    fullyOnlineRate: sumRates(items.map((i) => i.fullyOnlineRate)),
    immediateRate: sumRates(items.map((i) => i.immediateRate)),
    averageRequiredVisits: sumAverages(items.map((i) => i.averageRequiredVisits)),
    timeLimitCompressionRate: sumRates(items.map((i) => i.timeLimitCompressionRate)),
  };
}

function rollUpApplications(applications: readonly ApplicationsFigures[]): ApplicationsFigures {
  return {
    received: sum(applications, (a) => a.received),
    accepted: sum(applications, (a) => a.accepted),
    notAccepted: sum(applications, (a) => a.notAccepted),
    withdrawn: sum(applications, (a) => a.withdrawn),
    pendingAtYearEnd: sum(applications, (a) => a.pendingAtYearEnd),
  };
}

const byAgencyThenApplication = (a: RegionDeniedReason, b: RegionDeniedReason): number =>
  compareText(a.agency, b.agency) || compareText(a.applicationId, b.applicationId) || compareText(a.reason, b.reason);

function rollUpDecisions(parts: readonly AgencyPart[]): RolledUpBreakdown['decisions'] {
  const decisions = parts.map((p) => p.figures.decisions);
  return {
    total: sum(decisions, (d) => d.total),
    granted: sum(decisions, (d) => d.granted),
    denied: sum(decisions, (d) => d.denied),
    deniedReasons: parts
      .flatMap(({ agency, figures }) =>
        figures.decisions.deniedReasons.map(({ applicationId, reason }) => ({ agency, applicationId, reason })),
      )
      .sort(byAgencyThenApplication),
    onTime: sum(decisions, (d) => d.onTime),
    overdue: sum(decisions, (d) => d.overdue),
    deadlineUnknown: sum(decisions, (d) => d.deadlineUnknown),
    onTimeRate: sumRates(decisions.map((d) => d.onTimeRate)),
  };
}

function rollUpDisclosure(disclosure: readonly DisclosureFigures[]): DisclosureFigures {
  return {
    disclosed: sum(disclosure, (d) => d.disclosed),
    exempt: sum(disclosure, (d) => d.exempt),
    disclosureRate: sumRates(disclosure.map((d) => d.disclosureRate)),
  };
}

function rollUpSupervision(supervision: readonly SupervisionFigures[]): SupervisionFigures {
  return {
    externalSupervision: sum(supervision, (s) => s.externalSupervision),
    enforcementInspections: sum(supervision, (s) => s.enforcementInspections),
    caseFilesReviewed: sum(supervision, (s) => s.caseFilesReviewed),
    complaintsReceived: sum(supervision, (s) => s.complaintsReceived),
    complaintsValid: sum(supervision, (s) => s.complaintsValid),
    reconsiderations: sum(supervision, (s) => s.reconsiderations),
    litigations: sum(supervision, (s) => s.litigations),
    rectificationsRequired: sum(supervision, (s) => s.rectificationsRequired),
    rectificationsCompleted: sum(supervision, (s) => s.rectificationsCompleted),
  };
}

function rollUpEffect(effect: readonly EffectFigures[]): EffectFigures {
  return {
    ratings: {
      '1': sum(effect, (e) => e.ratings['1']),
      '2': sum(effect, (e) => e.ratings['2']),
      '3': sum(effect, (e) => e.ratings['3']),
      '4': sum(effect, (e) => e.ratings['4']),
      '5': sum(effect, (e) => e.ratings['5']),
    },
    satisfactionRate: sumRates(effect.map((e) => e.satisfactionRate)),
    satisfactionFormula: SATISFACTION_FORMULA,
    badRatingsRectified: sum(effect, (e) => e.badRatingsRectified),
    electronicCertificates: sum(effect, (e) => e.electronicCertificates),
    certificatesMailed: sum(effect, (e) => e.certificatesMailed),
  };
}

function sumLicenceCounts(counts: readonly LicenceCounts[]): LicenceCounts {
  const total = zeroLicenceCounts();
  for (const part of counts) for (const key of Object.keys(total) as (keyof LicenceCounts)[]) total[key] += part[key];
  return total;
}

/** The licence sections of several agencies: counts summed, and per department key by key (keys sorted). */
export function rollUpLicences(licences: readonly LicenceFigures[]): LicenceFigures {
  const departments = [...new Set(licences.flatMap((l) => Object.keys(l.byDepartment)))].sort(compareText);
  const byDepartment: Record<string, LicenceCounts> = {};
  for (const department of departments)
    byDepartment[department] = sumLicenceCounts(
      licences.map((l) => l.byDepartment[department]).filter((c): c is LicenceCounts => c !== undefined),
    );
  return { ...sumLicenceCounts(licences), byDepartment };
}

/** The sections of several agencies' breakdowns added up (the whole figures, one department, one item). */
export function rollUpBreakdown(parts: readonly AgencyPart[]): RolledUpBreakdown {
  const figures = parts.map((p) => p.figures);
  return {
    items: rollUpItems(figures.map((f) => f.items)),
    applications: rollUpApplications(figures.map((f) => f.applications)),
    decisions: rollUpDecisions(parts),
    disclosure: rollUpDisclosure(figures.map((f) => f.disclosure)),
    supervision: rollUpSupervision(figures.map((f) => f.supervision)),
    effect: rollUpEffect(figures.map((f) => f.effect)),
  };
}

/**
 * Breakdowns keyed by department or item code, added up key by key across agencies: 治安 of the
 * region is the sum of every agency's 治安. An agency without a key adds nothing to it.
 */
export function rollUpBreakdowns(
  perAgency: readonly { readonly agency: string; readonly breakdowns: Readonly<Record<string, FiguresBreakdown>> }[],
): Record<string, RolledUpBreakdown> {
  const partsByKey = new Map<string, AgencyPart[]>();
  for (const { agency, breakdowns } of perAgency)
    for (const [key, figures] of Object.entries(breakdowns))
      partsByKey.set(key, [...(partsByKey.get(key) ?? []), { agency, figures }]);
  const rolled: Record<string, RolledUpBreakdown> = {};
  for (const key of [...partsByKey.keys()].sort(compareText)) rolled[key] = rollUpBreakdown(partsByKey.get(key)!);
  return rolled;
}

/**
 * A region's figures for one year from its agencies' figures of that year. Throws a RangeError
 * when the figures are of different years or name an agency twice: adding those would be no sum.
 */
export function rollUp(year: number, figuresPerAgency: readonly YearlyFigures[]): RolledUpFigures {
  const seen = new Set<string>();
  for (const figures of figuresPerAgency) {
    if (figures.year !== year)
      throw new RangeError(`cannot roll up ${figures.agency}'s figures of ${figures.year} into ${year}`);
    if (seen.has(figures.agency)) throw new RangeError(`${figures.agency}'s figures are given twice`);
    seen.add(figures.agency);
  }
  const parts = [...figuresPerAgency].sort((a, b) => compareText(a.agency, b.agency));
  const lastPosition = parts.reduce<string | null>(
    (latest, f) => (f.basedOn.lastPosition === null ? latest : laterPosition(latest, f.basedOn.lastPosition)),
    null,
  );
  return {
    year,
    agencies: parts.map((f) => f.agency),
    basedOn: { events: sum(parts, (f) => f.basedOn.events), lastPosition },
    ...rollUpBreakdown(parts.map((figures) => ({ agency: figures.agency, figures }))),
    indicators: parts.flatMap((f) => f.indicators.map((indicator) => ({ agency: f.agency, ...indicator }))),
    licences: rollUpLicences(parts.map((f) => f.licences)),
  };
}
