import { expectedFigures, jiangmenPlan, SEED_DENIAL_REASON } from '@ledger/demo';
import { renderHtml } from '../render/html.renderer';
import { renderMarkdown } from '../render/markdown.renderer';
import { NO_LICENCE_FACTS, emptyFigures, figuresDocument, testRate } from '../testing/figures';
import { parseReportTexts } from '../texts/report-texts';
import { composeReport, selfReference } from './compose-report';
import { figureAt, formatFigure } from './figure-path';
import { ReportModel, Run, runsText, sectionText } from './report.model';

const fullPlan = jiangmenPlan();
const jiangmen2020 = figuresDocument(expectedFigures(fullPlan, 2020), expectedFigures(fullPlan, 2019));
const SEED_TEXTS = {
  problems: '公安审批服务事项有待进一步优化。\n窗口服务评价数据对接滞后。',
  measures: '（一）开展政务服务优化工作。\n（二）深化推进“互联网+”公安政务服务工作。',
  signatory: '江门市公安局',
  date: '2021-03-30',
};

const section = (model: ReportModel, id: string) => {
  const found = [...model.sections, ...model.sections.flatMap((s) => s.subsections)].find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return sectionText(found);
};
const allRuns = (model: ReportModel): Run[] =>
  [
    model.preamble,
    ...model.sections.flatMap(function walk(s): { runs: readonly Run[] }[] {
      return [...s.paragraphs, ...s.subsections.flatMap(walk)];
    }),
  ].flatMap((p) => [...p.runs]);

