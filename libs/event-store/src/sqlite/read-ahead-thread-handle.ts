import { extname, join } from 'node:path';
import { MessageChannel, type MessagePort, type Worker, receiveMessageOnPort } from 'node:worker_threads';
import { moduleWorker } from '../threads/module-worker';
import type { ReadAheadBatch } from './read-ahead-batch';
import {
  type ReadAheadFailure,
  type ReadAheadMessage,
  type ReadAheadRequest,
  type ReadAheadThreadData,
  TAKEN,
} from './read-ahead-protocol';

const THREAD_ENTRY = join(__dirname, `read-ahead-thread${extname(__filename)}`);

/**
 * The main thread's end of one reading thread: the batches it posted, in order, each taken
 * (and only then copied into this thread's heap) when the consumer gets to it. The thread keeps
 * the process alive only while a batch is awaited: a reader that drops its iteration without
 * ending it leaves an idle thread that no longer holds the process open (and that the store's
 * `close` ends).
 */
export class ReadAheadThreadHandle {
  private readonly worker: Worker;
  private readonly batches: MessagePort;
  private waiting?: { resolve: () => void; reject: (error: Error) => void };
  private failure?: Error;
  private stopping?: Promise<void>;

  constructor(request: ReadAheadRequest) {
    const { port1, port2 } = new MessageChannel();
    this.batches = port1;
    const workerData: Omit<ReadAheadThreadData, 'entry'> = { ...request, batches: port2 };
    this.worker = moduleWorker(THREAD_ENTRY, workerData, { transferList: [port2] });
    this.worker.unref();
    this.worker.on('message', () => this.wake()?.resolve());
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the thread reading ${request.path} stopped (exit code ${code})`)),
    );
  }

  /**
   * The next batch; rejects with the read's error (the thread's, or its end) once no batch
   * comes before it.
   */
  async next(): Promise<ReadAheadBatch> {
    for (;;) {
      const received = receiveMessageOnPort(this.batches) as { message: ReadAheadMessage } | undefined;
      if (received) {
        if ('error' in received.message) throw readError(received.message);
        return received.message;
      }
      // Told of a batch already taken, the loop simply finds none and waits again.
      await this.posted();
    }
  }

  /** The batch just taken is the main thread's now: the thread may read another. */
  taken(): void {
    if (!this.stopping) this.worker.postMessage(TAKEN);
  }

  /** Ends the thread, whatever it is doing; later calls to `next` reject. */
  stop(): Promise<void> {
    this.stopping ??= this.worker.terminate().then(() => this.batches.close());
    this.fail(new Error('the read was stopped'));
    return this.stopping;
  }

  private posted(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.worker.ref();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake()?.reject(this.failure);
  }

  private wake() {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) this.worker.unref();
    return waiting;
  }
}

/** The thread could not open the store file, and read nothing: the range is the caller's to read. */
export class ThreadCouldNotOpen extends Error {
  constructor(readonly reason: Error) {
    super(`the reading thread could not open the store file: ${reason.message}`, { cause: reason });
    this.name = 'ThreadCouldNotOpen';
  }
}

/** The thread's error as the read's: its message, name and code (`SQLITE_CORRUPT`, say) kept. */
function readError({ error, unopened }: ReadAheadFailure): Error {
  const reason = Object.assign(new Error(error.message), { name: error.name, code: error.code });
  return unopened ? new ThreadCouldNotOpen(reason) : reason;
}
