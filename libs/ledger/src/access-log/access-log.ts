import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessEvent, ValidationError, accessLogStreamId } from '@ledger/domain';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { CLOCK, Clock } from '../config/clock';
import { freeTextProblem } from '../commands/text-rules';
import { toStoredEvent } from '@ledger/kernel';

export interface AccessRecord {
  readonly agency: string;
  readonly actor: string;
  /** The credential asking (see `EventMetadata.principal`). */
  readonly principal?: string;
  readonly correlationId?: string;
}

/**
 * Records every read of personal data and every export as an event on the agency's access-log
 * stream, BEFORE the data is handed out: if the record cannot be written, nothing is shown.
 */
@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(event: Omit<AccessEvent, 'at'>, who: AccessRecord): Promise<{ eventId: string; position: string }> {
    if (!String((event.data as { purpose?: string }).purpose ?? '').trim()) {
      throw new ValidationError(
        'ACCESS.PURPOSE_REQUIRED',
        'say why (purpose): reads of personal data and exports are recorded with their purpose',
        'purpose',
      );
    }
    // The purpose arrives in a query string or on the command line, not in a JSON body, yet it is stored like one.
    const purposeProblem = freeTextProblem(String((event.data as { purpose?: string }).purpose));
    if (purposeProblem) throw new ValidationError('INPUT.INVALID', `purpose ${purposeProblem}`, 'purpose');
    const now = new Date(this.clock()).toISOString();
    const correlationId = who.correlationId ?? randomUUID();
    const eventId = randomUUID();
    const stored = toStoredEvent({ ...event, at: now }, eventId, {
      agency: who.agency,
      actor: who.actor,
      ...(who.principal ? { principal: who.principal } : {}),
      ledgerTime: now,
      correlationId,
      causationId: correlationId,
    });
    const result = await this.store.appendToStream(accessLogStreamId(who.agency), [stored], {
      expectedRevision: 'any',
    });
    return { eventId, position: positionToString(result.position) };
  }
}
