import { Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { LocalMasterKeyProvider } from './local-master-key-provider';
import { keyStorePathOf, noMasterKeyMessage, resolveMasterKey } from './master-key-file';
import { MasterKeyProvider } from './master-key-provider';
import { MasterKeyError } from './personal-data.errors';
import { PersonalDataVault } from './personal-data-vault';
import { SqliteSubjectKeyStore } from './sqlite/sqlite-subject-key-store';
import { SubjectKeyStore } from './subject-key-store.port';

/** What `LedgerCoreModule.forRoot` accepts about personal data (tests and embeddings). */
export interface PersonalDataOptions {
  /** A master key of the caller's own (tests); otherwise it comes from the configuration. */
  readonly masterKey?: Buffer;
  /** A master-key provider (a KMS or an HSM); takes precedence over any key. */
  readonly masterKeyProvider?: MasterKeyProvider;
  /** A key store of the caller's own; otherwise SQLite at `LEDGER_KEY_STORE`. Not closed by the module. */
  readonly keyStore?: SubjectKeyStore;
  /**
   * Only for the command that creates the master key (`ledger init-keys`): start without one.
   * The vault then stays locked and refuses to seal, so nothing is ever recorded in plaintext.
   */
  readonly masterKeyOptional?: boolean;
}

/**
 * Opens the vault for the module, or fails start-up with a {@link MasterKeyError} saying why.
 *
 * Without any master key configured, a caller that passed its own event store (a test, or an
 * embedding such as the demo, `createApi({ eventStore, clock, config })`) gets an ephemeral key
 * and an in-memory key store, with a warning: its personal data is unreadable once the process
 * ends. The real entry points (the API's main.ts and the CLI) pass no event store, so they
 * refuse to start without a key instead.
 */
export async function openVaultFor(
  config: LedgerConfig,
  options: PersonalDataOptions & { readonly embedded: boolean },
  logger = new Logger('personal-data'),
): Promise<PersonalDataVault> {
  let provider =
    options.masterKeyProvider ?? (options.masterKey ? new LocalMasterKeyProvider(options.masterKey) : undefined);
  if (!provider) {
    const resolved = resolveMasterKey(config);
    if (resolved?.warning) logger.warn(resolved.warning);
    provider = resolved?.provider;
  }
  if (!provider && options.masterKeyOptional) return PersonalDataVault.locked(noMasterKeyMessage(config));
  if (!provider && !options.embedded) throw new MasterKeyError(noMasterKeyMessage(config));
  if (!provider) {
    logger.warn(
      'no master key configured: personal data is sealed under an ephemeral key that dies with this process (tests and embeddings only)',
    );
    return PersonalDataVault.open(
      LocalMasterKeyProvider.ephemeral(),
      options.keyStore ?? new SqliteSubjectKeyStore(':memory:'),
      !options.keyStore,
    );
  }
  if (options.keyStore) return PersonalDataVault.open(provider, options.keyStore, false);
  const store = new SqliteSubjectKeyStore(keyStorePathOf(config));
  try {
    return await PersonalDataVault.open(provider, store, true);
  } catch (error) {
    await store.close();
    throw error;
  }
}

export function personalDataVaultProvider(options: PersonalDataOptions & { readonly embedded: boolean }): Provider {
  return {
    provide: PersonalDataVault,
    useFactory: (config: LedgerConfig) => openVaultFor(config, options),
    inject: [LEDGER_CONFIG],
  };
}

/** Closes the key store the vault opened when the application shuts down. */
@Injectable()
export class PersonalDataLifecycle implements OnApplicationShutdown {
  constructor(private readonly vault: PersonalDataVault) {}
  async onApplicationShutdown(): Promise<void> {
    await this.vault.close();
  }
}
