/**
 * Which (agency, year) figure documents an event can change, so a read model refreshes those
 * and no others. Answers the same whether asked just before or just after applying the event.
 */
import { ItemEvent, LedgerEvent, Recorded } from '@ledger/domain';
import { SomeEventHandlers, dispatchEvent } from '@ledger/kernel';
import { AgencyState } from './agency-state';
import { CLOSED, WAS_ACCEPTED } from './application-table';
import { instantOfEvent, isCounted } from './figure-counting';
import { FiguresState } from './figures-state';
import { AgencyYear } from './figures.types';
import { instantOf, yearOfDay } from './local-time';
import { FACT_CODE } from './licence-records';

/** The years an event affects, gathered as its type's rule adds them. */
class AffectedYears {
  readonly years: Set<number>;
  private readonly known: Set<number>;

  constructor(
    readonly figures: FiguresState,
    readonly state: AgencyState | undefined,
    readonly year: number,
  ) {
    this.years = new Set([year]);
    this.known = new Set(state?.activeYears ?? []);
    this.known.add(year);
  }

  /** Every year with events from `first` on (before `endExclusive`). */
  fromYearOn(first: number, endExclusive = Infinity): void {
    for (const y of this.known) if (y >= first && y < endExclusive) this.years.add(y);
  }

  addAll(years: Set<number> | undefined): void {
    years?.forEach((y) => this.years.add(y));
  }
}

type Rules = SomeEventHandlers<AffectedYears>;

function itemRule(event: Recorded<ItemEvent>, affected: AffectedYears): void {
  const { effectiveFrom, code } = event.data;
  const from = typeof effectiveFrom === 'string' ? instantOf(effectiveFrom) : NaN;
  // The items in force at every year end from the change on; the facts attributed through the item.
  affected.fromYearOn(from === from ? yearOfDay(affected.figures.clock.dayOf(from)) : -Infinity);
  affected.addAll(affected.state?.factYearsByItem.get(code));
}

/** Beyond its own business year, the years each type's event reaches; types not listed reach no other. */
const RULES: Rules = {
  'ApplicationFiled.v1': ({ data }, affected) =>
    // The department and item of the facts naming the application.
    affected.addAll(affected.state?.factYearsByApplication.get(data.applicationId)),
  'ApplicationAccepted.v1': ({ data, metadata }, affected) => {
    const apps = affected.figures.applications;
    // Pending at every year end from acceptance until the decision or withdrawal, if any yet.
    const slot = apps.find(metadata.agency, data.applicationId);
    const closed = slot !== undefined && (apps.flags[slot] & CLOSED) !== 0;
    affected.fromYearOn(affected.year, closed ? Math.max(affected.year, apps.closeYear[slot]) : Infinity);
  },
  'DecisionMade.v1': (event, affected) => noLongerPending(event.metadata.agency, event.data, affected),
  'ApplicationWithdrawn.v1': (event, affected) => noLongerPending(event.metadata.agency, event.data, affected),
  'ItemRegistered.v1': itemRule,
  'ItemAmended.v1': itemRule,
  'ItemRetired.v1': itemRule,
  'InspectionPerformed.v1': ({ data }, affected) =>
    affected.addAll(affected.state?.factYearsByInspection.get(data.inspectionId)),
  // A licence's validity and ending change the licences in force at every year end from its grant on.
  'LicenceGranted.v1': (_event, affected) => affected.fromYearOn(affected.year),
  'LicenceRenewalDecided.v1': (event, affected) => fromLicenceGrantOn(event.data.licenceId, affected),
  'LicenceDeemedRenewed.v1': (event, affected) => fromLicenceGrantOn(event.data.licenceId, affected),
  'LicenceWithdrawn.v1': (event, affected) => fromLicenceGrantOn(event.data.licenceId, affected),
  'LicenceRevoked.v1': (event, affected) => fromLicenceGrantOn(event.data.licenceId, affected),
  'LicenceCancelled.v1': (event, affected) => fromLicenceGrantOn(event.data.licenceId, affected),
  'IndicatorReported.v1': ({ data }, affected) => {
    if (typeof data.year === 'number') affected.years.add(data.year);
  },
};

/** Every year from the licence's grant (or this event's year, if the grant was not seen) on. */
function fromLicenceGrantOn(licenceId: string, affected: AffectedYears): void {
  const record = affected.state?.licences.get(licenceId);
  const granted = record?.facts.find(([code]) => code === FACT_CODE.granted);
  affected.fromYearOn(Math.min(affected.year, granted === undefined ? affected.year : yearOfDay(granted[1])));
}

/** Decided or withdrawn: no longer pending at the year ends from this one on. */
function noLongerPending(agency: string, data: { readonly applicationId: string }, affected: AffectedYears): void {
  const apps = affected.figures.applications;
  const slot = typeof data.applicationId === 'string' ? apps.find(agency, data.applicationId) : undefined;
  if (slot !== undefined && apps.flags[slot] & WAS_ACCEPTED)
    affected.fromYearOn(Math.max(affected.year, yearOfDay(apps.acceptedDay[slot])));
}

/**
 * The (agency, year) figure documents whose figures this event can change, ascending by year.
 * `basedOn`, which every event of the agency moves, is left out of the reckoning, but the
 * event's own business year is always included. Events of types the figures do not read affect nothing.
 */
export function affectedYearsOf(figures: FiguresState, event: Recorded<LedgerEvent>): AgencyYear[] {
  if (!isCounted(event.type)) return [];
  const agency = event.metadata.agency;
  const year = yearOfDay(figures.clock.dayOf(instantOfEvent(event)));
  const affected = new AffectedYears(figures, figures.agencies.get(agency), year);
  dispatchEvent(RULES, event, affected);
  return [...affected.years].sort((a, b) => a - b).map((y) => ({ agency, year: y }));
}
