/**
 * The yearly report in the statutory structure (《广东省行政许可监督管理条例》; see the domain
 * brief): 一、基本情况 with its five subsections written from the figures in the prose of the
 * Jiangmen PSB's 2020 report, 二 and 三 from staff texts, then the signature and date. Pure: the
 * same figures and texts give the same report, word for word.
 */
import { percentagePoints, percentText, type YearlyFigures } from '@ledger/projections';
import type { ReportTexts } from '../texts/report-texts';
import type { ExemptionBasis } from './exemption-bases';
import { figureAt, formatFigure } from './figure-path';
import type { FiguresDocumentBody, Paragraph, ReportModel, ReportSection, Run } from './report.model';

export interface ComposeInput {
  readonly figures: FiguresDocumentBody;
  readonly texts: ReportTexts;
  /** Who supplied the texts and when, if they came from the ledger. */
  readonly textsSupplied?: { readonly suppliedBy: string; readonly suppliedAt: string } | null;
  /** The agency's name when the texts do not give a signatory (e.g. from the known-names table). */
  readonly agencyName?: string;
  /** Prefix of the figure links: '' for links relative to the API, or its public URL. */
  readonly linkBase?: string;
  /** The legal bases of the year's disclosure exemptions (from the ledger), named beside 依法不予公开. */
  readonly exemptionBases?: readonly ExemptionBasis[];
}

/** The statutory headings. */
export const HEADINGS = {
  basic: '一、基本情况',
  items: '（一）现有事项及办理情况',
  lawful: '（二）依法实施情况',
  disclosure: '（三）公开公示情况',
  supervision: '（四）监督管理情况',
  effect: '（五）实施效果情况',
  problems: '二、存在问题和困难',
  measures: '三、下一步工作措施及有关建议',
} as const;

export const APPENDIX_HEADING = '附：数据来源和计算说明';

const LEVEL_NAMES: Record<'5' | '4' | '3' | '2' | '1', string> = {
  '5': '非常满意',
  '4': '满意',
  '3': '基本满意',
  '2': '不满意',
  '1': '非常不满意',
};

/** How an agency refers to itself in its own report: 我局, 我委, … (我单位 when the name is unknown). */
export function selfReference(agencyName: string | null): string {
  const last = agencyName?.trim().slice(-1);
  return last && '局委厅办院会署处所'.includes(last) ? `我${last}` : '我单位';
}

/** Year-scoped activity: a year whose counts are all zero and that has no indicators has no records. */
export function hasRecordsOfYear(f: YearlyFigures): boolean {
  const a = f.applications;
  const d = f.decisions;
  const s = f.supervision;
  const e = f.effect;
  const counts = [
    a.received,
    a.accepted,
    a.notAccepted,
    a.withdrawn,
    d.total,
    f.disclosure.disclosed,
    f.disclosure.exempt,
    s.externalSupervision,
    s.enforcementInspections,
    s.caseFilesReviewed,
    s.complaintsReceived,
    s.complaintsValid,
    s.reconsiderations,
    s.litigations,
    s.rectificationsRequired,
    s.rectificationsCompleted,
    e.badRatingsRectified,
    e.electronicCertificates,
    e.certificatesMailed,
    ...Object.values(e.ratings),
  ];
  return counts.some((n) => n > 0) || f.indicators.length > 0;
}

