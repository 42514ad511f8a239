/**
 * Stream names of an agency's records. One ledger serves many agencies, and each agency chooses
 * its own ids (application `SQ-1`, complaint `C-1`, item code `X-1`): two agencies may use the same
 * id and must get two independent records. So the agency is part of every record's stream name:
 *
 *     <kind>-<agency>.<id>        application-jiangmen-psb.SQ-1, item-kaiping-psb.X-1
 *
 * Why `.`: an agency id is `[a-z0-9][a-z0-9-]*` (AGENCY_PATTERN in the ledger's validation), so it
 * never holds a dot, and the first dot after `<kind>-` always ends the agency, whatever the record
 * id holds (ids may hold dots, colons and dashes). `-` after the kind keeps KurrentDB's
 * `$by_category` projection working: the category of every record stream is still its kind.
 * Item streams have had this shape from the start.
 *
 * Stores written before ids were per agency hold `<kind>-<id>` (`application-SQ-1`), one global
 * namespace. Those streams are never renamed (a recorded event is never altered): the ledger keeps
 * appending to and reading from a legacy stream for as long as it holds the record of that agency
 * (see `legacyRecordStreamId` and the ledger's `AgencyRecords`). A stream name is for finding a
 * record; whose record it is comes from its events' `metadata.agency`, never from parsing the name,
 * because a legacy name such as `application-a1.2` reads like a per-agency one.
 */
export const RECORD_KINDS = [
  'application',
  'complaint',
  'inspection',
  'appeal',
  'rectification',
  'licence',
  'item',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Ends the agency in a record's stream name; no agency id can hold it. */
export const AGENCY_SEPARATOR = '.';

/** The stream of one record of one agency: `<kind>-<agency>.<id>`. The only place that builds it. */
export function recordStreamId(kind: RecordKind, agency: string, id: string): string {
  if (agency.length === 0 || agency.includes(AGENCY_SEPARATOR))
    throw new RangeError(`an agency id is not empty and holds no "${AGENCY_SEPARATOR}"; got "${agency}"`);
  return `${kind}-${agency}${AGENCY_SEPARATOR}${id}`;
}

/**
 * The name a record had before ids were per agency (`application-SQ-1`), or undefined for items,
 * whose streams always named their agency. Only for finding records in older stores: nothing new
 * is ever recorded under a legacy name unless the record already lives there.
 */
export function legacyRecordStreamId(kind: RecordKind, id: string): string | undefined {
  return kind === 'item' ? undefined : `${kind}-${id}`;
}

/**
 * Whether `streamId` holds the record `id` of `agency` (an event's own `metadata.agency`), under
 * its per-agency name or its legacy one. For readers that meet events one by one, such as the
 * export's filter.
 */
export function isRecordStream(streamId: string, kind: RecordKind, agency: unknown, id: string): boolean {
  if (streamId === legacyRecordStreamId(kind, id)) return true;
  return (
    typeof agency === 'string' &&
    agency !== '' &&
    !agency.includes(AGENCY_SEPARATOR) &&
    streamId === recordStreamId(kind, agency, id)
  );
}
