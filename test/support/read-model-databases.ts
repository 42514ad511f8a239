import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where the read-model tests find PostgreSQL; CI provides it on 127.0.0.1:5432 (database `test`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ReadModelVariant {
  readonly name: 'sqlite' | 'postgres';
  /** Prepares an isolated database (a fresh schema on PostgreSQL) and says how to reach it. */
  setUp(): Promise<{ databaseUrl?: string; schema?: string; tearDown(): Promise<void> }>;
}

const sqlite: ReadModelVariant = {
  name: 'sqlite',
  setUp: async () => ({ tearDown: async () => undefined }),
};

/**
 * A schema of its own per test file, dropped afterwards. A missing PostgreSQL fails the tests
 * (it never skips them): the projection tests must run against both databases.
 */
const postgres: ReadModelVariant = {
  name: 'postgres',
  setUp: async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL is required for the read-model tests at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL): ${(error as Error).message}`,
      );
    }
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    return {
      databaseUrl: TEST_DATABASE_URL,
      schema,
      tearDown: async () => {
        const c = new Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  },
};

export const READ_MODEL_VARIANTS: readonly ReadModelVariant[] = [sqlite, postgres];
