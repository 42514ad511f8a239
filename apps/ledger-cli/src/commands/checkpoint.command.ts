import { Command, CommandRunner, Option } from 'nest-commander';
import { LedgerIntegrity } from '@ledger/integrity';

@Command({
  name: 'checkpoint',
  description:
    'Index the events recorded since the last run and sign a checkpoint (tree size and Merkle root, a C2SP signed note) if the tree grew; ' +
    'prints the signed checkpoint. The API also signs one every LEDGER_CHECKPOINT_EVERY_SECONDS.',
})
export class CheckpointCommand extends CommandRunner {
  constructor(private readonly integrity: LedgerIntegrity) {
    super();
  }

  async run(_args: string[], flags: { force?: boolean; reindex?: boolean }): Promise<void> {
    try {
      const { checkpoint, created, fallbackLeaves } = await this.integrity.checkpoint({
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
      process.stdout.write(checkpoint.note);
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
