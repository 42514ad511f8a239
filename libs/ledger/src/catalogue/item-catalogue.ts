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

/** Reads the catalogue from the items' own streams, for rules that look across streams. */
@Injectable()
export class ItemCatalogue {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async stateOf(agency: string, code: string): Promise<ItemState> {
    let state = itemDecider.initialState();
    for await (const stored of this.store.readStream(recordStreamId('item', agency, code))) {
      state = itemDecider.evolve(state, fromStoredEvent(stored) as unknown as ItemEvent);
    }
    return state;
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
