import { Inject, Injectable } from '@nestjs/common';
import {
  ItemEvent,
  assertNever,
  ItemOnFilingDate,
  ItemState,
  itemDecider,
  itemStatusOn,
  recordStreamId,
} from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { fromStoredEvent } from '@ledger/kernel';
import { KeptStreamFolds } from '../recording/kept-stream-folds';

/**
 * Reads the catalogue from the items' own streams, for rules that look across streams. Each
 * read sees every event recorded on the item before it (amendments and retirements by other
 * processes too); only the events it has not folded yet are read.
 */
@Injectable()
export class ItemCatalogue {
  private readonly items: KeptStreamFolds<ItemState>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.items = new KeptStreamFolds(store, {
      initialState: itemDecider.initialState,
      evolve: (state, stored) => itemDecider.evolve(state, fromStoredEvent(stored) as unknown as ItemEvent),
    });
  }

  stateOf(agency: string, code: string): Promise<ItemState> {
    return this.items.current(recordStreamId('item', agency, code));
  }

  /** What the application decider needs to know of the item on the filing date. */
  async onFilingDate(agency: string, code: string, filedAt: string): Promise<ItemOnFilingDate> {
    const state = await this.stateOf(agency, code);
    if (state.status === 'unregistered') return { status: 'unknown' };
    const status = itemStatusOn(state, Date.parse(filedAt));
    switch (status.status) {
      case 'unregistered':
        return { status: 'unknown' };
      case 'not-yet-effective':
        return { status: 'not-yet-effective', effectiveFrom: status.effectiveFrom };
      case 'retired':
        return { status: 'retired', retiredFrom: status.retiredFrom };
      case 'in-force':
        return { status: 'in-force', attributes: status.attributes };
      default:
        return assertNever(status, 'item status');
    }
  }
}
