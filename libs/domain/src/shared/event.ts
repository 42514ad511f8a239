/**
 * Events are readonly discriminated unions. The `type` string is a persisted contract: it is
 * versioned (`.v1`) and never derived from a class name.
 */
export interface EventMetadata {
  /** The licensing agency whose fact this is (e.g. `jiangmen-psb`). */
  readonly agency: string;
  /** On whose behalf it was recorded: a clerk's id or an upstream system's name. */
  readonly actor: string;
  /**
   * Who recorded it: the authenticated credential (`api-key:<key id>`, `jwt:<issuer>:<subject>`,
   * `cli:<os user>`, `demo`), whatever the body claimed as `actor`. Absent on events recorded
   * before the ledger kept it.
   */
  readonly principal?: string;
  /** When it happened (ISO-8601 with offset, as the client said). Figures count by this. */
  readonly businessTime: string;
  /** When the ledger recorded it (ISO-8601, UTC, stamped by the server). As-of queries filter by this. */
  readonly ledgerTime: string;
  /** Groups every event caused by one request or one import. */
  readonly correlationId: string;
  /** The event or request that caused this one. */
  readonly causationId: string;
  /** Present when the command carried an Idempotency-Key; a retry with it returns the first result. */
  readonly idempotencyKey?: string;
  /** Digest of the command that produced the event, to refuse a reused key with another body. */
  readonly commandDigest?: string;
}

export interface Event<Type extends string, Data> {
  readonly type: Type;
  readonly data: Readonly<Data>;
  /** Business time: when it happened, ISO-8601 with offset. Stored as `metadata.businessTime`. */
  readonly at: string;
}

/** An event as the domain sees it once recorded: with its metadata and place in its stream. */
export type Recorded<E extends { type: string; data: unknown; at: string }> = E & {
  readonly metadata: EventMetadata;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  /** Global position in the store's order, as the store writes it. */
  readonly position: string;
};

/** Ends every `switch` over a union: the compiler proves no case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * Who recorded an event and on whose behalf, the one reading every reader shows (replay, trails,
 * exports, audit): the principal when the ledger kept it, else only the actor (older events).
 */
export interface Authorship {
  /** The credential that recorded it; null for events recorded before the ledger kept it. */
  readonly recordedBy: string | null;
  /** The actor it was recorded for (the principal's own name unless it relayed for someone). */
  readonly onBehalfOf: string;
}

export function authorshipOf(metadata: { readonly actor?: unknown; readonly principal?: unknown }): Authorship {
  return {
    recordedBy: typeof metadata.principal === 'string' && metadata.principal !== '' ? metadata.principal : null,
    onBehalfOf: typeof metadata.actor === 'string' ? metadata.actor : '',
  };
}

/** `by <principal>, on behalf of <actor>` (or `by <actor>` for an event without principal), for text output. */
export function authorshipText(metadata: { readonly actor?: unknown; readonly principal?: unknown }): string {
  const { recordedBy, onBehalfOf } = authorshipOf(metadata);
  return recordedBy ? `by ${recordedBy}, on behalf of ${onBehalfOf}` : `by ${onBehalfOf}`;
}

/** Who records an event: the actor's name alone (older callers, tools), or with the credential. */
export type Author = string | { readonly actor: string; readonly principal?: string };

/** The `actor` and `principal` metadata of an author, for writers outside the command path. */
export function authorMetadata(author: Author): Pick<EventMetadata, 'actor' | 'principal'> {
  if (typeof author === 'string') return { actor: author };
  return author.principal ? { actor: author.actor, principal: author.principal } : { actor: author.actor };
}
