import { createHash, randomUUID } from 'node:crypto';

/** Who asks, on whose behalf, and how a retry is recognised: everything a command carries besides its body. */
export interface CommandMetadata {
  readonly agency: string;
  readonly actor: string;
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

/**
 * Event ids derived from the idempotency key: a retry produces the same ids, so even a store
 * that only deduplicates by id (KurrentDB) records nothing twice.
 */
export function eventIdFor(streamId: string, idempotencyKey: string | undefined, index: number): string {
  if (!idempotencyKey) return randomUUID();
  const h = createHash('sha256').update(`${streamId}\n${idempotencyKey}\n${index}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5-style (name-based)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A generated entity id for creating commands that name none; derived from the key so that a retry creates nothing new. */
export function entityIdFor(kind: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? eventIdFor(kind, idempotencyKey, 0) : randomUUID();
}
