/**
 * An in-process KurrentDB stand-in for tests: a `@grpc/grpc-js` server on 127.0.0.1 built from
 * the service definitions the official client package generated, answering the calls that
 * `@kurrent/kurrentdb-client` makes for the event-store port. Test-only; never shipped.
 *
 * Served (the rest answers UNIMPLEMENTED, as a server without that feature would):
 * - `ServerFeatures.GetSupportedMethods`, which both the JS client and its Rust bridge call
 *   first; it advertises `Streams.BatchAppend` unless told not to, like a real server, so the
 *   client appends through BatchAppend, or through the plain Append when it is not advertised;
 * - `Streams.Append` (client streaming) and `Streams.BatchAppend` (bidirectional);
 * - `Streams.Read` for a stream or $all, forwards or backwards, with count, start/end/revision/
 *   position and stream-name or event-type filters (prefixes or regex), and as a subscription
 *   to $all: confirmation, catch-up, CaughtUp, then live events, with checkpoints when filtered.
 *
 * As strict as KurrentDB where the adapter depends on it (see `in-memory-log.ts` for the
 * storage rules; sources cited from kurrent-io/KurrentDB at 44996ed05 unless a tag is named):
 * - appends bigger than `maxAppendSize` are refused before anything is written
 *   (`Streams.Append.cs:52-73`, sizes by `Event.SizeOnDisk`, `Event.cs:46-47`); the default is
 *   1 MiB, the limit of servers before 25.1 (`ClusterVNodeOptions.cs:122` at oss-v21.10.0);
 * - an idempotent append whose original is not committed yet gets no answer from the writer
 *   (`StorageWriterService.cs:790-798`) and times out after `commitTimeoutMs`, 2 s by default
 *   (`ClusterVNodeOptions.cs:408-416`);
 * - reads and subscriptions from a position that is not a record boundary or is past the end
 *   fail with INVALID_ARGUMENT "Trying to read from an invalid position." (`RpcExceptions.cs:259-260`).
 *
 * Controls for fault tests: {@link KurrentDbTestServer.failNextAppends} (connection lost
 * before or after the write, commit timeout with a late commit, not ready, busy, not leader),
 * {@link KurrentDbTestServer.elect} (a leader election), {@link KurrentDbTestServer.truncateBefore}
 * and {@link KurrentDbTestServer.softDelete}, {@link KurrentDbTestServer.dropSubscriptions},
 * {@link KurrentDbTestServer.restart} and {@link KurrentDbTestServer.stop}.
 */
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as TcpServer, type Socket } from 'node:net';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty,
  MaximumAppendSizeExceeded,
  Timeout,
  WrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Code } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/code_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  type AppendOutcome,
  type ExpectedState,
  InMemoryLog,
  type LogOptions,
  type LogPosition,
  type ProposedEvent,
} from './in-memory-log';
import {
  appendExpectation,
  batchAppendExpectation,
  GoogleAnyMessage,
  GoogleEmptyMessage,
  proposedEvent,
  ProtocolError,
  readDirectionIsBackwards,
  readEvent,
  readFilter,
  type ReadFilter,
  readPosition,
  streamIdentifier,
  streamName,
  uuidToString,
} from './protocol';

export interface KurrentDbTestServerOptions extends LogOptions {
  /** Advertise `Streams.BatchAppend`, as a real server does (default true). */
  readonly advertiseBatchAppend?: boolean;
  /** Largest append in bytes, as `Event.SizeOnDisk` counts (default 1 MiB, servers before 25.1). */
  readonly maxAppendSize?: number;
  /** How long the server waits for a commit before answering "timed out" (default 2,000 ms, the server's own). */
  readonly commitTimeoutMs?: number;
  /** Write a `$statsCollected` system event this often, between the tests' events (default: never). */
  readonly systemEventIntervalMs?: number;
  /** Reported by GetSupportedMethods. */
  readonly serverVersion?: string;
  /**
   * Answer an idempotent append with `NoPosition` (default false). The gRPC append answers so
   * whenever the write's commit position is -1 (`Streams.Append.cs:117-118` at oss-v20.10.0,
   * `:120-121` at oss-v21.10.0; BatchAppend `BatchAppendResp.cs:8-28` at oss-v21.10.0), which
   * an idempotent write gets when the server cannot read its original event back
   * (`IndexWriter.cs:219-226` at oss-v21.10.0, `:243-254` at 44996ed05, the position passed on
   * by `RequestManagerBase.cs:170-183`).
   */
  readonly idempotentAppendsWithoutPosition?: boolean;
}

