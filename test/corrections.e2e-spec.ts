import request from 'supertest';
import { TestApi, applicationBody, expectProblem, expectRecorded, itemBody, startApi } from './fixtures/e2e-api';

/**
 * A mis-recorded fact corrected over HTTP: the correction is appended to the corrected event's
 * stream, the event itself stays as recorded, and the write side judges from the corrected facts.
 */

interface PublicEvent {
  type: string;
  eventId: string;
  at: string;
  data: Record<string, unknown>;
}

describe('when a supervisor corrects a decision recorded as a grant that was a denial', () => {
  let api: TestApi;
  let decisionId: string;

  beforeAll(async () => {
    api = await startApi();
    expectRecorded(await request(api.server).post('/v1/items').send(itemBody('ZA-C')));
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody('c-1', 'ZA-C')));
    expectRecorded(
      await request(api.server)
        .post('/v1/applications/c-1/acceptance')
        .send({ accepted: true, at: '2021-03-01T10:00:00+08:00' }),
    );
    decisionId = expectRecorded(
      await request(api.server)
        .post('/v1/applications/c-1/decision')
        .send({ outcome: 'granted', at: '2021-03-05T10:00:00+08:00' }),
    ).eventIds[0];
  });
  afterAll(() => api?.close());

  it('records the correction in the application stream and leaves the decision as recorded', async () => {
    expectRecorded(
      await request(api.server)
        .post('/v1/corrections')
        .send({
          streamId: `application-${api.agency}.c-1`,
          eventId: decisionId,
          correctedAt: '2021-03-04T10:00:00+08:00',
          fields: { outcome: 'denied', reason: '不符合条件', legalBasis: '《旅馆业治安管理办法》第四条' },
          reason: '录入时结果选错',
          authorisedBy: '法制科 张三',
        }),
      { id: decisionId, streamId: `application-${api.agency}.c-1`, revision: 3 },
    );
    const events = (await request(api.server).get(`/v1/streams/application-${api.agency}.c-1/events`).expect(200))
      .body as PublicEvent[];
    expect(events[2]).toMatchObject({
      eventId: decisionId,
      at: '2021-03-05T10:00:00+08:00',
      data: { outcome: 'granted' },
    });
    expect(events[3]).toMatchObject({
      type: 'FactCorrected.v1',
      data: {
        correctedEventId: decisionId,
        correctedType: 'DecisionMade.v1',
        correctedAt: '2021-03-04T10:00:00+08:00',
        fields: { outcome: 'denied' },
        authorisedBy: '法制科 张三',
      },
    });
  });

  it('shows the application as corrected', async () => {
    expect((await request(api.server).get('/v1/applications/c-1').expect(200)).body).toMatchObject({
      decision: { at: '2021-03-04T10:00:00+08:00', outcome: 'denied' },
      revision: 3,
    });
  });

  it('judges later commands from the corrected facts: no certificate for a denial', async () => {
    const response = await request(api.server)
      .post('/v1/applications/c-1/certificates')
      .send({ at: '2021-03-06T10:00:00+08:00', form: 'paper', delivery: 'collect' });
    expectProblem(response, 422);
    expect(response.body.code).toBe('CERTIFICATE.NOT_GRANTED');
  });

  it('refuses a field the decision does not let a correction change, naming it', async () => {
    expectProblem(
      await request(api.server)
        .post('/v1/corrections')
        .send({
          streamId: `application-${api.agency}.c-1`,
          eventId: decisionId,
          fields: { applicationId: 'c-2' },
          reason: 'x',
          authorisedBy: 'y',
        }),
      400,
      'fields.applicationId',
    );
  });

  it('refuses an event the stream does not hold with 404', async () => {
    expectProblem(
      await request(api.server)
        .post('/v1/corrections')
        .send({
          streamId: `application-${api.agency}.c-1`,
          eventId: 'nope',
          correctedAt: '2021-03-04T10:00:00+08:00',
          reason: 'x',
          authorisedBy: 'y',
        }),
      404,
    );
  });

  it('refuses a correction without who authorised it with 400 naming the field', async () => {
    expectProblem(
      await request(api.server)
        .post('/v1/corrections')
        .send({
          streamId: `application-${api.agency}.c-1`,
          eventId: decisionId,
          correctedAt: '2021-03-03T10:00:00+08:00',
          reason: 'x',
        }),
      400,
      'authorisedBy',
    );
  });
});