/** Local date `YYYY-MM-DD` as the report prints it: 2021年3月30日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function composeReport(input: ComposeInput): ReportModel {
  const { figures, texts } = input;
  const year = figures.year;
  const agencyName = texts.signatory ?? input.agencyName ?? null;
  const we = selfReference(agencyName);
  const query = `/v1/figures/${year}?agency=${encodeURIComponent(figures.agency)}${figures.asOf ? `&asOf=${encodeURIComponent(figures.asOf)}` : ''}`;
  const w = new Writer(figures, `${input.linkBase ?? ''}${query}`);
  const noRecords = !hasRecordsOfYear(figures);
  const missing: string[] = [];

  const title = `${agencyName ?? '【机关名称待填写】'}${year}年度行政许可实施和监督管理情况报告`;
  const preamble = w.p`根据《广东省行政许可监督管理条例》要求，现将${we}${year}年度行政许可实施和监督管理情况报告如下：`;
  const basic: ReportSection = noRecords
    ? noRecordsSection(w, figures, agencyName)
    : basicSection(w, figures, we, input.exemptionBases ?? []);
  const appendix = {
    heading: APPENDIX_HEADING,
    paragraphs: appendixParagraphs(w, figures, query, input.textsSupplied),
  };
  const problems = staffSection('problems', HEADINGS.problems, texts.problems, 'problems', missing);
  const measures = staffSection('measures', HEADINGS.measures, texts.measures, 'measures', missing);
  if (!agencyName) missing.push('signatory');
  if (!texts.date) missing.push('date');

  return {
    title,
    agency: figures.agency,
    agencyName,
    year,
    asOf: figures.asOf,
    noRecords,
    source: { figuresQuery: query, basedOn: figures.basedOn, texts: input.textsSupplied ?? null },
    preamble,
    sections: [basic, problems, measures],
    appendix,
    signature: {
      agency: agencyName ? text(agencyName) : placeholder('【署名机关待填写】'),
      date: texts.date ? text(chineseDate(texts.date)) : placeholder('【落款日期待填写】'),
    },
    missing,
  };
}

const text = (t: string): Run => ({ kind: 'text', text: t });
const placeholder = (t: string): Run => ({ kind: 'placeholder', text: t });

/** Writes paragraphs whose interpolated figures become linked runs. */
class Writer {
  constructor(
    private readonly figures: FiguresDocumentBody,
    private readonly href: string,
  ) {}

  /** Tagged template: strings and runs in, one paragraph out (adjacent text runs merged). */
  p(strings: TemplateStringsArray, ...values: (Run | Run[] | string | number)[]): Paragraph {
    const runs: Run[] = [];
    const push = (run: Run) => {
      const last = runs[runs.length - 1];
      if (run.kind === 'text' && last?.kind === 'text') runs[runs.length - 1] = text(last.text + run.text);
      else if (run.text !== '') runs.push(run);
    };
    strings.forEach((s, i) => {
      push(text(s));
      if (i < values.length) {
        const v = values[i];
        if (Array.isArray(v)) v.forEach(push);
        else if (typeof v === 'object') push(v);
        else push(text(String(v)));
      }
    });
    return { runs };
  }

  /** The value at a path of the figures document. */
  value(path: string): unknown {
    return figureAt(this.figures, path);
  }

  num(path: string): number {
    const v = this.value(path);
    if (typeof v !== 'number') throw new Error(`the figures document has no number at ${path}`);
    return v;
  }

  /**
   * A linked figure; a percent sign belongs to the number (inside the link), other units follow it.
   * A rate's percentage is printed by the one rule of `percentText` (two decimals unless exactly
   * whole); other numbers as the API states them.
   */
  f(path: string, unit = ''): Run[] {
    const run: Run = {
      kind: 'figure',
      text: this.printed(path, unit === '%' ? '%' : ''),
      figure: path,
      href: `${this.href}#${path}`,
    };
    return unit === '%' || unit === '' ? [run] : [run, text(unit)];
  }

  private printed(path: string, unit: string): string {
    if (unit === '%' && path.endsWith('.percent')) {
      const rate = this.value(path.slice(0, -'.percent'.length)) as
        { numerator?: unknown; denominator?: unknown } | undefined;
      if (typeof rate?.numerator === 'number' && typeof rate.denominator === 'number' && rate.denominator !== 0)
        return `${percentText(rate.numerator, rate.denominator)}%`;
    }
    return formatFigure(this.value(path), unit);
  }

