import { PERSONAL_DATA_FIELD_NAMES } from '@ledger/domain';
import { type RecordedEvent, positionToString } from '@ledger/event-store';
import type { StreamFacts } from '../ledger-tree/integrity-index';
import { ownDepartment, ownItemCode } from './trail-facts';

/**
 * The human-readable companion of `events.ndjson`: one row per event, no personal data (neither
 * plaintext nor its sealed form). Not authoritative: the NDJSON and the proofs are.
 */
export const CSV_COLUMNS = [
  'leafIndex',
  'position',
  'eventId',
  'type',
  'streamId',
  'revision',
  'agency',
  'businessTime',
  'ledgerTime',
  'actor',
  'applicationId',
  'itemCode',
  'department',
  'details',
] as const;

/** Shown in `details` where an event holds personal data. */
export const PERSONAL_DATA_WITHHELD = '[personal data withheld]';

/** UTF-8 byte order mark: spreadsheet programs need it to read Chinese text in a CSV file as UTF-8. */
export const CSV_BOM = '\uFEFF';

export function csvHeader(): string {
  return `${CSV_BOM}${CSV_COLUMNS.join(',')}\r\n`;
}

/** One row; `facts` fills in the item and department of events that do not repeat them (an application's later events). */
export function csvRow(leafIndex: number, event: RecordedEvent, facts?: StreamFacts): string {
  const metadata = event.metadata as Record<string, unknown>;
  const data = event.data as Record<string, unknown>;
  const cells = [
    leafIndex,
    positionToString(event.position),
    event.eventId,
    event.type,
    event.streamId,
    event.revision,
    metadata.agency,
    metadata.businessTime,
    metadata.ledgerTime,
    metadata.actor,
    data.applicationId,
    ownItemCode(event) ?? facts?.itemCode,
    ownDepartment(event) ?? facts?.department,
    JSON.stringify(withoutPersonalData(data)),
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A copy of `value` with every personal-data field and every sealed envelope replaced by a placeholder. */
export function withoutPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPersonalData);
  if (value === null || typeof value !== 'object') return value;
  if (isSealedEnvelope(value)) return PERSONAL_DATA_WITHHELD;
  const copy: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value))
    copy[name] = PERSONAL_DATA_FIELD_NAMES.has(name) ? PERSONAL_DATA_WITHHELD : withoutPersonalData(member);
  return copy;
}

function isSealedEnvelope(value: object): boolean {
  const sealed = (value as { sealed?: unknown }).sealed;
  return typeof sealed === 'object' && sealed !== null;
}

/** RFC 4180 quoting, and a leading apostrophe where a spreadsheet would run the cell as a formula. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