/**
 * How the next append fails:
 * - `before-write` / `after-write`: the connection drops before the events are written, or
 *   after (the response is lost, so the client cannot know);
 * - `commit-timeout`: the prepares are written but not committed within `commitTimeoutMs`;
 *   the server answers "timed out" (`Streams.Append.cs:137-140`, `Streams.BatchAppend.cs:256`)
 *   and the events become visible `commitsAfterMs` after the append arrived, or never;
 * - `not-ready` / `busy`: refused before anything is written, "Server Is Not Ready" / "Server
 *   Is Too Busy" (`RpcExceptions.cs:16-20`; BatchAppend answers it per append, `Streams.BatchAppend.cs:226-231`);
 * - `not-leader`: the node lost the leadership for a moment: refused with the leader's endpoint
 *   in the metadata (`RpcExceptions.cs:25-30`) and the idempotency cache emptied, as by an
 *   election; {@link KurrentDbTestServer.moveLeaderTo} moves the leadership to another node.
 */
export type AppendFault =
  | 'before-write'
  | 'after-write'
  | 'not-ready'
  | 'busy'
  | 'not-leader'
  | { readonly kind: 'commit-timeout'; readonly commitsAfterMs?: number };

/** What one append comes to, before it is encoded for Append or BatchAppend. */
type WriteResult =
  | { readonly kind: 'outcome'; readonly outcome: Exclude<AppendOutcome, { kind: 'idempotent_not_ready' }> }
  | { readonly kind: 'timeout'; readonly phase: 'Prepare' | 'Commit' }
  | { readonly kind: 'unavailable'; readonly details: string }
  | { readonly kind: 'not-leader' }
  | { readonly kind: 'too-big' }
  | { readonly kind: 'connection-lost'; readonly details: string };

/** System events a fresh KurrentDB database holds, written before anything else. */
const INITIAL_SYSTEM_EVENTS: ReadonlyArray<[streamId: string, type: string]> = [
  ['$settings', '$settings'],
  ['$users', '$UserCreated'],
  ['$user-admin', '$User'],
  // A non-$ event type in a $ stream: the event-type filter alone would let it through.
  ['$persistentSubscriptionConfig', 'PersistentConfig1'],
  ['$scavenges', '$scavengeIndexInitialized'],
];

export class KurrentDbTestServer {
  /** Calls received, by method (`Streams/BatchAppend`, `ServerFeatures/GetSupportedMethods`…). */
  readonly calls = new Map<string, number>();
  private readonly subscriptions = new Set<LiveSubscription>();
  private subscriptionWaiters: Array<{ readonly count: number; readonly resolve: () => void }> = [];
  private readonly heldWaiters: Array<() => void> = [];
  private readonly log: InMemoryLog;
  private readonly appendFaults: AppendFault[] = [];
  private readonly sockets = new Set<Socket>();
  /** The cluster's nodes, sharing one log: node 0 is the one {@link url} names. */
  private readonly nodes: Node[] = [];
  /** Which node is the leader: the others refuse appends and leader-only reads with NotLeader. */
  private leader = 0;
  private systemTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(private readonly options: KurrentDbTestServerOptions) {
    this.log = new InMemoryLog(options);
  }

  /** Starts a server on a free port of 127.0.0.1, without TLS. */
  static async start(options: KurrentDbTestServerOptions = {}): Promise<KurrentDbTestServer> {
    const instance = new KurrentDbTestServer(options);
    await instance.listen(instance.newNode(), 0);
    for (const [streamId, type] of INITIAL_SYSTEM_EVENTS) instance.appendSystemEvent(streamId, type);
    if (options.systemEventIntervalMs) {
      instance.systemTimer = setInterval(() => instance.appendSystemEvent(), options.systemEventIntervalMs);
      instance.systemTimer.unref();
    }
    return instance;
  }

  /** The port node 0 listens on, on 127.0.0.1. */
  get port(): number {
    return this.nodes[0].port;
  }