  /** A number computed from figures (a difference, a growth rate); `shown` is its printed form when not the plain number. */
  derived(value: number, from: string[], formula: string, unit = '', shown?: string): Run[] {
    const run: Run = {
      kind: 'derived',
      text: `${shown ?? formatFigure(value)}${unit === '%' ? '%' : ''}`,
      from,
      formula,
      href: `${this.href}#${from[0]}`,
    };
    return unit === '%' || unit === '' ? [run] : [run, text(unit)];
  }

  get previous(): YearlyFigures | null {
    return this.figures.previousYear;
  }

  /** Year-on-year wording for a count: ，比2019年（381927宗）增加28127宗，增长7.36% / 减少…，下降… / ，与2019年持平. */
  countChange(path: string, unit: string): Run[] {
    const prev = this.previous;
    if (!prev) return [];
    const py = this.figures.year - 1;
    const now = this.num(path);
    const before = figureAt(prev, path);
    if (typeof before !== 'number') return [];
    const prevRun = this.f(`previousYear.${path}`, unit);
    if (now === before) return [text(`，与${py}年（`), ...prevRun, text('）持平')];
    if (before === 0) return [text(`，${py}年为`), ...prevRun];
    const diff = Math.abs(now - before);
    const pct = percentText(diff, before);
    const from = [path, `previousYear.${path}`];
    const up = now > before;
    return [
      text(`，比${py}年（`),
      ...prevRun,
      text(`）${up ? '增加' : '减少'}`),
      ...this.derived(diff, from, up ? 'this year − previous year' : 'previous year − this year', unit),
      text(`，${up ? '增长' : '下降'}`),
      ...this.derived(
        Number(pct),
        from,
        '|this year − previous year| / previous year × 100, rounded half-up to 2 places',
        '%',
        pct,
      ),
    ];
  }

  /** Year-on-year wording for a rate, in percentage points of the printed percentages. */
  rateChange(path: string): Run[] {
    const prev = this.previous;
    if (!prev) return [];
    const py = this.figures.year - 1;
    const now = this.value(`${path}.percent`);
    const before = figureAt(prev, `${path}.percent`);
    if (typeof now !== 'number' || typeof before !== 'number') return [];
    const prevRun = this.f(`previousYear.${path}.percent`, '%');
    if (now === before) return [text(`，与${py}年（`), ...prevRun, text('）持平')];
    const up = now > before;
    return [
      text(`，比${py}年（`),
      ...prevRun,
      text(`）${up ? '提高' : '降低'}`),
      ...derivedPoints(this, path, now, before),
      text('个百分点'),
    ];
  }

  /** A rate printed as its percentage, or a sentence part saying it cannot be computed. */
  hasRate(path: string): boolean {
    return typeof this.value(`${path}.percent`) === 'number';
  }
}

function derivedPoints(w: Writer, path: string, now: number, before: number): Run[] {
  const points = percentagePoints(now, before);
  return w.derived(
    points.value,
    [`${path}.percent`, `previousYear.${path}.percent`],
    'difference of the two printed percentages',
    '',
    points.text,
  );
}

function noRecordsSection(w: Writer, figures: FiguresDocumentBody, agencyName: string | null): ReportSection {
  const who = agencyName ?? `机关“${figures.agency}”`;
  const paragraphs: Paragraph[] = [
    w.p`${placeholder('【无记录】')}行政许可合规账本中没有${who}${figures.year}年度的行政许可申请、决定、公示、监督检查、投诉举报、评价或报送指标记录，本部分各项数字无从统计。本报告不以零值代替实际情况；如该年度确有业务发生，请先将有关事实录入账本，再重新生成本报告。`,
  ];
  if (figures.items.total > 0) {
    paragraphs.push(
      w.p`账本中截至${figures.year}年12月31日仍然有效的行政许可事项为${w.f('items.total')}项（以前年度登记）。`,
    );
  }
  return { id: 'basic', heading: HEADINGS.basic, paragraphs, subsections: [] };
}

