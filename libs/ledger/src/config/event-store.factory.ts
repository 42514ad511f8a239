import { EventStore, SqliteEventStore } from '@ledger/event-store';

/**
 * Opens the store named by EVENT_STORE_URL: `sqlite:<file>` (the embedded default) or
 * `kurrentdb://…` / `esdb://…` for a KurrentDB server.
 */
export async function openEventStore(url: string): Promise<EventStore> {
  if (url.startsWith('sqlite:')) return new SqliteEventStore(url.slice('sqlite:'.length));
  if (/^(kurrentdb|kurrent|esdb|esdb\+discover|kurrentdb\+discover):\/\//.test(url)) {
    throw new Error('EVENT_STORE_URL names a KurrentDB server, but this build has no KurrentDB adapter yet (issue #4); use sqlite:<file>');
  }
  throw new Error(`EVENT_STORE_URL must start with sqlite: or kurrentdb://, got "${url}"`);
}
