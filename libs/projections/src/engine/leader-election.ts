import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * Exactly one active instance per projection: the others wait as standby. With PostgreSQL read
 * models the lock is a session-level advisory lock, released by the server the moment the
 * holder's connection dies (a crashed projector never blocks its standby).
 */
export interface LeaderElection {
  /** Resolves once this process holds the lock. */
  acquire(): Promise<void>;
  /** Called if leadership is lost (the lock connection died); the process must stop projecting. */
  onLost(listener: (reason: Error) => void): void;
  release(): Promise<void>;
  readonly isLeader: boolean;
  /** How many times the lock was asked for and found held by another instance (a standby's heartbeat). */
  readonly refusals: number;
}

/** For the embedded deployment: one process, always the leader. */
export class SoleInstance implements LeaderElection {
  isLeader = false;
  readonly refusals = 0;
  async acquire(): Promise<void> {
    this.isLeader = true;
  }
  onLost(): void {}
  async release(): Promise<void> {
    this.isLeader = false;
  }
}

export class PostgresAdvisoryLock implements LeaderElection {
  private readonly logger: Logger;
  private client: Client | undefined;
  private readonly lostListeners: ((reason: Error) => void)[] = [];
  private released = false;
  isLeader = false;
  refusals = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly lockName: string,
    private readonly retryEveryMs = 2000,
  ) {
    this.logger = new Logger(`leader:${lockName}`);
  }

  /** A stable 63-bit key from the lock name, so every instance asks for the same lock. */
  get key(): string {
    return BigInt.asIntN(
      64,
      BigInt(`0x${createHash('sha256').update(this.lockName).digest('hex').slice(0, 16)}`),
    ).toString();
  }

  async acquire(): Promise<void> {
    let announced = false;
    while (!this.released) {
      try {
        const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5000 });
        await client.connect();
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key]);
        if (rows[0].locked) {
          this.client = client;
          this.isLeader = true;
          client.on('error', (error) => this.lose(error));
          client.on('end', () => this.lose(new Error('the lock connection closed')));
          this.logger.log('acquired: this instance is active');
          return;
        }
        await client.end();
        this.refusals++;
        if (!announced) this.logger.log('another instance is active; waiting as standby');
        announced = true;
      } catch (error) {
        this.logger.warn(`cannot reach PostgreSQL for the lock: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.retryEveryMs));
    }
  }

  onLost(listener: (reason: Error) => void): void {
    this.lostListeners.push(listener);
  }

  async release(): Promise<void> {
    this.released = true;
    const client = this.client;
    this.client = undefined;
    this.isLeader = false;
    if (client) {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  private lose(reason: Error): void {
    if (!this.isLeader || this.released) return;
    this.isLeader = false;
    this.logger.error(`leadership lost: ${reason.message}`);
    for (const listener of this.lostListeners) listener(reason);
  }
}
