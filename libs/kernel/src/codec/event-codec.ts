import { EventMetadata, LedgerEvent, Recorded, isLedgerEventType } from '@ledger/domain';
import { JsonObject, NewEvent, RecordedEvent, positionToString } from '@ledger/event-store';
import { LEDGER_UPCASTERS, UpcasterRegistry } from './upcasters';

/**
 * Maps domain events to stored events and back. The business time travels in the metadata,
 * next to the ledger time, actor and ids every event carries.
 */
export function toStoredEvent(
  event:
    Pick<LedgerEvent, 'type' | 'data' | 'at'> | { readonly type: string; readonly data: object; readonly at: string },
  eventId: string,
  metadata: Omit<EventMetadata, 'businessTime'>,
): NewEvent {
  return {
    eventId,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { ...metadata, businessTime: event.at } as unknown as JsonObject,
  };
}

/** A stored event that is not a licensing fact the read side knows, passed through as stored. */
export interface UnknownEvent {
  readonly type: string;
  readonly data: unknown;
  readonly at: string;
}

/**
 * A stored event decoded once, at the boundary: a licensing fact in its current version, or an
 * event of another type (access-log entries, report texts, a type from a newer release) that a
 * reader skips or passes on knowingly, never by accident.
 */
export type DecodedEvent =
  | { readonly kind: 'fact'; readonly event: Recorded<LedgerEvent> }
  | { readonly kind: 'unknown'; readonly event: Recorded<UnknownEvent>; readonly reason: string };

/**
 * Decodes a stored event: upcasts it to its current version, then recognises it as a licensing
 * fact by its type. Tolerant: a fact's fields are not validated here (legacy imports may lack
 * any of them; each reader judges what it needs), but data that is not an object, or metadata
 * without an agency, is not a fact.
 */
export function decodeStoredEvent(stored: RecordedEvent, upcasters: UpcasterRegistry = LEDGER_UPCASTERS): DecodedEvent {
  const metadata = stored.metadata as unknown as EventMetadata;
  const { type, data } = upcasters.upcast(stored.type, stored.data);
  const event = {
    type,
    data,
    at: metadata.businessTime,
    metadata,
    streamId: stored.streamId,
    revision: stored.revision,
    eventId: stored.eventId,
    position: positionToString(stored.position),
  };
  const reason = !isLedgerEventType(type)
    ? `${type} is not a licensing fact of this version`
    : data === null || typeof data !== 'object' || Array.isArray(data)
      ? `${type} has no data object`
      : typeof metadata?.agency !== 'string'
        ? `${type} names no agency`
        : undefined;
  // The checks above are what make it a fact; the type system cannot follow them through `data`.
  return reason === undefined
    ? { kind: 'fact', event: event as Recorded<LedgerEvent> }
    : { kind: 'unknown', event, reason };
}

/**
 * The licensing facts of a stream of stored events, in order; the rest skipped. For readers that
 * read facts only (figures, checks, series); those that show every event decode themselves.
 */
export function factOf(stored: RecordedEvent, upcasters?: UpcasterRegistry): Recorded<LedgerEvent> | undefined {
  const decoded = decodeStoredEvent(stored, upcasters);
  return decoded.kind === 'fact' ? decoded.event : undefined;
}

/**
 * The write side's reading of its own streams (deciders fold what they wrote): decoded and
 * upcast like every read, but an event of another type is handed on as is, for the decider's
 * `evolve` to ignore.
 */
export function fromStoredEvent(stored: RecordedEvent): Recorded<LedgerEvent> {
  return decodeStoredEvent(stored).event as Recorded<LedgerEvent>;
}
