import request from 'supertest';
import { TestApi, applicationBody, expectProblem, expectRecorded, itemBody, startApi } from './fixtures/e2e-api';

/**
 * One case per class of bad input: each answers with an RFC 9457 problem (the status in the
 * body equal to the HTTP status, the field named where there is one) and records nothing.
 */

const ITEM = 'ZA-100';
let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  expectRecorded(await request(api.server).post('/v1/items').send(itemBody(ITEM)));
});
afterAll(() => api?.close());

/** Runs `send`, then asserts the store's head and the watched streams did not move. */
async function recordsNothing(
  send: () => Promise<request.Response>,
  watched: string[] = [],
): Promise<request.Response> {
  const head = await api.head();
  const before = await Promise.all(watched.map((s) => api.streamEvents(s)));
  const response = await send();
  expect(await api.head()).toBe(head);
  expect(await Promise.all(watched.map((s) => api.streamEvents(s)))).toEqual(before);
  return response;
}

const post =
  (path: string, body: unknown, headers: Record<string, string> = {}) =>
  () => {
    let call = request(api.server).post(path);
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    return call.send(body as object);
  };

/** Files an application and walks it through `steps` (paths under the application, with bodies), each expected to succeed. */
async function application(id: string, steps: [string, Record<string, unknown>][] = [], item = ITEM): Promise<string> {
  expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody(id, item)));
  for (const [path, body] of steps)
    expectRecorded(await request(api.server).post(`/v1/applications/${id}/${path}`).send(body));
  return `application-${api.agency}.${id}`;
}

const ACCEPT: [string, Record<string, unknown>] = ['acceptance', { accepted: true, at: '2021-03-01T10:00:00+08:00' }];
const GRANT: [string, Record<string, unknown>] = ['decision', { outcome: 'granted', at: '2021-03-05T10:00:00+08:00' }];
const DENY: [string, Record<string, unknown>] = [
  'decision',
  { outcome: 'denied', at: '2021-03-05T10:00:00+08:00', reason: '不符合条件', legalBasis: '《行政许可法》第三十八条' },
];

describe('when the body is not valid JSON', () => {
  it('answers 400 and records nothing', async () => {
    const response = await recordsNothing(() =>
      request(api.server)
        .post('/v1/applications')
        .set('content-type', 'application/json')
        .send('{"applicationId": "bad-json", '),
    );
    expectProblem(response, 400, '(body)');
    expect(response.body.detail).toBe('the request body is not valid JSON');
  });
});

describe('when a field has the wrong type', () => {
  it.each([
    ['a number given as text', '/v1/items', itemBody('ZA-WT1', { statutoryDays: 'twenty' }), 'statutoryDays'],
    ['a flag given as text', '/v1/items', itemBody('ZA-WT2', { fullyOnline: 'yes' }), 'fullyOnline'],
    [
      'an object given as text',
      '/v1/applications',
      applicationBody('wrong-type-1', ITEM, { applicant: '王小明' }),
      'applicant',
    ],
    [
      'a text given as a number',
      '/v1/applications',
      applicationBody('wrong-type-2', ITEM, { itemCode: 100 }),
      'itemCode',
    ],
    [
      'a value outside its enumeration',
      '/v1/applications',
      applicationBody('wrong-type-3', ITEM, { channel: 'fax' }),
      'channel',
    ],
    [
      'a fractional level',
      '/v1/applications/whatever/ratings',
      { at: '2021-03-01T10:00:00+08:00', level: 4.5 },
      'level',
    ],
  ])('answers 400 naming the field for %s, and records nothing', async (_what, path, body, field) => {
    expectProblem(await recordsNothing(post(path, body)), 400, field);
  });
});

describe('when the body has a field the command does not know', () => {
  it('answers 400 naming the unknown top-level field, and records nothing', async () => {
    expectProblem(
      await recordsNothing(post('/v1/applications', applicationBody('unknown-1', ITEM, { hacked: true }))),
      400,
      'hacked',
    );
  });

  it('answers 400 naming the unknown field inside applicant, and records nothing', async () => {
    const body = applicationBody('unknown-2', ITEM);
    expectProblem(
      await recordsNothing(
        post('/v1/applications', { ...body, applicant: { ...(body.applicant as object), religion: '无' } }),
      ),
      400,
      'applicant.religion',
    );
  });
});

