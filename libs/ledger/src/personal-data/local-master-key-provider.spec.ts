import { randomBytes } from 'node:crypto';
import { LocalMasterKeyProvider, parseMasterKey } from './local-master-key-provider';
import { masterKeyId } from './master-key-provider';
import { MasterKeyError } from './personal-data.errors';

describe('LocalMasterKeyProvider', () => {
  const key = randomBytes(32);
  const provider = new LocalMasterKeyProvider(key);
  const dataKey = randomBytes(32);

  describe('when a data key is wrapped', () => {
    it('unwraps to the same key for the same context', async () => {
      const wrapped = await provider.wrap(dataKey, 'subject:a');
      expect(wrapped.keyId).toBe(masterKeyId(key));
      expect(Buffer.from(wrapped.ct, 'base64url').equals(dataKey)).toBe(false);
      expect((await provider.unwrap(wrapped, 'subject:a')).equals(dataKey)).toBe(true);
    });

    it('refuses to unwrap it for another context (a wrapped key copied to another row)', async () => {
      const wrapped = await provider.wrap(dataKey, 'subject:a');
      await expect(provider.unwrap(wrapped, 'subject:b')).rejects.toBeInstanceOf(MasterKeyError);
    });

    it('refuses to unwrap it under another master key, naming both key ids', async () => {
      const wrapped = await provider.wrap(dataKey, 'subject:a');
      const other = LocalMasterKeyProvider.ephemeral();
      await expect(other.unwrap(wrapped, 'subject:a')).rejects.toThrow(
        `wrapped under master key ${provider.keyId}, but this master key is ${other.keyId}`,
      );
    });

    it('refuses an altered wrapping', async () => {
      const wrapped = await provider.wrap(dataKey, 'subject:a');
      const ct = Buffer.from(wrapped.ct, 'base64url');
      ct[0] ^= 1;
      await expect(provider.unwrap({ ...wrapped, ct: ct.toString('base64url') }, 'subject:a')).rejects.toBeInstanceOf(
        MasterKeyError,
      );
    });
  });

  describe('when a master key is read from text', () => {
    it('accepts standard and url-safe base64 of 32 bytes, with a trailing newline', () => {
      expect(parseMasterKey(`${key.toString('base64')}\n`, 'x').equals(key)).toBe(true);
      expect(parseMasterKey(key.toString('base64url'), 'x').equals(key)).toBe(true);
    });

    it('refuses text that is not base64, or not 32 bytes, naming the source', () => {
      expect(() => parseMasterKey('not a key!', 'LEDGER_MASTER_KEY')).toThrow(
        /^LEDGER_MASTER_KEY must hold the base64 of 32 random bytes/,
      );
      expect(() => parseMasterKey(randomBytes(16).toString('base64'), 'LEDGER_MASTER_KEY')).toThrow(
        'decodes to 16 bytes',
      );
      expect(() => new LocalMasterKeyProvider(randomBytes(31))).toThrow(MasterKeyError);
    });
  });
});
