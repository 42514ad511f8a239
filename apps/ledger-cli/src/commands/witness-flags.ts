import { existsSync, readFileSync } from 'node:fs';
import { type WitnessKey, parseWitnessKey } from '@ledger/integrity';

/**
 * `--witness-key <key or file>` (repeatable) and `--min-witnesses <n>` of `verify` and
 * `verify-export`: without keys nothing is required; with keys, at least one cosignature (or n)
 * must be on every checkpoint that counts.
 */
export function witnessRequirement(
  keysOrFiles: readonly string[] | undefined,
  min: number | undefined,
): { readonly keys: WitnessKey[]; readonly min: number } | undefined {
  const keys = (keysOrFiles ?? []).flatMap(readWitnessKeys);
  if (keys.length === 0) {
    if (min !== undefined && min > 0)
      throw new Error("--min-witnesses needs the witnesses' keys: --witness-key <key or file>");
    return undefined;
  }
  const required = min ?? 1;
  if (required > keys.length)
    throw new Error(`--min-witnesses ${required} is more than the ${keys.length} witness key(s) given`);
  return { keys, min: required };
}

export function parseMinWitnesses(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw new Error('--min-witnesses must be a whole number from 1 to 100');
  return Number(value);
}

function readWitnessKeys(keyOrFile: string): WitnessKey[] {
  if (!existsSync(keyOrFile)) return [parseWitnessKey(keyOrFile)];
  return readFileSync(keyOrFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => parseWitnessKey(line));
}
