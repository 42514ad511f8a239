import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, SubjectErased, ValidationError, subjectStreamId } from '@ledger/domain';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError, positionToString } from '@ledger/event-store';
import { CLOCK, Clock } from '../config/clock';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandPrincipal, actorForCommand, agencyForCommand } from '../commands/command-principal';
import { CommandResult, fixedEventId, newCorrelationId } from '../recording/command-metadata';
import { toStoredEvent } from '@ledger/kernel';
import { PersonalDataVault } from './personal-data-vault';
import { isSubjectId } from './subject-identity';

export interface ErasureRequest {
  readonly subjectId: string;
  /** The legal ground; recorded in the ledger, so it must not identify the person. */
  readonly reason: string;
  /** On whose behalf; defaults to the principal's own name. */
  readonly actor?: string;
  /** Defaults to the principal's only agency, else the configured agency. */
  readonly agency?: string;
  /** Who asks: bounds the agency and the actor as for any command, recorded as `metadata.principal`. */
  readonly principal?: CommandPrincipal;
  readonly correlationId?: string;
  readonly causationId?: string;
}

/**
 * Erases a data subject: destroys the subject's data key (which makes every event sealed under
 * it unreadable, forever, without changing a byte of those events), then records
 * `SubjectErased.v1` on `subject-<subjectId>` so the ledger says when, why and by whom.
 * The order matters: once the key is gone nothing can undo the erasure, and an erasure whose
 * event was never recorded (a crash in between) is completed by asking again.
 */
@Injectable()
export class SubjectErasure {
  constructor(
    private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async erase(request: ErasureRequest): Promise<CommandResult> {
    const { subjectId, principal } = request;
    // Refused before the key is touched: an erasure cannot be undone.
    const agency = agencyForCommand(request.agency, principal, this.config.defaultAgency);
    const actor = actorForCommand(request.actor, principal, undefined);
    if (!isSubjectId(subjectId))
      throw new NotFoundError(
        'SUBJECT.NOT_FOUND',
        `no data subject ${subjectId}: subject ids are subj_ followed by 22 characters`,
        'subjectId',
      );
    const reason = request.reason?.trim();
    if (!reason)
      throw new ValidationError(
        'SUBJECT.ERASURE_REASON_REQUIRED',
        'an erasure must state its reason (the legal ground, never the person)',
        'reason',
      );
    const streamId = subjectStreamId(subjectId);
    const at = new Date(this.clock()).toISOString();

    const outcome = await this.vault.destroy(subjectId, at);
    if (outcome === 'unknown')
      throw new NotFoundError('SUBJECT.NOT_FOUND', `no data subject ${subjectId} in the key store`, 'subjectId');
    if (outcome === 'already-erased' && (await this.store.streamRevision(streamId)) !== undefined) {
      throw new ConflictError('SUBJECT.ALREADY_ERASED', `data subject ${subjectId} was already erased`, 'subjectId');
    }

    const event: SubjectErased = { type: 'SubjectErased.v1', data: { subjectId, reason }, at };
    const correlationId = request.correlationId ?? newCorrelationId();
    const stored = toStoredEvent(event, fixedEventId(streamId, 'erasure', 0), {
      agency,
      actor,
      ...(principal ? { principal: principal.id } : {}),
      ledgerTime: at,
      correlationId,
      causationId: request.causationId ?? correlationId,
    });
    try {
      const appended = await this.store.appendToStream(streamId, [stored], { expectedRevision: 'no_stream' });
      return {
        id: subjectId,
        streamId,
        revision: appended.nextExpectedRevision,
        position: positionToString(appended.position),
        eventIds: [stored.eventId],
        replayed: appended.duplicate,
      };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError)
        throw new ConflictError('SUBJECT.ALREADY_ERASED', `data subject ${subjectId} was already erased`, 'subjectId');
      throw error;
    }
  }

  /** The live subject with this identity number; an erased one is no longer found (its index entry is gone). */
  async subjectForIdNumber(idNumber: string): Promise<string> {
    const subjectId = await this.vault.subjectForIdNumber(idNumber);
    if (!subjectId)
      throw new NotFoundError(
        'SUBJECT.NOT_FOUND',
        'no live data subject has this identity number (never recorded, or already erased)',
        'idNumber',
      );
    return subjectId;
  }
}
