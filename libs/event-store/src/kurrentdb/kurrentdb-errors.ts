import { InvalidPositionError } from '../event-store.port';

/** The KurrentDB server cannot be reached, or does not answer like one: start-up and health checks fail with it. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'STORE.UNAVAILABLE';
  constructor(
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * An append was sent, and whether KurrentDB wrote it is unknown: the server timed out waiting
 * for the commit, or the connection was lost, and the stream could not tell within the time a
 * late commit can take. Retrying with the same event ids and expected revision is safe: the
 * server recognises its own retry. A 503 to HTTP callers, like any unavailable store.
 */
export class AppendOutcomeUnknownError extends EventStoreUnavailableError {
  readonly outcome = 'unknown';
  constructor(
    target: string,
    readonly streamId: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      target,
      `KurrentDB at ${target}: whether the append to ${streamId} was written is unknown (${detail}); retry it with the same event ids and expected revision`,
      options,
    );
    this.name = 'AppendOutcomeUnknownError';
  }
}

/**
 * Where a connection string points, for error messages: the protocol, hosts and TLS setting,
 * never the credentials. `kurrentdb://admin:changeit@db:2113?tls=false` → `db:2113 (tls=false)`.
 */
export function describeTarget(connectionString: string): string {
  const match = /^\s*([a-z0-9+]+):\/\/(?:[^@/?]*@)?([^/?]*)/i.exec(connectionString);
  if (!match) return 'an unparsable connection string';
  const discover = match[1].toLowerCase().endsWith('+discover');
  const hosts = match[2]
    .split(',')
    .filter((host) => host !== '')
    .map((host) => (host.includes(':') ? host : `${host}:2113`))
    .join(', ');
  const tls = /[?&]tls=false(?:&|$)/i.test(connectionString) ? 'tls=false' : 'tls=true';
  return `${discover ? 'cluster discovered through ' : ''}${hosts || '(no host)'} (${tls})`;
}

/** The client's error classes, recognised by their `type` so that another copy of the client module still matches. */
export function clientErrorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

/** gRPC status codes of a call that failed on its way: UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED by the server. */
const TRANSPORT_CODES = new Set([14, 4, 1]);

/**
 * Whether a failed append may or may not have been written: the connection was lost or reset,
 * the server timed out, or the leader changed. The client reports most of these as its own
 * error types, but passes some on as raw gRPC errors (its server-features call, made before an
 * append, fails with "Channel closed before call started" while the client resets a channel).
 */
export function isOutcomeUnknown(error: unknown): boolean {
  const type = clientErrorType(error);
  if (type !== undefined) return ['unavailable', 'cancelled', 'deadline-exceeded', 'timeout'].includes(type);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && TRANSPORT_CODES.has(code) && !isClientCancellation(error);
}

/** The server cannot be reached: what start-up checks and health checks report. */
export function isUnreachable(error: unknown): boolean {
  const type = clientErrorType(error);
  if (type !== undefined) return type === 'unavailable' || type === 'deadline-exceeded';
  const code = (error as { code?: unknown } | null)?.code;
  return code === 14 || code === 4;
}

function isClientCancellation(error: unknown): boolean {
  return (error as { details?: unknown } | null)?.details === 'Cancelled on client';
}

/** Errors after which a request may succeed when retried: the server is down, restarting, or changed leader. */
export function isTransient(error: unknown): boolean {
  if (isInvalidArgument(error)) return false;
  const type = clientErrorType(error);
  if (type === undefined)
    return !(error instanceof TypeError || error instanceof RangeError || error instanceof InvalidPositionError);
  return ['unavailable', 'cancelled', 'deadline-exceeded', 'timeout', 'not-leader', 'unknown'].includes(type);
}

/**
 * The server refused the request itself (INVALID_ARGUMENT, which the client passes on as an
 * `UnknownError`: carrying the gRPC code on its gRPC-JS path, in the message on its Rust read
 * path): sending it again gets the same answer.
 */
export function isInvalidArgument(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === 3) return true;
  return clientErrorType(error) === 'unknown' && /Client specified an invalid argument/.test(messageOf(error));
}

/** "Trying to read from an invalid position." (KurrentDB `RpcExceptions.cs:259-260`). */
export function isInvalidPosition(error: unknown): boolean {
  return isInvalidArgument(error) && /invalid position/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  return String((error as { message?: unknown } | null)?.message ?? '');
}

/**
 * What a failed append means for its events:
 * - `refused`: a wrong expected version; nothing written;
 * - `not-written`: the node declined it before writing: not the leader (the client reconnects
 *   to the one it names), "Server Is Not Ready", "Server Is (Too) Busy"
 *   (KurrentDB `RpcExceptions.cs:16-30`, `Streams.BatchAppend.cs:226-236`); sending it again is safe;
 * - `too-big`: over the server's maximum append size; nothing written;
 * - `unknown`: timed out or lost on the way; it may be written, now or later;
 * - `other`: anything else (access denied, bad request), passed on.
 */
export function appendFailureKind(error: unknown): 'refused' | 'not-written' | 'too-big' | 'unknown' | 'other' {
  const type = clientErrorType(error);
  if (type === 'wrong-expected-version') return 'refused';
  if (type === 'maximum-append-size-exceeded') return 'too-big';
  if (type === 'not-leader') return 'not-written';
  if (
    (type === 'unavailable' || type === 'unknown' || type === undefined) &&
    /Server Is (Not Ready|Too Busy|Busy)/.test(String((error as { message?: unknown }).message ?? ''))
  ) {
    return 'not-written';
  }
  // "Operation timed out: Commit phase timeout." comes as ABORTED without details (KurrentDB
  // `RpcExceptions.cs:14`), which the client passes on as an UnknownError carrying the code.
  if ((error as { code?: unknown } | null)?.code === 10) return 'unknown';
  return isOutcomeUnknown(error) ? 'unknown' : 'other';
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
