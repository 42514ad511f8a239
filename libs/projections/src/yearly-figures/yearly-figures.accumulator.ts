import {
  AttributionSources,
  DEFAULT_TIME_ZONE,
  ItemAttributes,
  ItemEvent,
  LedgerEvent,
  Recorded,
  TimelinePeriod,
  UNASSIGNED_DEPARTMENT,
  WorkingDayCounter,
  attributeFact,
  decisionTimeliness,
  evaluateDeadline,
  itemDecider,
  itemDepartmentAt,
  itemStatusOn,
  presentText,
  resumedAt,
  standingAcceptance,
  standingExtension,
  suspendedAt,
} from '@ledger/domain';
import { AgencySnapshot, AgencyState, Denial, SupervisionFact, YearData } from './agency-state';
import {
  ApplicationTable,
  ApplicationTableSnapshot,
  CLOSED,
  DISCLOSABLE,
  FILED,
  INVALID_DAYS,
  NO_ITEM,
  UNASSIGNED_INDEX,
  WAS_ACCEPTED,
} from './application-table';
import * as C from './figure-counters';
import { breakdownFigures, itemsFigures, sortedRecord } from './figures-sections';
import { AgencyYear, DeniedReason, FiguresBreakdown, IndicatorFigure, YearlyFigures } from './figures.types';
import { ZoneClock, dateOfDay, dayOfDate, instantOf, yearOfDay } from './local-time';
import { comparePositions, laterPosition } from './positions';

export interface YearlyFiguresOptions {
  /**
   * Working days for statutory deadlines. Must not change while the accumulator lives:
   * deadlines are cached per acceptance day and limit.
   */
  readonly calendar: WorkingDayCounter;
  /** IANA zone whose local dates and years the figures count in; default Asia/Shanghai. */
  readonly timeZone?: string;
}

/** The department of facts nobody can attribute: the read side's one label for it. */
export { UNASSIGNED_DEPARTMENT };

// 2: applications keyed by (agency, id).
const SNAPSHOT_FORMAT = 'yearly-figures/2';

/** What `snapshot()` returns: plain JSON, to be stored and passed back to `restore`. */
export interface YearlyFiguresSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly timeZone: string;
  readonly departments: readonly string[];
  readonly itemCodes: readonly string[];
  readonly applications: ApplicationTableSnapshot;
  readonly agencies: readonly AgencySnapshot[];
}

// Event types as small integers, so the per-event dispatch is one map lookup and an integer switch.
const FILED_T = 1;
const ACCEPTED_T = 2;
const NOT_ACCEPTED_T = 3;
const EXTENDED_T = 4;
const SUSPENDED_T = 5;
const RESUMED_T = 6;
const DECIDED_T = 7;
const DISCLOSED_T = 8;
const EXEMPTED_T = 9;
const CERTIFICATE_T = 10;
const WITHDRAWN_T = 11;
const RATING_T = 12;
const BAD_RATING_RECTIFIED_T = 13;
const NO_FIGURE_APPLICATION_T = 14;
const ITEM_T = 20;
const INSPECTION_T = 30;
const RECTIFICATION_RECORDED_T = 31;
const RECTIFICATION_UPDATED_T = 32;
const COMPLAINT_LOGGED_T = 33;
const COMPLAINT_RESOLVED_T = 34;
const APPEAL_FILED_T = 35;
const APPEAL_CONCLUDED_T = 36;
const INDICATOR_T = 40;

const TYPE_CODES = new Map<string, number>([
  ['ApplicationFiled.v1', FILED_T],
  ['ApplicationAccepted.v1', ACCEPTED_T],
  ['ApplicationNotAccepted.v1', NOT_ACCEPTED_T],
  ['SupplementRequested.v1', NO_FIGURE_APPLICATION_T],
  ['SupplementProvided.v1', NO_FIGURE_APPLICATION_T],
  ['TimeLimitExtended.v1', EXTENDED_T],
  ['TimeLimitSuspended.v1', SUSPENDED_T],
  ['TimeLimitResumed.v1', RESUMED_T],
  ['DecisionMade.v1', DECIDED_T],
  ['DecisionDisclosed.v1', DISCLOSED_T],
  ['DisclosureExempted.v1', EXEMPTED_T],
  ['CertificateIssued.v1', CERTIFICATE_T],
  ['ApplicationWithdrawn.v1', WITHDRAWN_T],
  ['OnSiteVisitRecorded.v1', NO_FIGURE_APPLICATION_T],
  ['RatingReceived.v1', RATING_T],
  ['BadRatingRectified.v1', BAD_RATING_RECTIFIED_T],
  ['ItemRegistered.v1', ITEM_T],
  ['ItemAmended.v1', ITEM_T],
  ['ItemRetired.v1', ITEM_T],
  ['InspectionPerformed.v1', INSPECTION_T],
  ['RectificationRecorded.v1', RECTIFICATION_RECORDED_T],
  ['RectificationUpdated.v1', RECTIFICATION_UPDATED_T],
  ['ComplaintLogged.v1', COMPLAINT_LOGGED_T],
  ['ComplaintResolved.v1', COMPLAINT_RESOLVED_T],
  ['AppealFiled.v1', APPEAL_FILED_T],
  ['AppealConcluded.v1', APPEAL_CONCLUDED_T],
  ['IndicatorReported.v1', INDICATOR_T],
] satisfies Array<[LedgerEvent['type'], number]>);

