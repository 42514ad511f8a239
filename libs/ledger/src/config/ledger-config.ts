import * as path from 'node:path';
import { loadAgencyNames } from './agency-names';

/**
 * Configuration from environment variables. Every variable and its default is listed in the
 * README. The config modules (this one, `audit-config.ts`, `reports-config.ts`,
 * `integrity-config.ts`, `access-settings.ts`, the CLI's `cli-config.ts`) are the only readers
 * of `process.env`: ESLint refuses it anywhere else (`eslint.config.mjs`).
 */
export interface LedgerConfig {
  readonly port: number;
  /**
   * The address the HTTP servers bind (HOST): `127.0.0.1` by default, so that `npm run up` on a
   * workstation is not reachable from the network; the docker image sets `0.0.0.0`. Optional so
   * that configurations built by hand stay valid.
   */
  readonly host?: string;
  readonly dataDir: string;
  /** Agency of commands that do not name one. */
  readonly defaultAgency: string;
  /**
   * Agency id → the agency's own name (`LEDGER_AGENCY_NAMES`, `LEDGER_AGENCY_NAMES_FILE`, built-in
   * table; see agency-names.ts). Optional so that configurations built by hand stay valid.
   */
  readonly agencyNames?: Readonly<Record<string, string>>;
  /** `sqlite:<file>` (default: `<dataDir>/events.sqlite`) or `kurrentdb://…`. */
  readonly eventStoreUrl: string;
  /** Read-model database: a PostgreSQL URL, or unset for SQLite under the data directory. */
  readonly databaseUrl?: string;
  /**
   * `LEDGER_READ_MODEL_SCHEMA`: the PostgreSQL schema of the read models, when not the default. One
   * setting for every process (API, projector, CLI, start-up checks), so they read and write the same tables.
   */
  readonly readModelSchema?: string;
  readonly timeZone: string;
  /** Extra working-day calendar files (operator-supplied years). */
  readonly calendarDir?: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** `json` (one object per line, for collectors) or `text` (for people at a terminal). */
  readonly logFormat: 'json' | 'text';
  /**
   * `in-process`: this API process runs the live projections (the embedded deployment);
   * `external`: a projector process does, and this API serves the stored read models (replicas).
   */
  readonly projections: 'in-process' | 'external';
  /**
   * Master key that wraps the per-person data keys: base64 of 32 bytes (`LEDGER_MASTER_KEY`).
   * Optional here so that configurations built by hand stay valid; start-up refuses to run
   * without a master key from this, `masterKeyFile` or `<dataDir>/master.key`.
   */
  readonly masterKey?: string;
  /** File holding the master key (`LEDGER_MASTER_KEY_FILE`; default `<dataDir>/master.key` when that file exists). */
  readonly masterKeyFile?: string;
  /** SQLite file of the wrapped data keys (`LEDGER_KEY_STORE`; default `<dataDir>/keys.sqlite`). */
  readonly keyStorePath?: string;
  /** A repeated server error is logged once per this many seconds, with a count (`LEDGER_ERROR_LOG_INTERVAL_SECONDS`, default 60). */
  readonly errorLogIntervalSeconds?: number;
  /** The projector saves a projection's checkpoint after this many events (`LEDGER_CHECKPOINT_EVERY_EVENTS`; unset: the runner's default). */
  readonly checkpointEveryEvents?: number;
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

/** Loopback: reachable from this machine only, until an operator says otherwise. */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * Where a listening server really is, for the start-up log: the bound address and port as the
 * socket reports them (port 0 becomes the port chosen), IPv6 in brackets.
 */
export function listeningUrl(address: string | { address: string; port: number } | null): string {
  if (address === null) return 'http://(not listening)';
  if (typeof address === 'string') return `unix:${address}`;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const dataDir = path.resolve(env.LEDGER_DATA_DIR || './data');
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a TCP port number, got "${env.PORT}"`);
  const host = env.HOST || DEFAULT_HOST;
  if (!/^[A-Za-z0-9.:-]+$/.test(host) || host.length > 253)
    throw new Error(`HOST must be an IP address or a host name to bind, got "${env.HOST}"`);
  const logLevel = (env.LOG_LEVEL || 'info') as LedgerConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    throw new Error(`LOG_LEVEL must be debug, info, warn or error, got "${env.LOG_LEVEL}"`);
  const logFormat = (env.LOG_FORMAT || 'json') as LedgerConfig['logFormat'];
  if (!['json', 'text'].includes(logFormat))
    throw new Error(`LOG_FORMAT must be json or text, got "${env.LOG_FORMAT}"`);
  const projections = (env.LEDGER_PROJECTIONS || 'in-process') as LedgerConfig['projections'];
  if (!['in-process', 'external'].includes(projections))
    throw new Error(`LEDGER_PROJECTIONS must be in-process or external, got "${env.LEDGER_PROJECTIONS}"`);
  // Handed to PostgreSQL as the search path: a plain identifier only.
  if (env.LEDGER_READ_MODEL_SCHEMA && !/^[a-z_][a-z0-9_]{0,62}$/.test(env.LEDGER_READ_MODEL_SCHEMA))
    throw new Error(
      `LEDGER_READ_MODEL_SCHEMA must be a PostgreSQL schema name (lower-case letters, digits and _, not starting with a digit, at most 63), got "${env.LEDGER_READ_MODEL_SCHEMA}"`,
    );
  const errorLogIntervalSeconds = Number(env.LEDGER_ERROR_LOG_INTERVAL_SECONDS || 60);
  if (!Number.isInteger(errorLogIntervalSeconds) || errorLogIntervalSeconds < 1 || errorLogIntervalSeconds > 86_400) {
    throw new Error(
      `LEDGER_ERROR_LOG_INTERVAL_SECONDS must be a whole number of seconds from 1 to 86400, got "${env.LEDGER_ERROR_LOG_INTERVAL_SECONDS}"`,
    );
  }
  const every = env.LEDGER_CHECKPOINT_EVERY_EVENTS;
  if (every !== undefined && !(Number.isInteger(Number(every)) && Number(every) > 0))
    throw new Error(`LEDGER_CHECKPOINT_EVERY_EVENTS must be a positive whole number, got "${every}"`);
  return {
    errorLogIntervalSeconds,
    ...(every !== undefined ? { checkpointEveryEvents: Number(every) } : {}),
    logFormat,
    projections,
    port,
    host,
    dataDir,
    defaultAgency: env.LEDGER_AGENCY || 'jiangmen-psb',
    agencyNames: loadAgencyNames(env),
    eventStoreUrl: env.EVENT_STORE_URL || `sqlite:${path.join(dataDir, 'events.sqlite')}`,
    databaseUrl: env.DATABASE_URL || undefined,
    ...(env.LEDGER_READ_MODEL_SCHEMA ? { readModelSchema: env.LEDGER_READ_MODEL_SCHEMA } : {}),
    timeZone: env.LEDGER_TIME_ZONE || 'Asia/Shanghai',
    calendarDir: env.LEDGER_CALENDAR_DIR || undefined,
    logLevel,
    masterKey: env.LEDGER_MASTER_KEY || undefined,
    masterKeyFile: env.LEDGER_MASTER_KEY_FILE ? path.resolve(env.LEDGER_MASTER_KEY_FILE) : undefined,
    keyStorePath: path.resolve(env.LEDGER_KEY_STORE || path.join(dataDir, 'keys.sqlite')),
  };
}