describe('when a required field is missing', () => {
  it.each([
    [
      'itemCode',
      '/v1/applications',
      (() => {
        const { itemCode: _, ...rest } = applicationBody('missing-1', ITEM);
        return rest;
      })(),
    ],
    [
      'applicant',
      '/v1/applications',
      (() => {
        const { applicant: _, ...rest } = applicationBody('missing-2', ITEM);
        return rest;
      })(),
    ],
    [
      'applicant.name',
      '/v1/applications',
      applicationBody('missing-3', ITEM, { applicant: { idNumber: '440702199001011234' } }),
    ],
    [
      'effectiveFrom',
      '/v1/items',
      (() => {
        const { effectiveFrom: _, ...rest } = itemBody('ZA-MISSING');
        return rest;
      })(),
    ],
    [
      'at',
      '/v1/inspections',
      { kind: 'external-supervision', department: '治安', findings: '无', rectificationRequired: false },
    ],
  ])('answers 400 naming %s, and records nothing', async (field, path, body) => {
    expectProblem(await recordsNothing(post(path, body)), 400, field);
  });
});

describe('when a text the law requires is sent as null', () => {
  it.each<[string, [string, Record<string, unknown>][], [string, Record<string, unknown>], string]>([
    [
      'the reason of a non-acceptance',
      [],
      ['acceptance', { accepted: false, at: '2021-03-01T10:00:00+08:00', reason: null }],
      'reason',
    ],
    [
      'the reason of a denial',
      [ACCEPT],
      ['decision', { outcome: 'denied', at: '2021-03-05T10:00:00+08:00', reason: null, legalBasis: '《行政许可法》' }],
      'reason',
    ],
    [
      'the legal basis of a denial',
      [ACCEPT],
      ['decision', { outcome: 'denied', at: '2021-03-05T10:00:00+08:00', reason: '不符合条件', legalBasis: null }],
      'legalBasis',
    ],
    [
      'the channel of a disclosure',
      [ACCEPT, GRANT],
      ['disclosure', { at: '2021-03-06T10:00:00+08:00', channel: null }],
      'channel',
    ],
    [
      'the legal basis of an exemption',
      [ACCEPT, GRANT],
      ['disclosure', { at: '2021-03-06T10:00:00+08:00', exempt: true, legalBasis: null }],
      'legalBasis',
    ],
  ])('answers 400 naming the field for %s, and records nothing', async (what, steps, [path, body], field) => {
    const id = `null-${what.replace(/[^a-z0-9]+/g, '-')}`;
    const stream = await application(id, steps);
    expectProblem(await recordsNothing(post(`/v1/applications/${id}/${path}`, body), [stream]), 400, field);
  });
});

describe('when a business time is not a real instant', () => {
  it('answers 400 naming the field for an impossible date (2021-02-30), and records nothing', async () => {
    expectProblem(
      await recordsNothing(
        post('/v1/applications', applicationBody('impossible-1', ITEM, { filedAt: '2021-02-30T09:00:00+08:00' })),
      ),
      400,
      'filedAt',
    );
    const stream = await application('impossible-2');
    expectProblem(
      await recordsNothing(
        post('/v1/applications/impossible-2/acceptance', { accepted: true, at: '2021-02-29T10:00:00+08:00' }),
        [stream],
      ),
      400,
      'at',
    );
  });

  it('answers 400 naming the field for a time without an offset, and records nothing', async () => {
    expectProblem(
      await recordsNothing(
        post('/v1/applications', applicationBody('no-offset-1', ITEM, { filedAt: '2021-03-01T09:00:00' })),
      ),
      400,
      'filedAt',
    );
    expectProblem(
      await recordsNothing(post('/v1/applications', applicationBody('no-offset-2', ITEM, { filedAt: '2021-03-01' }))),
      400,
      'filedAt',
    );
  });

  it("answers 400 naming the field for a business time after the server's clock, and records nothing", async () => {
    // The server's clock says 2021-07-01T12:00+08:00: a minute's tolerance, no more.
    expectProblem(
      await recordsNothing(
        post('/v1/applications', applicationBody('future-1', ITEM, { filedAt: '2021-07-01T12:05:00+08:00' })),
      ),
      400,
      'filedAt',
    );
    const stream = await application('future-2');
    expectProblem(
      await recordsNothing(
        post('/v1/applications/future-2/acceptance', { accepted: true, at: '2099-01-01T00:00:00+08:00' }),
        [stream],
      ),
      400,
      'at',
    );
  });

  it('answers 400 naming the field for a business time before the fact it follows, and records nothing', async () => {
    const stream = await application('before-1', [ACCEPT]);
    expectProblem(
      await recordsNothing(
        post('/v1/applications/before-1/decision', { outcome: 'granted', at: '2021-03-01T09:59:00+08:00' }),
        [stream],
      ),
      400,
      'at',
    );
    const filed = await application('before-2');
    expectProblem(
      await recordsNothing(
        post('/v1/applications/before-2/acceptance', { accepted: true, at: '2021-02-28T10:00:00+08:00' }),
        [filed],
      ),
      400,
      'at',
    );
  });
});

