import { availableParallelism } from 'node:os';
import { type EventStore, type RecordedEvent, SqliteEventStore, positionToString } from '@ledger/event-store';
import { type HashRow, IntegrityIndex, type IndexedLeaf, type StoredCheckpoint } from '../ledger-tree/integrity-index';
import { leafOf } from '../ledger-tree/event-leaf';
import { type FallbackLeaf, LeafRangeHasher } from '../ledger-tree/leaf-range-hasher';
import { RangesOutOfStep, rangesInStep } from '../ledger-tree/range-workers';
import { CompactRange } from '../merkle/compact-range';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { type Checkpoint, parseCheckpoint } from '../signed-note/checkpoint';
import { type NoteVerifier, keyIdHex } from '../signed-note/note-keys';
import { openNote } from '../signed-note/signed-note';
import { type WitnessKey, cosignaturesOf } from '../witness/cosignature';

/** How the event at a leaf differs from the one the index recorded there. */
export type TamperKind = 'changed' | 'missing' | 'inserted' | 'reordered' | 'rewritten';

/** The first place where the store no longer holds what was indexed and signed. */
export interface TamperFinding {
  readonly kind: TamperKind;
  /** 0-based leaf index in global order (for `rewritten`: the first leaf of the range that must hold the change). */
  readonly leafIndex: number;
  /** Store position of the event concerned (as stored, or as indexed when it is gone). */
  readonly position: string;
  /** Stream of the event the index recorded at this leaf. */
  readonly streamId: string;
  readonly eventId: string;
  readonly message: string;
}

export interface VerifyReport {
  /** True when every event matches its leaf, every checkpoint's signature and root, and nothing is missing. */
  readonly intact: boolean;
  /** Set when nothing could be checked against a signature (no checkpoint, no trusted key). */
  readonly unverifiable?: string;
  readonly tamper?: TamperFinding;
  /** Everything found wrong, most important first, as sentences. */
  readonly problems: readonly string[];
  /** Not wrong, but worth knowing (events not yet covered by a checkpoint). */
  readonly notes: readonly string[];
  readonly eventsRead: number;
  readonly leavesIndexed: number;
  readonly checkpointsVerified: number;
  /** Leaves whose events RFC 8785 cannot express, hashed with the documented fallback encoding (at most the first 100). */
  readonly fallbackLeaves: readonly {
    readonly leafIndex: number;
    readonly position: string;
    readonly streamId: string;
  }[];
  readonly fallbackLeafCount: number;
  readonly latestVerified?: { readonly id: number | 'external'; readonly treeSize: number; readonly signedAt?: string };
}

export interface VerifyOptions {
  /** Keys whose signatures make a checkpoint trusted. */
  readonly verifiers: readonly NoteVerifier[];
  /** Signed checkpoints kept outside the ledger (auditors, exports): checked like the log's own. */
  readonly externalCheckpoints?: readonly { readonly source: string; readonly note: string }[];
  /**
   * Witnesses whose cosignatures a checkpoint must carry (at least `min` of them) to count: a
   * checkpoint re-signed with the ledger's own key after a rewrite has none, so it vouches for
   * nothing and the witnessed ones are compared with the events instead.
   */
  readonly witnesses?: { readonly keys: readonly WitnessKey[]; readonly min: number };
  readonly onProgress?: (eventsRead: number) => void;
  /**
   * The SQLite file `store` reads, when the caller knows that it reads it unaltered (see
   * {@link sqliteFileOf}): other threads then open it themselves to read and hash ranges of it.
   * Without it every event is read and hashed on this thread.
   */
  readonly storeFile?: string;
  /** Threads that read and hash the events of `storeFile` (default: 2, or 1 on a single core). */
  readonly hashingThreads?: number;
  /** Leaves per range handed to a thread (default 16,384): a power of two, so that a range is a perfect subtree. */
  readonly leavesPerRange?: number;
}

