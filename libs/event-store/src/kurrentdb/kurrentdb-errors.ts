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
  if (type !== undefined) return ['unavailable', 'cancelled', 'deadline-exceeded', 'timeout', 'not-leader'].includes(type);
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
  const type = clientErrorType(error);
  if (type === undefined) return !(error instanceof TypeError || error instanceof RangeError);
  return ['unavailable', 'cancelled', 'deadline-exceeded', 'timeout', 'not-leader', 'unknown'].includes(type);
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
