import request from 'supertest';
import { TestApi, applicationBody, expectProblem, expectRecorded, itemBody, startApi } from './fixtures/e2e-api';

/**
 * Only text the ledger can canonicalise and print safely gets in, and only real instants: each
 * hostile input answers 400 problem details naming the field, and nothing is recorded. Once
 * recorded, such an event could never be removed, and it would stop checkpoints, verify and
 * export, or reach every terminal that prints it.
 */

const ITEM = 'HI-100';
const APPLICATION = 'hostile-1';
let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  expectRecorded(await request(api.server).post('/v1/items').send(itemBody(ITEM)));
  expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody(APPLICATION, ITEM)));
});
afterAll(() => api?.close());

async function recordsNothing(send: () => Promise<request.Response>): Promise<request.Response> {
  const head = await api.head();
  const response = await send();
  expect(await api.head()).toBe(head);
  return response;
}

const acceptance = (overrides: Record<string, unknown> = {}) => ({
  accepted: true,
  at: '2021-03-01T10:00:00+08:00',
  ...overrides,
});
const postJson =
  (path: string, body: unknown, headers: Record<string, string> = {}) =>
  () => {
    let call = request(api.server).post(path).set('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    // Sent as the exact bytes given: superagent would otherwise serialise a Buffer as JSON.
    return call
      .serialize((raw: unknown) => raw as string)
      .send((typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)) as string);
  };

describe('when a string is not well-formed Unicode', () => {
  it.each([
    ['actor', `/v1/applications/${APPLICATION}/acceptance`, acceptance({ actor: 'clerk-\ud800' })],
    [
      'reason',
      `/v1/applications/${APPLICATION}/withdrawal`,
      { at: '2021-03-01T10:00:00+08:00', reason: 'lone \udc00 surrogate' },
    ],
    ['applicant.name', '/v1/applications', applicationBody('hostile-sur', ITEM, { applicant: { name: '\ud83d' } })],
  ])('refuses a lone surrogate in %s', async (field, path, body) => {
    // JSON.stringify escapes a lone surrogate as \ud800: valid JSON, but not text RFC 8785 can canonicalise.
    const response = await recordsNothing(postJson(path, body));
    expectProblem(response, 400, field);
    expect(response.body.code).toBe('INPUT.INVALID');
  });
});

describe('when a string holds control characters', () => {
  it.each([
    [
      'an escape sequence in the actor',
      'actor',
      `/v1/applications/${APPLICATION}/acceptance`,
      acceptance({ actor: '\u001b[2Jclerk' }),
    ],
    [
      'a newline in the actor (a fake log line)',
      'actor',
      `/v1/applications/${APPLICATION}/acceptance`,
      acceptance({ actor: 'clerk\n2021-03-01 granted' }),
    ],
    [
      'NUL in a reason',
      'reason',
      `/v1/applications/${APPLICATION}/withdrawal`,
      { at: '2021-03-01T10:00:00+08:00', reason: 'a\u0000b' },
    ],
    [
      'a carriage return in a reason',
      'reason',
      `/v1/applications/${APPLICATION}/withdrawal`,
      { at: '2021-03-01T10:00:00+08:00', reason: 'a\rb' },
    ],
    ['a C1 control in an item name', 'name', '/v1/items', itemBody('HI-C1', { name: '许可\u009b证' })],
    ['a tab in a department', 'department', '/v1/items', itemBody('HI-TAB', { department: '治\t安' })],
    ['a bidirectional override in an item name', 'name', '/v1/items', itemBody('HI-BIDI', { name: '许可证\u202e' })],
    [
      'a line separator in an applicant name',
      'applicant.name',
      '/v1/applications',
      applicationBody('hostile-ls', ITEM, { applicant: { name: '王\u2028小明' } }),
    ],
  ])('refuses %s', async (_what, field, path, body) => {
    const response = await recordsNothing(postJson(path, body));
    expectProblem(response, 400, field);
  });

  it('lets free text carry tabs and newlines', async () => {
    const id = 'hostile-free-text';
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody(id, ITEM)));
    const response = await request(api.server)
      .post(`/v1/applications/${id}/withdrawal`)
      .send({ at: '2021-03-01T10:00:00+08:00', reason: '申请人撤回：\n\t材料不全' });
    expectRecorded(response);
    const [, withdrawn] = await api.streamEvents(`application-${api.agency}.${id}`);
    expect(withdrawn.data).toMatchObject({ reason: '申请人撤回：\n\t材料不全' });
  });
});

