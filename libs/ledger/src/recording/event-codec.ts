import { EventMetadata, LedgerEvent, Recorded } from '@ledger/domain';
import { JsonObject, NewEvent, RecordedEvent, positionToString } from '@ledger/event-store';

/**
 * Maps domain events to stored events and back. The business time travels in the metadata,
 * next to the ledger time, actor and ids every event carries.
 */
export function toStoredEvent(event: Pick<LedgerEvent, 'type' | 'data' | 'at'> | { readonly type: string; readonly data: object; readonly at: string }, eventId: string, metadata: Omit<EventMetadata, 'businessTime'>): NewEvent {
  return {
    eventId,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { ...metadata, businessTime: event.at } as unknown as JsonObject,
  };
}

export function fromStoredEvent(stored: RecordedEvent): Recorded<LedgerEvent> {
  const metadata = stored.metadata as unknown as EventMetadata;
  return {
    type: stored.type,
    data: stored.data,
    at: metadata.businessTime,
    metadata,
    streamId: stored.streamId,
    revision: stored.revision,
    eventId: stored.eventId,
    position: positionToString(stored.position),
  } as Recorded<LedgerEvent>;
}
