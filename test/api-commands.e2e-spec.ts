import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  APPLICANT,
  TestApi,
  UUID,
  applicationBody,
  expectProblem,
  expectRecorded,
  itemBody,
  startApi,
} from './fixtures/e2e-api';

/**
 * Every command of the HTTP contract recorded over HTTP, then read back: the application's
 * state, and its stream's events with business time, ledger time, actor, correlation and
 * causation ids, and personal data withheld.
 */

interface PublicEvent {
  type: string;
  data: Record<string, unknown>;
  at: string;
  metadata: {
    agency: string;
    actor: string;
    businessTime: string;
    ledgerTime: string;
    correlationId: string;
    causationId: string;
  };
  streamId: string;
  revision: number;
  eventId: string;
  position: string;
}

const WITHHELD = { withheld: true, reason: expect.any(String) };

describe('when an application goes through its whole lifecycle over HTTP', () => {
  let api: TestApi;
  const ITEM = 'ZA-001';
  const APP = 'happy-1';
  const steps: {
    what: string;
    path: string;
    body: Record<string, unknown>;
    type: string;
    at: string;
    actor?: string;
    headers?: Record<string, string>;
  }[] = [
    {
      what: 'filed',
      path: '/v1/applications',
      body: applicationBody(APP, ITEM, { actor: 'clerk-017' }),
      type: 'ApplicationFiled.v1',
      at: '2021-03-01T09:00:00+08:00',
      actor: 'clerk-017',
      headers: { 'X-Correlation-Id': 'upstream-corr-1', 'X-Causation-Id': 'upstream-msg-1' },
    },
    {
      what: 'supplement requested',
      path: `/v1/applications/${APP}/supplement-requests`,
      body: { at: '2021-03-01T10:00:00+08:00', materials: '营业执照复印件' },
      type: 'SupplementRequested.v1',
      at: '2021-03-01T10:00:00+08:00',
    },
    {
      what: 'supplement provided',
      path: `/v1/applications/${APP}/supplements`,
      body: { at: '2021-03-02T09:30:00+08:00', note: '已补交' },
      type: 'SupplementProvided.v1',
      at: '2021-03-02T09:30:00+08:00',
    },
    {
      what: 'accepted',
      path: `/v1/applications/${APP}/acceptance`,
      body: { accepted: true, at: '2021-03-02T10:00:00+08:00', actor: 'clerk-018' },
      type: 'ApplicationAccepted.v1',
      at: '2021-03-02T10:00:00+08:00',
      actor: 'clerk-018',
    },
    {
      what: 'extended',
      path: `/v1/applications/${APP}/extensions`,
      body: { at: '2021-03-10T10:00:00+08:00', days: 10, reason: '情况复杂', approvedBy: '局长' },
      type: 'TimeLimitExtended.v1',
      at: '2021-03-10T10:00:00+08:00',
    },
    {
      what: 'suspended',
      path: `/v1/applications/${APP}/suspensions`,
      body: { at: '2021-03-11T10:00:00+08:00', kind: 'expert-review', reason: '专家评审' },
      type: 'TimeLimitSuspended.v1',
      at: '2021-03-11T10:00:00+08:00',
    },
    {
      what: 'resumed',
      path: `/v1/applications/${APP}/resumptions`,
      body: { at: '2021-03-18T10:00:00+08:00' },
      type: 'TimeLimitResumed.v1',
      at: '2021-03-18T10:00:00+08:00',
    },
    {
      what: 'granted',
      path: `/v1/applications/${APP}/decision`,
      body: { outcome: 'granted', at: '2021-03-25T16:00:00+08:00' },
      type: 'DecisionMade.v1',
      at: '2021-03-25T16:00:00+08:00',
    },
    {
      what: 'disclosed',
      path: `/v1/applications/${APP}/disclosure`,
      body: { at: '2021-03-26T09:00:00+08:00', channel: '信用江门网' },
      type: 'DecisionDisclosed.v1',
      at: '2021-03-26T09:00:00+08:00',
    },
    {
      what: 'certificate issued',
      path: `/v1/applications/${APP}/certificates`,
      body: { at: '2021-03-26T15:00:00+08:00', form: 'electronic', delivery: 'mail' },
      type: 'CertificateIssued.v1',
      at: '2021-03-26T15:00:00+08:00',
    },
    {
      what: 'visit recorded',
      path: `/v1/applications/${APP}/visits`,
      body: { at: '2021-03-27T10:00:00+08:00', purpose: '领取证件' },
      type: 'OnSiteVisitRecorded.v1',
      at: '2021-03-27T10:00:00+08:00',
    },
    {
      what: 'rated',
      path: `/v1/applications/${APP}/ratings`,
      body: { at: '2021-03-28T10:00:00+08:00', level: 5, channel: '粤省事' },
      type: 'RatingReceived.v1',
      at: '2021-03-28T10:00:00+08:00',
    },
  ];
  const results: Record<string, unknown>[] = [];
  const positions: bigint[] = [];

  beforeAll(async () => {
    api = await startApi();
    expectRecorded(await request(api.server).post('/v1/items').send(itemBody(ITEM)), {
      id: ITEM,
      streamId: `item-${api.agency}.${ITEM}`,
      revision: 0,
    });
    for (const step of steps) {
      let call = request(api.server).post(step.path);
      for (const [name, value] of Object.entries(step.headers ?? {})) call = call.set(name, value);
      const response = await call.send(step.body);
      results.push({ what: step.what, status: response.status, body: response.body });
    }
  });
  afterAll(() => api?.close());

  it('returns 201 with { id, streamId, revision, position, eventIds } for every step, revisions counting up and positions growing', () => {
    results.forEach((result, revision) => {
      expect(result).toEqual({
        what: steps[revision].what,
        status: 201,
        body: {
          id: APP,
          streamId: `application-${api.agency}.${APP}`,
          revision,
          position: expect.stringMatching(/^\d+$/),
          eventIds: [expect.stringMatching(UUID)],
          replayed: false,
        },
      });
      positions.push(BigInt((result.body as { position: string }).position));
    });
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
  });

  it('reflects every step in GET /v1/applications/{id}, without personal data', async () => {
    const response = await request(api.server).get(`/v1/applications/${APP}`).expect(200);
    expect(response.body).toMatchObject({
      applicationId: APP,
      agency: api.agency,
      itemCode: ITEM,
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      disclosable: true,
      phase: 'decided',
      filedAt: '2021-03-01T09:00:00+08:00',
      acceptedAt: '2021-03-02T10:00:00+08:00',
      supplement: { requestedAt: '2021-03-01T10:00:00+08:00', providedAt: '2021-03-02T09:30:00+08:00' },
      extension: { at: '2021-03-10T10:00:00+08:00', days: 10 },
      suspensions: [{ kind: 'expert-review', from: '2021-03-11T10:00:00+08:00', to: '2021-03-18T10:00:00+08:00' }],
      decision: { at: '2021-03-25T16:00:00+08:00', outcome: 'granted' },
      disclosure: { at: '2021-03-26T09:00:00+08:00', exempt: false },
      certificates: 1,
      visits: 1,
      rating: { at: '2021-03-28T10:00:00+08:00', level: 5 },
      streamId: `application-${api.agency}.${APP}`,
      revision: steps.length - 1,
      position: (results[results.length - 1].body as { position: string }).position,
    });
    for (const value of Object.values(APPLICANT)) if (value !== 'person') expect(response.text).not.toContain(value);
  });

  it('lists the events in order with business time, ledger time, actor and correlation/causation ids, personal data withheld', async () => {
    const response = await request(api.server).get(`/v1/streams/application-${api.agency}.${APP}/events`).expect(200);
    const events = response.body as PublicEvent[];
    expect(events.map((e) => e.type)).toEqual(steps.map((s) => s.type));
    events.forEach((event, revision) => {
      const result = results[revision].body as { eventIds: string[]; position: string };
      expect(event).toMatchObject({
        streamId: `application-${api.agency}.${APP}`,
        revision,
        eventId: result.eventIds[0],
        position: result.position,
        at: steps[revision].at,
      });
      expect(event.metadata).toMatchObject({
        agency: api.agency,
        ...(steps[revision].actor ? { actor: steps[revision].actor } : {}),
        businessTime: steps[revision].at,
        ledgerTime: new Date(api.now).toISOString(),
      });
    });
    // A body that names no actor is recorded under the caller (here the unauthenticated development caller).
    const defaulted = events.filter((_, revision) => !steps[revision].actor).map((e) => e.metadata.actor);
    expect(defaulted[0]).toMatch(/\S/);
    expect(defaulted).toEqual(defaulted.map(() => defaulted[0]));
    expect(defaulted[0]).not.toBe('clerk-017');
    // Upstream ids travel from the headers; without them each request is its own correlation and cause.
    expect(events[0].metadata).toMatchObject({ correlationId: 'upstream-corr-1', causationId: 'upstream-msg-1' });
    const generated = events.slice(1).map((e) => e.metadata.correlationId);
    for (const event of events.slice(1)) expect(event.metadata.causationId).toBe(event.metadata.correlationId);
    expect(new Set(generated).size).toBe(generated.length);
    expect(events[0].data).toEqual({
      applicationId: APP,
      itemCode: ITEM,
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      disclosable: true,
      channel: 'online',
      applicant: WITHHELD,
    });
    expect(events[4].data).toEqual({ applicationId: APP, days: 10, reason: '情况复杂', approvedBy: '局长' });
    expect(events[7].data).toEqual({ applicationId: APP, outcome: 'granted' });
    expect(events[9].data).toEqual({ applicationId: APP, form: 'electronic', delivery: 'mail' });
    for (const value of Object.values(APPLICANT)) if (value !== 'person') expect(response.text).not.toContain(value);
  });

  it('keeps the applicant in the ledger, withheld only from the response, and never in plaintext', async () => {
    const [filed] = await api.streamEvents(`application-${api.agency}.${APP}`);
    expect(filed.data.applicant).toEqual(expect.any(Object));
    expect(JSON.stringify(filed.data)).not.toContain('"withheld"');
    for (const value of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, APPLICANT.address])
      expect(JSON.stringify({ data: filed.data, metadata: filed.metadata })).not.toContain(value);
  });
});

