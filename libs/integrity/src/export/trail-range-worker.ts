/**
 * The thread side of a parallel export (trail-exporter.ts): opens the event store and the
 * integrity index itself and, for each range it is asked for, reads those events in global
 * order and writes the lines of the events the filter keeps exactly as an export on one thread
 * does, with their leaf hashes for the proofs. Ranges are answered in the order asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RecordedEvent, parsePosition, positionToString } from '@ledger/event-store/event-store.port';
import { SqliteEventStore } from '@ledger/event-store/sqlite/sqlite-event-store';
import { leafInputOf } from '../ledger-tree/event-leaf';
import { IntegrityIndex } from '../ledger-tree/integrity-index';
import type { RangeRequest } from '../ledger-tree/range-workers';
import { HASH_SIZE, hashLeafText } from '../merkle/merkle-hash';
import { trailMatcher } from './export-filter';
import { streamFactsCache } from './stream-facts-cache';
import { csvRow } from './trail-csv';
import { eventLine } from './trail-lines';
import type { TrailRangeReply, TrailRangeSetup } from './trail-range-protocol';

const port = parentPort!;
const utf8 = new TextEncoder();
const setup = workerData as TrailRangeSetup;
const store = new SqliteEventStore(setup.storePath);
const index = IntegrityIndex.open(setup.indexPath);
const facts = streamFactsCache(index);
const matches = trailMatcher(setup.filter, facts);

async function writeRange(request: RangeRequest): Promise<TrailRangeReply> {
  const hashes = new Uint8Array(new ArrayBuffer(request.count * HASH_SIZE));
  const leaves: number[] = [];
  let eventLines = '';
  let csvRows = '';
  let fallbackEncoded = 0;
  let count = 0;
  let last: RecordedEvent | undefined;
  const after = request.after === undefined ? undefined : parsePosition(request.after);
  for await (const event of store.readAll({ after, maxCount: request.count })) {
    const leafIndex = request.first + count;
    if (matches(event)) {
      const leaf = leafInputOf(event);
      if (leaf.encoding !== 'rfc8785') fallbackEncoded++;
      const leafHash = hashLeafText(leaf.text);
      hashes.set(leafHash, leaves.length * HASH_SIZE);
      leaves.push(leafIndex);
      eventLines += eventLine(leafIndex, leafHash, leaf.text);
      csvRows += csvRow(leafIndex, event, facts(event.streamId));
    }
    last = event;
    count++;
  }
  const lastPosition = last && positionToString(last.position);
  return {
    first: request.first,
    count,
    lastPosition,
    leaves,
    hashes: hashes.buffer,
    eventLines: utf8.encode(eventLines).buffer,
    csvRows: utf8.encode(csvRows).buffer,
    fallbackEncoded,
  };
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: RangeRequest | 'close') => {
  queue = queue.then(async () => {
    if (message === 'close') {
      index.close();
      await store.close();
      port.close();
      return;
    }
    try {
      const reply = await writeRange(message);
      port.postMessage(reply, [reply.hashes, reply.eventLines, reply.csvRows]);
    } catch (error) {
      port.postMessage({ first: message.first, error: (error as Error).stack ?? String(error) });
    }
  });
});
