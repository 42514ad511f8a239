import * as path from 'node:path';
import type { LedgerConfig } from '@ledger/ledger/config/ledger-config';
import { assertKeyName } from '../signed-note/note-keys';
import { type WitnessEndpoint, parseWitnessEndpoints } from '../witness/witness-client';

/**
 * Configuration of tamper evidence and exports, from environment variables (listed with their
 * defaults in the README) on top of the ledger's own configuration.
 */
export interface IntegrityConfig {
  /** The integrity index: leaf hashes, proof nodes and the checkpoint log (`LEDGER_INTEGRITY_DB`; default `<dataDir>/integrity.sqlite`). */
  readonly indexPath: string;
  /** The Ed25519 signing key, as a C2SP/Go note signer key (`LEDGER_SIGNING_KEY_FILE`; default `<dataDir>/signing.key`). */
  readonly signingKeyFile: string;
  /** The matching verifier key (`LEDGER_VERIFIER_KEY_FILE`; default `<dataDir>/signing.pub`); `ledger init-signing-key` writes it. */
  readonly verifierKeyFile: string;
  /** The checkpoints' origin line, and the name of new signing keys (`LEDGER_CHECKPOINT_ORIGIN`; default `ledger.<LEDGER_AGENCY>/events`). */
  readonly origin: string;
  /**
   * How often the API looks for growth and signs a checkpoint when the tree grew; 0 turns the
   * schedule off (`LEDGER_CHECKPOINT_EVERY_SECONDS`; default 10: the unsigned tail, which only
   * the ledger vouches for, is never older than that; a look that finds no growth costs one query).
   */
  readonly checkpointEverySeconds: number;
  /**
   * Witnesses asked to cosign every new checkpoint (`LEDGER_WITNESSES`: `<url> <witness key>`
   * entries separated by `;` or newlines; default none). See the README's Trust model.
   */
  readonly witnesses?: readonly WitnessEndpoint[];
}

export const INTEGRITY_CONFIG = Symbol('INTEGRITY_CONFIG');

export function loadIntegrityConfig(ledger: LedgerConfig, env: NodeJS.ProcessEnv = process.env): IntegrityConfig {
  // The default is derived from the agency, made a valid key name whatever the agency is called.
  const origin =
    env.LEDGER_CHECKPOINT_ORIGIN || `ledger.${ledger.defaultAgency.replace(/[\s+]+/gu, '-') || 'ledger'}/events`;
  try {
    assertKeyName(origin);
  } catch {
    throw new Error(
      `LEDGER_CHECKPOINT_ORIGIN must be one word without spaces or '+' (e.g. ledger.jiangmen-psb/events), got "${origin}"`,
    );
  }
  const every =
    env.LEDGER_CHECKPOINT_EVERY_SECONDS === undefined || env.LEDGER_CHECKPOINT_EVERY_SECONDS === ''
      ? 10
      : Number(env.LEDGER_CHECKPOINT_EVERY_SECONDS);
  if (!Number.isInteger(every) || every < 0)
    throw new Error(
      `LEDGER_CHECKPOINT_EVERY_SECONDS must be a whole number of seconds (0 turns the schedule off), got "${env.LEDGER_CHECKPOINT_EVERY_SECONDS}"`,
    );
  return {
    indexPath: path.resolve(env.LEDGER_INTEGRITY_DB || path.join(ledger.dataDir, 'integrity.sqlite')),
    signingKeyFile: path.resolve(env.LEDGER_SIGNING_KEY_FILE || path.join(ledger.dataDir, 'signing.key')),
    verifierKeyFile: path.resolve(env.LEDGER_VERIFIER_KEY_FILE || path.join(ledger.dataDir, 'signing.pub')),
    origin,
    checkpointEverySeconds: every,
    witnesses: parseWitnessEndpoints(env.LEDGER_WITNESSES),
  };
}