/** A checkpoint to compare with the recomputed tree, from the log or from outside. */
interface CheckpointToCheck {
  readonly label: string;
  readonly id: number | 'external';
  readonly signedAt?: string;
  readonly body?: Checkpoint;
}

const PAGE = 5_000;

/**
 * `ledger verify`: recomputes every leaf hash and the tree from the store in one streaming
 * pass (flat memory), compares each leaf with the integrity index, each completed node with the
 * index's, and the root at every signed checkpoint's size with the signed root, after checking
 * the checkpoint's signature. Checkpoints that all match the one recomputed tree are consistent
 * with each other. On the first difference it names the leaf, its position and stream, and
 * whether the event was changed, deleted, inserted or moved.
 */
export async function verifyLedger(
  store: EventStore,
  index: IntegrityIndex,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const perRange = options.leavesPerRange ?? DEFAULT_LEAVES_PER_RANGE;
  if (!Number.isSafeInteger(perRange) || perRange < 1 || (perRange & (perRange - 1)) !== 0)
    throw new RangeError(`leavesPerRange must be a power of two, not ${perRange}`);
  const threads = options.hashingThreads ?? Math.min(2, availableParallelism());
  // Threads pay off from two ranges on; fewer events are read faster than a thread starts.
  if (threads > 1 && options.storeFile && index.size() > perRange) {
    const hasher = LeafRangeHasher.start(options.storeFile, threads);
    try {
      return await verifyLeaves(index, options, leavesHashedInParallel(hasher, index, perRange, 2 * threads));
    } catch (error) {
      // The events differ from the index somewhere: find and name the difference from the events
      // themselves, as a pass on this thread does (the report then is exactly that pass's).
      if (!(error instanceof EventsNeeded)) throw error;
    } finally {
      await hasher.close();
    }
  }
  return verifyLeaves(index, options, leavesOfEvents(store));
}

const DEFAULT_LEAVES_PER_RANGE = 16_384;

/**
 * The file of a SQLite event store (also through a wrapper that passes its reads on, as the
 * metrics wrapper does), for {@link VerifyOptions.storeFile}; undefined for any other store.
 */
export function sqliteFileOf(store: EventStore): string | undefined {
  return store instanceof SqliteEventStore && store.path !== ':memory:' && store.path !== '' ? store.path : undefined;
}

/** Recomputed leaves in global order: their hashes and, when read on this thread, their events. */
interface LeafBatch {
  readonly count: number;
  hashAt(offset: number): Buffer;
  /** The events themselves, when read on this thread: a difference is named from them. */
  readonly events?: readonly RecordedEvent[];
  /** The batch's leaves hashed with the fallback encoding, in leaf order. */
  readonly fallbacks: readonly FallbackLeaf[];
}

interface LeafSource {
  readonly batches: AsyncIterable<LeafBatch>;
  /** The store's events being read on this thread, when they are (naming an insertion reads on). */
  readonly events?: AsyncIterator<RecordedEvent>;
  close(): Promise<void>;
}

/** Thrown by a pass that only has leaf hashes when it meets a difference it must name from the events. */
class EventsNeeded extends Error {}

/** Reads and hashes the events on this thread, one at a time. */
function leavesOfEvents(store: EventStore): LeafSource {
  const events = store.readAll()[Symbol.asyncIterator]();
  async function* batches(): AsyncGenerator<LeafBatch> {
    for (let leafIndex = 0; ; leafIndex++) {
      const next = await events.next();
      if (next.done) return;
      const event = next.value;
      const { hash, fallback } = leafOf(event);
      const fallbacks = fallback
        ? [{ leafIndex, position: positionToString(event.position), streamId: event.streamId }]
        : [];
      yield { count: 1, hashAt: () => hash, events: [event], fallbacks };
    }
  }
  return {
    batches: batches(),
    events,
    close: async () => {
      await events.return?.();
    },
  };
}