describe('when a decision is denied, disclosure is exempt by law, or a bad rating is rectified', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    expectRecorded(await request(api.server).post('/v1/items').send(itemBody('ZA-002')));
    expectRecorded(
      await request(api.server)
        .post('/v1/items')
        .send(itemBody('CRJ-001', { department: '出入境', name: '往来港澳通行证签发', disclosable: false })),
    );
  });
  afterAll(() => api?.close());

  const lifecycleToDecision = async (id: string, item: string, decision: Record<string, unknown>) => {
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody(id, item)), {
      id,
      revision: 0,
    });
    expectRecorded(
      await request(api.server)
        .post(`/v1/applications/${id}/acceptance`)
        .send({ accepted: true, at: '2021-03-01T10:00:00+08:00' }),
      { revision: 1 },
    );
    return request(api.server)
      .post(`/v1/applications/${id}/decision`)
      .send({ at: '2021-03-05T10:00:00+08:00', ...decision });
  };

  it('records a denial with its reason, legal basis and the standard notice of appeal rights', async () => {
    expectRecorded(
      await lifecycleToDecision('denied-1', 'ZA-002', {
        outcome: 'denied',
        reason: '不符合消防安全条件',
        legalBasis: '《旅馆业治安管理办法》第四条',
      }),
      { revision: 2 },
    );
    const events = (await request(api.server).get(`/v1/streams/application-${api.agency}.denied-1/events`).expect(200))
      .body as PublicEvent[];
    expect(events[2]).toMatchObject({
      type: 'DecisionMade.v1',
      data: {
        outcome: 'denied',
        reason: '不符合消防安全条件',
        legalBasis: '《旅馆业治安管理办法》第四条',
        appealRightsNotice: expect.stringContaining('行政复议'),
      },
    });
    expect((await request(api.server).get('/v1/applications/denied-1').expect(200)).body).toMatchObject({
      phase: 'decided',
      decision: { outcome: 'denied' },
    });
  });

  it('records an exemption from disclosure with its legal basis for an item whose decisions may not be disclosed', async () => {
    expectRecorded(await lifecycleToDecision('exempt-1', 'CRJ-001', { outcome: 'granted' }));
    const result = expectRecorded(
      await request(api.server)
        .post('/v1/applications/exempt-1/disclosure')
        .send({ at: '2021-03-06T10:00:00+08:00', exempt: true, legalBasis: '《中华人民共和国护照法》' }),
      { revision: 3 },
    );
    const events = (await request(api.server).get(`/v1/streams/application-${api.agency}.exempt-1/events`).expect(200))
      .body as PublicEvent[];
    expect(events[3]).toMatchObject({
      type: 'DisclosureExempted.v1',
      eventId: result.eventIds[0],
      data: { applicationId: 'exempt-1', legalBasis: '《中华人民共和国护照法》' },
    });
    expect((await request(api.server).get('/v1/applications/exempt-1').expect(200)).body).toMatchObject({
      disclosable: false,
      disclosure: { exempt: true },
    });
  });

  it('records a 非常不满意 rating and its rectification', async () => {
    expectRecorded(await lifecycleToDecision('bad-rating-1', 'ZA-002', { outcome: 'granted' }));
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/bad-rating-1/ratings')
        .send({ at: '2021-03-07T10:00:00+08:00', level: 1 }),
      { revision: 3 },
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/bad-rating-1/rating-rectification')
        .send({ at: '2021-03-09T10:00:00+08:00', measures: '回访并改进窗口服务' }),
      { revision: 4 },
    );
    const events = (
      await request(api.server).get(`/v1/streams/application-${api.agency}.bad-rating-1/events`).expect(200)
    ).body as PublicEvent[];
    expect(events.slice(3).map((e) => [e.type, e.data])).toEqual([
      ['RatingReceived.v1', { applicationId: 'bad-rating-1', level: 1, defaulted: false }],
      ['BadRatingRectified.v1', { applicationId: 'bad-rating-1', measures: '回访并改进窗口服务' }],
    ]);
    expect((await request(api.server).get('/v1/applications/bad-rating-1').expect(200)).body.rating).toEqual({
      at: '2021-03-07T10:00:00+08:00',
      level: 1,
      rectifiedAt: '2021-03-09T10:00:00+08:00',
    });
  });

  it('records a non-acceptance with its reason, and a withdrawal', async () => {
    expectRecorded(
      await request(api.server).post('/v1/applications').send(applicationBody('not-accepted-1', 'ZA-002')),
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/not-accepted-1/acceptance')
        .send({ accepted: false, at: '2021-03-01T11:00:00+08:00', reason: '不属于本机关职权范围' }),
      { revision: 1 },
    );
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('withdrawn-1', 'ZA-002')));
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/withdrawn-1/withdrawal')
        .send({ at: '2021-03-02T11:00:00+08:00', reason: '申请人撤回' }),
      { revision: 1 },
    );
    const notAccepted = (
      await request(api.server).get(`/v1/streams/application-${api.agency}.not-accepted-1/events`).expect(200)
    ).body as PublicEvent[];
    expect(notAccepted[1]).toMatchObject({
      type: 'ApplicationNotAccepted.v1',
      data: { reason: '不属于本机关职权范围' },
    });
    expect((await request(api.server).get('/v1/applications/withdrawn-1').expect(200)).body).toMatchObject({
      phase: 'withdrawn',
      withdrawnAt: '2021-03-02T11:00:00+08:00',
    });
  });
});

