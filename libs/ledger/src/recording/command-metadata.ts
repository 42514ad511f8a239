import { createHash, randomUUID } from 'node:crypto';

/** Who asks, on whose behalf, and how a retry is recognised: everything a command carries besides its body. */
export interface CommandMetadata {
  readonly agency: string;
  readonly actor: string;
  /** The credential that sent the command (see `EventMetadata.principal`); recorded beside `actor`. */
  readonly principal?: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** From the `Idempotency-Key` header (HTTP) or the line's key (import). */
  readonly idempotencyKey?: string;
}

/** What every command returns: the contract's `{ id, streamId, revision, position, eventIds }`. */
export interface CommandResult {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: string | null;
  readonly eventIds: string[];
  /** True when an idempotent retry returned the first result and recorded nothing. */
  readonly replayed: boolean;
}

export function newCorrelationId(): string {
  return randomUUID();
}

/** Stable JSON: keys sorted, so that equal commands have equal digests whatever the key order. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

export function commandDigest(command: unknown): string {
  return createHash('sha256').update(stableJson(command)).digest('base64url');
}

/** What makes a command's retry recognisable: its idempotency key and the digest of its body. */
export interface RetryIdentity {
  readonly idempotencyKey: string;
  readonly commandDigest: string;
}

/**
 * Event ids of a command with an idempotency key, derived from the key *and* the command's
 * digest: a retry of the same command produces the same ids, so even a store that only
 * deduplicates by id (KurrentDB) records nothing twice; a request that reuses the key with
 * another body produces other ids. With the key alone, two such requests decided on the same
 * revision (sent concurrently, or the second after an unknown outcome) would send the same ids
 * after the same expected revision, and KurrentDB would answer the second as an idempotent
 * retry of the first, exactly like a write (see the port's `AppendResult.duplicate`): a body it
 * never stored would be acknowledged. With other ids the second is refused for its expected
 * revision, decided again, and refused as IDEMPOTENCY.KEY_REUSED. Without a key, random ids.
 */
export function eventIdFor(streamId: string, retry: RetryIdentity | undefined, index: number): string {
  if (!retry) return randomUUID();
  return nameBasedUuid(`${streamId}\n${retry.idempotencyKey}\n${retry.commandDigest}\n${index}`);
}

/**
 * The id of an event a stream can hold only once (a subject's erasure), named by `name`:
 * a retry sends the same id. Derived as ids were before the digest was added, so that such
 * events already stored keep being recognised.
 */
export function fixedEventId(streamId: string, name: string, index: number): string {
  return nameBasedUuid(`${streamId}\n${name}\n${index}`);
}

/**
 * A generated entity id for creating commands that name none; derived from the key alone so
 * that a retry creates nothing new, and a reuse of the key with another body lands on the same
 * stream, where the executor refuses it as IDEMPOTENCY.KEY_REUSED.
 */
export function entityIdFor(kind: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? fixedEventId(kind, idempotencyKey, 0) : randomUUID();
}

/** A UUID named by `name` (SHA-256, version 5 layout): equal names, equal ids. */
function nameBasedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5-style (name-based)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
