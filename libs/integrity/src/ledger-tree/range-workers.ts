import type { Worker } from 'node:worker_threads';
import { moduleWorker } from '@ledger/event-store';
import type { IntegrityIndex } from './integrity-index';

/** Work on the `count` events after position `after` (from the start when absent): leaves `first` onwards. */
export interface RangeRequest {
  readonly first: number;
  readonly after?: string;
  readonly count: number;
}

export interface RangeReply {
  readonly first: number;
  /** Events read: fewer than asked for where the store ends. */
  readonly count: number;
  /** Store position of the last event read (absent when none was). */
  readonly lastPosition?: string;
}

interface RangeFailure {
  readonly first: number;
  readonly error: string;
}

interface Pending<Reply> {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Threads that each open the event store themselves and work through ranges of it in global
 * order: ranges go to the threads in turn, each thread answers its own in the order asked. The
 * thread's module (`entry`) answers each {@link RangeRequest} with a reply or `{ first, error }`,
 * and closes its connections on the message 'close'.
 */
export class RangeWorkers<Reply extends RangeReply> {
  private readonly pending = new Map<number, Pending<Reply>>();
  private readonly exited = new Set<Worker>();
  private turn = 0;
  private failure?: Error;
  private readonly workers: readonly Worker[];

  /** Starts `threads` threads running `entry`, each given `workerData` (and the entry) as its workerData. */
  static start<Reply extends RangeReply>(entry: string, workerData: object, threads: number): RangeWorkers<Reply> {
    return new RangeWorkers<Reply>(entry, workerData, threads);
  }

  private constructor(entry: string, workerData: object, threads: number) {
    this.workers = Array.from({ length: threads }, () => moduleWorker(entry, workerData));
    for (const worker of this.workers) {
      worker.on('message', (reply: Reply | RangeFailure) => this.settle(reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        this.exited.add(worker);
        if (code !== 0) this.fail(new Error(`a range thread stopped (exit code ${code})`));
      });
    }
  }

  run(request: RangeRequest): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.has(request.first))
      return Promise.reject(new Error(`leaf ${request.first} is being worked on already`));
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(request.first, { resolve, reject });
      this.workers[this.turn++ % this.workers.length].postMessage(request);
    });
  }

  /** Lets each thread finish what it was asked and close its connections. */
  async close(): Promise<void> {
    this.fail(new Error('the range threads were closed'));
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

  private settle(reply: Reply | RangeFailure): void {
    const pending = this.pending.get(reply.first);
    if (!pending) return;
    this.pending.delete(reply.first);
    if ('error' in reply) pending.reject(new Error(`the range from leaf ${reply.first} failed: ${reply.error}`));
    else pending.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The store's events are not where the index places them: the ranges read do not join up. */
export class RangesOutOfStep extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RangesOutOfStep';
  }
}

/**
 * The replies for consecutive ranges of `perRange` leaves, in order, with at most `window`
 * ranges asked for ahead (memory stays flat). A range within the index is read from the
 * position the index holds for the leaf before it; the ranges then make up exactly the store's
 * sequence of events only if each one ends at that very position, which is checked before a
 * reply is handed out ({@link RangesOutOfStep} otherwise). With `end`, the ranges stop there and
 * each must be full; without, they go on past the index (each starting where the last ended)
 * until one comes back short: the end of the store.
 */
export async function* rangesInStep<Reply extends RangeReply>(
  workers: RangeWorkers<Reply>,
  index: IntegrityIndex,
  perRange: number,
  window: number,
  end?: number,
): AsyncGenerator<Reply> {
  const indexed = index.size();
  const asked: { first: number; after?: string; count: number; reply: Promise<Reply> }[] = [];
  const ask = (first: number, after: string | undefined, count: number) => {
    const reply = workers.run({ first, after, count });
    // Awaited in order below; a range still out when the reader stops early is simply dropped.
    reply.catch(() => undefined);
    asked.push({ first, after, count, reply });
  };
  const last = end ?? Number.POSITIVE_INFINITY;
  let next = 0;
  let lastRead: string | undefined;
  for (;;) {
    while (asked.length < window && next <= indexed && next < last) {
      const before = next === 0 ? undefined : index.leaf(next - 1);
      if (next > 0 && !before) throw new RangesOutOfStep(`the integrity index has no leaf ${next - 1}`);
      ask(next, before?.position, Math.min(perRange, last - next));
      next += perRange;
    }
    if (asked.length === 0) {
      if (next >= last) return;
      ask(next, lastRead, Math.min(perRange, last - next));
      next += perRange;
    }
    const range = asked.shift()!;
    const reply = await range.reply;
    if (range.first > 0 && range.after !== lastRead)
      throw new RangesOutOfStep(
        `the events before leaf ${range.first} end at position ${lastRead}, not at ${range.after} as the index says`,
      );
    if (end !== undefined && reply.count < range.count)
      throw new RangesOutOfStep(`the store holds fewer than ${range.first + range.count} events`);
    yield reply;
    if (reply.count < range.count) return;
    lastRead = reply.lastPosition;
  }
}
