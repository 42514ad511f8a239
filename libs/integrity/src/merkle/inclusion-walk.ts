import { HASH_SIZE, hashChildren, largestPowerOfTwoBelow } from './merkle-hash';
import { type NodeSource, type ProofFailure, subtreeHash, verifyInclusion } from './merkle-proofs';

/** One interior node on the current leaf's path: its range, which child the path takes, that child's sibling. */
interface PathNode {
  readonly start: number;
  readonly end: number;
  readonly pathGoesLeft: boolean;
  readonly sibling: Buffer;
  /** The sibling in base64, written only when asked for (most proofs repeat the upper siblings). */
  siblingBase64?: string;
  /** This node's hash, once a leaf's path through it has been checked to lead to the signed root. */
  hash?: Buffer;
}

/**
 * RFC 9162 inclusion proofs for many leaves of one tree, each checked against the signed root,
 * from one walk down the tree instead of one walk (and one full verification) per leaf.
 *
 * The walk keeps the path of the last leaf proved, root first. The proofs of two leaves share
 * every sibling above their lowest common ancestor, so proving the next leaf rebuilds only the
 * path below that ancestor (for consecutive leaves: two nodes on average). Each node on the path
 * keeps its hash once checked: hashing the new leaf up to the ancestor and finding the ancestor's
 * checked hash is exactly as strong as {@link verifyInclusion} from the leaf to the root, because
 * the siblings above the ancestor are the very ones already hashed up to the root (the proof
 * handed out is built from them), so the rest of the full verification would repeat the same
 * hashes. The non-perfect subtrees on the right edge (they all end at the tree size) are read once
 * for as long as the walk stays under them, instead of being recomputed for every proof.
 */
export class InclusionWalk {
  private path: PathNode[] = [];

  constructor(
    private readonly source: NodeSource,
    readonly treeSize: number,
    private readonly root: Buffer,
  ) {
    if (!Number.isSafeInteger(treeSize) || treeSize < 1)
      throw new RangeError(`no leaf to prove in a tree of size ${treeSize}`);
  }

  /**
   * The inclusion proof of leaf `index` with hash `leafHash` (audit path, leaf upwards), or why
   * it does not lead to the signed root (then the walk starts afresh from the root next time).
   */
  prove(index: number, leafHash: Buffer): { readonly proof: Buffer[] } | { readonly failure: ProofFailure } {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.treeSize)
      throw new RangeError(`leaf ${index} is not in a tree of size ${this.treeSize}`);
    let kept = 0;
    while (kept < this.path.length && this.path[kept].start <= index && index < this.path[kept].end) kept++;
    // The deepest node holding both leaves is the common ancestor; its hash was checked with the last leaf.
    const ancestor = kept - 1;
    const checked = ancestor >= 0 ? this.path[ancestor].hash : this.root;
    let start = ancestor >= 0 ? this.path[ancestor].start : 0;
    let end = ancestor >= 0 ? this.path[ancestor].end : this.treeSize;
    const from = Math.max(ancestor, 0);
    this.path.length = from;
    while (end - start > 1) {
      const split = start + largestPowerOfTwoBelow(end - start);
      const pathGoesLeft = index < split;
      const sibling = pathGoesLeft ? subtreeHash(this.source, split, end) : subtreeHash(this.source, start, split);
      if (sibling.length !== HASH_SIZE)
        return this.failed(`a node of the index is ${sibling.length} bytes long, not ${HASH_SIZE}`);
      this.path.push({ start, end, pathGoesLeft, sibling });
      if (pathGoesLeft) end = split;
      else start = split;
    }
    let hash = leafHash;
    for (let depth = this.path.length - 1; depth >= from; depth--) {
      const node = this.path[depth];
      hash = node.pathGoesLeft ? hashChildren(hash, node.sibling) : hashChildren(node.sibling, hash);
      node.hash = hash;
    }
    const proof = this.path.map((node) => node.sibling).reverse();
    if (checked === undefined || !hash.equals(checked)) {
      // Say it as a full verification would (it fails too, short of a SHA-256 collision).
      return this.failed(
        verifyInclusion(index, this.treeSize, leafHash, proof, this.root) ??
          `the proof does not lead to the root of the tree of size ${this.treeSize}`,
      );
    }
    return { proof };
  }

  /** The last proof handed out, in base64, leaf upwards (the upper siblings are encoded once). */
  lastProofBase64(): string[] {
    const encoded: string[] = [];
    for (let depth = this.path.length - 1; depth >= 0; depth--) {
      const node = this.path[depth];
      encoded.push((node.siblingBase64 ??= node.sibling.toString('base64')));
    }
    return encoded;
  }

  private failed(failure: ProofFailure): { readonly failure: ProofFailure } {
    this.path = [];
    return { failure };
  }
}
