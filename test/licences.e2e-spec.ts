import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LedgerCommands, NdjsonImporter } from '@ledger/ledger';
import {
  APPLICANT,
  TestApi,
  applicationBody,
  expectProblem,
  expectRecorded,
  itemBody,
  startApi,
} from './fixtures/e2e-api';

/**
 * A licence's life over HTTP: granted from a granted application, changed, renewed, inspected,
 * its use suspended and resumed, withdrawn with compensation and cancelled; the holder sealed
 * like an applicant; refusals as problem details naming the field or the rule.
 */

const ITEM = 'ZA-LIC';
const HOLDER = { kind: 'organisation', name: '江门市某某保安服务有限公司', idNumber: '91440700MA4UXXXX0X' };

interface PublicEvent {
  type: string;
  data: Record<string, unknown>;
}

describe('when a licence goes through its life over HTTP', () => {
  let api: TestApi;
  const steps: { path: string; body: Record<string, unknown>; type: string }[] = [
    {
      path: '/v1/licences',
      body: {
        licenceId: 'lic-1',
        applicationId: 'app-1',
        licenceNumber: '粤江公保服字0001号',
        at: '2021-03-05T15:00:00+08:00',
        holder: HOLDER,
        validFrom: '2021-03-05',
        validUntil: '2021-06-30',
      },
      type: 'LicenceGranted.v1',
    },
    {
      path: '/v1/licences/lic-1/change-applications',
      body: { at: '2021-04-01T09:00:00+08:00', requestedChange: '变更法定代表人' },
      type: 'LicenceChangeApplied.v1',
    },
    {
      path: '/v1/licences/lic-1/change-decision',
      body: { at: '2021-04-08T09:00:00+08:00', outcome: 'approved' },
      type: 'LicenceChangeDecided.v1',
    },
    {
      path: '/v1/licences/lic-1/renewal-applications',
      body: { at: '2021-05-01T09:00:00+08:00' },
      type: 'LicenceRenewalApplied.v1',
    },
    {
      path: '/v1/licences/lic-1/renewal-decision',
      body: { at: '2021-05-20T09:00:00+08:00', outcome: 'renewed', validUntil: '2024-06-30' },
      type: 'LicenceRenewalDecided.v1',
    },
    {
      path: '/v1/licences/lic-1/inspections',
      body: {
        at: '2021-05-25T09:00:00+08:00',
        inspectionId: 'dr-1',
        findings: '未发现问题',
        rectificationRequired: false,
      },
      type: 'LicenseeInspected.v1',
    },
    {
      path: '/v1/licences/lic-1/use-suspension',
      body: { at: '2021-06-01T09:00:00+08:00', reason: '责令停业整顿', legalBasis: '《保安服务管理条例》第四十三条' },
      type: 'LicenceUseSuspended.v1',
    },
    {
      path: '/v1/licences/lic-1/use-resumption',
      body: { at: '2021-06-05T09:00:00+08:00' },
      type: 'LicenceUseResumed.v1',
    },
    {
      path: '/v1/licences/lic-1/withdrawal',
      body: {
        at: '2021-06-10T09:00:00+08:00',
        reason: '规章废止',
        legalBasis: '《行政许可法》第八条',
        compensation: '补偿设备损失',
        compensationYuan: 1200.5,
      },
      type: 'LicenceWithdrawn.v1',
    },
    {
      path: '/v1/licences/lic-1/cancellation',
      body: { at: '2021-06-11T09:00:00+08:00', cause: 'withdrawn' },
      type: 'LicenceCancelled.v1',
    },
  ];

  const fileAndDecide = async (id: string, decision: Record<string, unknown>) => {
    expectRecorded(await request(api.server).post('/v1/applications').send(applicationBody(id, ITEM)));
    expectRecorded(
      await request(api.server)
        .post(`/v1/applications/${id}/acceptance`)
        .send({ accepted: true, at: '2021-03-01T10:00:00+08:00' }),
    );
    expectRecorded(
      await request(api.server)
        .post(`/v1/applications/${id}/decision`)
        .send({ at: '2021-03-05T10:00:00+08:00', ...decision }),
    );
  };

  beforeAll(async () => {
    api = await startApi();
    expectRecorded(await request(api.server).post('/v1/items').send(itemBody(ITEM)));
    await fileAndDecide('app-1', { outcome: 'granted' });
    await fileAndDecide('app-2', {
      outcome: 'denied',
      reason: '不符合条件',
      legalBasis: '《保安服务管理条例》第八条',
      appealRightsNotified: true,
    });
  });
  afterAll(() => api?.close());

  it('records every step on the licence stream, revisions counting up', async () => {
    for (const [revision, step] of steps.entries())
      expectRecorded(await request(api.server).post(step.path).send(step.body), {
        id: 'lic-1',
        streamId: `licence-${api.agency}.lic-1`,
        revision,
      });
    const events = (await request(api.server).get(`/v1/streams/licence-${api.agency}.lic-1/events`).expect(200))
      .body as PublicEvent[];
    expect(events.map((e) => e.type)).toEqual(steps.map((s) => s.type));
    expect(events[0].data).toMatchObject({
      licenceId: 'lic-1',
      applicationId: 'app-1',
      itemCode: ITEM,
      department: '治安',
      validFrom: '2021-03-05',
      validUntil: '2021-06-30',
      renewalLeadDays: 30,
      holder: { withheld: true },
    });
    expect(events[8].data).toEqual({
      licenceId: 'lic-1',
      reason: '规章废止',
      legalBasis: '《行政许可法》第八条',
      compensation: '补偿设备损失',
      compensationYuan: 1200.5,
    });
  });

  it('seals the holder: never in plaintext in the store', async () => {
    const [granted] = await api.streamEvents(`licence-${api.agency}.lic-1`);
    expect(granted.data.holder).toEqual(expect.any(Object));
    for (const value of [HOLDER.name, HOLDER.idNumber])
      expect(JSON.stringify({ data: granted.data, metadata: granted.metadata })).not.toContain(value);
  });

  it('records on a denial that the applicant was told of the right to appeal', async () => {
    const events = (await request(api.server).get(`/v1/streams/application-${api.agency}.app-2/events`).expect(200))
      .body as PublicEvent[];
    expect(events[2].data).toMatchObject({ outcome: 'denied', appealRightsNotified: true });
  });

  it('refuses a licence for a denied application with 422 naming the rule', async () => {
    const response = await request(api.server)
      .post('/v1/licences')
      .send({ ...steps[0].body, licenceId: 'lic-2', applicationId: 'app-2' });
    expectProblem(response, 422);
    expect(response.body.code).toBe('LICENCE.APPLICATION_NOT_GRANTED');
  });

  it('refuses a licence for an unknown application with 404', async () => {
    const response = await request(api.server)
      .post('/v1/licences')
      .send({ ...steps[0].body, licenceId: 'lic-3', applicationId: 'nobody' });
    expectProblem(response, 404);
  });

  it('refuses a malformed validity date with 400 naming the field', async () => {
    expectProblem(
      await request(api.server)
        .post('/v1/licences')
        .send({ ...steps[0].body, licenceId: 'lic-4', validFrom: '5 March 2021' }),
      400,
      'validFrom',
    );
    expectProblem(
      await request(api.server)
        .post('/v1/licences')
        .send({ ...steps[0].body, licenceId: 'lic-4', validUntil: '2021-02-30' }),
      400,
      'validUntil',
    );
  });

  it('refuses a late renewal application with 422 naming the field', async () => {
    expectRecorded(
      await request(api.server)
        .post('/v1/licences')
        .send({ ...steps[0].body, licenceId: 'lic-5' }),
    );
    const response = await request(api.server)
      .post('/v1/licences/lic-5/renewal-applications')
      .send({ at: '2021-06-15T09:00:00+08:00' });
    expectProblem(response, 422);
    expect(response.body.code).toBe('LICENCE.RENEWAL_APPLICATION_TOO_LATE');
  });

  it('refuses a fact on a licence never granted with 404', async () => {
    expectProblem(
      await request(api.server).post('/v1/licences/none/revocation').send({
        at: '2021-06-01T09:00:00+08:00',
        reason: 'x',
        legalBasis: 'y',
      }),
      404,
    );
  });

  it('never shows the applicant in a licence response', async () => {
    const response = await request(api.server).get(`/v1/streams/licence-${api.agency}.lic-1/events`).expect(200);
    for (const value of [APPLICANT.name, APPLICANT.idNumber, HOLDER.name, HOLDER.idNumber])
      expect(response.text).not.toContain(value);
  });
});

