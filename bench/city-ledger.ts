/**
 * A multi-agency ledger of millions of events, for the growth and region-scale runs (issues #17
 * item 3 and #15 item 4). Two modes, each in its own process:
 *
 *  - `template`: a city of `agencies` agencies (`cityPlan`, as `ledger demo --agencies N` makes
 *    it) written through the command handlers by the demo writer: every command validated,
 *    decided, sealed and acknowledged once durable. These are the only events decided here.
 *  - `bulk`: a city of `agencies × copies` agencies written into a fresh store through the
 *    store's `appendToStream`, in batches (see {@link copyCity}): the template's events again, each
 *    copy under the names of other agencies of the same `cityPlan`. Going through the command
 *    path instead would take hours on a small machine (about 3,000 events/s there).
 *
 * So every event of the bulk ledger is one the command path recorded, with its data, business
 * and ledger times and stream revision; a copy differs only in its agency, its stream names and
 * its event ids. Its sealed personal data stays sealed under the template's subject keys (the
 * key file is copied along), so a copy's applicants are the template's: the bench reads figures,
 * proofs and hashes, never subjects.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { loadDefaultCalendar } from '@ledger/domain';
import { DemoWriter, DemoYear, SimulatedClock, cityPlan } from '@ledger/demo';
import { NewEvent, RecordedEvent, SqliteEventStore } from '@ledger/event-store';
import { LedgerCommands, RegionHierarchyStore } from '@ledger/ledger';
import { childArgs, profiled, runChild } from './lib/child-result';
import { eventFileOf, openLedger } from './lib/ledger-context';
import { msSince } from './lib/stats';

export interface CityTemplateArgs {
  readonly mode: 'template';
  readonly dataDir: string;
  readonly agencies: number;
  readonly scale: number;
  readonly years: DemoYear[];
  readonly concurrency: number;
}

export interface CityBulkArgs {
  readonly mode: 'bulk';
  readonly templateDir: string;
  readonly dataDir: string;
  /** Agencies of the template (its `cityPlan`'s first agencies). */
  readonly agencies: number;
  readonly copies: number;
  /** Template events read per batch: their copies are appended together, every stream of the batch at once. */
  readonly batchEvents: number;
}

export interface CityTemplateResult {
  readonly agencies: number;
  readonly commands: number;
  readonly events: number;
  readonly failed: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

export interface CityBulkResult {
  readonly agencies: number;
  readonly copies: number;
  readonly events: number;
  readonly appends: number;
  readonly transactions: number;
  readonly appendsPerTransaction: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** A UUID named by `name` (SHA-256, version 5 layout), as the command path derives its own. */
function nameBasedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The agency ids of `cityPlan({ agencies: n })`, in its order (the same for every scale and year). */
function cityAgencies(n: number): string[] {
  return cityPlan({ agencies: n, scale: 0.001, years: [2020] }).hierarchy.agencies.map((a) => a.agency);
}

/**
 * An agency's record streams are named `<kind>-<agency>.<id>`; a copy takes another agency's name.
 * A stream of no agency (the region hierarchy's) is not copied: the bulk ledger loads its own.
 */
function renamedStream(streamId: string, from: string, to: string): string {
  const marker = `-${from}.`;
  const at = streamId.indexOf(marker);
  if (at < 0)
    throw new Error(`stream ${streamId} is not named after its agency ${from}; the copy would not be ${to}'s`);
  return `${streamId.slice(0, at)}-${to}.${streamId.slice(at + marker.length)}`;
}

/**
 * Copies the template's events `copies` times, batch by batch in the template's global order
 * (so the bulk ledger's order follows business time as the template's does): each batch's events
 * are grouped by stream, and every stream of every copy is appended at once with the revision
 * the template gave it, so the store's group commit puts thousands of appends in one durable
 * transaction. Copy 0 is the template itself (same agencies, same event ids).
 */
async function copyCity(
  template: SqliteEventStore,
  target: SqliteEventStore,
  templateAgencies: readonly string[],
  cityAgencyIds: readonly string[],
  copies: number,
  batchEvents: number,
): Promise<{ events: number; appends: number }> {
  const known = new Set(templateAgencies);
  const copyOf = (agency: string, copy: number) =>
    cityAgencyIds[copy * templateAgencies.length + templateAgencies.indexOf(agency)];
  let events = 0;
  let appends = 0;
  let batch: RecordedEvent[] = [];
  let lastReport = Date.now();
  const flush = async () => {
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of batch) {
      const list = byStream.get(e.streamId);
      if (list) list.push(e);
      else byStream.set(e.streamId, [e]);
    }
    const pending: Promise<unknown>[] = [];
    for (const stream of byStream.values()) {
      const agency = String(stream[0].metadata.agency);
      const first = stream[0].revision;
      for (let copy = 0; copy < copies; copy++) {
        const to = copyOf(agency, copy);
        const streamId = copy === 0 ? stream[0].streamId : renamedStream(stream[0].streamId, agency, to);
        const newEvents: NewEvent[] = stream.map((e) => ({
          eventId: copy === 0 ? e.eventId : nameBasedUuid(`${to}\n${e.eventId}`),
          type: e.type,
          data: e.data,
          metadata: copy === 0 ? e.metadata : { ...e.metadata, agency: to },
        }));
        pending.push(
          target.appendToStream(streamId, newEvents, { expectedRevision: first === 0 ? 'no_stream' : first - 1 }),
        );
        events += newEvents.length;
        appends++;
      }
    }
    await Promise.all(pending);
    batch = [];
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      process.stderr.write(`    bulk: ${events.toLocaleString('en-US')} events appended\n`);
    }
  };
  for await (const stored of template.readAll()) {
    const agency = stored.metadata.agency;
    if (typeof agency !== 'string' || !known.has(agency) || !stored.streamId.includes(`-${agency}.`)) continue;
    batch.push(stored);
    if (batch.length >= batchEvents) await flush();
  }
  if (batch.length) await flush();
  return { events, appends };
}

