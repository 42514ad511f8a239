import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportPlan, applicationStream, itemStream, planApplication, registerItem } from './fixtures/import-plan';
import {
  CliRun,
  StoreSnapshot,
  StoredRow,
  integrityProblems,
  lineOf,
  readStoreFile,
  runCli,
  spawnCli,
  useTemporaryDirectory,
} from './fixtures/ledger-cli';

/**
 * `ledger import --receipts` killed with SIGKILL in the middle of a large file: every line it
 * acknowledged must be in the store, no command may be half there, and importing the same file
 * again must end with exactly the events of one clean run.
 */

const APPLICATIONS = 20_000;
const KILL_AFTER_RECEIPTS = 5_000;

interface Receipt {
  readonly line: number;
  readonly streamId: string;
  readonly eventIds: string[];
}

function buildPlan(): ImportPlan {
  const plan = new ImportPlan();
  const items = ['ZA-01', 'ZA-02', 'JJ-01', 'CRJ-01'];
  for (const code of items) plan.event(registerItem(code), itemStream(code), 'ItemRegistered.v1');
  // Four commands per application: filed, accepted, granted, certificate issued.
  for (let i = 0; i < APPLICATIONS; i++)
    planApplication(plan, `bulk-${i}`, items[i % items.length], 'short', 5 + (i % 300));
  return plan;
}

/** Complete receipt lines only: the last one may have been cut off by the kill. */
function readReceipts(file: string): Receipt[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  return lines.map((line) => JSON.parse(line) as Receipt);
}

function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file);
  let count = 0;
  for (const byte of text) if (byte === 0x0a) count++;
  return count;
}

/** Starts the import and kills it with SIGKILL once the receipts file holds `killAfter` lines. */
function importUntilKilled(
  dataDir: string,
  file: string,
  receipts: string,
  killAfter: number,
): Promise<CliRun & { receiptsAtKill: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnCli(dataDir, ['import', file, '--receipts', receipts, '--no-progress']);
    let stdout = '';
    let stderr = '';
    let receiptsAtKill = -1;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const poll = setInterval(() => {
      const seen = countLines(receipts);
      if (seen >= killAfter && child.exitCode === null && child.signalCode === null) {
        receiptsAtKill = seen;
        child.kill('SIGKILL');
        clearInterval(poll);
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolvePromise({ code, signal, stdout, stderr, receiptsAtKill });
    });
  });
}

/** Each stored event's planned line, checked against the plan: the right stream and type, one event per line. */
function problemsAgainstPlan(plan: ImportPlan, snapshot: StoreSnapshot): string[] {
  const problems: string[] = [];
  const seenLines = new Set<number>();
  const causations = new Map<string, number>();
  for (const event of snapshot.events) {
    const line = lineOf(event);
    const planned = plan.lines[line - 1];
    if (!planned || planned.outcome.kind !== 'event')
      problems.push(`event ${event.eventId} for line ${line}, which records nothing`);
    else if (planned.outcome.streamId !== event.streamId || planned.outcome.type !== event.type)
      problems.push(
        `line ${line}: ${event.streamId} ${event.type} instead of ${planned.outcome.streamId} ${planned.outcome.type}`,
      );
    if (seenLines.has(line)) problems.push(`line ${line} recorded twice`);
    seenLines.add(line);
    causations.set(event.metadata.causationId, (causations.get(event.metadata.causationId) ?? 0) + 1);
  }
  // A command here yields one event: a causation group of any other size is a partial or doubled command.
  for (const [causationId, count] of causations)
    if (count !== 1) problems.push(`causation ${causationId} has ${count} events`);
  return problems;
}

