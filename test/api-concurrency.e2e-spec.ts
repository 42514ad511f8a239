import request from 'supertest';
import { LedgerCommands } from '@ledger/ledger';
import {
  TestApi,
  UUID,
  applicationBody,
  expectProblem,
  expectRecorded,
  holdAppends,
  itemBody,
  startApi,
} from './fixtures/e2e-api';

/**
 * Retries and races: an Idempotency-Key makes a retry return the first result and record
 * nothing; of concurrent decisions exactly one wins; commands on different streams do not
 * get in each other's way. And the OpenAPI document lists the contract's commands.
 */

const ITEM = 'ZA-200';
const ACCEPT = { accepted: true, at: '2021-03-01T10:00:00+08:00' };
let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  expectRecorded(await request(api.server).post('/v1/items').send(itemBody(ITEM)));
});
afterAll(() => api?.close());

describe('when a command is retried with the same Idempotency-Key', () => {
  it('returns the first result, same event ids, and records nothing new', async () => {
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('retry-1', ITEM)));
    const first = expectRecorded(
      await request(api.server)
        .post('/v1/applications/retry-1/acceptance')
        .set('Idempotency-Key', 'accept-retry-1')
        .send(ACCEPT),
      { revision: 1 },
    );
    const head = await api.head();
    const again = expectRecorded(
      await request(api.server)
        .post('/v1/applications/retry-1/acceptance')
        .set('Idempotency-Key', 'accept-retry-1')
        .send(ACCEPT),
    );
    expect(again).toEqual({ ...first, replayed: true });
    expect(first.replayed).toBe(false);
    expect(await api.head()).toBe(head);
    expect((await api.streamEvents(`application-${api.agency}.retry-1`)).map((e) => e.eventId)).toEqual([
      expect.any(String),
      first.eventIds[0],
    ]);
  });

  it.each([
    ['an application', '/v1/applications', applicationBody(undefined, ITEM), 'application'],
    [
      'an inspection',
      '/v1/inspections',
      {
        kind: 'external-supervision',
        at: '2021-04-01T10:00:00+08:00',
        department: '治安',
        findings: '未发现问题',
        rectificationRequired: false,
      },
      'inspection',
    ],
    [
      'a complaint',
      '/v1/complaints',
      { at: '2021-04-01T10:00:00+08:00', channel: '12345热线', subject: '排队时间长' },
      'complaint',
    ],
    ['an appeal', '/v1/appeals', { kind: 'reconsideration', at: '2021-04-01T10:00:00+08:00' }, 'appeal'],
    [
      'a rectification',
      '/v1/rectifications',
      { problem: '公示不及时', measures: '建立台账', status: 'planned', year: 2021, at: '2021-04-01T10:00:00+08:00' },
      'rectification',
    ],
  ])('returns the same generated id when creating %s without an id is retried', async (_what, path, body, kind) => {
    const key = `create-${kind}-retry`;
    const first = expectRecorded(await request(api.server).post(path).set('Idempotency-Key', key).send(body), {
      revision: 0,
    });
    expect(first.id).toMatch(UUID);
    expect(first.streamId).toBe(`${kind}-${api.agency}.${first.id}`);
    const head = await api.head();
    const again = expectRecorded(await request(api.server).post(path).set('Idempotency-Key', key).send(body));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await api.head()).toBe(head);
    expect(await api.streamEvents(first.streamId)).toHaveLength(1);
  });

  it('generates a new id for each creating command sent without a key', async () => {
    const one = expectRecorded(
      await request(api.server).post('/v1/applications').send(applicationBody(undefined, ITEM)),
    );
    const two = expectRecorded(
      await request(api.server).post('/v1/applications').send(applicationBody(undefined, ITEM)),
    );
    expect(one.id).toMatch(UUID);
    expect(two.id).not.toBe(one.id);
    expect((await request(api.server).get(`/v1/applications/${one.id}`).expect(200)).body).toMatchObject({
      applicationId: one.id,
      phase: 'filed',
    });
  });

  it('records once when the same request with the same key arrives many times at once', async () => {
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('retry-burst', ITEM)));
    const held = holdAppends(api.store, `application-${api.agency}.retry-burst`, 20);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(api.server)
          .post('/v1/applications/retry-burst/acceptance')
          .set('Idempotency-Key', 'burst')
          .send(ACCEPT),
      ),
    );
    held.restore();
    await held.released;
    // All twenty had read the stream before the first wrote: one stored, nineteen met it in the store.
    expect([held.stored, held.collided]).toEqual([1, 19]);
    const results = responses.map((r) => expectRecorded(r));
    expect(new Set(results.map((r) => r.eventIds[0])).size).toBe(1);
    expect(results.filter((r) => r.replayed === false)).toHaveLength(1);
    expect((await api.streamEvents(`application-${api.agency}.retry-burst`)).map((e) => e.type)).toEqual([
      'ApplicationFiled.v1',
      'ApplicationAccepted.v1',
    ]);
  });

  it('refuses, as a reused key, every other body racing with the same key, and records only the winner', async () => {
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('retry-race', ITEM)));
    // Straight through the command door, held in the store so that every attempt reads the stream before any commits.
    const commands = api.app.get(LedgerCommands);
    const held = holdAppends(api.store, `application-${api.agency}.retry-race`, 10);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        commands.runPlain(
          {
            command: 'decide-acceptance',
            applicationId: 'retry-race',
            accepted: true,
            at: `2021-03-01T10:0${i}:00+08:00`,
          },
          { idempotencyKey: 'race-key' },
        ),
      ),
    );
    held.restore();
    await held.released;
    expect([held.stored, held.collided]).toEqual([1, 9]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', field: 'Idempotency-Key' });
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
    const events = await api.streamEvents(`application-${api.agency}.retry-race`);
    expect(events.map((e) => [e.type, e.metadata.businessTime])).toEqual([
      ['ApplicationFiled.v1', '2021-03-01T09:00:00+08:00'],
      ['ApplicationAccepted.v1', `2021-03-01T10:0${winner}:00+08:00`],
    ]);
  });
});