describe('when supervision facts and catalogue changes are recorded over HTTP', () => {
  let api: TestApi;
  const events = async (streamId: string) =>
    (
      await request(api.server)
        .get(`/v1/streams/${encodeURIComponent(streamId)}/events`)
        .expect(200)
    ).body as PublicEvent[];

  beforeAll(async () => {
    api = await startApi();
    expectRecorded(await request(api.server).post('/v1/items').send(itemBody('ZA-010')));
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('sup-1', 'ZA-010')));
  });
  afterAll(() => api?.close());

  it.each([
    [
      'external-supervision',
      { itemCode: 'ZA-010', findings: '双随机抽查：未发现问题', rectificationRequired: false },
      0,
    ],
    ['enforcement-inspection', { findings: '执法检查：发现1个问题', rectificationRequired: true }, 0],
    [
      'case-file-review',
      {
        applicationIds: ['sup-1', 'sup-2'],
        filesReviewed: 80,
        findings: '案卷评查：合格',
        rectificationRequired: false,
      },
      80,
    ],
  ])('records an inspection of kind %s', async (kind, fields, filesReviewed) => {
    const inspectionId = `insp-${kind}`;
    const result = expectRecorded(
      await request(api.server)
        .post('/v1/inspections')
        .send({ inspectionId, kind, at: '2021-04-01T10:00:00+08:00', department: '法制', ...fields }),
      { id: inspectionId, streamId: `inspection-${api.agency}.${inspectionId}`, revision: 0 },
    );
    const [event] = await events(result.streamId);
    expect(event).toMatchObject({
      type: 'InspectionPerformed.v1',
      eventId: result.eventIds[0],
      at: '2021-04-01T10:00:00+08:00',
      data: { inspectionId, kind, department: '法制', filesReviewed, ...fields },
    });
  });

  it('records a complaint and its resolution, the complainant withheld', async () => {
    const logged = expectRecorded(
      await request(api.server)
        .post('/v1/complaints')
        .send({
          complaintId: 'cmp-1',
          at: '2021-04-02T10:00:00+08:00',
          channel: '12345热线',
          subject: '办理超时',
          applicationId: 'sup-1',
          complainant: { name: '李四', phone: '13900139000' },
        }),
      { id: 'cmp-1', streamId: `complaint-${api.agency}.cmp-1`, revision: 0 },
    );
    const resolved = expectRecorded(
      await request(api.server)
        .post('/v1/complaints/cmp-1/resolution')
        .send({ at: '2021-04-05T10:00:00+08:00', valid: true, outcome: '已督促整改' }),
      { id: 'cmp-1', streamId: `complaint-${api.agency}.cmp-1`, revision: 1 },
    );
    const response = await request(api.server).get(`/v1/streams/complaint-${api.agency}.cmp-1/events`).expect(200);
    expect((response.body as PublicEvent[]).map((e) => [e.type, e.eventId, e.data])).toEqual([
      [
        'ComplaintLogged.v1',
        logged.eventIds[0],
        {
          complaintId: 'cmp-1',
          channel: '12345热线',
          subject: '办理超时',
          applicationId: 'sup-1',
          complainant: WITHHELD,
        },
      ],
      ['ComplaintResolved.v1', resolved.eventIds[0], { complaintId: 'cmp-1', valid: true, outcome: '已督促整改' }],
    ]);
    expect(response.text).not.toContain('李四');
    expect(response.text).not.toContain('13900139000');
  });

  it.each(['reconsideration', 'litigation'])(
    'records a %s appeal and its conclusion, the appellant withheld',
    async (kind) => {
      const appealId = `apl-${kind}`;
      expectRecorded(
        await request(api.server)
          .post('/v1/appeals')
          .send({
            appealId,
            kind,
            at: '2021-04-03T10:00:00+08:00',
            applicationId: 'sup-1',
            appellant: { name: '赵五' },
          }),
        { id: appealId, streamId: `appeal-${api.agency}.${appealId}`, revision: 0 },
      );
      expectRecorded(
        await request(api.server)
          .post(`/v1/appeals/${appealId}/conclusion`)
          .send({ at: '2021-05-03T10:00:00+08:00', outcome: '维持原决定' }),
        { id: appealId, revision: 1 },
      );
      const response = await request(api.server).get(`/v1/streams/appeal-${api.agency}.${appealId}/events`).expect(200);
      expect((response.body as PublicEvent[]).map((e) => [e.type, e.data])).toEqual([
        ['AppealFiled.v1', { appealId, kind, applicationId: 'sup-1', appellant: WITHHELD }],
        ['AppealConcluded.v1', { appealId, outcome: '维持原决定' }],
      ]);
      expect(response.text).not.toContain('赵五');
    },
  );

  it('records an indicator reported by another system in the agency-year stream', async () => {
    const result = expectRecorded(
      await request(api.server).post('/v1/indicators').send({
        name: 'seals-carved',
        year: 2020,
        value: 55122,
        unit: '枚',
        source: '公章治安管理信息系统',
        at: '2021-01-10T10:00:00+08:00',
      }),
      { id: '2020/seals-carved', streamId: `indicators-${api.agency}.2020`, revision: 0 },
    );
    expect(await events(result.streamId)).toEqual([
      expect.objectContaining({
        type: 'IndicatorReported.v1',
        at: '2021-01-10T10:00:00+08:00',
        data: { name: 'seals-carved', year: 2020, value: 55122, unit: '枚', source: '公章治安管理信息系统' },
      }),
    ]);
  });

  it('records a rectification and moves it forward', async () => {
    expectRecorded(
      await request(api.server).post('/v1/rectifications').send({
        rectificationId: 'rect-1',
        problem: '部分事项承诺时限未公示',
        measures: '在网上办事大厅补充公示',
        status: 'in-progress',
        year: 2020,
        at: '2021-02-01T10:00:00+08:00',
      }),
      { id: 'rect-1', streamId: `rectification-${api.agency}.rect-1`, revision: 0 },
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/rectifications/rect-1/updates')
        .send({ status: 'completed', at: '2021-03-01T10:00:00+08:00' }),
      { id: 'rect-1', revision: 1 },
    );
    expect((await events(`rectification-${api.agency}.rect-1`)).map((e) => [e.type, e.data])).toEqual([
      [
        'RectificationRecorded.v1',
        {
          rectificationId: 'rect-1',
          problem: '部分事项承诺时限未公示',
          measures: '在网上办事大厅补充公示',
          status: 'in-progress',
          year: 2020,
        },
      ],
      ['RectificationUpdated.v1', { rectificationId: 'rect-1', status: 'completed' }],
    ]);
  });

  it('amends an item from a date (recording only what changed) and retires it', async () => {
    const stream = `item-${api.agency}.ZA-010`;
    expectRecorded(
      await request(api.server)
        .patch('/v1/items/ZA-010')
        .send({ promisedDays: 3, fullyOnline: true, effectiveFrom: '2021-01-01T00:00:00+08:00' }),
      { id: 'ZA-010', streamId: stream, revision: 1 },
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/items/ZA-010/retirement')
        .send({ effectiveFrom: '2021-06-01T00:00:00+08:00', reason: '国务院决定取消' }),
      { id: 'ZA-010', streamId: stream, revision: 2 },
    );
    const recorded = await events(stream);
    expect(recorded.map((e) => [e.type, e.at, e.data])).toEqual([
      ['ItemRegistered.v1', '2020-01-01T00:00:00+08:00', expect.objectContaining({ code: 'ZA-010', promisedDays: 5 })],
      [
        'ItemAmended.v1',
        '2021-01-01T00:00:00+08:00',
        { code: 'ZA-010', changes: { promisedDays: 3 }, effectiveFrom: '2021-01-01T00:00:00+08:00' },
      ],
      [
        'ItemRetired.v1',
        '2021-06-01T00:00:00+08:00',
        { code: 'ZA-010', effectiveFrom: '2021-06-01T00:00:00+08:00', reason: '国务院决定取消' },
      ],
    ]);
    // An application filed in between takes the amended time limit.
    expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody('sup-amended', 'ZA-010', { filedAt: '2021-05-01T09:00:00+08:00' })),
    );
    expect((await request(api.server).get('/v1/applications/sup-amended').expect(200)).body).toMatchObject({
      promisedDays: 3,
    });
  });
});

