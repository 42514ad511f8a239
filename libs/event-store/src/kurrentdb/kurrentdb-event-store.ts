import { BACKWARDS, END, FORWARDS, KurrentDBClient, START } from '@kurrent/kurrentdb-client';
import {
  type AppendResult,
  checkedAppend,
  comparePositions,
  EventIdConflictError,
  type EventStore,
  InvalidPositionError,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  positionToString,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import {
  type ClientResolvedEvent,
  isLedgerEvent,
  systemEventFilter,
  toClientPosition,
  toEventData,
  toRecordedEvent,
} from './event-mapping';
import { KurrentDbAppender } from './kurrentdb-appender';
import {
  clientErrorType,
  describeTarget,
  EventStoreUnavailableError,
  isInvalidPosition,
  isUnreachable,
  withTimeout,
} from './kurrentdb-errors';
import { KurrentDbSubscription } from './kurrentdb-subscription';

export interface KurrentDbEventStoreOptions {
  /** How long {@link KurrentDbEventStore.ready} waits for the server (default 5,000 ms). */
  readonly connectTimeoutMs?: number;
  /** How many times an append is sent in all when the node declines it or its outcome stays unknown (default 3). */
  readonly appendAttempts?: number;
  /**
   * How long the stream is watched for an append whose outcome is unknown (commit timeout,
   * connection lost) before it is sent again (default 3,000 ms: longer than KurrentDB's 2 s
   * commit timeout, so that a late commit is seen instead of sent twice).
   */
  readonly outcomeWindowMs?: number;
  /** Wait between two looks at the stream in that window, and first wait before resending a declined append (default 100 ms). */
  readonly appendPollIntervalMs?: number;
  /** Last events of a stream searched for an `any` append whose outcome is unknown (default 1,000). */
  readonly anyAppendWindow?: number;
  /** Events asked for per request when reading $all (default 500, at least 2). */
  readonly readPageSize?: number;
  /** First wait before a dropped subscription resubscribes (default 100 ms), doubled up to `resubscribeMaxDelayMs`. */
  readonly resubscribeDelayMs?: number;
  /** Longest wait between two resubscription attempts (default 5,000 ms). */
  readonly resubscribeMaxDelayMs?: number;
  /**
   * Events a subscription's stream buffers ahead of its consumer before it stops reading
   * (default 32, as many as the server's own per-subscription buffers). With the gRPC call's
   * buffer and the HTTP/2 window behind it, a consumer slower than the appends holds a bounded
   * number of events; flow control stops the server, which catches the subscription up from
   * its log once it reads again.
   */
  readonly subscriptionBufferSize?: number;
  /** Told when the server drops a subscription, before it resumes (default: one `console.warn` line). */
  readonly onSubscriptionDropped?: (error: unknown, attempt: number, resumeAfter: Position | undefined) => void;
}

const DEFAULTS = {
  connectTimeoutMs: 5_000,
  appendAttempts: 3,
  outcomeWindowMs: 3_000,
  appendPollIntervalMs: 100,
  anyAppendWindow: 1_000,
  readPageSize: 500,
  resubscribeDelayMs: 100,
  resubscribeMaxDelayMs: 5_000,
  subscriptionBufferSize: 32,
};

/**
 * The event store on a KurrentDB (EventStoreDB) server, through the official gRPC client.
 *
 * - Positions are KurrentDB's own commit and prepare positions, both kept.
 * - Appends go to the leader, once, and are answered from the server's response; retries are
 *   recognised by the server itself, as strongly as the expected revision allows (see
 *   {@link KurrentDbAppender} and the port's `appendToStream`).
 * - Expected revisions map one to one to the client's stream states; a wrong expected version
 *   becomes `WrongExpectedRevisionError` with the server's actual revision.
 * - Reads of $all and subscriptions skip system events (`$` types, `$` streams) and events
 *   that are not JSON objects: they are not the ledger's.
 */
export class KurrentDbEventStore implements EventStore {
  /** Where the server is, for messages: hosts and TLS setting, never credentials. */
  readonly target: string;
  private readonly options: Required<Omit<KurrentDbEventStoreOptions, 'onSubscriptionDropped'>> &
    Pick<KurrentDbEventStoreOptions, 'onSubscriptionDropped'>;
  private readonly client: KurrentDBClient;
  private readonly appender: KurrentDbAppender;
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  /**
   * Creates the client; nothing is sent until the first call. Use {@link connect} to fail at
   * start-up when the server is unreachable.
   * @param connectionString e.g. `kurrentdb://127.0.0.1:2113?tls=false`, `kurrentdb+discover://…`, `esdb://…`
   * @throws Error naming the problem when the connection string cannot be parsed.
   */
  constructor(connectionString: string, options: KurrentDbEventStoreOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isSafeInteger(this.options.readPageSize) || this.options.readPageSize < 2) {
      throw new RangeError(`readPageSize must be an integer >= 2, not ${this.options.readPageSize}`);
    }
    if (!Number.isSafeInteger(this.options.subscriptionBufferSize) || this.options.subscriptionBufferSize < 1) {
      throw new RangeError(
        `subscriptionBufferSize must be an integer >= 1, not ${this.options.subscriptionBufferSize}`,
      );
    }
    this.target = describeTarget(connectionString);
    try {
      this.client = KurrentDBClient.connectionString(connectionString);
    } catch (error) {
      throw new Error(`not a valid KurrentDB connection string (${this.target}): ${messageOf(error)}`, {
        cause: error,
      });
    }
    this.appender = new KurrentDbAppender(
      this.client,
      this.target,
      {
        attempts: this.options.appendAttempts,
        outcomeWindowMs: this.options.outcomeWindowMs,
        pollIntervalMs: this.options.appendPollIntervalMs,
        anyWindow: this.options.anyAppendWindow,
      },
      // Appends go to the leader; so do the reads that check them, which a follower could answer late.
      (streamId, options) => this.readFromServer(streamId, options, { requiresLeader: true }),
      (error) => this.failure(error),
    );
  }

  /** Opens a store and waits until the server answers, or fails with {@link EventStoreUnavailableError}. */
  static async connect(
    connectionString: string,
    options: KurrentDbEventStoreOptions = {},
  ): Promise<KurrentDbEventStore> {
    const store = new KurrentDbEventStore(connectionString, options);
    try {
      await store.ready();
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /**
   * Resolves once the server answers both a read of $all (the client's Rust read path) and a
   * subscription (its gRPC-JS path, shared with appends); rejects with
   * {@link EventStoreUnavailableError} naming the server otherwise, within `timeoutMs`.
   * Use it as the start-up and health check.
   */
  async ready(timeoutMs = this.options.connectTimeoutMs): Promise<void> {
    this.assertOpen();
    const subscription = this.probeSubscription();
    const probes = Promise.all([this.probeRead(), subscription.confirmed]);
    try {
      await withTimeout(
        probes,
        timeoutMs,
        () =>
          new EventStoreUnavailableError(
            this.target,
            `KurrentDB at ${this.target} did not answer within ${timeoutMs} ms: check EVENT_STORE_URL, the server, and its TLS setting`,
          ),
      );
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) throw error;
      throw new EventStoreUnavailableError(
        this.target,
        `KurrentDB at ${this.target} is unreachable or refused the request: ${messageOf(error)}`,
        { cause: error },
      );
    } finally {
      probes.catch(() => undefined);
      subscription.stop();
    }
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expectedRevision = checkedAppend(streamId, events, options);
    if (streamId.startsWith('$'))
      throw new RangeError(`stream ${streamId}: stream ids starting with $ are reserved for KurrentDB system streams`);
    const eventData = events.map(toEventData);
    const ids = events.map((event) => event.eventId.toLowerCase());
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) throw new EventIdConflictError(streamId, repeated);
    return this.track(this.appender.append(streamId, events, eventData, expectedRevision));
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    if (options.maxCount !== undefined) assertCount(options.maxCount);
    if (
      options.fromRevision !== undefined &&
      (!Number.isSafeInteger(options.fromRevision) || options.fromRevision < 0)
    ) {
      throw new RangeError(`fromRevision must be an integer >= 0, not ${options.fromRevision}`);
    }
    if (options.maxCount === 0) return;
    this.assertOpen();
    yield* this.readFromServer(streamId, options);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    for await (const event of this.readStream(streamId, { direction: 'backwards', maxCount: 1 })) return event.revision;
    return undefined;
  }

  /** Pages through $all in order; `after` is exclusive. */
  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    if (options.maxCount !== undefined) assertCount(options.maxCount);
    yield* this.scanAll('forwards', options.after, options.maxCount ?? Number.POSITIVE_INFINITY);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new KurrentDbSubscription(
      this.client,
      options.after,
      {
        initialDelayMs: this.options.resubscribeDelayMs,
        maxDelayMs: this.options.resubscribeMaxDelayMs,
        bufferSize: this.options.subscriptionBufferSize,
        onDropped: this.options.onSubscriptionDropped ?? ((error, attempt) => this.warnDropped(error, attempt)),
        fatal: (error, after) =>
          after && isInvalidPosition(error)
            ? new InvalidPositionError(positionToString(after), `KurrentDB at ${this.target}`, { cause: error })
            : error,
      },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    for await (const event of this.scanAll('backwards', undefined, 1)) return event.position;
    return undefined;
  }

  /** Ends subscriptions, lets appends already sent finish, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await Promise.allSettled([...this.inFlight]);
    await this.client.dispose();
  }

  /**
   * Reads $all page by page, skipping what is not the ledger's. KurrentDB includes the event at
   * the start position when reading forwards (and not backwards); `after` and each page's cursor
   * are exclusive here whichever the server does.
   */
  private async *scanAll(
    direction: 'forwards' | 'backwards',
    after: Position | undefined,
    maxCount: number,
  ): AsyncGenerator<RecordedEvent, void, undefined> {
    const backwards = direction === 'backwards';
    let cursor = after;
    let remaining = maxCount;
    let notLeader = 0;
    while (remaining > 0) {
      this.assertOpen();
      // One more than needed: the event at the cursor may come back first.
      const requested = Math.min(this.options.readPageSize, remaining + 1);
      let received = 0;
      let last: Position | undefined;
      const events = this.client.readAll({
        direction: backwards ? BACKWARDS : FORWARDS,
        fromPosition: cursor ? toClientPosition(cursor) : backwards ? END : START,
        maxCount: requested,
        filter: systemEventFilter(),
      });
      try {
        for await (const resolved of events as AsyncIterable<ClientResolvedEvent>) {
          received += 1;
          const event = resolved.event;
          if (!event?.position) continue;
          const position = { commit: event.position.commit, prepare: event.position.prepare };
          last = position;
          if (cursor && (backwards ? comparePositions(position, cursor) >= 0 : comparePositions(position, cursor) <= 0))
            continue;
          if (!isLedgerEvent(event)) continue;
          yield toRecordedEvent(resolved);
          remaining -= 1;
          if (remaining === 0) return;
        }
      } catch (error) {
        if (cursor && isInvalidPosition(error))
          throw new InvalidPositionError(positionToString(cursor), `KurrentDB at ${this.target}`, { cause: error });
        // An old leader names the new one; the client goes there next: the page goes on from what was seen (see readFromServer).
        if (clientErrorType(error) === 'not-leader' && ++notLeader < this.options.appendAttempts) {
          if (last) cursor = last;
          continue;
        }
        throw this.failure(error);
      }
      if (received < requested || !last) return;
      cursor = last;
    }
  }

  /**
   * Reads a stream; also used by appends already under way when the store closes. A node that
   * is no longer the leader answers NotLeader naming the new one (the client's default node
   * preference is the leader); the client connects there on the next call, so the read goes on
   * from where it stopped, a few times at most.
   */
  private async *readFromServer(
    streamId: string,
    options: ReadStreamOptions,
    { requiresLeader = false } = {},
  ): AsyncGenerator<RecordedEvent, void, undefined> {
    const backwards = options.direction === 'backwards';
    let from = options.fromRevision;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      const events = this.client.readStream(streamId, {
        requiresLeader,
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
        ...(remaining === Number.POSITIVE_INFINITY ? {} : { maxCount: remaining }),
      });
      try {
        for await (const resolved of events) {
          const event = toRecordedEvent(resolved as ClientResolvedEvent);
          from = backwards ? event.revision - 1 : event.revision + 1;
          remaining -= 1;
          yield event;
        }
        return;
      } catch (error) {
        if (clientErrorType(error) === 'stream-not-found') return;
        if (clientErrorType(error) !== 'not-leader' || attempt >= this.options.appendAttempts)
          throw this.failure(error);
        if (remaining <= 0 || (from !== undefined && from < 0)) return;
      }
    }
  }

  private async probeRead(): Promise<void> {
    for await (const event of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) void event;
  }

  /** Subscribing is confirmed by the server at once; it is the path appends take too. */
  private probeSubscription(): { confirmed: Promise<void>; stop: () => void } {
    const probe = this.client.subscribeToAll({ fromPosition: END, filter: systemEventFilter() });
    const confirmed = new Promise<void>((resolve, reject) => {
      probe.once('confirmation', resolve);
      probe.once('error', reject);
    });
    const stop = (): void => {
      probe.on('error', () => undefined);
      void probe
        .unsubscribe()
        .catch(() => undefined)
        .finally(() => probe.destroy());
    };
    return { confirmed, stop };
  }

  private track<T>(operation: Promise<T>): Promise<T> {
    this.inFlight.add(operation);
    const settle = (): void => {
      this.inFlight.delete(operation);
    };
    operation.then(settle, settle);
    return operation;
  }

  /** Connection failures name the server; the rest pass through. */
  private failure(error: unknown): unknown {
    if (isUnreachable(error)) {
      return new EventStoreUnavailableError(
        this.target,
        `KurrentDB at ${this.target} is unavailable: ${messageOf(error)}`,
        { cause: error },
      );
    }
    return error;
  }

  private warnDropped(error: unknown, attempt: number): void {
    console.warn(
      `KurrentDB at ${this.target} dropped a subscription (${messageOf(error)}); resubscribing, attempt ${attempt}`,
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`event store at ${this.target} is closed`);
  }
}

function assertCount(maxCount: number): void {
  if (maxCount !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw new RangeError(`maxCount must be an integer >= 0, not ${maxCount}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
