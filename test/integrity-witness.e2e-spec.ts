import 'reflect-metadata';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { generateWitnessKey } from '@ledger/integrity';
import { runLedgerCli, spawnLedgerCli } from '@ledger/integrity/testing/integrity-cli';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Issue #12 item 6: whoever can write the data directory can edit an event, delete
 * integrity.sqlite and sign the rewritten history with the ledger's own key. A witness (its own
 * key and state, elsewhere) that cosigned the earlier checkpoints refuses the new one, and
 * `ledger verify --witness-key` against the witnessed checkpoints an auditor kept fails, naming
 * the first bad leaf, its position and stream.
 */
const AGENCY = 'jiangmen-psb';
const NOW = Date.parse('2021-07-01T12:00:00+08:00');

let root: string;
let ledger: string;
let witnessKey: string;
let witnessEnv: NodeJS.ProcessEnv;
let witness: ChildProcess;

async function fileApplications(dataDir: string, ids: readonly string[], withItem = false): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const app = await createApi(
    {
      eventStore: store,
      clock: () => NOW,
      config: loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_AGENCY: AGENCY }),
    },
    false,
  );
  try {
    await app.init();
    const http = request(app.getHttpServer());
    if (withItem)
      await http
        .post('/v1/items')
        .send({
          code: 'ZA-001',
          name: '旅馆业特种行业许可证核发',
          department: '治安',
          statutoryDays: 20,
          promisedDays: 5,
          handlingType: 'promised',
          requiredVisits: 0,
          fullyOnline: true,
          inStandardCatalogue: true,
          inOnlineHall: true,
          disclosable: true,
          effectiveFrom: '2020-01-01T00:00:00+08:00',
        })
        .expect(201);
    for (const applicationId of ids)
      await http
        .post('/v1/applications')
        .send({
          applicationId,
          itemCode: 'ZA-001',
          channel: 'online',
          filedAt: '2021-03-01T09:00:00+08:00',
          applicant: { name: '王小明', idNumber: '440702199001011234' },
        })
        .expect(201);
  } finally {
    await app.close();
  }
}

/** What the API serves as the latest `ledger verify` run (the dashboard's integrity page shows it). */
async function lastVerification(dataDir: string): Promise<Record<string, unknown>> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const app = await createApi(
    {
      eventStore: store,
      clock: () => NOW,
      config: loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_AGENCY: AGENCY }),
    },
    false,
  );
  try {
    await app.init();
    return (await request(app.getHttpServer()).get('/v1/integrity/verification').expect(200)).body;
  } finally {
    await app.close();
  }
}

function startWitness(dir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnLedgerCli(ledger, ['witness', 'serve', '--dir', dir, '--port', '0']);
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolvePromise({ child, url });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`witness exited with ${code}: ${output}`)));
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'integrity-witness-'));
  ledger = join(root, 'ledger');
  expect((await runLedgerCli(ledger, ['init-signing-key'])).code).toBe(0);
  const logKey = readFileSync(join(ledger, 'signing.pub'), 'utf8').trim();
  const witnessDir = join(root, 'witness');
  const init = await runLedgerCli(root, [
    'witness',
    'init',
    '--dir',
    witnessDir,
    '--name',
    'witness.test/w1',
    '--log-key',
    logKey,
  ]);
  expect(init.code).toBe(0);
  witnessKey = init.stdout.trim();
  const started = await startWitness(witnessDir);
  witness = started.child;
  witnessEnv = { LEDGER_WITNESSES: `${started.url} ${witnessKey}` };
}, 120_000);

afterAll(() => {
  witness?.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
});

