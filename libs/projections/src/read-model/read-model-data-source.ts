import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CreateReadModels1764057600000 } from './migrations/1764057600000-create-read-models';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { YearlyFiguresEntity } from './yearly-figures.entity';

export const READ_MODEL_ENTITIES = [ProjectionCheckpointEntity, YearlyFiguresEntity];
export const READ_MODEL_MIGRATIONS = [CreateReadModels1764057600000];

export interface ReadModelDatabase {
  /** A PostgreSQL URL (production) or undefined for the embedded SQLite file. */
  readonly databaseUrl?: string;
  /** Where the SQLite file lives when there is no URL. */
  readonly dataDir: string;
  /** PostgreSQL schema to use (tests isolate themselves in their own schema). */
  readonly schema?: string;
}

/**
 * Read models live in SQLite by default and in PostgreSQL when DATABASE_URL is set. Both are
 * created by migrations (never `synchronize`), run at start-up.
 */
export function readModelOptions(db: ReadModelDatabase): DataSourceOptions {
  const common = {
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  } as const;
  if (db.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(db.databaseUrl))
      throw new Error(
        `DATABASE_URL must be a postgres:// URL, got "${db.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}"`,
      );
    // Raw migration SQL names no schema, so a test schema is selected through the search path.
    const extra = { max: 10, ...(db.schema ? { options: `-c search_path=${db.schema}` } : {}) };
    return { ...common, type: 'postgres', url: db.databaseUrl, schema: db.schema, connectTimeoutMS: 5000, extra };
  }
  fs.mkdirSync(db.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path.join(db.dataDir, 'read-models.sqlite'),
    prepareDatabase: (database: { pragma(sql: string): unknown }) => {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
    },
  };
}

export async function openReadModelDatabase(db: ReadModelDatabase): Promise<DataSource> {
  const dataSource = new DataSource(readModelOptions(db));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