function basicSection(
  w: Writer,
  f: FiguresDocumentBody,
  we: string,
  exemptionBases: readonly ExemptionBasis[],
): ReportSection {
  const subsections: ReportSection[] = [
    { id: 'basic.items', heading: HEADINGS.items, paragraphs: itemsParagraphs(w, f, we), subsections: [] },
    { id: 'basic.lawful', heading: HEADINGS.lawful, paragraphs: lawfulParagraphs(w, f, we), subsections: [] },
    {
      id: 'basic.disclosure',
      heading: HEADINGS.disclosure,
      paragraphs: disclosureParagraphs(w, f, we, exemptionBases),
      subsections: [],
    },
    {
      id: 'basic.supervision',
      heading: HEADINGS.supervision,
      paragraphs: supervisionParagraphs(w, f, we),
      subsections: [],
    },
    { id: 'basic.effect', heading: HEADINGS.effect, paragraphs: effectParagraphs(w, f, we), subsections: [] },
  ];
  return { id: 'basic', heading: HEADINGS.basic, paragraphs: [], subsections };
}

/**
 * How section 一 was computed and from what: for the reader who checks, not for the signed text.
 * Printed only in the appendix (附：数据来源和计算说明), which the HTML shows on screen and the
 * PDF and Word outputs carry only when asked.
 */
function appendixParagraphs(
  w: Writer,
  f: FiguresDocumentBody,
  query: string,
  textsSupplied: ComposeInput['textsSupplied'],
): Paragraph[] {
  const y = f.year;
  const asOf = f.asOf ? `截至${f.asOf}已记录的` : '';
  const note = w.p`1.第一部分数字由行政许可合规账本依据${asOf}事件自动计算，各项数量按业务发生时间归入${y}年度（${y}年1月1日至12月31日，北京时间），事项情况为${y}年12月31日在册情况${
    f.previousYear ? `；同比数字取自${y - 1}年度同口径计算结果` : `；账本中没有${y - 1}年度记录，不作同比`
  }。`;
  const basis = f.basedOn;
  const source = w.p`2.数据查询：${query}（账本事件${String(basis.events)}条，最后位置${basis.lastPosition ?? '无'}）。`;
  const texts = textsSupplied
    ? [w.p`3.第二、三部分文字由${textsSupplied.suppliedBy}于${textsSupplied.suppliedAt}提供。`]
    : [];
  return [note, source, ...texts];
}

function itemsParagraphs(w: Writer, f: FiguresDocumentBody, we: string): Paragraph[] {
  const y = f.year;
  const out: Paragraph[] = [];
  const departments = Object.keys(f.items.byDepartment).filter((d) => f.items.byDepartment[d] > 0);
  if (f.items.total === 0) {
    out.push(w.p`1.截至${y}年12月31日，账本中没有在册的行政许可事项。`);
  } else {
    const perDepartment: Run[] = [];
    departments.forEach((d, i) =>
      perDepartment.push(text(`${i ? '、' : ''}${d}`), ...w.f(`items.byDepartment.${d}`), text('项')),
    );
    const all = f.items.inStandardCatalogue === f.items.total && f.items.inOnlineHall === f.items.total;
    out.push(
      w.p`1.${we}现有行政许可事项${w.f('items.total')}项${w.countChange('items.total', '项')}，涉及${departments.join('、')}${w.derived(departments.length, ['items.byDepartment'], 'departments with items in force')}个部门（${perDepartment}）。其中纳入行政许可标准化目录${w.f('items.inStandardCatalogue')}项，进驻广东省网上办事大厅${w.f('items.inOnlineHall')}项${
        all ? '，所有事项均已纳入标准化目录并进驻网上办事大厅' : ''
      }。`,
    );
  }
  out.push(
    w.p`2.${y}年度，${we}共收到行政许可申请${w.f('applications.received')}宗${w.countChange('applications.received', '宗')}，受理${w.f('applications.accepted')}宗，不予受理${w.f('applications.notAccepted')}宗；作出行政许可决定${w.f('decisions.total')}宗${w.countChange('decisions.total', '宗')}，其中准予许可${w.f('decisions.granted')}宗、不予许可${w.f('decisions.denied')}宗；申请人撤回申请${w.f('applications.withdrawn')}宗；截至年末已受理尚在办理${w.f('applications.pendingAtYearEnd')}宗。`,
  );
  out.push(denialsParagraph(w, f, we, 3));
  return out;
}