async function writeTemplate(args: CityTemplateArgs): Promise<CityTemplateResult> {
  const city = cityPlan({ agencies: args.agencies, scale: args.scale, years: args.years });
  const clock = new SimulatedClock();
  const { app } = await openLedger(args.dataDir, { clock: clock.now });
  // Loaded at the clock's start, before the catalogue: the hierarchy is in force for every event.
  await app.get(RegionHierarchyStore).load(city.hierarchy, 'bench', city.plans[0].agency);
  const writer = new DemoWriter(app.get(LedgerCommands), clock, loadDefaultCalendar());
  let commands = 0;
  let events = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await profiled(async () => {
    for (const plan of city.plans) {
      const summary = await writer.write(plan, { concurrency: args.concurrency });
      commands += summary.completed;
      events += summary.recordedEvents;
      failed += summary.failed;
      process.stderr.write(
        `    template ${plan.agency}: ${summary.recordedEvents} events in ${summary.seconds.toFixed(1)} s\n`,
      );
    }
  });
  const seconds = msSince(started) / 1000;
  await app.close();
  return { agencies: args.agencies, commands, events, failed, seconds, eventsPerSecond: events / seconds };
}

async function writeBulk(args: CityBulkArgs): Promise<CityBulkResult> {
  const agencies = args.agencies * args.copies;
  const city = cityPlan({ agencies, scale: 0.001, years: [2020] });
  // The template's subject keys, so that the copied sealed data stays openable as the template's.
  for (const file of ['master.key', 'keys.sqlite'])
    if (existsSync(path.join(args.templateDir, file)))
      copyFileSync(path.join(args.templateDir, file), path.join(args.dataDir, file));
  const clock = new SimulatedClock();
  const { app, store } = await openLedger(args.dataDir, { clock: clock.now });
  // Loaded at the clock's start, before the catalogue: the hierarchy is in force for every event.
  await app.get(RegionHierarchyStore).load(city.hierarchy, 'bench', city.plans[0].agency);
  const template = new SqliteEventStore(eventFileOf(args.templateDir));
  const started = process.hrtime.bigint();
  const copied = await profiled(() =>
    copyCity(
      template,
      store,
      cityAgencies(args.agencies),
      city.hierarchy.agencies.map((a) => a.agency),
      args.copies,
      args.batchEvents,
    ),
  );
  const seconds = msSince(started) / 1000;
  const commits = store.commitStats;
  await template.close();
  await app.close();
  return {
    agencies,
    copies: args.copies,
    events: copied.events,
    appends: copied.appends,
    transactions: commits.transactions,
    appendsPerTransaction: commits.transactions ? commits.appends / commits.transactions : 0,
    seconds,
    eventsPerSecond: copied.events / seconds,
  };
}

if (require.main === module)
  runChild(() => {
    const args = childArgs<CityTemplateArgs | CityBulkArgs>();
    return args.mode === 'template' ? writeTemplate(args) : writeBulk(args);
  });
