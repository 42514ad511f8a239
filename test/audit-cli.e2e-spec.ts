import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { toStoredEvent } from '@ledger/ledger';
import { APPLICANT, COMPLAINANT, HandBuiltLedger } from '../libs/audit/src/testing/hand-built-ledger';
import { CliRun, REPOSITORY_ROOT, cliEnvironment } from './fixtures/ledger-cli';

/**
 * The audit commands as an operator runs them: `ledger replay-application`, `ledger replay`
 * and `ledger compliance`, on a data directory whose events were imported from a legacy system
 * (personal data in plain text, a decision without acceptance), with the exit codes scripts rely on.
 */
const AGENCY = 'jiangmen-psb';

function run(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(REPOSITORY_ROOT, 'apps', 'ledger-cli', 'src', 'main.ts'), ...args],
      {
        cwd: REPOSITORY_ROOT,
        env: { ...cliEnvironment(dataDir), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const expectNoPersonalData = (text: string) => {
  for (const value of [...Object.values(APPLICANT), ...Object.values(COMPLAINANT)]) expect(text).not.toContain(value);
};

describe('ledger replay-application, replay and compliance', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    const ledger = new HandBuiltLedger(AGENCY);
    ledger.file('a1', '2020-03-02T09:00:00+08:00');
    ledger.accept('a1', '2020-03-02');
    ledger.grant('a1', '2020-03-31');
    ledger.disclose('a1', '2020-04-01');
    ledger.file('L1', '2020-04-01T09:00:00+08:00');
    ledger.grant('L1', '2020-04-03');
    ledger.disclose('L1', '2020-04-03');
    ledger.complaint('c1', '2020-10-01');
    ledger.ledgerTime = '2021-04-15T00:00:00.000Z';
    ledger.resolveComplaint('c1', '2021-01-10');
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    for (const e of ledger.events) {
      const { agency, actor, ledgerTime, correlationId, causationId } = e.metadata;
      await store.appendToStream(e.streamId, [
        toStoredEvent(e, randomUUID(), { agency, actor, ledgerTime, correlationId, causationId }),
      ]);
    }
    await store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('ledger compliance', () => {
    it('prints a table of findings and exits 3 when there are any', async () => {
      const { code, stdout, stderr } = await run(dir, ['compliance', '2020']);
      expect({ code, stderr }).toEqual({ code: 3, stderr: '' });
      expect(stdout).toMatch(/DECISION\.OVERDUE\s+error\s+1\n/);
      expect(stdout).toMatch(/DECISION\.WITHOUT_ACCEPTANCE\s+error\s+1\n/);
      expect(stdout).toMatch(/COMPLAINT\.UNRESOLVED\s+warning\s+1\n/);
      expect(stdout).toMatch(/TOTAL\s+3\n/);
      expect(stdout).toContain(`application-${AGENCY}.a1#2 @3 DecisionMade.v1`);
      expectNoPersonalData(stdout);
    });

    it('prints the report as JSON with --json', async () => {
      const { code, stdout } = await run(dir, ['compliance', '2020', '--json']);
      expect(code).toBe(3);
      const report = JSON.parse(stdout);
      expect(report.findings.map((f: { rule: string; applicationId: string }) => [f.rule, f.applicationId])).toEqual([
        ['DECISION.OVERDUE', 'a1'],
        ['DECISION.WITHOUT_ACCEPTANCE', 'L1'],
        ['COMPLAINT.UNRESOLVED', undefined],
      ]);
    });

    it('takes the complaint period from LEDGER_COMPLAINT_RESOLUTION_DAYS, and the option over it', async () => {
      // c1 was logged on 1 October and resolved only in 2021: 91 days open at the year end.
      const fromEnv = JSON.parse(
        (await run(dir, ['compliance', '2020', '--json'], { LEDGER_COMPLAINT_RESOLUTION_DAYS: '91' })).stdout,
      );
      expect(fromEnv.summary['COMPLAINT.UNRESOLVED']).toBe(0);
      expect(fromEnv.parameters.complaintResolutionDays).toBe(91);
      const fromOption = JSON.parse(
        (
          await run(dir, ['compliance', '2020', '--json', '--complaint-resolution-days', '90'], {
            LEDGER_COMPLAINT_RESOLUTION_DAYS: '91',
          })
        ).stdout,
      );
      expect(fromOption.summary['COMPLAINT.UNRESOLVED']).toBe(1);
    });

    it('exits 0 when the year is clean', async () => {
      const { code, stdout } = await run(dir, ['compliance', '2019']);
      expect(code).toBe(0);
      expect(stdout).toContain('No findings.');
    });

    it('exits 1 with a message for a bad year or an unknown agency', async () => {
      const badYear = await run(dir, ['compliance', '20x0']);
      expect(badYear.code).toBe(1);
      expect(badYear.stderr).toContain('year must be a number from 1990 to 2100');
      const unknown = await run(dir, ['compliance', '2020', '--agency', 'nobody']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no events of agency nobody');
    });
  });

  describe('ledger replay', () => {
    it('streams NDJSON up to a position, then a summary line, personal data withheld', async () => {
      const { code, stdout } = await run(dir, ['replay', '--json', '--up-to-position', '3']);
      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.slice(0, 3).map((e) => [e.position, e.type])).toEqual([
        ['1', 'ApplicationFiled.v1'],
        ['2', 'ApplicationAccepted.v1'],
        ['3', 'DecisionMade.v1'],
      ]);
      expect(lines[0].data.applicant).toMatchObject({ withheld: true });
      expect(lines[3]).toEqual({ summary: expect.objectContaining({ events: 3, streams: 1, lastPosition: '3' }) });
      expectNoPersonalData(stdout);
    });

    it('shows the ledger as recorded by an instant', async () => {
      const { code, stdout } = await run(dir, ['replay', '--json', '--up-to', '2021-03-30T18:00:00+08:00']);
      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines[lines.length - 1].summary).toMatchObject({
        events: 8,
        byType: expect.not.objectContaining({ 'ComplaintResolved.v1': expect.anything() }),
      });
      expectNoPersonalData(stdout);
    });

    it('exits 1 for a bad instant', async () => {
      const { code, stderr } = await run(dir, ['replay', '--up-to', 'yesterday']);
      expect(code).toBe(1);
      expect(stderr).toContain('ISO-8601');
    });
  });

  describe('ledger replay-application', () => {
    it('prints each event with the phase and the deadline after it', async () => {
      const { code, stdout } = await run(dir, ['replay-application', 'a1']);
      expect(code).toBe(0);
      expect(stdout).toContain('phase: accepted; deadline: 2020-03-30');
      expect(stdout).toContain(
        'phase: decided; deadline: 2020-03-30 (accepted 2020-03-02, 20 + 0 working days, 0 suspended); OVERDUE',
      );
      expectNoPersonalData(stdout);
    });

    it('exits 1 for an unknown application', async () => {
      const { code, stderr } = await run(dir, ['replay-application', 'nope']);
      expect(code).toBe(1);
      expect(stderr).toContain('application nope was never filed');
    });
  });
});
