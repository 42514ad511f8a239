import { Inject, Injectable } from '@nestjs/common';
import { LedgerEvent, Recorded } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CalendarStore } from '@ledger/ledger/calendar/calendar.store';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { PersonalDataVault } from '@ledger/ledger/personal-data/personal-data-vault';
import { AgencyRecords } from '@ledger/ledger/tenancy/agency-records';
import { applicationNotFound } from '@ledger/ledger/tenancy/not-found';
import { fromStoredEvent } from '@ledger/kernel';
import { ApplicationReplay, replayApplication } from './application-replay';

/** How application X proceeded: its stream with the state and deadline after each event, personal data withheld. */
@Injectable()
export class ApplicationReplayService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly calendars: CalendarStore,
    private readonly vault: PersonalDataVault,
    private readonly records: AgencyRecords,
  ) {}

  /** Throws `APPLICATION.NOT_FOUND` (404) for an application `agency` never recorded (ids are per agency). */
  async replay(applicationId: string, agency: string): Promise<ApplicationReplay> {
    const streamId = await this.records.streamOf('application', agency, applicationId);
    const events: Recorded<LedgerEvent>[] = [];
    for await (const stored of this.store.readStream(streamId)) events.push(fromStoredEvent(stored));
    if (events.length === 0 || events[0].metadata.agency !== agency) throw applicationNotFound(applicationId);
    // The "not entitled" path: placeholders for personal data (erased subjects shown as erased), never the data.
    const withheld = await this.vault.openAll(events, false);
    // The replay judges the application now: the calendar as it stands, each year's latest version.
    const calendar = await this.calendars.view();
    return replayApplication(applicationId, withheld, {
      calendar: calendar.calendar,
      calendarVersions: calendar.versions,
      timeZone: this.config.timeZone,
    });
  }
}
