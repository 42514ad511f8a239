import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMasterKeyProvider } from '../local-master-key-provider';
import { WrappedKey } from '../master-key-provider';
import { newSubjectId } from '../subject-identity';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store';

const provider = LocalMasterKeyProvider.ephemeral();
const candidate = async () => {
  const subjectId = newSubjectId();
  return { subjectId, wrappedKey: await provider.wrap(Buffer.alloc(32, 7), `subject:${subjectId}`) };
};

/** Every byte SQLite keeps for this database: the file, its WAL and its shared-memory index. */
function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((f) => readFileSync(f)));
}

describe('SqliteSubjectKeyStore', () => {
  let dir: string;
  let file: string;
  let store: SqliteSubjectKeyStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-store-'));
    file = join(dir, 'keys.sqlite');
    store = new SqliteSubjectKeyStore(file);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its file readable by the owner only', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  describe('when the same person is registered twice, even in the same tick', () => {
    it('returns the first subject and key to both, and registers one subject', async () => {
      const [a, b] = [await candidate(), await candidate()];
      const [first, second] = await Promise.all([store.register(a, 'mac-1'), store.register(b, 'mac-1')]);
      expect(first).toEqual(a);
      expect(second).toEqual(a);
      expect(await store.findByIdentity('mac-1')).toBe(a.subjectId);
      expect(await store.status(b.subjectId)).toBe('unknown');
    });

    it('keeps subjects registered without an identity apart', async () => {
      const [a, b] = [await candidate(), await candidate()];
      await Promise.all([store.register(a), store.register(b)]);
      expect(await store.getKey(a.subjectId)).toEqual(a.wrappedKey);
      expect(await store.getKey(b.subjectId)).toEqual(b.wrappedKey);
    });
  });

  describe('when a subject is destroyed', () => {
    let subject: { subjectId: string; wrappedKey: WrappedKey };
    beforeEach(async () => {
      subject = await candidate();
      await store.register(subject, 'mac-of-the-person');
    });

    it('forgets the key and the identity, and remembers the erasure', async () => {
      expect(await store.status(subject.subjectId)).toBe('live');
      expect(await store.destroy(subject.subjectId, '2026-01-01T00:00:00Z')).toBe('destroyed');
      expect(await store.getKey(subject.subjectId)).toBeUndefined();
      expect(await store.findByIdentity('mac-of-the-person')).toBeUndefined();
      expect(await store.status(subject.subjectId)).toBe('erased');
      expect(await store.destroy(subject.subjectId, '2026-01-02T00:00:00Z')).toBe('already-erased');
      expect(await store.destroy(newSubjectId(), '2026-01-02T00:00:00Z')).toBe('unknown');
    });

    it('registers the same person as a new subject afterwards', async () => {
      await store.destroy(subject.subjectId, '2026-01-01T00:00:00Z');
      const again = await candidate();
      expect(await store.register(again, 'mac-of-the-person')).toEqual(again);
    });

    it("leaves none of the key's bytes in the file or its WAL (secure_delete and a truncated WAL)", async () => {
      // Many other subjects, so the destroyed key shares its page with live ones.
      for (let i = 0; i < 50; i++) await store.register(await candidate(), `mac-${i}`);
      const ct = Buffer.from(subject.wrappedKey.ct, 'utf8');
      const mac = Buffer.from('mac-of-the-person', 'utf8');
      expect(rawBytes(file).includes(ct)).toBe(true);
      await store.destroy(subject.subjectId, '2026-01-01T00:00:00Z');
      expect(rawBytes(file).includes(ct)).toBe(false);
      expect(rawBytes(file).includes(mac)).toBe(false);
      await store.close();
      expect(rawBytes(file).includes(ct)).toBe(false);
    });
  });

  describe('when keys are re-wrapped', () => {
    it('refuses, changing nothing, when an entry changed since it was listed', async () => {
      const a = await candidate();
      await store.register(a);
      const [entry] = await store.listWrapped();
      const stale = { ...entry, wrapped: { ...entry.wrapped, ct: 'changed' } };
      await expect(
        store.replaceWrapped([{ entry: stale, wrapped: await provider.wrap(Buffer.alloc(32), 'x') }]),
      ).rejects.toThrow('changed during the rotation');
      expect(await store.getKey(a.subjectId)).toEqual(a.wrappedKey);
    });

    it('refuses, changing nothing, when a key under the old master key would remain', async () => {
      const next = LocalMasterKeyProvider.ephemeral();
      const [a, b] = [await candidate(), await candidate()];
      await store.register(a);
      const listed = await store.listWrapped();
      await store.register(b);
      const changes = await Promise.all(
        listed.map(async (entry) => ({ entry, wrapped: await next.wrap(Buffer.alloc(32), `subject:${entry.id}`) })),
      );
      await expect(store.replaceWrapped(changes)).rejects.toThrow('added to the key store during the rotation');
      expect(await store.getKey(a.subjectId)).toEqual(a.wrappedKey);
    });
  });
});
