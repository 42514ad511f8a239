import { type RecordedEvent } from '@ledger/event-store';
import {
  LedgerIntegrity,
  SigningKeyMissingError,
  type StoredCheckpoint,
  inclusionProof,
  leafHashOf,
  verifyInclusion,
} from '@ledger/integrity';
import type { TrailCheckpoint, TrailProofs } from './trail.model';

/**
 * The trail's proofs from the ledger's integrity index: the same leaf hashes, checkpoints and
 * inclusion proofs as the verifiable export (`ledger export`), so paper and files agree.
 */
export function integrityProofs(integrity: LedgerIntegrity): TrailProofs {
  return {
    leafHash: (event: RecordedEvent) => leafHashOf(event).toString('base64'),

    async checkpoint() {
      try {
        // Signs a new checkpoint when the ledger grew, so the trail is covered up to now.
        const { checkpoint } = await integrity.checkpoint();
        return toTrailCheckpoint(checkpoint, integrity);
      } catch (error) {
        if (!(error instanceof SigningKeyMissingError)) return { unavailable: (error as Error).message };
        // A host without the signing key still proves what its latest checkpoint covers.
        await integrity.catchUp();
        const latest = integrity.latestCheckpoint();
        return latest
          ? toTrailCheckpoint(latest, integrity)
          : { unavailable: `没有已签名的检查点（${error.message}）` };
      }
    },

    async locate(streamId: string, checkpoint: TrailCheckpoint) {
      const found = new Map<string, { leafIndex: number; verified: boolean }>();
      const root = Buffer.from(checkpoint.rootHash, 'base64');
      let leafIndex = 0;
      for await (const event of integrity.store.readAll({ maxCount: checkpoint.treeSize })) {
        if (event.streamId === streamId) {
          const proof = inclusionProof(integrity.index, leafIndex, checkpoint.treeSize);
          found.set(event.eventId, {
            leafIndex,
            verified: verifyInclusion(leafIndex, checkpoint.treeSize, leafHashOf(event), proof, root) === undefined,
          });
        }
        leafIndex++;
      }
      return found;
    },
  };
}

/** The checkpoint as printed: its note with the witnesses' cosignatures, as the API serves it. */
function toTrailCheckpoint(c: StoredCheckpoint, integrity: LedgerIntegrity): TrailCheckpoint {
  return {
    id: c.id,
    treeSize: c.treeSize,
    rootHash: c.rootHash.toString('base64'),
    signedAt: c.signedAt,
    note: integrity.index.cosignedNote(c),
  };
}
