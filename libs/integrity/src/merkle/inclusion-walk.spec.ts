import fc from 'fast-check';
import { InclusionWalk } from './inclusion-walk';
import { MemoryNodeSource } from './memory-node-source';
import { hashChildren, hashLeafText } from './merkle-hash';
import { type NodeSource, inclusionProof, rootAt, verifyInclusion } from './merkle-proofs';

const leaves = Array.from({ length: 70 }, (_, index) => hashLeafText(`leaf ${index}`));
const tree = new MemoryNodeSource(leaves);

/** The tree's nodes with one of them replaced: an index altered after signing. */
class AlteredNodeSource implements NodeSource {
  constructor(
    private readonly level: number,
    private readonly index: number,
  ) {}

  node(level: number, index: number): Buffer {
    const hash = tree.node(level, index);
    return level === this.level && index === this.index ? hashChildren(hash, hash) : hash;
  }
}

const base64 = (proof: readonly Buffer[]) => proof.map((hash) => hash.toString('base64'));

/** The walk's results with the proofs in base64 (Jest compares strings far faster than buffers). */
function proveAll(walk: InclusionWalk, order: readonly number[], leafOf = (index: number) => leaves[index]) {
  return order.map((index) => {
    const result = walk.prove(index, leafOf(index));
    return 'proof' in result ? { proof: base64(result.proof) } : result;
  });
}

describe('inclusion proofs from one walk', () => {
  describe('when every leaf of a tree is proved in order', () => {
    it('hands out the proof of RFC 9162 §2.1.3 for each, at every size up to 70', () => {
      for (let size = 1; size <= leaves.length; size++) {
        const walk = new InclusionWalk(tree, size, rootAt(tree, size));
        for (let index = 0; index < size; index++) {
          const expected = base64(inclusionProof(tree, index, size));
          expect(proveAll(walk, [index])).toEqual([{ proof: expected }]);
          expect(walk.lastProofBase64()).toEqual(expected);
        }
      }
    });
  });

  describe('when leaves are proved in any order, repeats included', () => {
    it('hands out the same proofs', () => {
      fc.assert(
        fc.property(
          fc
            .integer({ min: 1, max: leaves.length })
            .chain((size) =>
              fc.tuple(fc.constant(size), fc.array(fc.nat({ max: size - 1 }), { minLength: 1, maxLength: 40 })),
            ),
          ([size, order]) => {
            const walk = new InclusionWalk(tree, size, rootAt(tree, size));
            expect(proveAll(walk, order)).toEqual(
              order.map((index) => ({ proof: base64(inclusionProof(tree, index, size)) })),
            );
          },
        ),
      );
    });
  });

  describe('when a leaf hash is not the one in the tree', () => {
    it('refuses it as a full verification would, and proves the next leaf again', () => {
      const size = 45;
      const root = rootAt(tree, size);
      for (let bad = 0; bad < size; bad++) {
        const walk = new InclusionWalk(tree, size, root);
        const forged = hashLeafText('forged');
        const results = proveAll(walk, [...Array(size).keys()], (index) => (index === bad ? forged : leaves[index]));
        results.forEach((result, index) => {
          if (index !== bad) expect(result).toEqual({ proof: base64(inclusionProof(tree, index, size)) });
        });
        expect(results[bad]).toEqual({
          failure: verifyInclusion(bad, size, forged, inclusionProof(tree, bad, size), root),
        });
        expect(results[bad]).toHaveProperty('failure', expect.stringContaining('the proof leads to root'));
      }
    });
  });

  describe('when a node of the index was altered after signing', () => {
    it('accepts exactly the leaves whose full verification passes, whichever node it is', () => {
      for (const size of [2, 7, 16, 45, 70]) {
        const root = rootAt(tree, size);
        for (let level = 0; 2 ** level <= size; level++) {
          for (let index = 0; (index + 1) * 2 ** level <= size; index++) {
            const altered = new AlteredNodeSource(level, index);
            const walk = new InclusionWalk(altered, size, root);
            const order = [...Array(size).keys()];
            const accepted = proveAll(walk, order).map((result) => 'proof' in result);
            const fullyVerified = order.map(
              (leaf) =>
                verifyInclusion(leaf, size, leaves[leaf], inclusionProof(altered, leaf, size), root) === undefined,
            );
            expect({ size, level, index, accepted }).toEqual({ size, level, index, accepted: fullyVerified });
            // Every node but the root of a perfect tree is in some proof.
            if (2 ** level < size) expect(accepted).toContain(false);
          }
        }
      }
    });
  });

  describe('when the root is not the tree’s', () => {
    it('proves no leaf', () => {
      const walk = new InclusionWalk(tree, 40, rootAt(tree, 41));
      expect(proveAll(walk, [...Array(40).keys()]).every((result) => 'failure' in result)).toBe(true);
    });
  });

  it('refuses a leaf outside the tree and an empty tree', () => {
    expect(() => new InclusionWalk(tree, 8, rootAt(tree, 8)).prove(8, leaves[8])).toThrow(RangeError);
    expect(() => new InclusionWalk(tree, 0, rootAt(tree, 0))).toThrow(RangeError);
  });
});