describe('when the item is not usable on the filing date', () => {
  it('answers 404 naming itemCode for an unknown item, and records nothing', async () => {
    expectProblem(
      await recordsNothing(post('/v1/applications', applicationBody('no-item', 'NO-SUCH-ITEM'))),
      404,
      'itemCode',
    );
  });

  it('answers 422 naming itemCode for an item that only takes effect later, and records nothing', async () => {
    expectRecorded(
      await request(api.server)
        .post('/v1/items')
        .send(itemBody('ZA-LATER', { effectiveFrom: '2021-05-01T00:00:00+08:00' })),
    );
    expectProblem(
      await recordsNothing(
        post('/v1/applications', applicationBody('too-early', 'ZA-LATER', { filedAt: '2021-04-30T23:59:00+08:00' })),
      ),
      422,
      'itemCode',
    );
    // The day it takes effect, it can be applied for.
    expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody('in-time', 'ZA-LATER', { filedAt: '2021-05-01T00:00:00+08:00' })),
    );
  });

  it('answers 422 naming itemCode for a retired item, and records nothing', async () => {
    expectRecorded(await request(api.server).post('/v1/items').send(itemBody('ZA-RETIRED')));
    expectRecorded(
      await request(api.server)
        .post('/v1/items/ZA-RETIRED/retirement')
        .send({ effectiveFrom: '2021-02-01T00:00:00+08:00', reason: '事项取消' }),
    );
    expectProblem(
      await recordsNothing(post('/v1/applications', applicationBody('retired-item', 'ZA-RETIRED'))),
      422,
      'itemCode',
    );
  });
});

describe('when the application does not exist', () => {
  it('answers 404 naming applicationId, and records nothing', async () => {
    expectProblem(
      await recordsNothing(post('/v1/applications/never-filed/acceptance', ACCEPT[1])),
      404,
      'applicationId',
    );
    expectProblem(await request(api.server).get('/v1/applications/never-filed'), 404, 'applicationId');
  });
});

describe('when a transition is illegal', () => {
  const SUSPEND: [string, Record<string, unknown>] = [
    'suspensions',
    { at: '2021-03-02T10:00:00+08:00', kind: 'hearing' },
  ];
  const EXTEND: [string, Record<string, unknown>] = [
    'extensions',
    { at: '2021-03-02T10:00:00+08:00', days: 5, reason: '复杂', approvedBy: '局长' },
  ];
  it.each<[string, [string, Record<string, unknown>][], [string, Record<string, unknown>], number, string | undefined]>(
    [
      ['a decision before acceptance', [], GRANT, 422, undefined],
      ['a second decision', [ACCEPT, GRANT], DENY, 409, undefined],
      [
        'the disclosure of a denial',
        [ACCEPT, DENY],
        ['disclosure', { at: '2021-03-06T10:00:00+08:00', channel: '信用江门网' }],
        422,
        undefined,
      ],
      [
        'an exemption from disclosure without legal basis',
        [ACCEPT, GRANT],
        ['disclosure', { at: '2021-03-06T10:00:00+08:00', exempt: true }],
        400,
        'legalBasis',
      ],
      [
        'a second extension',
        [ACCEPT, EXTEND],
        ['extensions', { at: '2021-03-03T10:00:00+08:00', days: 3, reason: '再次', approvedBy: '局长' }],
        409,
        undefined,
      ],
      [
        'an extension of more than 10 days',
        [ACCEPT],
        ['extensions', { at: '2021-03-02T10:00:00+08:00', days: 11, reason: '复杂', approvedBy: '局长' }],
        400,
        'days',
      ],
      [
        'a denial without reason',
        [ACCEPT],
        ['decision', { outcome: 'denied', at: '2021-03-05T10:00:00+08:00', legalBasis: '《行政许可法》' }],
        400,
        'reason',
      ],
      [
        'a denial without legal basis',
        [ACCEPT],
        ['decision', { outcome: 'denied', at: '2021-03-05T10:00:00+08:00', reason: '不符合条件' }],
        400,
        'legalBasis',
      ],
      ['a decision while suspended', [ACCEPT, SUSPEND], GRANT, 422, undefined],
      [
        'a withdrawal after the decision',
        [ACCEPT, GRANT],
        ['withdrawal', { at: '2021-03-06T10:00:00+08:00' }],
        422,
        undefined,
      ],
      [
        'a certificate for a denial',
        [ACCEPT, DENY],
        ['certificates', { at: '2021-03-06T10:00:00+08:00', form: 'paper', delivery: 'collect' }],
        422,
        undefined,
      ],
      [
        'a rating before the application is concluded',
        [ACCEPT],
        ['ratings', { at: '2021-03-06T10:00:00+08:00', level: 5 }],
        422,
        undefined,
      ],
      [
        'a rectification of a good rating',
        [ACCEPT, GRANT, ['ratings', { at: '2021-03-06T10:00:00+08:00', level: 4 }]],
        ['rating-rectification', { at: '2021-03-07T10:00:00+08:00', measures: '回访' }],
        422,
        undefined,
      ],
      [
        'an acceptance after a withdrawal',
        [['withdrawal', { at: '2021-03-01T09:30:00+08:00' }]],
        ACCEPT,
        422,
        undefined,
      ],
      [
        'a resumption while not suspended',
        [ACCEPT],
        ['resumptions', { at: '2021-03-02T10:00:00+08:00' }],
        422,
        undefined,
      ],
    ],
  )('answers with a problem for %s, and records nothing', async (what, steps, [path, body], status, field) => {
    const id = `illegal-${what.replace(/[^a-z0-9]+/g, '-')}`;
    const stream = await application(id, steps);
    expectProblem(await recordsNothing(post(`/v1/applications/${id}/${path}`, body), [stream]), status, field);
  });

  it('answers 422 to concluding an appeal twice and to resolving a complaint twice, and records nothing', async () => {
    expectRecorded(
      await request(api.server)
        .post('/v1/appeals')
        .send({ appealId: 'apl-twice', kind: 'litigation', at: '2021-04-01T10:00:00+08:00' }),
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/appeals/apl-twice/conclusion')
        .send({ at: '2021-05-01T10:00:00+08:00', outcome: '驳回' }),
    );
    expectProblem(
      await recordsNothing(
        post('/v1/appeals/apl-twice/conclusion', { at: '2021-05-02T10:00:00+08:00', outcome: '改判' }),
        [`appeal-${api.agency}.apl-twice`],
      ),
      422,
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/complaints')
        .send({ complaintId: 'cmp-twice', at: '2021-04-01T10:00:00+08:00', channel: '信访', subject: '态度' }),
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/complaints/cmp-twice/resolution')
        .send({ at: '2021-04-02T10:00:00+08:00', valid: false, outcome: '不属实' }),
    );
    expectProblem(
      await recordsNothing(
        post('/v1/complaints/cmp-twice/resolution', { at: '2021-04-03T10:00:00+08:00', valid: true, outcome: '属实' }),
        [`complaint-${api.agency}.cmp-twice`],
      ),
      422,
    );
  });
});

