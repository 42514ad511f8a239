/**
 * The true limits of this machine for the work the ledger does, on the same bytes (issue #17 item 2).
 * Each is what our figure would be if the ledger did nothing but the unavoidable part:
 *
 *  - `raw-append-batched`: better-sqlite3, our events table, the events item 1 recorded, grouped
 *    into durable transactions of exactly as many commands as our group commit put in one
 *    (item 1's measured appends per commit), WAL, synchronous = FULL. The ceiling of items 1 and 2.
 *  - `raw-sha256`: the RFC 9162 tree of the same leaf inputs (SHA-256(0x00 || leaf) per event and
 *    SHA-256(0x01 || left || right) per interior node), the leaf inputs written beforehand so that
 *    only hashing is measured. The ceiling of checkpoint and verify on one core.
 *  - `raw-scan-threads`: better-sqlite3 scanning every row and parsing both JSON columns, the
 *    position range split between N worker threads (N = 2 here: both cores). The ceiling of a
 *    rebuild, an export or a verify that reads the store.
 */
import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { leafInputOf } from '@ledger/integrity';
import { childArgs, profiled, runChild } from './lib/child-result';
import { commandsOf, openRawEventsTable } from './lib/peer-events';
import { Samples, msSince } from './lib/stats';

type Mode = 'raw-append-batched' | 'raw-sha256' | 'raw-scan-threads';

interface Args {
  readonly mode: Mode;
  /** The store whose events are used (ours, SQLite). */
  readonly source: string;
  readonly target?: string;
  readonly seconds?: number;
  readonly maxEvents?: number;
  /** raw-append-batched: commands per durable transaction (ours, measured by item 1). */
  readonly commandsPerCommit?: number;
  /** raw-scan-threads: how many threads share the scan. */
  readonly threads?: number;
}

async function rawAppendBatched(args: Args) {
  const perCommit = Math.max(1, Math.round(args.commandsPerCommit ?? 1));
  const db = openRawEventsTable(args.target!);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const commands = [...commandsOf(args.source, args.maxEvents ?? 200_000)];
  const commits = new Samples();
  let events = 0;
  let done = 0;
  const started = process.hrtime.bigint();
  await profiled(() => {
    // Round and round the same commands (re-numbered revisions, fresh ids) until the time is up,
    // so that a short source does not end the run early.
    for (let round = 0; msSince(started) < (args.seconds ?? 10) * 1000; round++) {
      for (let i = 0; i < commands.length && msSince(started) < (args.seconds ?? 10) * 1000; i += perCommit) {
        const issued = process.hrtime.bigint();
        begin.run();
        for (const command of commands.slice(i, i + perCommit)) {
          for (const [streamId, revision, eventId, type, data, metadata] of command) {
            insert.run(
              round === 0 ? streamId : `${streamId}~${round}`,
              revision,
              round === 0 ? eventId : `${eventId}~${round}`,
              type,
              data,
              metadata,
            );
            events++;
          }
          done++;
        }
        commit.run();
        commits.push(msSince(issued));
      }
    }
  });
  const seconds = msSince(started) / 1000;
  db.close();
  return {
    mode: args.mode,
    commands: done,
    commandsPerCommit: perCommit,
    commits: commits.length,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    commitLatency: commits.summary(),
  };
}

async function rawSha256(args: Args) {
  const db = new Database(args.source, { readonly: true });
  const rows = db
    .prepare('SELECT event_id, type, stream_id, revision, data, metadata FROM events ORDER BY position LIMIT ?')
    .raw()
    .iterate(args.maxEvents ?? 300_000) as IterableIterator<[string, string, string, number, string, string]>;
  // The leaf inputs exactly as the ledger writes them (RFC 8785 of the stored event), prefixed
  // with the leaf tag, written before the clock starts.
  const leaves: Buffer[] = [];
  let bytes = 0;
  for (const [eventId, type, streamId, revision, data, metadata] of rows) {
    const { text } = leafInputOf({
      eventId,
      type,
      streamId,
      revision,
      data: JSON.parse(data),
      metadata: JSON.parse(metadata),
    });
    const leaf = Buffer.from('\u0000' + text, 'utf8');
    bytes += leaf.length;
    leaves.push(leaf);
  }
  db.close();
  const node = Buffer.alloc(65);
  node[0] = 0x01;
  let root: Buffer | undefined;
  const started = process.hrtime.bigint();
  await profiled(() => {
    // Leaf hashes, then the tree level by level (an odd node is carried up, as RFC 9162's
    // split at the largest power of two gives for a left-filled tree).
    let level: Buffer[] = leaves.map((leaf) => hash('sha256', leaf, 'buffer'));
    while (level.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) {
        level[i].copy(node, 1);
        level[i + 1].copy(node, 33);
        next.push(hash('sha256', node, 'buffer'));
      }
      if (level.length % 2 === 1) next.push(level[level.length - 1]);
      level = next;
    }
    root = level[0];
  });
  const seconds = msSince(started) / 1000;
  return {
    mode: args.mode,
    events: leaves.length,
    leafBytes: bytes,
    seconds,
    eventsPerSecond: leaves.length / seconds,
    root: root?.toString('hex'),
  };
}

/** Plain JavaScript run by each worker: no TypeScript loader is needed in a worker thread. */
const SCAN_WORKER = `
const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
const { parentPort, workerData } = require('node:worker_threads');
const db = new Database(workerData.source, { readonly: true });
const rows = db.prepare('SELECT data, metadata FROM events WHERE position > ? AND position <= ? ORDER BY position').raw();
let count = 0, checksum = 0;
for (const [data, metadata] of rows.iterate(workerData.from, workerData.to)) {
  const event = JSON.parse(data);
  const meta = JSON.parse(metadata);
  if (event && meta.ledgerTime) checksum += meta.ledgerTime.length;
  count++;
}
db.close();
parentPort.postMessage({ count, checksum });
`;

async function rawScanThreads(args: Args) {
  const threads = Math.max(1, args.threads ?? 2);
  const db = new Database(args.source, { readonly: true });
  const { low, high } = db.prepare('SELECT MIN(position) - 1 AS low, MAX(position) AS high FROM events').get() as {
    low: number;
    high: number;
  };
  db.close();
  const span = Math.ceil((high - low) / threads);
  const started = process.hrtime.bigint();
  const parts = await Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise<{ count: number; checksum: number }>((resolve, reject) => {
          const worker = new Worker(SCAN_WORKER, {
            eval: true,
            workerData: { source: args.source, from: low + i * span, to: Math.min(high, low + (i + 1) * span) },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const seconds = msSince(started) / 1000;
  const events = parts.reduce((sum, part) => sum + part.count, 0);
  return { mode: args.mode, threads, events, seconds, eventsPerSecond: events / seconds };
}

runChild(async () => {
  const args = childArgs<Args>();
  switch (args.mode) {
    case 'raw-append-batched':
      return rawAppendBatched(args);
    case 'raw-sha256':
      return rawSha256(args);
    case 'raw-scan-threads':
      return rawScanThreads(args);
    default:
      throw new Error(`unknown mode ${String(args.mode)}`);
  }
});
