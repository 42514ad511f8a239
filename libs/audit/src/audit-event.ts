import { LedgerEvent, Recorded, authorshipOf } from '@ledger/domain';

/**
 * One event as an audit shows it: where it stands in the ledger, when it happened and was
 * recorded, who recorded it, and its data as given (the caller has already withheld the
 * personal data). The idempotency key and command digest are left out: they say nothing about
 * the licensing fact.
 */
export interface AuditEvent {
  readonly position: string;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  /** Business time: when it happened, as the client said. */
  readonly at: string;
  /** When the ledger recorded it (UTC). */
  readonly ledgerTime: string;
  readonly agency: string;
  /** On whose behalf it was recorded. */
  readonly actor: string;
  /** The credential that recorded it (`metadata.principal`); null for events recorded before the ledger kept it. */
  readonly principal: string | null;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Where an event stands, to cite it as evidence behind a finding. */
export interface EventRef {
  readonly streamId: string;
  readonly revision: number;
  readonly position: string;
  readonly type: string;
  readonly at: string;
}

export function auditEventOf(event: Recorded<LedgerEvent>): AuditEvent {
  const m = event.metadata;
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    at: event.at,
    ledgerTime: m.ledgerTime,
    agency: m.agency,
    actor: m.actor,
    principal: authorshipOf(m).recordedBy,
    correlationId: m.correlationId,
    causationId: m.causationId,
    data: event.data as Readonly<Record<string, unknown>>,
  };
}

export function refOf(
  event: Pick<Recorded<LedgerEvent>, 'streamId' | 'revision' | 'position' | 'type' | 'at'>,
): EventRef {
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    type: event.type,
    at: event.at,
  };
}