describe('when the body is not valid UTF-8', () => {
  it('refuses it instead of replacing the bytes', async () => {
    const body = Buffer.concat([
      Buffer.from(JSON.stringify(acceptance()).slice(0, -1) + ',"actor":"M'),
      Buffer.from([0xfc]),
      Buffer.from('ller"}'),
    ]);
    const response = await recordsNothing(postJson(`/v1/applications/${APPLICATION}/acceptance`, body));
    expectProblem(response, 400, '(body)');
    expect(response.body.detail).toBe('the request body is not valid UTF-8');
  });
});

describe('when a key could reach an object prototype', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s like any unknown field', async (key) => {
    const body = `{"accepted":true,"at":"2021-03-01T10:00:00+08:00","${key}":{"polluted":true}}`;
    const response = await recordsNothing(postJson(`/v1/applications/${APPLICATION}/acceptance`, body));
    expectProblem(response, 400, key);
    expect(response.body.errors[0].message).toBe(`unknown field ${key}`);
  });

  it('refuses it nested too', async () => {
    const body = `{"applicationId":"hostile-proto","itemCode":"${ITEM}","channel":"online","filedAt":"2021-03-01T09:00:00+08:00","applicant":{"name":"甲","__proto__":{"x":1}}}`;
    expectProblem(await recordsNothing(postJson('/v1/applications', body)), 400, 'applicant.__proto__');
  });
});

describe('when the JSON nests deeper than 32 levels', () => {
  it('answers 400, not 500, for 5,000 levels', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = `{"accepted":true,"at":"2021-03-01T10:00:00+08:00","reason":${deep}}`;
    const response = await recordsNothing(postJson(`/v1/applications/${APPLICATION}/acceptance`, body));
    expect(response.status).toBe(400);
    expectProblem(response, 400);
    expect(response.body.errors[0].message).toContain('32 levels');
  });
});

describe('when a stored header is not a short printable token', () => {
  it.each([
    ['Idempotency-Key', 'k'.repeat(8000)],
    ['X-Correlation-Id', 'c'.repeat(8000)],
    ['X-Causation-Id', 'c'.repeat(201)],
    ['Idempotency-Key', 'key with spaces'],
  ])('refuses %s of %#', async (header, value) => {
    const response = await recordsNothing(
      postJson(`/v1/applications/${APPLICATION}/acceptance`, acceptance(), { [header]: value }),
    );
    expectProblem(response, 400, header);
  });

  it('accepts one of 200 characters', async () => {
    const id = 'hostile-long-key';
    const response = await request(api.server)
      .post('/v1/applications')
      .set('Idempotency-Key', 'k'.repeat(200))
      .send(applicationBody(id, ITEM));
    expectRecorded(response);
  });
});

describe('when an instant is not a real instant', () => {
  it.each([
    ['+99:00', '2021-03-03T10:00:00+99:00'],
    ['+25:00', '2021-03-03T10:00:00+25:00'],
    ['-13:00', '2021-03-03T10:00:00-13:00'],
    ['+08:75', '2021-03-03T10:00:00+08:75'],
    ['the year 0001', '0001-03-03T10:00:00+08:00'],
  ])('refuses the offset or year %s in a business time', async (_what, at) => {
    const response = await recordsNothing(postJson(`/v1/applications/${APPLICATION}/acceptance`, acceptance({ at })));
    expectProblem(response, 400, 'at');
    expect(response.body.errors[0].message).toContain('-12:00 to +14:00');
  });

  it('accepts +14:00 and -12:00', async () => {
    const id = 'hostile-offsets';
    expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody(id, ITEM, { filedAt: '2021-03-01T14:00:00+14:00' })),
    );
    expectRecorded(
      await request(api.server)
        .post(`/v1/applications/${id}/acceptance`)
        .send(acceptance({ at: '2021-02-28T20:00:00-12:00' })),
    );
  });

  it.each([
    ['/v1/figures/2021', 'asOf'],
    ['/v1/figures/2021/monthly', 'asOf'],
    ['/v1/reports/2021?format=json', 'asOf'],
    ['/v1/audit/replay', 'upTo'],
  ])('answers 400 for %s with %s at +25:00', async (path, parameter) => {
    const response = await request(api.server)
      .get(path)
      .query({ [parameter]: '2021-03-30T18:00:00+25:00' });
    expectProblem(response, 400, parameter);
  });
});

describe('when the purpose of a read of personal data holds control characters', () => {
  it('refuses it, naming purpose, and records no access', async () => {
    const response = await recordsNothing(() =>
      request(api.server)
        .get(`/v1/streams/application-${api.agency}.${APPLICATION}/events`)
        .query({ personalData: 'true', purpose: '复议\u001b[2J' }),
    );
    expectProblem(response, 400, 'purpose');
  });
});
