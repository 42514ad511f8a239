import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { positionToString } from '@ledger/event-store';
import { type CheckpointOutcome, LedgerIntegrity } from '../checkpoints/ledger-integrity';
import { SigningKeyMissingError } from '../checkpoints/signing-key-files';
import { leafInputOf } from '../ledger-tree/event-leaf';
import type { IntegrityIndex, StoredCheckpoint, StreamFacts } from '../ledger-tree/integrity-index';
import { PagedNodeReader } from '../ledger-tree/paged-node-reader';
import { InclusionWalk } from '../merkle/inclusion-walk';
import { hashLeafText } from '../merkle/merkle-hash';
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
  const events = new HashingFileWriter(join(partial, EVENTS_FILE));
  const proofs = new HashingFileWriter(join(partial, PROOFS_FILE));
  const csv = new HashingFileWriter(join(partial, CSV_FILE));
  try {
    await csv.write(csvHeader());
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
    return { directory, manifest, signedNewCheckpoint, notCovered: Math.max(0, index.size() - treeSize) };
  } catch (error) {
    for (const writer of [events, proofs, csv]) writer.abort();
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
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

/**
 * The line of events.ndjson: the canonical JSON of `{ leafIndex, leafHash, event }` (or its
 * fallback form), written around the leaf input already encoded for the hash instead of encoding
 * the event a second time. RFC 8785 writes an object's members in name order (event, leafHash,
 * leafIndex) each as its own canonical form, and base64 and a whole number need no escaping, so
 * the text is the same (the spec compares them).
 */
export function eventLine(leafIndex: number, leafHash: Buffer, leafInput: string): string {
  return `{"event":${leafInput},"leafHash":"${leafHash.toString('base64')}","leafIndex":${leafIndex}}\n`;
}

/** The line of proofs.ndjson: the canonical JSON of `{ leafIndex, treeSize, inclusionProof }`, written as {@link eventLine} is. */
export function proofLine(leafIndex: number, treeSize: number, proofBase64: readonly string[]): string {
  const hashes = proofBase64.length === 0 ? '' : `"${proofBase64.join('","')}"`;
  return `{"inclusionProof":[${hashes}],"leafIndex":${leafIndex},"treeSize":${treeSize}}\n`;
}

/** Streams whose facts an export keeps at hand: a day's applications, in flat memory. */
const STREAM_FACTS_KEPT = 16_384;

/**
 * The index's facts of a stream, looked up once per stream however many of its events and readers
 * (the filter, the CSV row) ask, within a bounded cache. The index only adds facts as it indexes
 * newer events, so one export reads each stream's facts as one state rather than event by event.
 */
function streamFactsCache(index: IntegrityIndex): (streamId: string) => StreamFacts | undefined {
  let kept = new Map<string, StreamFacts | null>();
  return (streamId) => {
    const cached = kept.get(streamId);
    if (cached !== undefined) return cached ?? undefined;
    const facts = index.streamFacts(streamId);
    if (kept.size >= STREAM_FACTS_KEPT) kept = new Map();
    kept.set(streamId, facts ?? null);
    return facts;
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
