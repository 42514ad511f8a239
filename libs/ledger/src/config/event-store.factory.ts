import { EventStore, KurrentDbEventStore, SqliteEventStore } from '@ledger/event-store';

/** Connection-string schemes of the KurrentDB (EventStoreDB) client; `+discover` finds a cluster through DNS gossip. */
const KURRENTDB_URL = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//i;

/**
 * Opens the store named by EVENT_STORE_URL: `sqlite:<file>` (the embedded default) or
 * `kurrentdb://…`, `kurrentdb+discover://…`, `esdb://…`, `esdb+discover://…` for a KurrentDB
 * server. A KurrentDB store is returned only once the server answers, so the application
 * refuses to start, naming the server, rather than hanging on an unreachable one.
 */
export async function openEventStore(url: string): Promise<EventStore> {
  if (url.startsWith('sqlite:')) return new SqliteEventStore(url.slice('sqlite:'.length));
  if (KURRENTDB_URL.test(url)) return KurrentDbEventStore.connect(url);
  throw new Error(
    `EVENT_STORE_URL must start with sqlite: (e.g. sqlite:./data/events.sqlite) or kurrentdb:// (e.g. kurrentdb://127.0.0.1:2113?tls=false), got "${redact(url)}"`,
  );
}

/** Hides a password in a URL that is echoed in an error. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
