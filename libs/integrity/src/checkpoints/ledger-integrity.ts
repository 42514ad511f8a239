import type { EventStore } from '@ledger/event-store';
import type { IntegrityConfig } from '../config/integrity-config';
import { IntegrityIndex, type StoredCheckpoint } from '../ledger-tree/integrity-index';
import { type CatchUpResult, catchUpIndex } from '../ledger-tree/tree-indexer';
import { formatCheckpoint } from '../signed-note/checkpoint';
import type { NoteVerifier } from '../signed-note/note-keys';
import { signNoteWith } from '../signed-note/signed-note';
import { type CheckpointSigner, FileCheckpointSigner } from './checkpoint-signer';
import { localVerifierKeys } from './signing-key-files';
import { consistencyProof } from '../merkle/merkle-proofs';
import { type WitnessEndpoint, describeWitness, requestCosignature } from '../witness/witness-client';

export class CheckpointRefusedError extends Error {
  readonly code = 'INTEGRITY.CHECKPOINT_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointRefusedError';
  }
}

export interface CheckpointOutcome {
  readonly checkpoint: StoredCheckpoint;
  /** False when the tree had not grown since the latest checkpoint, which is returned instead. */
  readonly created: boolean;
  /** Leaves indexed by this call with the fallback encoding (events RFC 8785 cannot express). */
  readonly fallbackLeaves: readonly number[];
  /** What each configured witness that had not cosigned this checkpoint yet answered. */
  readonly witnesses: readonly WitnessOutcome[];
}

/** One witness asked for its cosignature. */
export interface WitnessOutcome {
  readonly witness: string;
  readonly cosigned: boolean;
  /** Why not, when not. */
  readonly message?: string;
}

/**
 * The ledger's tamper evidence on one event store: keeps the integrity index caught up and
 * signs checkpoints of it. One instance per process; the index file may be shared.
 */
export class LedgerIntegrity {
  private opened?: IntegrityIndex;
  /** Serialises catch-up and signing within the process (across processes the index's transactions do). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: EventStore,
    readonly config: IntegrityConfig,
    private readonly clock: () => number = Date.now,
    private readonly signer: CheckpointSigner = new FileCheckpointSigner(config.signingKeyFile),
  ) {}

  /** The index, opened on first use so that a process that never needs it creates no file. */
  get index(): IntegrityIndex {
    this.opened ??= IntegrityIndex.open(this.config.indexPath);
    return this.opened;
  }

  /** Indexes every event recorded since the last call. */
  catchUp(): Promise<CatchUpResult> {
    return this.serialised(() => catchUpIndex(this.store, this.index));
  }

  /**
   * Catches up (after forgetting every leaf, with `reindex`: to rebuild a damaged index from
   * the events), then signs a checkpoint of the whole tree unless the latest one already
   * covers it (or `force`). Refuses to sign when the index no longer reproduces the latest
   * checkpoint's root: a log must never sign two views of its history.
   */
  checkpoint(options: { readonly force?: boolean; readonly reindex?: boolean } = {}): Promise<CheckpointOutcome> {
    return this.serialised(async () => {
      // Fails first (SigningKeyMissingError) when no key is configured, before any indexing work.
      await this.signer.describe();
      if (options.reindex) this.index.clearLeaves();
      const { fallbackLeaves } = await catchUpIndex(this.store, this.index);
      const index = this.index;
      const size = index.size();
      const latest = index.latestCheckpoint();
      if (latest && latest.treeSize > size) {
        throw new CheckpointRefusedError(
          `the latest checkpoint (#${latest.id}) covers ${latest.treeSize} events but only ${size} are indexed: events were removed; run \`ledger verify\``,
        );
      }
      if (latest && !index.rootAt(latest.treeSize).equals(latest.rootHash)) {
        throw new CheckpointRefusedError(
          `the indexed events no longer reproduce checkpoint #${latest.id} (tree size ${latest.treeSize}): refusing to sign a different history; run \`ledger verify\``,
        );
      }
      if (latest && latest.treeSize === size && !options.force)
        return { checkpoint: latest, created: false, fallbackLeaves, witnesses: await this.cosign(latest) };
      const rootHash = index.rootAt(size);
      const note = await signNoteWith(
        formatCheckpoint({ origin: this.config.origin, treeSize: size, rootHash }),
        this.signer,
      );
      const checkpoint = index.appendCheckpoint({
        treeSize: size,
        rootHash,
        note,
        signedAt: new Date(this.clock()).toISOString(),
      });
      return { checkpoint, created: true, fallbackLeaves, witnesses: await this.cosign(checkpoint) };
    });
  }

  /**
   * Asks every configured witness that has not cosigned `checkpoint` for its cosignature, with a
   * consistency proof from the last size it cosigned for us (C2SP tlog-witness); a 409 naming
   * another size is retried once from that size. A witness that refuses is reported, not thrown:
   * the checkpoint is signed all the same, and the scheduler counts the failure.
   */
  private async cosign(checkpoint: StoredCheckpoint): Promise<WitnessOutcome[]> {
    const witnesses = this.config.witnesses ?? [];
    const have = new Set(this.index.cosignatures(checkpoint.id).map((cosignature) => cosignature.witnessKey));
    const outcomes: WitnessOutcome[] = [];
    for (const witness of witnesses) {
      if (have.has(witness.key.verifierKey)) continue;
      try {
        outcomes.push(await this.cosignWith(witness, checkpoint));
      } catch (error) {
        outcomes.push({ witness: describeWitness(witness), cosigned: false, message: (error as Error).message });
      }
    }
    return outcomes;
  }

  private async cosignWith(witness: WitnessEndpoint, checkpoint: StoredCheckpoint): Promise<WitnessOutcome> {
    const label = describeWitness(witness);
    const size = checkpoint.treeSize;
    let oldSize = Math.min(this.index.lastCosignedSize(witness.key.verifierKey) ?? 0, size);
    for (let attempt = 0; ; attempt++) {
      const proof = oldSize > 0 && oldSize < size ? consistencyProof(this.index, oldSize, size) : [];
      const answer = await requestCosignature(witness, checkpoint.note, oldSize, proof);
      if (answer.kind === 'cosigned') {
        this.index.addCosignature(checkpoint.id, {
          witnessKey: witness.key.verifierKey,
          line: answer.cosignature.line,
          timestamp: answer.cosignature.timestamp,
        });
        return { witness: label, cosigned: true };
      }
      if (answer.kind === 'conflict') {
        if (answer.latestSize > size)
          return {
            witness: label,
            cosigned: false,
            message: `the witness has cosigned ${answer.latestSize} events of this log, more than the ${size} signed now: the log was rolled back`,
          };
        if (attempt === 0 && answer.latestSize !== oldSize) {
          oldSize = answer.latestSize;
          continue;
        }
        return {
          witness: label,
          cosigned: false,
          message: `the witness refuses tree size ${size}: it cosigned another root for ${answer.latestSize} events (the log forked or was rewritten)`,
        };
      }
      return {
        witness: label,
        cosigned: false,
        message: `${answer.status === 422 ? 'the history is not consistent with what the witness cosigned before' : `refused (${answer.status})`}: ${answer.message}`,
      };
    }
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    return this.index.latestCheckpoint();
  }

  /** The keys this host trusts for its checkpoints (verifier key file, else the signing key's public half). */
  localVerifiers(): NoteVerifier[] {
    return localVerifierKeys(this.config.verifierKeyFile, this.config.signingKeyFile);
  }

  close(): void {
    this.opened?.close();
    this.opened = undefined;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
