import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  Decider,
  LedgerEvent,
  NotFoundError,
  Recorded,
  ValidationError,
  correctedHistory,
} from '@ledger/domain';
import {
  type AppendResult,
  EVENT_STORE,
  EventStore,
  type JsonObject,
  type NewEvent,
  WrongExpectedRevisionError,
  positionToString,
} from '@ledger/event-store';
import { CLOCK, Clock } from '../config/clock';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { CommandMetadata, CommandResult, eventIdFor } from './command-metadata';
import { StreamHistoryCache } from './stream-history-cache';
import { StreamsWithEvents } from './streams-with-events';
import { fromStoredEvent, toStoredEvent } from '@ledger/kernel';

/** The executor drives the domain's own deciders, with whatever context each one takes. */
export type StreamDecider<C, E extends LedgerEvent, S, X> = Decider<C, E, S, X>;

export interface Execution<C, E extends LedgerEvent, S, X> {
  readonly streamId: string;
  /** The id the caller gets back (application id, item code, …). */
  readonly id: string;
  readonly decider: StreamDecider<C, E, S, X>;
  readonly command: C;
  /** Builds the decider's context; called again on every retry so cross-stream lookups stay fresh. */
  readonly context: (now: number) => Promise<X> | X;
  readonly metadata: CommandMetadata;
  /**
   * The stream held no event when the handler located it, just now (`AgencyRecords.locate`): the
   * first attempt decides on it as empty instead of reading it again, which is what that read
   * would return but for a write in between, and that write makes the append (expecting no
   * stream) conflict, so the command is decided again on the stream as stored.
   */
  readonly emptyWhenLocated?: boolean;
}

/** What deciding a command on a history came to. */
type Decided = { readonly result: CommandResult } | { readonly stored: NewEvent[]; readonly revision: number };

/** Optimistic-concurrency retries before a command gives up with 409. */
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 5;
const RETRY_CAP_MS = 200;

