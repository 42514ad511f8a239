import { existsSync } from 'node:fs';
import type { EventStore } from '@ledger/event-store';
import type { LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { openEventStore } from '@ledger/ledger/config/event-store.factory';
import { readProjectionPositions } from '@ledger/projections/read-model/projection-positions';
import { loadIntegrityConfig } from '../config/integrity-config';
import { IntegrityIndex } from '../ledger-tree/integrity-index';
import { type ContinuityReport, checkStoreContinuity, describeContinuityRefusal } from './store-continuity';

/** Start-up refused: the event store lost or replaced events that were acknowledged before. */
export class StoreContinuityError extends Error {
  readonly code = 'STORE.CONTINUITY_BROKEN';
  constructor(
    readonly report: ContinuityReport,
    storeName: string,
  ) {
    super(describeContinuityRefusal(report, storeName));
    this.name = 'StoreContinuityError';
  }
}

/** The store's name for operators, a password in a URL hidden. */
export function storeNameOf(config: LedgerConfig): string {
  return config.eventStoreUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Checks the configured store against the integrity index and the read models, as found on
 * disk (nothing is created: a ledger that never indexed or projected anything has no marks).
 * `store` lets a caller that holds the store already reuse it; otherwise one is opened and closed.
 */
export async function checkConfiguredStore(config: LedgerConfig, store?: EventStore): Promise<ContinuityReport> {
  const integrity = loadIntegrityConfig(config);
  const readModels = await readProjectionPositions({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    schema: config.readModelSchema,
  });
  const index = existsSync(integrity.indexPath) ? IntegrityIndex.open(integrity.indexPath) : undefined;
  const opened = store ?? (await openEventStore(config.eventStoreUrl));
  try {
    return await checkStoreContinuity({ store: opened, index, readModels });
  } finally {
    index?.close();
    if (!store) await opened.close();
  }
}

/**
 * Refuses start-up (throws {@link StoreContinuityError}, which names both positions and what to
 * do) when the store is behind or differs from what was acknowledged before. Called by the API,
 * the projector and the CLI before they open anything else.
 */
export async function refuseDiscontinuousStore(config: LedgerConfig): Promise<void> {
  const report = await checkConfiguredStore(config);
  if (report.findings.length > 0) throw new StoreContinuityError(report, storeNameOf(config));
}
