import type { RecordedEvent } from '@ledger/event-store';

export type TrailSubjectKind = 'application' | 'complaint';

export interface TrailEntry {
  readonly revision: number;
  readonly position: string;
  /** Place in the ledger's Merkle tree (global order from 0), or null when not known. */
  readonly leafIndex: number | null;
  readonly type: string;
  /** The event in Chinese (申请提交, 受理, 作出许可决定…). */
  readonly label: string;
  /** What the event says, personal data withheld. */
  readonly details: string;
  readonly businessTime: string;
  readonly ledgerTime: string;
  /** On whose behalf it was recorded. */
  readonly actor: string;
  /** The credential that recorded it; null for events recorded before the ledger kept it. */
  readonly principal: string | null;
  /** SHA-256 leaf hash (RFC 9162, over the RFC 8785 canonical JSON of the event as stored), base64 as in the verifiable export. */
  readonly leafHash: string;
  /** `verified`: its inclusion proof checks against the checkpoint; `not-covered`: recorded after it. */
  readonly inclusion: 'verified' | 'not-covered' | 'unchecked';
}

export interface TrailCheckpoint {
  readonly id: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly signedAt: string;
  /** The signed note, verbatim. */
  readonly note: string;
}

export interface Trail {
  readonly subject: { readonly kind: TrailSubjectKind; readonly id: string; readonly streamId: string };
  readonly agency: string;
  /** The agency's own name (configured agency names), or null when none is configured. */
  readonly agencyName: string | null;
  readonly timeZone: string;
  readonly generatedAt: string;
  readonly purpose: string;
  readonly entries: readonly TrailEntry[];
  /** The checkpoint the entries are proven against, or null with the reason in `integrityNote`. */
  readonly checkpoint: TrailCheckpoint | null;
  readonly integrityNote: string | null;
}

/** What proves the entries: leaf hashes and a signed checkpoint (implemented with @ledger/integrity). */
export interface TrailProofs {
  leafHash(event: RecordedEvent): string;
  /** A checkpoint covering as much of the ledger as can be signed now, or the reason there is none. */
  checkpoint(): Promise<TrailCheckpoint | { readonly unavailable: string }>;
  /** Leaf index and inclusion check of each event of the stream, by event id, in one pass over the ledger up to the tree size. */
  locate(streamId: string, checkpoint: TrailCheckpoint): Promise<Map<string, { leafIndex: number; verified: boolean }>>;
}