describe('the yearly report', () => {
  describe('when written from the figures of the Jiangmen demo at full scale', () => {
    const model = composeReport({ figures: jiangmen2020, texts: SEED_TEXTS });
    const basic = section(model, 'basic');

    it('has the statutory structure, title, signature and date', () => {
      expect(model.title).toBe('江门市公安局2020年度行政许可实施和监督管理情况报告');
      expect(model.sections.map((s) => s.heading)).toEqual([
        '一、基本情况',
        '二、存在问题和困难',
        '三、下一步工作措施及有关建议',
      ]);
      expect(model.sections[0].subsections.map((s) => s.heading)).toEqual([
        '（一）现有事项及办理情况',
        '（二）依法实施情况',
        '（三）公开公示情况',
        '（四）监督管理情况',
        '（五）实施效果情况',
      ]);
      expect(runsText([model.signature.agency, model.signature.date])).toBe('江门市公安局2021年3月30日');
      expect(model.missing).toEqual([]);
      expect(runsText(model.preamble.runs)).toBe(
        '根据《广东省行政许可监督管理条例》要求，现将我局2020年度行政许可实施和监督管理情况报告如下：',
      );
    });

    it("reproduces every figure of the seed report's section 一", () => {
      for (const phrase of [
        '现有行政许可事项102项',
        '纳入行政许可标准化目录102项',
        '进驻广东省网上办事大厅102项',
        '共收到行政许可申请410054宗',
        '受理410054宗',
        '作出行政许可决定410053宗',
        `作出不予许可决定1宗，${SEED_DENIAL_REASON}`,
        '按时办结率为100%',
        '行政复议0宗、行政诉讼0宗',
        '累计公示行政许可决定信息20575条',
        '对外监督检查142次',
        '执法检查12次',
        '抽取行政许可案卷80宗',
        '收到投诉举报0件，其中有效0件',
        '全流程网上办理事项85项，全程网办率为83.33%',
        '即办件72项，占比70.59%',
        '平均跑动次数0.098次',
        '服务时限压缩率为93.79%',
        '满意度为95.56%',
        '办理电子证照14936份',
        '邮寄送达证件13950件',
        '公章刻制55122枚',
        '平均刻制时长0.48小时',
        '网上刻章30858枚',
        '车管业务预约380000宗',
      ]) {
        expect(basic).toContain(phrase);
      }
      expect(section(model, 'basic.items')).toContain('涉及治安、交警、出入境、禁毒、科信5个部门');
    });

    it('prints each number as the figure its link names, and links it to the query that produced it', () => {
      const figures = allRuns(model).filter((r): r is Extract<Run, { kind: 'figure' }> => r.kind === 'figure');
      expect(figures.length).toBeGreaterThan(60);
      for (const run of figures) {
        const value = figureAt(jiangmen2020, run.figure);
        expect(typeof value).toBe('number');
        expect(run.text.replace(/[^\d.]+$/, '')).toBe(formatFigure(value));
        expect(run.href).toBe(`/v1/figures/2020?agency=jiangmen-psb#${run.figure}`);
      }
      // Nothing numeric is printed bare in section 一 but years, list numbers and statutory names.
      const bareNumbers = model.sections[0].subsections
        .flatMap((s) => s.paragraphs)
        .flatMap((p) => p.runs.filter((r) => r.kind === 'text').map((r) => r.text))
        .join(' ')
        .replace(/\d{4}年|\d{1,2}月\d{1,2}日|12123/g, '')
        .replace(/(^|[。；\s])\d\./g, '')
        .replace(/（[^）]*公式[^）]*）/g, '');
      expect(bareNumbers).not.toMatch(/\d/);
    });

    it('compares with the year before: more applications, higher rates', () => {
      const items = section(model, 'basic.items');
      expect(items).toMatch(/共收到行政许可申请410054宗，比2019年（381927宗）增加28127宗，增长7\.36%/);
      expect(section(model, 'basic.effect')).toContain(
        '满意度为95.56%，比2019年（93.33%）提高2.23个百分点，满意度按（非常满意+满意+基本满意）/全部评价计算',
      );
      expect(items).toContain('现有行政许可事项102项，与2019年（102项）持平');
    });

    it('writes none of the text faults a signer would have to correct', () => {
      const all = [
        model.preamble,
        ...model.sections.flatMap(function walk(s): { runs: readonly Run[] }[] {
          return [...s.paragraphs, ...s.subsections.flatMap(walk)];
        }),
      ]
        .map((p) => runsText(p.runs))
        .join('\n');
      // Units printed twice ("服务人次89000人次"), half-width brackets, a point opening with 其中.
      expect(all).toContain('周末车驾管服务89000人次');
      expect(all).not.toMatch(/人次\d+人次/);
      expect(all).not.toMatch(/[()]/);
      expect(all).not.toMatch(/\d\.其中/);
      expect(section(model, 'basic.items')).toContain(`3.2020年度，我局作出不予许可决定1宗，${SEED_DENIAL_REASON}。`);
      // One precision for percentages: two decimals, none only for an exact whole percentage.
      for (const [, digits] of all.matchAll(/\d+(?:\.(\d+))?%/g))
        if (digits !== undefined) expect(digits).toHaveLength(2);
      expect(all).not.toContain('数据来源');
      expect(all).not.toContain('/v1/');
    });

    it('names the law the exempt results were withheld under, with the count under each when there are several', () => {
      const exempt = jiangmen2020.disclosure.exempt;
      const disclosure = (bases: { legalBasis: string; count: number }[]) =>
        section(composeReport({ figures: jiangmen2020, texts: SEED_TEXTS, exemptionBases: bases }), 'basic.disclosure');
      expect(disclosure([{ legalBasis: '《中华人民共和国护照法》', count: exempt }])).toContain(
        `依法不予公开${exempt}条（依据《中华人民共和国护照法》）`,
      );
      expect(
        disclosure([
          { legalBasis: '《中华人民共和国护照法》', count: exempt - 2 },
          { legalBasis: '《政府信息公开条例》第十五条', count: 2 },
        ]),
      ).toContain(
        `依法不予公开${exempt}条（其中依据《中华人民共和国护照法》${exempt - 2}条、依据《政府信息公开条例》第十五条2条）`,
      );
      expect(disclosure([])).toContain(`依法不予公开${exempt}条，`);
    });

    it('puts the data sources and method in an appendix of its own', () => {
      expect(model.appendix.heading).toBe('附：数据来源和计算说明');
      const appendix = model.appendix.paragraphs.map((p) => runsText(p.runs)).join('\n');
      expect(appendix).toContain('/v1/figures/2020?agency=jiangmen-psb');
      expect(appendix).toContain('各项数量按业务发生时间归入2020年度');
      // Said once, not twice over.
      expect(appendix.split('各项数量按业务发生时间归入').length).toBe(2);
      expect(renderMarkdown(model)).not.toContain('附：数据来源');
      expect(renderMarkdown(model, { appendix: true })).toContain('## 附：数据来源和计算说明');
    });

    it('prints without link decoration, keeps headings with their first paragraph, and prints the appendix only on request', () => {
      const html = renderHtml(model);
      const css = /<style>([\s\S]*)<\/style>/.exec(html)![1];
      // Link decoration exists for the screen only.
      expect(css).toMatch(/a\.figure, a\.derived \{ color: inherit; text-decoration: none; \}/);
      expect(css.replace(/@media screen \{[\s\S]*?\n {2}\}/, '')).not.toMatch(/border-bottom: 1px dotted/);
      expect(css).toMatch(/body:not\(\.with-appendix\) \.appendix \{ display: none; \}/);
      expect(html).toMatch(/<div class="keep"><h2>一、基本情况<\/h2>\n<h3>（一）现有事项及办理情况<\/h3>\n<p>1\./);
      expect(html).toMatch(
        /<div class="keep"><h2>二、存在问题和困难<\/h2>\n<p>公安审批服务事项有待进一步优化。<\/p><\/div>/,
      );
      expect(html).not.toContain('class="with-appendix"');
      expect(renderHtml(model, { printAppendix: true })).toContain('<body class="with-appendix"');
    });

    it('gives the HTML links that carry the figure path', () => {
      const html = renderHtml(model);
      expect(html).toContain(
        '<a class="figure" href="/v1/figures/2020?agency=jiangmen-psb#decisions.total" data-figure="decisions.total" title="decisions.total">410053</a>',
      );
      expect(html).toContain('data-figure="previousYear.applications.received"');
      expect(html).toMatch(
        /<a class="derived" [^>]*data-derived="applications.received previousYear.applications.received"[^>]*>28127<\/a>/,
      );
      expect(html).not.toContain('data-placeholder');
    });

    it('writes the staff texts as paragraphs of sections 二 and 三', () => {
      expect(model.sections[1].paragraphs.map((p) => runsText(p.runs))).toEqual([
        '公安审批服务事项有待进一步优化。',
        '窗口服务评价数据对接滞后。',
      ]);
      const md = renderMarkdown(model);
      expect(md).toContain('## 二、存在问题和困难\n\n公安审批服务事项有待进一步优化。\n\n窗口服务评价数据对接滞后。');
      expect(md).toContain('（二）深化推进“互联网+”公安政务服务工作。');
    });
  });

  describe('when the staff texts are missing', () => {
    const model = composeReport({ figures: jiangmen2020, texts: {} });

    it('shows a visible placeholder for each, never a silent gap', () => {
      expect(model.missing).toEqual(['problems', 'measures', 'signatory', 'date']);
      expect(model.title).toBe('【机关名称待填写】2020年度行政许可实施和监督管理情况报告');
      for (const s of model.sections.slice(1))
        expect(s.paragraphs[0].runs[0]).toEqual({ kind: 'placeholder', text: '【待补充：本部分由工作人员撰写】' });
      expect(model.signature.agency).toEqual({ kind: 'placeholder', text: '【署名机关待填写】' });
      expect(model.signature.date).toEqual({ kind: 'placeholder', text: '【落款日期待填写】' });
      expect(renderMarkdown(model)).toContain('**【待补充：本部分由工作人员撰写】**');
      expect(renderHtml(model).match(/data-placeholder/g)).toHaveLength(4);
    });

    it('takes the name from the known agencies when only the signatory is missing', () => {
      const named = composeReport({ figures: jiangmen2020, texts: {}, agencyName: '江门市公安局' });
      expect(named.title).toBe('江门市公安局2020年度行政许可实施和监督管理情况报告');
      expect(named.missing).toEqual(['problems', 'measures', 'date']);
    });
  });

  describe('when the ledger holds licences', () => {
    const withLicences = figuresDocument(
      {
        ...expectedFigures(fullPlan, 2020),
        licences: {
          ...NO_LICENCE_FACTS,
          granted: 12,
          changesApplied: 3,
          changesApproved: 2,
          renewalsApplied: 5,
          renewed: 4,
          renewalsDecidedBeforeExpiry: 3,
          renewalsDecidedAfterExpiry: 1,
          deemedRenewals: 1,
          cancelled: 2,
          postGrantInspections: 7,
          inForceAtYearEnd: 40,
          byDepartment: {},
        },
      },
      null,
    );

    it('states the licences after the grant under (四)监督管理情况, each number linked to its figure', () => {
      const model = composeReport({ figures: withLicences, texts: SEED_TEXTS });
      const text = section(model, 'basic.supervision');
      expect(text).toContain(
        '5.2020年，新增行政许可12件，年末处于有效期内的行政许可40件；对被许可人开展监督检查7次；' +
          '收到变更申请3宗，准予变更2宗、不予变更0宗；' +
          '收到延续申请5宗，准予延续4宗、不予延续0宗（在有效期届满前作出决定3宗、届满后作出决定1宗）；' +
          '逾期未作决定、视为准予延续1宗；依法撤回行政许可0件、撤销0件、注销2件。',
      );
      expect(allRuns(model).filter((r) => r.kind === 'figure' && r.figure.startsWith('licences.'))).toHaveLength(15);
    });

    it('never writes the renewals decided before expiry, or the deemed ones, as a part (其中) of the renewals granted', () => {
      const text = section(composeReport({ figures: withLicences, texts: SEED_TEXTS }), 'basic.supervision');
      expect(text).not.toMatch(/准予延续\d+宗，其中/);
    });

    it('leaves out a kind of act none of whose counts happened, and names suspensions of use when there are any', () => {
      const fewer = figuresDocument(
        {
          ...expectedFigures(fullPlan, 2020),
          licences: { ...NO_LICENCE_FACTS, granted: 3, usesSuspended: 1, inForceAtYearEnd: 3, byDepartment: {} },
        },
        null,
      );
      const text = section(composeReport({ figures: fewer, texts: SEED_TEXTS }), 'basic.supervision');
      expect(text).toContain(
        '5.2020年，新增行政许可3件，年末处于有效期内的行政许可3件；对被许可人开展监督检查0次；依法暂停使用行政许可1件。',
      );
      expect(text).not.toContain('变更');
      expect(text).not.toContain('延续');
      expect(text).not.toContain('撤回');
    });

    it('says nothing of licences in a year without any licence fact', () => {
      // The demo records licences since issue 19: take them out for a year that has none.
      const none = figuresDocument(
        { ...expectedFigures(fullPlan, 2020), licences: { ...NO_LICENCE_FACTS, byDepartment: {} } },
        null,
      );
      expect(section(composeReport({ figures: none, texts: SEED_TEXTS }), 'basic.supervision')).not.toContain(
        '被许可人',
      );
    });
  });

  describe('when the year has no records', () => {
    const empty = figuresDocument(emptyFigures('kaiping-psb', 2018), null);
    const model = composeReport({ figures: empty, texts: {}, agencyName: '开平市公安局' });

    it('says so honestly instead of printing zeros as facts', () => {
      expect(model.noRecords).toBe(true);
      const basic = section(model, 'basic');
      expect(basic).toContain('【无记录】');
      expect(basic).toContain('本报告不以零值代替实际情况');
      expect(basic).not.toMatch(/0宗|0件|0次|0%/);
      expect(model.sections[0].subsections).toEqual([]);
      expect(renderHtml(model)).toContain('data-no-records');
    });

    it('still states the catalogue carried over from earlier years, as a fact', () => {
      const withCatalogue = figuresDocument(
        { ...emptyFigures('kaiping-psb', 2018), items: { ...emptyFigures('kaiping-psb', 2018).items, total: 7 } },
        null,
      );
      const basic = section(composeReport({ figures: withCatalogue, texts: {} }), 'basic');
      expect(basic).toContain('仍然有效的行政许可事项为7项');
    });
  });

  describe('when compared with the year before', () => {
    const withCounts = (received: number, fullyOnline: number) => {
      const f = emptyFigures('test-psb', 2020);
      f.applications.received = received;
      f.items.total = 10;
      f.items.byDepartment = { 治安: 10 };
      f.items.fullyOnline = fullyOnline;
      f.items.fullyOnlineRate = testRate(fullyOnline, 10);
      return f;
    };
    const compose = (now: [number, number], before: [number, number] | null) =>
      section(
        composeReport({
          figures: figuresDocument(withCounts(...now), before ? { ...withCounts(...before), year: 2019 } : null),
          texts: {},
        }),
        'basic',
      );

    it('says up, with the difference and the growth', () => {
      expect(compose([120, 8], [100, 5])).toContain('共收到行政许可申请120宗，比2019年（100宗）增加20宗，增长20%');
      expect(compose([120, 8], [100, 5])).toContain('全程网办率为80%，比2019年（50%）提高30个百分点');
    });

    it('says down, with the difference and the fall', () => {
      expect(compose([75, 4], [100, 5])).toContain('共收到行政许可申请75宗，比2019年（100宗）减少25宗，下降25%');
      expect(compose([75, 4], [100, 5])).toContain('全程网办率为40%，比2019年（50%）降低10个百分点');
    });

    it('says the same when nothing changed', () => {
      expect(compose([100, 5], [100, 5])).toContain('共收到行政许可申请100宗，与2019年（100宗）持平');
      expect(compose([100, 5], [100, 5])).toContain('全程网办率为50%，与2019年（50%）持平');
    });

    it('gives no percentage against a year that had none', () => {
      expect(compose([100, 5], [0, 5])).toContain('共收到行政许可申请100宗，2019年为0宗');
    });

    it('makes no comparison when the year before has no records, and says why', () => {
      const text = compose([100, 5], null);
      expect(text).not.toContain('2019年（');
      const f = figuresDocument(withCounts(100, 5), null);
      expect(
        composeReport({ figures: f, texts: {} })
          .appendix.paragraphs.map((p) => runsText(p.runs))
          .join(''),
      ).toContain('账本中没有2019年度记录，不作同比');
    });
  });

  it('refers to the agency as it would itself', () => {
    expect([
      selfReference('江门市公安局'),
      selfReference('广东省交通运输厅'),
      selfReference('某某市发展和改革委'),
      selfReference(null),
      selfReference('某中心'),
    ]).toEqual(['我局', '我厅', '我委', '我单位', '我单位']);
  });

  it('escapes staff texts in HTML and Markdown', () => {
    const model = composeReport({ figures: jiangmen2020, texts: { problems: '<script>alert(1)</script> *粗体*' } });
    expect(renderHtml(model)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(renderMarkdown(model)).toContain('\\<script\\>alert(1)\\</script\\> \\*粗体\\*');
  });
});

describe('staff texts', () => {
  it('are trimmed, blank ones dropped', () => {
    expect(parseReportTexts({ problems: '  问题  ', measures: '   ', date: '2021-03-30' })).toEqual({
      problems: '问题',
      date: '2021-03-30',
    });
  });

  it.each([
    [{ date: '2021-02-30' }, 'date'],
    [{ date: '30/03/2021' }, 'date'],
    [{ problems: 3 }, 'problems'],
    [{ other: 'x' }, 'other'],
  ])('refuses %p naming %p', (input, field) => {
    expect(() => parseReportTexts(input)).toThrow(expect.objectContaining({ field }));
  });
});
