import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile, type Role } from '@ledger/operations';
import {
  CheckpointScheduler,
  createSigningKeyFile,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verifyConsistency,
} from '@ledger/integrity';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Issue #5 over HTTP: the latest signed checkpoint is served to anyone (it holds nothing
 * personal, and outsiders should keep copies), checkpoints are signed on demand by the roles
 * that audit or export and on a schedule, and consistency proofs link them.
 */
const AGENCY = 'jiangmen-psb';
const item = (code: string) => ({
  code,
  name: `许可${code}`,
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
});

interface Running {
  readonly app: INestApplication;
  readonly dir: string;
  bearer(role: Role): Record<string, string>;
  close(): Promise<void>;
}

async function start(options: { signingKey: boolean }): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'integrity-api-'));
  if (options.signingKey)
    createSigningKeyFile(join(dir, 'signing.key'), join(dir, 'signing.pub'), `ledger.${AGENCY}/events`);
  const keys = new ApiKeyFile(join(dir, 'api-keys.json'));
  const keyOf = new Map<Role, string>();
  for (const role of ['clerk', 'admin', 'legal', 'supervisor', 'reporting'] as const)
    keyOf.set(role, keys.create(`${role}-key`, [role]).key);
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY });
  const app = await createApi(
    { config, eventStore: store, access: { mode: 'required', apiKeysFile: keys.file } },
    false,
  );
  await app.init();
  return {
    app,
    dir,
    bearer: (role) => ({ authorization: `Bearer ${keyOf.get(role)}` }),
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the integrity endpoints', () => {
  let api: Running;
  beforeAll(async () => (api = await start({ signingKey: true })));
  afterAll(() => api.close());
  const http = () => request(api.app.getHttpServer());

  it('answer 404 for the checkpoint before one is signed, without credentials', async () => {
    const response = await http().get('/v1/integrity/checkpoint').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answer 404 for the latest verification before `ledger verify` ever ran', async () => {
    const response = await http().get('/v1/integrity/verification').expect(404);
    expect(response.body.detail).toContain('ledger verify has not been run');
  });

  it('let the auditing and exporting roles sign a checkpoint on demand, and nobody else', async () => {
    await http().post('/v1/items').set(api.bearer('admin')).send(item('ZA-001')).expect(201);
    await http().post('/v1/integrity/checkpoints').expect(401);
    await http().post('/v1/integrity/checkpoints').set(api.bearer('clerk')).expect(403);
    await http().post('/v1/integrity/checkpoints').set(api.bearer('reporting')).expect(403);
    const signed = await http().post('/v1/integrity/checkpoints').set(api.bearer('legal')).expect(201);
    expect(signed.body).toMatchObject({ id: 1, treeSize: 1, created: true });
    const again = await http().post('/v1/integrity/checkpoints').set(api.bearer('supervisor')).expect(200);
    expect(again.body).toMatchObject({ id: 1, created: false });
  });

  it('serve the latest checkpoint as a signed note that the published verifier key opens', async () => {
    const note = await http().get('/v1/integrity/checkpoint').expect(200);
    expect(note.headers['content-type']).toMatch(/^text\/plain/);
    const key = await http().get('/v1/integrity/verifier-key').expect(200);
    const body = parseCheckpoint(openNote(note.text, [parseVerifierKey(key.text.trim())]).text);
    expect(body).toMatchObject({ origin: `ledger.${AGENCY}/events`, treeSize: 1 });
  });

  it('sign on the schedule when the ledger grew, and prove the later checkpoint extends the earlier', async () => {
    const first = parseCheckpoint(
      (await http().get('/v1/integrity/checkpoint').expect(200)).text.split('\n\n')[0] + '\n',
    );
    await http().post('/v1/items').set(api.bearer('admin')).send(item('ZA-002')).expect(201);
    await http().post('/v1/items').set(api.bearer('admin')).send(item('ZA-003')).expect(201);
    await api.app.get(CheckpointScheduler).tick();
    const second = parseCheckpoint(
      (await http().get('/v1/integrity/checkpoint').expect(200)).text.split('\n\n')[0] + '\n',
    );
    expect(second.treeSize).toBe(3);
    const proof = await http()
      .get(`/v1/integrity/consistency?from=${first.treeSize}&to=${second.treeSize}`)
      .expect(200);
    expect(
      verifyConsistency(
        first.treeSize,
        second.treeSize,
        first.rootHash,
        second.rootHash,
        proof.body.proof.map((hash: string) => Buffer.from(hash, 'base64')),
      ),
    ).toBeUndefined();
  });

  it('refuse consistency proofs for sizes no checkpoint covers, naming the field', async () => {
    const response = await http().get('/v1/integrity/consistency?from=1&to=999').expect(400);
    expect(response.body.errors[0].field).toBe('to');
    await http().get('/v1/integrity/consistency?from=x&to=2').expect(400);
  });
});

describe('the integrity endpoints without a signing key', () => {
  let api: Running;
  beforeAll(async () => (api = await start({ signingKey: false })));
  afterAll(() => api.close());

  it('answer 503 to a checkpoint request, saying how to create the key, and the schedule only indexes', async () => {
    await request(api.app.getHttpServer()).post('/v1/items').set(api.bearer('admin')).send(item('ZA-001')).expect(201);
    const response = await request(api.app.getHttpServer())
      .post('/v1/integrity/checkpoints')
      .set(api.bearer('admin'))
      .expect(503);
    expect(response.body.detail).toContain('ledger init-signing-key');
    await api.app.get(CheckpointScheduler).tick();
    await request(api.app.getHttpServer()).get('/v1/integrity/checkpoint').expect(404);
  });
});
