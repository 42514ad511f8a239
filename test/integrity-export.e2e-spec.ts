import 'reflect-metadata';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { type ExportManifest, generateSignerKey } from '@ledger/integrity';
import { recordBulk } from '@ledger/integrity/testing/sample-ledger';
import { runLedgerCli, spawnLedgerCli } from '@ledger/integrity/testing/integrity-cli';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Issue #5, verifiable exports, end to end as legal staff would use them: facts recorded through
 * the API, `ledger export` with filters, `ledger verify-export` with only the public key on
 * another machine (a data directory with nothing in it), damaged exports refused with the exact
 * reason, and an export killed half-way leaving nothing that looks complete.
 */
const AGENCY = 'jiangmen-psb';
const NOW = Date.parse('2021-07-01T12:00:00+08:00');
const APPLICANT = { name: '李四光', idNumber: '440703199002020022', phone: '13900139001' };

let root: string;
let ledger: string;
let elsewhere: string;
let publicKey: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'integrity-export-'));
  ledger = join(root, 'ledger');
  elsewhere = join(root, 'lawyer');
  expect((await runLedgerCli(ledger, ['init-signing-key'])).code).toBe(0);
  publicKey = readFileSync(join(ledger, 'signing.pub'), 'utf8').trim();
  const store = new SqliteEventStore(join(ledger, 'events.sqlite'));
  const app = await createApi(
    {
      eventStore: store,
      clock: () => NOW,
      config: loadLedgerConfig({ LEDGER_DATA_DIR: ledger, LEDGER_AGENCY: AGENCY }),
    },
    false,
  );
  try {
    await app.init();
    const http = request(app.getHttpServer());
    for (const [code, department] of [
      ['ZA-001', '治安'],
      ['CRJ-001', '出入境'],
    ]) {
      await http
        .post('/v1/items')
        .send({
          code,
          name: `许可${code}`,
          department,
          statutoryDays: 20,
          promisedDays: 5,
          handlingType: 'promised',
          requiredVisits: 0,
          fullyOnline: true,
          inStandardCatalogue: true,
          inOnlineHall: true,
          disclosable: code !== 'CRJ-001',
          effectiveFrom: '2020-01-01T00:00:00+08:00',
        })
        .expect(201);
    }
    for (const [id, item] of [
      ['E-1', 'ZA-001'],
      ['E-2', 'CRJ-001'],
      ['E-3', 'ZA-001'],
    ]) {
      await http
        .post('/v1/applications')
        .send({
          applicationId: id,
          itemCode: item,
          channel: 'window',
          filedAt: '2021-03-01T09:00:00+08:00',
          applicant: APPLICANT,
        })
        .expect(201);
      await http
        .post(`/v1/applications/${id}/acceptance`)
        .send({ accepted: true, at: '2021-03-02T10:00:00+08:00' })
        .expect(201);
    }
    await http
      .post('/v1/applications/E-1/decision')
      .send({
        outcome: 'denied',
        reason: '不符合消防安全条件',
        legalBasis: '《旅馆业治安管理办法》第四条',
        at: '2021-03-05T10:00:00+08:00',
      })
      .expect(201);
    await http.post('/v1/integrity/checkpoints').expect(201);
    await http
      .post('/v1/applications/E-3/decision')
      .send({ outcome: 'granted', at: '2021-03-06T10:00:00+08:00' })
      .expect(201);
  } finally {
    await app.close();
  }
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;

