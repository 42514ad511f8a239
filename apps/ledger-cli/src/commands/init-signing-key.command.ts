import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { resolve } from 'node:path';
import { INTEGRITY_CONFIG, IntegrityConfig, createSigningKeyFile, keyIdHex } from '@ledger/integrity';

/** The integrity commands read no personal data, so they start without the master key (verify-export runs on machines that have none). */
export function isIntegrityRun(argv: readonly string[] = process.argv): boolean {
  return ['init-signing-key', 'checkpoint', 'verify', 'export', 'verify-export', 'recover'].includes(argv[2]);
}

@Command({
  name: 'init-signing-key',
  description:
    'Create the Ed25519 key that signs checkpoints, in <LEDGER_DATA_DIR>/signing.key (LEDGER_SIGNING_KEY_FILE), readable by its owner only, ' +
    'and write its public verifier key to signing.pub. Never overwrites an existing key. Publish the verifier key: whoever checks an export needs it.',
})
export class InitSigningKeyCommand extends CommandRunner {
  constructor(@Inject(INTEGRITY_CONFIG) private readonly config: IntegrityConfig) {
    super();
  }

  async run(_args: string[], flags: { file?: string; name?: string }): Promise<void> {
    const keyFile = flags.file ? resolve(flags.file) : this.config.signingKeyFile;
    const verifierFile = flags.file ? `${keyFile.replace(/\.key$/, '')}.pub` : this.config.verifierKeyFile;
    try {
      const { created, signer, wroteVerifierKey } = createSigningKeyFile(
        keyFile,
        verifierFile,
        flags.name ?? this.config.origin,
      );
      console.error(
        created
          ? `init-signing-key: created signing key ${keyFile} (key ${signer.name}+${keyIdHex(signer.keyId)}, mode 600)`
          : `init-signing-key: signing key ${keyFile} already exists (key ${signer.name}+${keyIdHex(signer.keyId)}); left unchanged`,
      );
      if (wroteVerifierKey) console.error(`init-signing-key: wrote the verifier key to ${verifierFile}`);
      console.error('the verifier key (publish it; `ledger verify-export --public-key` takes it):');
      console.log(signer.verifierKey);
    } catch (error) {
      console.error(`ledger init-signing-key: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }

  @Option({
    flags: '--file <file>',
    description: 'write the key here instead (its verifier key goes next to it, .pub)',
  })
  parseFile(value: string): string {
    return value;
  }

  @Option({
    flags: '--name <name>',
    description: 'key name (default: the checkpoint origin, LEDGER_CHECKPOINT_ORIGIN)',
  })
  parseName(value: string): string {
    return value;
  }
}
