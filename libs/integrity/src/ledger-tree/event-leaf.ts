import type { RecordedEvent } from '@ledger/event-store';
import { canonicalJson } from '../canonical/canonical-json';
import { hashLeafText } from '../merkle/merkle-hash';

/**
 * What a leaf commits to: the event exactly as the store returns it (personal data sealed, as
 * stored), without its store position, which differs between stores for the same history.
 */
export interface LeafEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

export function leafEventOf(event: LeafEvent): LeafEvent {
  return { eventId: event.eventId, type: event.type, streamId: event.streamId, revision: event.revision, data: event.data, metadata: event.metadata };
}

/** The leaf input: RFC 8785 canonical JSON of {@link LeafEvent}. */
export function leafInputOf(event: LeafEvent | RecordedEvent): string {
  return canonicalJson(leafEventOf(event));
}

/** SHA-256(0x00 || canonical JSON): the event's leaf hash (RFC 9162 §2.1.1). */
export function leafHashOf(event: LeafEvent | RecordedEvent): Buffer {
  return hashLeafText(leafInputOf(event));
}
