import type { RecordedEvent } from '@ledger/event-store';
import { canonicalJsonOrFallback } from '../canonical/canonical-json';
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

/** How a leaf's input was written: RFC 8785, or the documented fallback for what RFC 8785 cannot express. */
export type LeafEncoding = 'rfc8785' | 'fallback-escaped-surrogates';

export interface LeafInput {
  readonly text: string;
  readonly encoding: LeafEncoding;
  /** Why the fallback was needed (absent for RFC 8785). */
  readonly reason?: string;
}

export function leafEventOf(event: LeafEvent): LeafEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    data: event.data,
    metadata: event.metadata,
  };
}

/**
 * The leaf input: RFC 8785 canonical JSON of {@link LeafEvent}; for an event already stored that
 * RFC 8785 cannot express (a lone surrogate: legacy data, a migration), the fallback
 * {@link canonicalJsonWithEscapedSurrogates}, so that one such event never stops checkpoints,
 * verify or exports. The validators keep new events out of the fallback.
 */
export function leafInputOf(event: LeafEvent | RecordedEvent): LeafInput {
  const { text, fallback } = canonicalJsonOrFallback(leafEventOf(event));
  return fallback === undefined
    ? { text, encoding: 'rfc8785' }
    : { text, encoding: 'fallback-escaped-surrogates', reason: fallback };
}

/** SHA-256(0x00 || leaf input): the event's leaf hash (RFC 9162 §2.1.1). */
export function leafHashOf(event: LeafEvent | RecordedEvent): Buffer {
  return hashLeafText(leafInputOf(event).text);
}

/** The leaf hash and whether the event needed the fallback encoding. */
export function leafOf(event: LeafEvent | RecordedEvent): { readonly hash: Buffer; readonly fallback: boolean } {
  const input = leafInputOf(event);
  return { hash: hashLeafText(input.text), fallback: input.encoding !== 'rfc8785' };
}
