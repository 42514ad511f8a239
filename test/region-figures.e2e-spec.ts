import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile } from '@ledger/operations';
import { REGION_REPORT_MODEL_SCHEMA } from '@ledger/reports';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { TestApi, startApi } from './fixtures/e2e-api';

/**
 * A region's figures over HTTP: a city (440700) with two districts; agencies north-1 and north-2
 * in 440703, south-1 (no events) in 440704. Every expected number is worked out from `record`.
 */
const HIERARCHY = {
  regions: [
    { code: '440000', name: '广东省', level: 'province', parent: null },
    { code: '440700', name: '江门市', level: 'city', parent: '440000' },
    { code: '440703', name: '蓬江区', level: 'county', parent: '440700' },
    { code: '440704', name: '江海区', level: 'county', parent: '440700' },
  ],
  agencies: [
    { agency: 'north-1', name: '蓬江分局一所', region: '440703' },
    { agency: 'north-2', name: '蓬江分局二所', region: '440703' },
    { agency: 'south-1', name: '江海分局', region: '440704' },
  ],
};

/** A region's display name as the hierarchy above records it: what the report must print for its code. */
const regionName = (code: string) => HIERARCHY.regions.find((r) => r.code === code)!.name;

const item = (agency: string, code: string, department: string) => ({
  agency,
  code,
  name: `事项${code}`,
  department,
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 1,
  fullyOnline: code === 'A',
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
  effectiveFrom: '2019-01-01T00:00:00+08:00',
});

async function record(api: TestApi): Promise<void> {
  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await request(api.server).post(url).send(body);
    if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
  };
  const decide = async (agency: string, id: string, itemCode: string, decidedAt: string, denied = false) => {
    await post('/v1/applications', {
      agency,
      applicationId: id,
      itemCode,
      channel: 'online',
      filedAt: '2020-03-02T09:00:00+08:00',
      applicant: { name: '示例申请人', idNumber: 'DEMO-0001' },
    });
    await post(`/v1/applications/${id}/acceptance`, { agency, accepted: true, at: '2020-03-02T10:00:00+08:00' });
    await post(
      `/v1/applications/${id}/decision`,
      denied
        ? { agency, outcome: 'denied', at: decidedAt, reason: '材料不实', legalBasis: '《行政许可法》第三十八条' }
        : { agency, outcome: 'granted', at: decidedAt },
    );
  };
  // north-1: items A (治安, fully online) and B (出入境); one decision on time.
  await post('/v1/items', item('north-1', 'A', '治安'));
  await post('/v1/items', item('north-1', 'B', '出入境'));
  await decide('north-1', 'n1-1', 'A', '2020-03-05T10:00:00+08:00');
  // north-2: item A; one on time, two overdue (the 20th working day after 2 March is 30 March), one of them denied.
  await post('/v1/items', item('north-2', 'A', '治安'));
  await decide('north-2', 'n2-1', 'A', '2020-03-05T10:00:00+08:00');
  await decide('north-2', 'n2-2', 'A', '2020-06-30T10:00:00+08:00');
  await decide('north-2', 'n2-3', 'A', '2020-07-30T10:00:00+08:00', true);
}

