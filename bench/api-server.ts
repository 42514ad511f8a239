/**
 * Item 4's server: the HTTP API as `createApi` builds it (the embedded deployment: live
 * projection in-process, read models in SQLite, auth off because we pass our own store), on one
 * data directory, listening on 127.0.0.1:<port>. Prints `READY <port>` on stdout once listening.
 * Through its IPC channel the orchestrator marks each load phase (`{ phase: 'start', profile? }`
 * and `{ phase: 'stop' }`, answered with the phase's CPU seconds) so that its CPU time and
 * profile cover that phase only. On SIGTERM it closes the application and writes its result.
 */
import { SqliteEventStore } from '@ledger/event-store';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { childArgs, processUsage, startProfiler, writeChildResult } from './lib/child-result';
import { benchConfig, ensureMasterKey, eventFileOf } from './lib/ledger-context';
import { msSince } from './lib/stats';

interface Args {
  readonly dataDir: string;
  readonly port: number;
}

export type PhaseMessage = { readonly phase: 'start'; readonly profile?: string } | { readonly phase: 'stop' };
export interface PhaseReply {
  readonly phase: 'started' | 'stopped';
  readonly cpuSeconds?: number;
}

async function main(): Promise<void> {
  const args = childArgs<Args>();
  ensureMasterKey(args.dataDir);
  const started = process.hrtime.bigint();
  const config = benchConfig(args.dataDir, { PORT: String(args.port) });
  const app = await createApi({ config, eventStore: new SqliteEventStore(eventFileOf(args.dataDir)) }, false);
  await app.listen(args.port, '127.0.0.1');
  const bootSeconds = msSince(started) / 1000;

  let phaseCpu: NodeJS.CpuUsage | undefined;
  let stopProfiler: (() => Promise<void>) | undefined;
  process.on('message', (message: PhaseMessage) => {
    void (async () => {
      if (message.phase === 'start') {
        if (message.profile) stopProfiler = await startProfiler(message.profile);
        phaseCpu = process.cpuUsage();
        process.send?.({ phase: 'started' } satisfies PhaseReply);
      } else {
        const used = process.cpuUsage(phaseCpu);
        await stopProfiler?.();
        stopProfiler = undefined;
        process.send?.({ phase: 'stopped', cpuSeconds: (used.user + used.system) / 1e6 } satisfies PhaseReply);
      }
    })();
  });
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
