import { HASH_SIZE } from '../merkle/merkle-hash';

/**
 * The body of a transparency-log checkpoint (c2sp.org/tlog-checkpoint): origin, tree size and
 * base64 root hash, one per line. Extension lines are neither written nor required.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Buffer;
}

export class MalformedCheckpointError extends Error {
  readonly code = 'INTEGRITY.MALFORMED_CHECKPOINT';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedCheckpointError';
  }
}

export function formatCheckpoint(checkpoint: Checkpoint): string {
  if (checkpoint.origin === '' || /[\n]/.test(checkpoint.origin))
    throw new MalformedCheckpointError('the origin must be one non-empty line');
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0)
    throw new MalformedCheckpointError(`not a tree size: ${checkpoint.treeSize}`);
  if (checkpoint.rootHash.length !== HASH_SIZE) throw new MalformedCheckpointError('the root hash must be 32 bytes');
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString('base64')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint & { readonly extensions: readonly string[] } {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '')
    throw new MalformedCheckpointError('a checkpoint has at least three lines: origin, tree size, root hash');
  const [origin, size, root, ...rest] = lines.slice(0, -1);
  if (origin === '') throw new MalformedCheckpointError('the checkpoint has an empty origin line');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size)))
    throw new MalformedCheckpointError(
      `the checkpoint's tree size "${size}" is not a decimal number without leading zeros`,
    );
  const rootHash = Buffer.from(root, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(root) || rootHash.length !== HASH_SIZE)
    throw new MalformedCheckpointError("the checkpoint's root hash is not 32 bytes of standard base64");
  if (rest.some((line) => line === ''))
    throw new MalformedCheckpointError('the checkpoint has an empty extension line');
  return { origin, treeSize: Number(size), rootHash, extensions: rest };
}
