/**
 * Item 7: appends through the KurrentDB adapter, on the in-process KurrentDB test server (no
 * Docker needed), against the official client's raw appends on the same server: what the
 * adapter itself costs per append. Three measures:
 *  - one append at a time (latency unloaded), each a command's append: one event, the exact
 *    expected revision, to one of 100 streams in turn;
 *  - 64 appends in flight to 1,000 streams (throughput);
 *  - the first append after opening a store, to a stream that already holds 20,000 events
 *    (what a restarted API pays for a long stream, such as an agency's access log);
 *  - a subscription catching up over everything written (a projector's rebuild), through the
 *    adapter against the raw client, and one whose consumer stops: how many events the server
 *    wrote to it before flow control held it.
 * Run alone: `BENCH_ARGS='{"seconds":5}' node -r @swc-node/register bench/kurrentdb-appends.ts`.
 */
import { randomUUID } from 'node:crypto';
import {
  type AllStreamResolvedEvent,
  excludeSystemEvents,
  KurrentDBClient,
  jsonEvent,
  NO_STREAM,
  START,
} from '@kurrent/kurrentdb-client';
import { KurrentDbEventStore, type NewEvent } from '@ledger/event-store';
import { KurrentDbTestServer } from '../libs/event-store/src/testing/kurrentdb-test-server';
import { childArgs, profiled, runChild } from './lib/child-result';
import { type LatencySummary, msSince, Samples } from './lib/stats';

interface Args {
  /** How long each throughput measure runs. */
  readonly seconds: number;
}

export interface AppendRun {
  readonly appendsPerSecond: number;
  readonly latency: LatencySummary;
}

export interface KurrentDbAppendsResult {
  readonly sequential: { readonly adapter: AppendRun; readonly raw: AppendRun };
  readonly concurrent: { readonly adapter: AppendRun; readonly raw: AppendRun };
  /** The first append after opening a store, to a stream of `longStreamEvents` events, ms. */
  readonly firstAppendToLongStreamMs: number;
  readonly longStreamEvents: number;
  /** Catch-up from the start of $all to the long stream's last event, events delivered per second. */
  readonly catchUp: { readonly events: number; readonly adapter: number; readonly raw: number };
  /** A consumer that stops after 100 events: what the server had written to it once held, of how many. */
  readonly stoppedSubscriber: { readonly writtenByServer: number; readonly available: number };
}

const SEQUENTIAL_STREAMS = 100;
const CONCURRENT_STREAMS = 1_000;
const IN_FLIGHT = 64;
const LONG_STREAM_EVENTS = 20_000;

/** One command's event: the size of a typical ledger event. */
function ledgerEvent(): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ApplicationAccepted',
    data: { applicationId: `A-${randomUUID()}`, at: new Date().toISOString(), accepted: true, note: '受理' },
    metadata: {
      agency: 'jiangmen-psb',
      actor: 'clerk-7',
      ledgerTime: new Date().toISOString(),
      correlationId: randomUUID(),
    },
  };
}