describe('when many decisions on one application arrive at once', () => {
  it('accepts exactly one, refuses the others with 409 or 422, and records one DecisionMade', async () => {
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('race-1', ITEM)));
    expectRecorded(await request(api.server).post('/v1/applications/race-1/acceptance').send(ACCEPT));
    const held = holdAppends(api.store, `application-${api.agency}.race-1`, 40);
    const bodies = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? { outcome: 'granted', at: '2021-03-05T10:00:00+08:00' }
        : { outcome: 'denied', at: '2021-03-05T10:00:00+08:00', reason: `理由${i}`, legalBasis: '《行政许可法》' },
    );
    const responses = await Promise.all(
      bodies.map((body, i) => {
        const call = request(api.server).post('/v1/applications/race-1/decision');
        return (i % 3 === 0 ? call : call.set('Idempotency-Key', `decide-${i}`)).send(body);
      }),
    );
    held.restore();
    await held.released;
    // All forty decided on the accepted application before any decision was stored: the store refused 39.
    expect([held.stored, held.collided]).toEqual([1, 39]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201 && s !== 409 && s !== 422)).toEqual([]);
    for (const response of responses) if (response.status !== 201) expectProblem(response, response.status);
    const winner = responses.findIndex((r) => r.status === 201);
    const result = expectRecorded(responses[winner], { revision: 2 });
    const decisions = (await api.streamEvents(`application-${api.agency}.race-1`)).filter(
      (e) => e.type === 'DecisionMade.v1',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0].eventId).toBe(result.eventIds[0]);
    expect(decisions[0].data).toMatchObject({ outcome: bodies[winner].outcome });
    expect((await request(api.server).get('/v1/applications/race-1').expect(200)).body).toMatchObject({
      phase: 'decided',
      decision: { outcome: bodies[winner].outcome },
      revision: 2,
    });
  });
});

describe('when commands on different applications arrive at once', () => {
  it('records every one of them, each stream in its own order', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `parallel-${i}`);
    const head = BigInt((await api.head()).replace('empty', '0'));
    const filed = await Promise.all(
      ids.map((id) => request(api.server).post('/v1/applications').send(applicationBody(id, ITEM))),
    );
    filed.forEach((response, i) => expectRecorded(response, { id: ids[i], revision: 0 }));
    const accepted = await Promise.all(
      ids.map((id) => request(api.server).post(`/v1/applications/${id}/acceptance`).send(ACCEPT)),
    );
    accepted.forEach((response, i) => expectRecorded(response, { id: ids[i], revision: 1 }));
    const positions = [...filed, ...accepted].map((r) => BigInt(r.body.position));
    expect(new Set(positions).size).toBe(60);
    for (const position of positions) expect(position).toBeGreaterThan(head);
    for (const id of ids)
      expect((await api.streamEvents(`application-${api.agency}.${id}`)).map((e) => [e.revision, e.type])).toEqual([
        [0, 'ApplicationFiled.v1'],
        [1, 'ApplicationAccepted.v1'],
      ]);
    expect(BigInt(await api.head())).toBe(head + 60n);
  });
});

describe('when the OpenAPI document is requested', () => {
  const COMMANDS: [string, string][] = [
    ['post', '/v1/items'],
    ['patch', '/v1/items/{code}'],
    ['post', '/v1/items/{code}/retirement'],
    ['post', '/v1/applications'],
    ...[
      'acceptance',
      'supplement-requests',
      'supplements',
      'extensions',
      'suspensions',
      'resumptions',
      'decision',
      'disclosure',
      'certificates',
      'withdrawal',
      'visits',
      'ratings',
    ].map((p): [string, string] => ['post', `/v1/applications/{id}/${p}`]),
    ['post', '/v1/inspections'],
    ['post', '/v1/complaints'],
    ['post', '/v1/complaints/{id}/resolution'],
    ['post', '/v1/appeals'],
    ['post', '/v1/appeals/{id}/conclusion'],
    ['post', '/v1/indicators'],
    ['post', '/v1/rectifications'],
  ];

  it('lists every command path of the contract with a 201 response, a request body and the Idempotency-Key header', async () => {
    const response = await request(api.server).get('/docs-json').expect(200);
    const paths = response.body.paths as Record<
      string,
      Record<
        string,
        { responses?: Record<string, unknown>; requestBody?: unknown; parameters?: { name: string; in: string }[] }
      >
    >;
    const missing = COMMANDS.filter(([method, path]) => {
      const operation = paths[path]?.[method];
      return (
        !operation ||
        !operation.responses?.['201'] ||
        !operation.requestBody ||
        !operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')
      );
    });
    expect(missing).toEqual([]);
    expect(paths['/v1/applications/{id}']?.get).toBeDefined();
    expect(paths['/v1/streams/{streamId}/events']?.get).toBeDefined();
  });

  it('serves the UI at /docs', async () => {
    const response = await request(api.server).get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});
