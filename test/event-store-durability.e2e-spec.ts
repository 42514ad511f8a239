import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RecordedEvent, SqliteEventStore } from '@ledger/event-store';

/**
 * An acknowledged append must survive the writer being killed at any moment, and an append
 * must never be found half-written. A child process appends until SIGKILL; the file is then
 * reopened and checked against everything the child reported as acknowledged.
 */

const repositoryRoot = resolve(__dirname, '..');
const appendForever = join(__dirname, 'fixtures', 'append-forever.ts');

/** One line of the child's output: an append whose promise resolved. */
interface Acknowledgement {
  readonly streamId: string;
  readonly appendId: string;
  readonly eventIds: readonly string[];
}

interface KilledRun {
  readonly acknowledgements: Acknowledgement[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the appender until it has acknowledged `killAfter` appends, then kills it with SIGKILL. */
function runAndKill(file: string, killAfter: number): Promise<KilledRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', appendForever, file, '16'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledgements: Acknowledgement[] = [];
    let partialLine = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partialLine + chunk).split('\n');
      // A line cut off by the kill was never fully acknowledged; keep only complete ones.
      partialLine = lines.pop() ?? '';
      for (const line of lines) {
        const [streamId, appendId, eventIds] = line.split(' ');
        acknowledgements.push({ streamId, appendId, eventIds: eventIds.split(',') });
      }
      if (acknowledgements.length >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // 'close' waits for stdout to end, so every line written before the kill has been read.
    child.on('close', (_code, signal) => resolvePromise({ acknowledgements, signal, stderr }));
  });
}

async function readEverything(file: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore(file);
  try {
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll()) events.push(event);
    return events;
  } finally {
    await store.close();
  }
}

describe('SqliteEventStore durability', () => {
  const directory = mkdtempSync(join(tmpdir(), 'event-store-durability-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  describe('when the writing process is killed with SIGKILL, repeatedly', () => {
    const file = join(directory, 'events.sqlite');
    const acknowledged: Acknowledgement[] = [];
    let stored: RecordedEvent[];

    beforeAll(async () => {
      // Each run reopens the file its predecessor was killed on, recovering from the WAL.
      for (const killAfter of [300, 450, 600]) {
        const run = await runAndKill(file, killAfter);
        if (run.signal !== 'SIGKILL') throw new Error(`appender ended without being killed:\n${run.stderr}`);
        acknowledged.push(...run.acknowledgements);
      }
      stored = await readEverything(file);
    }, 120_000);

    it('was killed only after acknowledging appends each time', () => {
      expect(acknowledged.length).toBeGreaterThanOrEqual(300 + 450 + 600);
    });

    it('keeps every acknowledged event, in the stream it was appended to', () => {
      const streamOf = new Map(stored.map((event) => [event.eventId, event.streamId]));
      const missing = acknowledged.flatMap(({ streamId, eventIds }) =>
        eventIds.filter((eventId) => streamOf.get(eventId) !== streamId),
      );
      expect(missing).toEqual([]);
    });

    it('stores each append whole or not at all, its events consecutive', () => {
      const byAppend = new Map<string, RecordedEvent[]>();
      for (const event of stored) {
        const appendId = event.data.appendId as string;
        const events = byAppend.get(appendId) ?? [];
        events.push(event);
        byAppend.set(appendId, events);
      }
      const broken = [...byAppend.values()].filter((events) => {
        const size = events[0].data.size as number;
        return (
          events.length !== size ||
          events.some((event, index) => event.data.index !== index || event.revision !== events[0].revision + index)
        );
      });
      expect(broken).toEqual([]);
    });

    it('has dense revisions from 0 in every stream, in global order', () => {
      const revisionsByStream = new Map<string, number[]>();
      for (const event of stored) {
        const revisions = revisionsByStream.get(event.streamId) ?? [];
        revisions.push(event.revision);
        revisionsByStream.set(event.streamId, revisions);
      }
      expect(revisionsByStream.size).toBe(16);
      for (const [streamId, revisions] of revisionsByStream) {
        expect({ streamId, revisions }).toEqual({ streamId, revisions: revisions.map((_, index) => index) });
      }
    });
  });
});
