import fc from 'fast-check';
import { CompactRange } from '../merkle/compact-range';
import { InclusionWalk } from '../merkle/inclusion-walk';
import { hashLeafText } from '../merkle/merkle-hash';
import { inclusionProof } from '../merkle/merkle-proofs';
import { IntegrityIndex } from './integrity-index';
import { PagedNodeReader } from './paged-node-reader';

/** An index of `size` synthetic leaves, with the nodes each completes, as the indexer writes them. */
function indexOf(size: number): IntegrityIndex {
  const index = IntegrityIndex.open(':memory:');
  const range = CompactRange.empty();
  const leaves = Array.from({ length: size }, (_, leafIndex) => {
    const leafHash = hashLeafText(`leaf ${leafIndex}`);
    return {
      leafHash,
      completedNodes: range.append(leafHash),
      eventId: `e-${leafIndex}`,
      streamId: 's-1',
      position: { commit: BigInt(leafIndex), prepare: BigInt(leafIndex) },
    };
  });
  index.append(0, leaves);
  return index;
}

const base64 = (proof: readonly Buffer[]) => proof.map((hash) => hash.toString('base64'));

describe('nodes read a page at a time', () => {
  const size = 2_600;
  let index: IntegrityIndex;
  beforeAll(() => (index = indexOf(size)));
  afterAll(() => index.close());

  describe('when an export walks the leaves in order', () => {
    it('gives the proofs the index gives, one lookup at a time', () => {
      const walk = new InclusionWalk(new PagedNodeReader(index), size, index.rootAt(size));
      const proofs: string[] = [];
      const expected: string[] = [];
      for (let leaf = 0; leaf < size; leaf++) {
        const proved = walk.prove(leaf, index.node(0, leaf));
        proofs.push('proof' in proved ? base64(proved.proof).join() : proved.failure);
        expected.push(base64(inclusionProof(index, leaf, size)).join());
      }
      expect(proofs).toEqual(expected);
    });
  });

  describe('when nodes are asked for in any order', () => {
    it('gives the node the index holds, at every level', () => {
      const reader = new PagedNodeReader(index);
      fc.assert(
        fc.property(
          fc
            .integer({ min: 0, max: 11 })
            .chain((level) => fc.tuple(fc.constant(level), fc.nat({ max: Math.floor(size / 2 ** level) - 1 }))),
          ([level, at]) => {
            expect(reader.node(level, at).toString('base64')).toBe(index.node(level, at).toString('base64'));
          },
        ),
        { numRuns: 500 },
      );
    });
  });

  describe('when a node is beyond the leaves indexed', () => {
    it('refuses it as the index does', () => {
      const reader = new PagedNodeReader(index);
      expect(() => reader.node(0, size)).toThrow(/no node at level 0, index 2600/);
      expect(() => reader.node(3, size / 8)).toThrow(/no node at level 3/);
    });
  });
});
