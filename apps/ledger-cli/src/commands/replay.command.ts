import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditEvent, LedgerReplayService, ReplaySummary, parseReplayQuery } from '@ledger/audit';
import { toProblem } from '@ledger/ledger';
import { authorshipText } from '@ledger/domain';

@Command({
  name: 'replay',
  description:
    'Replay the whole ledger, or one agency, up to a position or an instant (personal data withheld), streaming one event per line and a summary at the end; ' +
    'with --json, NDJSON: one event object per line, then a last line {"summary": …}',
})
export class ReplayCommand extends CommandRunner {
  constructor(private readonly replays: LedgerReplayService) {
    super();
  }

  async run(
    _: string[],
    flags: { agency?: string; upTo?: string; upToPosition?: string; after?: string; json?: boolean },
  ): Promise<void> {
    try {
      const filter = parseReplayQuery({
        agency: flags.agency,
        upTo: flags.upTo,
        upToPosition: flags.upToPosition,
        after: flags.after,
      });
      const summary = new ReplaySummary();
      for await (const event of this.replays.stream(filter)) {
        summary.add(event);
        await writeLine(flags.json ? JSON.stringify(event) : describe(event));
      }
      const totals = summary.toJSON();
      if (flags.json) {
        await writeLine(JSON.stringify({ summary: totals }));
      } else {
        await writeLine(
          `${totals.events} events in ${totals.streams} streams, positions ${totals.firstPosition ?? '-'}..${totals.lastPosition ?? '-'}; ` +
            `by type: ${
              Object.entries(totals.byType)
                .map(([t, n]) => `${t} ${n}`)
                .join(', ') || 'none'
            }; ` +
            `by agency: ${
              Object.entries(totals.agencies)
                .map(([a, n]) => `${a} ${n}`)
                .join(', ') || 'none'
            }`,
        );
      }
    } catch (error) {
      console.error(`ledger replay: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--agency <agency>', description: "only this agency's events" })
  parseAgency(value: string): string {
    return value;
  }

  @Option({
    flags: '--up-to <instant>',
    description: 'only events recorded (ledger time) at or before this instant, e.g. 2021-03-30T18:00:00+08:00',
  })
  parseUpTo(value: string): string {
    return value;
  }

  @Option({ flags: '--up-to-position <position>', description: 'stop after this ledger position (inclusive)' })
  parseUpToPosition(value: string): string {
    return value;
  }

  @Option({ flags: '--after <position>', description: 'start after this ledger position' })
  parseAfter(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'NDJSON: one event per line, then {"summary": …}' })
  parseJson(): boolean {
    return true;
  }
}

function describe(e: AuditEvent): string {
  return `@${e.position} ${e.streamId}#${e.revision} ${e.type} at ${e.at} (recorded ${e.ledgerTime} ${authorshipText(e)}, ${e.agency}) ${JSON.stringify(e.data)}`;
}

/** Writes with back-pressure, so that a replay of millions of events piped to a slow reader stays in constant memory. */
function writeLine(line: string): Promise<void> | void {
  if (process.stdout.write(`${line}\n`)) return;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}
