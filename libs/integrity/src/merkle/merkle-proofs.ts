import { EMPTY_ROOT, HASH_SIZE, hashChildren, isPowerOfTwo, largestPowerOfTwoBelow, log2 } from './merkle-hash';

/**
 * Where proofs get their hashes from: the root of the perfect subtree of 2^level leaves
 * starting at leaf index × 2^level (level 0: the leaf hash itself). Only subtrees lying wholly
 * inside the tree are ever asked for.
 */
export interface NodeSource {
  node(level: number, index: number): Buffer;
}

/** MTH(D[start:end]) for a range the RFC 9162 recursion produces (start a multiple of the largest power of two not above end - start). */
export function subtreeHash(source: NodeSource, start: number, end: number): Buffer {
  const width = end - start;
  if (width <= 0) return EMPTY_ROOT;
  if (isPowerOfTwo(width)) return source.node(log2(width), start / width);
  const k = largestPowerOfTwoBelow(width);
  return hashChildren(subtreeHash(source, start, start + k), subtreeHash(source, start + k, end));
}

/** The root of the first `size` leaves. */
export function rootAt(source: NodeSource, size: number): Buffer {
  return subtreeHash(source, 0, size);
}

/** RFC 9162 §2.1.3.1: PATH(index, D[0:size]), the audit path from the leaf towards the root. */
export function inclusionProof(source: NodeSource, index: number, size: number): Buffer[] {
  assertSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size)
    throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  return path(source, index, 0, size);
}

function path(source: NodeSource, m: number, start: number, n: number): Buffer[] {
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...path(source, m, start, k), subtreeHash(source, start + k, start + n)];
  return [...path(source, m - k, start + k, n - k), subtreeHash(source, start, start + k)];
}

/** RFC 9162 §2.1.4.1: PROOF(first, D[0:second]); empty when the sizes are equal. */
export function consistencyProof(source: NodeSource, first: number, second: number): Buffer[] {
  assertSize(first);
  assertSize(second);
  if (first < 1 || first > second) throw new RangeError(`no consistency proof from tree size ${first} to ${second}`);
  if (first === second) return [];
  return subproof(source, first, 0, second, true);
}

function subproof(source: NodeSource, m: number, start: number, n: number, startsAtOldRoot: boolean): Buffer[] {
  if (m === n) return startsAtOldRoot ? [] : [subtreeHash(source, start, start + n)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...subproof(source, m, start, k, startsAtOldRoot), subtreeHash(source, start + k, start + n)];
  return [...subproof(source, m - k, start + k, n - k, false), subtreeHash(source, start, start + k)];
}

/** Why a proof did not verify; `undefined` from the verifiers means it did. */
export type ProofFailure = string;

/**
 * RFC 9162 §2.1.3.2: does `proof` show the leaf `leafHash` at `index` in the tree of `size`
 * leaves whose root is `root`?
 */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofFailure | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0)
    return `leaf index ${index} or tree size ${size} is not a whole number`;
  if (index >= size) return `leaf index ${index} is beyond the tree size ${size}`;
  const bad = badHashes(leafHash, proof, root);
  if (bad) return bad;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return `the proof has ${proof.length} hashes, more than a tree of size ${size} needs`;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return `the proof has ${proof.length} hashes, fewer than a tree of size ${size} needs`;
  if (!r.equals(root))
    return `the proof leads to root ${r.toString('base64')}, not ${Buffer.from(root).toString('base64')}`;
  return undefined;
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `first` leaves with root `firstRoot`
 * is a prefix of the tree of `second` leaves with root `secondRoot`? As in the Go reference
 * (transparency-dev/merkle), equal sizes need an empty proof and equal roots, and a proof from
 * the empty tree is refused as meaningless.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): ProofFailure | undefined {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0)
    return `tree sizes ${first} and ${second} are not whole numbers`;
  if (second < first) return `the second tree (size ${second}) is smaller than the first (size ${first})`;
  if (first === 0) return 'a consistency proof from the empty tree proves nothing';
  if (first === second) {
    if (proof.length > 0) return 'the trees have the same size, so the proof must be empty';
    return Buffer.from(firstRoot).equals(secondRoot) ? undefined : 'the trees have the same size but different roots';
  }
  const bad = badHashes(firstRoot, proof, secondRoot);
  if (bad) return bad;
  if (proof.length === 0) return 'the proof is empty';
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return `the proof has more hashes than trees of sizes ${first} and ${second} need`;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return `the proof has fewer hashes than trees of sizes ${first} and ${second} need`;
  if (!fr.equals(firstRoot)) return `the proof does not lead to the first root (size ${first})`;
  if (!sr.equals(secondRoot)) return `the proof does not lead to the second root (size ${second})`;
  return undefined;
}

function badHashes(a: Uint8Array, proof: readonly Uint8Array[], b: Uint8Array): ProofFailure | undefined {
  if (a.length !== HASH_SIZE || b.length !== HASH_SIZE) return `a hash is not ${HASH_SIZE} bytes long`;
  const index = proof.findIndex((p) => p.length !== HASH_SIZE);
  return index >= 0 ? `proof hash ${index} is ${proof[index].length} bytes long, not ${HASH_SIZE}` : undefined;
}

function assertSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`not a tree size: ${size}`);
}