/** Deadline cache marker: the deadline cannot be computed. */
const UNKNOWN_DEADLINE = -1;
/** Cache key stride: acceptance day × 2^18 + limit + extension (each < 2^16). */
const DEADLINE_KEY_STRIDE = 262_144;

const EMPTY_COUNTERS = C.newCounters();

const validDays = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < INVALID_DAYS ? value : INVALID_DAYS;
const text = presentText;

/**
 * Derives the yearly implementation and supervision figures (江门市公安局 2020 report style) from
 * recorded events, for every agency and year at once, in one pass over the store.
 *
 * Events may arrive in any interleaving of streams (the store's global order is not business-time
 * order); each stream's own events must arrive in stream order. The figures depend only on the
 * set of events applied: every count is kept by the business year of the event that makes it,
 * and whatever depends on another stream (a complaint's department via an item or application)
 * is resolved when the figures are asked for. Pure: no clock, no I/O.
 */
export class YearlyFiguresAccumulator {
  readonly timeZone: string;
  private readonly calendar: WorkingDayCounter;
  private readonly clock: ZoneClock;
  private readonly agencyStates = new Map<string, AgencyState>();
  private applications = new ApplicationTable();
  private readonly departmentNames: string[] = [];
  private readonly departmentIndex = new Map<string, number>();
  private readonly itemCodes: string[] = [];
  private readonly itemIndex = new Map<string, number>();
  private readonly deadlines = new Map<number, number>();
  private lastAgencyName: string | undefined;
  private lastAgency: AgencyState | undefined;

  constructor(options: YearlyFiguresOptions) {
    this.calendar = options.calendar;
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.clock = new ZoneClock(this.timeZone);
    // Index 0, which applications start with until their filing names a department.
    this.internDepartment(UNASSIGNED_DEPARTMENT);
  }

  /** Folds one recorded event in. Events of unknown types are ignored (not even counted in `basedOn`). */
  apply(event: Recorded<LedgerEvent>): void {
    const type = TYPE_CODES.get(event.type);
    if (type === undefined) return;
    const ms = this.instantOfEvent(event);
    const agency = this.agencyState(event.metadata.agency);
    const day = this.clock.dayOf(ms);
    const year = yearOfDay(day);
    agency.events++;
    agency.lastPosition = laterPosition(agency.lastPosition, event.position);
    agency.activeYears.add(year);

    if (type < ITEM_T) this.applyApplicationEvent(type, event, agency, day, year);
    else if (type === ITEM_T) this.applyItemEvent(event as Recorded<ItemEvent>, agency);
    else if (type < INDICATOR_T) this.applySupervisionEvent(type, event, agency, ms, year);
    else this.applyIndicator(event as Recorded<Extract<LedgerEvent, { type: 'IndicatorReported.v1' }>>, agency);
  }

  /** The agency's figures for a year, without `asOf` and `previousYear`. A year without events gives zeros and null rates. */
  figures(agency: string, year: number): YearlyFigures {
    const state = this.agencyStates.get(agency);
    const data = state?.years.get(year);
    const items = itemsFigures(this.itemsInForceAtYearEnd(state, year).map(([, attributes]) => attributes));
    const sections = breakdownFigures(
      items,
      data?.total ?? EMPTY_COUNTERS,
      state ? this.pending(state, year, (d) => d.total) : 0,
      (data?.denials ?? []).map(toDeniedReason),
    );
    return {
      year,
      agency,
      basedOn: { events: state?.events ?? 0, lastPosition: state?.lastPosition ?? null },
      ...sections,
      indicators: this.indicatorsOf(state, year),
    };
  }

