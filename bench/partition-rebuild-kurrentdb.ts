/**
 * What a projector partition's client-side skipping saves on KurrentDB (issue #15 item 3). A
 * server cannot pick a partition's events (it filters $all by stream name or type, and a
 * partition is a hash of the agency), so every instance receives every event and skips the other
 * partitions' records before decoding them. Copies the first `--events` events of a ledger's
 * SQLite store into the in-process KurrentDB test server (this process serves them), then
 * rebuilds the yearly figures as one partition, as one of two partitions alone, and as two
 * partitions at once, each a projector process of its own reading over gRPC (`partition-rebuild.ts`):
 *
 *   node -r @swc-node/register bench/partition-rebuild-kurrentdb.ts --source <ledger dir> [--events 200000]
 *
 * The test server is no real KurrentDB (it is JavaScript, on the same two cores): the clients'
 * CPU seconds, not the wall times, are the measure.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KurrentDbEventStore, NewEvent, RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { KurrentDbTestServer } from '../libs/event-store/src/testing/kurrentdb-test-server';
import { runBenchScript } from './lib/child-process';
import { eventFileOf } from './lib/ledger-context';
import type { PartitionRebuildArgs, PartitionRebuildResult } from './partition-rebuild';

const argv = process.argv.slice(2);
const arg = (name: string, fallback?: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const SOURCE = arg('--source');
const EVENTS = Number(arg('--events', '200000'));

/** Appends the events batch by batch, every stream of a batch at once, in the source's order within each stream. */
async function copy(source: SqliteEventStore, target: KurrentDbEventStore, count: number): Promise<number> {
  let copied = 0;
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const byStream = new Map<string, NewEvent[]>();
    for (const e of batch) {
      const event = { eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata };
      const list = byStream.get(e.streamId);
      if (list) list.push(event);
      else byStream.set(e.streamId, [event]);
    }
    await Promise.all([...byStream].map(([streamId, events]) => target.appendToStream(streamId, events)));
    copied += batch.length;
    batch = [];
  };
  for await (const stored of source.readAll({ maxCount: count })) {
    batch.push(stored);
    if (batch.length >= 2000) await flush();
  }
  await flush();
  return copied;
}

async function main(): Promise<void> {
  if (!SOURCE) throw new Error('--source <ledger dir> is required (a ledger made by bench/city-ledger.ts, say)');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'bench-partition-kurrentdb-'));
  const server = await KurrentDbTestServer.start();
  const url = `${server.url}&discoveryInterval=10`;
  try {
    const source = new SqliteEventStore(eventFileOf(SOURCE));
    const target = await KurrentDbEventStore.connect(url);
    const started = Date.now();
    const events = await copy(source, target, EVENTS);
    process.stderr.write(
      `  copied ${events} events into the test server in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    await source.close();
    await target.close();
    const rebuild = (partition: number, partitions: number) =>
      runBenchScript<PartitionRebuildResult>(
        'partition-rebuild.ts',
        { dataDir: SOURCE, kurrentDbUrl: url, partition, partitions } satisfies PartitionRebuildArgs,
        { workDir },
      );
    const one = await rebuild(0, 1);
    // Alone first (what one instance's own work costs), then both at once (two instances).
    const alone = await rebuild(0, 2);
    const two = await Promise.all([rebuild(0, 2), rebuild(1, 2)]);
    const cpu = (r: typeof one) => (r.usage.measuredCpuSeconds ?? 0).toFixed(1);
    const lines = [
      `KurrentDB (in-process test server), ${events.toLocaleString('en-US')} events, load average at start ${os.loadavg()[0].toFixed(1)}`,
      '',
      '| rebuild | wall s | client CPU s | decoded of read |',
      '|---|---:|---:|---|',
      `| 1 partition | ${one.seconds.toFixed(1)} | ${cpu(one)} | ${one.eventsDecoded} of ${one.eventsRead} |`,
      `| partition 0 of 2, alone | ${alone.seconds.toFixed(1)} | ${cpu(alone)} | ${alone.eventsDecoded} of ${alone.eventsRead} |`,
      ...two.map(
        (t) =>
          `| partition ${t.partition} of 2 (at once) | ${t.seconds.toFixed(1)} | ${cpu(t)} | ${t.eventsDecoded} of ${t.eventsRead} |`,
      ),
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
