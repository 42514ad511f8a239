import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { LedgerEvent, Recorded } from '@ledger/domain';
import { commandDigest } from '../recording/command-metadata';
import { LocalMasterKeyProvider } from './local-master-key-provider';
import { PersonalDataVault } from './personal-data-vault';
import { MasterKeyError } from './personal-data.errors';
import { SealedPersonalData, WITHHELD, isSealed } from './sealed-personal-data';
import { SqliteSubjectKeyStore } from './sqlite/sqlite-subject-key-store';

const ZHANG = {
  kind: 'person' as const,
  name: '张三丰',
  idNumber: '44070219800101001X',
  phone: '13800138000',
  address: '江门市蓬江区某路1号',
};
const LI = { name: '李四光', phone: '13900139000' };

let position = 0;
function recorded(type: string, data: Record<string, unknown>): Recorded<LedgerEvent> {
  position++;
  return {
    type,
    data,
    at: '2021-03-01T09:00:00+08:00',
    metadata: {} as never,
    streamId: `s-${position}`,
    revision: 0,
    eventId: `e-${position}`,
    position: String(position),
  } as unknown as Recorded<LedgerEvent>;
}
const filed = (applicant: unknown) =>
  ({
    type: 'ApplicationFiled.v1',
    data: { applicationId: 'a-1', itemCode: 'X', applicant },
    at: '2021-03-01T09:00:00+08:00',
  }) as unknown as LedgerEvent;

async function sealOne(vault: PersonalDataVault, person: object): Promise<Recorded<LedgerEvent>> {
  const { events } = await vault.sealEvents([filed(person)]);
  return recorded(events[0].type, events[0].data as Record<string, unknown>);
}
const applicantOf = (event: Recorded<LedgerEvent>) =>
  (event.data as Record<string, unknown>).applicant as Record<string, unknown>;
const sealedOf = (event: Recorded<LedgerEvent>) => applicantOf(event) as unknown as SealedPersonalData;

