/**
 * The thread side of LeafRangeHasher: opens the SQLite event store itself and, for each
 * range it is asked for, reads those events in global order and hashes them exactly as the
 * verifier does on its own thread ({@link leafOf}), so a range's hashes are what a sequential
 * pass would compute. Ranges are answered in the order they were asked for.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type RecordedEvent, parsePosition, positionToString } from '@ledger/event-store/event-store.port';
import { SqliteEventStore } from '@ledger/event-store/sqlite/sqlite-event-store';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { leafOf } from './event-leaf';
import type { FallbackLeaf, LeafRangeReply } from './leaf-range-protocol';
import type { RangeRequest } from './range-workers';

const port = parentPort!;
const store = new SqliteEventStore((workerData as { storePath: string }).storePath);

async function hashRange(request: RangeRequest): Promise<LeafRangeReply> {
  const hashes = new Uint8Array(new ArrayBuffer(request.count * HASH_SIZE));
  const fallbacks: FallbackLeaf[] = [];
  let count = 0;
  let last: RecordedEvent | undefined;
  const after = request.after === undefined ? undefined : parsePosition(request.after);
  for await (const event of store.readAll({ after, maxCount: request.count })) {
    const { hash, fallback } = leafOf(event);
    hashes.set(hash, count * HASH_SIZE);
    if (fallback)
      fallbacks.push({
        leafIndex: request.first + count,
        position: positionToString(event.position),
        streamId: event.streamId,
      });
    last = event;
    count++;
  }
  const lastPosition = last && positionToString(last.position);
  return { first: request.first, count, hashes: hashes.buffer, lastPosition, fallbacks };
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: RangeRequest | 'close') => {
  queue = queue.then(async () => {
    if (message === 'close') {
      await store.close();
      port.close();
      return;
    }
    try {
      const reply = await hashRange(message);
      port.postMessage(reply, [reply.hashes]);
    } catch (error) {
      port.postMessage({ first: message.first, error: (error as Error).stack ?? String(error) });
    }
  });
});
