import { Command, CommandRunner, Option } from 'nest-commander';
import { readFileSync } from 'node:fs';
import {
  LedgerIntegrity,
  type NoteVerifier,
  type VerifyReport,
  keyIdHex,
  readVerifierKeys,
  sqliteFileOf,
  verifyLedger,
} from '@ledger/integrity';
import { parseMinWitnesses, witnessRequirement } from './witness-flags';

/** Exit codes: 0 intact, 1 tampering or damage found, 2 nothing could be verified (no checkpoint, no key). */
export const VERIFY_EXIT = { intact: 0, tampered: 1, unverifiable: 2 } as const;

@Command({
  name: 'verify',
  description:
    "Recompute every event's leaf hash and the Merkle tree from the event store, compare them with the integrity index and with every signed " +
    'checkpoint (signature, root, consistency). Exit 0 when intact; 1 naming the first bad leaf, its position and stream when not; 2 when nothing could be verified.',
})
export class VerifyCommand extends CommandRunner {
  constructor(private readonly integrity: LedgerIntegrity) {
    super();
  }

  async run(
    _args: string[],
    flags: {
      publicKey?: string[];
      checkpoint?: string[];
      json?: boolean;
      witnessKey?: string[];
      minWitnesses?: number;
    },
  ): Promise<void> {
    try {
      const witnesses = witnessRequirement(flags.witnessKey, flags.minWitnesses);
      const verifiers: NoteVerifier[] = flags.publicKey?.length
        ? flags.publicKey.flatMap(readVerifierKeys)
        : this.integrity.localVerifiers();
      const externalCheckpoints = (flags.checkpoint ?? []).map((file) => ({
        source: file,
        note: readFileSync(file, 'utf8'),
      }));
      const began = Date.now();
      const progress = process.stderr.isTTY
        ? (n: number) => process.stderr.write(`\rverify: ${n} events checked`)
        : undefined;
      const report = await verifyLedger(this.integrity.store, this.integrity.index, {
        verifiers,
        externalCheckpoints,
        witnesses,
        onProgress: progress,
        // The store's own reads (the metrics wrapper passes them on): threads may read its file.
        storeFile: sqliteFileOf(this.integrity.store),
      });
      if (progress) process.stderr.write('\n');
      const seconds = (Date.now() - began) / 1000;
      // The latest outcome is shown on the dashboard's integrity page (GET /v1/integrity/verification).
      this.integrity.index.recordVerification({
        verifiedAt: new Date().toISOString(),
        intact: report.intact,
        eventsRead: report.eventsRead,
        checkpointsVerified: report.checkpointsVerified,
        witnessesRequired: witnesses?.min ?? 0,
        summary: (report.intact ? 'intact' : (report.problems[0] ?? report.unverifiable ?? 'not verified')).slice(
          0,
          500,
        ),
      });
      if (flags.json) console.log(JSON.stringify(report, null, 2));
      else print(report, verifiers, seconds);
      process.exitCode =
        report.problems.length > 0
          ? VERIFY_EXIT.tampered
          : report.unverifiable
            ? VERIFY_EXIT.unverifiable
            : VERIFY_EXIT.intact;
    } catch (error) {
      console.error(`ledger verify: ${(error as Error).message}`);
      process.exitCode = VERIFY_EXIT.unverifiable;
    }
  }

  @Option({
    flags: '--public-key <key or file>',
    description: 'trust this verifier key (repeatable; default: LEDGER_VERIFIER_KEY_FILE, else the signing key)',
  })
  parsePublicKey(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({
    flags: '--checkpoint <file>',
    description: 'also check a signed checkpoint kept outside the ledger (repeatable)',
  })
  parseCheckpoint(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({
    flags: '--witness-key <key or file>',
    description:
      'a witness whose cosignature a checkpoint must carry to count (repeatable); a checkpoint no witness cosigned fails verification',
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

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}

function print(report: VerifyReport, verifiers: readonly NoteVerifier[], seconds: number): void {
  const keys = verifiers.map((key) => `${key.name}+${keyIdHex(key.keyId)}`).join(', ') || 'none';
  const rate = seconds > 0 ? ` (${Math.round(report.eventsRead / seconds)} events/s)` : '';
  console.log(
    `verify: read ${report.eventsRead} events in ${seconds.toFixed(1)} s${rate}; ${report.leavesIndexed} indexed; ${report.checkpointsVerified} signed checkpoints verified with ${keys}`,
  );
  if (report.latestVerified)
    console.log(
      `verify: latest verified checkpoint: ${report.latestVerified.id === 'external' ? 'external' : `#${report.latestVerified.id}`}, tree size ${report.latestVerified.treeSize}${report.latestVerified.signedAt ? `, signed ${report.latestVerified.signedAt}` : ''}`,
    );
  if (report.tamper) {
    const t = report.tamper;
    console.log(
      `verify: TAMPERED — first bad leaf ${t.leafIndex}, position ${t.position}, stream ${t.streamId} (${t.kind})`,
    );
  }
  for (const problem of report.problems) console.log(`  ✗ ${problem}`);
  if (report.unverifiable) console.log(`verify: NOT VERIFIED — ${report.unverifiable}`);
  for (const note of report.notes) console.log(`  · ${note}`);
  if (report.intact)
    console.log('verify: intact — every event matches its leaf, every checkpoint its signature and root');
}
