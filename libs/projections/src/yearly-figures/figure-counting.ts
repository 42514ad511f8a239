import { LedgerEvent, LedgerEventType, Recorded, isLedgerEventType } from '@ledger/domain';
import { SomeEventHandlers, dispatchEvent } from '@ledger/kernel';
import { APPLICATION_COUNTING } from './application-counting';
import { CATALOGUE_COUNTING } from './catalogue-counting';
import type { Counting } from './figure-handlers.types';
import type { FiguresState } from './figures-state';
import { instantOf, yearOfDay } from './local-time';
import { laterPosition } from './positions';
import { LICENCE_COUNTING } from './licence-counting';
import { SUPERVISION_COUNTING } from './supervision-counting';

/** One counting handler per licensing fact's type the figures read, by concern. */
const FIGURE_COUNTING = {
  ...APPLICATION_COUNTING,
  ...SUPERVISION_COUNTING,
  ...CATALOGUE_COUNTING,
  ...LICENCE_COUNTING,
} as const;

/**
 * The licensing facts the figures do not read yet, treated like types of another release: not
 * counted, not even in `basedOn`. Typed so that every type is either here or handled above: a
 * new event type does not compile until its place in the figures is decided.
 */
const NOT_COUNTED: Readonly<Record<Exclude<LedgerEventType, keyof typeof FIGURE_COUNTING>, true>> = {
  // A correction counts nothing of its own: the readers merge it into the fact it names before
  // the figures see that fact (`foldCorrectedLedger`, the projection runner's refold).
  'FactCorrected.v1': true,
};

const HANDLERS: SomeEventHandlers<Counting> = FIGURE_COUNTING;

/** Whether the figures read events of this type (others change no figure and affect no year). */
export function isCounted(type: string): boolean {
  return isLedgerEventType(type) && !Object.prototype.hasOwnProperty.call(NOT_COUNTED, type);
}

/** Folds one recorded event into the figures. Events of other types are ignored (not even counted in `basedOn`). */
export function countEvent(figures: FiguresState, event: Recorded<LedgerEvent>): void {
  if (!isCounted(event.type)) return;
  const ms = instantOfEvent(event);
  const agency = figures.agency(event.metadata.agency);
  const day = figures.clock.dayOf(ms);
  const year = yearOfDay(day);
  agency.events++;
  agency.lastPosition = laterPosition(agency.lastPosition, event.position);
  agency.activeYears.add(year);
  dispatchEvent(HANDLERS, event, { figures, agency, ms, day, year });
}

/** The event's business time in epoch ms; an event without one cannot be counted in any year. */
export function instantOfEvent(event: Recorded<LedgerEvent>): number {
  const at = event.at ?? event.metadata.businessTime;
  const ms = typeof at === 'string' ? instantOf(at) : NaN;
  if (ms !== ms)
    throw new RangeError(`event ${event.eventId} (${event.type}) has no readable business time: ${JSON.stringify(at)}`);
  return ms;
}