/** The leaf hashes of consecutive ranges of `perRange` leaves, hashed by the threads, in order (see {@link rangesInStep}). */
function leavesHashedInParallel(
  hasher: LeafRangeHasher,
  index: IntegrityIndex,
  perRange: number,
  window: number,
): LeafSource {
  async function* batches(): AsyncGenerator<LeafBatch> {
    try {
      for await (const reply of rangesInStep(hasher.workers, index, perRange, window)) {
        const hashes = Buffer.from(reply.hashes);
        yield {
          count: reply.count,
          hashAt: (offset) => hashes.subarray(offset * HASH_SIZE, (offset + 1) * HASH_SIZE),
          fallbacks: reply.fallbacks,
        };
      }
    } catch (error) {
      throw error instanceof RangesOutOfStep ? new EventsNeeded(error.message) : error;
    }
  }
  return { batches: batches(), close: async () => undefined };
}

/**
 * Compares the recomputed leaves with the index and the checkpoints in one pass: see
 * {@link verifyLedger}.
 */
async function verifyLeaves(index: IntegrityIndex, options: VerifyOptions, source: LeafSource): Promise<VerifyReport> {
  const problems: string[] = [];
  const notes: string[] = [];
  const indexed = index.size();
  const logCount = index.checkpointCount();

  const shrinking = index.firstShrinkingCheckpoint();
  if (shrinking) {
    problems.push(
      `checkpoint #${shrinking.id} covers ${shrinking.treeSize} events, fewer than checkpoint #${shrinking.previousId} before it (${shrinking.previousSize}): the log was rolled back`,
    );
  }

  const checkpoints = new CheckpointCursor(index, options, problems);
  const range = CompactRange.empty();
  let tamper: TamperFinding | undefined;
  let verified = 0;
  let latestVerified: VerifyReport['latestVerified'];

  /** Checkpoints that matched the recomputed tree, by size, each with the event that follows it. */
  const good: { size: number; label: string; next?: { position: string; streamId: string; eventId: string } }[] = [
    { size: 0, label: 'the empty tree' },
  ];
  const checkRootsAt = (size: number) => {
    for (let next = checkpoints.peek(); next && next.body && next.body.treeSize === size; next = checkpoints.peek()) {
      checkpoints.take();
      if (!range.root().equals(next.body.rootHash)) {
        if (!source.events) throw new EventsNeeded();
        if (!tamper) {
          // A checkpoint of the same size that matched was signed over the rewritten history (a
          // re-signed index): only a smaller one bounds where the change lies.
          const before = [...good].reverse().find((boundary) => boundary.size < size) ?? good[0];
          const twin = good.find((boundary) => boundary.size === size);
          const first = before.size;
          const leaf = before.next;
          tamper = {
            kind: 'rewritten',
            leafIndex: first,
            position: leaf?.position ?? '?',
            streamId: leaf?.streamId ?? '?',
            eventId: leaf?.eventId ?? '?',
            message:
              `${next.label} (tree size ${size}) does not match the events${twin ? `, though ${twin.label} of the same size does: the log signed two histories` : ', though the index does'}: events ${twin ? 'were rewritten and re-signed' : 'and index were rewritten together'} ` +
              `somewhere in ${size - first === 1 ? `leaf ${first}` : `leaves ${first}..${size - 1}`} (after ${before.label}); the first of them is at position ${leaf?.position ?? '?'}, stream ${leaf?.streamId ?? '?'}`,
          };
          problems.unshift(tamper.message);
        }
        problems.push(
          `${next.label} (tree size ${size}): its signed root does not match the root recomputed from the events`,
        );
        continue;
      }
      verified++;
      if (good[good.length - 1].size !== size) {
        good.push({ size, label: next.label });
        // Sizes arrive in increasing order: the last two boundaries are all a mismatch can need.
        if (good.length > 2) good.shift();
      }
      latestVerified = { id: next.id, treeSize: size, signedAt: next.signedAt };
    }
  };

  checkRootsAt(0);
  const leaves = new LeafCursor(index);
  let eventsRead = 0;
  let damagedRows = 0;
  let fallbackLeafCount = 0;
  const fallbackLeaves: FallbackLeaf[] = [];
  try {
    batches: for await (const batch of source.batches) {
      let fallback = 0;
      for (let offset = 0; offset < batch.count; offset++) {
        const leafIndex = eventsRead;
        eventsRead++;
        const event = batch.events?.[offset];
        const boundary = good[good.length - 1];
        if (boundary.size === leafIndex && event)
          boundary.next = {
            position: positionToString(event.position),
            streamId: event.streamId,
            eventId: event.eventId,
          };
        const leafHash = batch.hashAt(offset);
        if (batch.fallbacks[fallback]?.leafIndex === leafIndex) {
          if (fallbackLeafCount++ < 100) fallbackLeaves.push(batch.fallbacks[fallback]);
          fallback++;
        }
        const completed = range.append(leafHash);
        if (leafIndex < indexed) {
          const [, cachedHash, cachedNodes] = leaves.at(leafIndex);
          if (!cachedHash.equals(leafHash)) {
            if (!event || !source.events) throw new EventsNeeded();
            tamper = await classify(leafIndex, event, index.leaf(leafIndex)!, index, source.events);
            problems.unshift(tamper.message);
            break batches;
          }
          if (!sameNodes(completed, cachedNodes) && damagedRows++ === 0) {
            problems.push(
              `the integrity index is damaged at leaf ${leafIndex}: its interior hashes differ from those recomputed from the events (the events themselves match); proofs from it would fail; rebuild it with \`ledger checkpoint --reindex\``,
            );
          }
        }
        checkRootsAt(eventsRead);
        if (eventsRead % 10_000 === 0) options.onProgress?.(eventsRead);
      }
    }
  } finally {
    await source.close();
  }
  options.onProgress?.(eventsRead);
  if (damagedRows > 1) problems.push(`the integrity index is damaged at ${damagedRows} leaves in all`);

  if (!tamper && eventsRead < indexed) {
    const gone = index.leaf(eventsRead)!;
    tamper = {
      kind: 'missing',
      leafIndex: eventsRead,
      position: gone.position,
      streamId: gone.streamId,
      eventId: gone.eventId,
      message: `leaf ${eventsRead} (position ${gone.position}, stream ${gone.streamId}): missing event — the store ends after ${eventsRead} events but ${indexed} were indexed; ${gone.eventId}${indexed - eventsRead > 1 ? ` and the ${indexed - eventsRead - 1} indexed after it are` : ' is'} gone`,
    };
    problems.unshift(tamper.message);
  }
  for (let rest = checkpoints.take(); rest; rest = checkpoints.take()) {
    if (!rest.body) continue;
    if (tamper)
      problems.push(
        `${rest.label} (tree size ${rest.body.treeSize}) no longer matches the events (they differ from leaf ${tamper.leafIndex} on)`,
      );
    else
      problems.push(
        `${rest.label} covers ${rest.body.treeSize} events, but the store holds only ${eventsRead}: events were deleted`,
      );
  }

  const signedSize = latestVerified?.treeSize ?? 0;
  if (!tamper && signedSize < eventsRead) {
    const unindexed = Math.max(0, eventsRead - indexed);
    notes.push(
      `${eventsRead - signedSize} events recorded after the latest verified checkpoint (tree size ${signedSize}) are not yet signed: ` +
        `${eventsRead - signedSize - unindexed} were checked against the index, ${unindexed} are not indexed yet`,
    );
  }

  if (fallbackLeafCount > 0) {
    const listed = fallbackLeaves
      .slice(0, 5)
      .map((leaf) => `leaf ${leaf.leafIndex} (position ${leaf.position}, stream ${leaf.streamId})`)
      .join(', ');
    notes.push(
      `${fallbackLeafCount} event${fallbackLeafCount === 1 ? '' : 's'} cannot be written in RFC 8785 (a string holds a lone UTF-16 surrogate) and ${fallbackLeafCount === 1 ? 'is' : 'are'} ` +
        `hashed with the documented fallback encoding (RFC 8785 with each lone surrogate escaped as \\uXXXX): ${listed}${fallbackLeafCount > 5 ? ', …' : ''}`,
    );
  }

  let unverifiable: string | undefined;
  if (options.verifiers.length === 0)
    unverifiable =
      'no trusted verifier key: give --public-key, or create the signing key with `ledger init-signing-key`';
  else if (logCount === 0 && (options.externalCheckpoints?.length ?? 0) === 0 && eventsRead > 0) {
    unverifiable = `no signed checkpoint yet: nothing vouches for these ${eventsRead} events; sign one with \`ledger checkpoint\``;
  }
  return {
    intact: problems.length === 0 && !unverifiable,
    unverifiable,
    tamper,
    problems,
    notes,
    eventsRead,
    leavesIndexed: indexed,
    checkpointsVerified: verified,
    fallbackLeaves,
    fallbackLeafCount,
    latestVerified,
  };
}

