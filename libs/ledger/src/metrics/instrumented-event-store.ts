import { AppendResult, EventStore, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import { Counter } from 'prom-client';
import { StorageHealth } from '../storage/storage-health';

/**
 * Wraps the configured store to count appended events by type and outcome, and to tell
 * {@link StorageHealth} whether writes succeed, without touching the adapters.
 */
export function instrumentEventStore(
  store: EventStore,
  appends: Counter<'event_type' | 'outcome'>,
  health?: StorageHealth,
): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (
        streamId: string,
        events: readonly NewEvent[],
        options?: { expectedRevision?: ExpectedRevision },
      ): Promise<AppendResult> => {
        try {
          const result = await target.appendToStream(streamId, events, options);
          health?.succeeded();
          for (const e of events)
            appends.inc({ event_type: e.type, outcome: result.duplicate ? 'duplicate' : 'stored' });
          return result;
        } catch (error) {
          const full = health?.failed(error) ?? false;
          const outcome =
            error instanceof WrongExpectedRevisionError ? 'wrong_expected_revision' : full ? 'storage_full' : 'failed';
          for (const e of events) appends.inc({ event_type: e.type, outcome });
          throw error;
        }
      };
    },
  });
}