describe('when legal staff export an application trail and check it elsewhere', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(root, 'exports', 'E-1');
    const run = await runLedgerCli(ledger, [
      'export',
      '--out',
      dir,
      '--application',
      'E-1',
      '--purpose',
      '行政复议答辩',
    ]);
    expect({ code: run.code, output: run.output }).toEqual({
      code: 0,
      output: expect.stringContaining('export: 3 events written'),
    });
  });

  it('writes the files the manifest lists, proved against a checkpoint signed for the export', () => {
    expect(readdirSync(dir).sort()).toEqual(['events.csv', 'events.ndjson', 'manifest.json', 'proofs.ndjson']);
    const manifest = manifestOf(dir);
    expect(manifest).toMatchObject({
      eventCount: 3,
      filters: { application: 'E-1' },
      checkpoint: { id: 2 },
      consistency: { from: { id: 1 } },
      verifierKey: publicKey,
    });
    const types = readFileSync(join(dir, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).event.type);
    expect(types).toEqual(['ApplicationFiled.v1', 'ApplicationAccepted.v1', 'DecisionMade.v1']);
  });

  it('is recorded as TrailExported.v1 on the access log, with the filters, the count, the purpose, the OS user and the manifest hash', () => {
    const db = new Database(join(ledger, 'events.sqlite'), { readonly: true });
    const rows = db
      .prepare("SELECT data, metadata FROM events WHERE type = 'TrailExported.v1' ORDER BY position")
      .all() as { data: string; metadata: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    const osUser = userInfo().username;
    expect(JSON.parse(rows[0].data)).toEqual({
      filters: { application: 'E-1', agency: AGENCY },
      events: 3,
      purpose: '行政复议答辩',
      includesPersonalData: false,
      osUser,
      manifestSha256: createHash('sha256')
        .update(readFileSync(join(dir, 'manifest.json')))
        .digest('hex'),
    });
    expect(JSON.parse(rows[0].metadata)).toMatchObject({ agency: AGENCY, actor: `cli:${osUser}` });
  });

  it('refuses an export without a purpose, writing and recording nothing', async () => {
    const out = join(root, 'exports', 'no-purpose');
    const run = await runLedgerCli(ledger, ['export', '--out', out, '--application', 'E-1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--purpose/);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps personal data out of the CSV and sealed in the NDJSON', () => {
    for (const file of ['events.csv', 'events.ndjson', 'manifest.json', 'proofs.ndjson']) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const value of Object.values(APPLICANT)) expect(text).not.toContain(value);
    }
    expect(readFileSync(join(dir, 'events.csv'), 'utf8')).toContain('[personal data withheld]');
    expect(readFileSync(join(dir, 'events.ndjson'), 'utf8')).toContain('"sealed":');
  });

  it('verifies offline with only the public key: exit 0', async () => {
    const copy = join(elsewhere, 'E-1');
    cpSync(dir, copy, { recursive: true });
    const run = await runLedgerCli(join(elsewhere, 'empty-data-dir'), [
      'verify-export',
      copy,
      '--public-key',
      publicKey,
    ]);
    expect({ code: run.code, output: run.output }).toEqual({
      code: 0,
      output: expect.stringContaining('verify-export: OK — 3 events'),
    });
    expect(run.output).toContain(`signed by ${publicKey}`);
  });

  it('exits 1 and says exactly what failed: truncated, edited, wrong key, missing manifest', async () => {
    const damaged = (name: string, damage: (copy: string) => void) => {
      const copy = join(elsewhere, name);
      cpSync(dir, copy, { recursive: true });
      damage(copy);
      return copy;
    };
    const truncated = damaged('truncated', (copy) =>
      truncateSync(join(copy, 'events.ndjson'), readFileSync(join(copy, 'events.ndjson')).length - 40),
    );
    const edited = damaged('edited', (copy) =>
      writeFileSync(
        join(copy, 'events.ndjson'),
        readFileSync(join(copy, 'events.ndjson'), 'utf8').replace('不符合消防安全条件', '符合消防安全条件'),
      ),
    );
    const noManifest = damaged('no-manifest', (copy) => rmSync(join(copy, 'manifest.json')));
    const stranger = generateSignerKey(`ledger.${AGENCY}/events`).verifierKey;
    const empty = join(elsewhere, 'empty-data-dir');
    const [t, e, w, m] = await Promise.all([
      runLedgerCli(empty, ['verify-export', truncated, '--public-key', publicKey]),
      runLedgerCli(empty, ['verify-export', edited, '--public-key', publicKey]),
      runLedgerCli(empty, ['verify-export', dir, '--public-key', stranger]),
      runLedgerCli(empty, ['verify-export', noManifest, '--public-key', publicKey]),
    ]);
    expect([t.code, e.code, w.code, m.code]).toEqual([1, 1, 1, 1]);
    expect(t.output).toContain('events.ndjson: the last line has no line end: the file is truncated');
    expect(t.output).toMatch(/events\.ndjson line 3: not valid JSON/);
    expect(e.output).toMatch(
      /events\.ndjson line 3 \(leaf \d+, stream application-jiangmen-psb\.E-1\): the event does not hash to the line's leafHash/,
    );
    expect(w.output).toMatch(
      /the checkpoint \(tree size \d+\) is not validly signed by the public key .*not signed by a trusted key/,
    );
    expect(m.output).toContain('manifest.json is missing');
  });
});