describe('a ledger with a witness', () => {
  let kept: string[];
  let firstSize: number;

  it('has each checkpoint cosigned, printed with the cosignature for the auditor to keep', async () => {
    await fileApplications(ledger, ['W-1', 'W-2', 'W-3'], true);
    const first = await runLedgerCli(ledger, ['checkpoint'], witnessEnv);
    expect({ code: first.code, stderr: first.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining('checkpoint: cosigned by witness witness.test/w1+'),
    });
    firstSize = Number(first.stdout.split('\n')[1]);
    await fileApplications(ledger, ['W-4']);
    const second = await runLedgerCli(ledger, ['checkpoint'], witnessEnv);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`\n${firstSize + 1}\n`);
    kept = [first.stdout, second.stdout].map((note, index) => {
      const file = join(root, `kept-${index + 1}.txt`);
      writeFileSync(file, note);
      expect(note.match(/^— /gm)).toHaveLength(2);
      return file;
    });
    const verify = await runLedgerCli(ledger, ['verify', '--witness-key', witnessKey]);
    expect({ code: verify.code, output: verify.output }).toEqual({
      code: 0,
      output: expect.stringContaining('2 signed checkpoints verified'),
    });
    expect(await lastVerification(ledger)).toMatchObject({
      intact: true,
      checkpointsVerified: 2,
      witnessesRequired: 1,
      summary: 'intact',
    });
  }, 120_000);

  it('exports with the cosignature, which verify-export checks against the witness key', async () => {
    const out = join(root, 'export-W-4');
    const exported = await runLedgerCli(ledger, ['export', '--out', out, '--application', 'W-4', '--purpose', 'audit']);
    expect(exported.code).toBe(0);
    const ok = await runLedgerCli(ledger, ['verify-export', out, '--witness-key', witnessKey]);
    expect({ code: ok.code, output: ok.output }).toEqual({
      code: 0,
      output: expect.stringContaining('the checkpoint is cosigned by witness.test/w1'),
    });
    const stranger = generateWitnessKey('witness.test/w2').verifierKey;
    const refused = await runLedgerCli(ledger, ['verify-export', out, '--witness-key', stranger]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('is cosigned by 0 of the given witnesses, 1 required');
  }, 120_000);

  describe('when an insider edits an event, deletes integrity.sqlite and re-signs with the ledger key', () => {
    let row: { position: number; stream_id: string };

    beforeAll(async () => {
      const db = new Database(join(ledger, 'events.sqlite'));
      row = db.prepare('SELECT position, stream_id FROM events ORDER BY position LIMIT 1 OFFSET ?').get(firstSize) as {
        position: number;
        stream_id: string;
      };
      db.prepare("UPDATE events SET data = json_set(data, '$.channel', 'counter') WHERE position = ?").run(
        row.position,
      );
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(ledger, `integrity.sqlite${suffix}`), { force: true });
    });

    it('the witness refuses to cosign the rewritten history', async () => {
      const resigned = await runLedgerCli(ledger, ['checkpoint'], witnessEnv);
      expect(resigned.stderr).toContain('checkpoint: signed checkpoint #1');
      // The export recorded a TrailExported event since, so the re-signed tree is larger than the witnessed one:
      // the witness asks for a consistency proof from its size, and the rewritten history cannot give one.
      expect(resigned.stderr).toMatch(
        /witness witness\.test\/w1\+\S+ \(http:[^)]+\) did not cosign: the history is not consistent with what the witness cosigned before: the consistency proof from size \d+ does not verify/,
      );
      expect(resigned.code).toBe(1);
    }, 60_000);

    it('verify with the witness key fails against the kept checkpoints, naming the first bad leaf, position and stream', async () => {
      const run = await runLedgerCli(ledger, [
        'verify',
        '--witness-key',
        witnessKey,
        '--checkpoint',
        kept[0],
        '--checkpoint',
        kept[1],
      ]);
      expect(run.code).toBe(1);
      expect(run.output).toContain(
        `verify: TAMPERED — first bad leaf ${firstSize}, position ${row.position}, stream ${row.stream_id} (rewritten)`,
      );
      expect(run.output).toContain(`somewhere in leaf ${firstSize} (after checkpoint from ${kept[0]})`);
      expect(run.output).toContain('is cosigned by 0 of the given witnesses, 1 required');
      expect(await lastVerification(ledger)).toMatchObject({
        intact: false,
        summary: expect.stringContaining(`somewhere in leaf ${firstSize}`),
      });
    }, 60_000);
  });
});