  /** A connection string for the client, to node 0: `kurrentdb://127.0.0.1:<port>?tls=false`. */
  get url(): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Port of a node (see {@link addNode}). */
  nodePort(node: number): number {
    return this.nodes[node].port;
  }

  /** Starts another node of the cluster, on a free port, over the same log; returns its number. Node 0 stays the leader. */
  async addNode(): Promise<number> {
    const node = this.newNode();
    await this.listen(node, 0);
    return this.nodes.indexOf(node);
  }

  /**
   * A leader election won by `node`: from now on the others answer appends and leader-only
   * reads with NotLeader naming it (KurrentDB `Streams.Append.cs:22` reads `requires-leader`;
   * a follower's writer answers NotHandled/NotLeader with the leader's endpoint,
   * `RpcExceptions.cs:25-30`, `Streams.BatchAppend.cs:232-235`), and the new leader's cache of
   * recent event ids starts empty.
   */
  moveLeaderTo(node: number): void {
    if (!this.nodes[node]) throw new RangeError(`no node ${node}`);
    this.leader = node;
    this.elect();
  }

  /** How far each open subscription has got, oldest first (see {@link SubscriptionFlow}). */
  get subscriptionFlows(): SubscriptionFlow[] {
    return [...this.subscriptions].map((subscription) => subscription.flow);
  }

  /** Resolves the next time a subscription's call is full and the server stops writing to it. */
  whenSubscriptionHeld(): Promise<void> {
    return new Promise((resolve) => this.heldWaiters.push(resolve));
  }

  private notifyHeld(): void {
    for (const resolve of this.heldWaiters.splice(0)) resolve();
  }

  /** Subscriptions currently open. */
  get activeSubscriptions(): number {
    return this.subscriptions.size;
  }

  /**
   * Resolves once `count` subscriptions are open at the same time (at once if they are), so
   * that a test waits for what happens rather than for a time a loaded machine stretches.
   */
  whenSubscriptionsOpen(count = 1): Promise<void> {
    if (this.subscriptions.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.subscriptionWaiters.push({ count, resolve }));
  }

  /** Events in the log, system events included. */
  get eventCount(): number {
    return this.log.size;
  }

  /** Writes a system event, as the server's own statistics or projections would. */
  appendSystemEvent(streamId = '$stats-127.0.0.1:2113', type = '$statsCollected'): void {
    const data = Buffer.from(JSON.stringify({ 'proc-id': process.pid, at: new Date().toISOString() }));
    this.log.append(streamId, { kind: 'any' }, [
      { eventId: randomUUID(), type, contentType: 'application/json', data, metadata: new Uint8Array() },
    ]);
  }

  /**
   * Ends every open subscription with an error status, as a server does when it drops a
   * subscriber (restart, leader change, slow consumer). Returns how many were dropped.
   */
  dropSubscriptions(
    code: grpc.status = grpc.status.UNAVAILABLE,
    details = 'subscription dropped by the server',
  ): number {
    const dropped = [...this.subscriptions];
    for (const subscription of dropped) subscription.fail(code, details);
    return dropped.length;
  }

  /** Makes the next `count` appends (Append or BatchAppend requests) fail as `fault` says. */
  failNextAppends(count: number, fault: AppendFault = 'before-write'): void {
    for (let index = 0; index < count; index++) this.appendFaults.push(fault);
  }

  /** A leader election: the new leader's cache of recent event ids (weak idempotency) starts empty. */
  elect(): void {
    this.log.forgetRecentEventIds();
  }

  /** Sets the stream's `$tb`, as `$maxCount` or a scavenge-ready truncation would. */
  truncateBefore(streamId: string, revision: number): void {
    this.log.truncateBefore(streamId, BigInt(revision));
  }

  /** Soft-deletes a stream (`$tb` past its last event); an append re-creates it. */
  softDelete(streamId: string): void {
    this.log.softDelete(streamId);
  }

