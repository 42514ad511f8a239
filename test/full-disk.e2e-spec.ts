import type Database from 'better-sqlite3';
import type { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { TestApi, applicationBody, expectProblem, expectRecorded, itemBody, startApi } from './fixtures/e2e-api';

/**
 * A full disk, simulated where SQLite itself says so: `PRAGMA max_page_count` caps the event
 * file at its current size, and SQLite then refuses to grow it with SQLITE_FULL ("database or
 * disk is full"), the error it gives when the file system returns ENOSPC. Writes must get 507
 * problem details, readiness must say not ready, the log must not fill with a stack per request,
 * nothing acknowledged may be lost, and writing must resume by itself once space returns.
 */

const ITEM = 'FD-100';
const INTERVAL_SECONDS = 1;
let api: TestApi;
let db: Database.Database;
const logged: string[] = [];

/** Every log line of the application, whatever its level. */
const capture: LoggerService = {
  log: (message: unknown) => void logged.push(String(message)),
  error: (message: unknown) => void logged.push(String(message)),
  warn: (message: unknown) => void logged.push(String(message)),
  debug: () => undefined,
  verbose: () => undefined,
};

beforeAll(async () => {
  api = await startApi({ env: { LEDGER_ERROR_LOG_INTERVAL_SECONDS: String(INTERVAL_SECONDS) } });
  api.app.useLogger(capture);
  // The store's own connection: max_page_count holds for the connection that writes.
  db = (api.store as unknown as { db: Database.Database }).db;
  expectRecorded(await request(api.server).post('/v1/items').send(itemBody(ITEM)));
});
afterAll(() => api?.close());

const file = (id: string) =>
  request(api.server).post('/v1/applications').set('Idempotency-Key', `fd-${id}`).send(applicationBody(id, ITEM));

describe('when the disk fills up while clerks record facts', () => {
  const acknowledged: { id: string; eventId: string }[] = [];
  const refused: string[] = [];

  it('answers 507 problem details, once the file cannot grow, and records nothing for them', async () => {
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // The last page may still have room for a few events: those are acknowledged and must stay.
    for (let i = 0; i < 200 && refused.length === 0; i++) {
      const id = `fd-${i}`;
      const response = await file(id);
      if (response.status === 201) acknowledged.push({ id, eventId: response.body.eventIds[0] });
      else {
        expectProblem(response, 507);
        refused.push(id);
      }
    }
    expect(refused).toHaveLength(1);
    const head = await api.head();
    const more = Array.from({ length: 40 }, (_, i) => `fd-more-${i}`);
    const responses = await Promise.all(more.map(file));
    for (const response of responses) {
      expectProblem(response, 507);
      expect(response.body).toMatchObject({ code: 'STORE.STORAGE_FULL', title: 'Insufficient storage' });
      expect(response.body.detail).toContain('storage is full');
    }
    refused.push(...more);
    expect(await api.head()).toBe(head);
    for (const id of refused) expect(await api.streamEvents(`application-${api.agency}.${id}`)).toEqual([]);
  });

  it('says not ready on /health/ready while writes fail, naming why', async () => {
    const response = await request(api.server).get('/health/ready');
    expect(response.status).toBe(503);
    expect(response.body.error['event-store-writes']).toMatchObject({
      status: 'down',
      message: 'writes are refused: storage full',
    });
    expect(response.body.error['event-store-writes'].failures).toBeGreaterThanOrEqual(refused.length);
    // Reading still works: the event store itself answers.
    expect(response.body.info['event-store'].status).toBe('up');
  });

  it('logs the condition once per interval with a count, and no stack trace', async () => {
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_SECONDS * 1000 + 300));
    const storageLines = logged.filter((line) => line.includes('STORE.STORAGE_FULL'));
    // On a busy machine the refusals may span more than one interval: each interval with failures
    // opens with the condition and closes with the count of the others, so every refusal is
    // accounted for exactly once and the condition is written once per interval, not per request.
    const condition = /^STORE\.STORAGE_FULL: writes are refused with 507, storage full \(SQLITE_FULL\)/;
    const countLine = new RegExp(`^STORE\\.STORAGE_FULL: (\\d+) more in the last ${INTERVAL_SECONDS} s$`);
    expect(storageLines[0]).toMatch(condition);
    const conditions = storageLines.filter((line) => condition.test(line)).length;
    const counted = storageLines.map((line) => countLine.exec(line)).filter((match) => match !== null);
    expect(conditions + counted.length).toBe(storageLines.length);
    expect(conditions + counted.reduce((sum, match) => sum + Number(match[1]), 0)).toBe(refused.length);
    expect(conditions).toBeLessThanOrEqual(Math.ceil(refused.length / 10));
    expect(logged.filter((line) => /\n\s+at /.test(line))).toEqual([]);
  });

  it('resumes by itself when space returns: retries are recorded once, and every acknowledged event is still there', async () => {
    db.pragma('max_page_count = 1073741823');
    const retried = await Promise.all(refused.map(file));
    for (const response of retried) expectRecorded(response);
    // A second retry of the same commands records nothing new.
    const head = await api.head();
    for (const response of await Promise.all(refused.map(file))) expectRecorded(response);
    expect(await api.head()).toBe(head);
    for (const id of refused) expect(await api.streamEvents(`application-${api.agency}.${id}`)).toHaveLength(1);
    for (const { id, eventId } of acknowledged)
      expect((await api.streamEvents(`application-${api.agency}.${id}`)).map((e) => e.eventId)).toEqual([eventId]);
    const ready = await request(api.server).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info['event-store-writes'].status).toBe('up');
  });
});
