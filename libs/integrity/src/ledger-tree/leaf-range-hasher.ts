import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LeafRangeFailure, LeafRangeReply, LeafRangeRequest } from './leaf-range-protocol';

export type { FallbackLeaf, LeafRangeReply } from './leaf-range-protocol';

/**
 * Loads the thread's module: compiled JavaScript as it is; TypeScript (tests, `npm run ledger`)
 * through the same on-the-fly compiler the process uses, which a worker does not inherit under jest.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) require('@swc-node/register');
require(workerData.entry);
`;

const WORKER_ENTRY = join(__dirname, `leaf-range-worker${extname(__filename)}`);

interface Pending {
  readonly resolve: (reply: LeafRangeReply) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Leaf hashes of ranges of a SQLite event store, recomputed on other threads, each of which
 * opens the file itself: reading, parsing, canonical encoding and hashing all leave the
 * caller's thread. Ranges go to the threads in turn; each thread answers its own in order.
 */
export class LeafRangeHasher {
  private readonly pending = new Map<number, Pending>();
  private readonly exited = new Set<Worker>();
  private turn = 0;
  private failure?: Error;

  private constructor(private readonly workers: readonly Worker[]) {
    for (const worker of workers) {
      worker.on('message', (reply: LeafRangeReply | LeafRangeFailure) => this.settle(reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        this.exited.add(worker);
        if (code !== 0) this.fail(new Error(`a leaf hashing thread stopped (exit code ${code})`));
      });
    }
  }

  /** Starts `threads` threads on the store file at `storePath`. */
  static start(storePath: string, threads: number): LeafRangeHasher {
    const workers = Array.from(
      { length: threads },
      () => new Worker(BOOTSTRAP, { eval: true, workerData: { entry: WORKER_ENTRY, storePath } }),
    );
    return new LeafRangeHasher(workers);
  }

  /** The hashes of up to `count` leaves from `first`: the events after position `after` (from the start when absent). */
  hash(first: number, after: string | undefined, count: number): Promise<LeafRangeReply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.has(first)) return Promise.reject(new Error(`leaf ${first} is being hashed already`));
    const request: LeafRangeRequest = { first, after, count };
    return new Promise<LeafRangeReply>((resolve, reject) => {
      this.pending.set(first, { resolve, reject });
      this.workers[this.turn++ % this.workers.length].postMessage(request);
    });
  }

  /** Lets each thread finish what it was asked and close its connection. */
  async close(): Promise<void> {
    this.fail(new Error('the leaf hasher was closed'));
    await Promise.all(
      this.workers
        .filter((worker) => !this.exited.has(worker))
        .map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.postMessage('close');
            }),
        ),
    );
  }

  private settle(reply: LeafRangeReply | LeafRangeFailure): void {
    const pending = this.pending.get(reply.first);
    if (!pending) return;
    this.pending.delete(reply.first);
    if ('error' in reply) pending.reject(new Error(`hashing leaves from ${reply.first} failed: ${reply.error}`));
    else pending.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