  /** Writes JSON events as a legacy TCP client's explicit transaction: commit ≠ prepare positions. */
  appendLegacyTransaction(streamId: string, events: ReadonlyArray<{ type: string; data: object }>): void {
    this.log.appendLegacyTransaction(
      streamId,
      events.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(event.data)),
        metadata: Buffer.from('{}'),
      })),
    );
  }

  /**
   * Shuts down and starts again on the same port with the same events, as a node restarts:
   * open calls fail, clients must reconnect, and the node's memory (the idempotency cache) is gone.
   */
  async restart(): Promise<void> {
    await this.shutDown();
    this.log.forgetRecentEventIds();
    for (const node of this.nodes) await this.listen(node, node.port);
  }

  /** Shuts down at once: open calls fail, new connections are refused. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.systemTimer);
    await this.shutDown();
  }

  private newNode(): Node {
    const node: Node = { port: 0, server: undefined, listener: undefined };
    this.nodes.push(node);
    return node;
  }

  private async listen(node: Node, port: number): Promise<void> {
    const server = new grpc.Server();
    // Connections are accepted here rather than by grpc-js so that they get TCP_NODELAY, as a
    // real server's do: with Nagle on, a response split over several writes waits for the
    // client's delayed ACK (~40 ms).
    const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
    const listener = createServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      injector.injectConnection(socket);
    });
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => resolve());
    });
    this.register(server, this.options, node);
    node.server = server;
    node.listener = listener;
    node.port = (listener.address() as { port: number }).port;
  }

  private async shutDown(): Promise<void> {
    for (const subscription of [...this.subscriptions])
      subscription.fail(grpc.status.UNAVAILABLE, 'server is shutting down');
    await Promise.all(
      this.nodes.map(async (node) => {
        const [server, listener] = [node.server, node.listener];
        node.server = undefined;
        node.listener = undefined;
        await new Promise<void>((resolve) => {
          if (listener) listener.close(() => resolve());
          else resolve();
          server?.forceShutdown();
        });
      }),
    );
    for (const socket of this.sockets) socket.destroy();
  }

  private register(server: grpc.Server, options: KurrentDbTestServerOptions, node: Node): void {
    const advertiseBatchAppend = options.advertiseBatchAppend ?? true;
    const count = (method: string): void => {
      this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    };

    server.addService(ServerFeaturesService, {
      getSupportedMethods: (
        _call: grpc.ServerUnaryCall<Empty, SupportedMethods>,
        callback: grpc.sendUnaryData<SupportedMethods>,
      ) => {
        count('ServerFeatures/GetSupportedMethods');
        const method = (service: string, name: string, features: string[] = []): SupportedMethod =>
          new SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
        const methods = [
          method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
          method('event_store.client.streams.streams', 'read', ['position', 'events']),
          method('event_store.client.streams.streams', 'append'),
          ...(advertiseBatchAppend
            ? [method('event_store.client.streams.streams', 'batchappend', ['deadline_duration'])]
            : []),
        ];
        callback(
          null,
          new SupportedMethods().setEventStoreServerVersion(options.serverVersion ?? '25.0.0').setMethodsList(methods),
        );
      },
    });

    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => {
        count('Streams/Read');
        if (requiresLeader(call.metadata) && !this.isLeader(node)) return call.emit('error', this.notLeaderError());
        guard(call, () => this.read(call));
      },
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) => {
        count('Streams/Append');
        this.append(call, callback, node);
      },
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => {
        count('Streams/BatchAppend');
        this.batchAppend(call, node);
      },
    });
  }

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    if (!options) throw new ProtocolError('options are required');
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    const filter = readFilter(options);
    if (options.hasSubscription()) {
      const all = options.getAll();
      if (!all) throw new ProtocolError('only subscriptions to $all are served by the test server');
      if (all.hasPosition()) this.assertValidPosition(readPosition(all.getPosition()));
      const start = all.hasPosition()
        ? this.log.indexAfter(readPosition(all.getPosition()))
        : all.hasEnd()
          ? this.log.size
          : 0;
      const subscription = new LiveSubscription(
        this.log,
        call,
        start,
        filter,
        structuredIds,
        () => this.subscriptions.delete(subscription),
        () => this.notifyHeld(),
      );
      this.subscriptions.add(subscription);
      subscription.start();
      const open = this.subscriptions.size;
      const due = this.subscriptionWaiters.filter((waiter) => waiter.count <= open);
      this.subscriptionWaiters = this.subscriptionWaiters.filter((waiter) => waiter.count > open);
      for (const waiter of due) waiter.resolve();
      return;
    }
    const backwards = readDirectionIsBackwards(options);
    const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
    const stream = options.getStream();
    if (stream) {
      const name = streamName(stream.getStreamIdentifier());
      const from = stream.hasRevision() ? BigInt(stream.getRevision()) : stream.hasEnd() ? 'end' : 'start';
      const events = this.log.readStream(name, from, backwards, count);
      if (events === undefined) {
        call.write(
          new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name))),
        );
      } else {
        for (const event of events) call.write(readEvent(event, structuredIds));
      }
      call.end();
      return;
    }
    const all = options.getAll();
    if (!all) throw new ProtocolError('a stream or $all is required');
    const from: LogPosition | 'start' | 'end' = all.hasPosition()
      ? readPosition(all.getPosition())
      : all.hasEnd()
        ? 'end'
        : 'start';
    if (from !== 'start' && from !== 'end') this.assertValidPosition(from);
    for (const event of this.log.readAll(from, backwards, count, filter.accepts))
      call.write(readEvent(event, structuredIds));
    call.end();
  }

  /** `StorageReaderWorker.All.cs:44-47` → `RpcExceptions.cs:259-260`. */
  private assertValidPosition(position: LogPosition): void {
    if (!this.log.isValidPosition(position)) throw new InvalidPositionError();
  }

  private isLeader(node: Node): boolean {
    return this.nodes[this.leader] === node;
  }

  private append(
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
    node: Node,
  ): void {
    let streamId: string | undefined;
    let expected: ExpectedState | undefined;
    const events: ProposedEvent[] = [];
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      callback({ code: grpc.status.INVALID_ARGUMENT, details: error instanceof Error ? error.message : String(error) });
    };
    call.on('data', (request: AppendReq) => {
      if (failed) return;
      try {
        const options = request.getOptions();
        if (options) {
          streamId = streamName(options.getStreamIdentifier());
          expected = appendExpectation(options);
        } else {
          const message = request.getProposedMessage();
          if (!message || streamId === undefined)
            throw new ProtocolError('options must come first, then proposed messages');
          events.push(proposedEvent(message));
        }
      } catch (error) {
        fail(error);
      }
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (failed) return;
      if (streamId === undefined || expected === undefined) return fail(new ProtocolError('options are required'));
      void this.write(streamId, expected, events, requiresLeader(call.metadata) && !this.isLeader(node)).then(
        (result) => {
          switch (result.kind) {
            case 'outcome':
              return callback(
                null,
                appendResponse(result.outcome, expected as ExpectedState, this.reportsPosition(result.outcome)),
              );
            case 'timeout':
              // `RpcExceptions.cs:14`: Aborted, "Operation timed out: …".
              return callback({
                code: grpc.status.ABORTED,
                details: `Operation timed out: ${result.phase} phase timeout.`,
              });
            case 'unavailable':
              return callback({ code: grpc.status.UNAVAILABLE, details: result.details });
            case 'not-leader':
              return callback(this.notLeaderError());
            case 'too-big':
              return callback(this.tooBigError());
            case 'connection-lost':
              return callback({ code: grpc.status.UNAVAILABLE, details: result.details });
          }
        },
      );
    });
  }

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>, node: Node): void {
    const pending = new Map<string, { streamId: string; expected: ExpectedState; events: ProposedEvent[] }>();
    let ended = false;
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const response = new BatchAppendResp().setCorrelationId(correlation);
      let write: { streamId: string; expected: ExpectedState; events: ProposedEvent[] } | undefined;
      try {
        const correlationId = uuidToString(correlation);
        const options = request.getOptions();
        if (options) {
          pending.set(correlationId, {
            streamId: streamName(options.getStreamIdentifier()),
            expected: batchAppendExpectation(options),
            events: [],
          });
        }
        write = pending.get(correlationId);
        if (!write) return;
        response.setStreamIdentifier(streamIdentifier(write.streamId));
        write.events.push(...request.getProposedMessagesList().map(proposedEvent));
        if (!request.getIsFinal()) return;
        pending.delete(correlationId);
      } catch (error) {
        response.setError(
          new Status()
            .setCode(Code.INVALID_ARGUMENT)
            .setMessage(error instanceof Error ? error.message : String(error)),
        );
        call.write(response);
        return;
      }
      const { streamId, expected, events } = write;
      void this.write(streamId, expected, events, requiresLeader(call.metadata) && !this.isLeader(node)).then(
        (result) => {
          if (ended) return;
          switch (result.kind) {
            case 'outcome': {
              const outcome = result.outcome;
              if (outcome.kind === 'wrong_expected_version') {
                response.setError(wrongExpectedVersionStatus(outcome.currentRevision, expected));
              } else {
                const success = new BatchAppendResp.Success();
                if (this.reportsPosition(outcome)) {
                  success.setPosition(
                    new AllStreamPosition()
                      .setCommitPosition(outcome.reportedPosition.commit.toString())
                      .setPreparePosition(outcome.reportedPosition.prepare.toString()),
                  );
                } else {
                  success.setNoPosition(new GoogleEmptyMessage());
                }
                if (outcome.currentRevision < 0n) success.setNoStream(new GoogleEmptyMessage());
                else success.setCurrentRevision(outcome.currentRevision.toString());
                response.setSuccess(success);
              }
              break;
            }
            case 'timeout':
              response.setError(
                packedStatus(
                  Code.DEADLINE_EXCEEDED,
                  'Timeout',
                  new Timeout().serializeBinary(),
                  'event_store.client.Timeout',
                ),
              );
              break;
            case 'unavailable':
              // Per append, with an Empty detail (`Streams.BatchAppend.cs:226-231`); the client cannot name it.
              response.setError(
                packedStatus(
                  Code.UNAVAILABLE,
                  result.details,
                  new GoogleEmptyMessage().serializeBinary(),
                  'google.protobuf.Empty',
                ),
              );
              break;
            case 'too-big':
              response.setError(
                packedStatus(
                  Code.INVALID_ARGUMENT,
                  'MaximumAppendSizeExceeded',
                  new MaximumAppendSizeExceeded().setMaxappendsize(this.maxAppendSize).serializeBinary(),
                  'event_store.client.MaximumAppendSizeExceeded',
                ),
              );
              break;
            case 'not-leader':
              // Thrown out of the call, failing every append pending on it (`Streams.BatchAppend.cs:232-235`).
              ended = true;
              call.emit('error', this.notLeaderError());
              return;
            case 'connection-lost':
              // A lost connection fails the whole BatchAppend call, and every append pending on it.
              ended = true;
              call.emit('error', { code: grpc.status.UNAVAILABLE, details: result.details });
              return;
          }
          call.write(response);
        },
      );
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  }

  /** See {@link KurrentDbTestServerOptions.idempotentAppendsWithoutPosition}. */
  private reportsPosition(outcome: AppendOutcome): boolean {
    return !(outcome.kind === 'idempotent' && this.options.idempotentAppendsWithoutPosition);
  }

  private get maxAppendSize(): number {
    return this.options.maxAppendSize ?? 1_024 * 1_024;
  }

  /** One append, whichever path it came by: size check, injected fault, then the log. */
  private async write(
    streamId: string,
    expected: ExpectedState,
    events: readonly ProposedEvent[],
    onFollower: boolean,
  ): Promise<WriteResult> {
    // `Streams.Append.cs:52-73`: checked while the request is read, before the writer sees it.
    const size = events.reduce(
      (total, event) => total + event.data.length + event.metadata.length + event.type.length * 2,
      0,
    );
    if (size > this.maxAppendSize) return { kind: 'too-big' };
    if (onFollower) return { kind: 'not-leader' };
    const fault = this.appendFaults.shift();
    const commitTimeoutMs = this.options.commitTimeoutMs ?? 2_000;
    if (fault === 'not-ready') return { kind: 'unavailable', details: 'Server Is Not Ready' };
    if (fault === 'busy') return { kind: 'unavailable', details: 'Server Is Too Busy' };
    if (fault === 'not-leader') {
      this.elect();
      return { kind: 'not-leader' };
    }
    if (fault === 'before-write')
      return { kind: 'connection-lost', details: 'connection lost (test fault, before-write)' };
    if (typeof fault === 'object') {
      const { outcome, commit } = this.log.appendPending(streamId, expected, events);
      if (outcome.kind === 'idempotent_not_ready') return this.timeout(commitTimeoutMs, 'Prepare');
      if (outcome.kind !== 'written') return { kind: 'outcome', outcome };
      if (fault.commitsAfterMs !== undefined) setTimeout(commit, fault.commitsAfterMs).unref();
      return this.timeout(commitTimeoutMs, 'Commit');
    }
    const outcome = this.log.append(streamId, expected, events);
    if (outcome.kind === 'idempotent_not_ready') return this.timeout(commitTimeoutMs, 'Prepare');
    if (fault === 'after-write')
      return { kind: 'connection-lost', details: 'connection lost (test fault, after-write)' };
    return { kind: 'outcome', outcome };
  }

  private timeout(ms: number, phase: 'Prepare' | 'Commit'): Promise<WriteResult> {
    return new Promise((resolve) => setTimeout(() => resolve({ kind: 'timeout', phase }), ms).unref());
  }

  /** `RpcExceptions.cs:25-30`: NotFound, with the leader's endpoint in the trailers. */
  private notLeaderError(): Partial<grpc.StatusObject> {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'not-leader');
    metadata.set('leader-endpoint-host', '127.0.0.1');
    metadata.set('leader-endpoint-port', String(this.nodes[this.leader].port));
    return { code: grpc.status.NOT_FOUND, details: 'Leader info available', metadata };
  }

  /** `RpcExceptions.cs:130-136`. */
  private tooBigError(): Partial<grpc.StatusObject> {
    const metadata = new grpc.Metadata();
    metadata.set('exception', 'maximum-append-size-exceeded');
    metadata.set('maximum-append-size', String(this.maxAppendSize));
    return {
      code: grpc.status.INVALID_ARGUMENT,
      details: `Maximum Append Size of ${this.maxAppendSize} Exceeded.`,
      metadata,
    };
  }
}