/** Appends through `append` for `seconds`, `inFlight` at a time, each to the next stream with its exact revision. */
async function measure(
  seconds: number,
  inFlight: number,
  streamCount: number,
  append: (streamId: string, expected: number | 'no_stream') => Promise<unknown>,
): Promise<AppendRun> {
  const prefix = `bench-${randomUUID()}`;
  const revisions = new Map<number, number>();
  const latencies = new Samples();
  const busy = new Set<number>();
  let next = 0;
  const deadline = Date.now() + seconds * 1_000;
  const started = process.hrtime.bigint();
  const lane = async (): Promise<void> => {
    while (Date.now() < deadline) {
      // Each stream has one append in flight at most, as the command executor's expected revisions imply.
      let stream = next++ % streamCount;
      while (busy.has(stream)) stream = next++ % streamCount;
      busy.add(stream);
      const revision = revisions.get(stream);
      const begun = process.hrtime.bigint();
      await append(`${prefix}-${stream}`, revision === undefined ? 'no_stream' : revision);
      latencies.push(msSince(begun));
      revisions.set(stream, (revision ?? -1) + 1);
      busy.delete(stream);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsedMs = msSince(started);
  return { appendsPerSecond: Math.round((latencies.length / elapsedMs) * 1_000), latency: latencies.summary() };
}

// Run as a child of run-bench.ts (or alone); imported only for its report section.
if (require.main === module) runChild(measureAll);

async function measureAll(): Promise<KurrentDbAppendsResult> {
  const { seconds } = childArgs<Args>();
  const server = await KurrentDbTestServer.start();
  // A shorter discovery interval than the client's 500 ms default only shortens the first connection.
  const url = `${server.url}&discoveryInterval=10`;
  const store = await KurrentDbEventStore.connect(url);
  const client = KurrentDBClient.connectionString(url);
  try {
    const viaAdapter = (streamId: string, expected: number | 'no_stream') =>
      store.appendToStream(streamId, [ledgerEvent()], { expectedRevision: expected });
    const raw = (streamId: string, expected: number | 'no_stream') => {
      const event = ledgerEvent();
      return client.appendToStream(
        streamId,
        jsonEvent({ id: event.eventId, type: event.type, data: { ...event.data }, metadata: { ...event.metadata } }),
        {
          streamState: expected === 'no_stream' ? NO_STREAM : BigInt(expected),
        },
      );
    };
    // Warm both paths (connections, server features, JIT) before measuring.
    await measure(1, 8, 16, viaAdapter);
    await measure(1, 8, 16, raw);

    const result = await profiled(async (): Promise<KurrentDbAppendsResult> => {
      const sequential = {
        adapter: await measure(seconds, 1, SEQUENTIAL_STREAMS, viaAdapter),
        raw: await measure(seconds, 1, SEQUENTIAL_STREAMS, raw),
      };
      const concurrent = {
        adapter: await measure(seconds, IN_FLIGHT, CONCURRENT_STREAMS, viaAdapter),
        raw: await measure(seconds, IN_FLIGHT, CONCURRENT_STREAMS, raw),
      };

      const longStream = `bench-long-${randomUUID()}`;
      for (let written = 0; written < LONG_STREAM_EVENTS; written += 500) {
        await client.appendToStream(
          longStream,
          Array.from({ length: 500 }, () => {
            const event = ledgerEvent();
            return jsonEvent({
              id: event.eventId,
              type: event.type,
              data: { ...event.data },
              metadata: { ...event.metadata },
            });
          }),
        );
      }
      const reopened = await KurrentDbEventStore.connect(url);
      const begun = process.hrtime.bigint();
      await reopened.appendToStream(longStream, [ledgerEvent()], { expectedRevision: LONG_STREAM_EVENTS - 1 });
      const firstAppendToLongStreamMs = msSince(begun);
      await reopened.close();

      const viaStore = store.subscribeToAll();
      const adapterCatchUp = await catchUpRate(
        viaStore,
        (event) => ({ streamId: event.streamId, revision: BigInt(event.revision) }),
        longStream,
        () => viaStore.close(),
      );
      const rawSubscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
      const rawCatchUp = await catchUpRate(
        rawSubscription as AsyncIterable<AllStreamResolvedEvent>,
        (resolved) => resolved.event && { streamId: resolved.event.streamId, revision: resolved.event.revision },
        longStream,
        () => rawSubscription.unsubscribe(),
      );
      const catchUp = { events: adapterCatchUp.events, adapter: adapterCatchUp.perSecond, raw: rawCatchUp.perSecond };
      const stoppedSubscriber = await stopAfter(100, store, server);
      return {
        sequential,
        concurrent,
        firstAppendToLongStreamMs,
        longStreamEvents: LONG_STREAM_EVENTS,
        catchUp,
        stoppedSubscriber,
      };
    });
    return result;
  } finally {
    await client.dispose();
    await store.close();
    await server.stop();
  }
}

/** Where an item of a subscription is: its stream and revision, or undefined for a non-event. */
type Locate<T> = (item: T) => { streamId: string; revision: bigint } | undefined;

/** Iterates a subscription from the start until `streamId`'s last event; events delivered per second. */
async function catchUpRate<T>(
  subscription: AsyncIterable<T>,
  locate: Locate<T>,
  streamId: string,
  stop: () => Promise<void>,
): Promise<{ events: number; perSecond: number }> {
  // The long stream's last revision, after the one append through the reopened store.
  const last = BigInt(LONG_STREAM_EVENTS);
  const started = process.hrtime.bigint();
  let events = 0;
  for await (const item of subscription) {
    events++;
    const at = locate(item);
    if (at?.streamId === streamId && at.revision === last) break;
  }
  const elapsedMs = msSince(started);
  await stop();
  return { events, perSecond: Math.round((events / elapsedMs) * 1_000) };
}

/** Subscribes, takes `count` events, then stops reading until the server is held and writes nothing more for 500 ms. */
async function stopAfter(
  count: number,
  store: KurrentDbEventStore,
  server: KurrentDbTestServer,
): Promise<{ writtenByServer: number; available: number }> {
  const subscription = store.subscribeToAll();
  const iterator = subscription[Symbol.asyncIterator]();
  for (let taken = 0; taken < count; taken++) await iterator.next();
  for (;;) {
    const before = server.subscriptionFlows[0];
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = server.subscriptionFlows[0];
    if (after.held && after.written === before.written) {
      await subscription.close();
      return { writtenByServer: after.written, available: server.eventCount };
    }
  }
}

/** The report's section for item 7. */
export function renderKurrentDbAppends(result: KurrentDbAppendsResult): string {
  const row = (label: string, run: AppendRun) =>
    `| ${label} | ${run.appendsPerSecond.toLocaleString('en-US')} | ${run.latency.p50Ms.toFixed(2)} | ${run.latency.p99Ms.toFixed(2)} |`;
  return [
    '## 7. Appends through the KurrentDB adapter (in-process test server)',
    '',
    'One event per append, with the exact expected revision, as the command executor sends them; the raw rows call the official client directly on the same server.',
    '',
    '| run | appends/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|',
    row(`adapter, one at a time, ${SEQUENTIAL_STREAMS} streams`, result.sequential.adapter),
    row(`raw client, one at a time, ${SEQUENTIAL_STREAMS} streams`, result.sequential.raw),
    row(`adapter, ${IN_FLIGHT} in flight, ${CONCURRENT_STREAMS} streams`, result.concurrent.adapter),
    row(`raw client, ${IN_FLIGHT} in flight, ${CONCURRENT_STREAMS} streams`, result.concurrent.raw),
    '',
    `First append after opening a store, to a stream of ${result.longStreamEvents.toLocaleString('en-US')} events: ${result.firstAppendToLongStreamMs.toFixed(1)} ms.`,
    '',
    `Catch-up from the start of $all (${result.catchUp.events.toLocaleString('en-US')} events): ${result.catchUp.adapter.toLocaleString('en-US')} events/s through the adapter, ${result.catchUp.raw.toLocaleString('en-US')} through the raw client. ` +
      `A subscriber that stops after 100 events: the server had written ${result.stoppedSubscriber.writtenByServer.toLocaleString('en-US')} of ${result.stoppedSubscriber.available.toLocaleString('en-US')} events to it when flow control held it.`,
    '',
  ].join('\n');
}