function denialsParagraph(w: Writer, f: FiguresDocumentBody, we: string, n: number): Paragraph {
  const denied = f.decisions.denied;
  if (denied === 0) return w.p`${n}.${f.year}年度，${we}未作出不予许可决定（不予许可${w.f('decisions.denied')}宗）。`;
  const reasons = f.decisions.deniedReasons;
  if (reasons.length === 1 && denied === 1) {
    const reason = reasons[0].reason.replace(/[。；;，,\s]+$/, '');
    return w.p`${n}.${f.year}年度，${we}作出不予许可决定${w.f('decisions.denied')}宗，${reason}。`;
  }
  // Identical reasons are counted together; the list stays readable for any number of denials.
  const grouped = new Map<string, number>();
  for (const r of reasons)
    grouped.set(r.reason.replace(/[。；;，,\s]+$/, ''), (grouped.get(r.reason.replace(/[。；;，,\s]+$/, '')) ?? 0) + 1);
  const shown = [...grouped].slice(0, 20);
  const list = shown
    .map(([reason, count], i) => `（${i + 1}）${reason}${count > 1 ? `（${count}宗）` : ''}`)
    .join('；');
  const rest = grouped.size > shown.length ? `；另有${grouped.size - shown.length}类理由从略，详见年度数据` : '';
  return w.p`${n}.${f.year}年度，${we}作出不予许可决定${w.f('decisions.denied')}宗，理由分别为：${list}${rest}。`;
}

function lawfulParagraphs(w: Writer, f: FiguresDocumentBody, we: string): Paragraph[] {
  const y = f.year;
  const d = f.decisions;
  const out: Paragraph[] = [];
  if (d.total === 0) {
    out.push(w.p`1.${y}年度，${we}未作出行政许可决定（决定${w.f('decisions.total')}宗），按时办结率无从计算。`);
  } else {
    const rate: Run[] = w.hasRate('decisions.onTimeRate')
      ? [text('，按时办结率为'), ...w.f('decisions.onTimeRate.percent', '%'), ...w.rateChange('decisions.onTimeRate')]
      : [text('，按时办结率无从计算')];
    const unknown: Run[] =
      d.deadlineUnknown > 0
        ? [
            text('；另有'),
            ...w.f('decisions.deadlineUnknown'),
            text('宗因缺少受理记录或期限数据，无法计算法定期限，未计入按时办结率'),
          ]
        : [];
    out.push(
      w.p`1.${y}年，${we}作出的行政许可决定中，在法定期限内办结${w.f('decisions.onTime')}宗，超过法定期限办结${w.f('decisions.overdue')}宗${rate}${unknown}${
        d.overdue === 0 && d.onTime > 0 ? '，未出现超期审批的情况' : ''
      }。`,
    );
  }
  const s = f.supervision;
  if (s.reconsiderations === 0 && s.litigations === 0) {
    out.push(
      w.p`2.${y}年，未发生因行政许可引起的行政复议、行政诉讼案件（行政复议${w.f('supervision.reconsiderations')}宗、行政诉讼${w.f('supervision.litigations')}宗）。`,
    );
  } else {
    out.push(
      w.p`2.${y}年，因行政许可引起行政复议${w.f('supervision.reconsiderations')}宗、行政诉讼${w.f('supervision.litigations')}宗。`,
    );
  }
  return out;
}