/**
 * KurrentDB's live-event buffer per subscription: 32 events, the oldest dropped when full
 * (`Enumerator.cs:18-23, 27`); a gap in it sends the subscription back to catching up.
 */
const LIVE_BUFFER_SIZE = 32;

/** How far one subscription has got, for flow-control tests. */
export interface SubscriptionFlow {
  /** Events written to the call so far. */
  readonly written: number;
  /** True while the call's buffer is full and the server waits for the client to read. */
  readonly held: boolean;
  /** FellBehind messages sent: live events overflowed the buffer while the client was slow. */
  readonly fellBehind: number;
}

/**
 * One subscription to $all: confirmation, catch-up, CaughtUp, then live events as they are
 * written, under flow control as KurrentDB's: the server writes a message only when the call
 * can take it (`Streams.Read.cs:85-87` awaits each `WriteAsync`, which HTTP/2 flow control holds
 * while the client does not read), reading the log no further meanwhile (the catch-up buffer
 * waits when full, `Enumerator.cs:11-16`). Live events that arrive while it is held are kept up
 * to {@link LIVE_BUFFER_SIZE}; beyond that the subscription falls behind, says so (FellBehind,
 * `Enumerator.AllSubscription.cs` GoLive: a sequence gap → NotifyFellBehind → CatchUp) and
 * catches up from the log, so a slow client costs the server no memory and loses nothing.
 */
