/**
 * The line of events.ndjson: the canonical JSON of `{ leafIndex, leafHash, event }` (or its
 * fallback form), written around the leaf input already encoded for the hash instead of encoding
 * the event a second time. RFC 8785 writes an object's members in name order (event, leafHash,
 * leafIndex) each as its own canonical form, and base64 and a whole number need no escaping, so
 * the text is the same (the spec compares them).
 */
export function eventLine(leafIndex: number, leafHash: Buffer, leafInput: string): string {
  return `{"event":${leafInput},"leafHash":"${leafHash.toString('base64')}","leafIndex":${leafIndex}}\n`;
}

/** The line of proofs.ndjson: the canonical JSON of `{ leafIndex, treeSize, inclusionProof }`, written as {@link eventLine} is. */
export function proofLine(leafIndex: number, treeSize: number, proofBase64: readonly string[]): string {
  const hashes = proofBase64.length === 0 ? '' : `"${proofBase64.join('","')}"`;
  return `{"inclusionProof":[${hashes}],"leafIndex":${leafIndex},"treeSize":${treeSize}}\n`;
}