/**
 * `（依据《中华人民共和国护照法》）` when every exemption names one basis, else the count under each
 * (`（其中依据《A》3条、依据《B》2条）`); nothing when none is recorded.
 */
function exemptionGrounds(bases: readonly ExemptionBasis[], exempt: number): string {
  if (bases.length === 0 || exempt === 0) return '';
  if (bases.length === 1 && bases[0].count === exempt) return `（依据${bases[0].legalBasis}）`;
  return `（其中${bases.map((b) => `依据${b.legalBasis}${b.count}条`).join('、')}）`;
}

function disclosureParagraphs(
  w: Writer,
  f: FiguresDocumentBody,
  we: string,
  exemptionBases: readonly ExemptionBasis[],
): Paragraph[] {
  const y = f.year;
  const grounds = exemptionGrounds(exemptionBases, f.disclosure.exempt);
  const rate: Run[] = w.hasRate('disclosure.disclosureRate')
    ? [
        text('，可公开的准予许可决定公示率为'),
        ...w.f('disclosure.disclosureRate.percent', '%'),
        text('（公示'),
        ...w.f('disclosure.disclosureRate.numerator'),
        text('条，应公示'),
        ...w.f('disclosure.disclosureRate.denominator'),
        text('条）'),
      ]
    : [];
  return [
    w.p`1.${y}年，${we}累计公示行政许可决定信息${w.f('disclosure.disclosed')}条${w.countChange('disclosure.disclosed', '条')}；依法不予公开${w.f('disclosure.exempt')}条${grounds}${rate}。`,
  ];
}

function supervisionParagraphs(w: Writer, f: FiguresDocumentBody, we: string): Paragraph[] {
  const y = f.year;
  const s = f.supervision;
  const out: Paragraph[] = [];
  out.push(
    w.p`1.${y}年，${we}全年开展行政许可事项对外监督检查${w.f('supervision.externalSupervision')}次${w.countChange('supervision.externalSupervision', '次')}。`,
  );
  const review: Run[] =
    s.caseFilesReviewed > 0
      ? [
          text('；依据《广东省行政执法案卷评查标准》，抽取行政许可案卷'),
          ...w.f('supervision.caseFilesReviewed'),
          text('宗开展评查'),
        ]
      : [text('；全年未开展行政许可案卷评查（抽查案卷'), ...w.f('supervision.caseFilesReviewed'), text('宗）')];
  out.push(
    w.p`2.法制、督察部门对行政许可实施部门开展执法检查${w.f('supervision.enforcementInspections')}次${w.countChange('supervision.enforcementInspections', '次')}${review}。`,
  );
  out.push(
    s.complaintsReceived === 0
      ? w.p`3.${y}年，未收到涉及行政许可的投诉举报（收到投诉举报${w.f('supervision.complaintsReceived')}件，其中有效${w.f('supervision.complaintsValid')}件）。`
      : w.p`3.${y}年，收到涉及行政许可的投诉举报${w.f('supervision.complaintsReceived')}件${w.countChange('supervision.complaintsReceived', '件')}，经核查有效${w.f('supervision.complaintsValid')}件${s.complaintsValid === 0 ? '，无有效投诉举报' : ''}。`,
  );
  out.push(
    s.rectificationsRequired === 0 && s.rectificationsCompleted === 0
      ? w.p`4.监督检查中未发现需要整改的问题（需整改${w.f('supervision.rectificationsRequired')}个）。`
      : w.p`4.监督检查中发现需要整改的问题${w.f('supervision.rectificationsRequired')}个；全年完成整改${w.f('supervision.rectificationsCompleted')}项（含以前年度发现问题的整改）。`,
  );
  const licences = licenceParagraph(w, f);
  if (licences) out.push(licences);
  return out;
}