  /** The figures broken down by department: the application's department as filed, or a supervision fact's attribution. */
  departments(agency: string, year: number): Record<string, FiguresBreakdown> {
    const state = this.agencyStates.get(agency);
    if (state === undefined) return {};
    const data = state.years.get(year);
    const inForce = this.itemsInForceAtYearEnd(state, year);
    const counters = new Map<string, C.Counters>();
    const pending = new Map<string, number>();
    const denials = new Map<string, DeniedReason[]>();
    const names = new Set<string>(inForce.map(([, attributes]) => attributes.department));

    data?.byDepartment.forEach((values, index) => {
      if (values === undefined) return;
      counters.set(this.departmentNames[index], Float64Array.from(values));
      names.add(this.departmentNames[index]);
    });
    this.pendingBy(state, year, (d) => d.byDepartment).forEach((count, index) => {
      pending.set(this.departmentNames[index], count);
      names.add(this.departmentNames[index]);
    });
    for (const denial of data?.denials ?? [])
      push(denials, this.departmentNames[denial.department], toDeniedReason(denial));
    for (const fact of data?.facts ?? []) {
      const name = this.factDepartment(state, fact);
      names.add(name);
      countersOf(counters, name)[fact.counter] += fact.amount;
    }

    return sortedRecord(
      [...names].map((name): [string, FiguresBreakdown] => [
        name,
        breakdownFigures(
          itemsFigures(
            inForce.filter(([, attributes]) => attributes.department === name).map(([, attributes]) => attributes),
          ),
          counters.get(name) ?? EMPTY_COUNTERS,
          pending.get(name) ?? 0,
          denials.get(name) ?? [],
        ),
      ]),
    );
  }

  /**
   * The figures broken down by item code. Each item's `items` section describes that one item
   * at the year end (total 1 if in force, else 0). Supervision facts count under their item
   * code, else the item of their application; facts with neither are in no item.
   */
  items(agency: string, year: number): Record<string, FiguresBreakdown> {
    const state = this.agencyStates.get(agency);
    if (state === undefined) return {};
    const data = state.years.get(year);
    const inForce = new Map(this.itemsInForceAtYearEnd(state, year));
    const counters = new Map<string, C.Counters>();
    const pending = new Map<string, number>();
    const denials = new Map<string, DeniedReason[]>();
    const codes = new Set<string>(inForce.keys());

    data?.byItem.forEach((values, index) => {
      if (values === undefined) return;
      counters.set(this.itemCodes[index], Float64Array.from(values));
      codes.add(this.itemCodes[index]);
    });
    this.pendingBy(state, year, (d) => d.byItem).forEach((count, index) => {
      pending.set(this.itemCodes[index], count);
      codes.add(this.itemCodes[index]);
    });
    for (const denial of data?.denials ?? [])
      if (denial.item !== NO_ITEM) push(denials, this.itemCodes[denial.item], toDeniedReason(denial));
    for (const fact of data?.facts ?? []) {
      const code = this.factItem(state, fact);
      if (code === undefined) continue;
      codes.add(code);
      countersOf(counters, code)[fact.counter] += fact.amount;
    }

    return sortedRecord(
      [...codes].map((code): [string, FiguresBreakdown] => {
        const attributes = inForce.get(code);
        return [
          code,
          breakdownFigures(
            itemsFigures(attributes ? [attributes] : []),
            counters.get(code) ?? EMPTY_COUNTERS,
            pending.get(code) ?? 0,
            denials.get(code) ?? [],
          ),
        ];
      }),
    );
  }

  /** Agencies with any event applied, sorted. */
  agencies(): string[] {
    return [...this.agencyStates.keys()].sort();
  }

  /** Years (ascending) in which the agency has an event by business time, plus years indicators were reported for. */
  years(agency: string): number[] {
    const state = this.agencyStates.get(agency);
    return state ? [...state.activeYears].sort((a, b) => a - b) : [];
  }

