/**
 * The thread side of {@link LeafRangeHasher}: opens the SQLite event store itself and, for each
 * range it is asked for, reads those events in global order and hashes them exactly as the
 * verifier does on its own thread ({@link leafOf}), so a range's hashes are what a sequential
 * pass would compute. Ranges are answered in the order they were asked for.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parsePosition, positionToString } from '@ledger/event-store/event-store.port';
import { SqliteEventStore } from '@ledger/event-store/sqlite/sqlite-event-store';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { leafOf } from './event-leaf';
import type { FallbackLeaf, LeafRangeReply, LeafRangeRequest } from './leaf-range-protocol';

const port = parentPort!;
const store = new SqliteEventStore((workerData as { storePath: string }).storePath);

async function hashRange(request: LeafRangeRequest): Promise<LeafRangeReply> {
  const hashes = new Uint8Array(new ArrayBuffer(request.count * HASH_SIZE));
  const fallbacks: FallbackLeaf[] = [];
  let count = 0;
  let lastPosition: string | undefined;
  const after = request.after === undefined ? undefined : parsePosition(request.after);
  for await (const event of store.readAll({ after, maxCount: request.count })) {
    const { hash, fallback } = leafOf(event);
    hashes.set(hash, count * HASH_SIZE);
    lastPosition = positionToString(event.position);
    if (fallback)
      fallbacks.push({ leafIndex: request.first + count, position: lastPosition, streamId: event.streamId });
    count++;
  }
  return { first: request.first, count, hashes: hashes.buffer, lastPosition, fallbacks };
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: LeafRangeRequest | 'close') => {
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
