/**
 * Item 4's server: the HTTP API as `createApi` builds it (the embedded deployment: live
 * projection in-process, read models in SQLite, auth off because we pass our own store), on one
 * data directory, listening on 127.0.0.1:<port>. Prints `READY <port>` on stdout once listening;
 * on SIGTERM closes the application and writes its result (peak RSS, CPU) like any child.
 */
import { SqliteEventStore } from '@ledger/event-store';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { childArgs, processUsage, writeChildResult } from './lib/child-result';
import { benchConfig, ensureMasterKey, eventFileOf } from './lib/ledger-context';
import { msSince } from './lib/stats';

interface Args {
  readonly dataDir: string;
  readonly port: number;
}

async function main(): Promise<void> {
  const args = childArgs<Args>();
  ensureMasterKey(args.dataDir);
  const started = process.hrtime.bigint();
  const config = benchConfig(args.dataDir, { PORT: String(args.port) });
  const app = await createApi({ config, eventStore: new SqliteEventStore(eventFileOf(args.dataDir)) }, false);
  await app.listen(args.port, '127.0.0.1');
  const bootSeconds = msSince(started) / 1000;
  process.stdout.write(`READY ${args.port}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    const usage = processUsage();
    void app.close().finally(() => {
      writeChildResult({ bootSeconds, usageAtStop: usage });
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
