import { AppendResult, EventStore, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { Counter } from 'prom-client';

/** Wraps the configured store to count appended events by type and outcome, without touching the adapters. */
export function instrumentEventStore(store: EventStore, appends: Counter<'event_type' | 'outcome'>): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (streamId: string, events: readonly NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult> => {
        try {
          const result = await target.appendToStream(streamId, events, options);
          for (const e of events) appends.inc({ event_type: e.type, outcome: result.duplicate ? 'duplicate' : 'stored' });
          return result;
        } catch (error) {
          const outcome = error instanceof WrongExpectedRevisionError ? 'wrong_expected_revision' : 'failed';
          for (const e of events) appends.inc({ event_type: e.type, outcome });
          throw error;
        }
      };
    },
  });
}
