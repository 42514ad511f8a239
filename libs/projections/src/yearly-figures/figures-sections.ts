/** Turns counts into the contract's sections. Pure functions of their arguments. */
import { ItemAttributes } from '@ledger/domain';
import * as C from './figure-counters';
import { DeniedReason, FiguresBreakdown, ItemsFigures, SATISFACTION_FORMULA } from './figures.types';
import { average, rate } from './rates';

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Keys in code-point order, so the same figures always serialise the same way. */
export function sortedRecord<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const list = [...entries].sort(([a], [b]) => compareText(a, b));
  const record: Record<string, V> = {};
  for (const [key, value] of list) record[key] = value;
  return record;
}

/** The items section over the items in force at the year end (any subset of them). */
export function itemsFigures(items: readonly ItemAttributes[]): ItemsFigures {
  const byDepartment = new Map<string, number>();
  let inStandardCatalogue = 0;
  let inOnlineHall = 0;
  let fullyOnline = 0;
  let immediate = 0;
  let visits = 0;
  let statutory = 0;
  let compressed = 0;
  for (const item of items) {
    byDepartment.set(item.department, (byDepartment.get(item.department) ?? 0) + 1);
    if (item.inStandardCatalogue) inStandardCatalogue++;
    if (item.inOnlineHall) inOnlineHall++;
    if (item.fullyOnline) fullyOnline++;
    if (item.handlingType === 'immediate') immediate++;
    visits += item.requiredVisits;
    statutory += item.statutoryDays;
    compressed += item.statutoryDays - item.promisedDays;
  }
  const total = items.length;
  return {
    total,
    byDepartment: sortedRecord(byDepartment),
    inStandardCatalogue,
    inOnlineHall,
    fullyOnline,
    fullyOnlineRate: rate(fullyOnline, total),
    immediateRate: rate(immediate, total),
    averageRequiredVisits: average(visits, total),
    timeLimitCompressionRate: rate(compressed, statutory),
  };
}

const byApplicationThenReason = (a: DeniedReason, b: DeniedReason): number =>
  compareText(a.applicationId, b.applicationId) || compareText(a.reason, b.reason);

/** Every section but `items` from one set of counters. */
export function breakdownFigures(
  items: ItemsFigures,
  counters: C.Counters,
  pendingAtYearEnd: number,
  deniedReasons: readonly DeniedReason[],
): FiguresBreakdown {
  const at = (counter: number): number => counters[counter];
  const ratings = {
    '1': at(C.RATING_1),
    '2': at(C.RATING_1 + 1),
    '3': at(C.RATING_1 + 2),
    '4': at(C.RATING_1 + 3),
    '5': at(C.RATING_1 + 4),
  };
  const allRatings = ratings['1'] + ratings['2'] + ratings['3'] + ratings['4'] + ratings['5'];
  return {
    items,
    applications: {
      received: at(C.RECEIVED),
      accepted: at(C.ACCEPTED),
      notAccepted: at(C.NOT_ACCEPTED),
      withdrawn: at(C.WITHDRAWN),
      pendingAtYearEnd,
    },
    decisions: {
      total: at(C.DECIDED),
      granted: at(C.GRANTED),
      denied: at(C.DENIED),
      deniedReasons: [...deniedReasons].sort(byApplicationThenReason),
      onTime: at(C.ON_TIME),
      overdue: at(C.OVERDUE),
      deadlineUnknown: at(C.DEADLINE_UNKNOWN),
      onTimeRate: rate(at(C.ON_TIME), at(C.ON_TIME) + at(C.OVERDUE)),
    },
    disclosure: {
      disclosed: at(C.DISCLOSED),
      exempt: at(C.EXEMPT),
      disclosureRate: rate(at(C.DISCLOSED), at(C.GRANTED_DISCLOSABLE)),
    },
    supervision: {
      externalSupervision: at(C.EXTERNAL_SUPERVISION),
      enforcementInspections: at(C.ENFORCEMENT_INSPECTIONS),
      caseFilesReviewed: at(C.CASE_FILES_REVIEWED),
      complaintsReceived: at(C.COMPLAINTS_RECEIVED),
      complaintsValid: at(C.COMPLAINTS_VALID),
      reconsiderations: at(C.RECONSIDERATIONS),
      litigations: at(C.LITIGATIONS),
      rectificationsRequired: at(C.RECTIFICATIONS_REQUIRED),
      rectificationsCompleted: at(C.RECTIFICATIONS_COMPLETED),
    },
    effect: {
      ratings,
      satisfactionRate: rate(ratings['5'] + ratings['4'] + ratings['3'], allRatings),
      satisfactionFormula: SATISFACTION_FORMULA,
      badRatingsRectified: at(C.BAD_RATINGS_RECTIFIED),
      electronicCertificates: at(C.ELECTRONIC_CERTIFICATES),
      certificatesMailed: at(C.CERTIFICATES_MAILED),
    },
  };
}
