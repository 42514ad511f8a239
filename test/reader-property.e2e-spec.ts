import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { createSigningKeyFile } from '@ledger/integrity';
import { loadLedgerConfig } from '@ledger/ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { TEST_MASTER_KEY, runCli } from './fixtures/ledger-cli';

/**
 * No reader of stored events answers 500 for an event the validators let in. Black box: generated
 * commands, with generated instants (every offset and year the parser allows, and some it does
 * not) and generated strings (any code point, lone surrogates and controls included), go through
 * the HTTP API; whatever it records is then read back through every reader: figures (yearly,
 * departments, items, monthly), the compliance check, the replays, the trails, the report, the
 * stream, a checkpoint over HTTP, and `ledger checkpoint`, `verify`, `export`, `stream` on the
 * command line. Refusals (4xx) are fine; a 5xx or a failing CLI is not.
 */

const AGENCY = 'jiangmen-psb';
const NOW = Date.parse('2021-07-01T12:00:00+08:00');
const ITEMS = ['PR-A', 'PR-B'];
const APPLICATIONS = ['pr-1', 'pr-2', 'pr-3'];
const COMPLAINTS = ['prc-1', 'prc-2'];

let app: INestApplication;
let dir: string;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reader-property-'));
  createSigningKeyFile(join(dir, 'signing.key'), join(dir, 'signing.pub'), `ledger.${AGENCY}/events`);
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dir,
    LEDGER_AGENCY: AGENCY,
    LEDGER_MASTER_KEY: TEST_MASTER_KEY,
    LEDGER_CHECKPOINT_EVERY_SECONDS: '0',
  });
  app = await createApi(
    { config, eventStore: new SqliteEventStore(join(dir, 'events.sqlite')), clock: () => NOW },
    false,
  );
  await app.init();
  // A catalogue to file against, in force from long ago.
  for (const code of ITEMS) {
    await http()
      .post('/v1/items')
      .send({
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
        effectiveFrom: '1990-01-01T00:00:00+08:00',
      })
      .expect(201);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Instants the parser accepts, over its whole range (offsets −12:00…+14:00, any minutes, years 1900–2999, fractions). */
const validInstant = fc
  .record({
    year: fc.oneof(fc.integer({ min: 2018, max: 2021 }), fc.integer({ min: 1900, max: 2999 })),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    offset: fc.oneof(fc.constant(480), fc.integer({ min: -720, max: 840 })),
  })
  .map(({ year, month, day, hour, minute, second, fraction, offset }) => {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const sign = offset < 0 ? '-' : '+';
    const zone = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(day, lastDay))}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction ? `.${fraction}` : ''}${zone}`;
  });

/** Mostly valid instants; some the parser must refuse (+25:00, 30 February, year 0001, free text). */
const instant = fc.oneof(
  { weight: 8, arbitrary: validInstant },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2021-03-03T10:00:00+25:00',
      '2021-02-30T10:00:00+08:00',
      '0001-01-01T00:00:00Z',
      '2021-03-03T10:00:00+08:99',
      '2021-03-03T24:00:00Z',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Any text: full Unicode, lone surrogates and control characters included, or plain Chinese. */
const text = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom('材料不全', '不符合条件', '《行政许可法》第三十八条', 'a\tb\nc'),
);

const command = fc.oneof(
  fc.record({
    kind: fc.constant('file' as const),
    id: fc.constantFrom(...APPLICATIONS),
    item: fc.constantFrom(...ITEMS),
    at: instant,
    name: text,
  }),
  fc.record({
    kind: fc.constant('accept' as const),
    id: fc.constantFrom(...APPLICATIONS),
    at: instant,
    accepted: fc.boolean(),
    reason: text,
  }),
  fc.record({ kind: fc.constant('suspend' as const), id: fc.constantFrom(...APPLICATIONS), at: instant, reason: text }),
  fc.record({ kind: fc.constant('resume' as const), id: fc.constantFrom(...APPLICATIONS), at: instant }),
  fc.record({
    kind: fc.constant('extend' as const),
    id: fc.constantFrom(...APPLICATIONS),
    at: instant,
    reason: text,
    approvedBy: text,
  }),
  fc.record({
    kind: fc.constant('decide' as const),
    id: fc.constantFrom(...APPLICATIONS),
    at: instant,
    granted: fc.boolean(),
    reason: text,
  }),
  fc.record({
    kind: fc.constant('disclose' as const),
    id: fc.constantFrom(...APPLICATIONS),
    at: instant,
    channel: text,
  }),
  fc.record({
    kind: fc.constant('rate' as const),
    id: fc.constantFrom(...APPLICATIONS),
    at: instant,
    level: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('complain' as const),
    id: fc.constantFrom(...COMPLAINTS),
    at: instant,
    subject: text,
    department: text,
  }),
  fc.record({
    kind: fc.constant('resolve' as const),
    id: fc.constantFrom(...COMPLAINTS),
    at: instant,
    valid: fc.boolean(),
    outcome: text,
  }),
  fc.record({ kind: fc.constant('inspect' as const), at: instant, findings: text, department: text, actor: text }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

function send(c: Command): request.Test {
  switch (c.kind) {
    case 'file':
      return http()
        .post('/v1/applications')
        .send({ applicationId: c.id, itemCode: c.item, channel: 'online', filedAt: c.at, applicant: { name: c.name } });
    case 'accept':
      return http()
        .post(`/v1/applications/${c.id}/acceptance`)
        .send({ accepted: c.accepted, at: c.at, ...(c.accepted ? {} : { reason: c.reason }) });
    case 'suspend':
      return http().post(`/v1/applications/${c.id}/suspensions`).send({ kind: 'testing', at: c.at, reason: c.reason });
    case 'resume':
      return http().post(`/v1/applications/${c.id}/resumptions`).send({ at: c.at });
    case 'extend':
      return http()
        .post(`/v1/applications/${c.id}/extensions`)
        .send({ days: 10, at: c.at, reason: c.reason, approvedBy: c.approvedBy });
    case 'decide':
      return http()
        .post(`/v1/applications/${c.id}/decision`)
        .send(
          c.granted
            ? { outcome: 'granted', at: c.at }
            : { outcome: 'denied', at: c.at, reason: c.reason, legalBasis: c.reason },
        );
    case 'disclose':
      return http().post(`/v1/applications/${c.id}/disclosure`).send({ at: c.at, channel: c.channel });
    case 'rate':
      return http().post(`/v1/applications/${c.id}/ratings`).send({ at: c.at, level: c.level });
    case 'complain':
      return http()
        .post('/v1/complaints')
        .send({ complaintId: c.id, at: c.at, channel: '12345热线', subject: c.subject, department: c.department });
    case 'resolve':
      return http().post(`/v1/complaints/${c.id}/resolution`).send({ at: c.at, valid: c.valid, outcome: c.outcome });
    case 'inspect':
      return http().post('/v1/inspections').send({
        kind: 'external-supervision',
        at: c.at,
        department: c.department,
        findings: c.findings,
        rectificationRequired: false,
        actor: c.actor,
      });
  }
}

/** Every reader over HTTP; returns the ones that answered 5xx. */
async function serverErrors(asOf: string): Promise<string[]> {
  const years = ['2018', '2019', '2020', '2021'];
  const paths = [
    ...years.flatMap((y) => [
      `/v1/figures/${y}`,
      `/v1/figures/${y}/departments`,
      `/v1/figures/${y}/items`,
      `/v1/figures/${y}/monthly`,
      `/v1/audit/compliance/${y}`,
      `/v1/reports/${y}?format=json`,
      `/v1/reports/${y}?format=md`,
      `/v1/reports/${y}?format=html`,
    ]),
    `/v1/figures/2021?asOf=${encodeURIComponent(asOf)}`,
    `/v1/figures/2021/monthly?asOf=${encodeURIComponent(asOf)}`,
    `/v1/audit/replay?upTo=${encodeURIComponent(asOf)}`,
    '/v1/audit/replay',
    ...APPLICATIONS.flatMap((id) => [
      `/v1/audit/applications/${id}/replay`,
      `/v1/applications/${id}`,
      `/v1/streams/application-${AGENCY}.${id}/events`,
      `/v1/trails/applications/${id}?purpose=${encodeURIComponent('行政复议答辩')}&format=json`,
      `/v1/trails/applications/${id}?purpose=${encodeURIComponent('行政复议答辩')}&format=html`,
    ]),
    ...COMPLAINTS.map((id) => `/v1/trails/complaints/${id}?purpose=${encodeURIComponent('投诉复核')}&format=json`),
  ];
  const failed: string[] = [];
  for (const path of paths) {
    const response = await http().get(path);
    if (response.status >= 500) failed.push(`GET ${path}: ${response.status} ${response.text.slice(0, 300)}`);
  }
  const checkpoint = await http().post('/v1/integrity/checkpoints');
  if (checkpoint.status >= 500)
    failed.push(`POST /v1/integrity/checkpoints: ${checkpoint.status} ${checkpoint.text.slice(0, 300)}`);
  return failed;
}

describe('generated commands with generated instants and strings', () => {
  it('are recorded or refused with 4xx, and every HTTP reader answers them without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), validInstant, async (commands, asOf) => {
        for (const c of commands) {
          const response = await send(c);
          expect({
            command: c,
            status: response.status < 500 ? 'below 500' : `${response.status} ${response.text}`,
          }).toEqual({ command: c, status: 'below 500' });
        }
        expect(await serverErrors(asOf)).toEqual([]);
      }),
      { numRuns: 40 },
    );
    // The property is only worth something if the generated facts got in.
    const head = (await http().get('/v1/audit/replay?limit=10000').expect(200)).body.summary.events;
    expect(head).toBeGreaterThan(ITEMS.length + 10);
  }, 600_000);

  it('leave the command line able to checkpoint, verify, export and print the ledger', async () => {
    const checkpoint = await runCli(dir, ['checkpoint']);
    expect({ code: checkpoint.code, stderr: checkpoint.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/error|fail/i),
    });
    const verify = await runCli(dir, ['verify']);
    expect({ code: verify.code, stderr: verify.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/error|fail/i),
    });
    const exported = await runCli(dir, ['export', '--out', join(dir, 'export-all'), '--purpose', '属性测试']);
    expect({ code: exported.code, stderr: exported.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/error|fail/i),
    });
    const verifyExport = await runCli(dir, ['verify-export', join(dir, 'export-all')]);
    expect({ code: verifyExport.code, stderr: verifyExport.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringMatching(/error|fail/i),
    });
    for (const id of APPLICATIONS) {
      const stream = await runCli(dir, ['stream', `application-${AGENCY}.${id}`]);
      // A stream never filed is "no stream" (exit 1, said so); anything else prints.
      if (stream.code !== 0) expect(stream.stderr).toContain(`no stream application-${AGENCY}.${id}`);
      // Nothing stored reaches the terminal as a control sequence.
      expect(stream.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
  }, 300_000);
});
