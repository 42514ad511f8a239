import { hashChildren } from './merkle-hash';
import type { NodeSource } from './merkle-proofs';

/** Every perfect subtree of a small tree held in memory: for tests and for trees of a few thousand leaves. */
export class MemoryNodeSource implements NodeSource {
  private readonly levels: Buffer[][];

  constructor(leafHashes: readonly Buffer[]) {
    this.levels = [[...leafHashes]];
    for (let below = this.levels[0]; below.length > 1;) {
      const level: Buffer[] = [];
      for (let index = 0; index + 1 < below.length; index += 2)
        level.push(hashChildren(below[index], below[index + 1]));
      this.levels.push(level);
      below = level;
    }
  }

  get size(): number {
    return this.levels[0].length;
  }

  node(level: number, index: number): Buffer {
    const hash = this.levels[level]?.[index];
    if (!hash)
      throw new RangeError(`no complete subtree at level ${level}, index ${index} in a tree of ${this.size} leaves`);
    return hash;
  }
}
