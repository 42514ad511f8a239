import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_AGENCIES, Principal, defaultAgencyOf } from './principal';
import { Role, isRole } from './roles';

/** One API key as stored: only a hash of its secret, never the secret itself. */
export interface StoredApiKey {
  readonly id: string;
  readonly name: string;
  readonly roles: Role[];
  /**
   * The agencies the key acts for (`*`: all). Absent on keys created before agencies existed;
   * see `agenciesOfLegacyKey` for how those are read.
   */
  readonly agencies?: Principal['agencies'];
  /** Created with `--relay`: may record an `actor` other than the key's name (an upstream system). */
  readonly relay?: boolean;
  readonly secretSha256: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** Keys look like `lk_<id>_<secret>`: the id finds the record, the secret is compared by hash. */
const KEY_FORMAT = /^lk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{32,128})$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The id part of a presented key (which record it claims to be), without checking its secret. */
export function apiKeyIdOf(presented: string): string | undefined {
  return KEY_FORMAT.exec(presented)?.[1];
}

/**
 * API keys in a JSON file (LEDGER_API_KEYS_FILE, default `<dataDir>/api-keys.json`), managed with
 * `ledger api-key create|revoke|list`. The API re-reads the file when it changes, so a revoked
 * key stops working without a restart; replicas share it as a mounted secret.
 */
export class ApiKeyFile {
  private cache: { mtimeMs: number; size: number; keys: StoredApiKey[] } | undefined;

  /**
   * @param legacyAgency the deployment's agency (LEDGER_AGENCY): the one agency a key created
   *   before agencies existed can have served, so such a key keeps working there and nowhere else.
   */
  constructor(
    readonly file: string,
    private readonly legacyAgency?: string,
  ) {}

  list(): StoredApiKey[] {
    if (!existsSync(this.file)) return [];
    const stat = statSync(this.file);
    if (this.cache && this.cache.mtimeMs === stat.mtimeMs && this.cache.size === stat.size) return this.cache.keys;
    const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${this.file} must hold a JSON array of API keys`);
    const keys = parsed.map((k, i) => validate(k, `${this.file}[${i}]`));
    this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, keys };
    return keys;
  }

  /**
   * Creates a key and returns its secret form, shown once. `agencies` defaults to every agency for
   * callers in code (tests, the bootstrap); `ledger api-key create` always asks for them.
   */
  create(
    name: string,
    roles: Role[],
    options: { agencies?: Principal['agencies']; relay?: boolean; now?: Date } = {},
  ): { key: string; record: StoredApiKey } {
    if (roles.length === 0) throw new Error('an API key needs at least one role');
    const agencies = options.agencies ?? ALL_AGENCIES;
    if (agencies !== ALL_AGENCIES && agencies.length === 0)
      throw new Error('an API key needs at least one agency, or *');
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: StoredApiKey = {
      id,
      name,
      roles,
      agencies,
      ...(options.relay ? { relay: true } : {}),
      secretSha256: sha256(secret),
      createdAt: (options.now ?? new Date()).toISOString(),
    };
    this.write([...this.list(), record]);
    return { key: `lk_${id}_${secret}`, record };
  }

  revoke(id: string, now = new Date()): StoredApiKey {
    const keys = this.list();
    const key = keys.find((k) => k.id === id);
    if (!key) throw new Error(`no API key ${id}`);
    if (key.revokedAt) throw new Error(`API key ${id} was already revoked on ${key.revokedAt}`);
    const revoked = { ...key, revokedAt: now.toISOString() };
    this.write(keys.map((k) => (k.id === id ? revoked : k)));
    return revoked;
  }

  /** The principal of a presented key, or undefined when it is unknown, wrong or revoked. */
  authenticate(presented: string): Principal | undefined {
    const m = KEY_FORMAT.exec(presented);
    if (!m) return undefined;
    const key = this.list().find((k) => k.id === m[1]);
    if (!key || key.revokedAt) return undefined;
    const expected = Buffer.from(key.secretSha256, 'hex');
    const actual = Buffer.from(sha256(m[2]), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    return principalOfKey(key, this.legacyAgency);
  }

  private write(keys: StoredApiKey[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
    this.cache = undefined;
  }
}

/** What a stored key may do, as the guard attaches it to a request. */
export function principalOfKey(key: StoredApiKey, legacyAgency?: string): Principal {
  const agencies = key.agencies ?? agenciesOfLegacyKey(key, legacyAgency);
  return {
    id: `api-key:${key.id}`,
    actor: key.name,
    roles: key.roles,
    agencies,
    defaultAgency: defaultAgencyOf(agencies),
    canRelay: key.relay === true || key.roles.includes('relay') || (key.agencies === undefined && isOperator(key)),
    via: 'api-key',
  };
}

/**
 * A key recorded before agencies existed. An operator key (one holding `admin`, as the bootstrap
 * key does) already administered the whole ledger, so it keeps every agency and may relay, as
 * every key could then. Any other key served the one agency such a deployment had (LEDGER_AGENCY);
 * it keeps that agency only, and relaying needs a new key created with `--relay`. Without a known
 * deployment agency it covers none: re-create it with `ledger api-key create --agencies`.
 */
export function agenciesOfLegacyKey(key: StoredApiKey, legacyAgency: string | undefined): Principal['agencies'] {
  if (isOperator(key)) return ALL_AGENCIES;
  return legacyAgency ? [legacyAgency] : [];
}

const isOperator = (key: StoredApiKey) => key.roles.includes('admin');

const validAgencies = (value: unknown) =>
  value === undefined ||
  value === ALL_AGENCIES ||
  (Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string' && a !== '' && a !== '*'));

function validate(value: unknown, where: string): StoredApiKey {
  const k = value as StoredApiKey;
  if (
    !k ||
    typeof k.id !== 'string' ||
    typeof k.name !== 'string' ||
    typeof k.secretSha256 !== 'string' ||
    !Array.isArray(k.roles) ||
    !k.roles.every(isRole) ||
    !validAgencies(k.agencies) ||
    (k.relay !== undefined && typeof k.relay !== 'boolean')
  ) {
    throw new Error(`${where} is not a valid API key record (id, name, roles, secretSha256, agencies, relay)`);
  }
  return k;
}
