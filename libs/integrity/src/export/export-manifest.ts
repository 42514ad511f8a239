import type { TrailFilter } from './export-filter';

/**
 * The files of an export directory:
 *
 * - `events.ndjson` (authoritative): one line per event, the RFC 8785 canonical JSON of
 *   `{ "event": <the stored event: eventId, type, streamId, revision, data, metadata>,
 *      "leafHash": <base64 SHA-256(0x00 || canonical JSON of "event")>, "leafIndex": <n> }`;
 * - `proofs.ndjson`: line for line, `{ "inclusionProof": [base64…], "leafIndex": n, "treeSize": N }`,
 *   the RFC 9162 audit path of the event's leaf in the tree of the signed checkpoint;
 * - `events.csv`: the same events for reading, personal data withheld (not authoritative);
 * - `manifest.json`: this description, written last (its absence marks an incomplete export).
 */
export const EXPORT_FORMAT = 'licensing-ledger-export/1';
export const MANIFEST_FILE = 'manifest.json';
export const EVENTS_FILE = 'events.ndjson';
export const PROOFS_FILE = 'proofs.ndjson';
export const CSV_FILE = 'events.csv';

export interface ManifestCheckpoint {
  /** Number in the ledger's checkpoint log. */
  readonly id: number;
  readonly signedAt: string;
  readonly treeSize: number;
  /** base64, as in the note. */
  readonly rootHash: string;
  /** The C2SP signed note, verbatim, with the witnesses' cosignature lines (C2SP tlog-cosignature) after the log's signature. */
  readonly note: string;
}

export interface ManifestFile {
  readonly name: string;
  /** Hex SHA-256 of the file's bytes, as `sha256sum` prints it. */
  readonly sha256: string;
  readonly bytes: number;
  /** Lines of data (for the CSV: without its header). */
  readonly lines: number;
  readonly description: string;
}

export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  /** When the export was made (ledger clock). */
  readonly createdAt: string;
  readonly filters: TrailFilter;
  readonly eventCount: number;
  /** How a verifier recomputes what is proved, in words. */
  readonly method: {
    readonly leafHash: string;
    readonly tree: string;
    readonly signature: string;
  };
  /** The checkpoint every inclusion proof leads to. */
  readonly checkpoint: ManifestCheckpoint;
  /** The ledger's verifier key at export time; a verifier should obtain it independently. */
  readonly verifierKey: string;
  /** From the checkpoint signed before this one (published earlier) to this one: the ledger only grew in between. */
  readonly consistency: { readonly from: ManifestCheckpoint; readonly proof: readonly string[] } | null;
  readonly files: readonly ManifestFile[];
  /** Events hashed with the fallback encoding (see method.leafHash); absent when none. */
  readonly fallbackEncodedEvents?: number;
}

export const EXPORT_METHOD: ExportManifest['method'] = {
  leafHash:
    'SHA-256(0x00 || UTF-8 of the RFC 8785 canonical JSON of the "event" object of the events.ndjson line); for an event RFC 8785 cannot express ' +
    '(a string with a lone UTF-16 surrogate) the same form with each lone surrogate written as a lowercase \\uXXXX escape (fallbackEncodedEvents counts them)',
  tree: 'RFC 9162 Merkle tree (SHA-256, node = SHA-256(0x01 || left || right)) over every event of the ledger in global order; inclusion and consistency proofs per RFC 9162 2.1.3 and 2.1.4',
  signature: 'checkpoint: C2SP tlog-checkpoint in a C2SP signed note, Ed25519 (c2sp.org/signed-note)',
};