/** Decides what happened at the first leaf whose event differs from the indexed one. */
async function classify(
  leafIndex: number,
  event: RecordedEvent,
  cached: IndexedLeaf,
  index: IntegrityIndex,
  events: AsyncIterator<RecordedEvent>,
): Promise<TamperFinding> {
  const at = `leaf ${leafIndex} (position ${positionToString(event.position)}, stream ${cached.streamId})`;
  const base = {
    leafIndex,
    position: positionToString(event.position),
    streamId: cached.streamId,
    eventId: cached.eventId,
  };
  if (event.eventId === cached.eventId) {
    const signed =
      (index.latestCheckpoint()?.treeSize ?? 0) > leafIndex ? 'indexed and signed' : 'indexed (not yet signed)';
    return {
      ...base,
      kind: 'changed',
      message: `${at}: changed content — event ${event.eventId} (${event.type}) no longer hashes to the leaf that was ${signed}`,
    };
  }
  const following = index.leaf(leafIndex + 1);
  if (following && following.eventId === event.eventId) {
    return {
      ...base,
      position: cached.position,
      kind: 'missing',
      message: `leaf ${leafIndex} (position ${cached.position}, stream ${cached.streamId}): missing event — ${cached.eventId} was deleted; the store continues with the next indexed event (stream ${event.streamId})`,
    };
  }
  const after = await events.next();
  if (!after.done && after.value.eventId === cached.eventId) {
    return {
      ...base,
      kind: 'inserted',
      message: `${at}: inserted event — ${event.eventId} (stream ${event.streamId}, ${event.type}) was never indexed here; the indexed event ${cached.eventId} follows it`,
    };
  }
  return {
    ...base,
    kind: 'reordered',
    message: `${at}: order changed — the index holds event ${cached.eventId} (stream ${cached.streamId}, indexed at position ${cached.position}) here, but the store has ${event.eventId} (stream ${event.streamId}, ${event.type})`,
  };
}