/** Per stream, the lines recorded must be the first lines of that stream in the file: none skipped, none out of order. */
function streamPrefixProblems(plan: ImportPlan, snapshot: StoreSnapshot, complete: boolean): string[] {
  const problems: string[] = [];
  const byStream = new Map<string, StoredRow[]>();
  for (const event of snapshot.events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  for (const [streamId, expected] of plan.expectedStreams()) {
    const recorded = (byStream.get(streamId) ?? []).map(lineOf);
    const wanted = expected.map((e) => e.line).slice(0, complete ? undefined : recorded.length);
    if (JSON.stringify(recorded) !== JSON.stringify(wanted))
      problems.push(`${streamId}: lines ${recorded.join(',')} where ${wanted.join(',')} were due`);
    byStream.delete(streamId);
  }
  for (const streamId of byStream.keys()) problems.push(`${streamId} is not written by the file`);
  return problems;
}

describe('when an import is killed with SIGKILL in the middle of a large file', () => {
  const dir = useTemporaryDirectory('ledger-cli-kill-');
  let directory: string;
  let file: string;
  let storeFile: string;
  const plan = buildPlan();
  const good = plan.withOutcome('event');
  let killed: CliRun & { receiptsAtKill: number };
  let receipts: Receipt[];
  let afterKill: StoreSnapshot;

  beforeAll(async () => {
    directory = dir();
    file = join(directory, 'bulk.ndjson');
    storeFile = join(directory, 'events.sqlite');
    const receiptsFile = join(directory, 'receipts.ndjson');
    plan.write(file);
    killed = await importUntilKilled(directory, file, receiptsFile, KILL_AFTER_RECEIPTS);
    receipts = readReceipts(receiptsFile);
    afterKill = readStoreFile(storeFile);
  }, 180_000);

  it('was killed part-way, after acknowledging thousands of lines', () => {
    expect(good.length).toBeGreaterThanOrEqual(APPLICATIONS * 4);
    expect({ signal: killed.signal, stderr: killed.signal === 'SIGKILL' ? '' : killed.stderr }).toEqual({
      signal: 'SIGKILL',
      stderr: '',
    });
    expect(killed.receiptsAtKill).toBeGreaterThanOrEqual(KILL_AFTER_RECEIPTS);
    expect(receipts.length).toBeGreaterThanOrEqual(KILL_AFTER_RECEIPTS);
    expect(afterKill.events.length).toBeLessThan(good.length);
  });

  it("has every acknowledged line's events in the line's stream", () => {
    const stored = new Map(afterKill.events.map((e) => [e.eventId, e]));
    const missing = receipts.filter((receipt) => {
      const planned = plan.lines[receipt.line - 1].outcome;
      if (planned.kind !== 'event' || receipt.streamId !== planned.streamId || receipt.eventIds.length !== 1)
        return true;
      return receipt.eventIds.some(
        (id) => stored.get(id)?.streamId !== receipt.streamId || lineOf(stored.get(id)!) !== receipt.line,
      );
    });
    expect(missing).toEqual([]);
  });

  it('holds no partial or doubled command: revisions dense from 0, unique event ids, one event per line, streams in file order', () => {
    expect(integrityProblems(afterKill)).toEqual([]);
    expect(problemsAgainstPlan(plan, afterKill)).toEqual([]);
    expect(streamPrefixProblems(plan, afterKill, false)).toEqual([]);
  });

  it('can still read the personal data of the last applications filed before the kill (each data key was durable before its event)', async () => {
    const lastFiled = afterKill.events.filter((e) => e.type === 'ApplicationFiled.v1').slice(-3);
    expect(lastFiled).toHaveLength(3);
    const runs = await Promise.all(
      lastFiled.map((e) =>
        runCli(directory, ['stream', e.streamId, '--json', '--personal-data', '--purpose', 'durability check']),
      ),
    );
    runs.forEach((run, i) => {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const filed = JSON.parse(run.stdout.split('\n')[0]) as {
        data: { applicationId: string; applicant: { name: string } };
      };
      expect(filed.data.applicant.name).toBe(`申请人${lastFiled[i].data.applicationId}`);
    });
  }, 60_000);

  describe('and the same file is imported again to the end', () => {
    let resumed: CliRun;
    let final: StoreSnapshot;

    beforeAll(async () => {
      resumed = await runCli(directory, [
        'import',
        file,
        '--receipts',
        join(directory, 'receipts-2.ndjson'),
        '--no-progress',
      ]);
      const stored = readStoreFile(storeFile);
      // The three reads of personal data above were recorded on the access log; the rest is the import.
      expect(stored.events.filter((e) => e.type === 'PersonalDataAccessed.v1')).toHaveLength(3);
      final = {
        events: stored.events.filter((e) => !e.streamId.startsWith('access-log-')),
        streamHeads: new Map([...stored.streamHeads].filter(([streamId]) => !streamId.startsWith('access-log-'))),
      };
    }, 180_000);

    it('exits with 0, finding the lines recorded before the kill already recorded', () => {
      expect({
        code: resumed.code,
        stderr: resumed.stderr
          .split('\n')
          .filter((l) => !l.startsWith('import: '))
          .join('\n'),
      }).toEqual({ code: 0, stderr: '' });
      const summary = /: (\d+) lines, (\d+) recorded, (\d+) already recorded, (\d+) rejected/.exec(resumed.stdout);
      expect(summary?.slice(1).map(Number)).toEqual([
        good.length,
        good.length - afterKill.events.length,
        afterKill.events.length,
        0,
      ]);
    });

    it('ends with exactly the events of one clean run: every line once, nothing twice, nothing missing', () => {
      expect(final.events).toHaveLength(good.length);
      expect(integrityProblems(final)).toEqual([]);
      expect(problemsAgainstPlan(plan, final)).toEqual([]);
      expect(streamPrefixProblems(plan, final, true)).toEqual([]);
      expect(new Set(final.events.map(lineOf))).toEqual(new Set(good.map((l) => l.number)));
    });

    it('keeps the events recorded before the kill as they were', () => {
      expect(final.events.slice(0, afterKill.events.length)).toEqual(afterKill.events);
    });

    it('records the applications completely', () => {
      const last = final.events
        .filter((e) => e.streamId === applicationStream(`bulk-${APPLICATIONS - 1}`))
        .map((e) => e.type);
      expect(last).toEqual([
        'ApplicationFiled.v1',
        'ApplicationAccepted.v1',
        'DecisionMade.v1',
        'CertificateIssued.v1',
      ]);
    });
  });
});
