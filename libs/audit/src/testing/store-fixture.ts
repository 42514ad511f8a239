/** A real in-memory store and personal-data vault, for the services' tests. */
import { LedgerEvent, Recorded } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { LocalMasterKeyProvider, PersonalDataVault, SqliteSubjectKeyStore, toStoredEvent } from '@ledger/ledger';

export interface StoreFixture {
  readonly store: SqliteEventStore;
  readonly vault: PersonalDataVault;
  /** Appends hand-built events as they are, one append per event, in order; `seal` seals personal data first, as the ledger does. */
  append(events: readonly Recorded<LedgerEvent>[], options?: { seal?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function storeFixture(): Promise<StoreFixture> {
  const store = new SqliteEventStore(':memory:');
  const keys = new SqliteSubjectKeyStore(':memory:');
  const vault = await PersonalDataVault.open(LocalMasterKeyProvider.ephemeral(), keys);
  return {
    store,
    vault,
    async append(events, options = {}) {
      for (const event of events) {
        const [stored] = options.seal ? (await vault.sealEvents([event])).events : [event];
        const { agency, actor, ledgerTime, correlationId, causationId } = event.metadata;
        await store.appendToStream(event.streamId, [
          toStoredEvent(stored, event.eventId, { agency, actor, ledgerTime, correlationId, causationId }),
        ]);
      }
    },
    async close() {
      await store.close();
      await vault.close();
      await keys.close();
    },
  };
}
