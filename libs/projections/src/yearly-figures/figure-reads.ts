/**
 * Reading the figures out of the accumulated counts: an agency-year's figures, and the same
 * broken down by department or by item code.
 */
import { ItemAttributes, itemStatusOn } from '@ledger/domain';
import { AgencyState, Denial, YearData } from './agency-state';
import { NO_ITEM } from './application-table';
import * as C from './figure-counters';
import { attributionOf } from './figure-attribution';
import { breakdownFigures, itemsFigures, sortedRecord } from './figures-sections';
import { FiguresState } from './figures-state';
import { licenceFiguresOf } from './licence-figures';
import { DeniedReason, FiguresBreakdown, IndicatorFigure, YearlyFigures } from './figures.types';

const EMPTY_COUNTERS = C.newCounters();

/** The agency's figures for a year, without `asOf` and `previousYear`. A year without events gives zeros and null rates. */
export function figuresOf(figures: FiguresState, agency: string, year: number): YearlyFigures {
  const state = figures.agencies.get(agency);
  const data = state?.years.get(year);
  const items = itemsFigures(itemsInForceAtYearEnd(figures, state, year).map(([, attributes]) => attributes));
  const sections = breakdownFigures(
    items,
    data?.total ?? EMPTY_COUNTERS,
    state ? pending(state, year, (d) => d.total) : 0,
    (data?.denials ?? []).map(toDeniedReason),
  );
  return {
    year,
    agency,
    basedOn: {
      events: state?.events ?? 0,
      lastPosition: state?.lastPosition ?? null,
      ...(figures.calendarVersions === undefined ? {} : { calendar: figures.calendarVersions }),
    },
    ...sections,
    indicators: indicatorsOf(state, year),
    licences: licenceFiguresOf(state, year),
  };
}

/** The figures broken down by department: the application's department as filed, or a supervision fact's attribution. */
export function departmentsOf(figures: FiguresState, agency: string, year: number): Record<string, FiguresBreakdown> {
  const state = figures.agencies.get(agency);
  if (state === undefined) return {};
  const inForce = itemsInForceAtYearEnd(figures, state, year);
  const names = figures.departments.names;
  const parts = new Breakdown(inForce.map(([, attributes]) => attributes.department));
  const data = state.years.get(year);
  parts.addCounters(data?.byDepartment, names);
  parts.addPending(
    pendingBy(state, year, (d) => d.byDepartment),
    names,
  );
  for (const denial of data?.denials ?? []) parts.addDenial(names[denial.department], denial);
  for (const fact of data?.facts ?? []) parts.addFact(attributionOf(figures, state, fact).department, fact);
  return parts.figures((name) =>
    itemsFigures(
      inForce.filter(([, attributes]) => attributes.department === name).map(([, attributes]) => attributes),
    ),
  );
}

/**
 * The figures broken down by item code. Each item's `items` section describes that one item
 * at the year end (total 1 if in force, else 0). Supervision facts count under their item
 * code, else the item of their application; facts with neither are in no item.
 */
export function itemsOf(figures: FiguresState, agency: string, year: number): Record<string, FiguresBreakdown> {
  const state = figures.agencies.get(agency);
  if (state === undefined) return {};
  const inForce = new Map(itemsInForceAtYearEnd(figures, state, year));
  const codes = figures.items.names;
  const parts = new Breakdown(inForce.keys());
  const data = state.years.get(year);
  parts.addCounters(data?.byItem, codes);
  parts.addPending(
    pendingBy(state, year, (d) => d.byItem),
    codes,
  );
  for (const denial of data?.denials ?? []) if (denial.item !== NO_ITEM) parts.addDenial(codes[denial.item], denial);
  for (const fact of data?.facts ?? []) {
    const code = attributionOf(figures, state, fact).itemCode;
    if (code !== undefined) parts.addFact(code, fact);
  }
  return parts.figures((code) => {
    const attributes = inForce.get(code);
    return itemsFigures(attributes ? [attributes] : []);
  });
}

