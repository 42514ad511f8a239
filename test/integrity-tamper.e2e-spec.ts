import 'reflect-metadata';
import Database from 'better-sqlite3';
import type { INestApplication } from '@nestjs/common';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { parseVerifierKey } from '@ledger/integrity';
import { runLedgerCli } from '@ledger/integrity/testing/integrity-cli';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Issue #5, tamper evidence: facts are recorded through the HTTP API, a checkpoint is signed,
 * then the SQLite file is edited directly, as someone with access to the disk could: a row
 * changed, a row deleted, two rows swapped. `ledger verify`, run as the operator would, must
 * exit non-zero naming the first bad position and its stream; the untouched copy verifies.
 */
const AGENCY = 'jiangmen-psb';
const NOW = Date.parse('2021-07-01T12:00:00+08:00');

interface Row {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

let root: string;
let source: string;
let rows: Row[];
let checkpointNote: string;

async function recordFacts(app: INestApplication): Promise<void> {
  const http = request(app.getHttpServer());
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
  for (const id of ['T-1', 'T-2', 'T-3']) {
    await http
      .post('/v1/applications')
      .send({
        applicationId: id,
        itemCode: 'ZA-001',
        channel: 'online',
        filedAt: '2021-03-01T09:00:00+08:00',
        applicant: { name: '王小明', idNumber: '440702199001011234' },
      })
      .expect(201);
  }
  for (const id of ['T-1', 'T-2', 'T-3']) {
    await http
      .post(`/v1/applications/${id}/acceptance`)
      .send({ accepted: true, at: '2021-03-02T10:00:00+08:00' })
      .expect(201);
    await http
      .post(`/v1/applications/${id}/decision`)
      .send({ outcome: 'granted', at: '2021-03-05T10:00:00+08:00' })
      .expect(201);
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'integrity-tamper-'));
  source = join(root, 'ledger');
  expect((await runLedgerCli(source, ['init-signing-key'])).code).toBe(0);
  const store = new SqliteEventStore(join(source, 'events.sqlite'));
  const app = await createApi(
    {
      eventStore: store,
      clock: () => NOW,
      config: loadLedgerConfig({ LEDGER_DATA_DIR: source, LEDGER_AGENCY: AGENCY }),
    },
    false,
  );
  try {
    await app.init();
    await recordFacts(app);
    const signed = await request(app.getHttpServer()).post('/v1/integrity/checkpoints').expect(201);
    checkpointNote = signed.body.note;
    expect(signed.body.treeSize).toBeGreaterThanOrEqual(10);
  } finally {
    await app.close();
  }
  const db = new Database(join(source, 'events.sqlite'), { readonly: true });
  rows = db
    .prepare('SELECT position, stream_id, revision, event_id, type, data, metadata FROM events ORDER BY position')
    .all() as Row[];
  db.close();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the ledger's data directory, edited by `tamper` with a direct connection to its SQLite file. */
function tamperedCopy(name: string, tamper: (db: Database.Database) => void): string {
  const dir = join(root, name);
  cpSync(source, dir, { recursive: true });
  const db = new Database(join(dir, 'events.sqlite'));
  try {
    db.transaction(() => tamper(db))();
  } finally {
    db.close();
  }
  return dir;
}

const leafOf = (position: number) => rows.findIndex((row) => row.position === position);

describe("ledger verify on a SQLite store edited behind the ledger's back", () => {
  const decision = () =>
    rows.find((row) => row.type === 'DecisionMade.v1' && row.stream_id === `application-${AGENCY}.T-2`)!;
  const filed = () =>
    rows.find((row) => row.type === 'ApplicationFiled.v1' && row.stream_id === `application-${AGENCY}.T-3`)!;

  it('exits 0 on the untouched store, with the checkpoint verified', async () => {
    const run = await runLedgerCli(
      tamperedCopy('untouched', () => undefined),
      ['verify'],
    );
    expect({ code: run.code, output: run.output }).toEqual({
      code: 0,
      output: expect.stringContaining('verify: intact'),
    });
    expect(run.output).toContain('1 signed checkpoints verified');
  });

  it('catches an edited row: exit 1, naming its leaf, position and stream as changed content', async () => {
    const row = decision();
    const dir = tamperedCopy('edited', (db) =>
      db.prepare("UPDATE events SET data = json_set(data, '$.outcome', 'denied') WHERE position = ?").run(row.position),
    );
    const run = await runLedgerCli(dir, ['verify']);
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `verify: TAMPERED — first bad leaf ${leafOf(row.position)}, position ${row.position}, stream application-${AGENCY}.T-2 (changed)`,
    );
    expect(run.output).toContain(`changed content — event ${row.event_id} (DecisionMade.v1)`);
  });

  it('catches a deleted row: exit 1, naming the position and stream of the missing event', async () => {
    const row = filed();
    const dir = tamperedCopy('deleted', (db) => db.prepare('DELETE FROM events WHERE position = ?').run(row.position));
    const run = await runLedgerCli(dir, ['verify']);
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `verify: TAMPERED — first bad leaf ${leafOf(row.position)}, position ${row.position}, stream application-${AGENCY}.T-3 (missing)`,
    );
    expect(run.output).toContain(`missing event — ${row.event_id} was deleted`);
  });

