import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LedgerConfig } from '../config/ledger-config';
import { LocalMasterKeyProvider, MASTER_KEY_BYTES, parseMasterKey } from './local-master-key-provider';
import { masterKeyId } from './master-key-provider';
import { MasterKeyError } from './personal-data.errors';

/** Where `ledger init-keys` puts the master key, and where start-up looks when nothing else is configured. */
export function defaultMasterKeyFile(config: Pick<LedgerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'master.key');
}

export function keyStorePathOf(config: Pick<LedgerConfig, 'dataDir' | 'keyStorePath'>): string {
  return config.keyStorePath ?? join(config.dataDir, 'keys.sqlite');
}

/**
 * Writes a new random master key (base64, one line) to `file`, readable by its owner only.
 * Never overwrites: an existing file is left as it is, since replacing the key would make
 * every personal field sealed so far unreadable.
 */
export function createMasterKeyFile(file: string): { created: boolean; keyId: string } {
  if (existsSync(file)) return { created: false, keyId: masterKeyId(parseMasterKey(readFileSync(file, 'utf8'), file)) };
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(MASTER_KEY_BYTES);
  // 'wx' fails if another process created the file meanwhile, rather than overwrite it.
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { created: true, keyId: masterKeyId(key) };
}

/** Reads a master key file, refusing one that is missing or malformed. */
export function readMasterKeyFile(file: string, what: string): LocalMasterKeyProvider {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MasterKeyError(
      `${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return new LocalMasterKeyProvider(parseMasterKey(text, `${what} ${file}`));
}

export interface ResolvedMasterKey {
  readonly provider: LocalMasterKeyProvider;
  /** Where it came from, for log lines (never the key). */
  readonly source: string;
  /** Set when the key file can be read by others than its owner. */
  readonly warning?: string;
}

/**
 * The configured master key: `LEDGER_MASTER_KEY`, else `LEDGER_MASTER_KEY_FILE`, else
 * `<dataDir>/master.key` when that file exists; undefined when there is none.
 */
export function resolveMasterKey(config: LedgerConfig): ResolvedMasterKey | undefined {
  if (config.masterKey && config.masterKeyFile) {
    throw new MasterKeyError(
      'set LEDGER_MASTER_KEY or LEDGER_MASTER_KEY_FILE, not both: it must be clear which key protects personal data',
    );
  }
  if (config.masterKey)
    return {
      provider: new LocalMasterKeyProvider(parseMasterKey(config.masterKey, 'LEDGER_MASTER_KEY')),
      source: 'LEDGER_MASTER_KEY',
    };
  const explicit = config.masterKeyFile;
  const file = explicit ?? defaultMasterKeyFile(config);
  if (!explicit && !existsSync(file)) return undefined;
  const provider = readMasterKeyFile(file, explicit ? 'LEDGER_MASTER_KEY_FILE' : 'the master key file');
  const mode = statSync(file).mode & 0o777;
  const warning =
    mode & 0o077
      ? `the master key file ${file} can be read by others (mode ${mode.toString(8)}); chmod 600 it`
      : undefined;
  return { provider, source: file, warning };
}

export function noMasterKeyMessage(config: LedgerConfig): string {
  return (
    'no master key for personal data: set LEDGER_MASTER_KEY (the base64 of 32 random bytes) or LEDGER_MASTER_KEY_FILE, ' +
    `or run \`ledger init-keys\` to create ${defaultMasterKeyFile(config)}. The ledger does not record personal data it cannot protect.`
  );
}
