import { Command, CommandRunner, Option } from 'nest-commander';
import { resolve } from 'node:path';
import { PersonalDataVault, readMasterKeyFile } from '@ledger/ledger';

@Command({
  name: 'rotate-master-key',
  description:
    'Re-wrap every data key, the pepper and the key check under a new master key, in one transaction of the key store; no event is touched. ' +
    'Stop the API first; afterwards configure the new key (LEDGER_MASTER_KEY_FILE or <LEDGER_DATA_DIR>/master.key) and start it again: the old key is refused from then on.',
})
export class RotateMasterKeyCommand extends CommandRunner {
  constructor(private readonly vault: PersonalDataVault) {
    super();
  }

  async run(_args: string[], flags: { newKeyFile?: string }): Promise<void> {
    try {
      if (!flags.newKeyFile)
        throw new Error('--new-key-file is required (create one with `ledger init-keys --file <file>`)');
      const file = resolve(flags.newKeyFile);
      const summary = await this.vault.rotateMasterKey(readMasterKeyFile(file, 'the new master key file'));
      console.log(
        `rotate-master-key: re-wrapped ${summary.dataKeys} data keys and ${summary.secrets} secrets in ${this.vault.keyStoreLocation} ` +
          `from key id ${summary.fromKeyId} to ${summary.toKeyId}. Now point LEDGER_MASTER_KEY_FILE at ${file} (or move it to master.key) before starting the API; ` +
          'the old key no longer opens the key store.',
      );
    } catch (error) {
      console.error(
        `ledger rotate-master-key: ${error instanceof Error ? error.message : String(error)}; nothing was rotated`,
      );
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--new-key-file <file>', description: 'file holding the new master key (base64 of 32 bytes)' })
  parseNewKeyFile(value: string): string {
    return value;
  }
}