  it('catches two swapped rows: exit 1, naming the first of them as an order change', async () => {
    const [first, second] = [rows[2], rows[7]];
    const dir = tamperedCopy('swapped', (db) => {
      const put = db.prepare(
        'UPDATE events SET stream_id = ?, revision = ?, event_id = ?, type = ?, data = ?, metadata = ? WHERE position = ?',
      );
      put.run('swap-in-progress', -1, 'swap-in-progress', first.type, first.data, first.metadata, first.position);
      put.run(first.stream_id, first.revision, first.event_id, first.type, first.data, first.metadata, second.position);
      put.run(
        second.stream_id,
        second.revision,
        second.event_id,
        second.type,
        second.data,
        second.metadata,
        first.position,
      );
    });
    const run = await runLedgerCli(dir, ['verify']);
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `verify: TAMPERED — first bad leaf 2, position ${first.position}, stream ${first.stream_id} (reordered)`,
    );
    expect(run.output).toContain(`but the store has ${second.event_id} (stream ${second.stream_id}`);
  });

  it('catches a row edited together with the integrity index, through the signed checkpoint', async () => {
    const row = decision();
    const dir = tamperedCopy('rewritten', (db) =>
      db.prepare("UPDATE events SET data = json_set(data, '$.outcome', 'denied') WHERE position = ?").run(row.position),
    );
    const index = new Database(join(dir, 'integrity.sqlite'));
    index.exec('DELETE FROM leaves; DELETE FROM stream_facts;');
    index.close();
    // Re-indexing from the edited store (what a cover-up would do) cannot reproduce the signed root.
    const refused = await runLedgerCli(dir, ['checkpoint']);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/no longer reproduce checkpoint #1/);
    const run = await runLedgerCli(dir, ['verify']);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /checkpoint #1 \(signed [^)]+\) \(tree size \d+\): its signed root does not match the root recomputed from the events/,
    );
  });

  it('checks the checkpoint an auditor kept, with only the public key', async () => {
    const dir = tamperedCopy('audited', () => undefined);
    const kept = join(root, 'kept-checkpoint.txt');
    require('node:fs').writeFileSync(kept, checkpointNote);
    const key = readFileSync(join(source, 'signing.pub'), 'utf8').trim();
    expect(parseVerifierKey(key).name).toBe(`ledger.${AGENCY}/events`);
    const run = await runLedgerCli(dir, ['verify', '--public-key', key, '--checkpoint', kept]);
    expect(run.code).toBe(0);
    expect(run.output).toContain('2 signed checkpoints verified');
  });
});
