import { Inject, Injectable } from '@nestjs/common';
import { RecordKind, legacyRecordStreamId, recordStreamId } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { StreamsWithEvents } from '../recording/streams-with-events';

/** Where a record lives, and whether its stream was seen holding no event at all (a new record). */
export interface RecordStream {
  readonly streamId: string;
  /**
   * True when the stream had no event when it was located, just now: the command executor then
   * decides on it as empty without reading it, as a read at that moment would have.
   */
  readonly emptyWhenLocated: boolean;
}

/**
 * Finds the stream that holds one agency's record, for writers and readers alike, so that both
 * always land on the same stream.
 *
 * New records live under `recordStreamId(kind, agency, id)`. A store written before ids were per
 * agency holds `<kind>-<id>` streams; such a stream stays the record's home for the agency whose
 * events it holds (its first event's `metadata.agency`): later facts about `SQ-1` are appended
 * there, and reads find them there. For any other agency the legacy stream does not exist, so
 * agency B's old `application-SQ-1` never blocks, nor is revealed to, agency A filing its own `SQ-1`.
 *
 * Costs one revision lookup for a record under the new name, and one more read of a single event
 * when it has none (new records, and records of older stores), but none for a per-agency stream
 * this process already knows to hold events (see {@link StreamsWithEvents}).
 */
@Injectable()
export class AgencyRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly withEvents: StreamsWithEvents = new StreamsWithEvents(),
  ) {}

  async streamOf(kind: RecordKind, agency: string, id: string): Promise<string> {
    return (await this.locate(kind, agency, id)).streamId;
  }

  async locate(kind: RecordKind, agency: string, id: string): Promise<RecordStream> {
    const current = recordStreamId(kind, agency, id);
    const legacy = legacyRecordStreamId(kind, id);
    if (legacy === undefined) return { streamId: current, emptyWhenLocated: false };
    if (this.withEvents.has(current)) return { streamId: current, emptyWhenLocated: false };
    if ((await this.store.streamRevision(current)) !== undefined) {
      this.withEvents.add(current);
      return { streamId: current, emptyWhenLocated: false };
    }
    if ((await this.agencyOf(legacy)) === agency) return { streamId: legacy, emptyWhenLocated: false };
    return { streamId: current, emptyWhenLocated: true };
  }

  /** The agency that recorded a stream (its first event's), or undefined for a stream that does not exist. */
  private async agencyOf(streamId: string): Promise<string | undefined> {
    for await (const first of this.store.readStream(streamId, { maxCount: 1 })) {
      const agency = (first.metadata as { agency?: unknown }).agency;
      return typeof agency === 'string' ? agency : undefined;
    }
    return undefined;
  }
}
