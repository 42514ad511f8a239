import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import {
  CheckpointScheduler,
  LedgerIntegrity,
  createSigningKeyFile,
  exportTrail,
  verifyExport,
  verifyLedger,
} from '@ledger/integrity';
import { runLedgerCli } from '@ledger/integrity/testing/integrity-cli';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * Issue #12 item 3: one event the canonical form cannot express (a lone surrogate, as legacy
 * data or a migration may hold) never stops checkpoints, verify or export — they use the
 * documented fallback encoding for that leaf and say so; and a failing checkpoint schedule makes
 * the API not ready and is counted in /metrics.
 */
const AGENCY = 'jiangmen-psb';
const event = (type: string, data: Record<string, unknown>) => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: {
    agency: AGENCY,
    actor: 'legacy-import',
    businessTime: '2021-03-01T09:00:00+08:00',
    ledgerTime: '2021-03-01T09:03:00+08:00',
  },
});

describe('an event store holding an event RFC 8785 cannot express', () => {
  let dir: string;
  let app: INestApplication;
  let store: SqliteEventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrity-fallback-'));
    createSigningKeyFile(join(dir, 'signing.key'), join(dir, 'signing.pub'), `ledger.${AGENCY}/events`);
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    await store.appendToStream('legacy-1', [event('LegacyNote.v1', { text: 'before' })]);
    // What a migration from an older system may carry: a lone high surrogate in a free-text field.
    await store.appendToStream('legacy-2', [event('LegacyNote.v1', { text: 'broken \ud800 text', ['key\udc00']: 1 })]);
    await store.appendToStream('legacy-3', [event('LegacyNote.v1', { text: 'after' })]);
    app = await createApi(
      {
        eventStore: store,
        config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
        access: { mode: 'off', apiKeysFile: join(dir, 'api-keys.json') },
      },
      false,
    );
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const http = () => request(app.getHttpServer());

  it('still signs a checkpoint over HTTP (201, not 500) covering every event', async () => {
    const signed = await http().post('/v1/integrity/checkpoints').expect(201);
    expect(signed.body).toMatchObject({ treeSize: 3, created: true });
  });

  it('verifies intact, naming the leaf that uses the fallback encoding', async () => {
    const integrity = app.get(LedgerIntegrity);
    const report = await verifyLedger(store, integrity.index, { verifiers: integrity.localVerifiers() });
    expect(report).toMatchObject({
      intact: true,
      eventsRead: 3,
      fallbackLeafCount: 1,
      fallbackLeaves: [{ leafIndex: 1, streamId: 'legacy-2' }],
    });
    expect(report.notes.join('\n')).toMatch(
      /1 event cannot be written in RFC 8785 .*fallback encoding.*leaf 1 \(position \d+, stream legacy-2\)/,
    );
  });

  it('exports the trail, and the export verifies offline, saying which line uses the fallback', async () => {
    const out = join(dir, 'trail');
    const { manifest } = await exportTrail(app.get(LedgerIntegrity), out, { filter: {} });
    expect(manifest).toMatchObject({ eventCount: 3, fallbackEncodedEvents: 1 });
    expect(readFileSync(join(out, 'events.ndjson'), 'utf8').split('\n')[1]).toContain('broken \\ud800 text');
    const verification = await verifyExport(out);
    expect(verification.failures).toEqual([]);
    expect(verification.notes.join('\n')).toMatch(/1 event \(events\.ndjson line 2\) cannot be written in RFC 8785/);
  });

  it('detects an edit of the fallback-encoded event like any other', async () => {
    const integrity = app.get(LedgerIntegrity);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'events.sqlite'));
    const original = db.prepare("SELECT data FROM events WHERE stream_id = 'legacy-2'").pluck().get() as string;
    db.prepare("UPDATE events SET data = replace(data, 'broken', 'mended') WHERE stream_id = 'legacy-2'").run();
    try {
      const report = await verifyLedger(store, integrity.index, { verifiers: integrity.localVerifiers() });
      expect(report.tamper).toMatchObject({ kind: 'changed', leafIndex: 1, streamId: 'legacy-2' });
    } finally {
      db.prepare("UPDATE events SET data = ? WHERE stream_id = 'legacy-2'").run(original);
      db.close();
    }
  });

  it('and through the CLI: checkpoint, verify and export run and say so', async () => {
    await app.close();
    await store.close();
    const checkpoint = await runLedgerCli(dir, ['checkpoint', '--force']);
    expect(checkpoint.code).toBe(0);
    const verify = await runLedgerCli(dir, ['verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/fallback encoding/);
    const exported = await runLedgerCli(dir, ['export', '--out', join(dir, 'trail-cli'), '--purpose', 'fallback test']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/1 event\(s\) cannot be written in RFC 8785/);
    // Reopen for afterAll.
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    app = await createApi(
      {
        eventStore: store,
        config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
        access: { mode: 'off', apiKeysFile: join(dir, 'api-keys.json') },
      },
      false,
    );
    await app.init();
  }, 120_000);
});

describe('a checkpoint schedule that fails', () => {
  let dir: string;
  let app: INestApplication;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'integrity-schedule-'));
    createSigningKeyFile(join(dir, 'signing.key'), join(dir, 'signing.pub'), `ledger.${AGENCY}/events`);
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    await store.appendToStream('legacy-1', [event('LegacyNote.v1', { text: 'one' })]);
    app = await createApi(
      {
        eventStore: store,
        config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: AGENCY }),
        access: { mode: 'off', apiKeysFile: join(dir, 'api-keys.json') },
      },
      false,
    );
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const http = () => request(app.getHttpServer());
  const failedRuns = async () =>
    Number(
      /ledger_checkpoint_runs_total\{outcome="failed"\} (\d+)/.exec(
        (await http().get('/metrics').expect(200)).text,
      )?.[1] ?? 0,
    );

  it('makes /health/ready 503 naming the failure, counts it in /metrics, and recovers by itself', async () => {
    const scheduler = app.get(CheckpointScheduler);
    await scheduler.tick();
    await http().get('/health/ready').expect(200);
    expect(await failedRuns()).toBe(0);

    const key = readFileSync(join(dir, 'signing.key'), 'utf8');
    writeFileSync(join(dir, 'signing.key'), 'not a key\n');
    await scheduler.tick();
    await scheduler.tick();
    await http().get('/health/ready').expect(503);
    expect(scheduler.health()).toMatchObject({
      healthy: false,
      consecutiveFailures: 2,
      lastFailure: { message: expect.stringMatching(/scheduled checkpoint failed: .*signing\.key/) },
    });
    expect(await failedRuns()).toBe(2);
    expect((await http().get('/metrics')).text).toMatch(/ledger_checkpoint_consecutive_failures 2/);

    writeFileSync(join(dir, 'signing.key'), key);
    await scheduler.tick();
    await http().get('/health/ready').expect(200);
    expect((await http().get('/metrics')).text).toMatch(/ledger_checkpoint_consecutive_failures 0/);
  });
});
