import { Command, CommandRunner, Option } from 'nest-commander';
import { LedgerIntegrity, type NoteVerifier, readVerifierKeys, verifyExport } from '@ledger/integrity';
import { parseMinWitnesses, witnessRequirement } from './witness-flags';

@Command({
  name: 'verify-export',
  arguments: '<dir>',
  description:
    "Check an export offline: the checkpoint's signature with the ledger's public key, the consistency proof, every file's SHA-256, and for every event " +
    'its leaf hash and inclusion proof. Exit 0 when it all holds; 1 naming each file, line and proof that fails.',
})
export class VerifyExportCommand extends CommandRunner {
  constructor(private readonly integrity: LedgerIntegrity) {
    super();
  }

  async run(
    [directory]: string[],
    flags: { publicKey?: string[]; witnessKey?: string[]; minWitnesses?: number },
  ): Promise<void> {
    try {
      const witnesses = witnessRequirement(flags.witnessKey, flags.minWitnesses);
      const verifiers: NoteVerifier[] = flags.publicKey?.length
        ? flags.publicKey.flatMap(readVerifierKeys)
        : this.localKeys();
      const result = await verifyExport(directory, { verifiers, witnesses });
      for (const note of result.notes) console.log(`  · ${note}`);
      if (result.ok) {
        console.log(
          `verify-export: OK — ${result.eventCount} events, each proved to be in the ledger's tree of ${result.checkpoint?.treeSize} events ` +
            `(${result.checkpoint?.origin}, root ${result.checkpoint?.rootHash.toString('base64')}) signed by ${result.verifiedWith}; every file matches the manifest`,
        );
        return;
      }
      console.log(
        `verify-export: FAILED — ${result.failures.length} problem${result.failures.length === 1 ? '' : 's'} in ${directory}`,
      );
      for (const failure of result.failures) console.log(`  ✗ ${failure}`);
      process.exitCode = 1;
    } catch (error) {
      console.error(`ledger verify-export: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }

  /** On a ledger host, its own key; elsewhere none (the export's own key is then used, and the report says so). */
  private localKeys(): NoteVerifier[] {
    try {
      return this.integrity.localVerifiers();
    } catch {
      return [];
    }
  }

  @Option({
    flags: '--public-key <key or file>',
    description: "the ledger's verifier key (<name>+<id>+<key>) or a file holding it; repeatable",
  })
  parsePublicKey(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({
    flags: '--witness-key <key or file>',
    description: "a witness whose cosignature the export's checkpoint must carry (repeatable)",
  })
  parseWitnessKey(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({
    flags: '--min-witnesses <n>',
    description: 'cosignatures required from the --witness-key witnesses (default 1)',
  })
  parseMinWitnesses(value: string): number {
    return parseMinWitnesses(value);
  }
}
