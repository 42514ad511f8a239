import { ProjectorInstance, parsePartitions, parseProjectorInstance } from '@ledger/projections';

/** The projector's own settings (the ledger's are in `loadLedgerConfig`); see the README's table. */
export interface ProjectorConfig {
  /** `LEDGER_PROJECTION_PARTITIONS`: partitions of the figures by agency (default 1). */
  readonly partitions: number;
  /** `LEDGER_PROJECTOR_INSTANCE`: `k/n`, this instance's preferred share of the partitions. */
  readonly instance?: ProjectorInstance;
  /** `LEDGER_PROJECTOR_TAKEOVER_MS`: how long another instance's partition must stay free before this one takes it. */
  readonly takeoverAfterMs?: number;
}

export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const takeover = env.LEDGER_PROJECTOR_TAKEOVER_MS;
  if (takeover !== undefined && takeover !== '' && !(Number.isInteger(Number(takeover)) && Number(takeover) >= 0))
    throw new Error(`LEDGER_PROJECTOR_TAKEOVER_MS must be a whole number of milliseconds, got "${takeover}"`);
  const instance = parseProjectorInstance(env.LEDGER_PROJECTOR_INSTANCE);
  return {
    partitions: parsePartitions(env.LEDGER_PROJECTION_PARTITIONS),
    ...(instance ? { instance } : {}),
    ...(takeover ? { takeoverAfterMs: Number(takeover) } : {}),
  };
}
