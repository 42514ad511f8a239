/**
 * The section of bench/results.md that sets every figure against the limit it approaches on this
 * machine (bench/limits.ts) and against the best peer of the same kind (issue #17 item 2).
 * Appends compare with appends (write limit: raw better-sqlite3 with our commit batch sizes),
 * reads with reads (read limit: a raw scan in as many threads as cores), integrity work also with
 * raw SHA-256 over the same leaf bytes (hash limit).
 */

export interface LimitFigures {
  readonly rawAppendBatched?: { readonly eventsPerSecond: number; readonly commandsPerCommit: number };
  readonly rawSha256?: { readonly eventsPerSecond: number; readonly events: number };
  readonly rawScanThreads?: { readonly eventsPerSecond: number; readonly threads: number };
  readonly rawScanOneCore?: { readonly eventsPerSecond: number };
}

export interface PeerFigures {
  readonly emmettSqliteAppend?: number;
  readonly emmettPostgresAppend?: { readonly eventsPerSecond: number; readonly concurrency: number };
  readonly rawOneTransactionPerCommand?: number;
  readonly emmettSqliteRead?: number;
}

export interface OurFigures {
  readonly appends?: number;
  readonly bulkImport?: number;
  readonly httpCommands?: number;
  readonly rebuild?: number;
  readonly checkpoint?: number;
  readonly exported?: number;
  readonly verify?: number;
}

type Kind = 'write' | 'read' | 'integrity';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const times = (ours: number | undefined, theirs: number | undefined) =>
  ours === undefined || theirs === undefined || theirs === 0 ? '—' : `${(ours / theirs).toFixed(2)}×`;

function bestPeer(kind: Kind, peers: PeerFigures): { name: string; rate: number } | undefined {
  const candidates: { name: string; rate: number | undefined }[] =
    kind === 'write'
      ? [
          { name: 'Emmett SQLite', rate: peers.emmettSqliteAppend },
          {
            name: `Emmett PostgreSQL (${peers.emmettPostgresAppend?.concurrency ?? '?'} in flight)`,
            rate: peers.emmettPostgresAppend?.eventsPerSecond,
          },
          { name: 'raw better-sqlite3, one transaction per command', rate: peers.rawOneTransactionPerCommand },
        ]
      : [{ name: 'Emmett SQLite read back', rate: peers.emmettSqliteRead }];
  return candidates
    .filter((c): c is { name: string; rate: number } => c.rate !== undefined)
    .sort((a, b) => b.rate - a.rate)[0];
}

export function renderLimits(ours: OurFigures, limits: LimitFigures, peers: PeerFigures): string {
  // The read limit is the faster of the two scans: on a busy machine the threads may not get both cores.
  const readLimit =
    Math.max(limits.rawScanThreads?.eventsPerSecond ?? 0, limits.rawScanOneCore?.eventsPerSecond ?? 0) || undefined;
  const rows: [string, number | undefined, Kind][] = [
    ['1 durable appends through the handlers, events/s', ours.appends, 'write'],
    ['2 bulk import, events/s', ours.bulkImport, 'write'],
    ['4 `POST /v1/applications`, requests/s', ours.httpCommands, 'write'],
    ['3 rebuild, events/s', ours.rebuild, 'read'],
    ['5 index + signed checkpoint, events/s', ours.checkpoint, 'integrity'],
    ['5 export, events/s', ours.exported, 'integrity'],
    ['5 verify, events/s', ours.verify, 'integrity'],
  ];
  const lines = [
    '## Against the limits and the best peer',
    '',
    `Limits measured in the same run on the same bytes (bench/limits.ts): write — raw better-sqlite3 with our group commit's batch size (${limits.rawAppendBatched ? `${limits.rawAppendBatched.commandsPerCommit} commands per durable commit: ${fmt(limits.rawAppendBatched.eventsPerSecond)} events/s` : 'not run'}); read — a raw scan + \`JSON.parse\` of every row in ${limits.rawScanThreads ? `${limits.rawScanThreads.threads} threads: ${fmt(limits.rawScanThreads.eventsPerSecond)} rows/s` : 'threads: not run'}${limits.rawScanOneCore ? ` (one core: ${fmt(limits.rawScanOneCore.eventsPerSecond)})` : ''}; hash — the RFC 9162 tree (leaf and interior SHA-256) over the same leaf inputs, one core${limits.rawSha256 ? `, ${fmt(limits.rawSha256.events)} leaves: ${fmt(limits.rawSha256.eventsPerSecond)} leaves/s` : ': not run'}. The read limit is the faster of the two scans. A ratio of 1× means the ledger does nothing but the unavoidable work.`,
    '',
    '| measure | ours | vs its limit | best peer of that kind | vs best peer |',
    '|---|---:|---:|---|---:|',
  ];
  for (const [what, rate, kind] of rows) {
    const limit =
      kind === 'write'
        ? times(rate, limits.rawAppendBatched?.eventsPerSecond) + ' (write)'
        : kind === 'read'
          ? times(rate, readLimit) + ' (read)'
          : `${times(rate, readLimit)} (read) / ${times(rate, limits.rawSha256?.eventsPerSecond)} (hash)`;
    const peer = kind === 'integrity' ? bestPeer('read', peers) : bestPeer(kind, peers);
    lines.push(
      `| ${what} | ${rate === undefined ? 'not run' : fmt(rate)} | ${limit} | ${peer ? `${peer.name}: ${fmt(peer.rate)}` : '—'} | ${times(rate, peer?.rate)} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
