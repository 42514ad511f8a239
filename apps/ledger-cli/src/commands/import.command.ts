import { Command, CommandRunner, Option } from 'nest-commander';
import { createWriteStream, existsSync, writeFileSync, WriteStream } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { statSync } from 'node:fs';
import { IMPORT_COMMAND_NAMES, NdjsonImporter, RejectedLine } from '@ledger/ledger';
import { defaultActor } from '../cli-config';
import { cliPrincipal } from './cli-operator';

interface ImportFlags {
  concurrency?: number;
  actor?: string;
  receipts?: string;
  rejects?: string;
  progress?: boolean;
}

/**
 * One rejected line, its reason said once: the field messages when there are any (the problem's
 * detail repeats them), else the detail.
 */
export function rejectionText(r: RejectedLine): string {
  const fields = r.fields.filter((f) => f.field !== '(body)');
  const reason = fields.length
    ? fields.map((f) => (f.message.startsWith(f.field) ? f.message : `${f.field}: ${f.message}`)).join('; ')
    : r.reason;
  return `${r.status} ${r.code ?? 'INPUT.INVALID'} ${reason}`;
}

@Command({
  name: 'import',
  arguments: '<file>',
  description:
    'Record commands from an NDJSON file (one {"command": "<name>", …fields} per line) through the same handlers as the API. ' +
    'Bad lines are reported and skipped; re-running the same file records nothing twice. Exit code 2 when some lines were rejected. ' +
    `Commands: ${IMPORT_COMMAND_NAMES.join(', ')} (their fields are those of the HTTP commands, path ids such as applicationId as fields).`,
})
export class ImportCommand extends CommandRunner {
  constructor(private readonly importer: NdjsonImporter) {
    super();
  }

  async run([file]: string[], flags: ImportFlags): Promise<void> {
    if (!existsSync(file)) {
      console.error(`ledger import: no such file: ${file}`);
      process.exitCode = 1;
      return;
    }
    const total = statSync(file).size;
    const showBar = flags.progress !== false && process.stderr.isTTY;
    const bar = new SingleBar(
      {
        format: 'import [{bar}] {percentage}% | {lines} lines | {recorded} recorded | {rejected} rejected',
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    if (showBar) bar.start(total, 0, { lines: 0, recorded: 0, rejected: 0 });
    const receipts: WriteStream | undefined = flags.receipts
      ? createWriteStream(flags.receipts, { flags: 'a' })
      : undefined;
    const actor = flags.actor ?? defaultActor('import');
    const summary = await this.importer.importFile(file, {
      concurrency: flags.concurrency,
      actor,
      principal: cliPrincipal(actor),
      onProgress: (p) => {
        if (showBar) bar.update(p.bytesRead, p);
        else
          process.stderr.write(
            `import: ${p.lines} lines, ${p.recorded} recorded, ${p.alreadyRecorded} already recorded, ${p.rejected} rejected\n`,
          );
      },
      onAcknowledged: (line, result) =>
        receipts?.write(`${JSON.stringify({ line, streamId: result.streamId, eventIds: result.eventIds })}\n`),
    });
    if (showBar) bar.stop();
    if (receipts) await new Promise((resolve) => receipts.end(resolve));
    console.log(
      `import ${file}: ${summary.lines} lines, ${summary.recorded} recorded, ${summary.alreadyRecorded} already recorded, ${summary.rejected} rejected (correlation ${summary.correlationId})`,
    );
    for (const r of summary.rejections.slice(0, 100)) console.log(`  line ${r.line}: ${rejectionText(r)}`);
    if (flags.rejects) {
      writeFileSync(
        flags.rejects,
        summary.rejections.map((r) => JSON.stringify(r)).join('\n') + (summary.rejections.length ? '\n' : ''),
      );
      console.log(`  every rejected line, with its reason: ${flags.rejects}`);
    }
    if (summary.rejections.length > 100)
      console.log(
        `  … and ${summary.rejections.length - 100} more rejected lines${flags.rejects ? '' : ' (list them all with --rejects <file>)'}`,
      );
    if (summary.rejected > 0) process.exitCode = 2;
  }

  @Option({ flags: '-c, --concurrency <n>', description: 'commands in flight at once (default 64)' })
  parseConcurrency(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 10000)
      throw new Error('--concurrency must be a whole number from 1 to 10000');
    return n;
  }

  @Option({ flags: '--actor <actor>', description: 'actor recorded for lines that name none' })
  parseActor(value: string): string {
    return value;
  }

  @Option({
    flags: '--receipts <file>',
    description: 'append one line per acknowledged (durable) command: {line, streamId, eventIds}',
  })
  parseReceipts(value: string): string {
    return value;
  }

  @Option({
    flags: '--rejects <file>',
    description: 'write every rejected line (NDJSON: line, status, code, reason, fields)',
  })
  parseRejects(value: string): string {
    return value;
  }

  @Option({ flags: '--no-progress', description: 'no progress bar' })
  parseProgress(): boolean {
    return false;
  }
}
