import { Command, CommandRunner, Option } from 'nest-commander';
import { toProblem } from '@ledger/ledger';
import { ProjectionStatus, ProjectionStatusService } from '@ledger/projections';

const RUNNING: Record<ProjectionStatus['running'], string> = {
  live: 'live here',
  standby: 'standby',
  elsewhere: 'in the API or projector',
};

/** One projection as a block of `label  value` lines. */
export function formatProjection(p: ProjectionStatus): string {
  const rows: [string, string][] = [
    [
      'version',
      `${p.version}${p.checkpoint && p.checkpoint.version !== p.version ? ` (checkpoint written by version ${p.checkpoint.version}${p.rebuildPending ? ': rebuilds on start' : ''})` : ''}`,
    ],
    ['running', RUNNING[p.running]],
    ['position', p.position ?? '(no event applied)'],
    ['events applied', String(p.eventsApplied)],
    ['store head', p.head ?? '(empty store)'],
    ['lag', `${p.lag.atLeast ? 'at least ' : ''}${p.lag.events} events, ${p.lag.seconds.toFixed(1)} s`],
    ['checkpoint saved', p.checkpoint ? `${p.checkpoint.savedAt} at ${p.checkpoint.position ?? '(start)'}` : '(never)'],
    [
      'last error',
      p.lastError
        ? `${p.lastError.at} ${p.lastError.message}`
        : p.running === 'live'
          ? 'none'
          : 'none known here (errors are known to the process that runs it: GET /v1/admin/projections)',
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [p.name, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join('\n');
}

@Command({
  name: 'projections',
  description: 'Where each projection stands: version, position, lag behind the store, checkpoint, last error',
})
export class ProjectionsCommand extends CommandRunner {
  constructor(private readonly status: ProjectionStatusService) {
    super();
  }

  async run(_: string[], flags: { json?: boolean }): Promise<void> {
    try {
      const all = await this.status.all();
      console.log(flags.json ? JSON.stringify(all, null, 2) : all.map(formatProjection).join('\n\n'));
    } catch (error) {
      console.error(`ledger projections: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--json', description: 'print the JSON document (as GET /v1/admin/projections)' })
  parseJson(): boolean {
    return true;
  }
}
