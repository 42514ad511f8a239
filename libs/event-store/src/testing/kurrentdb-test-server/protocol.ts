/**
 * Conversions between the KurrentDB v1 gRPC messages (the client package's own generated
 * classes) and the test server's in-memory model. Test-only.
 */
import {
  StreamIdentifier,
  UUID,
  type WrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import type { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import {
  type AppendReq,
  type BatchAppendReq,
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { ExpectedState, LogPosition, ProposedEvent, StoredEvent } from './in-memory-log';

/**
 * google.protobuf.Empty and Any, from the google-protobuf runtime the generated code is built
 * on. Their types come from the generated declarations, which see that runtime's typings.
 */
export type GoogleEmpty = NonNullable<ReturnType<WrongExpectedVersion['getCurrentNoStream']>>;
export type GoogleAny = NonNullable<ReturnType<Status['getDetails']>>;

export const { Empty: GoogleEmptyMessage } = require('google-protobuf/google/protobuf/empty_pb') as {
  Empty: new () => GoogleEmpty;
};

export const { Any: GoogleAnyMessage } = require('google-protobuf/google/protobuf/any_pb') as {
  Any: new () => GoogleAny;
};

export class ProtocolError extends Error {}

export function streamName(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new ProtocolError('stream_identifier is required');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
}

const U64 = (1n << 64n) - 1n;

export function uuidToString(uuid: UUID | undefined): string {
  if (!uuid) throw new ProtocolError('an id is required');
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured() as UUID.Structured;
    const most = (BigInt(structured.getMostSignificantBits()) & U64).toString(16).padStart(16, '0');
    const least = (BigInt(structured.getLeastSignificantBits()) & U64).toString(16).padStart(16, '0');
    return `${most.slice(0, 8)}-${most.slice(8, 12)}-${most.slice(12)}-${least.slice(0, 4)}-${least.slice(4)}`;
  }
  return uuid.getString().toLowerCase();
}

/** As the client asked: the string form, or the structured one (two signed 64-bit halves). */
export function uuidMessage(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const signed = (half: string): string => BigInt.asIntN(64, BigInt(`0x${half}`)).toString();
  return uuid.setStructured(
    new UUID.Structured()
      .setMostSignificantBits(signed(hex.slice(0, 16)))
      .setLeastSignificantBits(signed(hex.slice(16))),
  );
}

/** A proposed message of Append or BatchAppend; type and content-type are required, as on the server. */
export function proposedEvent(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined) throw new ProtocolError('Required metadata property type is missing');
  if (contentType === undefined) throw new ProtocolError('Required metadata property content-type is missing');
  return {
    eventId: uuidToString(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

export function appendExpectation(options: AppendReq.Options): ExpectedState {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  throw new ProtocolError('expected_stream_revision is required');
}

export function batchAppendExpectation(options: BatchAppendReq.Options): ExpectedState {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  throw new ProtocolError('expected_stream_position is required');
}

export function readEvent(event: StoredEvent, structuredIds: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.eventId, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.commit.toString())
    .setPreparePosition(event.position.prepare.toString())
    .setCustomMetadata(event.metadata)
    .setData(event.data);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.created.toString());
  const read = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.commit.toString());
  return new ReadResp().setEvent(read);
}

export function readPosition(position: ReadReq.Options.Position | undefined): LogPosition {
  if (!position) throw new ProtocolError('a position is required');
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}

/** The event filter of a read or subscription, and how often a subscription reports a checkpoint. */
export interface ReadFilter {
  readonly accepts: (event: StoredEvent) => boolean;
  /** Events considered between two checkpoint messages; undefined without a filter. */
  readonly checkpointEvery?: number;
}

/** KurrentDB's default filter search window, in events. */
const DEFAULT_MAX_SEARCH_WINDOW = 32;

export function readFilter(options: ReadReq.Options): ReadFilter {
  const filter = options.getFilter();
  if (!filter) return { accepts: () => true };
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType() : filter.getStreamIdentifier();
  if (!expression) throw new ProtocolError('a filter needs an expression');
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const matches = (value: string): boolean =>
    prefixes.length > 0 ? prefixes.some((prefix) => value.startsWith(prefix)) : regex ? regex.test(value) : true;
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_MAX_SEARCH_WINDOW;
  return {
    accepts: (event) => matches(onType ? event.type : event.streamId),
    checkpointEvery: Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier())),
  };
}

export function readDirectionIsBackwards(options: ReadReq.Options): boolean {
  return options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
}