/**
 * 被许可人监管 (《江门市公安局被许可事项监管办法》) and the licence's life after the grant, where the
 * ledger holds licences; a year without any licence fact says nothing rather than a row of zeros.
 * Each kind of act (changes, renewals, endings) is a clause of its own, left out when all its
 * counts are zero, so the sentence states what happened. Renewal decisions before and after expiry
 * divide the decisions (准予 and 不予 alike), and a deemed renewal is no decision at all, so neither
 * is written as a part (其中) of the renewals granted.
 */
function licenceParagraph(w: Writer, f: FiguresDocumentBody): Paragraph | undefined {
  const l = f.licences;
  if (l === undefined) return undefined;
  const { byDepartment: _departments, ...counts } = l;
  if (Object.values(counts).every((n) => n === 0)) return undefined;
  const any = (...ns: number[]) => ns.some((n) => n !== 0);
  const runs = (p: Paragraph): Run[] => [...p.runs];
  const clauses: Run[][] = [
    runs(
      w.p`新增行政许可${w.f('licences.granted')}件，年末处于有效期内的行政许可${w.f('licences.inForceAtYearEnd')}件`,
    ),
    runs(w.p`对被许可人开展监督检查${w.f('licences.postGrantInspections')}次`),
  ];
  if (any(l.changesApplied, l.changesApproved, l.changesRefused))
    clauses.push(
      runs(
        w.p`收到变更申请${w.f('licences.changesApplied')}宗，准予变更${w.f('licences.changesApproved')}宗、不予变更${w.f('licences.changesRefused')}宗`,
      ),
    );
  if (any(l.renewalsApplied, l.renewed, l.renewalsRefused, l.deemedRenewals)) {
    const deemed =
      l.deemedRenewals === 0 ? [] : runs(w.p`；逾期未作决定、视为准予延续${w.f('licences.deemedRenewals')}宗`);
    clauses.push(
      runs(
        w.p`收到延续申请${w.f('licences.renewalsApplied')}宗，准予延续${w.f('licences.renewed')}宗、不予延续${w.f('licences.renewalsRefused')}宗（在有效期届满前作出决定${w.f('licences.renewalsDecidedBeforeExpiry')}宗、届满后作出决定${w.f('licences.renewalsDecidedAfterExpiry')}宗）${deemed}`,
      ),
    );
  }
  if (any(l.withdrawn, l.revoked, l.cancelled))
    clauses.push(
      runs(
        w.p`依法撤回行政许可${w.f('licences.withdrawn')}件、撤销${w.f('licences.revoked')}件、注销${w.f('licences.cancelled')}件`,
      ),
    );
  if (l.usesSuspended !== 0) clauses.push(runs(w.p`依法暂停使用行政许可${w.f('licences.usesSuspended')}件`));
  return w.p`5.${f.year}年，${clauses.flatMap((c, i) => (i === 0 ? c : [text('；'), ...c]))}。`;
}