/** The counts, pending applications and denials of a breakdown, gathered per key (a department or an item code). */
class Breakdown {
  private readonly keys: Set<string>;
  private readonly counters = new Map<string, C.Counters>();
  private readonly pending = new Map<string, number>();
  private readonly denials = new Map<string, DeniedReason[]>();

  constructor(keys: Iterable<string>) {
    this.keys = new Set(keys);
  }

  addCounters(list: Array<C.Counters | undefined> | undefined, names: readonly string[]): void {
    list?.forEach((values, index) => {
      if (values === undefined) return;
      this.counters.set(names[index], Float64Array.from(values));
      this.keys.add(names[index]);
    });
  }

  addPending(byIndex: Map<number, number>, names: readonly string[]): void {
    byIndex.forEach((count, index) => {
      this.pending.set(names[index], count);
      this.keys.add(names[index]);
    });
  }

  addDenial(key: string, denial: Denial): void {
    const list = this.denials.get(key);
    if (list === undefined) this.denials.set(key, [toDeniedReason(denial)]);
    else list.push(toDeniedReason(denial));
  }

  addFact(key: string, fact: { readonly counter: number; readonly amount: number }): void {
    this.keys.add(key);
    let counters = this.counters.get(key);
    if (counters === undefined) this.counters.set(key, (counters = C.newCounters()));
    counters[fact.counter] += fact.amount;
  }

  figures(itemsOfKey: (key: string) => ReturnType<typeof itemsFigures>): Record<string, FiguresBreakdown> {
    return sortedRecord(
      [...this.keys].map((key): [string, FiguresBreakdown] => [
        key,
        breakdownFigures(
          itemsOfKey(key),
          this.counters.get(key) ?? EMPTY_COUNTERS,
          this.pending.get(key) ?? 0,
          this.denials.get(key) ?? [],
        ),
      ]),
    );
  }
}

/** Items in force at the last instant of 31 December local, with their attributes then. */
function itemsInForceAtYearEnd(
  figures: FiguresState,
  state: AgencyState | undefined,
  year: number,
): Array<[string, ItemAttributes]> {
  if (state === undefined) return [];
  const lastInstant = figures.clock.startOfYear(year + 1) - 1;
  const inForce: Array<[string, ItemAttributes]> = [];
  for (const [code, item] of state.catalogue) {
    const status = itemStatusOn(item, lastInstant);
    if (status.status === 'in-force') inForce.push([code, status.attributes]);
  }
  return inForce;
}

/** Accepted by the end of `year` and neither decided nor withdrawn by then. */
function pending(state: AgencyState, year: number, countersOfYear: (data: YearData) => C.Counters): number {
  let count = 0;
  for (const data of state.years.values()) {
    if (data.year > year) continue;
    const counters = countersOfYear(data);
    count += counters[C.PENDING_IN] - counters[C.PENDING_OUT];
  }
  return count;
}

/** Pending at the end of `year` per department or item index (non-zero only). */
function pendingBy(
  state: AgencyState,
  year: number,
  listOfYear: (data: YearData) => Array<C.Counters | undefined>,
): Map<number, number> {
  const counts = new Map<number, number>();
  for (const data of state.years.values()) {
    if (data.year > year) continue;
    listOfYear(data).forEach((counters, index) => {
      if (counters === undefined) return;
      const delta = counters[C.PENDING_IN] - counters[C.PENDING_OUT];
      if (delta !== 0) counts.set(index, (counts.get(index) ?? 0) + delta);
    });
  }
  for (const [index, count] of counts) if (count === 0) counts.delete(index);
  return counts;
}

function indicatorsOf(state: AgencyState | undefined, year: number): IndicatorFigure[] {
  if (state === undefined) return [];
  return [...state.indicators.values()]
    .filter((indicator) => indicator.year === year)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, value, unit, source }) => ({ name, value, unit, source }));
}

function toDeniedReason(denial: Denial): DeniedReason {
  return { applicationId: denial.applicationId, reason: denial.reason };
}
