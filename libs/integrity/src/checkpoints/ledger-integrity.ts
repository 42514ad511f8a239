import type { EventStore } from '@ledger/event-store';
import type { IntegrityConfig } from '../config/integrity-config';
import { IntegrityIndex, type StoredCheckpoint } from '../ledger-tree/integrity-index';
import { type CatchUpResult, catchUpIndex } from '../ledger-tree/tree-indexer';
import { formatCheckpoint } from '../signed-note/checkpoint';
import type { NoteSigner, NoteVerifier } from '../signed-note/note-keys';
import { signNote } from '../signed-note/signed-note';
import { localVerifierKeys, readSigningKey } from './signing-key-files';

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
    private readonly signerSource: () => NoteSigner = () => readSigningKey(config.signingKeyFile),
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
      const signer = this.signerSource();
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
        return { checkpoint: latest, created: false, fallbackLeaves };
      const rootHash = index.rootAt(size);
      const note = signNote(formatCheckpoint({ origin: this.config.origin, treeSize: size, rootHash }), [signer]);
      const checkpoint = index.appendCheckpoint({
        treeSize: size,
        rootHash,
        note,
        signedAt: new Date(this.clock()).toISOString(),
      });
      return { checkpoint, created: true, fallbackLeaves };
    });
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