describe('when a region’s figures are asked for', () => {
  let api: TestApi;
  const get = (url: string) => request(api.server).get(url);

  beforeAll(async () => {
    api = await startApi({ agency: 'north-1' });
    await record(api);
  });
  afterAll(() => api.close());

  it('answers 404 REGION.NONE_LOADED before any hierarchy is loaded', async () => {
    const res = await get('/v1/figures/2020?region=440700').expect(404);
    expect(res.body.detail).toMatch(/no region hierarchy/);
  });

  describe('once the hierarchy is loaded', () => {
    beforeAll(async () => {
      await request(api.server).put('/v1/admin/regions').send(HIERARCHY).expect(200);
    });

    it("adds up the city's agencies, recomputing the rates from the summed parts", async () => {
      const city = (await get('/v1/figures/2020?region=440700').expect(200)).body;
      expect(city).toMatchObject({
        year: 2020,
        region: { code: '440700', name: '江门市', level: 'city', hierarchyVersion: 1 },
        asOf: null,
        agencies: ['north-1', 'north-2', 'south-1'],
        items: {
          total: 3,
          byDepartment: { 治安: 2, 出入境: 1 },
          fullyOnline: 2,
          fullyOnlineRate: { numerator: 2, denominator: 3, percent: 66.67 },
          averageRequiredVisits: { total: 3, count: 3, value: 1 },
        },
        applications: { received: 4, accepted: 4 },
        decisions: {
          total: 4,
          granted: 3,
          denied: 1,
          deniedReasons: [{ agency: 'north-2', applicationId: 'n2-3', reason: '材料不实' }],
          onTime: 2,
          overdue: 2,
          // 1 of 1 and 1 of 3: 2 of 4 is 50%, not the mean of 100% and 33.33%.
          onTimeRate: { numerator: 2, denominator: 4, percent: 50 },
        },
        // The items were in force in 2019 too, so the year before is rolled up as well.
        previousYear: { year: 2019, region: { code: '440700' }, items: { total: 3 }, applications: { received: 0 } },
      });
    });

    it("equals the sum of the agencies' own figures in every count", async () => {
      const city = (await get('/v1/figures/2020?region=440700').expect(200)).body;
      const own = await Promise.all(
        ['north-1', 'north-2', 'south-1'].map(async (a) => (await get(`/v1/figures/2020?agency=${a}`)).body),
      );
      for (const path of [
        'applications.received',
        'decisions.overdue',
        'disclosure.disclosed',
        'items.total',
      ] as const) {
        const [section, key] = path.split('.');
        expect(city[section][key]).toBe(own.reduce((n, f) => n + (f.status === 404 ? 0 : (f[section]?.[key] ?? 0)), 0));
      }
      expect(city.basedOn.events).toBe(own.reduce((n, f) => n + (f.basedOn?.events ?? 0), 0));
    });

    it('adds up only the agencies of a district', async () => {
      const district = (await get('/v1/figures/2020?region=440704').expect(200)).body;
      expect(district).toMatchObject({ agencies: ['south-1'], applications: { received: 0 } });
      expect(district.decisions.onTimeRate).toEqual({ numerator: 0, denominator: 0, percent: null });
    });

    it('breaks the region down by department and by item, key by key', async () => {
      const departments = (await get('/v1/figures/2020/departments?region=440700').expect(200)).body;
      expect(departments.region.code).toBe('440700');
      expect(departments.departments['治安'].decisions).toMatchObject({ total: 4, onTime: 2, overdue: 2 });
      expect(departments.departments['出入境'].items.total).toBe(1);
      const items = (await get('/v1/figures/2020/items?region=440700').expect(200)).body;
      // Item A is in force at two agencies.
      expect(items.items.A.items.total).toBe(2);
      expect(items.items.A.applications.received).toBe(4);
    });

    it('refuses agency and region together with 400 naming region', async () => {
      const res = await get('/v1/figures/2020?region=440700&agency=north-1').expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'region' })]);
    });

    it('refuses a malformed region code with 400 and answers an unknown one with 404', async () => {
      expect((await get('/v1/figures/2020?region=%20x').expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'region' }),
      ]);
      expect((await get('/v1/figures/2020?region=999999').expect(404)).body.detail).toMatch(/no region 999999/);
    });

    it('lists each agency with its headline figures, ranks and flags', async () => {
      const res = (await get('/v1/figures/2020/agencies?region=440700').expect(200)).body;
      expect(res).toMatchObject({ year: 2020, region: { code: '440700' }, thresholds: { onTimeBelow: 95 } });
      const [n1, n2, s1] = res.agencies;
      expect([n1.agency, n2.agency, s1.agency]).toEqual(['north-1', 'north-2', 'south-1']);
      expect(n2).toMatchObject({
        name: '蓬江分局二所',
        region: '440703',
        headline: { received: 3, decided: 3, overdue: 2, onTimeRate: { numerator: 1, denominator: 3 } },
        ranks: { onTimeRate: 2 },
      });
      expect(n1.ranks.onTimeRate).toBe(1);
      expect(s1.ranks.onTimeRate).toBeNull();
      const codes = (a: { flags: { code: string; count: number }[] }) => a.flags.map((f) => [f.code, f.count]);
      // No checkpoint has been signed, so every agency with events rests on unsigned history;
      // the grants were never disclosed and their due dates (20 working days) are long past.
      expect(codes(n1)).toEqual([
        ['DISCLOSURE.MISSING', 1],
        ['FIGURES.NOT_SIGNED', 1],
      ]);
      expect(codes(n2)).toEqual([
        ['DECISION.OVERDUE', 2],
        ['ON_TIME.BELOW_THRESHOLD', 1],
        ['DISCLOSURE.MISSING', 2],
        ['FIGURES.NOT_SIGNED', 1],
      ]);
      expect(codes(s1)).toEqual([]);
    });

    it('takes the on-time threshold from the query, and refuses a bad one with 400', async () => {
      const res = (await get('/v1/figures/2020/agencies?region=440703&onTimeBelow=30').expect(200)).body;
      expect(res.agencies[1].flags.map((f: { code: string }) => f.code)).not.toContain('ON_TIME.BELOW_THRESHOLD');
      const bad = await get('/v1/figures/2020/agencies?region=440703&onTimeBelow=101').expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'onTimeBelow' })]);
      await get('/v1/figures/2020/agencies').expect(400);
    });

    it("prints the region's summary report: the roll-up, every agency's row with ranks, and the flags", async () => {
      const md = (await get('/v1/reports/2020/region?region=440700&format=md').expect(200)).text;
      expect(md).toContain(`# ${regionName('440700')}2020年度行政许可实施和监督管理情况汇总`);
      expect(md).toContain(`统计范围：${regionName('440700')}（440700），按第1版区域划分`);
      expect(md).toContain('全江门市3个单位共收到行政许可申请4件');
      expect(md).toMatch(/作出决定\d+件（准予许可\d+件、不予许可\d+件）/);
      expect(md).toContain('按时办结率50%（2/4）');
      expect(md).toContain(`| 蓬江分局二所 | ${regionName('440703')} | 3 | 3 | 2 | 33.33%（2） |`);
      expect(md).toContain(`| 江海分局 | ${regionName('440704')} | 0 | 0 | 0 | — |`);
      expect(md).toContain('- 蓬江分局二所：超期办结 2 件');
      const html = await get('/v1/reports/2020/region?region=440700').set('Accept', 'text/html').expect(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.text).toContain(`<td>蓬江分局一所</td><td>${regionName('440703')}</td>`);
      const docx = await get('/v1/reports/2020/region?region=440700&format=docx')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
      // Fixed column widths that fill the A4 text width, so no rate breaks from its percent sign.
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'region-docx-')), 'region.docx');
      writeFileSync(file, docx.body as Buffer);
      const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString();
      expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
      const grid = [...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(grid).toHaveLength(9);
      expect(grid.reduce((a, b) => a + b, 0)).toBe(11906 - 2 * 1440);
      // The districts by name: their codes appear nowhere in the document.
      expect(xml).toContain(`>${regionName('440704')}</w:t>`);
      expect(xml).not.toMatch(/440703|440704/);
      await get('/v1/reports/2020/region?region=999999').expect(404);
    });

    it('answers in JSON with the members its OpenAPI schema declares, of the declared kinds', async () => {
      const json = (await get('/v1/reports/2020/region?region=440700&format=json').expect(200)).body;
      const schema = REGION_REPORT_MODEL_SCHEMA;
      expect(Object.keys(json).sort()).toEqual([...schema.required].sort());
      const kind = (v: unknown) => (Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
      for (const [name, property] of Object.entries(schema.properties))
        if (json[name] !== null || !('nullable' in property))
          expect([name, kind(json[name])]).toEqual([name, property.type]);
      expect(Object.keys(json.region).sort()).toEqual([...schema.properties.region.required].sort());
      expect(Object.keys(json.source).sort()).toEqual([...schema.properties.source.required].sort());
      for (const agency of json.agencies)
        expect(Object.keys(agency).sort()).toEqual([...schema.properties.agencies.items.required].sort());
      expect(json.rows.every((row: unknown[]) => row.length === json.columns.length)).toBe(true);
    });

    it("names each agency's region in JSON by code and by name, and prints the names in the PDF", async () => {
      const json = (await get('/v1/reports/2020/region?region=440700&format=json').expect(200)).body;
      expect(json.region).toEqual({ code: '440700', name: regionName('440700'), level: 'city', hierarchyVersion: 1 });
      expect(json.agencies).toEqual(
        HIERARCHY.agencies.map((a) => ({
          agency: a.agency,
          name: a.name,
          region: { code: a.region, name: regionName(a.region) },
        })),
      );
      expect(json.rows.map((r: string[]) => r[1])).toEqual(HIERARCHY.agencies.map((a) => regionName(a.region)));
      const pdf = await get('/v1/reports/2020/region?region=440700&format=pdf')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const pdfFile = path.join(mkdtempSync(path.join(tmpdir(), 'region-pdf-')), 'region.pdf');
      writeFileSync(pdfFile, pdf.body as Buffer);
      // -layout keeps each table row on its line, so an agency and its region read side by side.
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).replace(
        /[ \t]+/g,
        '',
      );
      expect(text).toContain(`江海分局${regionName('440704')}`);
      expect(text).toContain(`${regionName('440700')}（440700）`);
      expect(text).not.toMatch(/440703|440704/);
    });

    it('adds the code to a region name that two districts share, from the hierarchy version in force', async () => {
      const renamed = {
        ...HIERARCHY,
        regions: HIERARCHY.regions.map((r) => (r.level === 'county' ? { ...r, name: '城区' } : r)),
      };
      await request(api.server).put('/v1/admin/regions').send(renamed).expect(200);
      const md = (await get('/v1/reports/2020/region?region=440700&format=md').expect(200)).text;
      expect(md).toContain('按第2版区域划分');
      expect(md).toContain('| 蓬江分局二所 | 城区（440703） |');
      expect(md).toContain('| 江海分局 | 城区（440704） |');
      // Within one district the name is unambiguous again.
      const district = (await get('/v1/reports/2020/region?region=440703&format=md').expect(200)).text;
      expect(district).toContain('| 蓬江分局一所 | 城区 |');
      await request(api.server).put('/v1/admin/regions').send(HIERARCHY).expect(200);
    });

    it('as of an instant before the hierarchy was loaded, answers that none was loaded then', async () => {
      await get('/v1/figures/2020?region=440700&asOf=2000-01-01T00:00:00Z').expect(404);
    });
  });
});

