import { keyIdHex } from '../signed-note/note-keys';
import {
  type VerifiedCosignature,
  type WitnessKey,
  cosignaturesOf,
  parseWitnessKey,
  withSignatureLines,
} from './cosignature';

/** A witness the ledger asks for cosignatures: where it listens and the key it cosigns with. */
export interface WitnessEndpoint {
  /** The submission prefix: `add-checkpoint` is appended. */
  readonly url: string;
  readonly key: WitnessKey;
}

/** What a witness answered to one add-checkpoint request. */
export type WitnessAnswer =
  | { readonly kind: 'cosigned'; readonly cosignature: VerifiedCosignature }
  /** 409 with text/x.tlog.size: the witness's latest cosigned size for this log is another one. */
  | { readonly kind: 'conflict'; readonly latestSize: number }
  | { readonly kind: 'refused'; readonly status: number; readonly message: string };

/**
 * `LEDGER_WITNESSES`: one witness per line or `;`-separated entry, `<url> <witness key>`, e.g.
 * `https://witness.example/w1 witness.example/w1+1a2b3c4d+BB…=`.
 */
export function parseWitnessEndpoints(text: string | undefined): WitnessEndpoint[] {
  if (!text?.trim()) return [];
  return text
    .split(/[;\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'))
    .map((entry) => {
      const [url, key, ...rest] = entry.split(/\s+/);
      if (!key || rest.length > 0 || !/^https?:\/\//.test(url))
        throw new Error(`LEDGER_WITNESSES: "${entry}" is not "<http(s) URL> <witness key>"`);
      try {
        return { url: url.replace(/\/+$/, ''), key: parseWitnessKey(key) };
      } catch (error) {
        throw new Error(`LEDGER_WITNESSES: ${(error as Error).message}`);
      }
    });
}

export function describeWitness(witness: WitnessEndpoint): string {
  return `${witness.key.name}+${keyIdHex(witness.key.keyId)} (${witness.url})`;
}

/** Sends one add-checkpoint request and checks the cosignature it returns. */
export async function requestCosignature(
  witness: WitnessEndpoint,
  note: string,
  oldSize: number,
  proof: readonly Buffer[],
  timeoutMs = 10_000,
): Promise<WitnessAnswer> {
  const body = `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
  const response = await fetch(`${witness.url}/add-checkpoint`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (response.status === 409 && (response.headers.get('content-type') ?? '').startsWith('text/x.tlog.size')) {
    const size = /^(0|[1-9][0-9]*)\n$/.exec(text);
    if (size) return { kind: 'conflict', latestSize: Number(size[1]) };
  }
  if (response.status !== 200)
    return { kind: 'refused', status: response.status, message: text.trim().slice(0, 500) || response.statusText };
  const lines = text.split('\n').filter((line) => line !== '');
  const { valid, invalid } = cosignaturesOf(withSignatureLines(note, lines), [witness.key]);
  if (valid.length === 0)
    return {
      kind: 'refused',
      status: 200,
      message: invalid[0] ?? 'the answer holds no cosignature from the configured witness key',
    };
  return { kind: 'cosigned', cosignature: valid[0] };
}
