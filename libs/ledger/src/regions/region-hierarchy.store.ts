import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  REGION_HIERARCHY_LOADED,
  REGION_HIERARCHY_STREAM,
  RegionHierarchy,
  RegionHierarchyDefinition,
  RegionHierarchyLoaded,
  parseRegionHierarchy,
  Author,
  authorMetadata,
} from '@ledger/domain';
import { EVENT_STORE, EventStore, positionToString } from '@ledger/event-store';
import { toStoredEvent } from '@ledger/kernel';
import { CLOCK, Clock } from '../config/clock';

export interface RegionLoadResult {
  readonly streamId: string;
  readonly version: number;
  readonly revision: number;
  readonly position: string | null;
  readonly eventIds: string[];
  /** True when the hierarchy equals the latest loaded: nothing new was recorded. */
  readonly unchanged: boolean;
  readonly regions: number;
  readonly agencies: number;
}

const digestOf = (definition: RegionHierarchyDefinition) =>
  createHash('sha256').update(JSON.stringify(definition)).digest('hex');

/**
 * The region hierarchy as the ledger records it: each load a `RegionHierarchyLoaded.v1` event on
 * `region-all.hierarchy` carrying the whole hierarchy and its version; the latest is in force.
 * The read model is that stream folded, kept in memory and re-read only when the stream grew.
 */
@Injectable()
export class RegionHierarchyStore {
  private cached: { revision: number; hierarchy: RegionHierarchy } | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Records a new version of the hierarchy (checked first); the same hierarchy again records nothing. */
  async load(input: unknown, author: Author, agency: string, correlationId = randomUUID()): Promise<RegionLoadResult> {
    const definition = parseRegionHierarchy(input);
    const latest = await this.latestEvent();
    const counts = { regions: definition.regions.length, agencies: definition.agencies.length };
    const digest = digestOf(definition);
    if (latest && digestOf({ regions: latest.data.regions, agencies: latest.data.agencies }) === digest) {
      return {
        streamId: REGION_HIERARCHY_STREAM,
        version: latest.data.version,
        revision: latest.revision,
        position: null,
        eventIds: [],
        unchanged: true,
        ...counts,
      };
    }
    const version = (latest?.data.version ?? 0) + 1;
    const now = new Date(this.clock()).toISOString();
    const eventId = randomUUID();
    const event: RegionHierarchyLoaded = { type: REGION_HIERARCHY_LOADED, data: { version, ...definition }, at: now };
    const stored = toStoredEvent(event, eventId, {
      agency,
      ...authorMetadata(author),
      ledgerTime: now,
      correlationId,
      causationId: correlationId,
      commandDigest: digest,
    });
    // Two operators loading at once: the expected revision refuses the second rather than losing the first.
    const appended = await this.store.appendToStream(REGION_HIERARCHY_STREAM, [stored], {
      expectedRevision: latest ? latest.revision : 'no_stream',
    });
    return {
      streamId: REGION_HIERARCHY_STREAM,
      version,
      revision: appended.nextExpectedRevision,
      position: positionToString(appended.position),
      eventIds: [eventId],
      unchanged: false,
      ...counts,
    };
  }

  /** The hierarchy in force (optionally as recorded by `asOf`, an ISO instant in UTC); undefined before any load. */
  async current(asOf?: string): Promise<RegionHierarchy | undefined> {
    if (asOf === undefined && this.cached) {
      // One revision lookup per request; the stream is read again only after a new load.
      if ((await this.store.streamRevision(REGION_HIERARCHY_STREAM)) === this.cached.revision)
        return this.cached.hierarchy;
    }
    const latest = await this.latestEvent(asOf);
    if (!latest) return undefined;
    const hierarchy = new RegionHierarchy(
      { regions: latest.data.regions, agencies: latest.data.agencies },
      latest.data.version,
    );
    if (asOf === undefined) this.cached = { revision: latest.revision, hierarchy };
    return hierarchy;
  }

  private async latestEvent(
    asOf?: string,
  ): Promise<{ data: RegionHierarchyLoaded['data']; revision: number } | undefined> {
    let found: { data: RegionHierarchyLoaded['data']; revision: number } | undefined;
    for await (const event of this.store.readStream(REGION_HIERARCHY_STREAM)) {
      if (event.type !== REGION_HIERARCHY_LOADED) continue;
      const ledgerTime = (event.metadata as { ledgerTime?: string }).ledgerTime;
      if (asOf !== undefined && Date.parse(String(ledgerTime)) > Date.parse(asOf)) continue;
      found = { data: event.data as unknown as RegionHierarchyLoaded['data'], revision: event.revision };
    }
    return found;
  }
}
