import type { YearlyFigures } from '@ledger/projections';
import { SATISFACTION_FORMULA } from '@ledger/projections';
import type { FiguresDocumentBody } from '../report/report.model';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  percent: denominator ? Math.round((numerator / denominator) * 10000) / 100 : null,
});

/** A year's figures with nothing in them (what the projection gives a year without events). */
export function emptyFigures(agency: string, year: number): Mutable<YearlyFigures> {
  return {
    year,
    agency,
    basedOn: { events: 0, lastPosition: null },
    items: {
      total: 0,
      byDepartment: {},
      inStandardCatalogue: 0,
      inOnlineHall: 0,
      fullyOnline: 0,
      fullyOnlineRate: rate(0, 0),
      immediateRate: rate(0, 0),
      averageRequiredVisits: { total: 0, count: 0, value: null },
      timeLimitCompressionRate: rate(0, 0),
    },
    applications: { received: 0, accepted: 0, notAccepted: 0, withdrawn: 0, pendingAtYearEnd: 0 },
    decisions: {
      total: 0,
      granted: 0,
      denied: 0,
      deniedReasons: [],
      onTime: 0,
      overdue: 0,
      deadlineUnknown: 0,
      onTimeRate: rate(0, 0),
    },
    disclosure: { disclosed: 0, exempt: 0, disclosureRate: rate(0, 0) },
    supervision: {
      externalSupervision: 0,
      enforcementInspections: 0,
      caseFilesReviewed: 0,
      complaintsReceived: 0,
      complaintsValid: 0,
      reconsiderations: 0,
      litigations: 0,
      rectificationsRequired: 0,
      rectificationsCompleted: 0,
    },
    effect: {
      ratings: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      satisfactionRate: rate(0, 0),
      satisfactionFormula: SATISFACTION_FORMULA,
      badRatingsRectified: 0,
      electronicCertificates: 0,
      certificatesMailed: 0,
    },
    indicators: [],
    licences: { ...NO_LICENCE_FACTS, byDepartment: {} },
  };
}

/** Every licence count at zero. */
export const NO_LICENCE_FACTS = {
  granted: 0,
  changesApplied: 0,
  changesApproved: 0,
  changesRefused: 0,
  renewalsApplied: 0,
  renewed: 0,
  renewalsRefused: 0,
  renewalsDecidedBeforeExpiry: 0,
  renewalsDecidedAfterExpiry: 0,
  deemedRenewals: 0,
  withdrawn: 0,
  revoked: 0,
  cancelled: 0,
  usesSuspended: 0,
  postGrantInspections: 0,
  inForceAtYearEnd: 0,
};

/** Completes figures shaped like the contract (e.g. the demo plan's expected figures) into the document the API returns. */
export function figuresDocument(
  current: unknown,
  previous: unknown | null,
  asOf: string | null = null,
): FiguresDocumentBody {
  const complete = (f: unknown) => {
    const figures = f as YearlyFigures;
    return {
      ...figures,
      basedOn: figures.basedOn ?? { events: 1000, lastPosition: '1000' },
      decisions: { ...figures.decisions, deadlineUnknown: figures.decisions.deadlineUnknown ?? 0 },
      effect: { ...figures.effect, satisfactionFormula: SATISFACTION_FORMULA },
      licences: figures.licences ?? { ...NO_LICENCE_FACTS, byDepartment: {} },
      asOf,
    };
  };
  return { ...complete(current), previousYear: previous ? complete(previous) : null } as FiguresDocumentBody;
}

export { rate as testRate };
