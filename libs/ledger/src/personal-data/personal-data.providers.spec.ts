import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerEvent } from '@ledger/domain';
import { loadLedgerConfig } from '../config/ledger-config';
import { createMasterKeyFile } from './master-key-file';
import { MasterKeyError } from './personal-data.errors';
import { openVaultFor } from './personal-data.providers';

const filing = {
  type: 'ApplicationFiled.v1',
  data: { applicationId: 'a', applicant: { name: '张三丰', idNumber: '44070219800101001X' } },
  at: 'x',
} as unknown as LedgerEvent;

describe('opening the vault at start-up', () => {
  let dir: string;
  const logger = { warn: jest.fn() } as unknown as Logger;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-start-'));
    (logger.warn as jest.Mock).mockClear();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('when no master key is configured', () => {
    it('refuses an entry point (no event store of its own), saying how to create a key', async () => {
      const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
      await expect(openVaultFor(config, { embedded: false }, logger)).rejects.toThrow(MasterKeyError);
      await expect(openVaultFor(config, { embedded: false }, logger)).rejects.toThrow(
        `run \`ledger init-keys\` to create ${join(dir, 'master.key')}`,
      );
      expect(existsSync(join(dir, 'keys.sqlite'))).toBe(false);
    });

    it('gives an embedding (a test passing its own store) an ephemeral key and in-memory key store, with a warning', async () => {
      const vault = await openVaultFor(loadLedgerConfig({ LEDGER_DATA_DIR: dir }), { embedded: true }, logger);
      expect((await vault.sealEvents([filing])).subjectIds).toHaveLength(1);
      expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('ephemeral key'));
      expect(existsSync(join(dir, 'keys.sqlite'))).toBe(false);
      await vault.close();
    });

    it('starts `init-keys` with a locked vault that refuses to seal', async () => {
      const vault = await openVaultFor(
        loadLedgerConfig({ LEDGER_DATA_DIR: dir }),
        { embedded: false, masterKeyOptional: true },
        logger,
      );
      await expect(vault.sealEvents([filing])).rejects.toThrow('no master key for personal data');
    });
  });

  describe('when a master key is configured', () => {
    it('opens the key store under <dataDir>, and refuses another key afterwards', async () => {
      createMasterKeyFile(join(dir, 'master.key'));
      const vault = await openVaultFor(loadLedgerConfig({ LEDGER_DATA_DIR: dir }), { embedded: true }, logger);
      await vault.sealEvents([filing]);
      await vault.close();
      expect(existsSync(join(dir, 'keys.sqlite'))).toBe(true);
      expect(logger.warn).not.toHaveBeenCalled();
      const wrong = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_MASTER_KEY: randomBytes(32).toString('base64') });
      await expect(openVaultFor(wrong, { embedded: true }, logger)).rejects.toThrow(
        /the master key does not match the key store .*keys\.sqlite \(key id [0-9a-f]{16}, store expects [0-9a-f]{16}\)/,
      );
    });

    it('takes a key given in the options over the configuration', async () => {
      const key = randomBytes(32);
      const vault = await openVaultFor(
        loadLedgerConfig({ LEDGER_DATA_DIR: dir }),
        { embedded: false, masterKey: key },
        logger,
      );
      await vault.close();
      await expect(
        openVaultFor(
          loadLedgerConfig({ LEDGER_DATA_DIR: dir }),
          { embedded: false, masterKey: randomBytes(32) },
          logger,
        ),
      ).rejects.toThrow('does not match');
      await (
        await openVaultFor(loadLedgerConfig({ LEDGER_DATA_DIR: dir }), { embedded: false, masterKey: key }, logger)
      ).close();
    });
  });
});
