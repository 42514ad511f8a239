import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import type { ReadModelDatabase } from './read-model-data-source';

/** A projection's saved checkpoint: the last store position it applied. */
export interface ProjectionPosition {
  readonly name: string;
  readonly position: string;
}

/**
 * The saved positions of the projections, read without opening (or creating) the read models
 * through TypeORM: start-up compares them with the event store before anything subscribes to
 * it. No database, no table, no checkpoint yet: none.
 */
export async function readProjectionPositions(db: ReadModelDatabase): Promise<ProjectionPosition[]> {
  return db.databaseUrl ? fromPostgres(db.databaseUrl, db.schema) : fromSqlite(db.dataDir);
}

const QUERY = 'SELECT name, position FROM projection_checkpoints WHERE position IS NOT NULL ORDER BY name';

function fromSqlite(dataDir: string): ProjectionPosition[] {
  const file = path.join(dataDir, 'read-models.sqlite');
  if (!existsSync(file)) return [];
  // Not read-only: a WAL file cannot be read without its -shm, which a read-only handle cannot create.
  const database = new Database(file, { fileMustExist: true });
  try {
    const table = database
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_checkpoints'")
      .get();
    return table ? (database.prepare(QUERY).all() as ProjectionPosition[]) : [];
  } finally {
    database.close();
  }
}

async function fromPostgres(url: string, schema?: string): Promise<ProjectionPosition[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    if (schema) await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);
    const result = await client.query<ProjectionPosition>(QUERY);
    return result.rows;
  } catch (error) {
    // 42P01: undefined table — the migrations have not run yet, so no projection has a position.
    if ((error as { code?: string }).code === '42P01') return [];
    throw error;
  } finally {
    await client.end();
  }
}
