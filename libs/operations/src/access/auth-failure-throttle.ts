import { ThrottlerStorageService } from '@nestjs/throttler';

/** How many failed authentications a client address or an API key id may have per window. */
export interface AuthFailureLimits {
  /** Failures allowed in a window before the caller is blocked (LEDGER_AUTH_FAILURE_LIMIT, default 10). */
  readonly limit: number;
  /** The window, and the time a blocked caller waits (LEDGER_AUTH_FAILURE_WINDOW_SECONDS, default 60). */
  readonly windowSeconds: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = { limit: 10, windowSeconds: 60 };

const THROTTLER_NAME = 'auth-failures';

/**
 * Slows down guessing: failed authentications are counted per client address and per API key id
 * (in @nestjs/throttler's storage), and once either passes the limit every attempt from that
 * address, or with that key, is refused for the window, right or wrong: if a right guess still
 * got through, the refusals would tell the guesser which guesses were wrong, and nothing more.
 * The count lives in this process (replicas count separately) and behind a reverse proxy the
 * address is the proxy's, so the limit then applies to everyone behind it.
 */
export class AuthFailureThrottle {
  constructor(
    readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
    private readonly storage = new ThrottlerStorageService(),
  ) {}

  /** Seconds until the first of these callers may try again, or undefined when none is blocked. */
  blockedFor(callers: readonly string[]): number | undefined {
    // The storage keeps its times by Date.now(), so this does too.
    const now = Date.now();
    const waits = callers
      .map((caller) => this.storage.storage.get(caller))
      .filter((record) => record?.isBlocked && record.blockExpiresAt > now)
      .map((record) => Math.ceil((record!.blockExpiresAt - now) / 1000));
    return waits.length ? Math.max(...waits) : undefined;
  }

  /** Counts a failure against every caller named (the address, and the key id when there is one). */
  async recordFailure(callers: readonly string[]): Promise<void> {
    const windowMs = this.limits.windowSeconds * 1000;
    for (const caller of callers)
      await this.storage.increment(caller, windowMs, this.limits.limit, windowMs, THROTTLER_NAME);
  }

  close(): void {
    this.storage.onApplicationShutdown();
  }
}
