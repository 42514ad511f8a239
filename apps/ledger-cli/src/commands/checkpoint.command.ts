import { Command, CommandRunner, Option } from 'nest-commander';
import { LedgerIntegrity } from '@ledger/integrity';

@Command({
  name: 'checkpoint',
  description:
    'Index the events recorded since the last run and sign a checkpoint (tree size and Merkle root, a C2SP signed note) if the tree grew; ' +
    'asks the witnesses of LEDGER_WITNESSES to cosign it (exit 1 when one does not) and prints it with its cosignatures. The API also signs one every LEDGER_CHECKPOINT_EVERY_SECONDS.',
})
export class CheckpointCommand extends CommandRunner {
  constructor(private readonly integrity: LedgerIntegrity) {
    super();
  }

  async run(_args: string[], flags: { force?: boolean; reindex?: boolean }): Promise<void> {
    try {
      const { checkpoint, created, fallbackLeaves, witnesses } = await this.integrity.checkpoint({
        force: flags.force === true,
        reindex: flags.reindex === true,
      });
      if (fallbackLeaves.length > 0) {
        console.error(
          `checkpoint: ${fallbackLeaves.length} event(s) newly indexed cannot be written in RFC 8785 (a lone UTF-16 surrogate) and were hashed with the fallback encoding ` +
            `(lone surrogates escaped as \\uXXXX): leaf ${fallbackLeaves.slice(0, 10).join(', ')}${fallbackLeaves.length > 10 ? ', …' : ''}`,
        );
      }
      console.error(
        created
          ? `checkpoint: signed checkpoint #${checkpoint.id} for ${checkpoint.treeSize} events`
          : `checkpoint: no new events since checkpoint #${checkpoint.id} (${checkpoint.treeSize} events, signed ${checkpoint.signedAt}); not signing another (--force does)`,
      );
      for (const outcome of witnesses)
        console.error(
          outcome.cosigned
            ? `checkpoint: cosigned by witness ${outcome.witness}`
            : `checkpoint: witness ${outcome.witness} did not cosign: ${outcome.message}`,
        );
      // The note with every cosignature kept for it: what an auditor keeps.
      process.stdout.write(this.integrity.index.cosignedNote(checkpoint));
      // Signed but not witnessed is not what the operator configured: say so in the exit code.
      if (witnesses.some((outcome) => !outcome.cosigned)) process.exitCode = 1;
    } catch (error) {
      console.error(`ledger checkpoint: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--force', description: 'sign a new checkpoint even if the tree has not grown' })
  parseForce(): boolean {
    return true;
  }

  @Option({
    flags: '--reindex',
    description:
      'rebuild the integrity index from the events first (keeps the checkpoint log); refuses to sign if the rebuilt tree does not reproduce the latest checkpoint',
  })
  parseReindex(): boolean {
    return true;
  }
}