/** Reads the index's leaf hashes a page at a time, in step with the events. */
class LeafCursor {
  private page: HashRow[] = [];
  private start = 0;
  constructor(private readonly index: IntegrityIndex) {}

  at(leafIndex: number): HashRow {
    if (leafIndex < this.start || leafIndex >= this.start + this.page.length) {
      this.page = this.index.hashPage(leafIndex, PAGE);
      this.start = leafIndex;
    }
    const row = this.page[leafIndex - this.start];
    if (!row || row[0] !== leafIndex)
      throw new Error(
        `the integrity index has no leaf ${leafIndex} though it reports more leaves (a gap in the index)`,
      );
    return row;
  }
}

/**
 * The signed checkpoints in tree-size order: the log's own, a page at a time, merged with any
 * external ones. A checkpoint whose signature or text fails is reported and skipped.
 */
class CheckpointCursor {
  private readonly log: Generator<StoredCheckpoint>;
  private logNext?: CheckpointToCheck | null;
  private readonly external: CheckpointToCheck[];

  constructor(
    private readonly index: IntegrityIndex,
    private readonly options: VerifyOptions,
    private readonly problems: string[],
  ) {
    this.log = index.checkpointsBySize();
    this.external = (options.externalCheckpoints ?? [])
      .map((external) => this.open(`checkpoint from ${external.source}`, 'external', external.note))
      .filter((checkpoint) => checkpoint.body)
      .sort((a, b) => a.body!.treeSize - b.body!.treeSize);
  }

