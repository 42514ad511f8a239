/**
 * Item 6's PostgreSQL peer: Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`
 * 0.42.0), the store a Node team would pick for a multi-process deployment, against the
 * PostgreSQL on 127.0.0.1 (`BENCH_POSTGRES_URL` given to `npm run bench`, default the `test` database), with its defaults
 * (`synchronous_commit = on`: every append durable) and many appends in flight at once, as a
 * multi-process deployment would send them. The same events as item 1, grouped per command.
 *
 * It lives in its own package (bench/peers/emmett-postgresql), installed here on first use:
 * emmett-postgresql 0.42.0 pins emmett 0.42.0 exactly, and the SQLite peer pins emmett 0.38.5.
 * A throw-away database is created for the run and dropped after it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Client } from 'pg';
import { childArgs, profiled, runChild } from './lib/child-result';
import { commandsOf } from './lib/peer-events';
import { Samples, msSince } from './lib/stats';

interface Args {
  readonly source: string;
  readonly seconds?: number;
  readonly concurrency?: number;
  readonly maxEvents?: number;
  /** Where to create the throw-away database (the orchestrator passes `BENCH_POSTGRES_URL` on). */
  readonly postgresUrl?: string;
}

const PACKAGE_DIR = path.join(__dirname, 'peers', 'emmett-postgresql');

interface EmmettPostgres {
  getPostgreSQLEventStore(connectionString: string): {
    appendToStream(stream: string, events: { type: string; data: unknown; metadata?: unknown }[]): Promise<unknown>;
    close(): Promise<void>;
  };
}

function loadEmmett(): EmmettPostgres {
  if (!existsSync(path.join(PACKAGE_DIR, 'node_modules', '@event-driven-io', 'emmett-postgresql'))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', PACKAGE_DIR], { stdio: 'ignore' });
  }
  return createRequire(path.join(PACKAGE_DIR, 'package.json'))('@event-driven-io/emmett-postgresql') as EmmettPostgres;
}

async function withDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_emmett_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
    await admin.end();
  }
}

runChild(async () => {
  const args = childArgs<Args>();
  const adminUrl = args.postgresUrl ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const { getPostgreSQLEventStore } = loadEmmett();
  const commands = [...commandsOf(args.source, args.maxEvents ?? 200_000)];
  const concurrency = args.concurrency ?? 64;
  return withDatabase(adminUrl, async (url) => {
    const store = getPostgreSQLEventStore(url);
    // Creates the schema outside the measurement.
    await store.appendToStream('bench-warmup', [{ type: 'Warmup', data: {} }]);
    const latencies = new Samples();
    let events = 0;
    let next = 0;
    // A stream's commands go one after another, as the ledger's handlers send them: Emmett refuses
    // two concurrent appends to one stream ("Expected version … does not match").
    const inFlight = new Map<string, Promise<unknown>>();
    const started = process.hrtime.bigint();
    const deadline = (args.seconds ?? 10) * 1000;
    try {
      await profiled(() =>
        Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < commands.length && msSince(started) < deadline) {
              const command = commands[next++];
              const stream = command[0][0];
              const issued = process.hrtime.bigint();
              const append = (inFlight.get(stream) ?? Promise.resolve())
                .catch(() => undefined)
                .then(() =>
                  store.appendToStream(
                    stream,
                    command.map(([, , , type, data, metadata]) => ({
                      type,
                      data: JSON.parse(data),
                      metadata: JSON.parse(metadata),
                    })),
                  ),
                );
              inFlight.set(stream, append);
              await append;
              if (inFlight.get(stream) === append) inFlight.delete(stream);
              latencies.push(msSince(issued));
              events += command.length;
            }
          }),
        ),
      );
    } finally {
      await store.close();
    }
    const seconds = msSince(started) / 1000;
    return {
      mode: 'emmett-postgresql-append',
      concurrency,
      commands: latencies.length,
      events,
      seconds,
      eventsPerSecond: events / seconds,
      latency: latencies.summary(),
      available: commands.length,
    };
  });
});
