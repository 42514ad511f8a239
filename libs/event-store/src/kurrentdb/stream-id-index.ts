import { type AppendResult, EventIdConflictError, type NewEvent, type Position, type RecordedEvent } from '../event-store.port';

/** What the adapter knows of one stream: the id and position of each of its first `length` events. */
class KnownStream {
  readonly ids: string[] = [];
  readonly positions: Position[] = [];
  readonly revisionOf = new Map<string, number>();

  get length(): number {
    return this.ids.length;
  }

  add(event: RecordedEvent): void {
    if (event.revision !== this.ids.length) {
      throw new Error(`stream ${event.streamId}: expected revision ${this.ids.length} next, KurrentDB returned ${event.revision}`);
    }
    const id = event.eventId.toLowerCase();
    this.ids.push(id);
    this.positions.push(event.position);
    // The first occurrence wins: a retry is recognised where the ids were first written.
    if (!this.revisionOf.has(id)) this.revisionOf.set(id, event.revision);
  }
}

/**
 * The event ids of recently used streams, so that an append can tell a retry from new events
 * as the port requires. KurrentDB alone cannot: it accepts a retry silently (and reports it as
 * a success, not as a duplicate), and with expected revision `any` it writes events whose ids
 * are already stored unless the first id of the batch is one of them.
 *
 * Streams only grow, so what is known stays true; before each append the adapter reads the
 * events written since (usually none) with {@link KnownStreams.refresh}. Least recently used
 * streams are forgotten beyond `capacity`, and read again in full when next appended to.
 */
export class KnownStreams {
  private readonly streams = new Map<string, KnownStream>();

  constructor(
    private readonly capacity: number,
    private readonly readFrom: (streamId: string, fromRevision: number) => AsyncIterable<RecordedEvent>,
  ) {}

  /** Brings what is known of the stream up to date with the server; returns its last revision. */
  async refresh(streamId: string): Promise<number | undefined> {
    const known = this.touch(streamId);
    for await (const event of this.readFrom(streamId, known.length)) known.add(event);
    return known.length === 0 ? undefined : known.length - 1;
  }

  /**
   * The port's verdict on reused ids, from what {@link refresh} last read: undefined when none
   * of the ids is stored (a new append), the stored result when all are, consecutively and in
   * order (a retry), and {@link EventIdConflictError} for anything in between.
   */
  retryOf(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    const known = this.touch(streamId);
    const ids = events.map((event) => event.eventId.toLowerCase());
    const first = known.revisionOf.get(ids[0]);
    if (first === undefined) {
      const reused = ids.find((id) => known.revisionOf.has(id));
      if (reused !== undefined) throw new EventIdConflictError(streamId, reused);
      const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
      if (repeated !== undefined) throw new EventIdConflictError(streamId, repeated);
      return undefined;
    }
    ids.forEach((id, offset) => {
      if (known.ids[first + offset] !== id) throw new EventIdConflictError(streamId, id);
    });
    const last = first + ids.length - 1;
    return { nextExpectedRevision: last, position: known.positions[last], duplicate: true };
  }

  /** Position of an event already read by {@link refresh}. */
  positionAt(streamId: string, revision: number): Position | undefined {
    return this.streams.get(streamId)?.positions[revision];
  }

  /** Whether the events at `fromRevision…` carry these ids, in order. */
  holds(streamId: string, fromRevision: number, events: readonly NewEvent[]): boolean {
    const known = this.streams.get(streamId);
    return !!known && events.every((event, offset) => known.ids[fromRevision + offset] === event.eventId.toLowerCase());
  }

  forget(streamId: string): void {
    this.streams.delete(streamId);
  }

  private touch(streamId: string): KnownStream {
    let known = this.streams.get(streamId);
    if (known) {
      this.streams.delete(streamId);
    } else {
      known = new KnownStream();
      if (this.streams.size >= this.capacity) this.streams.delete(this.streams.keys().next().value as string);
    }
    this.streams.set(streamId, known);
    return known;
  }
}