describe('when commands name an agency, or none', () => {
  let api: TestApi;
  const OTHER = 'taishan-psb';
  beforeAll(async () => {
    api = await startApi({ agency: 'kaiping-psb' });
  });
  afterAll(() => api?.close());

  it('records a command that names no agency under the configured agency', async () => {
    const item = expectRecorded(await request(api.server).post('/v1/items').send(itemBody('AG-1')), {
      streamId: 'item-kaiping-psb.AG-1',
    });
    const filed = expectRecorded(
      await request(api.server).post('/v1/applications').send(applicationBody('ag-default', 'AG-1')),
    );
    expect((await api.streamEvents(item.streamId))[0].metadata).toMatchObject({ agency: 'kaiping-psb' });
    expect((await api.streamEvents(filed.streamId))[0].metadata).toMatchObject({ agency: 'kaiping-psb' });
    expect((await request(api.server).get('/v1/applications/ag-default').expect(200)).body.agency).toBe('kaiping-psb');
  });

  it('records a command that names its agency under that agency, with its own catalogue', async () => {
    // The item exists for the configured agency only: the other agency has to register its own.
    expectProblem(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody('ag-other', 'AG-1', { agency: OTHER })),
      404,
      'itemCode',
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/items')
        .send(itemBody('AG-1', { agency: OTHER })),
      { streamId: `item-${OTHER}.AG-1` },
    );
    const filed = expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody('ag-other', 'AG-1', { agency: OTHER })),
      { id: 'ag-other' },
    );
    expect((await api.streamEvents(filed.streamId))[0].metadata).toMatchObject({ agency: OTHER });
    expect((await request(api.server).get(`/v1/applications/ag-other?agency=${OTHER}`).expect(200)).body).toMatchObject(
      { agency: OTHER, phase: 'filed' },
    );
  });

  it('gives two agencies that use the same id two records, each with its own stream, state and figures', async () => {
    const figures = async (agency: string) =>
      (await request(api.server).get(`/v1/figures/2021?agency=${agency}`).expect(200)).body.applications as {
        received: number;
        accepted: number;
      };
    const before = { kaiping: await figures('kaiping-psb'), other: await figures(OTHER) };
    for (const agency of ['kaiping-psb', OTHER])
      expectRecorded(await request(api.server).post('/v1/items').send(itemBody('TWIN-ITEM', { agency })));
    const kaiping = expectRecorded(
      await request(api.server).post('/v1/applications').send(applicationBody('twin-1', 'TWIN-ITEM')),
      { id: 'twin-1', streamId: 'application-kaiping-psb.twin-1', revision: 0 },
    );
    // Before ids were per agency this was refused, telling the second agency that the first had the id.
    const other = expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody('twin-1', 'TWIN-ITEM', { agency: OTHER })),
      { id: 'twin-1', streamId: `application-${OTHER}.twin-1`, revision: 0 },
    );
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/twin-1/acceptance')
        .send({ accepted: true, at: '2021-03-02T10:00:00+08:00', agency: OTHER }),
      { streamId: other.streamId, revision: 1 },
    );
    expect((await request(api.server).get('/v1/applications/twin-1').expect(200)).body).toMatchObject({
      agency: 'kaiping-psb',
      phase: 'filed',
      streamId: kaiping.streamId,
    });
    expect((await request(api.server).get(`/v1/applications/twin-1?agency=${OTHER}`).expect(200)).body).toMatchObject({
      agency: OTHER,
      phase: 'accepted',
      streamId: other.streamId,
    });
    const after = { kaiping: await figures('kaiping-psb'), other: await figures(OTHER) };
    expect(after.kaiping).toMatchObject({ received: before.kaiping.received + 1, accepted: before.kaiping.accepted });
    expect(after.other).toMatchObject({ received: before.other.received + 1, accepted: before.other.accepted + 1 });
  });

  it('keeps recording on a stream of an older store under its legacy name, for its agency only', async () => {
    // An older store held application-<id> streams; their events are never moved or renamed.
    const filed = expectRecorded(
      await request(api.server).post('/v1/applications').send(applicationBody('old-template', 'TWIN-ITEM')),
    );
    const [template] = await api.streamEvents(filed.streamId);
    await api.store.appendToStream('application-old-1', [
      {
        eventId: randomUUID(),
        type: template.type,
        data: { ...template.data, applicationId: 'old-1' },
        metadata: template.metadata,
      },
    ]);
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/old-1/acceptance')
        .send({ accepted: true, at: '2021-03-02T10:00:00+08:00' }),
      { id: 'old-1', streamId: 'application-old-1', revision: 1 },
    );
    expect((await request(api.server).get('/v1/applications/old-1').expect(200)).body).toMatchObject({
      agency: 'kaiping-psb',
      phase: 'accepted',
      streamId: 'application-old-1',
    });
    expectRecorded(
      await request(api.server)
        .post('/v1/applications')
        .send(applicationBody('old-1', 'TWIN-ITEM', { agency: OTHER })),
      { streamId: `application-${OTHER}.old-1`, revision: 0 },
    );
  });

  it('answers 400 naming the field to an agency that can never be one, instead of looking it up', async () => {
    expectProblem(await request(api.server).get('/v1/applications/twin-1?agency=Kaiping.PSB'), 400, 'agency');
  });

  it("answers 404 to another agency asking for or acting on an agency's application, and records nothing", async () => {
    expectProblem(await request(api.server).get(`/v1/applications/ag-other?agency=kaiping-psb`), 404);
    expectProblem(await request(api.server).get(`/v1/applications/ag-default?agency=${OTHER}`), 404);
    const head = await api.head();
    expectProblem(
      await request(api.server)
        .post('/v1/applications/ag-other/acceptance')
        .send({ accepted: true, at: '2021-03-01T10:00:00+08:00' }),
      404,
    );
    expectProblem(
      await request(api.server)
        .post('/v1/applications/ag-default/acceptance')
        .send({ accepted: true, at: '2021-03-01T10:00:00+08:00', agency: OTHER }),
      404,
    );
    expect(await api.head()).toBe(head);
  });
});
