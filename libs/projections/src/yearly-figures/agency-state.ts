/**
 * What the accumulator keeps per agency: counters per business year (agency total, per
 * department, per item), the catalogue's item timelines, supervision facts, indicators, and
 * the little per-stream state later events of the same stream need.
 */
import { ItemState } from '@ledger/domain';
import { Counters, countersFromJson, countersToJson, newCounters } from './figure-counters';
import { LicenceRecord, LicenceRecordJson, licenceRecordFromJson, licenceRecordToJson } from './licence-records';

/** A denial of the year with what its breakdowns need. */
export interface Denial {
  readonly applicationId: string;
  readonly reason: string;
  /** Interned department index. */
  readonly department: number;
  /** Interned item index, or -1. */
  readonly item: number;
}

/**
 * One supervision count (an inspection, complaint, appeal or rectification). Its agency total
 * is counted when applied; its department and item are resolved when a breakdown is asked for,
 * because what they depend on (the catalogue, an application's filing, an inspection) may be
 * recorded after it, and the figures must not depend on that order.
 */
export interface SupervisionFact {
  readonly counter: number;
  readonly amount: number;
  /** When the fact happened, to read the catalogue as it stood then. */
  readonly atMs: number;
  readonly department?: string;
  readonly itemCode?: string;
  readonly applicationId?: string;
  /** Rectifications: the inspection that found the problem. */
  readonly inspectionId?: string;
}

export class YearData {
  readonly total: Counters = newCounters();
  /** By interned department index. */
  readonly byDepartment: Array<Counters | undefined> = [];
  /** By interned item index. */
  readonly byItem: Array<Counters | undefined> = [];
  readonly denials: Denial[] = [];
  readonly facts: SupervisionFact[] = [];

  constructor(readonly year: number) {}
}

export interface IndicatorEntry {
  readonly name: string;
  readonly year: number;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly position: string;
}

/** An open complaint: its resolution is attributed like the complaint itself. */
export interface ComplaintRef {
  readonly atMs: number;
  readonly department?: string;
  readonly itemCode?: string;
  readonly applicationId?: string;
}

export interface RectificationRef {
  completed: boolean;
  readonly inspectionId?: string;
}

export interface InspectionRef {
  readonly atMs: number;
  readonly department?: string;
  readonly itemCode?: string;
}

export class AgencyState {
  events = 0;
  lastPosition: string | null = null;
  readonly years = new Map<number, YearData>();
  /** Years with an event by business time, and years indicators were reported for. */
  readonly activeYears = new Set<number>();
  readonly catalogue = new Map<string, ItemState>();
  /** Latest report per `${year}|${name}`. */
  readonly indicators = new Map<string, IndicatorEntry>();
  readonly complaints = new Map<string, ComplaintRef>();
  readonly rectifications = new Map<string, RectificationRef>();
  readonly inspections = new Map<string, InspectionRef>();
  readonly licences = new Map<string, LicenceRecord>();
  /** Years of supervision facts whose attribution depends on an application, item or inspection (for `affectedYears`). */
  readonly factYearsByApplication = new Map<string, Set<number>>();
  readonly factYearsByItem = new Map<string, Set<number>>();
  readonly factYearsByInspection = new Map<string, Set<number>>();

  private lastYear = NaN;
  private lastYearData: YearData | undefined;

  constructor(readonly name: string) {}

  yearData(year: number): YearData {
    if (year === this.lastYear) return this.lastYearData!;
    let data = this.years.get(year);
    if (data === undefined) {
      data = new YearData(year);
      this.years.set(year, data);
    }
    this.lastYear = year;
    this.lastYearData = data;
    return data;
  }

  addFact(year: number, fact: SupervisionFact): void {
    if (fact.amount === 0) return;
    const data = this.yearData(year);
    data.total[fact.counter] += fact.amount;
    data.facts.push(fact);
    this.indexFact(year, fact);
  }

  indexFact(year: number, fact: SupervisionFact): void {
    if (fact.applicationId !== undefined) addYear(this.factYearsByApplication, fact.applicationId, year);
    if (fact.itemCode !== undefined) addYear(this.factYearsByItem, fact.itemCode, year);
    if (fact.inspectionId !== undefined) addYear(this.factYearsByInspection, fact.inspectionId, year);
  }

