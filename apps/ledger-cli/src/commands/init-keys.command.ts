import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { resolve } from 'node:path';
import { LEDGER_CONFIG, LedgerConfig, createMasterKeyFile, defaultMasterKeyFile, toProblem } from '@ledger/ledger';

/** `init-keys` creates the master key, so it is the one command that may start without one. */
export function isKeySetupRun(argv: readonly string[] = process.argv): boolean {
  return argv[2] === 'init-keys';
}

@Command({
  name: 'init-keys',
  description:
    'Create the master key that protects personal data: 32 random bytes, base64, in <LEDGER_DATA_DIR>/master.key (or --file), readable by its owner only. ' +
    'Never overwrites an existing key file. Keep a copy in a safe place: without the key no personal data can be read.',
})
export class InitKeysCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run(_args: string[], flags: { file?: string }): Promise<void> {
    const file = flags.file ? resolve(flags.file) : defaultMasterKeyFile(this.config);
    try {
      const { created, keyId } = createMasterKeyFile(file);
      if (created) console.log(`init-keys: created master key ${file} (key id ${keyId}, mode 600)`);
      else console.log(`init-keys: master key ${file} already exists (key id ${keyId}); left unchanged`);
    } catch (error) {
      console.error(`ledger init-keys: ${error instanceof Error ? error.message : toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--file <file>', description: 'write the key here instead (e.g. a new key for rotate-master-key)' })
  parseFile(value: string): string {
    return value;
  }
}
