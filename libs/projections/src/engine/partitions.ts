/**
 * Projection work split by agency into a fixed number of partitions, so that several projector
 * instances share it: each partition is a projection of its own (its own state, checkpoint row
 * and advisory lock) that applies the facts of its agencies only. Events that are no agency's
 * fact but change every figure (the working-day calendar's versions) are applied by every
 * partition. An agency's figures live wholly in one partition, so no figure is ever added up
 * across instances.
 *
 * A partition skips the other partitions' records before decoding them (`accepts`): with two
 * partitions each decodes and applies about half of the events, not all of them.
 *
 * The number of partitions is fixed for a deployment (changing it rebuilds every partition from
 * the first event, as a new projection); the number of instances may change freely.
 */
import { RECORD_KINDS } from '@ledger/domain';
import { RecordedEvent, metadataString } from '@ledger/event-store';
import { Projection } from './projection';

export const MAX_PARTITIONS = 256;

/**
 * The partition of an agency: FNV-1a (32-bit) of its id's UTF-16 code units, modulo the count.
 * Stable across processes and versions: a different function would move agencies between
 * partitions whose checkpoints already count them.
 */
export function partitionOf(agency: string, partitions: number): number {
  if (partitions === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < agency.length; i++) {
    hash ^= agency.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** One partition keeps the projection's own name, so a single-partition deployment resumes its checkpoint. */
export function partitionName(name: string, partition: number, partitions: number): string {
  return partitions === 1 ? name : `${name}/p${partition}of${partitions}`;
}

/** This instance's share: `index` of `of` instances prefers the partitions p with p mod of = index. */
export interface ProjectorInstance {
  readonly index: number;
  readonly of: number;
}

/** The partitions an instance takes at once; the others it takes over only once they stay free. */
export function preferredPartitions(partitions: number, instance?: ProjectorInstance): number[] {
  const all = Array.from({ length: partitions }, (_, p) => p);
  return instance === undefined ? all : all.filter((p) => p % instance.of === instance.index);
}

/** `LEDGER_PROJECTION_PARTITIONS`: a whole number from 1 to 256 (default 1). */
export function parsePartitions(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTITIONS)
    throw new Error(`LEDGER_PROJECTION_PARTITIONS must be a whole number from 1 to ${MAX_PARTITIONS}, got "${raw}"`);
  return n;
}

/** `LEDGER_PROJECTOR_INSTANCE`: `k/n`, this instance's index from 0 among n (e.g. 0/2 and 1/2). */
export function parseProjectorInstance(raw: string | undefined): ProjectorInstance | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(raw.trim());
  const index = match ? Number(match[1]) : NaN;
  const of = match ? Number(match[2]) : NaN;
  if (!match || of < 1 || index >= of)
    throw new Error(`LEDGER_PROJECTOR_INSTANCE must be k/n with 0 ≤ k < n, e.g. 0/2 or 1/2; got "${raw}"`);
  return { index, of };
}

const RECORD_STREAM_PREFIXES = RECORD_KINDS.map((kind) => `${kind}-`);

/**
 * The partition of a stored event's record, judged before decoding; undefined for an event of no
 * record (the calendar's, the region hierarchy's, an agency's yearly indicators), which every
 * partition reads and judges as it decodes it. A record's stream holds the facts of the record's
 * agency only, and that agency is its events' `metadata.agency`: the name cannot tell, since a
 * legacy `application-a1.2` reads like a per-agency one (see `recordStreamId`).
 */
export function partitionOfStored(stored: RecordedEvent, partitions: number): number | undefined {
  if (!RECORD_STREAM_PREFIXES.some((prefix) => stored.streamId.startsWith(prefix))) return undefined;
  const agency = metadataString(stored, 'agency');
  return agency === undefined ? undefined : partitionOf(agency, partitions);
}

/** The projection restricted to one partition's agencies (the projection itself when there is one partition). */
export function partitionedProjection<S>(
  projection: Projection<S>,
  partition: number,
  partitions: number,
): Projection<S> {
  if (partitions === 1) return projection;
  return {
    ...projection,
    name: partitionName(projection.name, partition, partitions),
    // Another partition's record is none of this one's facts: not even decoded.
    accepts: (stored) => {
      const of = partitionOfStored(stored, partitions);
      return (of === undefined || of === partition) && (projection.accepts?.(stored) ?? true);
    },
    evolve: (state, event) =>
      partitionOf(String(event.metadata.agency), partitions) === partition ? projection.evolve(state, event) : state,
    // A correction is recorded in the stream of the fact it corrects, under that fact's agency.
    refoldsOn: (correction) =>
      partitionOf(String(correction.metadata.agency), partitions) === partition &&
      (projection.refoldsOn?.(correction) ?? true),
  };
}
