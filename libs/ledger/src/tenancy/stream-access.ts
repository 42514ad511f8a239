import { REGION_HIERARCHY_STREAM, calendarStreamId } from '@ledger/domain';
import { ReadPrincipal, readerCovers } from './read-scope';

/** The caller of a stream read by name: its agencies and roles. Undefined: the ledger's own process (CLI). */
export interface StreamReader extends ReadPrincipal {
  readonly roles: readonly string[];
}

/**
 * Streams the ledger keeps for itself, each readable by name only by the roles it serves, within
 * their agency. The figures, reports and trails read them on their own behalf; a clerk has no
 * business reading who looked at whose personal data, or an erased subject's record.
 */
export const INTERNAL_STREAMS: readonly {
  readonly prefix: string;
  readonly roles: readonly string[];
  readonly holds: string;
}[] = [
  {
    prefix: 'access-log-',
    roles: ['supervisor', 'legal'],
    holds:
      'who read whose personal data or exported a trail, and why: for those who oversee it and who answer for exports',
  },
  { prefix: 'subject-', roles: ['legal'], holds: "a data subject's erasure (the proof that the key was destroyed)" },
  {
    prefix: 'report-',
    roles: ['supervisor', 'legal', 'reporting'],
    holds: "the staff texts of an agency's annual report",
  },
];

/** Reference data every agency shares (no agency owns it). */
function isShared(streamId: string): boolean {
  return streamId === REGION_HIERARCHY_STREAM || streamId.startsWith(calendarStreamId(''));
}

/**
 * Whether `reader` may read the stream `streamId`, whose events belong to `streamAgency` (its first
 * event's `metadata.agency`). A refusal is answered exactly as a stream that does not exist.
 */
export function mayReadStream(streamId: string, streamAgency: unknown, reader: StreamReader | undefined): boolean {
  if (!reader || isShared(streamId)) return true;
  if (typeof streamAgency !== 'string' || !readerCovers(reader, streamAgency)) return false;
  const internal = INTERNAL_STREAMS.find((s) => streamId.startsWith(s.prefix));
  return !internal || internal.roles.some((role) => reader.roles.includes(role));
}
