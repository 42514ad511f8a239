import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { WrappedKey, isWrappedKey } from '../master-key-provider';
import {
  DestroyOutcome,
  SecretName,
  SubjectKeyStore,
  SubjectRegistration,
  SubjectStatus,
  WrappedEntry,
} from '../subject-key-store.port';

const SCHEMA_VERSION = 1;

/**
 * `identity_index` maps the blind index of a person's identity to the subject, so that the
 * same person filing twice gets the same key; its rows go with the key on erasure, after which
 * the subject id is a random string nothing links to anyone. `erased_subjects` remembers
 * erasures (no personal data), so a second erasure is told apart from an unknown subject.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS secrets (
    name    TEXT PRIMARY KEY,
    key_id  TEXT NOT NULL,
    wrapped TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS subject_keys (
    subject_id TEXT PRIMARY KEY,
    key_id     TEXT NOT NULL,
    wrapped    TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS identity_index (
    identity_mac TEXT PRIMARY KEY,
    subject_id   TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS identity_index_by_subject ON identity_index (subject_id);
  CREATE TABLE IF NOT EXISTS erased_subjects (
    subject_id TEXT PRIMARY KEY,
    erased_at  TEXT NOT NULL
  );
`;

interface PendingRegistration {
  readonly candidate: SubjectRegistration;
  readonly identityMac?: string;
  readonly resolve: (registration: SubjectRegistration) => void;
  readonly reject: (error: unknown) => void;
}

export interface SqliteSubjectKeyStoreOptions {
  /** How long a write waits for another process holding the lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * The data keys in their own SQLite file (`<dataDir>/keys.sqlite`), never in the event file:
 * the events are kept for years and copied into backups and exports, the keys must be
 * destroyable. `secure_delete` overwrites a deleted key's bytes in the file, and every
 * erasure and rotation checkpoints and truncates the WAL so that no old page image of a
 * destroyed key stays behind in it. `synchronous = FULL`: a registered key is durable before
 * any event is sealed under it. Registrations issued in the same tick share one transaction.
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore {
  private readonly db: Database.Database;
  private pending: PendingRegistration[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;

  /** @param location a file path, or `':memory:'` for keys that die with the process (tests). */
  constructor(
    readonly location: string,
    options: SqliteSubjectKeyStoreOptions = {},
  ) {
    if (location !== ':memory:' && !existsSync(location)) {
      mkdirSync(dirname(location), { recursive: true });
      // Owner-only from the start; SQLite gives the -wal and -shm files the same mode.
      closeSync(openSync(location, 'a', 0o600));
    }
    this.db = new Database(location, { timeout: options.busyTimeoutMs ?? 5_000 });
    try {
      this.db.pragma('secure_delete = ON');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.statements = {
      secret: this.db.prepare<[string], { wrapped: string }>('SELECT wrapped FROM secrets WHERE name = ?'),
      insertSecret: this.db.prepare('INSERT OR IGNORE INTO secrets (name, key_id, wrapped) VALUES (?, ?, ?)'),
      key: this.db.prepare<[string], { wrapped: string }>('SELECT wrapped FROM subject_keys WHERE subject_id = ?'),
      insertKey: this.db.prepare(
        'INSERT INTO subject_keys (subject_id, key_id, wrapped, created_at) VALUES (?, ?, ?, ?)',
      ),
      byIdentity: this.db.prepare<[string], { subject_id: string }>(
        'SELECT subject_id FROM identity_index WHERE identity_mac = ?',
      ),
      insertIdentity: this.db.prepare('INSERT INTO identity_index (identity_mac, subject_id) VALUES (?, ?)'),
      deleteIdentity: this.db.prepare('DELETE FROM identity_index WHERE identity_mac = ?'),
      erased: this.db.prepare<[string], { erased_at: string }>(
        'SELECT erased_at FROM erased_subjects WHERE subject_id = ?',
      ),
      deleteKey: this.db.prepare('DELETE FROM subject_keys WHERE subject_id = ?'),
      deleteIdentitiesOf: this.db.prepare('DELETE FROM identity_index WHERE subject_id = ?'),
      insertErased: this.db.prepare('INSERT INTO erased_subjects (subject_id, erased_at) VALUES (?, ?)'),
      allSecrets: this.db.prepare<[], { name: string; wrapped: string }>(
        'SELECT name, wrapped FROM secrets ORDER BY name',
      ),
      allKeys: this.db.prepare<[], { subject_id: string; wrapped: string }>(
        'SELECT subject_id, wrapped FROM subject_keys ORDER BY subject_id',
      ),
      updateSecret: this.db.prepare('UPDATE secrets SET key_id = ?, wrapped = ? WHERE name = ? AND wrapped = ?'),
      updateKey: this.db.prepare(
        'UPDATE subject_keys SET key_id = ?, wrapped = ? WHERE subject_id = ? AND wrapped = ?',
      ),
      otherKeyIds: this.db.prepare<[string, string], { n: number }>(
        'SELECT (SELECT count(*) FROM secrets WHERE key_id <> ?) + (SELECT count(*) FROM subject_keys WHERE key_id <> ?) AS n',
      ),
    };
  }

  register(candidate: SubjectRegistration, identityMac?: string): Promise<SubjectRegistration> {
    return new Promise((resolve, reject) => {
      this.assertOpen();
      this.pending.push({ candidate, identityMac, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async findByIdentity(identityMac: string): Promise<string | undefined> {
    this.assertOpen();
    return this.statements.byIdentity.get(identityMac)?.subject_id;
  }

  async getKey(subjectId: string): Promise<WrappedKey | undefined> {
    this.assertOpen();
    const row = this.statements.key.get(subjectId);
    return row ? parseWrapped(row.wrapped, `subject ${subjectId}`) : undefined;
  }

  async status(subjectId: string): Promise<SubjectStatus> {
    this.assertOpen();
    if (this.statements.erased.get(subjectId)) return 'erased';
    return this.statements.key.get(subjectId) ? 'live' : 'unknown';
  }

  async destroy(subjectId: string, erasedAt: string): Promise<DestroyOutcome> {
    this.assertOpen();
    const s = this.statements;
    const outcome = this.db
      .transaction((): DestroyOutcome => {
        if (s.erased.get(subjectId)) return 'already-erased';
        if (!s.key.get(subjectId)) return 'unknown';
        s.deleteKey.run(subjectId);
        s.deleteIdentitiesOf.run(subjectId);
        s.insertErased.run(subjectId, erasedAt);
        return 'destroyed';
      })
      .immediate();
    if (outcome === 'destroyed') this.forgetOldPages();
    return outcome;
  }

  async getSecret(name: SecretName): Promise<WrappedKey | undefined> {
    this.assertOpen();
    const row = this.statements.secret.get(name);
    return row ? parseWrapped(row.wrapped, `secret ${name}`) : undefined;
  }

  async initialiseSecrets(secrets: Readonly<Record<SecretName, WrappedKey>>): Promise<void> {
    this.assertOpen();
    this.db
      .transaction(() => {
        for (const [name, wrapped] of Object.entries(secrets))
          this.statements.insertSecret.run(name, wrapped.keyId, JSON.stringify(wrapped));
      })
      .immediate();
  }

  async listWrapped(): Promise<WrappedEntry[]> {
    this.assertOpen();
    this.flush();
    const secrets = this.statements.allSecrets
      .all()
      .map((r): WrappedEntry => ({ kind: 'secret', id: r.name, wrapped: parseWrapped(r.wrapped, `secret ${r.name}`) }));
    const keys = this.statements.allKeys.all().map((r): WrappedEntry => ({
      kind: 'subject',
      id: r.subject_id,
      wrapped: parseWrapped(r.wrapped, `subject ${r.subject_id}`),
    }));
    return [...secrets, ...keys];
  }

  async replaceWrapped(
    changes: readonly { readonly entry: WrappedEntry; readonly wrapped: WrappedKey }[],
  ): Promise<void> {
    this.assertOpen();
    const newKeyIds = new Set(changes.map((c) => c.wrapped.keyId));
    if (newKeyIds.size > 1) throw new Error('a rotation re-wraps every key under one master key');
    const s = this.statements;
    this.db
      .transaction(() => {
        for (const { entry, wrapped } of changes) {
          const update = entry.kind === 'secret' ? s.updateSecret : s.updateKey;
          const changed = update.run(
            wrapped.keyId,
            JSON.stringify(wrapped),
            entry.id,
            JSON.stringify(entry.wrapped),
          ).changes;
          if (changed !== 1)
            throw new Error(
              `the key store changed during the rotation (${entry.kind} ${entry.id}); nothing was rotated — stop every writer and run it again`,
            );
        }
        const [newKeyId] = newKeyIds;
        if (newKeyId !== undefined && s.otherKeyIds.get(newKeyId, newKeyId)!.n > 0) {
          throw new Error(
            'keys were added to the key store during the rotation; nothing was rotated — stop every writer and run it again',
          );
        }
      })
      .immediate();
    this.forgetOldPages();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let results: SubjectRegistration[];
    try {
      results = this.db.transaction(() => batch.map((p) => this.registerOne(p))).immediate();
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  private registerOne({ candidate, identityMac }: PendingRegistration): SubjectRegistration {
    const s = this.statements;
    if (identityMac !== undefined) {
      const known = s.byIdentity.get(identityMac);
      const row = known && s.key.get(known.subject_id);
      if (known && row)
        return { subjectId: known.subject_id, wrappedKey: parseWrapped(row.wrapped, `subject ${known.subject_id}`) };
      // An index entry without its key would keep linking the person to a dead subject.
      if (known) s.deleteIdentity.run(identityMac);
    }
    s.insertKey.run(
      candidate.subjectId,
      candidate.wrappedKey.keyId,
      JSON.stringify(candidate.wrappedKey),
      new Date().toISOString(),
    );
    if (identityMac !== undefined) s.insertIdentity.run(identityMac, candidate.subjectId);
    return candidate;
  }

  /**
   * secure_delete has zeroed the freed cells in the pages just written, but the WAL still holds
   * the earlier images of those pages; copy the new ones back and truncate it. Another
   * process reading at that moment can keep the WAL alive a little longer (best effort; the
   * next erasure or checkpoint finishes the job).
   */
  private forgetOldPages(): void {
    if (this.location === ':memory:') return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(
        `key store ${this.location} has schema version ${version}; this build understands up to ${SCHEMA_VERSION}`,
      );
    if (version === SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        this.db.exec(SCHEMA);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`key store ${this.location} is closed`);
  }
}

function parseWrapped(text: string, what: string): WrappedKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isWrappedKey(value)) throw new Error(`the key store holds a damaged wrapped key for ${what}`);
  return value;
}
