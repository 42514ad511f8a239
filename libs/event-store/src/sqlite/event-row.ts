import type { Position, RecordedEvent } from '../event-store.port';

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
  return {
    eventId: row[3],
    type: row[4],
    streamId: row[1],
    revision: row[2],
    position: positionOf(row[0]),
    data: JSON.parse(row[5]),
    metadata: JSON.parse(row[6]),
  };
}
