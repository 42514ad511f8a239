import type { JsonObject, Position, RecordedEvent } from '../event-store.port';

/**
 * One `events` row as returned by the raw (array) statements: arrays skip the per-row
 * object-with-column-names that better-sqlite3 would otherwise build.
 */
export type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
];

/** Column list matching {@link EventRow}, for every statement that reads events. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata';

/** SQLite has one global sequence, so both halves of the port's position are that number. */
export function positionOf(sequence: number): Position {
  const value = BigInt(sequence);
  return { commit: value, prepare: value };
}

/** The sequence number a port position stands for; `commit` is the half SQLite orders by. */
export function sequenceOf(position: Position): number {
  if (position.commit < 0n) throw new RangeError(`not a position: ${position.commit}`);
  return Number(position.commit);
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return new SqliteRecordedEvent(row[0], row[1], row[2], row[3], row[4], row[5], row[6]);
}

/** The event of one row's values (a reading thread hands rows over in other shapes than {@link EventRow}). */
export function recordedEventOf(
  sequence: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
): RecordedEvent {
  return new SqliteRecordedEvent(sequence, streamId, revision, eventId, type, data, metadata);
}

/**
 * An event as read from its row, its data and metadata left as JSON text until first read: a
 * projector partition reads past most events of a rebuild (other partitions' records) and
 * judges each by its agency alone (`metadataString`), so parsing every row would be most of
 * its work. Read once, each is parsed once and kept.
 */
class SqliteRecordedEvent implements RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  #dataText: string | undefined;
  #metadataText: string | undefined;
  #data: JsonObject | undefined;
  #metadata: JsonObject | undefined;

  constructor(
    sequence: number,
    streamId: string,
    revision: number,
    eventId: string,
    type: string,
    dataText: string,
    metadataText: string,
  ) {
    this.eventId = eventId;
    this.type = type;
    this.streamId = streamId;
    this.revision = revision;
    this.position = positionOf(sequence);
    this.#dataText = dataText;
    this.#metadataText = metadataText;
  }

  get data(): JsonObject {
    if (this.#dataText !== undefined) {
      this.#data = JSON.parse(this.#dataText) as JsonObject;
      this.#dataText = undefined;
    }
    return this.#data!;
  }

  get metadata(): JsonObject {
    if (this.#metadataText !== undefined) {
      this.#metadata = JSON.parse(this.#metadataText) as JsonObject;
      this.#metadataText = undefined;
    }
    return this.#metadata!;
  }

  /**
   * `metadata[key]` when it is a string. Read from the text without parsing it when the text
   * opens with that member and its value holds no escape (as the ledger writes `agency`): the
   * text is `JSON.stringify` of an object, so it has no second member of that name.
   */
  metadataString(key: string): string | undefined {
    const text = this.#metadataText;
    if (text !== undefined) {
      const opening = `{"${key}":"`;
      if (text.startsWith(opening)) {
        const end = text.indexOf('"', opening.length);
        const value = text.slice(opening.length, end);
        if (end > 0 && !value.includes('\\')) return value;
      }
    }
    const value = this.metadata[key];
    return typeof value === 'string' ? value : undefined;
  }
}
