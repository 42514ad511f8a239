/**
 * Item 6: what a user would otherwise pick, and the limits, on the same events in the same run.
 *
 *  - `emmett-append`: Emmett's SQLite event store (`@event-driven-io/emmett-sqlite` 0.38.5 on
 *    `sqlite3` 5), one `appendToStream` per command, one after another (its store shares one
 *    connection variable between calls and closes it after each, so concurrent calls are not safe),
 *    with its defaults: WAL, synchronous = FULL (2) as compiled into sqlite3 5.
 *  - `emmett-read`: fills an Emmett store with the same events (its own `appendToStream`, all in one
 *    transaction) and reads everything back with `readMessagesBatch`, the global read its consumers use.
 *  - `raw-append`: better-sqlite3, our events table, one durable transaction per command
 *    (BEGIN IMMEDIATE … COMMIT, WAL, synchronous = FULL), one after another.
 *  - `raw-scan`: better-sqlite3 scanning every row of a store in position order and parsing both JSON columns, on one core.
 */
import Database from 'better-sqlite3';
import { childArgs, profiled, runChild } from './lib/child-result';
import { EventRow, commandsOf, openRawEventsTable, removeDatabase } from './lib/peer-events';
import { Samples, msSince } from './lib/stats';

type Mode = 'emmett-append' | 'emmett-read' | 'raw-append' | 'raw-scan';

interface Args {
  readonly mode: Mode;
  /** The store whose events are used (ours, SQLite). */
  readonly source: string;
  /** Where the peer's own file goes. */
  readonly target?: string;
  readonly seconds?: number;
  readonly maxEvents?: number;
}

async function emmettAppend(args: Args) {
  // Required lazily: only this mode needs the sqlite3 addon.
  const { getSQLiteEventStore } = await import('@event-driven-io/emmett-sqlite');
  removeDatabase(args.target!);
  const store = getSQLiteEventStore({ fileName: args.target!, schema: { autoMigration: 'CreateOrUpdate' } });
  const commands = [...commandsOf(args.source, args.maxEvents ?? 200_000)];
  // Creates the schema outside the measurement.
  await store.appendToStream('bench-warmup', [{ type: 'Warmup', data: {} }]);
  const latencies = new Samples();
  let events = 0;
  let retries = 0;
  // Emmett 0.38.5 on sqlite3 5 intermittently fails a commit with "SQLITE_BUSY: cannot commit
  // transaction - SQL statements in progress" (it rolls back); a user would retry, so do we.
  const append = async (command: EventRow[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await store.appendToStream(
          command[0][0],
          command.map(([, , , type, data, metadata]) => ({
            type,
            data: JSON.parse(data),
            metadata: JSON.parse(metadata),
          })),
        );
        return;
      } catch (error) {
        if (attempt >= 5 || (error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        retries++;
      }
    }
  };
  // Emmett logs the error of every rolled-back transaction with console.log: keep our output readable.
  const log = console.log;
  console.log = () => undefined;
  const started = process.hrtime.bigint();
  try {
    await profiled(async () => {
      for (const command of commands) {
        if (msSince(started) > (args.seconds ?? 10) * 1000) break;
        const issued = process.hrtime.bigint();
        await append(command);
        latencies.push(msSince(issued));
        events += command.length;
      }
    });
  } finally {
    console.log = log;
  }
  const seconds = msSince(started) / 1000;
  return {
    mode: args.mode,
    commands: latencies.length,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    latency: latencies.summary(),
    retries,
    available: commands.length,
  };
}

async function emmettRead(args: Args) {
  const { sqliteConnection, appendToStream, createEventStoreSchema, readMessagesBatch } =
    await import('@event-driven-io/emmett-sqlite');
  removeDatabase(args.target!);
  const connection = sqliteConnection({ fileName: args.target! });
  await createEventStoreSchema(connection);
  let filled = 0;
  const fillStarted = process.hrtime.bigint();
  await connection.withTransaction(async () => {
    for (const command of commandsOf(args.source, args.maxEvents ?? 200_000)) {
      const streamId = command[0][0];
      const [first, ...rest] = streamId.split('-');
      await appendToStream(
        connection,
        streamId,
        first && rest.length > 0 ? first : 'emt:unknown',
        command.map(([, , , type, data, metadata]) => ({
          type,
          data: JSON.parse(data),
          metadata: JSON.parse(metadata),
        })),
      );
      filled += command.length;
    }
  });
  const fillSeconds = msSince(fillStarted) / 1000;
  connection.close();

  // A fresh connection, so that nothing is read from the filling connection's cache.
  const reader = sqliteConnection({ fileName: args.target! });
  let read = 0;
  let after = 0n;
  const started = process.hrtime.bigint();
  await profiled(async () => {
    for (;;) {
      const batch = await readMessagesBatch(reader, { after, batchSize: 1000 });
      read += batch.messages.length;
      if (batch.messages.length === 0) break;
      after = batch.currentGlobalPosition;
      if (!batch.areEventsLeft) break;
    }
  });
  const seconds = msSince(started) / 1000;
  reader.close();
  return {
    mode: args.mode,
    events: read,
    seconds,
    eventsPerSecond: read / seconds,
    filled,
    fillSeconds,
    fillEventsPerSecond: filled / fillSeconds,
  };
}

async function rawAppend(args: Args) {
  const db = openRawEventsTable(args.target!);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const commands = [...commandsOf(args.source, args.maxEvents ?? 200_000)];
  const revisions = new Map<string, number>();
  const latencies = new Samples();
  let events = 0;
  const started = process.hrtime.bigint();
  await profiled(() => {
    for (const command of commands) {
      if (msSince(started) > (args.seconds ?? 10) * 1000) break;
      const issued = process.hrtime.bigint();
      begin.run();
      for (const [streamId, , eventId, type, data, metadata] of command) {
        const revision = (revisions.get(streamId) ?? -1) + 1;
        revisions.set(streamId, revision);
        insert.run(streamId, revision, eventId, type, data, metadata);
      }
      commit.run();
      latencies.push(msSince(issued));
      events += command.length;
    }
  });
  const seconds = msSince(started) / 1000;
  db.close();
  return {
    mode: args.mode,
    commands: latencies.length,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    latency: latencies.summary(),
    available: commands.length,
  };
}

async function rawScan(args: Args) {
  const db = new Database(args.source, { readonly: true });
  const rows = db.prepare('SELECT data, metadata FROM events ORDER BY position').raw();
  let count = 0;
  let checksum = 0;
  const started = process.hrtime.bigint();
  await profiled(() => {
    for (const [data, metadata] of rows.iterate() as IterableIterator<[string, string]>) {
      const event = JSON.parse(data) as object;
      const meta = JSON.parse(metadata) as { ledgerTime?: string };
      // Touch the parsed values so the work cannot be skipped.
      if (event && meta.ledgerTime) checksum += meta.ledgerTime.length;
      count++;
    }
  });
  const seconds = msSince(started) / 1000;
  db.close();
  return { mode: args.mode, events: count, seconds, eventsPerSecond: count / seconds, checksum };
}

runChild(async () => {
  const args = childArgs<Args>();
  switch (args.mode) {
    case 'emmett-append':
      return emmettAppend(args);
    case 'emmett-read':
      return emmettRead(args);
    case 'raw-append':
      return rawAppend(args);
    case 'raw-scan':
      return rawScan(args);
    default:
      throw new Error(`unknown mode ${String(args.mode)}`);
  }
});