/**
 * How long to wait before retry `attempt` (1 = after the first conflict): "full jitter"
 * (AWS Architecture Blog, Exponential Backoff and Jitter), a random time up to an exponentially
 * growing cap, so that writers who collided do not collide again in lockstep.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
}

/**
 * Runs one command against one stream: load → decide → append with the expected revision.
 * A conflicting concurrent write makes it decide again on the new state, which is always safe
 * because the decider re-checks every rule (so of two racing decisions one wins and the other
 * is refused as already decided). An Idempotency-Key already recorded on the stream returns
 * the first result and records nothing.
 *
 * Personal data is sealed here, where events become stored events: nothing after this point
 * (the store, its WAL, backups, subscriptions, read models) ever sees it in plaintext, and the
 * command digest kept for idempotency is computed so that it cannot be reversed either.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly vault: PersonalDataVault,
    private readonly withEvents: StreamsWithEvents = new StreamsWithEvents(),
  ) {}

  /** Histories of the streams this process wrote last: the happy path of a command does not reread its stream. */
  private readonly histories = new StreamHistoryCache();

  async execute<C, E extends LedgerEvent, S, X>(execution: Execution<C, E, S, X>): Promise<CommandResult> {
    const { streamId, id, command, metadata } = execution;
    let seenEmpty = execution.emptyWhenLocated === true;
    for (let attempt = 1; ; attempt++) {
      const kept = this.histories.get(streamId);
      const history = kept ?? (seenEmpty ? [] : await this.load(streamId));
      seenEmpty = false;
      let decided: Decided;
      try {
        decided = await this.decideOn(history, execution);
      } catch (error) {
        this.histories.forget(streamId);
        // Refused on a kept history: the stream may have moved on meanwhile, so judge it as stored.
        if (kept) {
          attempt--;
          continue;
        }
        throw error;
      }
      if ('result' in decided) {
        // Only an append proves a kept history current; any other answer is given on the stream as stored.
        if (kept) {
          this.histories.forget(streamId);
          attempt--;
          continue;
        }
        return decided.result;
      }
      const { stored, revision } = decided;
      let appended: AppendResult;
      try {
        appended = await this.store.appendToStream(streamId, stored, {
          expectedRevision: revision < 0 ? 'no_stream' : revision,
        });
      } catch (error) {
        // A conflict, or an outcome not known: the next command on this stream reads it again.
        this.histories.forget(streamId);
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (kept) {
          attempt--;
          continue;
        }
        if (attempt >= MAX_ATTEMPTS)
          throw new ConflictError(
            'STREAM.CONCURRENT_CHANGE',
            `${streamId} kept changing while the command was decided; try again`,
          );
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
        continue;
      }
      this.withEvents.add(streamId);
      this.remember(streamId, history, stored, revision, appended);
      if (appended.duplicate && metadata.idempotencyKey) {
        // A concurrent request with the same key got there first: answer as a retry, or refuse another body.
        const earlier = await this.firstResultFor(
          await this.load(streamId),
          metadata.idempotencyKey,
          command as object,
          id,
          streamId,
        );
        if (earlier) return earlier;
      }
      return {
        id,
        streamId,
        revision: appended.nextExpectedRevision,
        position: positionToString(appended.position),
        eventIds: stored.map((e) => e.eventId),
        replayed: appended.duplicate,
      };
    }
  }

  /**
   * Keeps the stream's history as a read would now return it, when that is known exactly: one
   * event written at the revision expected (a store answers with the last event's position only,
   * and an idempotent retry answers with the original's revision).
   */
  private remember(
    streamId: string,
    history: readonly Recorded<LedgerEvent>[],
    stored: readonly NewEvent[],
    revision: number,
    appended: AppendResult,
  ): void {
    if (appended.duplicate || stored.length !== 1 || appended.nextExpectedRevision !== revision + 1) {
      this.histories.forget(streamId);
      return;
    }
    const [event] = stored;
    const recorded = fromStoredEvent({
      eventId: event.eventId,
      type: event.type,
      streamId,
      revision: revision + 1,
      position: appended.position,
      // As the store returns it: JSON, which drops undefined members.
      data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      metadata: JSON.parse(JSON.stringify(event.metadata)) as JsonObject,
    });
    this.histories.set(streamId, [...history, recorded]);
  }

  /** Decides the command on `history`: an answer without writing, or the stored events to append after `revision`. */
  private async decideOn<C, E extends LedgerEvent, S, X>(
    history: readonly Recorded<LedgerEvent>[],
    execution: Execution<C, E, S, X>,
  ): Promise<Decided> {
    const { streamId, id, decider, command, metadata } = execution;
    this.requireSameAgency(history, metadata.agency, id);
    const earlier = metadata.idempotencyKey
      ? await this.firstResultFor(history, metadata.idempotencyKey, command as object, id, streamId)
      : undefined;
    if (earlier) return { result: earlier };

    // Deciders judge the facts as corrected: a decision corrected to a denial issues no certificate.
    const state = correctedHistory(history).reduce(
      (s, e) => decider.evolve(s, e as unknown as E),
      decider.initialState(),
    );
    const now = this.clock();
    const events = decider.decide(command, state, await execution.context(now));
    const revision = history.length - 1;
    if (events.length === 0) {
      return {
        result: {
          id,
          streamId,
          revision,
          position: history.length ? history[history.length - 1].position : null,
          eventIds: [],
          replayed: false,
        },
      };
    }
    const ledgerTime = new Date(now).toISOString();
    const sealed = await this.vault.sealEvents(events);
    const digest = metadata.idempotencyKey
      ? await this.vault.commandDigest(command as object, sealed.subjectIds)
      : undefined;
    if (metadata.idempotencyKey && digest === undefined) {
      throw new ConflictError(
        'SUBJECT.ERASED',
        'the data subject of this command was erased while it was being recorded; nothing was recorded',
      );
    }
    const retry =
      metadata.idempotencyKey && digest !== undefined
        ? { idempotencyKey: metadata.idempotencyKey, commandDigest: digest }
        : undefined;
    const stored = sealed.events.map((event, i) =>
      toStoredEvent(event, eventIdFor(streamId, retry, i), {
        agency: metadata.agency,
        actor: metadata.actor,
        ...(metadata.principal ? { principal: metadata.principal } : {}),
        ledgerTime,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        ...(metadata.idempotencyKey ? { idempotencyKey: metadata.idempotencyKey, commandDigest: digest } : {}),
      }),
    );
    return { stored, revision };
  }

  private async load(streamId: string): Promise<Recorded<LedgerEvent>[]> {
    const events: Recorded<LedgerEvent>[] = [];
    for await (const stored of this.store.readStream(streamId)) events.push(fromStoredEvent(stored));
    return events;
  }

  /**
   * Record streams are found per agency (`AgencyRecords`), so another agency's stream is never
   * chosen; this guards every other stream name. It answers as for a record that does not exist,
   * naming neither the stream nor its agency.
   */
  private requireSameAgency(history: readonly Recorded<LedgerEvent>[], agency: string, id: string): void {
    if (history.length > 0 && history[0].metadata.agency !== agency) {
      throw new NotFoundError('STREAM.NOT_FOUND', `agency ${agency} has no record ${id}`);
    }
  }

  private async firstResultFor(
    history: readonly Recorded<LedgerEvent>[],
    key: string,
    command: object,
    id: string,
    streamId: string,
  ): Promise<CommandResult | undefined> {
    const earlier = history.filter((e) => e.metadata.idempotencyKey === key);
    if (earlier.length === 0) return undefined;
    // The retry's personal data is compared under the key of the subject the first command was sealed for.
    const digest = await this.vault.commandDigest(command, PersonalDataVault.subjectsSealedIn(earlier));
    if (digest === undefined) {
      throw new ConflictError(
        'SUBJECT.ERASED',
        `Idempotency-Key ${key} was used on ${streamId} for a command whose data subject has since been erased; it can be neither compared nor replayed, and nothing was recorded`,
        'Idempotency-Key',
      );
    }
    if (earlier[0].metadata.commandDigest !== digest) {
      throw new ValidationError(
        'IDEMPOTENCY.KEY_REUSED',
        `Idempotency-Key ${key} was already used for a different command on ${streamId}`,
        'Idempotency-Key',
      );
    }
    const last = earlier[earlier.length - 1];
    return {
      id,
      streamId,
      revision: last.revision,
      position: last.position,
      eventIds: earlier.map((e) => e.eventId),
      replayed: true,
    };
  }
}