  /**
   * The (agency, year) figure documents whose figures this event can change, ascending by year;
   * answers the same whether asked just before or just after applying the event. `basedOn`,
   * which every event of the agency moves, is left out of the reckoning, but the event's own
   * business year is always included. Unknown event types affect nothing.
   */
  affectedYears(event: Recorded<LedgerEvent>): AgencyYear[] {
    const type = TYPE_CODES.get(event.type);
    if (type === undefined) return [];
    const agencyName = event.metadata.agency;
    const state = this.agencyStates.get(agencyName);
    const year = yearOfDay(this.clock.dayOf(this.instantOfEvent(event)));
    const known = new Set(state?.activeYears ?? []);
    known.add(year);
    const affected = new Set<number>([year]);
    const fromYearOn = (first: number, endExclusive = Infinity) => {
      for (const y of known) if (y >= first && y < endExclusive) affected.add(y);
    };
    const addAll = (years: Set<number> | undefined) => years?.forEach((y) => affected.add(y));
    const data = event.data as {
      applicationId?: string;
      inspectionId?: string;
      code?: string;
      effectiveFrom?: string;
      year?: number;
    };
    const slot =
      typeof data.applicationId === 'string' ? this.applications.find(agencyName, data.applicationId) : undefined;

    switch (type) {
      case FILED_T:
        addAll(state?.factYearsByApplication.get(data.applicationId!));
        break;
      case ACCEPTED_T: {
        // Pending at every year end from acceptance until the decision or withdrawal, if any yet.
        const closed = slot !== undefined && (this.applications.flags[slot] & CLOSED) !== 0;
        fromYearOn(year, closed ? Math.max(year, this.applications.closeYear[slot!]) : Infinity);
        break;
      }
      case DECIDED_T:
      case WITHDRAWN_T:
        // No longer pending at the year ends from this one on.
        if (slot !== undefined && this.applications.flags[slot] & WAS_ACCEPTED) {
          fromYearOn(Math.max(year, yearOfDay(this.applications.acceptedDay[slot])));
        }
        break;
      case ITEM_T: {
        const from = typeof data.effectiveFrom === 'string' ? instantOf(data.effectiveFrom) : NaN;
        fromYearOn(from === from ? yearOfDay(this.clock.dayOf(from)) : -Infinity);
        addAll(state?.factYearsByItem.get(data.code!));
        break;
      }
      case INSPECTION_T:
        addAll(state?.factYearsByInspection.get(data.inspectionId!));
        break;
      case INDICATOR_T:
        if (typeof data.year === 'number') affected.add(data.year);
        break;
      default:
        break;
    }
    return [...affected].sort((a, b) => a - b).map((y) => ({ agency: agencyName, year: y }));
  }

