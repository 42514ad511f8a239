import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  ApplicationEvent,
  ApplicationState,
  LedgerEvent,
  PERSONAL_DATA_FIELDS,
  Recorded,
  applicationDecider,
  correctedHistory,
} from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { WITHHELD } from '../personal-data/sealed-personal-data';
import { fromStoredEvent } from '@ledger/kernel';
import { AgencyRecords } from '../tenancy/agency-records';
import { applicationNotFound, streamNotFound } from '../tenancy/not-found';
import { StreamReader, mayReadStream } from '../tenancy/stream-access';

/**
 * A stream's events with personal data opened for the caller: decrypted only when
 * `includePersonalData` (roles entitled to it), a placeholder otherwise, and for an erased or
 * undecryptable subject a placeholder saying so (the other events are shown as usual).
 */
export class GetStreamEvents extends Query<Recorded<LedgerEvent>[]> {
  constructor(
    readonly streamId: string,
    readonly includePersonalData: boolean,
    /** The caller, for the stream's agency and the roles an internal stream serves (`mayReadStream`). */
    readonly reader?: StreamReader,
  ) {
    super();
  }
}

/** One agency's application: ids are per agency, so the agency is part of what is asked for. */
export class GetApplication extends Query<ApplicationView> {
  constructor(
    readonly applicationId: string,
    readonly agency: string,
  ) {
    super();
  }
}

export interface ApplicationView extends ApplicationState {
  readonly agency: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: string;
}

/** Returns an event with its personal sub-object replaced by a placeholder, without looking at it. */
export function withoutPersonalData<E extends Recorded<LedgerEvent>>(event: E): E {
  const field = PERSONAL_DATA_FIELDS[event.type];
  if (!field || (event.data as Record<string, unknown>)[field] === undefined) return event;
  return { ...event, data: { ...event.data, [field]: WITHHELD } };
}

@QueryHandler(GetStreamEvents)
export class GetStreamEventsHandler implements IQueryHandler<GetStreamEvents> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute({ streamId, includePersonalData, reader }: GetStreamEvents): Promise<Recorded<LedgerEvent>[]> {
    if ((await this.store.streamRevision(streamId)) === undefined) throw streamNotFound(streamId);
    const events: Recorded<LedgerEvent>[] = [];
    for await (const stored of this.store.readStream(streamId)) events.push(fromStoredEvent(stored));
    // Decided before anything is opened (or, for personal data, recorded as read).
    if (!mayReadStream(streamId, events[0]?.metadata.agency, reader)) throw streamNotFound(streamId);
    return this.vault.openAll(events, includePersonalData);
  }
}

@QueryHandler(GetApplication)
export class GetApplicationHandler implements IQueryHandler<GetApplication> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly records: AgencyRecords,
  ) {}

  async execute({ applicationId, agency }: GetApplication): Promise<ApplicationView> {
    const streamId = await this.records.streamOf('application', agency, applicationId);
    const events: Recorded<LedgerEvent>[] = [];
    for await (const stored of this.store.readStream(streamId)) events.push(fromStoredEvent(stored));
    const last = events[events.length - 1];
    // The state of the facts as corrected; the revision and position are the stream's own, correction included.
    const state = correctedHistory(events).reduce(
      (s, e) => applicationDecider.evolve(s, e as unknown as ApplicationEvent),
      applicationDecider.initialState(),
    );
    // The agency check guards a legacy stream; AgencyRecords already resolves only the agency's own.
    if (!state || !last || last.metadata.agency !== agency) throw applicationNotFound(applicationId);
    return { ...state, agency: last.metadata.agency, streamId, revision: last.revision, position: last.position };
  }
}
