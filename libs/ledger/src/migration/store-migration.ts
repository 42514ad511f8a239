import { createHash } from 'node:crypto';
import {
  EventStore,
  KURRENTDB_SAFE_APPEND_BYTES,
  kurrentDbAppendSize,
  NewEvent,
  RecordedEvent,
} from '@ledger/event-store';
import { stableJson } from '../recording/command-metadata';

export interface MigrationProgress {
  readonly copied: number;
  readonly skipped: number;
}

export interface MigrationResult extends MigrationProgress {
  readonly verification: StoreComparison;
}

export interface StoreComparison {
  readonly sourceEvents: number;
  readonly targetEvents: number;
  readonly sourceDigest: string;
  readonly targetDigest: string;
  readonly identical: boolean;
}

/** Consecutive events of one stream are appended together (fewer round trips to a remote store), this many at most. */
const BATCH = 500;

export interface MigrationOptions {
  /**
   * Largest append in bytes, as KurrentDB counts them (default: what every KurrentDB version
   * takes, below the 1 MiB limit of servers before 25.1). An event bigger than this goes alone.
   */
  readonly maxBatchBytes?: number;
}

/**
 * Copies every event from one store to another (SQLite → KurrentDB, or back), preserving the
 * global order, event ids, stream revisions, data and metadata (with its business and ledger
 * times). Resumable: events already in the target (found by stream revision) are skipped, and
 * the idempotent appends make a retried batch harmless. Verified by comparing the count and a
 * digest of the whole sequence on both sides.
 */
export async function migrateStore(
  source: EventStore,
  target: EventStore,
  onProgress?: (p: MigrationProgress) => void,
  options: MigrationOptions = {},
): Promise<MigrationResult> {
  const maxBatchBytes = options.maxBatchBytes ?? KURRENTDB_SAFE_APPEND_BYTES;
  let copied = 0;
  let skipped = 0;
  const targetRevisions = new Map<string, number>();
  const revisionInTarget = async (streamId: string): Promise<number> => {
    let revision = targetRevisions.get(streamId);
    if (revision === undefined) {
      revision = (await target.streamRevision(streamId)) ?? -1;
      // Keep the cache bounded: a province's ledger has millions of streams.
      if (targetRevisions.size > 100_000) targetRevisions.clear();
      targetRevisions.set(streamId, revision);
    }
    return revision;
  };

  let pending: RecordedEvent[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const streamId = pending[0].streamId;
    const first = pending[0].revision;
    const events: NewEvent[] = pending.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      data: e.data,
      metadata: e.metadata,
    }));
    await target.appendToStream(streamId, events, { expectedRevision: first === 0 ? 'no_stream' : first - 1 });
    targetRevisions.set(streamId, pending[pending.length - 1].revision);
    copied += pending.length;
    pending = [];
    pendingBytes = 0;
    onProgress?.({ copied, skipped });
  };

  for await (const event of source.readAll()) {
    if (event.revision <= (await revisionInTarget(event.streamId))) {
      skipped++;
      continue;
    }
    const bytes = kurrentDbAppendSize(event);
    if (
      pending.length &&
      (pending[0].streamId !== event.streamId || pending.length >= BATCH || pendingBytes + bytes > maxBatchBytes)
    )
      await flush();
    pending.push(event);
    pendingBytes += bytes;
  }
  await flush();
  return { copied, skipped, verification: await compareStores(source, target) };
}

/** Counts and digests both stores' event sequences (order, ids, streams, revisions, content). */
export async function compareStores(source: EventStore, target: EventStore): Promise<StoreComparison> {
  const [a, b] = await Promise.all([digestOf(source), digestOf(target)]);
  return {
    sourceEvents: a.count,
    targetEvents: b.count,
    sourceDigest: a.digest,
    targetDigest: b.digest,
    identical: a.count === b.count && a.digest === b.digest,
  };
}

async function digestOf(store: EventStore): Promise<{ count: number; digest: string }> {
  const hash = createHash('sha256');
  let count = 0;
  for await (const e of store.readAll()) {
    hash.update(
      stableJson({
        eventId: e.eventId,
        type: e.type,
        streamId: e.streamId,
        revision: e.revision,
        data: e.data,
        metadata: e.metadata,
      }),
    );
    hash.update('\n');
    count++;
  }
  return { count, digest: hash.digest('hex') };
}
