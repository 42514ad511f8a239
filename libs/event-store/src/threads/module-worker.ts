import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Loads a thread's module: compiled JavaScript as it is; TypeScript (tests, `npm run ledger`, the
 * benchmarks) through the same on-the-fly compiler the process uses, which a worker does not
 * inherit under jest. That costs about 0.25 s of a thread's start, against 0.03-0.05 s for the
 * compiled JavaScript.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) require('@swc-node/register');
require(workerData.entry);
`;

/**
 * A thread running the module at `entry` (the `.ts` or built `.js` file beside the caller's),
 * given `workerData` with the entry added: every thread the ledger starts (the event store's
 * read-ahead, the integrity's range threads) starts this way.
 */
export function moduleWorker(
  entry: string,
  workerData: object,
  options: Omit<WorkerOptions, 'eval' | 'workerData'> = {},
): Worker {
  return new Worker(BOOTSTRAP, { ...options, eval: true, workerData: { ...workerData, entry } });
}
