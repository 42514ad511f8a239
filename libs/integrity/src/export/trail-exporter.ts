import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { positionToString } from '@ledger/event-store';
import { type CheckpointOutcome, LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { SigningKeyMissingError } from '../checkpoints/signing-key-files';
import { leafInputOf } from '../ledger-tree/event-leaf';
import type { IntegrityIndex, StoredCheckpoint } from '../ledger-tree/integrity-index';
import { PagedNodeReader } from '../ledger-tree/paged-node-reader';
import { InclusionWalk } from '../merkle/inclusion-walk';
import { HASH_SIZE, hashLeafText } from '../merkle/merkle-hash';
import { RangeWorkers, RangesOutOfStep, rangesInStep } from '../ledger-tree/range-workers';
import { consistencyProof } from '../merkle/merkle-proofs';
import type { NoteVerifier } from '../signed-note/note-keys';
import { openNote } from '../signed-note/signed-note';
import { type TrailFilter, trailMatcher, validateTrailFilter } from './export-filter';
import {
  CSV_FILE,
  EVENTS_FILE,
  EXPORT_FORMAT,
  EXPORT_METHOD,
  type ExportManifest,
  MANIFEST_FILE,
  type ManifestCheckpoint,
  type ManifestFile,
  PROOFS_FILE,
} from './export-manifest';
import { HashingFileWriter, syncFile } from './hashing-file-writer';
import { csvHeader, csvRow } from './trail-csv';
import { streamFactsCache } from './stream-facts-cache';
import { eventLine, proofLine } from './trail-lines';
import type { TrailRangeReply, TrailRangeSetup } from './trail-range-protocol';

export { eventLine, proofLine } from './trail-lines';

export class ExportError extends Error {
  readonly code = 'INTEGRITY.EXPORT_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ExportOptions {
  readonly filter: TrailFilter;
  /** The ledger's clock, for `createdAt`. */
  readonly now?: () => number;
  readonly onProgress?: (scanned: number, total: number, exported: number) => void;
  /**
   * Called once the export is complete but before it appears under its name (the access log
   * records it here: no record, no export). A throw abandons the export.
   */
  readonly beforePublish?: (manifest: ExportManifest, manifestSha256: string) => Promise<void>;
  /**
   * The SQLite file the integrity's store reads, when the caller knows that it reads it unaltered
   * (see {@link sqliteFileOf}): other threads then open it (and the index) themselves to read the
   * events and write their lines, range by range. Without it everything is done on this thread.
   */
  readonly storeFile?: string;
  /** Threads that read the events of `storeFile` and write their lines (default: 2, or 1 on a single core). */
  readonly threads?: number;
  /** Leaves per range handed to a thread (default 2,048). */
  readonly leavesPerRange?: number;
}

export interface ExportResult {
  readonly directory: string;
  readonly manifest: ExportManifest;
  /** True when a new checkpoint was signed for this export. */
  readonly signedNewCheckpoint: boolean;
  /** Events recorded after the checkpoint, left out (only when no signing key was at hand to sign a newer one). */
  readonly notCovered: number;
}

/**
 * Exports an event trail to `outDir`, which must not exist yet. Signs a checkpoint first when
 * the tree grew (so the export covers every event recorded so far), then streams the store
 * once in global order up to that checkpoint, writing each matching event with its inclusion
 * proof; memory stays flat. Everything is written into a hidden sibling directory, synced, and
 * renamed to `outDir` only when complete, so an interrupted export never leaves a directory
 * that looks finished (and never one with a manifest).
 */
export async function exportTrail(
  integrity: LedgerIntegrity,
  outDir: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const filter = validateTrailFilter(options.filter);
  const directory = resolve(outDir);
  if (existsSync(directory))
    throw new ExportError(`${directory} already exists: an export never overwrites anything; choose a new directory`);
  const parent = dirname(directory);
  mkdirSync(parent, { recursive: true });

  const { checkpoint, signedNewCheckpoint } = await checkpointToProveAgainst(integrity);
  const verifierKey = verifierKeyOf(checkpoint, integrity.localVerifiers());
  const index = integrity.index;
  const previous = index.checkpointBefore(checkpoint.id);
  const consistency =
    previous && previous.treeSize > 0
      ? {
          from: manifestCheckpoint(previous, index),
          proof: consistencyProof(index, previous.treeSize, checkpoint.treeSize).map(base64),
        }
      : null;

  const partial = join(parent, `.${basename(directory)}.partial-${randomBytes(4).toString('hex')}`);
  mkdirSync(partial);
  try {
    const { exported, fallbackEncoded, files } = await writeTrail(integrity, partial, checkpoint, filter, options);
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      createdAt: new Date((options.now ?? Date.now)()).toISOString(),
      filters: filter,
      eventCount: exported,
      method: EXPORT_METHOD,
      checkpoint: manifestCheckpoint(checkpoint, index),
      verifierKey,
      consistency,
      files,
      ...(fallbackEncoded > 0 && { fallbackEncodedEvents: fallbackEncoded }),
    };
    const manifestPath = join(partial, MANIFEST_FILE);
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(manifestPath, manifestText, { flag: 'wx' });
    syncFile(manifestPath);
    await options.beforePublish?.(manifest, createHash('sha256').update(manifestText).digest('hex'));
    syncDirectory(partial);
    renameSync(partial, directory);
    syncDirectory(parent);
    return { directory, manifest, signedNewCheckpoint, notCovered: Math.max(0, index.size() - checkpoint.treeSize) };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Leaves per range handed to a thread: about 4 MB of lines, so that the ranges in flight stay small. */
const EXPORT_LEAVES_PER_RANGE = 2_048;

const TRAIL_WORKER = join(__dirname, `trail-range-worker${extname(__filename)}`);

/** The three files written, with what the manifest says of them. */
interface WrittenTrail {
  readonly files: ManifestFile[];
  readonly exported: number;
  readonly fallbackEncoded: number;
}

interface TrailWriters {
  readonly events: HashingFileWriter;
  readonly proofs: HashingFileWriter;
  readonly csv: HashingFileWriter;
}

/**
 * Writes events.ndjson, proofs.ndjson and the CSV into `partial`: with threads reading and
 * encoding ranges of the store when it is a SQLite file, else on this thread. Should the store's
 * events not be where the index places them, or a proof fail, the files are written again on
 * this thread, which either succeeds as it would have alone or fails naming the event.
 */
async function writeTrail(
  integrity: LedgerIntegrity,
  partial: string,
  checkpoint: StoredCheckpoint,
  filter: TrailFilter,
  options: ExportOptions,
): Promise<WrittenTrail> {
  const threads = options.threads ?? Math.min(2, availableParallelism());
  const indexPath = integrity.config.indexPath;
  if (
    options.storeFile &&
    threads > 1 &&
    indexPath !== ':memory:' &&
    checkpoint.treeSize > (options.leavesPerRange ?? EXPORT_LEAVES_PER_RANGE)
  ) {
    const setup: TrailRangeSetup = { storePath: options.storeFile, indexPath, filter };
    const workers = RangeWorkers.start<TrailRangeReply>(TRAIL_WORKER, setup, threads);
    try {
      return await writeFiles(partial, (writers) =>
        writeInParallel(integrity.index, workers, threads, checkpoint, writers, options),
      );
    } catch (error) {
      if (!(error instanceof RangesOutOfStep)) throw error;
    } finally {
      await workers.close();
    }
  }
  return writeFiles(partial, (writers) => writeOnThisThread(integrity, checkpoint, filter, writers, options));
}

/** Opens the three files, lets `write` fill them, and closes them (removing them when it fails). */
async function writeFiles(
  partial: string,
  write: (writers: TrailWriters) => Promise<{ exported: number; fallbackEncoded: number }>,
): Promise<WrittenTrail> {
  const paths = [EVENTS_FILE, PROOFS_FILE, CSV_FILE].map((name) => join(partial, name));
  const [events, proofs, csv] = paths.map((path) => new HashingFileWriter(path));
  try {
    await csv.write(csvHeader());
    const { exported, fallbackEncoded } = await write({ events, proofs, csv });
    const files: ManifestFile[] = [
      {
        name: EVENTS_FILE,
        ...(await events.finish()),
        lines: exported,
        description: 'authoritative: one RFC 8785 canonical JSON line per event with its leaf index and leaf hash',
      },
      {
        name: PROOFS_FILE,
        ...(await proofs.finish()),
        lines: exported,
        description:
          "line for line with events.ndjson: the RFC 9162 inclusion proof of the event in the checkpoint's tree",
      },
      {
        name: CSV_FILE,
        ...(await csv.finish()),
        lines: exported,
        description: 'for reading only, personal data withheld; not authoritative',
      },
    ];
    return { files, exported, fallbackEncoded };
  } catch (error) {
    for (const writer of [events, proofs, csv]) writer.abort();
    for (const path of paths) rmSync(path, { force: true });
    throw error;
  }
}

/** Streams the store once in global order up to the checkpoint, writing each matching event with its proof. */
async function writeOnThisThread(
  integrity: LedgerIntegrity,
  checkpoint: StoredCheckpoint,
  filter: TrailFilter,
  { events, proofs, csv }: TrailWriters,
  options: ExportOptions,
): Promise<{ exported: number; fallbackEncoded: number }> {
  const index = integrity.index;
  const facts = streamFactsCache(index);
  const matches = trailMatcher(filter, facts);
  const treeSize = checkpoint.treeSize;
  const walk =
    treeSize === 0 ? undefined : new InclusionWalk(new PagedNodeReader(index), treeSize, checkpoint.rootHash);
  let leafIndex = 0;
  let exported = 0;
  let fallbackEncoded = 0;
  // An empty tree has nothing to read (and some stores treat a zero count as "no limit").
  const inTree = treeSize === 0 ? [] : integrity.store.readAll({ maxCount: treeSize });
  for await (const event of inTree) {
    if (matches(event)) {
      const leaf = leafInputOf(event);
      if (leaf.encoding !== 'rfc8785') fallbackEncoded++;
      const leafHash = hashLeafText(leaf.text);
      // Never hand out a proof that does not verify: the store or the index changed since signing.
      const proved = walk!.prove(leafIndex, leafHash);
      if ('failure' in proved) {
        throw new ExportError(
          `the event at leaf ${leafIndex} (position ${positionToString(event.position)}, stream ${event.streamId}) does not match checkpoint #${checkpoint.id}: ${proved.failure}; run \`ledger verify\``,
        );
      }
      await events.write(eventLine(leafIndex, leafHash, leaf.text));
      await proofs.write(proofLine(leafIndex, treeSize, walk!.lastProofBase64()));
      await csv.write(csvRow(leafIndex, event, facts(event.streamId)));
      exported++;
    }
    leafIndex++;
    if (leafIndex % 10_000 === 0) options.onProgress?.(leafIndex, treeSize, exported);
  }
  if (leafIndex !== treeSize)
    throw new ExportError(
      `the store holds ${leafIndex} events, fewer than the ${treeSize} of checkpoint #${checkpoint.id}: events were deleted; run \`ledger verify\``,
    );
  options.onProgress?.(leafIndex, treeSize, exported);
  return { exported, fallbackEncoded };
}

/**
 * The threads read the ranges and write the events' and CSV lines; this thread proves each kept
 * event against the checkpoint (one walk down the tree, left to right) and writes everything in
 * order. A proof that fails is left to the pass on this thread to name.
 */
async function writeInParallel(
  index: IntegrityIndex,
  workers: RangeWorkers<TrailRangeReply>,
  threads: number,
  checkpoint: StoredCheckpoint,
  { events, proofs, csv }: TrailWriters,
  options: ExportOptions,
): Promise<{ exported: number; fallbackEncoded: number }> {
  const treeSize = checkpoint.treeSize;
  const walk = new InclusionWalk(new PagedNodeReader(index), treeSize, checkpoint.rootHash);
  let scanned = 0;
  let exported = 0;
  let fallbackEncoded = 0;
  for await (const range of rangesInStep(
    workers,
    index,
    options.leavesPerRange ?? EXPORT_LEAVES_PER_RANGE,
    2 * threads,
    treeSize,
  )) {
    const hashes = Buffer.from(range.hashes);
    let proofLines = '';
    range.leaves.forEach((leafIndex, kept) => {
      const proved = walk.prove(leafIndex, hashes.subarray(kept * HASH_SIZE, (kept + 1) * HASH_SIZE));
      if ('failure' in proved)
        throw new RangesOutOfStep(`leaf ${leafIndex} does not match checkpoint #${checkpoint.id}`);
      proofLines += proofLine(leafIndex, treeSize, walk.lastProofBase64());
    });
    await events.writeBytes(new Uint8Array(range.eventLines));
    await proofs.write(proofLines);
    await csv.writeBytes(new Uint8Array(range.csvRows));
    exported += range.leaves.length;
    fallbackEncoded += range.fallbackEncoded;
    const before = scanned;
    scanned += range.count;
    if (Math.floor(scanned / 10_000) > Math.floor(before / 10_000)) options.onProgress?.(scanned, treeSize, exported);
  }
  options.onProgress?.(scanned, treeSize, exported);
  return { exported, fallbackEncoded };
}

async function checkpointToProveAgainst(
  integrity: LedgerIntegrity,
): Promise<{ checkpoint: StoredCheckpoint; signedNewCheckpoint: boolean }> {
  let outcome: CheckpointOutcome;
  try {
    outcome = await integrity.checkpoint();
  } catch (error) {
    // Without the signing key (an export made on a verifier-only host) the latest checkpoint still proves what it covers.
    if (!(error instanceof SigningKeyMissingError)) throw error;
    await integrity.catchUp();
    const latest = integrity.latestCheckpoint();
    if (!latest) throw new ExportError(`no signed checkpoint to prove the export against, and ${error.message}`);
    return { checkpoint: latest, signedNewCheckpoint: false };
  }
  return { checkpoint: outcome.checkpoint, signedNewCheckpoint: outcome.created };
}

/** The local verifier key that verifies the checkpoint: the one a recipient will need. */
function verifierKeyOf(checkpoint: StoredCheckpoint, verifiers: readonly NoteVerifier[]): string {
  for (const verifier of verifiers) {
    try {
      openNote(checkpoint.note, [verifier]);
      return verifier.verifierKey;
    } catch {
      // Not this key: try the next.
    }
  }
  throw new ExportError(
    `no local verifier key verifies checkpoint #${checkpoint.id}: check LEDGER_VERIFIER_KEY_FILE (or create the signing key with \`ledger init-signing-key\`)`,
  );
}

/** The checkpoint with the witnesses' cosignatures kept for it: they travel with the export. */
function manifestCheckpoint(checkpoint: StoredCheckpoint, index: IntegrityIndex): ManifestCheckpoint {
  return {
    id: checkpoint.id,
    signedAt: checkpoint.signedAt,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash.toString('base64'),
    note: index.cosignedNote(checkpoint),
  };
}

function base64(hash: Buffer): string {
  return hash.toString('base64');
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