describe('PersonalDataVault', () => {
  let provider: LocalMasterKeyProvider;
  let store: SqliteSubjectKeyStore;
  let vault: PersonalDataVault;
  beforeEach(async () => {
    provider = LocalMasterKeyProvider.ephemeral();
    store = new SqliteSubjectKeyStore(':memory:');
    vault = await PersonalDataVault.open(provider, store);
  });
  afterEach(() => store.close());

  describe('when events are sealed', () => {
    it('replaces the personal sub-object by ciphertext, leaving the rest of the event as it was', async () => {
      const { events, subjectIds } = await vault.sealEvents([filed(ZHANG)]);
      const data = events[0].data as Record<string, unknown>;
      expect(data).toMatchObject({ applicationId: 'a-1', itemCode: 'X' });
      expect(data.applicant).toEqual({
        sealed: {
          v: 1,
          alg: 'A256GCM',
          subjectId: subjectIds[0],
          iv: expect.any(String),
          ct: expect.any(String),
          tag: expect.any(String),
        },
      });
      const json = JSON.stringify(events);
      for (const value of [ZHANG.name, ZHANG.idNumber, ZHANG.phone, ZHANG.address, '44070219800101001'])
        expect(json).not.toContain(value);
    });

    it('gives the same person the same subject (and key), and another person another', async () => {
      const a = await sealOne(vault, ZHANG);
      const b = await sealOne(vault, { ...ZHANG, name: '张 三丰', idNumber: '44070219800101001x', phone: undefined });
      const c = await sealOne(vault, LI);
      expect(sealedOf(b).sealed.subjectId).toBe(sealedOf(a).sealed.subjectId);
      expect(sealedOf(c).sealed.subjectId).not.toBe(sealedOf(a).sealed.subjectId);
      expect(sealedOf(b).sealed.ct).not.toBe(sealedOf(a).sealed.ct);
    });

    it('gives each name-only person a subject of their own', async () => {
      const a = await sealOne(vault, { name: '张伟' });
      const b = await sealOne(vault, { name: '张伟' });
      expect(sealedOf(a).sealed.subjectId).not.toBe(sealedOf(b).sealed.subjectId);
    });

    it('leaves events without personal data, and anonymous complaints, alone', async () => {
      const accepted = {
        type: 'ApplicationAccepted.v1',
        data: { applicationId: 'a-1' },
        at: 'x',
      } as unknown as LedgerEvent;
      const anonymous = {
        type: 'ComplaintLogged.v1',
        data: { complaintId: 'c-1', subject: 's' },
        at: 'x',
      } as unknown as LedgerEvent;
      expect(await vault.sealEvents([accepted, anonymous])).toEqual({ events: [accepted, anonymous], subjectIds: [] });
    });

    it('refuses an event carrying a personal field its type does not declare, rather than record it in plaintext', async () => {
      const stray = {
        type: 'ApplicationAccepted.v1',
        data: { applicationId: 'a-1', applicant: ZHANG },
        at: 'x',
      } as unknown as LedgerEvent;
      await expect(vault.sealEvents([stray])).rejects.toThrow('carries personal data in "applicant"');
    });
  });

  describe('when sealed events are opened', () => {
    it('decrypts them for a caller entitled to personal data, with the subject id', async () => {
      const event = await sealOne(vault, ZHANG);
      const opened = await vault.open(event, true);
      expect(applicantOf(opened)).toEqual({ subjectId: sealedOf(event).sealed.subjectId, ...ZHANG });
      expect(opened).toMatchObject({ type: event.type, eventId: event.eventId, data: { applicationId: 'a-1' } });
    });

    it('withholds them from a caller not entitled', async () => {
      expect(applicantOf(await vault.open(await sealOne(vault, ZHANG), false))).toEqual(WITHHELD);
    });

    it('shows plaintext recorded before sealing existed to entitled callers only', async () => {
      const legacy = recorded('ApplicationFiled.v1', { applicationId: 'old', applicant: LI });
      expect(applicantOf(await vault.open(legacy, true))).toEqual(LI);
      expect(applicantOf(await vault.open(legacy, false))).toEqual(WITHHELD);
    });
  });

  describe('when a subject is erased', () => {
    it('shows an erased placeholder for it to everyone, and still opens the others', async () => {
      const zhang1 = await sealOne(vault, ZHANG);
      const li = await sealOne(vault, LI);
      const zhang2 = await sealOne(vault, ZHANG);
      const subjectId = sealedOf(zhang1).sealed.subjectId;
      expect(await vault.destroy(subjectId, '2026-01-01T00:00:00Z')).toBe('destroyed');
      const opened = await vault.openAll([zhang1, li, zhang2], true);
      const erased = { erased: true, subjectId, reason: expect.stringContaining('key was destroyed') };
      expect(opened.map(applicantOf)).toEqual([erased, { subjectId: sealedOf(li).sealed.subjectId, ...LI }, erased]);
      expect((await vault.openAll([zhang1, li], false)).map(applicantOf)).toEqual([erased, WITHHELD]);
      expect(JSON.stringify(opened)).not.toContain(ZHANG.name);
    });

    it('no longer finds the subject by identity number, and seals a new filing under a new subject', async () => {
      const before = await sealOne(vault, ZHANG);
      const subjectId = sealedOf(before).sealed.subjectId;
      expect(await vault.subjectForIdNumber(' 44070219800101001x')).toBe(subjectId);
      await vault.destroy(subjectId, '2026-01-01T00:00:00Z');
      expect(await vault.subjectForIdNumber(ZHANG.idNumber)).toBeUndefined();
      expect(sealedOf(await sealOne(vault, ZHANG)).sealed.subjectId).not.toBe(subjectId);
    });
  });

  describe('when one subject cannot be decrypted', () => {
    it('shows an unreadable placeholder for altered ciphertext, ciphertext moved to another subject, or a missing key, and opens the rest', async () => {
      const a = await sealOne(vault, ZHANG);
      const b = await sealOne(vault, LI);
      const ct = Buffer.from(sealedOf(a).sealed.ct, 'base64url');
      ct[3] ^= 0xff;
      const altered = recorded('ApplicationFiled.v1', {
        applicant: { sealed: { ...sealedOf(a).sealed, ct: ct.toString('base64url') } },
      });
      const moved = recorded('ApplicationFiled.v1', {
        applicant: { sealed: { ...sealedOf(a).sealed, subjectId: sealedOf(b).sealed.subjectId } },
      });
      const unknown = recorded('ApplicationFiled.v1', {
        applicant: { sealed: { ...sealedOf(a).sealed, subjectId: 'subj_AAAAAAAAAAAAAAAAAAAAAA' } },
      });
      const opened = (await vault.openAll([altered, moved, unknown, b], true)).map(applicantOf);
      expect(opened[0]).toMatchObject({ unreadable: true, reason: expect.stringContaining('does not decrypt') });
      expect(opened[1]).toMatchObject({ unreadable: true, subjectId: sealedOf(b).sealed.subjectId });
      expect(opened[2]).toMatchObject({ unreadable: true, reason: expect.stringContaining('no data key') });
      expect(opened[3]).toEqual({ subjectId: sealedOf(b).sealed.subjectId, ...LI });
    });

    it('binds the ciphertext to its subject id: the right key with another associated text neither seals nor opens', async () => {
      // Capture the subject's data key as the vault uses it, to check the cipher from outside.
      type SubjectFor = (person: object) => Promise<{ subjectId: string; dataKey: Buffer }>;
      const internals = vault as unknown as { subjectFor: SubjectFor };
      const subjectFor = internals.subjectFor.bind(vault);
      let captured: { subjectId: string; dataKey: Buffer } | undefined;
      internals.subjectFor = async (person) => (captured = await subjectFor(person));
      const event = await sealOne(vault, ZHANG);
      const { subjectId, iv, ct, tag } = sealedOf(event).sealed;
      const { dataKey } = captured!;
      const decrypt = (aad: string | undefined) => {
        const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64url'));
        if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
      };
      // Sealing: authenticated with the subject id, so only that associated text opens it.
      expect(JSON.parse(decrypt(subjectId))).toEqual(ZHANG);
      expect(() => decrypt(undefined)).toThrow();
      expect(() => decrypt('subj_other')).toThrow();
      // Opening: a ciphertext under the right key but not bound to the subject id is refused.
      const forged = createCipheriv('aes-256-gcm', dataKey, Buffer.alloc(12, 1));
      const forgedCt = Buffer.concat([forged.update(JSON.stringify(LI), 'utf8'), forged.final()]);
      const unbound = recorded('ApplicationFiled.v1', {
        applicant: {
          sealed: {
            v: 1,
            alg: 'A256GCM',
            subjectId,
            iv: Buffer.alloc(12, 1).toString('base64url'),
            ct: forgedCt.toString('base64url'),
            tag: forged.getAuthTag().toString('base64url'),
          },
        },
      });
      expect(applicantOf((await vault.openAll([unbound], true))[0])).toMatchObject({ unreadable: true, subjectId });
    });

    it('never rejects, even when the key store itself fails', async () => {
      const a = await sealOne(vault, ZHANG);
      await store.close();
      expect(applicantOf(await vault.open(a, true))).toMatchObject({
        unreadable: true,
        reason: expect.stringContaining('is closed'),
      });
      store = new SqliteSubjectKeyStore(':memory:');
    });
  });

  describe('when the master key is not the key store’s', () => {
    it('refuses to open, naming both key ids', async () => {
      const wrong = LocalMasterKeyProvider.ephemeral();
      await expect(PersonalDataVault.open(wrong, store)).rejects.toThrow(MasterKeyError);
      await expect(PersonalDataVault.open(wrong, store)).rejects.toThrow(
        `the master key does not match the key store :memory: (key id ${wrong.keyId}, store expects ${provider.keyId})`,
      );
    });

    it('opens again with the right key, finding the same people', async () => {
      const a = await sealOne(vault, ZHANG);
      const again = await PersonalDataVault.open(provider, store);
      expect(await again.subjectForIdNumber(ZHANG.idNumber)).toBe(sealedOf(a).sealed.subjectId);
      expect(applicantOf(await again.open(a, true))).toMatchObject(ZHANG);
    });
  });

  describe('when the master key is rotated', () => {
    it('re-wraps every key without touching events: the old key is refused, the new one opens everything', async () => {
      const a = await sealOne(vault, ZHANG);
      const b = await sealOne(vault, LI);
      const next = LocalMasterKeyProvider.ephemeral();
      const summary = await vault.rotateMasterKey(next);
      expect(summary).toEqual({ fromKeyId: provider.keyId, toKeyId: next.keyId, dataKeys: 2, secrets: 2 });
      expect((await store.listWrapped()).map((e) => e.wrapped.keyId)).toEqual([
        next.keyId,
        next.keyId,
        next.keyId,
        next.keyId,
      ]);
      await expect(PersonalDataVault.open(provider, store)).rejects.toThrow('does not match the key store');
      const reopened = await PersonalDataVault.open(next, store);
      expect((await reopened.openAll([a, b], true)).map(applicantOf)).toEqual([
        expect.objectContaining(ZHANG),
        expect.objectContaining(LI),
      ]);
      expect(await reopened.subjectForIdNumber(ZHANG.idNumber)).toBe(sealedOf(a).sealed.subjectId);
      // The vault that rotated goes on with the new key.
      expect(applicantOf(await vault.open(a, true))).toMatchObject(ZHANG);
    });

    it('refuses to rotate to the key in use', async () => {
      const key = randomBytes(32);
      const keys = new SqliteSubjectKeyStore(':memory:');
      const own = await PersonalDataVault.open(new LocalMasterKeyProvider(key), keys);
      await expect(own.rotateMasterKey(new LocalMasterKeyProvider(Buffer.from(key)))).rejects.toThrow(
        'is the key in use',
      );
      await keys.close();
    });
  });

  describe('when a command digest is computed for idempotency', () => {
    const command = { type: 'FileApplication', applicationId: 'a-1', itemCode: 'X', applicant: ZHANG };

    it('is stable for the same command and subject, differs for another applicant, and is no plain hash of the command', async () => {
      const subjectId = sealedOf(await sealOne(vault, ZHANG)).sealed.subjectId;
      const digest = await vault.commandDigest(command, [subjectId]);
      expect(await vault.commandDigest({ ...command, applicant: { ...ZHANG } }, [subjectId])).toBe(digest);
      expect(
        await vault.commandDigest({ ...command, applicant: { ...ZHANG, phone: '13800138001' } }, [subjectId]),
      ).not.toBe(digest);
      expect(digest).not.toBe(commandDigest(command));
    });

    it('is the plain digest for a command without personal data', async () => {
      const plain = { type: 'DecideAcceptance', applicationId: 'a-1', accepted: true };
      expect(await vault.commandDigest(plain, [])).toBe(commandDigest(plain));
    });

    it('cannot be computed once the subject is erased', async () => {
      const subjectId = sealedOf(await sealOne(vault, ZHANG)).sealed.subjectId;
      await vault.destroy(subjectId, '2026-01-01T00:00:00Z');
      expect(await vault.commandDigest(command, [subjectId])).toBeUndefined();
    });
  });

  describe('when the vault is locked (no master key yet)', () => {
    it('refuses to seal, so nothing is recorded in plaintext', async () => {
      const locked = PersonalDataVault.locked('no master key');
      await expect(locked.sealEvents([filed(ZHANG)])).rejects.toThrow('no master key');
      expect(isSealed(applicantOf(await sealOne(vault, ZHANG)))).toBe(true);
    });
  });
});
