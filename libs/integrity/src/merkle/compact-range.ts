import { EMPTY_ROOT, hashChildren } from './merkle-hash';

/**
 * The right edge of a Merkle tree over leaves [0, size): the root of each perfect subtree in
 * the binary decomposition of `size`, largest first. O(log n) hashes are enough to append a
 * leaf and to compute the root (RFC 9162 §2.1.1 by right fold), so a tree of any size can be
 * recomputed in one streaming pass with flat memory.
 */
export class CompactRange {
  private readonly hashes: Buffer[];
  private readonly levels: number[];
  private count: number;

  private constructor(size: number, hashes: Buffer[], levels: number[]) {
    this.count = size;
    this.hashes = hashes;
    this.levels = levels;
  }

  static empty(): CompactRange {
    return new CompactRange(0, [], []);
  }

  /**
   * Resumes a tree of `size` leaves from the roots of its perfect subtrees, largest first
   * (as {@link perfectSubtrees} lists them).
   */
  static resume(size: number, hashes: readonly Buffer[]): CompactRange {
    const subtrees = perfectSubtrees(0, size);
    if (subtrees.length !== hashes.length)
      throw new RangeError(`a tree of ${size} leaves has ${subtrees.length} perfect subtrees, not ${hashes.length}`);
    return new CompactRange(
      size,
      [...hashes],
      subtrees.map((subtree) => subtree.level),
    );
  }

  get size(): number {
    return this.count;
  }

  /**
   * Appends one leaf hash. Returns the roots of the perfect subtrees this leaf completes,
   * level 1 upwards (none when the new size is odd).
   */
  append(leafHash: Buffer): Buffer[] {
    const completed: Buffer[] = [];
    let hash = leafHash;
    let level = 0;
    while (this.levels.length > 0 && this.levels[this.levels.length - 1] === level) {
      this.levels.pop();
      hash = hashChildren(this.hashes.pop()!, hash);
      level++;
      completed.push(hash);
    }
    this.hashes.push(hash);
    this.levels.push(level);
    this.count++;
    return completed;
  }

  /** MTH(D[0:size]). */
  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    let root = this.hashes[this.hashes.length - 1];
    for (let index = this.hashes.length - 2; index >= 0; index--) root = hashChildren(this.hashes[index], root);
    return root;
  }

  /** The roots of the perfect subtrees, largest first. */
  frontier(): readonly Buffer[] {
    return this.hashes;
  }
}

/** A perfect subtree: 2^level leaves from index × 2^level. */
export interface PerfectSubtree {
  readonly level: number;
  readonly index: number;
}

/**
 * The perfect subtrees that exactly cover leaves [start, end) when start is a multiple of the
 * largest of them (always so for start = 0), largest first: the binary decomposition of the range.
 */
export function perfectSubtrees(start: number, end: number): PerfectSubtree[] {
  const subtrees: PerfectSubtree[] = [];
  let offset = start;
  let remaining = end - start;
  let width = 1;
  let level = 0;
  while (width * 2 <= remaining) {
    width *= 2;
    level++;
  }
  while (remaining > 0) {
    if (width <= remaining) {
      subtrees.push({ level, index: offset / width });
      offset += width;
      remaining -= width;
    }
    width /= 2;
    level--;
  }
  return subtrees;
}