  toJson(): AgencySnapshot {
    return {
      name: this.name,
      events: this.events,
      lastPosition: this.lastPosition,
      activeYears: [...this.activeYears].sort((a, b) => a - b),
      catalogue: [...this.catalogue],
      years: [...this.years.values()].map((data) => ({
        year: data.year,
        total: countersToJson(data.total),
        byDepartment: indexedCounters(data.byDepartment),
        byItem: indexedCounters(data.byItem),
        denials: data.denials.map((d): DenialJson => [d.applicationId, d.reason, d.department, d.item]),
        facts: data.facts.map((f): FactJson => [
          f.counter,
          f.amount,
          f.atMs,
          f.department ?? null,
          f.itemCode ?? null,
          f.applicationId ?? null,
          f.inspectionId ?? null,
        ]),
      })),
      indicators: [...this.indicators.values()].map((i): IndicatorJson => [
        i.name,
        i.year,
        i.value,
        i.unit,
        i.source,
        i.position,
      ]),
      complaints: [...this.complaints].map(([id, c]): ComplaintJson => [
        id,
        c.atMs,
        c.department ?? null,
        c.itemCode ?? null,
        c.applicationId ?? null,
      ]),
      rectifications: [...this.rectifications].map(([id, r]): RectificationJson => [
        id,
        r.completed ? 1 : 0,
        r.inspectionId ?? null,
      ]),
      inspections: [...this.inspections].map(([id, i]): InspectionJson => [
        id,
        i.atMs,
        i.department ?? null,
        i.itemCode ?? null,
      ]),
      licences: [...this.licences].map(([id, record]) => licenceRecordToJson(id, record)),
    };
  }

  static fromJson(json: AgencySnapshot): AgencyState {
    const state = new AgencyState(json.name);
    state.events = json.events;
    state.lastPosition = json.lastPosition;
    for (const year of json.activeYears) state.activeYears.add(year);
    for (const [code, item] of json.catalogue) state.catalogue.set(code, item);
    for (const y of json.years) {
      const data = state.yearData(y.year);
      data.total.set(countersFromJson(y.total));
      for (const [index, values] of y.byDepartment) data.byDepartment[index] = countersFromJson(values);
      for (const [index, values] of y.byItem) data.byItem[index] = countersFromJson(values);
      for (const [applicationId, reason, department, item] of y.denials)
        data.denials.push({ applicationId, reason, department, item });
      for (const [counter, amount, atMs, department, itemCode, applicationId, inspectionId] of y.facts) {
        const fact: SupervisionFact = {
          counter,
          amount,
          atMs,
          ...defined({ department, itemCode, applicationId, inspectionId }),
        };
        data.facts.push(fact);
        state.indexFact(y.year, fact);
      }
    }
    for (const [name, year, value, unit, source, position] of json.indicators)
      state.indicators.set(`${year}|${name}`, { name, year, value, unit, source, position });
    for (const [id, atMs, department, itemCode, applicationId] of json.complaints) {
      state.complaints.set(id, { atMs, ...defined({ department, itemCode, applicationId }) });
    }
    for (const [id, completed, inspectionId] of json.rectifications)
      state.rectifications.set(id, { completed: completed === 1, ...defined({ inspectionId }) });
    for (const [id, atMs, department, itemCode] of json.inspections)
      state.inspections.set(id, { atMs, ...defined({ department, itemCode }) });
    for (const row of json.licences) state.licences.set(row[0], licenceRecordFromJson(row));
    return state;
  }
}

function addYear(map: Map<string, Set<number>>, key: string, year: number): void {
  let years = map.get(key);
  if (years === undefined) {
    years = new Set();
    map.set(key, years);
  }
  years.add(year);
}

function indexedCounters(list: Array<Counters | undefined>): Array<[number, number[]]> {
  const out: Array<[number, number[]]> = [];
  list.forEach((counters, index) => {
    if (counters !== undefined) out.push([index, countersToJson(counters)]);
  });
  return out;
}

/** Drops the null fields of a snapshot row, so restored objects look like applied ones. */
function defined<T extends Record<string, string | null>>(fields: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const value = fields[key];
    if (value !== null) out[key] = value as string;
  }
  return out;
}

type DenialJson = [applicationId: string, reason: string, department: number, item: number];
type FactJson = [
  counter: number,
  amount: number,
  atMs: number,
  department: string | null,
  itemCode: string | null,
  applicationId: string | null,
  inspectionId: string | null,
];
type IndicatorJson = [name: string, year: number, value: number, unit: string, source: string, position: string];
type ComplaintJson = [
  id: string,
  atMs: number,
  department: string | null,
  itemCode: string | null,
  applicationId: string | null,
];
type RectificationJson = [id: string, completed: 0 | 1, inspectionId: string | null];
type InspectionJson = [id: string, atMs: number, department: string | null, itemCode: string | null];

export interface AgencySnapshot {
  readonly name: string;
  readonly events: number;
  readonly lastPosition: string | null;
  readonly activeYears: readonly number[];
  readonly catalogue: ReadonlyArray<readonly [string, ItemState]>;
  readonly years: ReadonlyArray<{
    readonly year: number;
    readonly total: readonly number[];
    readonly byDepartment: ReadonlyArray<readonly [number, readonly number[]]>;
    readonly byItem: ReadonlyArray<readonly [number, readonly number[]]>;
    readonly denials: readonly DenialJson[];
    readonly facts: readonly FactJson[];
  }>;
  readonly indicators: readonly IndicatorJson[];
  readonly complaints: readonly ComplaintJson[];
  readonly rectifications: readonly RectificationJson[];
  readonly inspections: readonly InspectionJson[];
  readonly licences: readonly LicenceRecordJson[];
}