describe('when an Idempotency-Key is reused with a different body', () => {
  it('answers 400 naming Idempotency-Key, and records nothing', async () => {
    const stream = await application('idem-reuse');
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/idem-reuse/acceptance')
        .set('Idempotency-Key', 'key-reused')
        .send(ACCEPT[1]),
    );
    expectProblem(
      await recordsNothing(
        post(
          '/v1/applications/idem-reuse/acceptance',
          { ...ACCEPT[1], at: '2021-03-01T11:00:00+08:00' },
          { 'Idempotency-Key': 'key-reused' },
        ),
        [stream],
      ),
      400,
      'Idempotency-Key',
    );
  });

  it('answers 400 naming Idempotency-Key for a creating command retried with another body, and records nothing', async () => {
    const first = expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .set('Idempotency-Key', 'key-create')
        .send(applicationBody(undefined, ITEM)),
    );
    const response = await recordsNothing(
      post('/v1/applications', applicationBody(undefined, ITEM, { channel: 'window' }), {
        'Idempotency-Key': 'key-create',
      }),
      [first.streamId],
    );
    expectProblem(response, 400, 'Idempotency-Key');
  });
});

describe('when an Idempotency-Key is reused on another record', () => {
  // Keys are scoped to the record (stream) a command acts on, as documented in the README and the
  // OpenAPI description of the header: the same key on another application is another command.
  it('records the other application, and still returns the first result for a retry of the first', async () => {
    const first = expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .set('Idempotency-Key', 'key-cross')
        .send(applicationBody('cross-1', ITEM)),
    );
    const other = expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .set('Idempotency-Key', 'key-cross')
        .send(applicationBody('cross-2', ITEM)),
    );
    expect(other.streamId).not.toBe(first.streamId);
    const retry = expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .set('Idempotency-Key', 'key-cross')
        .send(applicationBody('cross-1', ITEM)),
    );
    expect(retry.eventIds).toEqual(first.eventIds);
  });
});

describe('when the route does not exist', () => {
  it('answers 404 with a problem, and records nothing', async () => {
    expectProblem(await recordsNothing(post('/v1/applications/whatever/approval', GRANT[1])), 404);
    expectProblem(await recordsNothing(() => request(api.server).get('/v1/nothing-here')), 404);
    expectProblem(await recordsNothing(() => request(api.server).delete(`/v1/items/${ITEM}`)), 404);
  });
});