describe('when an export is filtered by item, department, agency, type and period', () => {
  it('exports the matching trail and it verifies', async () => {
    const dir = join(root, 'exports', 'crj-decisions');
    const run = await runLedgerCli(ledger, [
      'export',
      '--out',
      dir,
      '--purpose',
      '监督检查',
      '--item',
      'CRJ-001',
      '--department',
      '出入境',
      '--agency',
      AGENCY,
      '--type',
      'ApplicationFiled.v1,ApplicationAccepted.v1',
      '--from',
      '2021-03-01T00:00:00+08:00',
      '--to',
      '2021-04-01T00:00:00+08:00',
    ]);
    expect(run.code).toBe(0);
    const streams = readFileSync(join(dir, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).event.streamId);
    expect(streams).toEqual([`application-${AGENCY}.E-2`, `application-${AGENCY}.E-2`]);
    expect((await runLedgerCli(ledger, ['verify-export', dir])).code).toBe(0);
  });

  it('refuses a bad filter and an existing directory, exit 1, writing nothing', async () => {
    const bad = await runLedgerCli(ledger, [
      'export',
      '--out',
      join(root, 'exports', 'bad'),
      '--purpose',
      'test',
      '--from',
      'yesterday',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('--from must be an ISO-8601 instant');
    expect(existsSync(join(root, 'exports', 'bad'))).toBe(false);
    const existing = await runLedgerCli(ledger, ['export', '--out', join(root, 'exports', 'E-1'), '--purpose', 'test']);
    expect(existing.code).toBe(1);
    expect(existing.output).toContain('already exists');
  });
});

describe('when an export is killed half-way', () => {
  it('leaves no directory that looks complete', async () => {
    const big = join(root, 'big');
    const store = new SqliteEventStore(join(big, 'events.sqlite'));
    await recordBulk(store, 80_000);
    await store.close();
    expect((await runLedgerCli(big, ['init-signing-key'])).code).toBe(0);
    expect((await runLedgerCli(big, ['checkpoint'])).code).toBe(0);
    const exports = join(root, 'big-exports');
    const out = join(exports, 'everything');
    const child = spawnLedgerCli(big, ['export', '--out', out, '--purpose', 'kill test']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    // Kill it once it is writing: its hidden working directory has data in it.
    const began = Date.now();
    for (;;) {
      const partial = existsSync(exports)
        ? readdirSync(exports).find((name) => name.startsWith('.everything.partial-'))
        : undefined;
      if (
        partial &&
        existsSync(join(exports, partial, 'events.ndjson')) &&
        readFileSync(join(exports, partial, 'events.ndjson')).length > 0
      )
        break;
      if (Date.now() - began > 60_000) throw new Error('the export never started writing');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    const leftovers = readdirSync(exports);
    expect(leftovers).toEqual([expect.stringMatching(/^\.everything\.partial-[0-9a-f]{8}$/)]);
    expect(existsSync(join(exports, leftovers[0], 'manifest.json'))).toBe(false);
    const check = await runLedgerCli(big, ['verify-export', join(exports, leftovers[0])]);
    expect(check.code).toBe(1);
    expect(check.output).toContain('manifest.json is missing');
  }, 180_000);
});
