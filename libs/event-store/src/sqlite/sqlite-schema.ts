import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bumped whenever the tables below change shape, so an old binary refuses a newer file. */
const SCHEMA_VERSION = 1;

/**
 * `position` is the rowid: SQLite allows one writer at a time and events are never deleted,
 * so positions grow in commit order and a reader never sees a later one before an earlier one.
 * `streams` exists so that checking an expected revision is one primary-key lookup.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    event_id  TEXT    NOT NULL UNIQUE,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS streams (
    stream_id TEXT    PRIMARY KEY,
    revision  INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) an event database tuned for durable appends:
 * WAL lets readers (subscriptions, other processes) run while one writer commits, and
 * `synchronous = FULL` syncs the WAL on every commit, so an acknowledged append survives
 * `kill -9` and power loss.
 */
export function openEventDatabase(path: string, busyTimeoutMs: number): Database.Database {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Bigger than the 2 MB default so that index pages stay cached during long imports.
    db.pragma('cache_size = -65536');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`event database has schema version ${version}; this build understands up to ${SCHEMA_VERSION}`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
