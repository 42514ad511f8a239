import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bumped whenever the tables below change shape, so an old binary refuses a newer file. */
const SCHEMA_VERSION = 2;

/**
 * `position` is the rowid: SQLite allows one writer at a time and events are never deleted,
 * so positions grow in commit order and a reader never sees a later one before an earlier one.
 * `streams` exists so that checking an expected revision is one primary-key lookup.
 * An event id is unique within its stream, not across the store (the port's rule, the one
 * KurrentDB honours); `(stream_id, event_id)` is also the index a retry is recognised by.
 */
const EVENTS_TABLE = (name: string): string => `
  CREATE TABLE ${name} (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    event_id  TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    UNIQUE (stream_id, revision),
    UNIQUE (stream_id, event_id)
  );
`;

const STREAMS_TABLE = `
  CREATE TABLE streams (
    stream_id TEXT    PRIMARY KEY,
    revision  INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/**
 * Version 1 kept event ids unique across the store (`event_id UNIQUE`), refusing an id that
 * another stream holds. SQLite cannot drop a column's UNIQUE constraint, so the table is
 * rebuilt as its documentation describes (https://www.sqlite.org/lang_altertable.html,
 * "Making Other Kinds Of Table Schema Changes"): copied row by row with its positions, which
 * are rowids and stay as they were, in one transaction, so a crash leaves version 1 intact.
 * Every version-1 file satisfies the new constraint, which is weaker.
 */
const FROM_VERSION_1 = `
  ${EVENTS_TABLE('events_v2')}
  INSERT INTO events_v2 (position, stream_id, revision, event_id, type, data, metadata)
    SELECT position, stream_id, revision, event_id, type, data, metadata FROM events ORDER BY position;
  DROP TABLE events;
  ALTER TABLE events_v2 RENAME TO events;
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
  if (schemaVersion(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Read again under the write lock: another process (the API and the projector starting
    // together) may have migrated the file while this one waited for the lock.
    const version = schemaVersion(db);
    if (version === SCHEMA_VERSION) return;
    if (version === 0) db.exec(EVENTS_TABLE('events') + STREAMS_TABLE);
    else db.exec(FROM_VERSION_1);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** The file's schema version (0: new); refuses one newer than this build. */
function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`event database has schema version ${version}; this build understands up to ${SCHEMA_VERSION}`);
  }
  return version;
}