class LiveSubscription {
  private unlisten: (() => void) | undefined;
  private considered = 0;
  private ended = false;
  private caughtUp = false;
  private held = false;
  /** The log's size when the call filled up while live: what is appended after it goes to the live buffer. */
  private liveHeldAt: number | undefined;
  private written = 0;
  private fellBehind = 0;

  constructor(
    private readonly log: InMemoryLog,
    private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    private next: number,
    private readonly filter: ReadFilter,
    private readonly structuredIds: boolean,
    private readonly onEnd: () => void,
    private readonly onHeld: () => void,
  ) {}

  get flow(): SubscriptionFlow {
    return { written: this.written, held: this.held, fellBehind: this.fellBehind };
  }

  start(): void {
    this.call.on('cancelled', () => this.end());
    this.call.on('error', () => this.end());
    this.call.on('drain', () => this.resume());
    this.send(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    this.unlisten = this.log.onAppend(() => this.appended());
    this.flush();
  }

  /** Ends the call with an error status; the client sees the subscription dropped. */
  fail(code: grpc.status, details: string): void {
    if (this.ended) return;
    this.end();
    this.call.emit('error', { code, details });
  }

  private appended(): void {
    if (!this.held) this.flush();
  }

  private resume(): void {
    if (this.ended || !this.held) return;
    this.held = false;
    const overflowed = this.liveHeldAt !== undefined && this.log.size - this.liveHeldAt > LIVE_BUFFER_SIZE;
    this.liveHeldAt = undefined;
    if (overflowed) {
      this.caughtUp = false;
      this.fellBehind++;
      this.send(new ReadResp().setFellBehind(new ReadResp.FellBehind()));
    }
    this.flush();
  }

  /** Writes what the log holds past `next`, until the call is full or the log ends. */
  private flush(): void {
    for (
      let event = this.log.eventAt(this.next);
      event && !this.ended && !this.held;
      event = this.log.eventAt(this.next)
    ) {
      this.next++;
      if (this.filter.accepts(event)) {
        this.written++;
        this.send(readEvent(event, this.structuredIds));
        this.considered = 0;
      } else if (this.filter.checkpointEvery !== undefined && ++this.considered >= this.filter.checkpointEvery) {
        this.considered = 0;
        this.send(
          new ReadResp().setCheckpoint(
            new ReadResp.Checkpoint()
              .setCommitPosition(event.position.commit.toString())
              .setPreparePosition(event.position.prepare.toString()),
          ),
        );
      }
    }
    if (!this.ended && !this.held && !this.caughtUp) {
      this.caughtUp = true;
      this.send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    }
  }

  /** `write` returns false once the call's buffer is full: nothing more until `drain`. */
  private send(message: ReadResp): void {
    if (this.call.write(message)) return;
    this.held = true;
    if (this.caughtUp) this.liveHeldAt = this.next;
    this.onHeld();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.unlisten?.();
    this.onEnd();
  }
}

function appendResponse(
  outcome: Exclude<AppendOutcome, { kind: 'idempotent_not_ready' }>,
  expected: ExpectedState,
  withPosition: boolean,
): AppendResp {
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new Empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
    else wrong.setExpectedAny(new Empty());
    return new AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new AppendResp.Success();
  if (withPosition) {
    success.setPosition(
      new AppendResp.Position()
        .setCommitPosition(outcome.reportedPosition.commit.toString())
        .setPreparePosition(outcome.reportedPosition.prepare.toString()),
    );
  } else {
    success.setNoPosition(new Empty());
  }
  if (outcome.currentRevision < 0n) success.setNoStream(new Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  return new AppendResp().setSuccess(success);
}

function packedStatus(code: Code, message: string, details: Uint8Array, typeName: string): Status {
  const packed = new GoogleAnyMessage();
  packed.pack(details, typeName);
  return new Status().setCode(code).setMessage(message).setDetails(packed);
}

/** BatchAppend reports a wrong expected version as a google.rpc.Status carrying the details. */
function wrongExpectedVersionStatus(current: bigint | undefined, expected: ExpectedState): Status {
  const details = new WrongExpectedVersion();
  if (current === undefined) details.setCurrentNoStream(new GoogleEmptyMessage());
  else details.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new GoogleEmptyMessage());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new GoogleEmptyMessage());
  else details.setExpectedAny(new GoogleEmptyMessage());
  const packed = new GoogleAnyMessage();
  packed.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new Status().setCode(Code.FAILED_PRECONDITION).setMessage('Wrong expected version.').setDetails(packed);
}

interface Node {
  port: number;
  server: grpc.Server | undefined;
  listener: TcpServer | undefined;
}

/** The header the client sends with `requiresLeader: true`. */
function requiresLeader(metadata: grpc.Metadata): boolean {
  return metadata.get('requires-leader')[0] === 'true';
}

class InvalidPositionError extends Error {
  constructor() {
    super('Trying to read from an invalid position.');
  }
}

/** Turns a malformed request into an INVALID_ARGUMENT status instead of a crashed handler. */
function guard(call: grpc.ServerWritableStream<ReadReq, ReadResp>, handle: () => void): void {
  try {
    handle();
  } catch (error) {
    call.emit('error', {
      code: grpc.status.INVALID_ARGUMENT,
      details: error instanceof Error ? error.message : String(error),
    });
  }
}