  peek(): CheckpointToCheck | undefined {
    const log = this.peekLog();
    const external = this.external[0];
    if (!log) return external;
    if (!external) return log;
    return external.body!.treeSize < log.body!.treeSize ? external : log;
  }

  take(): CheckpointToCheck | undefined {
    const next = this.peek();
    if (!next) return undefined;
    if (next === this.external[0]) this.external.shift();
    else this.logNext = undefined;
    return next;
  }

  private peekLog(): CheckpointToCheck | undefined {
    while (this.logNext === undefined) {
      const row = this.log.next();
      if (row.done) {
        this.logNext = null;
        break;
      }
      const checkpoint = this.fromLog(row.value);
      if (checkpoint.body) this.logNext = checkpoint;
    }
    return this.logNext ?? undefined;
  }

  private fromLog(row: StoredCheckpoint): CheckpointToCheck {
    const label = `checkpoint #${row.id} (signed ${row.signedAt})`;
    const opened = this.open(label, row.id, this.index.cosignedNote(row), row.signedAt);
    if (opened.body && (opened.body.treeSize !== row.treeSize || !opened.body.rootHash.equals(row.rootHash))) {
      this.problems.push(
        `${label}: the checkpoint log's size or root column differs from its signed note (the log was edited)`,
      );
      return { ...opened, body: undefined };
    }
    return opened;
  }

  private open(label: string, id: number | 'external', note: string, signedAt?: string): CheckpointToCheck {
    // Without a trusted key no checkpoint can be checked; the report says the ledger is unverifiable instead.
    if (this.options.verifiers.length === 0) return { label, id, signedAt };
    try {
      const { text } = openNote(note, this.options.verifiers);
      const body = parseCheckpoint(text);
      const witnesses = this.options.witnesses;
      if (witnesses && witnesses.min > 0) {
        const { valid, invalid } = cosignaturesOf(note, witnesses.keys);
        for (const problem of invalid) this.problems.push(`${label}: ${problem}`);
        if (valid.length < witnesses.min) {
          this.problems.push(
            `${label} (tree size ${body.treeSize}) is cosigned by ${valid.length} of the given witnesses, ${witnesses.min} required: no witness vouches for it`,
          );
          return { label, id, signedAt };
        }
      }
      return { label, id, signedAt, body };
    } catch (error) {
      const keys = this.options.verifiers.map((key) => `${key.name}+${keyIdHex(key.keyId)}`).join(', ') || 'none';
      this.problems.push(
        `${label}: ${(error as Error).message}${/trusted/.test((error as Error).message) ? '' : ` (trusted keys: ${keys})`}`,
      );
      return { label, id, signedAt };
    }
  }
}

/** Do the recomputed completed nodes equal the index's, without concatenating them? */
function sameNodes(completed: readonly Buffer[], cached: Buffer | null): boolean {
  if (cached === null) return completed.length === 0;
  if (cached.length !== completed.length * HASH_SIZE) return false;
  return completed.every((node, level) => node.equals(cached.subarray(level * HASH_SIZE, (level + 1) * HASH_SIZE)));
}
