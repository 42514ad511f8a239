import type { LedgerIntegrity } from './ledger-integrity';

/**
 * The position of the last event the latest signed checkpoint covers (a checkpoint of tree size
 * N signs the first N events in global order), or null before the first checkpoint: figures
 * whose last event lies at or before it rest on signed history only.
 */
export function lastSignedPosition(integrity: LedgerIntegrity): string | null {
  const latest = integrity.latestCheckpoint();
  if (!latest || latest.treeSize === 0) return null;
  return integrity.index.leaf(latest.treeSize - 1)?.position ?? null;
}
