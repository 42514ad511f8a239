/**
 * The reading thread of `readAhead` (`sqlite-read-ahead.ts`): opens the store file itself,
 * read-only, and hands the rows of the range over in batches (`read-ahead-batch.ts` says how
 * they are shaped). Nothing is parsed here: data and metadata stay JSON text (the event the main
 * thread builds parses them when read), and a parsed object would cost as much to copy between
 * threads as parsing it there. It reads at most `batchesAhead` batches ahead of what the main thread
 * has taken, so memory stays flat however long the range.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_COLUMNS, type EventRow } from './event-row';
import { BatchEncoder } from './read-ahead-batch';
import { POSTED, type ReadAheadMessage, type ReadAheadThreadData, TAKEN } from './read-ahead-protocol';
import { PAGE_LIMIT } from './sqlite-event-reader';

const port = parentPort!;
const request = workerData as ReadAheadThreadData;

/** Batches and the failure go through their own port, in order; the main thread is told of each on `port`. */
function post(message: ReadAheadMessage): void {
  request.batches.postMessage(message, 'numbers' in message ? [message.numbers] : []);
  port.postMessage(POSTED);
}

function fail(error: unknown, unopened?: true): void {
  const { name, message, code } = (error instanceof Error ? error : new Error(String(error))) as Error & {
    code?: unknown;
  };
  post({ error: { name, message, code }, ...(unopened ? { unopened } : {}) });
}

const encoder = new BatchEncoder();
let credit = request.batchesAhead;
let after = request.after;
let remaining = request.maxCount;
let finished = false;
let readPage: ((after: number, limit: number) => EventRow[]) | undefined;
let db: Database.Database | undefined;

try {
  // fileMustExist: a file gone before the thread opens it is an error, never a new, empty store
  // read as "no events". Read-only: this connection has no business writing.
  db = new Database(request.path, { readonly: true, fileMustExist: true, timeout: request.busyTimeoutMs });
  const statement = db
    .prepare<[number, number, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position ${PAGE_LIMIT}`,
    )
    .raw();
  readPage = (from, limit) => statement.all(from, request.through, limit);
} catch (error) {
  finished = true;
  fail(error, true);
}

/**
 * One `all()` per batch, as `readAll` reads one per page, rather than one cursor over the
 * range: each batch is its own read transaction, so the read holds no snapshot open (which
 * would keep the WAL from being checkpointed while the main thread folds the events), and sees
 * the store as `readAll` would.
 */
function readWhileAllowed(): void {
  try {
    while (credit > 0 && !finished) {
      const limit = Math.min(request.batchRows, remaining);
      const rows = readPage!(after, limit);
      remaining -= rows.length;
      finished = rows.length < limit || remaining === 0;
      if (rows.length > 0) after = rows[rows.length - 1][0];
      credit--;
      post(encoder.encode(rows, finished));
    }
  } catch (error) {
    finished = true;
    fail(error);
  }
  // The main thread ends the thread once it has taken the last batch; the file is let go now.
  if (finished) {
    db?.close();
    db = undefined;
  }
}

port.on('message', (message: typeof TAKEN) => {
  if (message !== TAKEN) return;
  credit++;
  readWhileAllowed();
});
readWhileAllowed();
