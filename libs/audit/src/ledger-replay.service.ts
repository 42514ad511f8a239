import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { PersonalDataVault } from '@ledger/ledger/personal-data/personal-data-vault';
import { AuditEvent } from './audit-event';
import { LedgerReplayFilter, LedgerReplayPage, pageOf, selectEvents, withheldAuditEvents } from './ledger-replay';

/** The whole ledger, or one agency, as it stood up to a position or an instant; personal data withheld. */
@Injectable()
export class LedgerReplayService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /** Streams the events (never all in memory); stop iterating to stop reading. */
  stream(filter: LedgerReplayFilter): AsyncIterable<AuditEvent> {
    const source = this.store.readAll(filter.after ? { after: filter.after } : {});
    return withheldAuditEvents(selectEvents(source, filter), (batch) => this.vault.openAll(batch, false));
  }

  /** One page of at most `limit` events, with the summary of the page and the cursor of the next. */
  page(filter: LedgerReplayFilter & { readonly limit: number }): Promise<LedgerReplayPage> {
    return pageOf(this.stream(filter), filter, filter.limit);
  }
}
