/** What the peers and limits of item 6 read from our store, and how they set up their own, in one place. */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';

export type EventRow = [
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
];

/** Our events grouped by command: consecutive events of one stream with the same causation. */
export function* commandsOf(source: string, maxEvents: number): Generator<EventRow[]> {
  const db = new Database(source, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT stream_id, revision, event_id, type, data, metadata FROM events ORDER BY position LIMIT ?')
      .raw()
      .iterate(maxEvents) as IterableIterator<EventRow>;
    let batch: EventRow[] = [];
    let key = '';
    for (const row of rows) {
      const metadata = JSON.parse(row[5]) as { causationId?: string };
      const rowKey = `${row[0]}\u0000${metadata.causationId ?? row[2]}`;
      if (batch.length > 0 && rowKey !== key) {
        yield batch;
        batch = [];
      }
      key = rowKey;
      batch.push(row);
    }
    if (batch.length > 0) yield batch;
  } finally {
    db.close();
  }
}

export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** A fresh durable SQLite file with our events table, for the raw peers (WAL, synchronous = FULL). */
export function openRawEventsTable(file: string): Database.Database {
  removeDatabase(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  return db;
}