describe('when licence lines are imported from NDJSON', () => {
  let api: TestApi;
  let directory: string;
  afterAll(async () => {
    await api?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("records a grant only after its application's decision, and the licence's later lines in order, with lines run concurrently", async () => {
    api = await startApi();
    directory = mkdtempSync(join(tmpdir(), 'licence-import-'));
    const file = join(directory, 'licences.ndjson');
    const lines = [
      { command: 'register-item', ...itemBody(ITEM) },
      { command: 'file-application', ...applicationBody('imp-1', ITEM) },
      { command: 'decide-acceptance', applicationId: 'imp-1', accepted: true, at: '2021-03-01T10:00:00+08:00' },
      { command: 'make-decision', applicationId: 'imp-1', outcome: 'granted', at: '2021-03-05T10:00:00+08:00' },
      {
        command: 'grant-licence',
        licenceId: 'imp-lic',
        applicationId: 'imp-1',
        licenceNumber: 'No.imp',
        at: '2021-03-05T15:00:00+08:00',
        holder: HOLDER,
        validFrom: '2021-03-05',
        validUntil: '2021-06-30',
      },
      { command: 'apply-for-renewal', licenceId: 'imp-lic', at: '2021-05-01T09:00:00+08:00' },
      {
        command: 'inspect-licensee',
        licenceId: 'imp-lic',
        inspectionId: 'imp-insp',
        at: '2021-05-02T09:00:00+08:00',
        findings: '未发现问题',
        rectificationRequired: false,
      },
      {
        command: 'decide-renewal',
        licenceId: 'imp-lic',
        outcome: 'renewed',
        validUntil: '2024-06-30',
        at: '2021-05-20T09:00:00+08:00',
      },
    ];
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const summary = await new NdjsonImporter(api.app.get(LedgerCommands)).importFile(file, { concurrency: 8 });
    expect({ recorded: summary.recorded, rejections: summary.rejections }).toEqual({
      recorded: lines.length,
      rejections: [],
    });
    const events = (await request(api.server).get(`/v1/streams/licence-${api.agency}.imp-lic/events`).expect(200))
      .body as PublicEvent[];
    expect(events.map((e) => e.type)).toEqual([
      'LicenceGranted.v1',
      'LicenceRenewalApplied.v1',
      'LicenseeInspected.v1',
      'LicenceRenewalDecided.v1',
    ]);
  });
});
