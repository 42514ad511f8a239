import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLedgerConfig } from '../config/ledger-config';
import { createMasterKeyFile, resolveMasterKey } from './master-key-file';
import { masterKeyId } from './master-key-provider';

describe('master key files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'master-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('when `init-keys` creates the key', () => {
    it('writes 32 random bytes as base64, readable by the owner only', () => {
      const file = join(dir, 'sub', 'master.key');
      const { created, keyId } = createMasterKeyFile(file);
      expect(created).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
      expect(key).toHaveLength(32);
      expect(keyId).toBe(masterKeyId(key));
    });

    it('never overwrites an existing key', () => {
      const file = join(dir, 'master.key');
      const first = createMasterKeyFile(file);
      const before = readFileSync(file);
      const second = createMasterKeyFile(file);
      expect(second).toEqual({ created: false, keyId: first.keyId });
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  });

  describe('when the configuration is resolved', () => {
    const key = randomBytes(32);

    it('has no key when nothing is configured and <dataDir>/master.key does not exist', () => {
      expect(resolveMasterKey(loadLedgerConfig({ LEDGER_DATA_DIR: dir }))).toBeUndefined();
    });

    it('reads <dataDir>/master.key by default, LEDGER_MASTER_KEY_FILE when set, LEDGER_MASTER_KEY first of all', () => {
      createMasterKeyFile(join(dir, 'master.key'));
      const fromDefault = resolveMasterKey(loadLedgerConfig({ LEDGER_DATA_DIR: dir }))!;
      expect(fromDefault.source).toBe(join(dir, 'master.key'));
      writeFileSync(join(dir, 'other.key'), key.toString('base64'), { mode: 0o600 });
      expect(
        resolveMasterKey(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_MASTER_KEY_FILE: join(dir, 'other.key') }))!
          .provider.keyId,
      ).toBe(masterKeyId(key));
      expect(
        resolveMasterKey(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_MASTER_KEY: key.toString('base64') }))!
          .provider.keyId,
      ).toBe(masterKeyId(key));
    });

    it('refuses both variables at once, and a named key file that is missing', () => {
      expect(() =>
        resolveMasterKey(
          loadLedgerConfig({
            LEDGER_DATA_DIR: dir,
            LEDGER_MASTER_KEY: key.toString('base64'),
            LEDGER_MASTER_KEY_FILE: 'x',
          }),
        ),
      ).toThrow('not both');
      expect(() =>
        resolveMasterKey(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_MASTER_KEY_FILE: join(dir, 'missing.key') })),
      ).toThrow(/LEDGER_MASTER_KEY_FILE .*missing\.key cannot be read \(ENOENT\)/);
    });

    it('warns about a key file others can read', () => {
      writeFileSync(join(dir, 'master.key'), key.toString('base64'));
      chmodSync(join(dir, 'master.key'), 0o644);
      expect(resolveMasterKey(loadLedgerConfig({ LEDGER_DATA_DIR: dir }))!.warning).toMatch(
        /can be read by others \(mode 644\); chmod 600/,
      );
    });
  });
});
