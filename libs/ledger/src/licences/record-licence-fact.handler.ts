import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  ApplicationEvent,
  ApplicationOnGrant,
  LedgerEvent,
  LicenceContext,
  Recorded,
  applicationDecider,
  correctedHistory,
  licenceDecider,
} from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { fromStoredEvent } from '@ledger/kernel';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CommandExecutor } from '../recording/command-executor';
import { CommandResult } from '../recording/command-metadata';
import { AgencyRecords } from '../tenancy/agency-records';
import { RecordLicenceFact } from './licence.messages';

@CommandHandler(RecordLicenceFact)
export class RecordLicenceFactHandler implements ICommandHandler<RecordLicenceFact, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly records: AgencyRecords,
  ) {}

  async execute({ command, metadata }: RecordLicenceFact): Promise<CommandResult> {
    const { streamId, emptyWhenLocated } = await this.records.locate('licence', metadata.agency, command.licenceId);
    return this.executor.execute({
      streamId,
      emptyWhenLocated,
      id: command.licenceId,
      decider: licenceDecider,
      command,
      context: async (now): Promise<LicenceContext> => ({
        now,
        timeZone: this.config.timeZone,
        // Only a grant looks at its application; the item and department are then copied into the licence.
        ...(command.type === 'GrantLicence'
          ? { applicationOnGrant: await this.applicationOnGrant(metadata.agency, command.applicationId) }
          : {}),
      }),
      metadata,
    });
  }

  /** The application's decision as its own stream holds it; another agency's application is unknown here. */
  private async applicationOnGrant(agency: string, applicationId: string): Promise<ApplicationOnGrant> {
    const events: Recorded<LedgerEvent>[] = [];
    const streamId = await this.records.streamOf('application', agency, applicationId);
    for await (const stored of this.store.readStream(streamId)) {
      const event = fromStoredEvent(stored);
      if (event.metadata?.agency !== agency) return { status: 'unknown' };
      events.push(event);
    }
    // The decision as corrected: a grant corrected to a denial issues no licence.
    const state = correctedHistory(events).reduce(
      (s, e) => applicationDecider.evolve(s, e as unknown as ApplicationEvent),
      applicationDecider.initialState(),
    );
    if (state === undefined) return { status: 'unknown' };
    if (state.decision?.outcome === 'granted')
      return {
        status: 'granted',
        decidedAt: state.decision.at,
        itemCode: state.itemCode,
        department: state.department,
      };
    const outcome =
      state.decision?.outcome === 'denied'
        ? 'denied'
        : state.phase === 'withdrawn'
          ? 'withdrawn'
          : state.phase === 'not-accepted'
            ? 'not-accepted'
            : 'undecided';
    return { status: 'not-granted', outcome };
  }
}