  /** The whole state as plain JSON; `restore` it with the same calendar and time zone. */
  snapshot(): YearlyFiguresSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      timeZone: this.timeZone,
      departments: [...this.departmentNames],
      itemCodes: [...this.itemCodes],
      applications: this.applications.snapshot(),
      agencies: [...this.agencyStates.values()].map((state) => state.toJson()),
    };
  }

  /** Resumes from a `snapshot()`: applying the remaining events then equals applying all of them. */
  static restore(snapshot: unknown, options: YearlyFiguresOptions): YearlyFiguresAccumulator {
    const json = snapshot as YearlyFiguresSnapshot;
    if (
      json === null ||
      typeof json !== 'object' ||
      json.format !== SNAPSHOT_FORMAT ||
      json.departments?.[0] !== UNASSIGNED_DEPARTMENT
    ) {
      throw new TypeError(`not a yearly-figures snapshot (expected format ${SNAPSHOT_FORMAT})`);
    }
    const accumulator = new YearlyFiguresAccumulator(options);
    if (json.timeZone !== accumulator.timeZone) {
      throw new RangeError(`the snapshot counts in ${json.timeZone}, not ${accumulator.timeZone}; rebuild instead`);
    }
    // Index 0 is always the unassigned department, interned by the constructor.
    for (const name of json.departments.slice(1)) accumulator.internDepartment(name);
    for (const code of json.itemCodes) accumulator.internItem(code);
    accumulator.applications = ApplicationTable.restore(json.applications);
    for (const agency of json.agencies) accumulator.agencyStates.set(agency.name, AgencyState.fromJson(agency));
    return accumulator;
  }

  // ---- applying events ----

  private applyApplicationEvent(
    type: number,
    event: Recorded<LedgerEvent>,
    agency: AgencyState,
    day: number,
    year: number,
  ): void {
    const apps = this.applications;
    const data = event.data as { applicationId: string };
    const slot = apps.slotOf(agency.name, data.applicationId);
    const yd = agency.yearData(year);
    switch (type) {
      case FILED_T: {
        const filed = (event as Recorded<Extract<LedgerEvent, { type: 'ApplicationFiled.v1' }>>).data;
        apps.department[slot] = this.internDepartment(text(filed.department) ?? UNASSIGNED_DEPARTMENT);
        apps.item[slot] = typeof filed.itemCode === 'string' ? this.internItem(filed.itemCode) : NO_ITEM;
        apps.statutoryDays[slot] = validDays(filed.statutoryDays);
        apps.flags[slot] |= FILED | (filed.disclosable === true ? DISCLOSABLE : 0);
        this.bump(yd, slot, C.RECEIVED);
        return;
      }
      case ACCEPTED_T: {
        this.bump(yd, slot, C.ACCEPTED);
        const wasAccepted = (apps.flags[slot] & WAS_ACCEPTED) !== 0;
        apps.acceptedDay[slot] = standingAcceptance(wasAccepted ? apps.acceptedDay[slot] : undefined, day);
        if (wasAccepted) return;
        apps.flags[slot] |= WAS_ACCEPTED;
        this.bump(yd, slot, C.PENDING_IN);
        // Closed before being accepted (not possible through the deciders): never pending.
        if (apps.flags[slot] & CLOSED)
          this.bump(agency.yearData(Math.max(year, apps.closeYear[slot])), slot, C.PENDING_OUT);
        return;
      }
      case NOT_ACCEPTED_T:
        this.bump(yd, slot, C.NOT_ACCEPTED);
        return;
      case EXTENDED_T:
        // The timeline core's rule decides which extension stands.
        apps.extensionDays[slot] = standingExtension(
          apps.extensionDays[slot],
          validDays((data as { days?: unknown }).days),
        );
        return;
      case SUSPENDED_T:
        apps.suspensions.set(slot, suspendedAt(apps.suspensions.get(slot) ?? [], day));
        return;
      case RESUMED_T: {
        const periods = apps.suspensions.get(slot);
        if (periods !== undefined) apps.suspensions.set(slot, resumedAt(periods, day));
        return;
      }
      case DECIDED_T: {
        const decision = (event as Recorded<Extract<LedgerEvent, { type: 'DecisionMade.v1' }>>).data;
        this.bump(yd, slot, C.DECIDED);
        if (decision.outcome === 'granted') {
          this.bump(yd, slot, C.GRANTED);
          if (apps.flags[slot] & DISCLOSABLE) this.bump(yd, slot, C.GRANTED_DISCLOSABLE);
        } else if (decision.outcome === 'denied') {
          this.bump(yd, slot, C.DENIED);
          yd.denials.push({
            applicationId: decision.applicationId,
            reason: decision.reason ?? '',
            department: apps.department[slot],
            item: apps.item[slot],
          });
        }
        this.bump(yd, slot, this.timeliness(slot, day));
        this.close(agency, slot, year);
        return;
      }
      case WITHDRAWN_T:
        this.bump(yd, slot, C.WITHDRAWN);
        this.close(agency, slot, year);
        return;
      case DISCLOSED_T:
        this.bump(yd, slot, C.DISCLOSED);
        return;
      case EXEMPTED_T:
        this.bump(yd, slot, C.EXEMPT);
        return;
      case CERTIFICATE_T: {
        const certificate = (event as Recorded<Extract<LedgerEvent, { type: 'CertificateIssued.v1' }>>).data;
        if (certificate.form === 'electronic') this.bump(yd, slot, C.ELECTRONIC_CERTIFICATES);
        if (certificate.delivery === 'mail') this.bump(yd, slot, C.CERTIFICATES_MAILED);
        return;
      }
      case RATING_T: {
        const level = (event as Recorded<Extract<LedgerEvent, { type: 'RatingReceived.v1' }>>).data.level;
        if (level === 1 || level === 2 || level === 3 || level === 4 || level === 5)
          this.bump(yd, slot, C.RATING_1 + level - 1);
        return;
      }
      case BAD_RATING_RECTIFIED_T:
        this.bump(yd, slot, C.BAD_RATINGS_RECTIFIED);
        return;
      default:
        return; // supplements and on-site visits enter no figure
    }
  }

  /** Counts once for the agency, once for the application's department and once for its item. */
  private bump(yd: YearData, slot: number, counter: number): void {
    yd.total[counter]++;
    const department = this.applications.department[slot];
    (yd.byDepartment[department] ??= C.newCounters())[counter]++;
    const item = this.applications.item[slot];
    if (item !== NO_ITEM) (yd.byItem[item] ??= C.newCounters())[counter]++;
  }

  /**
   * Decided or withdrawn: no longer pending from this year's end on. The suspensions stay: a
   * decision recorded after a withdrawal (legacy data) is judged on the whole timeline, as the
   * checks and the replay judge it (few applications are ever suspended).
   */
  private close(agency: AgencyState, slot: number, year: number): void {
    const apps = this.applications;
    if (apps.flags[slot] & CLOSED) return;
    apps.flags[slot] |= CLOSED;
    apps.closeYear[slot] = year;
    if (apps.flags[slot] & WAS_ACCEPTED) {
      this.bump(agency.yearData(Math.max(year, yearOfDay(apps.acceptedDay[slot]))), slot, C.PENDING_OUT);
    }
  }

  /** ON_TIME, OVERDUE or DEADLINE_UNKNOWN for a decision made on `decidedDay`. */
  private timeliness(slot: number, decidedDay: number): number {
    const apps = this.applications;
    if (!(apps.flags[slot] & WAS_ACCEPTED)) return C.DEADLINE_UNKNOWN;
    const limit = apps.statutoryDays[slot];
    const extension = apps.extensionDays[slot];
    if (limit === INVALID_DAYS || extension === INVALID_DAYS) return C.DEADLINE_UNKNOWN;
    const acceptedDay = apps.acceptedDay[slot];
    const periods = apps.suspensions.get(slot);
    let deadline: number;
    if (periods === undefined) {
      // Without suspensions the deadline depends only on the acceptance day and limit + extension.
      const key = acceptedDay * DEADLINE_KEY_STRIDE + limit + extension;
      let cached = this.deadlines.get(key);
      if (cached === undefined) {
        cached = this.deadlineDay(acceptedDay, limit, extension, []);
        this.deadlines.set(key, cached);
      }
      deadline = cached;
    } else {
      const suspensions = periods.map((p): TimelinePeriod<string> =>
        p.to === undefined ? { from: dateOfDay(p.from) } : { from: dateOfDay(p.from), to: dateOfDay(p.to) },
      );
      deadline = this.deadlineDay(acceptedDay, limit, extension, suspensions);
    }
    if (deadline === UNKNOWN_DEADLINE)
      return this.provableTimeliness(acceptedDay, limit, extension, periods, decidedDay);
    // As `isOnTime`: the deadline day itself is on time.
    return decidedDay <= deadline ? C.ON_TIME : C.OVERDUE;
  }

  /** No deadline: the timeline core's judgement from the working days passed before the decision (rare, so uncached). */
  private provableTimeliness(
    acceptedDay: number,
    limitDays: number,
    extensionDays: number,
    periods: readonly { from: number; to?: number }[] | undefined,
    decidedDay: number,
  ): number {
    const suspensions = (periods ?? []).map((p): TimelinePeriod<string> =>
      p.to === undefined ? { from: dateOfDay(p.from) } : { from: dateOfDay(p.from), to: dateOfDay(p.to) },
    );
    const judged = decisionTimeliness(
      { acceptedOn: dateOfDay(acceptedDay), limitDays, extensionDays, suspensions },
      dateOfDay(decidedDay),
      this.calendar,
    );
    return judged === 'on-time' ? C.ON_TIME : judged === 'overdue' ? C.OVERDUE : C.DEADLINE_UNKNOWN;
  }

  /** The timeline core's deadline evaluation; a year missing from the calendar or malformed data gives UNKNOWN_DEADLINE. */
  private deadlineDay(
    acceptedDay: number,
    limitDays: number,
    extensionDays: number,
    suspensions: TimelinePeriod<string>[],
  ): number {
    const deadline = evaluateDeadline(
      { acceptedOn: dateOfDay(acceptedDay), limitDays, extensionDays, suspensions },
      this.calendar,
    );
    return deadline.status === 'known' ? dayOfDate(deadline.deadline) : UNKNOWN_DEADLINE;
  }

  private applyItemEvent(event: Recorded<ItemEvent>, agency: AgencyState): void {
    const code = event.data.code;
    if (typeof code !== 'string') return;
    this.internItem(code);
    agency.catalogue.set(code, itemDecider.evolve(agency.catalogue.get(code) ?? itemDecider.initialState(), event));
  }

  private applySupervisionEvent(
    type: number,
    event: Recorded<LedgerEvent>,
    agency: AgencyState,
    atMs: number,
    year: number,
  ): void {
    switch (type) {
      case INSPECTION_T: {
        const d = (event as Recorded<Extract<LedgerEvent, { type: 'InspectionPerformed.v1' }>>).data;
        const refs = definedRefs({ department: text(d.department), itemCode: text(d.itemCode) });
        agency.inspections.set(d.inspectionId, { atMs, ...refs });
        const counter =
          d.kind === 'external-supervision'
            ? C.EXTERNAL_SUPERVISION
            : d.kind === 'enforcement-inspection'
              ? C.ENFORCEMENT_INSPECTIONS
              : d.kind === 'case-file-review'
                ? C.CASE_FILES_REVIEWED
                : undefined;
        if (counter !== undefined) {
          const amount =
            counter === C.CASE_FILES_REVIEWED
              ? Number.isSafeInteger(d.filesReviewed) && d.filesReviewed > 0
                ? d.filesReviewed
                : 0
              : 1;
          agency.addFact(year, { counter, amount, atMs, ...refs });
        }
        if (d.rectificationRequired === true)
          agency.addFact(year, { counter: C.RECTIFICATIONS_REQUIRED, amount: 1, atMs, ...refs });
        return;
      }
      case COMPLAINT_LOGGED_T: {
        const d = (event as Recorded<Extract<LedgerEvent, { type: 'ComplaintLogged.v1' }>>).data;
        const refs = definedRefs({
          department: text(d.department),
          itemCode: text(d.itemCode),
          applicationId: text(d.applicationId),
        });
        agency.complaints.set(d.complaintId, { atMs, ...refs });
        agency.addFact(year, { counter: C.COMPLAINTS_RECEIVED, amount: 1, atMs, ...refs });
        return;
      }
      case COMPLAINT_RESOLVED_T: {
        const d = (event as Recorded<Extract<LedgerEvent, { type: 'ComplaintResolved.v1' }>>).data;
        // A resolution is attributed like its complaint (same department, catalogue read at the complaint's time).
        const complaint = agency.complaints.get(d.complaintId);
        agency.complaints.delete(d.complaintId);
        if (d.valid === true)
          agency.addFact(year, { counter: C.COMPLAINTS_VALID, amount: 1, ...(complaint ?? { atMs }) });
        return;
      }
      case APPEAL_FILED_T: {
        const d = (event as Recorded<Extract<LedgerEvent, { type: 'AppealFiled.v1' }>>).data;
        const counter =
          d.kind === 'reconsideration' ? C.RECONSIDERATIONS : d.kind === 'litigation' ? C.LITIGATIONS : undefined;
        if (counter === undefined) return;
        const refs = definedRefs({
          department: text(d.department),
          itemCode: text(d.itemCode),
          applicationId: text(d.applicationId),
        });
        agency.addFact(year, { counter, amount: 1, atMs, ...refs });
        return;
      }
      case RECTIFICATION_RECORDED_T: {
        const d = (event as Recorded<Extract<LedgerEvent, { type: 'RectificationRecorded.v1' }>>).data;
        const refs = definedRefs({ inspectionId: text(d.inspectionId) });
        const completed = d.status === 'completed';
        agency.rectifications.set(d.rectificationId, { completed, ...refs });
        if (completed) agency.addFact(year, { counter: C.RECTIFICATIONS_COMPLETED, amount: 1, atMs, ...refs });
        return;
      }
      case RECTIFICATION_UPDATED_T: {
        const d = (event as Recorded<Extract<LedgerEvent, { type: 'RectificationUpdated.v1' }>>).data;
        let rectification = agency.rectifications.get(d.rectificationId);
        if (rectification === undefined)
          agency.rectifications.set(d.rectificationId, (rectification = { completed: false }));
        if (d.status === 'completed' && !rectification.completed) {
          rectification.completed = true;
          agency.addFact(year, {
            counter: C.RECTIFICATIONS_COMPLETED,
            amount: 1,
            atMs,
            ...definedRefs({ inspectionId: rectification.inspectionId }),
          });
        }
        return;
      }
      default:
        return; // an appeal's conclusion enters no figure
    }
  }

  private applyIndicator(
    event: Recorded<Extract<LedgerEvent, { type: 'IndicatorReported.v1' }>>,
    agency: AgencyState,
  ): void {
    const { name, year, value, unit, source } = event.data;
    if (typeof name !== 'string' || !Number.isInteger(year)) return;
    agency.activeYears.add(year);
    const key = `${year}|${name}`;
    const previous = agency.indicators.get(key);
    // The latest report in the store's global order supersedes, whatever order they are applied in.
    if (previous !== undefined && comparePositions(event.position, previous.position) < 0) return;
    agency.indicators.set(key, { name, year, value, unit, source, position: event.position });
  }

  // ---- reading figures ----

  /** Items in force at the last instant of 31 December local, with their attributes then. */
  private itemsInForceAtYearEnd(state: AgencyState | undefined, year: number): Array<[string, ItemAttributes]> {
    if (state === undefined) return [];
    const lastInstant = this.clock.startOfYear(year + 1) - 1;
    const inForce: Array<[string, ItemAttributes]> = [];
    for (const [code, item] of state.catalogue) {
      const status = itemStatusOn(item, lastInstant);
      if (status.status === 'in-force') inForce.push([code, status.attributes]);
    }
    return inForce;
  }

  /** Accepted by the end of `year` and neither decided nor withdrawn by then. */
  private pending(state: AgencyState, year: number, countersOfYear: (data: YearData) => C.Counters): number {
    let pending = 0;
    for (const data of state.years.values()) {
      if (data.year > year) continue;
      const counters = countersOfYear(data);
      pending += counters[C.PENDING_IN] - counters[C.PENDING_OUT];
    }
    return pending;
  }

  /** Pending at the end of `year` per department or item index (non-zero only). */
  private pendingBy(
    state: AgencyState,
    year: number,
    listOfYear: (data: YearData) => Array<C.Counters | undefined>,
  ): Map<number, number> {
    const pending = new Map<number, number>();
    for (const data of state.years.values()) {
      if (data.year > year) continue;
      listOfYear(data).forEach((counters, index) => {
        if (counters === undefined) return;
        const delta = counters[C.PENDING_IN] - counters[C.PENDING_OUT];
        if (delta !== 0) pending.set(index, (pending.get(index) ?? 0) + delta);
      });
    }
    for (const [index, count] of pending) if (count === 0) pending.delete(index);
    return pending;
  }

  /** A supervision fact's department and item, by the timeline core's `attributeFact`. */
  private attribution(state: AgencyState, fact: SupervisionFact) {
    return attributeFact(fact, fact.atMs, this.attributionSources(state));
  }

  private factDepartment(state: AgencyState, fact: SupervisionFact): string {
    return this.attribution(state, fact).department;
  }

  private factItem(state: AgencyState, fact: SupervisionFact): string | undefined {
    return this.attribution(state, fact).itemCode;
  }

  /** The agency's catalogue, applications and inspections, as attribution looks them up. */
  private attributionSources(state: AgencyState): AttributionSources {
    const apps = this.applications;
    return {
      itemDepartmentAt: (code, atMs) => itemDepartmentAt(state.catalogue.get(code), atMs),
      application: (id) => {
        const slot = apps.find(state.name, id);
        if (slot === undefined) return undefined;
        const department =
          apps.flags[slot] & FILED && apps.department[slot] !== UNASSIGNED_INDEX
            ? this.departmentNames[apps.department[slot]]
            : undefined;
        const itemCode = apps.item[slot] !== NO_ITEM ? this.itemCodes[apps.item[slot]] : undefined;
        return { department, itemCode };
      },
      inspection: (id) => state.inspections.get(id),
    };
  }

  private indicatorsOf(state: AgencyState | undefined, year: number): IndicatorFigure[] {
    if (state === undefined) return [];
    return [...state.indicators.values()]
      .filter((indicator) => indicator.year === year)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(({ name, value, unit, source }) => ({ name, value, unit, source }));
  }

  // ---- plumbing ----

  private agencyState(name: string): AgencyState {
    if (name === this.lastAgencyName) return this.lastAgency!;
    let state = this.agencyStates.get(name);
    if (state === undefined) {
      state = new AgencyState(name);
      this.agencyStates.set(name, state);
    }
    this.lastAgencyName = name;
    this.lastAgency = state;
    return state;
  }

  private instantOfEvent(event: Recorded<LedgerEvent>): number {
    const at = event.at ?? event.metadata.businessTime;
    const ms = typeof at === 'string' ? instantOf(at) : NaN;
    if (ms !== ms)
      throw new RangeError(
        `event ${event.eventId} (${event.type}) has no readable business time: ${JSON.stringify(at)}`,
      );
    return ms;
  }

  private internDepartment(name: string): number {
    let index = this.departmentIndex.get(name);
    if (index === undefined) {
      index = this.departmentNames.length;
      this.departmentNames.push(name);
      this.departmentIndex.set(name, index);
    }
    return index;
  }

  private internItem(code: string): number {
    let index = this.itemIndex.get(code);
    if (index === undefined) {
      index = this.itemCodes.length;
      this.itemCodes.push(code);
      this.itemIndex.set(code, index);
    }
    return index;
  }
}

function toDeniedReason(denial: Denial): DeniedReason {
  return { applicationId: denial.applicationId, reason: denial.reason };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function countersOf(map: Map<string, C.Counters>, key: string): C.Counters {
  let counters = map.get(key);
  if (counters === undefined) map.set(key, (counters = C.newCounters()));
  return counters;
}

/** Only the references that are present, so facts carry no `undefined` fields. */
function definedRefs<T extends Record<string, string | undefined>>(refs: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(refs) as (keyof T)[]) if (refs[key] !== undefined) out[key] = refs[key];
  return out;
}
