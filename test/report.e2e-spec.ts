import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { expectedFigures } from '@ledger/demo';
import { SqliteEventStore } from '@ledger/event-store';
import { createSigningKeyFile } from '@ledger/integrity';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile, Role } from '@ledger/operations';
import { percentText } from '@ledger/projections';
import { figureAt, formatFigure, indicatorLabel } from '@ledger/reports';
import { DemoLedger, writeDemoLedger } from '@ledger/reports/testing/demo-ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';
import { TEST_MASTER_KEY, runCli } from './fixtures/ledger-cli';

/**
 * The yearly report, the monthly series and the printable trail over HTTP and from the CLI, on
 * the Jiangmen demo ledger at a reduced scale (the catalogue, supervision counts, indicators and
 * special cases are the seed report's; the volumes are scaled).
 */
const SCALE = 0.002;
const TEXTS = {
  problems: '公安审批服务事项有待进一步优化。\n窗口服务评价数据对接滞后。',
  measures: '（一）开展政务服务优化工作。\n（二）健全政务服务“好差评”工作制度。',
  signatory: '江门市公安局',
  date: '2021-03-30',
};

/** Text of a PDF as pdftotext extracts it, without whitespace (line breaks fall anywhere in Chinese text). */
function pdfText(pdf: Buffer, dir: string): string {
  const file = path.join(dir, `extract-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/**
 * Text of a Word document as LibreOffice prints it (Debian's libreoffice-writer-nogui converts it
 * to PDF, pdftotext reads that): what an agency opening the file in Word or WPS would see.
 */
function docxText(docx: Buffer, dir: string): string {
  const work = mkdtempSync(path.join(dir, 'docx-'));
  const file = path.join(work, 'report.docx');
  writeFileSync(file, docx);
  // A profile of its own, so that a LibreOffice already running elsewhere does not take the job.
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', work, file],
    { stdio: 'pipe', timeout: 120_000 },
  );
  return pdfText(readFileSync(path.join(work, 'report.pdf')), work);
}

/** A supertest parser that keeps a binary body (PDF, docx) as a Buffer. */
const binary = (r: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const stream = r as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the yearly report on the demo ledger', () => {
  let dir: string;
  let demo: DemoLedger;
  let app: INestApplication;
  const keys: Partial<Record<Role, string>> = {};
  const as = (role: Role) => ({ authorization: `Bearer ${keys[role]}` });
  let figures: Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-report-e2e-'));
    demo = await writeDemoLedger(dir, SCALE, Buffer.from(TEST_MASTER_KEY, 'base64'));
    createSigningKeyFile(path.join(dir, 'signing.key'), path.join(dir, 'signing.pub'), 'ledger.jiangmen-psb/events');
    const apiKeys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    for (const role of ['reporting', 'admin', 'legal', 'clerk', 'supervisor'] as Role[])
      keys[role] = apiKeys.create(`${role}-key`, [role]).key;
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: demo.plan.agency });
    app = await createApi(
      {
        config,
        eventStore: new SqliteEventStore(demo.eventsFile),
        masterKey: demo.masterKey,
        access: { mode: 'required', apiKeysFile: apiKeys.file },
      },
      false,
    );
    await app.init();
    figures = (await request(app.getHttpServer()).get('/v1/figures/2020').set(as('reporting')).expect(200)).body;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, role: Role = 'reporting') => request(app.getHttpServer()).get(url).set(as(role));

  describe('when asked for 2020 in Markdown', () => {
    let md: string;
    let basic: string;
    beforeAll(async () => {
      const res = await get('/v1/reports/2020?format=md').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/markdown/);
      md = res.text;
      basic = md.slice(md.indexOf('## 一、基本情况'), md.indexOf('## 二、存在问题和困难'));
    });

    it('has the statutory structure', () => {
      const headings = md.split('\n').filter((l) => l.startsWith('#'));
      expect(headings).toEqual([
        '# 江门市公安局2020年度行政许可实施和监督管理情况报告',
        '## 一、基本情况',
        '### （一）现有事项及办理情况',
        '### （二）依法实施情况',
        '### （三）公开公示情况',
        '### （四）监督管理情况',
        '### （五）实施效果情况',
        '## 二、存在问题和困难',
        '## 三、下一步工作措施及有关建议',
      ]);
    });

    it('states in section 一 each figure the demo plan expects', () => {
      const e = expectedFigures(demo.plan, 2020);
      const p = (r: { numerator: number; denominator: number }) => `${percentText(r.numerator, r.denominator)}%`;
      const phrases = [
        `现有行政许可事项${e.items.total}项`,
        ...Object.entries(e.items.byDepartment).map(([d, n]) => `${d}${n}项`),
        `纳入行政许可标准化目录${e.items.inStandardCatalogue}项`,
        `进驻广东省网上办事大厅${e.items.inOnlineHall}项`,
        `共收到行政许可申请${e.applications.received}宗`,
        `受理${e.applications.accepted}宗`,
        `不予受理${e.applications.notAccepted}宗`,
        `作出行政许可决定${e.decisions.total}宗`,
        `准予许可${e.decisions.granted}宗`,
        `不予许可${e.decisions.denied}宗`,
        `申请人撤回申请${e.applications.withdrawn}宗`,
        `尚在办理${e.applications.pendingAtYearEnd}宗`,
        ...e.decisions.deniedReasons.map((d) => d.reason),
        `在法定期限内办结${e.decisions.onTime}宗`,
        `超过法定期限办结${e.decisions.overdue}宗`,
        `按时办结率为${p(e.decisions.onTimeRate)}`,
        `行政复议${e.supervision.reconsiderations}宗、行政诉讼${e.supervision.litigations}宗`,
        `累计公示行政许可决定信息${e.disclosure.disclosed}条`,
        `依法不予公开${e.disclosure.exempt}条`,
        `公示率为${p(e.disclosure.disclosureRate)}`,
        `对外监督检查${e.supervision.externalSupervision}次`,
        `执法检查${e.supervision.enforcementInspections}次`,
        `抽取行政许可案卷${e.supervision.caseFilesReviewed}宗`,
        `收到投诉举报${e.supervision.complaintsReceived}件，其中有效${e.supervision.complaintsValid}件`,
        `需要整改的问题${e.supervision.rectificationsRequired}个`,
        `完成整改${e.supervision.rectificationsCompleted}项`,
        `全流程网上办理事项${e.items.fullyOnline}项，全程网办率为${p(e.items.fullyOnlineRate)}`,
        `即办件${e.items.immediateRate.numerator}项，占比${p(e.items.immediateRate)}`,
        `平均跑动次数${e.items.averageRequiredVisits.value}次`,
        `服务时限压缩率为${p(e.items.timeLimitCompressionRate)}`,
        ...(['5', '4', '3', '2', '1'] as const).map(
          (l) => `${['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'][Number(l)]}${e.effect.ratings[l]}条`,
        ),
        `满意度为${p(e.effect.satisfactionRate)}`,
        `已整改${e.effect.badRatingsRectified}条`,
        `办理电子证照${e.effect.electronicCertificates}份`,
        `邮寄送达证件${e.effect.certificatesMailed}件`,
        ...e.indicators.map((i) => `${indicatorLabel(i.name, i.unit)}${i.value}${i.unit}（来源：${i.source}）`),
      ];
      const missing = phrases.filter((phrase) => !basic.includes(phrase));
      expect(missing).toEqual([]);
    });

    it("reproduces the seed's own figures where the demo keeps them at any scale", () => {
      for (const phrase of [
        '现有行政许可事项102项',
        '全程网办率为83.33%',
        '占比70.59%',
        '平均跑动次数0.098次',
        '服务时限压缩率为93.79%',
        '满意度为95.56%',
        '对外监督检查142次',
        '执法检查12次',
        '抽取行政许可案卷80宗',
        '公章刻制55122枚',
      ]) {
        expect(basic).toContain(phrase);
      }
    });

    it('compares with 2019', () => {
      const e19 = expectedFigures(demo.plan, 2019);
      expect(basic).toContain(`比2019年（${e19.applications.received}宗）增加`);
      expect(basic).toContain(`比2019年（${e19.effect.satisfactionRate.percent}%）提高`);
    });

    it('leaves visible placeholders where staff texts are missing', () => {
      expect(md).toContain('**【待补充：本部分由工作人员撰写】**');
      expect(md).toContain('**【落款日期待填写');
    });
  });

  it('links every number of the HTML report to the figure it shows, with the same value', async () => {
    const res = await get('/v1/reports/2020').set('accept', 'text/html').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const links = [...res.text.matchAll(/<a class="figure" href="([^"]+)" data-figure="([^"]+)"[^>]*>([^<]+)<\/a>/g)];
    expect(links.length).toBeGreaterThan(60);
    for (const [, href, figurePath, shown] of links) {
      expect(href).toBe(`/v1/figures/2020?agency=jiangmen-psb#${figurePath}`);
      expect({ figurePath, shown: Number(shown.replace(/%$/, '')) }).toEqual({
        figurePath,
        shown: Number(formatFigure(figureAt(figures, figurePath))),
      });
    }
  });

  it('renders the PDF with Chinese text (extracted with pdftotext)', async () => {
    const res = await get('/v1/reports/2020?format=pdf')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body, dir);
    expect(text).toContain('江门市公安局2020年度行政许可实施和监督管理情况报告');
    expect(text).toContain('一、基本情况');
    expect(text).toContain(`共收到行政许可申请${expectedFigures(demo.plan, 2020).applications.received}宗`);
    // Ready to sign: no technical provenance in the printed body, unless the appendix is asked for.
    expect(text).not.toContain('数据来源');
    expect(text).not.toContain('/v1/');
    const withAppendix = pdfText(
      (await get('/v1/reports/2020?format=pdf&appendix=true').buffer(true).parse(binary).expect(200)).body as Buffer,
      dir,
    );
    expect(withAppendix).toContain('附：数据来源和计算说明');
    expect(withAppendix).toContain('/v1/figures/2020?agency=jiangmen-psb');
  }, 90_000);

  it('writes a Word document in the 公文 layout that LibreOffice opens, with every figure of section 一', async () => {
    const res = await get('/v1/reports/2020?format=docx').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename="report-jiangmen-psb-2020.docx"');
    const text = docxText(res.body as Buffer, dir);
    const e = expectedFigures(demo.plan, 2020);
    expect(text).toContain('江门市公安局2020年度行政许可实施和监督管理情况报告');
    for (const phrase of [
      '一、基本情况',
      '（一）现有事项及办理情况',
      '（五）实施效果情况',
      '二、存在问题和困难',
      '三、下一步工作措施及有关建议',
      `共收到行政许可申请${e.applications.received}宗`,
      `作出行政许可决定${e.decisions.total}宗`,
      `累计公示行政许可决定信息${e.disclosure.disclosed}条`,
      `对外监督检查${e.supervision.externalSupervision}次`,
      `全程网办率为${percentText(e.items.fullyOnlineRate.numerator, e.items.fullyOnlineRate.denominator)}%`,
      '服务时限压缩率为93.79%',
      '满意度为95.56%',
      `办理电子证照${e.effect.electronicCertificates}份`,
      '公章刻制55122枚',
      // Sections 二 and 三 wait for staff, visibly; the page numbers are the 公文's.
      '【待补充：本部分由工作人员撰写】',
      '—1—',
      '—2—',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(text).not.toContain('/v1/');
  }, 180_000);

  it('refuses an unknown format and a bad year with problem details', async () => {
    const bad = await get('/v1/reports/2020?format=odt').expect(400);
    expect(bad.body.errors[0].field).toBe('format');
    await get('/v1/reports/20x0').expect(400);
  });

  it('writes an honest "no records" report for a year without events', async () => {
    const res = await get('/v1/reports/2018?format=json').expect(200);
    expect(res.body.noRecords).toBe(true);
    const md = (await get('/v1/reports/2018?format=md').expect(200)).text;
    const basic = md.slice(md.indexOf('## 一、基本情况'), md.indexOf('## 二、'));
    expect(basic).toContain('【无记录】');
    expect(basic).not.toMatch(/收到行政许可申请0宗|0%/);
  });

  it("agrees with the demo's own compliance check: every disclosable grant published, every 出入境 grant exempt, no finding", async () => {
    const compliance = (await get('/v1/audit/compliance/2020', 'supervisor').expect(200)).body;
    expect({ findings: compliance.findings.length, missing: compliance.summary['DISCLOSURE.MISSING'] }).toEqual({
      findings: 0,
      missing: 0,
    });
    const e = expectedFigures(demo.plan, 2020);
    expect(e.disclosure.exempt).toBeGreaterThan(0);
    expect(figureAt(figures, 'disclosure')).toEqual(e.disclosure);
    const md = (await get('/v1/reports/2020?format=md').expect(200)).text;
    // Withheld on the ground every 出入境 exemption records, named as the seed report names it.
    expect(md).toContain(
      `依法不予公开${e.disclosure.exempt}条（依据《中华人民共和国护照法》），可公开的准予许可决定公示率为100%`,
    );
  });

  it('gives monthly series that add up to the year', async () => {
    const monthly = (await get('/v1/figures/2020/monthly').expect(200)).body;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(monthly.applications.received)).toBe(figureAt(figures, 'applications.received'));
    expect(sum(monthly.decisions.total)).toBe(figureAt(figures, 'decisions.total'));
    expect(sum(monthly.decisions.denied)).toBe(figureAt(figures, 'decisions.denied'));
    const byDepartment = Object.values(monthly.applications.byDepartment as Record<string, number[]>).map(sum);
    expect(sum(byDepartment)).toBe(figureAt(figures, 'applications.received'));
    const catalogueDepartments = Object.keys(figureAt(figures, 'items.byDepartment') as object);
    for (const department of Object.keys(monthly.decisions.byDepartment))
      expect(catalogueDepartments).toContain(department);
  });

  describe('when staff supply the texts', () => {
    let before: string;
    beforeAll(async () => {
      before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
    });

    it('refuses them from a role that may only read reports', async () => {
      await request(app.getHttpServer()).put('/v1/reports/2020/texts').set(as('reporting')).send(TEXTS).expect(403);
    });

    it('refuses a body with an unknown field or a bad date, naming it', async () => {
      const res = await request(app.getHttpServer())
        .put('/v1/reports/2020/texts')
        .set(as('admin'))
        .send({ ...TEXTS, date: '2021/3/30' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('date');
      await request(app.getHttpServer())
        .put('/v1/reports/2020/texts')
        .set(as('admin'))
        .send({ ...TEXTS, author: 'x' })
        .expect(400);
    });

    it('records them as an event with who supplied them, once', async () => {
      const first = await request(app.getHttpServer())
        .put('/v1/reports/2020/texts')
        .set(as('admin'))
        .send(TEXTS)
        .expect(200);
      expect(first.body).toMatchObject({ streamId: 'report-jiangmen-psb.2020', revision: 0, unchanged: false });
      const again = await request(app.getHttpServer())
        .put('/v1/reports/2020/texts')
        .set(as('admin'))
        .send(TEXTS)
        .expect(200);
      expect(again.body).toMatchObject({ revision: 0, unchanged: true, eventIds: [] });
      const events = (await get('/v1/streams/report-jiangmen-psb.2020/events', 'legal').expect(200)).body;
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'ReportTextsSupplied.v1',
        data: { year: 2020, ...TEXTS },
        metadata: { agency: 'jiangmen-psb', actor: expect.stringContaining('admin-key') },
      });
    });

    it('writes them into sections 二 and 三 and the signature, without placeholders', async () => {
      const md = (await get('/v1/reports/2020?format=md').expect(200)).text;
      expect(md).toContain('## 二、存在问题和困难\n\n公安审批服务事项有待进一步优化。\n\n窗口服务评价数据对接滞后。');
      expect(md).toContain('（二）健全政务服务“好差评”工作制度。');
      expect(md).toContain('江门市公安局\n\n2021年3月30日');
      expect(md).not.toContain('【');
      const view = (await get('/v1/reports/2020/texts').expect(200)).body;
      expect(view).toMatchObject({ texts: TEXTS, missing: [] });
    });

    it('shows the report as it stood before them when asked as of then', async () => {
      const md = (await get(`/v1/reports/2020?format=md&asOf=${encodeURIComponent(before)}`).expect(200)).text;
      expect(md).toContain('【待补充');
    });
  });

  describe('when legal staff print the trail of the denied application', () => {
    const deniedId = () =>
      (figures.decisions as { deniedReasons: { applicationId: string }[] }).deniedReasons[0].applicationId;

    it('refuses other roles and an export without purpose', async () => {
      await get(`/v1/trails/applications/${deniedId()}?purpose=x`, 'reporting').expect(403);
      const res = await get(`/v1/trails/applications/${deniedId()}?format=json`, 'legal').expect(400);
      expect(res.body.errors[0].field).toBe('purpose');
    });

    it('proves each event, with its times, actor and leaf hash, against a signed checkpoint', async () => {
      const trail = (
        await get(
          `/v1/trails/applications/${deniedId()}?format=json&purpose=${encodeURIComponent('行政复议答辩')}`,
          'legal',
        ).expect(200)
      ).body;
      expect({ agency: trail.agency, agencyName: trail.agencyName }).toEqual({
        agency: 'jiangmen-psb',
        agencyName: '江门市公安局',
      });
      expect(trail.checkpoint).toMatchObject({
        treeSize: expect.any(Number),
        rootHash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        note: expect.stringContaining('ledger.jiangmen-psb/events'),
      });
      expect(trail.entries.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['ApplicationFiled.v1', 'ApplicationAccepted.v1', 'DecisionMade.v1']),
      );
      for (const entry of trail.entries) {
        expect(entry).toMatchObject({
          inclusion: 'verified',
          leafHash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
          actor: expect.any(String),
          businessTime: expect.any(String),
          ledgerTime: expect.any(String),
        });
        expect(entry.details).not.toMatch(/DEMO-|示例申请人/);
      }
      const log = (await get('/v1/streams/access-log-jiangmen-psb/events', 'legal').expect(200)).body as {
        type: string;
        data: { purpose: string };
      }[];
      expect(log.filter((e) => e.type === 'TrailExported.v1').map((e) => e.data.purpose)).toContain('行政复议答辩');
    });

    it('prints it as a PDF in Chinese, closing with the checkpoint', async () => {
      const res = await get(`/v1/trails/applications/${deniedId()}?purpose=${encodeURIComponent('诉讼举证')}`, 'legal')
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const text = pdfText(res.body as Buffer, dir);
      expect(text).toContain('行政许可申请事件记录');
      expect(text).toContain('作出行政许可决定');
      expect(text).toContain('不予许可');
      expect(text).toContain('检查点');
      expect(text).toContain('已验证包含于检查点');
    }, 60_000);
  });

  describe('from the command line', () => {
    beforeAll(async () => {
      // One process at a time on the embedded stores.
      await app.close();
      app = undefined as unknown as INestApplication;
    });

    it('writes the PDF with the texts from a file', async () => {
      const textsFile = path.join(dir, 'texts.json');
      writeFileSync(
        textsFile,
        JSON.stringify({ problems: '命令行提供的问题文字。', measures: '命令行提供的措施文字。', date: '2021-04-01' }),
      );
      const out = path.join(dir, 'report.pdf');
      const run = await runCli(dir, ['report', '2020', '--texts', textsFile, '--out', out]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.stringContaining('report jiangmen-psb 2020: pdf written to'),
      });
      expect(existsSync(out)).toBe(true);
      const text = pdfText(readFileSync(out), dir);
      expect(text).toContain('命令行提供的问题文字。');
      expect(text).toContain('二、存在问题和困难');
      expect(text).toContain('命令行提供的措施文字。');
      expect(text).toContain('江门市公安局2021年4月1日');
    }, 120_000);

    it('writes the Word document with the texts from a file, ready to edit', async () => {
      const textsFile = path.join(dir, 'texts-docx.json');
      writeFileSync(textsFile, JSON.stringify(TEXTS));
      const out = path.join(dir, 'report.docx');
      const run = await runCli(dir, ['report', '2020', '--texts', textsFile, '--out', out]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.stringContaining('report jiangmen-psb 2020: docx written to'),
      });
      const text = docxText(readFileSync(out), dir);
      expect(text).toContain(
        '二、存在问题和困难公安审批服务事项有待进一步优化。窗口服务评价数据对接滞后。三、下一步工作措施及有关建议',
      );
      expect(text).toContain('江门市公安局2021年3月30日');
      expect(text).not.toContain('【');
    }, 180_000);

    it('prints Markdown to standard output, and refuses a bad texts file', async () => {
      const run = await runCli(dir, ['report', '2020', '--format', 'md']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('# 江门市公安局2020年度行政许可实施和监督管理情况报告');
      const badFile = path.join(dir, 'bad.json');
      writeFileSync(badFile, '{"problems": 1}');
      const bad = await runCli(dir, ['report', '2020', '--texts', badFile]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('problems must be a string');
    }, 120_000);
  });
});
