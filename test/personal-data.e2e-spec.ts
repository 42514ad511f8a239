import 'reflect-metadata';
import Database from 'better-sqlite3';
import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile, Role } from '@ledger/operations';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Issue #6: personal data is sealed per data subject before it is recorded, opened only for
 * entitled callers, and erased by destroying the subject's key, while every recorded event
 * stays byte for byte as it was. Runs the API in this process on a real data directory
 * (master key from `ledger init-keys`) and the CLI as child processes on the same files, the
 * way an operator would.
 */

const ROOT = resolve(__dirname, '..');
const AGENCY = 'jiangmen-psb';
const NOW = Date.parse('2021-07-01T12:00:00+08:00');

const ZHANG = {
  kind: 'person',
  name: '张三丰',
  idNumber: '44070219800101001X',
  phone: '13800138000',
  address: '江门市蓬江区建设路88号',
};
const LI = { name: '李四光', phone: '13900139001', address: '开平市长沙街道9号' };
const WANG = { name: '王五岳', idNumber: '440703199002020022', phone: '13700137002' };
const ZHAO = {
  kind: 'organisation',
  name: '赵六合贸易有限公司',
  idNumber: '91440704MA4W0XYZ1Q',
  contactPerson: '钱七巧',
};
/** Every personal value recorded, and fragments of the identity numbers: none may appear anywhere on disk. */
const PERSONAL_VALUES = [ZHANG, LI, WANG, ZHAO].flatMap((p) =>
  Object.entries(p)
    .filter(([k]) => k !== 'kind')
    .map(([, v]) => v),
);
const FRAGMENTS = [...PERSONAL_VALUES, '44070219800101001', '4407031990', '三丰', '四光', '五岳', '钱七巧'];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an app's main.ts as a child process with exactly the ledger settings given (nothing inherited). */
function runMain(
  app: 'ledger-cli' | 'ledger-api',
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<Run> {
  const base: NodeJS.ProcessEnv = { ...process.env, USER: 'e2e', PORT: '0' };
  for (const name of Object.keys(base)) if (/^(LEDGER_|EVENT_STORE_URL|DATABASE_URL)/.test(name)) delete base[name];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts'), ...args],
      {
        cwd: ROOT,
        env: { ...base, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/**
 * Searches every file of the data directory (event store, key store, read models, with their
 * -wal and -shm) for UTF-8 byte strings. In a child process: closing a file descriptor of a
 * SQLite file drops every POSIX lock this process holds on it, and the API running in this
 * process holds such locks (without them another process would delete the WAL under it).
 */
function searchRawBytes(dir: string, needles: readonly string[]): { files: string[]; found: string[] } {
  const script = `
    const fs = require('fs'), path = require('path');
    const [dir, json] = process.argv.slice(1);
    const files = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile());
    const found = [];
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f));
      for (const needle of JSON.parse(json)) if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push(needle + ' in ' + f);
    }
    process.stdout.write(JSON.stringify({ files, found }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, dir, JSON.stringify(needles)], { encoding: 'utf8' }));
}

/** Which personal values occur, as UTF-8 bytes, in which file. */
const plaintextFound = (dir: string) => searchRawBytes(dir, FRAGMENTS).found;

interface Row {
  readonly position: number;
  readonly stream_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

function storedRows(dir: string): Row[] {
  const db = new Database(join(dir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT position, stream_id, type, data, metadata FROM events ORDER BY position').all() as Row[];
  } finally {
    db.close();
  }
}

function wrappedKeyOf(dir: string, subjectId: string): string | undefined {
  const db = new Database(join(dir, 'keys.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare('SELECT wrapped FROM subject_keys WHERE subject_id = ?').get(subjectId) as
        { wrapped: string } | undefined
    )?.wrapped;
  } finally {
    db.close();
  }
}

type StreamEvent = { type: string; revision: number; data: Record<string, unknown> };
const personalOf = (e: StreamEvent) =>
  (e.data.applicant ?? e.data.complainant ?? e.data.appellant) as Record<string, unknown>;
const parseJsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StreamEvent);

describe('personal data: sealed per subject, opened for the entitled, erased by destroying a key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-personal-data-'));
  const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runMain('ledger-cli', args, { LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY, ...env });
  const entitledStream = async (streamId: string, env: NodeJS.ProcessEnv = {}) => {
    const run = await cli(['stream', streamId, '--json', '--personal-data', '--purpose', '复议答辩'], env);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    return parseJsonLines(run.stdout);
  };
  let app: INestApplication | undefined;
  const closeApi = async () => {
    const open = app;
    app = undefined;
    await open?.close();
  };
  const http = () => request(app!.getHttpServer());
  const keys: Partial<Record<Role, string>> = {};
  const as = (role: Role) => ({ authorization: `Bearer ${keys[role]}` });
  let subjectZhang: string;
  let subjectLi: string;
  let subjectWang: string;

  afterAll(async () => {
    await closeApi();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when the master key is created with `ledger init-keys`', () => {
    it('writes <dataDir>/master.key readable by its owner only, and never overwrites it', async () => {
      const first = await cli(['init-keys']);
      expect({ code: first.code, stdout: first.stdout }).toEqual({
        code: 0,
        stdout: expect.stringContaining(`created master key ${join(dir, 'master.key')}`),
      });
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      const key = readFileSync(join(dir, 'master.key'));
      const second = await cli(['init-keys']);
      expect({ code: second.code, stdout: second.stdout }).toEqual({
        code: 0,
        stdout: expect.stringContaining('already exists'),
      });
      expect(readFileSync(join(dir, 'master.key')).equals(key)).toBe(true);
    });
  });

  describe('when applications, a complaint and an appeal with personal data are recorded over HTTP', () => {
    beforeAll(async () => {
      const apiKeys = new ApiKeyFile(join(dir, 'api-keys.json'));
      for (const role of ['clerk', 'admin', 'supervisor'] as const)
        // The admin key may relay: the erasure below is recorded on behalf of the data protection officer.
        keys[role] = apiKeys.create(`${role}-key`, [role], { relay: role === 'admin' }).key;
      app = await createApi(
        {
          config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
          clock: () => NOW,
          access: { mode: 'required', apiKeysFile: apiKeys.file },
        },
        false,
      );
      await app!.init();
      const item = {
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
      };
      expect((await http().post('/v1/items').set(as('admin')).send(item)).status).toBe(201);
      const file = (applicationId: string, applicant: object, key?: string) => {
        const call = http().post('/v1/applications').set(as('clerk'));
        if (key) call.set('Idempotency-Key', key);
        return call.send({
          applicationId,
          itemCode: 'ZA-001',
          channel: 'window',
          filedAt: '2021-03-01T09:00:00+08:00',
          applicant,
        });
      };
      for (const [id, applicant, key] of [
        ['z-1', ZHANG, 'file-z-1'],
        ['z-2', { ...ZHANG, idNumber: '44070219800101001x', address: undefined }],
        ['l-1', LI],
      ] as const) {
        const response = await file(id, applicant, key);
        expect({ id, status: response.status, body: response.body }).toMatchObject({ id, status: 201 });
      }
      const complaint = {
        complaintId: 'c-1',
        at: '2021-04-01T10:00:00+08:00',
        channel: '12345热线',
        subject: '办理超时',
        applicationId: 'l-1',
        complainant: WANG,
      };
      expect((await http().post('/v1/complaints').set(as('clerk')).send(complaint)).status).toBe(201);
      const appeal = {
        appealId: 'ap-1',
        kind: 'reconsideration',
        at: '2021-05-01T10:00:00+08:00',
        applicationId: 'l-1',
        appellant: ZHAO,
      };
      expect((await http().post('/v1/appeals').set(as('clerk')).send(appeal)).status).toBe(201);
    });

    it('answers an idempotent retry of a filing with the first result, and refuses the key with another applicant', async () => {
      const retry = await http().post('/v1/applications').set(as('clerk')).set('Idempotency-Key', 'file-z-1').send({
        applicationId: 'z-1',
        itemCode: 'ZA-001',
        channel: 'window',
        filedAt: '2021-03-01T09:00:00+08:00',
        applicant: ZHANG,
      });
      expect([retry.status, retry.body.replayed, retry.body.revision]).toEqual([201, true, 0]);
      const other = await http()
        .post('/v1/applications')
        .set(as('clerk'))
        .set('Idempotency-Key', 'file-z-1')
        .send({
          applicationId: 'z-1',
          itemCode: 'ZA-001',
          channel: 'window',
          filedAt: '2021-03-01T09:00:00+08:00',
          applicant: { ...ZHANG, phone: '13800138009' },
        });
      expect([other.status, other.body.code]).toEqual([400, 'IDEMPOTENCY.KEY_REUSED']);
      expect(storedRows(dir).filter((r) => r.stream_id === `application-${AGENCY}.z-1`)).toHaveLength(1);
    });

    it('stores no name, identity number, phone or address anywhere: events, WAL, key store, read models', async () => {
      const { files, found } = searchRawBytes(dir, ['"alg":"A256GCM"', '办理超时']);
      expect(files).toEqual(
        expect.arrayContaining(['events.sqlite', 'events.sqlite-wal', 'keys.sqlite', 'master.key']),
      );
      // The search does see the events: their sealed form and the complaint's other fields are there.
      expect(found.filter((f) => f.includes(' in events.sqlite'))).toHaveLength(2);
      expect(plaintextFound(dir)).toEqual([]);
    });

    it('withholds personal data over HTTP', async () => {
      const response = await http().get(`/v1/streams/application-${AGENCY}.z-1/events`).set(as('clerk'));
      expect(response.status).toBe(200);
      expect(response.body[0].data.applicant).toEqual({ withheld: true, reason: expect.any(String) });
      for (const value of PERSONAL_VALUES) expect(response.text).not.toContain(value);
    });

    it('shows it decrypted to `ledger stream --personal-data`, one subject per person', async () => {
      const [z1] = await entitledStream(`application-${AGENCY}.z-1`);
      const [z2] = await entitledStream(`application-${AGENCY}.z-2`);
      const [l1] = await entitledStream(`application-${AGENCY}.l-1`);
      const [c1] = await entitledStream(`complaint-${AGENCY}.c-1`);
      expect(personalOf(z1)).toEqual({ subjectId: expect.stringMatching(/^subj_/), ...ZHANG });
      expect(personalOf(z2)).toMatchObject({ name: ZHANG.name, subjectId: personalOf(z1).subjectId });
      expect(personalOf(l1)).toEqual({ subjectId: expect.stringMatching(/^subj_/), ...LI });
      expect(personalOf(c1)).toEqual({ subjectId: expect.stringMatching(/^subj_/), ...WANG });
      subjectZhang = personalOf(z1).subjectId as string;
      subjectLi = personalOf(l1).subjectId as string;
      subjectWang = personalOf(c1).subjectId as string;
      expect(new Set([subjectZhang, subjectLi, subjectWang]).size).toBe(3);
    });

    it('records every such read first, with the OS user and the purpose, and refuses one without a purpose', async () => {
      const reads = storedRows(dir).filter(
        (r) => r.type === 'PersonalDataAccessed.v1' && JSON.parse(r.data).streamId === `application-${AGENCY}.l-1`,
      );
      expect(reads.length).toBeGreaterThan(0);
      const osUser = userInfo().username;
      expect(JSON.parse(reads[reads.length - 1].data)).toEqual({
        streamId: `application-${AGENCY}.l-1`,
        subjectIds: [subjectLi],
        purpose: '复议答辩',
        role: 'operator',
        osUser,
      });
      expect(JSON.parse(reads[reads.length - 1].metadata)).toMatchObject({ actor: `cli:${osUser}` });
      for (const value of PERSONAL_VALUES) expect(reads[reads.length - 1].data).not.toContain(value);

      const before = storedRows(dir).length;
      const refused = await cli(['stream', `application-${AGENCY}.l-1`, '--json', '--personal-data']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/--purpose/);
      expect(refused.stdout).toBe('');
      expect(storedRows(dir)).toHaveLength(before);
    });
  });

  describe('when subjects are erased, one over HTTP and one with the CLI', () => {
    let rowsBefore: Row[];
    let applicationBefore: unknown;
    let figuresBefore: Record<string, unknown>;
    let zhangWrappedKey: string;

    beforeAll(async () => {
      rowsBefore = storedRows(dir);
      applicationBefore = (await http().get('/v1/applications/z-1').set(as('clerk'))).body;
      const figures = await cli(['figures', '2021', '--json']);
      expect({ code: figures.code, stderr: figures.stderr }).toEqual({ code: 0, stderr: '' });
      figuresBefore = JSON.parse(figures.stdout);
      // A signed checkpoint over the events as they stand before any erasure.
      for (const command of [['init-signing-key'], ['checkpoint']])
        expect(await cli(command)).toMatchObject({ code: 0 });
      zhangWrappedKey = wrappedKeyOf(dir, subjectZhang)!;
      expect(zhangWrappedKey).toEqual(expect.any(String));
      // The search below would find the wrapped key if it were still there.
      expect(searchRawBytes(dir, [JSON.parse(zhangWrappedKey).ct as string]).found).not.toEqual([]);
    });

    it('erases over POST /v1/admin/subjects/{subjectId}/erasure (role admin): 201, then 409 the second time, 404 for an unknown subject, 400 without a reason', async () => {
      const reason = 'PIPL art. 47: retention period expired (request 2021-07)';
      const clerk = await http().post(`/v1/admin/subjects/${subjectZhang}/erasure`).set(as('clerk')).send({ reason });
      expect(clerk.status).toBe(403);
      expect(wrappedKeyOf(dir, subjectZhang)).toBeDefined();
      const erased = await http()
        .post(`/v1/admin/subjects/${subjectZhang}/erasure`)
        .set(as('admin'))
        .send({ reason, actor: 'dpo-1' });
      expect([erased.status, erased.body]).toEqual([
        201,
        {
          id: subjectZhang,
          streamId: `subject-${subjectZhang}`,
          revision: 0,
          position: expect.any(String),
          eventIds: [expect.any(String)],
          replayed: false,
        },
      ]);
      const again = await http().post(`/v1/admin/subjects/${subjectZhang}/erasure`).set(as('admin')).send({ reason });
      expect([again.status, again.body.code, again.headers['content-type']]).toEqual([
        409,
        'SUBJECT.ALREADY_ERASED',
        expect.stringMatching(/^application\/problem\+json/),
      ]);
      const unknown = await http()
        .post('/v1/admin/subjects/subj_AAAAAAAAAAAAAAAAAAAAAA/erasure')
        .set(as('admin'))
        .send({ reason });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'SUBJECT.NOT_FOUND']);
      const noReason = await http().post(`/v1/admin/subjects/${subjectLi}/erasure`).set(as('admin')).send({});
      expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([400, 'reason']);
      const [event] = parseJsonLines((await cli(['stream', `subject-${subjectZhang}`, '--json'])).stdout);
      expect(event).toMatchObject({
        type: 'SubjectErased.v1',
        data: { subjectId: subjectZhang, reason },
        metadata: { actor: 'dpo-1', principal: expect.stringMatching(/^api-key:/), agency: AGENCY },
      });
    });

    it('erases with `ledger erase-subject --id-number`, and refuses a second erasure with exit code 1', async () => {
      const erased = await cli([
        'erase-subject',
        '--id-number',
        WANG.idNumber,
        '--reason',
        'PIPL art. 47: consent withdrawn',
      ]);
      expect({ code: erased.code, stderr: erased.stderr }).toEqual({ code: 0, stderr: '' });
      expect(erased.stdout).toContain(`erased ${subjectWang}`);
      const byNumber = await cli(['erase-subject', '--id-number', WANG.idNumber, '--reason', 'again']);
      expect({ code: byNumber.code, stderr: byNumber.stderr }).toEqual({
        code: 1,
        stderr: expect.stringContaining('no live data subject has this identity number'),
      });
      const byId = await cli(['erase-subject', subjectWang, '--reason', 'again']);
      expect({ code: byId.code, stderr: byId.stderr }).toEqual({
        code: 1,
        stderr: expect.stringContaining(`${subjectWang} was already erased`),
      });
    });

    it("shows the erased placeholder for the erased people's events in replays, and still decrypts the others", async () => {
      const erasedZhang = { erased: true, subjectId: subjectZhang, reason: expect.any(String) };
      expect(personalOf((await entitledStream(`application-${AGENCY}.z-1`))[0])).toEqual(erasedZhang);
      expect(personalOf((await entitledStream(`application-${AGENCY}.z-2`))[0])).toEqual(erasedZhang);
      expect(personalOf((await entitledStream(`complaint-${AGENCY}.c-1`))[0])).toEqual({
        erased: true,
        subjectId: subjectWang,
        reason: expect.any(String),
      });
      expect(personalOf((await entitledStream(`application-${AGENCY}.l-1`))[0])).toEqual({
        subjectId: subjectLi,
        ...LI,
      });
      expect(personalOf((await entitledStream(`appeal-${AGENCY}.ap-1`))[0])).toEqual({
        subjectId: expect.stringMatching(/^subj_/),
        ...ZHAO,
      });
      const overHttp = await http().get(`/v1/streams/application-${AGENCY}.z-1/events`).set(as('clerk'));
      expect(overHttp.body[0].data.applicant).toEqual(erasedZhang);
      const entitled = (streamId: string) =>
        http()
          .get(`/v1/streams/${streamId}/events?personalData=true&purpose=${encodeURIComponent('复议答辩')}`)
          .set(as('supervisor'));
      expect((await entitled(`application-${AGENCY}.z-1`)).body[0].data.applicant).toEqual(erasedZhang);
      expect((await entitled(`application-${AGENCY}.l-1`)).body[0].data.applicant).toEqual({
        subjectId: subjectLi,
        ...LI,
      });
    });

    it('changes no byte of any event recorded before, and records erasure events that hold no personal data', () => {
      const after = storedRows(dir);
      expect(after.slice(0, rowsBefore.length)).toEqual(rowsBefore);
      const added = after.slice(rowsBefore.length);
      // Besides the erasures, only the access log of the supervisor's reads above.
      expect(new Set(added.map((r) => r.type))).toEqual(new Set(['SubjectErased.v1', 'PersonalDataAccessed.v1']));
      expect(
        added.filter((r) => r.type === 'SubjectErased.v1').map((r) => [r.stream_id, r.type, JSON.parse(r.data)]),
      ).toEqual([
        [`subject-${subjectZhang}`, 'SubjectErased.v1', { subjectId: subjectZhang, reason: expect.any(String) }],
        [
          `subject-${subjectWang}`,
          'SubjectErased.v1',
          { subjectId: subjectWang, reason: 'PIPL art. 47: consent withdrawn' },
        ],
      ]);
    });

    it('still passes `ledger verify` against the checkpoint signed before the erasures, and after a new one', async () => {
      const first = await cli(['verify']);
      expect({ code: first.code, stdout: first.stdout }).toEqual({
        code: 0,
        stdout: expect.stringContaining('verify: intact'),
      });
      expect(await cli(['checkpoint'])).toMatchObject({ code: 0 });
      const second = await cli(['verify']);
      expect({ code: second.code, stdout: second.stdout }).toEqual({
        code: 0,
        stdout: expect.stringContaining('verify: intact'),
      });
      expect(second.stdout).toContain('latest verified checkpoint: #2');
    });

    it("destroys the key: the wrapped key's bytes are gone from the key store file and its WAL", () => {
      expect(wrappedKeyOf(dir, subjectZhang)).toBeUndefined();
      const { files, found } = searchRawBytes(dir, [JSON.parse(zhangWrappedKey).ct as string]);
      expect(files).toContain('keys.sqlite');
      expect(found).toEqual([]);
    });

    it('leaves the figures and the application state unchanged, and commands on the application still work', async () => {
      const figures = await cli(['figures', '2021', '--json']);
      expect(figures.code).toBe(0);
      const { basedOn: _after, ...figuresAfter } = JSON.parse(figures.stdout) as Record<string, unknown>;
      const { basedOn: _before, ...expected } = figuresBefore;
      expect(figuresAfter).toEqual(expected);
      expect((figuresAfter.applications as { received: number }).received).toBe(3);
      expect((await http().get('/v1/applications/z-1').set(as('clerk'))).body).toEqual(applicationBefore);
      expect(
        (
          await http()
            .post('/v1/applications/z-1/acceptance')
            .set(as('clerk'))
            .send({ accepted: true, at: '2021-03-02T09:00:00+08:00' })
        ).status,
      ).toBe(201);
      expect(
        (
          await http()
            .post('/v1/applications/z-1/decision')
            .set(as('clerk'))
            .send({ outcome: 'granted', at: '2021-03-05T09:00:00+08:00' })
        ).status,
      ).toBe(201);
      expect((await http().get('/v1/applications/z-1').set(as('clerk'))).body).toMatchObject({
        phase: 'decided',
        decision: { outcome: 'granted' },
      });
    });

    it('refuses to replay a filing of an erased applicant (SUBJECT.ERASED) and records nothing', async () => {
      const before = storedRows(dir).length;
      const retry = await http().post('/v1/applications').set(as('clerk')).set('Idempotency-Key', 'file-z-1').send({
        applicationId: 'z-1',
        itemCode: 'ZA-001',
        channel: 'window',
        filedAt: '2021-03-01T09:00:00+08:00',
        applicant: ZHANG,
      });
      expect([retry.status, retry.body.code]).toEqual([409, 'SUBJECT.ERASED']);
      expect(storedRows(dir)).toHaveLength(before);
    });

    it('seals a new filing by the erased person under a new subject', async () => {
      expect(
        (
          await http().post('/v1/applications').set(as('clerk')).send({
            applicationId: 'z-3',
            itemCode: 'ZA-001',
            channel: 'app',
            filedAt: '2021-06-01T09:00:00+08:00',
            applicant: ZHANG,
          })
        ).status,
      ).toBe(201);
      const [z3] = await entitledStream(`application-${AGENCY}.z-3`);
      expect(personalOf(z3)).toMatchObject({ name: ZHANG.name });
      expect(personalOf(z3).subjectId).not.toBe(subjectZhang);
    });

    it('still stores no personal data anywhere once the API is closed and the files checkpointed', async () => {
      await closeApi();
      expect(plaintextFound(dir)).toEqual([]);
    });
  });

  describe('when the service starts with the wrong master key, or none', () => {
    it('the API refuses to start, naming the key ids, and records nothing', async () => {
      const before = storedRows(dir).length;
      const run = await runMain('ledger-api', [], {
        LEDGER_DATA_DIR: dir,
        LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /the master key does not match the key store .*keys\.sqlite \(key id [0-9a-f]{16}, store expects [0-9a-f]{16}\)/,
      );
      expect(storedRows(dir)).toHaveLength(before);
    });

    it('the CLI refuses too', async () => {
      const run = await cli(['stream', `application-${AGENCY}.l-1`, '--personal-data', '--purpose', '复议答辩'], {
        LEDGER_MASTER_KEY: randomBytes(32).toString('base64'),
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the master key does not match the key store');
      expect(run.stdout).toBe('');
    });

    it('refuses a malformed key, naming the variable', async () => {
      const run = await cli(['stream', `application-${AGENCY}.l-1`], { LEDGER_MASTER_KEY: 'c2hvcnQ=' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'LEDGER_MASTER_KEY must hold the base64 of 32 random bytes, but it decodes to 5 bytes',
      );
    });

    it('the API refuses to start without any key, saying how to create one', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'ledger-no-key-'));
      try {
        const run = await runMain('ledger-api', [], { LEDGER_DATA_DIR: empty });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('no master key for personal data: set LEDGER_MASTER_KEY');
        expect(run.stderr).toContain(`run \`ledger init-keys\` to create ${join(empty, 'master.key')}`);
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('when the master key is rotated', () => {
    const newKey = join(dir, 'master-2.key');
    let eventsBefore: Row[];

    beforeAll(async () => {
      eventsBefore = storedRows(dir);
      expect((await cli(['init-keys', '--file', newKey])).code).toBe(0);
    });

    it('re-wraps every key under the new one without touching the events', async () => {
      const run = await cli(['rotate-master-key', '--new-key-file', newKey]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      // Zhang (new subject after erasure), Li, Zhao: three live data keys.
      expect(run.stdout).toContain('re-wrapped 3 data keys and 2 secrets');
      expect(storedRows(dir)).toEqual(eventsBefore);
    });

    it('refuses the old key afterwards', async () => {
      const run = await cli(['stream', `application-${AGENCY}.l-1`, '--personal-data']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('the master key does not match the key store');
    });

    it('opens everything with the new key, erased subjects still erased', async () => {
      const env = { LEDGER_MASTER_KEY_FILE: newKey };
      expect(personalOf((await entitledStream(`application-${AGENCY}.l-1`, env))[0])).toEqual({
        subjectId: subjectLi,
        ...LI,
      });
      expect(personalOf((await entitledStream(`application-${AGENCY}.z-3`, env))[0])).toMatchObject({
        name: ZHANG.name,
      });
      expect(personalOf((await entitledStream(`application-${AGENCY}.z-1`, env))[0])).toMatchObject({
        erased: true,
        subjectId: subjectZhang,
      });
      expect(plaintextFound(dir)).toEqual([]);
    });
  });
});