describe('when the caller acts for some agencies only', () => {
  let app: INestApplication;
  let dir: string;
  const key: Record<string, string> = {};
  const as = (name: string, url: string) =>
    request(app.getHttpServer())
      .get(url)
      .set({ authorization: `Bearer ${key[name]}` });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'region-scope-'));
    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    key.operator = keys.create('operator', ['admin', 'reporting'], { agencies: '*' }).key;
    key.district = keys.create('district', ['supervisor'], { agencies: ['north-1', 'north-2'] }).key;
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: 'north-1' });
    const eventStore = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    app = await createApi({ config, eventStore, access: { mode: 'required', apiKeysFile: keys.file } }, false);
    await app.init();
    await request(app.getHttpServer())
      .put('/v1/admin/regions')
      .set({ authorization: `Bearer ${key.operator}` })
      .send(HIERARCHY)
      .expect(200);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a region all of whose agencies it acts for', async () => {
    const res = await as('district', '/v1/figures/2020?region=440703').expect(200);
    expect(res.body.agencies).toEqual(['north-1', 'north-2']);
    await as('district', '/v1/figures/2020/agencies?region=440703').expect(200);
  });

  it('answers a region holding another agency exactly as an unknown one, naming only regions it may see', async () => {
    const hidden = await as('district', '/v1/figures/2020?region=440700').expect(404);
    const unknown = await as('district', '/v1/figures/2020?region=999999').expect(404);
    expect(hidden.body.code).toBe(unknown.body.code);
    expect(hidden.body.detail).toBe(unknown.body.detail.replace('999999', '440700'));
    expect(hidden.body.detail).toMatch(/known: 440703$/);
    await as('district', '/v1/figures/2020/agencies?region=440700').expect(404);
    await as('district', '/v1/figures/2020/departments?region=440000').expect(404);
  });

  it('shows every region to a key for every agency', async () => {
    expect((await as('operator', '/v1/figures/2020?region=440000').expect(200)).body.agencies).toHaveLength(3);
  });
});

describe('when nothing has stored a region’s documents yet', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ agency: 'north-1' });
    await record(api);
    await request(api.server).put('/v1/admin/regions').send(HIERARCHY).expect(200);
  });
  afterAll(() => api.close());

  it('answers readers that fill the same missing documents at once, and they agree', async () => {
    // The report's roll-up and standings, and the two figures readers, each store the agencies' missing
    // documents: all at once on a cold read model, every one must answer (a select-then-insert raced here).
    const urls = [
      '/v1/reports/2020/region?region=440700&format=json',
      '/v1/figures/2020?region=440700',
      '/v1/figures/2020/agencies?region=440700',
      '/v1/figures/2020?region=440703',
    ];
    const answers = await Promise.all(urls.map((url) => request(api.server).get(url)));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    const again = await request(api.server).get('/v1/figures/2020?region=440700').expect(200);
    expect(answers[1].body).toEqual(again.body);
    expect(answers[1].body.applications.received).toBe(4);
  });
});