function effectParagraphs(w: Writer, f: FiguresDocumentBody, we: string): Paragraph[] {
  const y = f.year;
  const i = f.items;
  const e = f.effect;
  const out: Paragraph[] = [];
  if (i.total > 0) {
    const compression: Run[] = w.hasRate('items.timeLimitCompressionRate')
      ? [
          text('；服务时限压缩率为'),
          ...w.f('items.timeLimitCompressionRate.percent', '%'),
          ...w.rateChange('items.timeLimitCompressionRate'),
        ]
      : [];
    const visits: Run[] =
      typeof i.averageRequiredVisits.value === 'number'
        ? [text('；平均跑动次数'), ...w.f('items.averageRequiredVisits.value'), text('次')]
        : [];
    out.push(
      w.p`1.${we}现有行政许可事项${w.f('items.total')}项，全流程网上办理事项${w.f('items.fullyOnline')}项，全程网办率为${w.f('items.fullyOnlineRate.percent', '%')}${w.rateChange('items.fullyOnlineRate')}；即办件${w.f('items.immediateRate.numerator')}项，占比${w.f('items.immediateRate.percent', '%')}${visits}${compression}。`,
    );
  } else {
    out.push(w.p`1.截至${y}年12月31日没有在册事项，全程网办率、即办件占比、平均跑动次数和服务时限压缩率无从计算。`);
  }
  const levels = ['5', '4', '3', '2', '1'] as const;
  const totalRatings = levels.reduce((sum, l) => sum + e.ratings[l], 0);
  if (totalRatings === 0) {
    out.push(w.p`2.${y}年，账本中没有“好差评”评价记录，满意度无从计算。`);
  } else {
    const byLevel: Run[] = [];
    levels.forEach((l, k) =>
      byLevel.push(text(`${k ? '、' : ''}${LEVEL_NAMES[l]}`), ...w.f(`effect.ratings.${l}`), text('条')),
    );
    const bad = e.ratings['1'] + e.ratings['2'];
    const badRuns: Run[] =
      bad > 0 ? [text('；不满意和非常不满意评价已整改'), ...w.f('effect.badRatingsRectified'), text('条')] : [];
    out.push(
      w.p`2.${y}年，共收到“好差评”评价${w.derived(totalRatings, ['effect.ratings'], 'sum of the ratings of levels 1–5')}条，其中${byLevel}；行政许可相对人的满意度为${w.f('effect.satisfactionRate.percent', '%')}${w.rateChange('effect.satisfactionRate')}，满意度按${fullWidthBrackets(e.satisfactionFormula)}计算${badRuns}。`,
    );
  }
  out.push(
    w.p`3.${y}年，${we}办理电子证照${w.f('effect.electronicCertificates')}份${w.countChange('effect.electronicCertificates', '份')}，为群众邮寄送达证件${w.f('effect.certificatesMailed')}件${w.countChange('effect.certificatesMailed', '件')}。`,
  );
  if (f.indicators.length > 0) {
    const list: Run[] = [];
    f.indicators.forEach((ind, k) =>
      list.push(
        text(`${k ? '；' : ''}${indicatorLabel(ind.name, ind.unit)}`),
        ...w.f(`indicators.${ind.name}.value`, ind.unit),
        text(`（来源：${ind.source}）`),
      ),
    );
    out.push(w.p`4.有关业务系统报送的${y}年度数据：${list}。`);
  }
  if (
    f.supervision.complaintsValid === 0 &&
    f.supervision.reconsiderations === 0 &&
    f.supervision.litigations === 0 &&
    f.decisions.overdue === 0 &&
    f.decisions.total > 0
  ) {
    out.push(
      w.p`${f.indicators.length > 0 ? 5 : 4}.${y}年度，${we}办理的行政许可未出现超期办结、有效投诉举报和行政复议、行政诉讼的情况。`,
    );
  }
  return out;
}

/**
 * An indicator's name as the sentence prints it before its value: a name that ends with the unit
 * ("周末车驾管服务人次", unit 人次) loses it there, so the unit is not printed twice.
 */
export function indicatorLabel(name: string, unit: string): string {
  return unit !== '' && name.length > unit.length && name.endsWith(unit) ? name.slice(0, -unit.length) : name;
}

/** Half-width brackets of a formula as full-width ones, so the sentence does not mix the two (GB/T 15834). */
export function fullWidthBrackets(formula: string): string {
  return formula.replace(/\(/g, '（').replace(/\)/g, '）');
}

/**
 * A section staff write. A missing text shows a placeholder in plain words (the report may be
 * printed and signed by mistake); how to supply it is in `missing`, which the API and the CLI
 * explain to whoever asked for the report.
 */
function staffSection(
  id: string,
  heading: string,
  value: string | undefined,
  field: 'problems' | 'measures',
  missing: string[],
): ReportSection {
  if (!value) {
    missing.push(field);
    return { id, heading, paragraphs: [{ runs: [placeholder('【待补充：本部分由工作人员撰写】')] }], subsections: [] };
  }
  const paragraphs = value
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line): Paragraph => ({ runs: [text(line)] }));
  return { id, heading, paragraphs, subsections: [] };
}
