/**
 * The catalogue and indicator events: an item's timeline kept per agency (the figures read the
 * items in force at each year end, and attribution reads an item's department at a fact's
 * time), and the latest report of each indicator.
 */
import { ItemEvent, Recorded, itemDecider } from '@ledger/domain';
import type { Counting, CountingHandlers } from './figure-handlers.types';
import { comparePositions } from './positions';

function foldItem(event: Recorded<ItemEvent>, { figures, agency }: Counting): void {
  const code = event.data.code;
  if (typeof code !== 'string') return;
  figures.items.intern(code);
  agency.catalogue.set(code, itemDecider.evolve(agency.catalogue.get(code) ?? itemDecider.initialState(), event));
}

export const CATALOGUE_COUNTING: CountingHandlers<ItemEvent['type'] | 'IndicatorReported.v1'> = {
  'ItemRegistered.v1': foldItem,
  'ItemAmended.v1': foldItem,
  'ItemRetired.v1': foldItem,
  'IndicatorReported.v1': ({ data: { name, year, value, unit, source }, position }, { agency }) => {
    if (typeof name !== 'string' || !Number.isInteger(year)) return;
    agency.activeYears.add(year);
    const key = `${year}|${name}`;
    const previous = agency.indicators.get(key);
    // The latest report in the store's global order supersedes, whatever order they are applied in.
    if (previous !== undefined && comparePositions(position, previous.position) < 0) return;
    agency.indicators.set(key, { name, year, value, unit, source, position });
  },
};
