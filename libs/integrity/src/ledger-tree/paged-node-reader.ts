import { HASH_SIZE } from '../merkle/merkle-hash';
import type { NodeSource } from '../merkle/merkle-proofs';
import type { HashRow, IntegrityIndex } from './integrity-index';

/** Leaves per page: a power of two, so that every subtree below this size lies inside one page. */
const PAGE_LEAVES = 1024;
const PAGE_LEVELS = Math.log2(PAGE_LEAVES);

/**
 * The index's nodes for a walk that moves left to right through the leaves (an export's proofs):
 * the lower levels of every proof (the leaf's neighbour, the subtrees of fewer than 1,024 leaves
 * around it) are read a page of 1,024 rows at a time in one sequential statement, instead of one
 * lookup each; the few higher nodes, which change rarely, are asked of the index as before.
 * The leaves of a tree are never rewritten, so a page read once stays true.
 */
export class PagedNodeReader implements NodeSource {
  private pageStart = -1;
  private page: HashRow[] = [];

  constructor(private readonly index: IntegrityIndex) {}

  node(level: number, index: number): Buffer {
    if (level >= PAGE_LEVELS) return this.index.node(level, index);
    const last = (index + 1) * 2 ** level - 1;
    const start = last - (last % PAGE_LEAVES);
    if (start !== this.pageStart) {
      this.page = this.index.hashPage(start, PAGE_LEAVES);
      this.pageStart = start;
    }
    const row = this.page[last - start];
    // A gap in the rows (or a short row) is for the index to name, as it does for a single lookup.
    if (row === undefined || row[0] !== last) return this.index.node(level, index);
    if (level === 0) return row[1];
    const nodes = row[2];
    if (!nodes || nodes.length < level * HASH_SIZE) return this.index.node(level, index);
    return nodes.subarray((level - 1) * HASH_SIZE, level * HASH_SIZE);
  }
}
