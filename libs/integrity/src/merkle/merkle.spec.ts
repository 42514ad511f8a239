import { CompactRange, perfectSubtrees } from './compact-range';
import { MemoryNodeSource } from './memory-node-source';
import { EMPTY_ROOT, hashChildren, hashLeaf, hashLeafText, largestPowerOfTwoBelow } from './merkle-hash';
import { consistencyProof, inclusionProof, rootAt, verifyConsistency, verifyInclusion } from './merkle-proofs';
import vectors from './testdata/transparency-dev-merkle-vectors.json';

/**
 * Independent check: the tree hashes and proofs are compared with the vectors of
 * transparency-dev/merkle (the Go RFC 6962/9162 implementation used by Go's checksum database,
 * Trillian and the static CT logs), copied with their source and commit into ./testdata.
 */
const hex = (value: string) => Buffer.from(value, 'hex');
const b64 = (value: string) => Buffer.from(value, 'base64');
const leafHashes = vectors.leafInputsHex.map((input) => hashLeaf(hex(input)));

/** MTH straight from the RFC 9162 §2.1.1 definition, over a list: the reference for the property tests. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = largestPowerOfTwoBelow(leaves.length);
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

function syntheticLeaves(count: number): Buffer[] {
  return Array.from({ length: count }, (_, index) => hashLeafText(`leaf ${index}`));
}

describe('Merkle tree hashing (RFC 9162 §2.1.1)', () => {
  describe('when built from the reference leaf inputs', () => {
    it('has the published root hash at every size from 0 to 8', () => {
      const range = CompactRange.empty();
      const roots = [range.root().toString('hex')];
      for (const leaf of leafHashes) {
        range.append(leaf);
        roots.push(range.root().toString('hex'));
      }
      expect(roots).toEqual(vectors.rootHashesHexBySize);
    });

    it('completes the published interior nodes, level by level', () => {
      expect(leafHashes.map((hash) => hash.toString('hex'))).toEqual(vectors.nodeHashesHexByLevel[0]);
      const range = CompactRange.empty();
      const completed: string[][] = [[], [], [], []];
      for (const leaf of leafHashes)
        range.append(leaf).forEach((node, index) => completed[index + 1].push(node.toString('hex')));
      expect(completed.slice(1)).toEqual(vectors.nodeHashesHexByLevel.slice(1));
    });

    it('hashes the empty tree to SHA-256 of nothing', () => {
      expect(EMPTY_ROOT.toString('hex')).toBe(vectors.rootHashesHexBySize[0]);
    });

    it('hashes a text leaf as the leaf of its UTF-8 bytes', () => {
      expect(hashLeafText('江门 {"a":1}')).toEqual(hashLeaf(Buffer.from('江门 {"a":1}', 'utf8')));
    });
  });

  describe('when a compact range is resumed from its frontier', () => {
    it('continues to the same roots as one built leaf by leaf', () => {
      const leaves = syntheticLeaves(77);
      for (const size of [0, 1, 2, 3, 8, 13, 64, 70]) {
        const whole = CompactRange.empty();
        leaves.slice(0, size).forEach((leaf) => whole.append(leaf));
        const resumed = CompactRange.resume(size, whole.frontier());
        leaves.slice(size).forEach((leaf) => resumed.append(leaf));
        expect(resumed.root()).toEqual(referenceRoot(leaves));
      }
    });

    it('lists the perfect subtrees of a size largest first', () => {
      expect(perfectSubtrees(0, 13)).toEqual([
        { level: 3, index: 0 },
        { level: 2, index: 2 },
        { level: 0, index: 12 },
      ]);
      expect(perfectSubtrees(0, 0)).toEqual([]);
    });
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  const source = new MemoryNodeSource(leafHashes);

  describe('when checked against the transparency-dev probes', () => {
    it.each(vectors.inclusionProbes.map((probe) => [probe.file, probe] as const))('%s', (_file, probe) => {
      const failure = verifyInclusion(
        probe.leafIdx,
        probe.treeSize,
        b64(probe.leafHash ?? ''),
        (probe.proof ?? []).map(b64),
        b64(probe.root ?? ''),
      );
      expect({ desc: probe.desc, rejected: failure !== undefined }).toEqual({
        desc: probe.desc,
        rejected: probe.wantErr,
      });
    });
  });

  describe('when generated for the reference tree', () => {
    it.each(
      vectors.inclusionProbes
        .filter((probe) => !probe.wantErr && probe.treeSize <= 8)
        .map((probe) => [probe.file, probe] as const),
    )('equals the published proof of %s', (_file, probe) => {
      expect(inclusionProof(source, probe.leafIdx, probe.treeSize).map((hash) => hash.toString('base64'))).toEqual(
        probe.proof ?? [],
      );
    });
  });

  describe('when generated for every leaf of trees up to 70 leaves', () => {
    it("verifies against the reference root, and fails for the neighbouring leaf, a shorter proof or the next tree's root", () => {
      const leaves = syntheticLeaves(70);
      const tree = new MemoryNodeSource(leaves);
      for (let size = 1; size <= leaves.length; size++) {
        const root = referenceRoot(leaves.slice(0, size));
        expect(rootAt(tree, size)).toEqual(root);
        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(tree, index, size);
          expect(verifyInclusion(index, size, leaves[index], proof, root)).toBeUndefined();
          if (size > 1) {
            expect(verifyInclusion(index, size, leaves[(index + 1) % size], proof, root)).toBeDefined();
            if (size < leaves.length)
              expect(
                verifyInclusion(index, size, leaves[index], proof, referenceRoot(leaves.slice(0, size + 1))),
              ).toBeDefined();
            expect(verifyInclusion(index, size, leaves[index], proof.slice(1), root)).toBeDefined();
          }
        }
      }
    });
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  const source = new MemoryNodeSource(leafHashes);

  describe('when checked against the transparency-dev probes', () => {
    it.each(vectors.consistencyProbes.map((probe) => [probe.file, probe] as const))('%s', (_file, probe) => {
      const failure = verifyConsistency(
        probe.size1,
        probe.size2,
        b64(probe.root1 ?? ''),
        b64(probe.root2 ?? ''),
        (probe.proof ?? []).map(b64),
      );
      expect({ desc: probe.desc, rejected: failure !== undefined }).toEqual({
        desc: probe.desc,
        rejected: probe.wantErr,
      });
    });
  });

  describe('when generated for the reference tree', () => {
    it.each(
      vectors.consistencyProbes
        .filter((probe) => !probe.wantErr && probe.size1 > 0 && probe.size2 <= 8)
        .map((probe) => [probe.file, probe] as const),
    )('equals the published proof of %s', (_file, probe) => {
      expect(consistencyProof(source, probe.size1, probe.size2).map((hash) => hash.toString('base64'))).toEqual(
        probe.proof ?? [],
      );
    });
  });

  describe('when generated between every pair of sizes up to 40', () => {
    it('verifies against the reference roots and fails when either root is another', () => {
      const leaves = syntheticLeaves(40);
      const tree = new MemoryNodeSource(leaves);
      for (let second = 1; second <= leaves.length; second++) {
        const secondRoot = referenceRoot(leaves.slice(0, second));
        for (let first = 1; first <= second; first++) {
          const firstRoot = referenceRoot(leaves.slice(0, first));
          const proof = consistencyProof(tree, first, second);
          expect(verifyConsistency(first, second, firstRoot, secondRoot, proof)).toBeUndefined();
          if (first < second) {
            expect(verifyConsistency(first, second, secondRoot, secondRoot, proof)).toBeDefined();
            expect(verifyConsistency(first, second, firstRoot, firstRoot, proof)).toBeDefined();
          }
        }
      }
    });
  });
});
