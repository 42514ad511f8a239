import {
  ANY,
  type AppendStreamState,
  type EventData,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  NO_STREAM,
  type Position as ClientPosition,
  STREAM_EXISTS,
} from '@kurrent/kurrentdb-client';
import type { ExpectedRevision, JsonObject, NewEvent, Position, RecordedEvent } from '../event-store.port';

/** The parts of the client's recorded event the adapter reads; both its read paths produce this shape. */
export interface ClientRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: ClientPosition;
}

export interface ClientResolvedEvent {
  readonly event?: ClientRecordedEvent;
  readonly commitPosition?: bigint;
}

/**
 * Server-side filter of reads of $all and subscriptions: no event type starting with `$`
 * (statistics, users, settings, scavenges, projection bookkeeping, links). Events of
 * `$`-prefixed streams are also dropped on the client side by {@link isLedgerEvent}, because a
 * server filter can test the event type or the stream name, not both.
 */
export function systemEventFilter(): Filter {
  return excludeSystemEvents();
}

/** Whether an event of $all belongs to the ledger: not a system event, and written as a JSON object. */
export function isLedgerEvent(event: ClientRecordedEvent): boolean {
  return !event.streamId.startsWith('$') && !event.type.startsWith('$') && event.isJson && isJsonObject(event.data);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The client's form of an event to append. Checks what KurrentDB would refuse or what the ledger
 * could not read back: an event id that is not a UUID, an empty or `$` type, data or metadata
 * that is not a JSON object.
 */
export function toEventData(event: NewEvent): EventData {
  if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) {
    throw new RangeError(
      `event id must be a UUID (KurrentDB accepts nothing else), not ${JSON.stringify(event.eventId)}`,
    );
  }
  if (typeof event.type !== 'string' || event.type === '')
    throw new RangeError(`event ${event.eventId}: type must be a non-empty string`);
  if (event.type.startsWith('$'))
    throw new RangeError(`event ${event.eventId}: types starting with $ are reserved for KurrentDB system events`);
  assertJsonObject(event.eventId, 'data', event.data);
  assertJsonObject(event.eventId, 'metadata', event.metadata);
  return jsonEvent({
    id: event.eventId.toLowerCase(),
    type: event.type,
    data: { ...event.data },
    metadata: { ...event.metadata },
  });
}

/**
 * The size KurrentDB counts against its maximum append size for one event: data, metadata, and
 * the type as UTF-16 (KurrentDB `Event.SizeOnDisk`, `Event.cs:46-47`, checked in
 * `Streams.Append.cs:52-73`), with the data and metadata as the adapter sends them (JSON).
 */
export function kurrentDbAppendSize(event: NewEvent): number {
  return (
    Buffer.byteLength(JSON.stringify(event.data)) +
    Buffer.byteLength(JSON.stringify(event.metadata)) +
    event.type.length * 2
  );
}

/**
 * A batch size in bytes that every KurrentDB takes: the maximum append size was 1 MiB up to
 * 25.0 (`ClusterVNodeOptions.cs:122` at oss-v21.10.0) and is a chunk (256 MiB) since 25.1; a
 * quarter of it is left for what the count leaves out.
 */
export const KURRENTDB_SAFE_APPEND_BYTES = 768 * 1024;

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** The client's `current` of a wrong expected version: a revision, or `no_stream`. */
export function toActualRevision(current: bigint | string | undefined): number | undefined {
  return typeof current === 'bigint' && current >= 0n ? toRevision(current) : undefined;
}

export function toRevision(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`stream revision out of range: ${revision}`);
  return Number(revision);
}

/** Commit and prepare position both kept: the mapping is lossless in both directions. */
export function toPosition(position: ClientPosition): Position {
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
}

export function toClientPosition(position: Position): ClientPosition {
  if (position.commit < 0n || position.prepare < 0n)
    throw new RangeError(`not a KurrentDB position: ${position.commit}/${position.prepare}`);
  return { commit: position.commit, prepare: position.prepare };
}

/**
 * The port's form of a recorded event. Throws when it cannot be one (binary data, or no
 * position); reads of $all skip such events first with {@link isLedgerEvent}.
 */
export function toRecordedEvent(resolved: ClientResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event) throw new TypeError('KurrentDB returned a link to a deleted event; the ledger writes no links');
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new TypeError(
      `event ${event.id} of stream ${event.streamId} is not a JSON object; it was not written by the ledger`,
    );
  }
  const position =
    event.position ??
    (resolved.commitPosition === undefined
      ? undefined
      : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
  if (!position)
    throw new TypeError(`KurrentDB returned event ${event.id} of stream ${event.streamId} without a position`);
  return {
    eventId: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: toRevision(event.revision),
    position: toPosition(position),
    data: event.data,
    metadata: isJsonObject(event.metadata) ? event.metadata : {},
  };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function assertJsonObject(eventId: string, field: string, value: unknown): void {
  if (!isJsonObject(value)) throw new TypeError(`event ${eventId}: ${field} must be a JSON object`);
}
