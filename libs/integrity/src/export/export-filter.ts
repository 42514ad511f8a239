import { INSTANT_RULE, isInstant, isRecordStream } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { StreamFacts } from '../ledger-tree/integrity-index';
import { ownDepartment, ownItemCode } from './trail-facts';

/** Which events an export holds. Every given criterion must match; none given: every event. */
export interface TrailFilter {
  /** The application's own stream, and events of other streams that name it (inspections, complaints, appeals). */
  readonly application?: string;
  /** Events of this licensing item: the item's own, and those of applications filed for it or naming it. */
  readonly item?: string;
  /** Events of this department: naming it, or of an application or item that belongs to it. */
  readonly department?: string;
  /** Events recorded for this agency (`metadata.agency`). */
  readonly agency?: string;
  /** Event types, e.g. `DecisionMade.v1`. */
  readonly types?: readonly string[];
  /** Business time from (inclusive), ISO-8601 with offset. */
  readonly from?: string;
  /** Business time to (exclusive), ISO-8601 with offset. */
  readonly to?: string;
}

export class TrailFilterError extends Error {
  readonly code = 'INTEGRITY.BAD_FILTER';
  constructor(message: string) {
    super(message);
    this.name = 'TrailFilterError';
  }
}

/** Refuses empty criteria and periods that are not instants with an offset, or that end before they start. */
export function validateTrailFilter(filter: TrailFilter): TrailFilter {
  for (const [name, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value.trim() === '') throw new TrailFilterError(`--${name} must not be empty`);
  }
  if (filter.types && (filter.types.length === 0 || filter.types.some((type) => type.trim() === '')))
    throw new TrailFilterError('--type needs one or more event types, comma-separated');
  for (const name of ['from', 'to'] as const) {
    const value = filter[name];
    if (value !== undefined && !isInstant(value)) {
      throw new TrailFilterError(`--${name} must be ${INSTANT_RULE}; got "${value}"`);
    }
  }
  if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to))
    throw new TrailFilterError('--from must be before --to');
  return filter;
}

/**
 * Decides, event by event, whether it belongs to the trail. `factsOf` answers for a stream what
 * its filing said (item, department), from the integrity index: nothing is kept in memory.
 */
export function trailMatcher(
  filter: TrailFilter,
  factsOf: (streamId: string) => StreamFacts | undefined,
): (event: RecordedEvent) => boolean {
  const from = filter.from ? Date.parse(filter.from) : undefined;
  const to = filter.to ? Date.parse(filter.to) : undefined;
  const types = filter.types ? new Set(filter.types) : undefined;
  return (event) => {
    const metadata = event.metadata as Record<string, unknown>;
    const data = event.data as Record<string, unknown>;
    if (types && !types.has(event.type)) return false;
    if (filter.agency !== undefined && metadata.agency !== filter.agency) return false;
    if (from !== undefined || to !== undefined) {
      const at = typeof metadata.businessTime === 'string' ? Date.parse(metadata.businessTime) : Number.NaN;
      if (Number.isNaN(at) || (from !== undefined && at < from) || (to !== undefined && at >= to)) return false;
    }
    if (filter.application !== undefined) {
      const named =
        data.applicationId === filter.application ||
        (Array.isArray(data.applicationIds) && data.applicationIds.includes(filter.application));
      if (!named && !isRecordStream(event.streamId, 'application', metadata.agency, filter.application)) return false;
    }
    if (filter.item !== undefined && (ownItemCode(event) ?? factsOf(event.streamId)?.itemCode) !== filter.item)
      return false;
    if (
      filter.department !== undefined &&
      (ownDepartment(event) ?? factsOf(event.streamId)?.department) !== filter.department
    )
      return false;
    return true;
  };
}
