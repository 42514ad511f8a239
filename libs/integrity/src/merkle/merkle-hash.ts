import { hash } from 'node:crypto';

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: a leaf is SHA-256(0x00 || input), an interior node
 * SHA-256(0x01 || left || right). The distinct prefixes keep a leaf from posing as a node.
 */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = hash('sha256', '', 'buffer');

const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeInput[0] = 0x01;

export function hashLeaf(input: Uint8Array): Buffer {
  const prefixed = Buffer.allocUnsafe(1 + input.length);
  prefixed[0] = 0x00;
  prefixed.set(input, 1);
  return hash('sha256', prefixed, 'buffer');
}

/**
 * The leaf hash of a text's UTF-8 bytes. "\u0000" encodes as the single byte 0x00, so this is
 * {@link hashLeaf} without copying the text into a buffer first (the hot path of `ledger verify`).
 */
export function hashLeafText(text: string): Buffer {
  return hash('sha256', '\u0000' + text, 'buffer');
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  // One preallocated buffer: this runs once per leaf when a tree is recomputed. Safe because
  // `hash` consumes it synchronously before anything else can write into it.
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}

/** k in RFC 9162 §2.1.1: the largest power of two smaller than n, for n > 1. */
export function largestPowerOfTwoBelow(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`no power of two splits a tree of size ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** True when n is 2^i for some i >= 0. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** i such that n = 2^i, for a power of two n. */
export function log2(n: number): number {
  let level = 0;
  while (n > 1) {
    n /= 2;
    level++;
  }
  return level;
}
