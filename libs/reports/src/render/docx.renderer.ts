import {
  AlignmentType,
  Document,
  Footer,
  HighlightColor,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph as DocxParagraph,
  TextRun,
  type IParagraphStyleOptions,
} from 'docx';
import type { Paragraph, ReportModel, ReportSection, Run } from '../report/report.model';

/**
 * The report as a Word document in the layout of a 公文 (GB/T 9704-2012《党政机关公文格式》), so
 * that staff can edit sections 二 and 三, sign and file it as they do every other document:
 * - A4, 版心 156 mm × 225 mm: top margin (天头) 37 mm, left (订口) 28 mm, right 26 mm, bottom 35 mm;
 * - title in 2号小标宋体 (22 pt), centred; body in 3号仿宋体 (16 pt), 22 lines a page (fixed
 *   29 pt line pitch), first line indented two characters;
 * - headings: 一、 in 黑体, （一） in 楷体, both 3号 and kept with the paragraph that follows;
 * - page numbers in 4号半角宋体 as "— 1 —" under the 版心, odd pages on the right and even
 *   pages on the left, one character in from the edge of the 版心;
 * - the signing agency and the date at the end, the date in Arabic numerals, four characters in
 *   from the right, the agency centred over it.
 * Fonts are named as agencies install them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312);
 * Word, WPS and LibreOffice substitute what is missing. Placeholders are highlighted.
 * Sections 二 and 三 are plain paragraphs in named styles (公文正文), ready to be overwritten.
 */
export interface DocxOptions {
  /** Add the appendix (data sources and method) on a page of its own. */
  readonly appendix?: boolean;
}

const PT = 20; // twips per point
const BODY_PT = 16; // 3号
const TITLE_PT = 22; // 2号
const PAGE_NUMBER_PT = 14; // 4号
const LINE = 29 * PT; // 225 mm / 22 lines ≈ 28.9 pt
const CHAR = BODY_PT * PT; // one character of the body, for indents

const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

const font = (eastAsia: string) => ({ eastAsia, ascii: FONTS.latin, hAnsi: FONTS.latin, cs: FONTS.latin });

const STYLES: IParagraphStyleOptions[] = [
  {
    id: 'GongwenBody',
    name: '公文正文',
    basedOn: 'Normal',
    quickFormat: true,
    run: { font: font(FONTS.body), size: BODY_PT * 2 },
    paragraph: {
      spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      indent: { firstLine: 2 * CHAR },
      alignment: AlignmentType.JUSTIFIED,
    },
  },
  {
    id: 'GongwenTitle',
    name: '公文标题',
    basedOn: 'GongwenBody',
    quickFormat: true,
    run: { font: font(FONTS.title), size: TITLE_PT * 2 },
    paragraph: {
      spacing: { line: 35 * PT, lineRule: LineRuleType.EXACT, after: LINE },
      indent: { firstLine: 0 },
      alignment: AlignmentType.CENTER,
      outlineLevel: 0,
    },
  },
  {
    id: 'GongwenHeading1',
    name: '公文一级标题',
    basedOn: 'GongwenBody',
    next: 'GongwenBody',
    quickFormat: true,
    run: { font: font(FONTS.heading1) },
    paragraph: { keepNext: true, outlineLevel: 1 },
  },
  {
    id: 'GongwenHeading2',
    name: '公文二级标题',
    basedOn: 'GongwenBody',
    next: 'GongwenBody',
    quickFormat: true,
    run: { font: font(FONTS.heading2) },
    paragraph: { keepNext: true, outlineLevel: 2 },
  },
];

function runs(list: readonly Run[]): TextRun[] {
  return list.map((r) =>
    r.kind === 'placeholder'
      ? new TextRun({ text: r.text, highlight: HighlightColor.YELLOW, bold: true })
      : new TextRun(r.text),
  );
}

const body = (p: Paragraph) => new DocxParagraph({ style: 'GongwenBody', children: runs(p.runs) });

function section(s: ReportSection, depth: number): DocxParagraph[] {
  return [
    new DocxParagraph({
      style: depth === 0 ? 'GongwenHeading1' : 'GongwenHeading2',
      children: [new TextRun(s.heading)],
    }),
    ...s.paragraphs.map(body),
    ...s.subsections.flatMap((sub) => section(sub, depth + 1)),
  ];
}

/** Width in characters of the body font: CJK one, Latin letters and digits a half. */
function widthInChars(text: string): number {
  return [...text].reduce((w, c) => w + (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);
}

function signature(model: ReportModel): DocxParagraph[] {
  const agency = model.signature.agency.text;
  const date = model.signature.date.text;
  const dateIndent = 4 * CHAR;
  // The agency centred over the date (GB/T 9704 7.3.5.1): its right end as far in as half the difference.
  const agencyIndent = dateIndent + Math.max(0, Math.round(((widthInChars(date) - widthInChars(agency)) / 2) * CHAR));
  const line = (run: Run, right: number) =>
    new DocxParagraph({
      style: 'GongwenBody',
      alignment: AlignmentType.RIGHT,
      indent: { firstLine: 0, right },
      keepNext: true,
      children: runs([run]),
    });
  const blank = () => new DocxParagraph({ style: 'GongwenBody', keepNext: true, children: [] });
  return [blank(), blank(), line(model.signature.agency, agencyIndent), line(model.signature.date, dateIndent)];
}

function pageNumberFooter(alignment: 'left' | 'right'): Footer {
  return new Footer({
    children: [
      new DocxParagraph({
        alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === 'right' ? { right: PAGE_NUMBER_PT * PT } : { left: PAGE_NUMBER_PT * PT },
        children: [
          new TextRun({
            font: font(FONTS.pageNumber),
            size: PAGE_NUMBER_PT * 2,
            children: ['— ', PageNumber.CURRENT, ' —'],
          }),
        ],
      }),
    ],
  });
}

/**
 * A title too long for one line is broken where the sense allows (GB/T 9704 7.3.3: 排列对称，
 * 长短适宜), as the seed report is: "…年度行政许可实施" / "和监督管理情况报告".
 */
function titleRuns(title: string): TextRun[] {
  const at = title.indexOf('和监督管理情况报告');
  if (at <= 0) return [new TextRun(title)];
  return [new TextRun(title.slice(0, at)), new TextRun({ text: title.slice(at), break: 1 })];
}

export function docxDocument(model: ReportModel, options: DocxOptions = {}): Document {
  const appendix = options.appendix
    ? [
        new DocxParagraph({
          style: 'GongwenHeading1',
          pageBreakBefore: true,
          children: [new TextRun(model.appendix.heading)],
        }),
        ...model.appendix.paragraphs.map(body),
      ]
    : [];
  return new Document({
    title: model.title,
    creator: model.agencyName ?? model.agency,
    description: `${model.year}年度行政许可实施和监督管理情况报告`,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONTS.body), size: BODY_PT * 2 } } }, paragraphStyles: STYLES },
    sections: [
      {
        properties: {
          page: {
            size: { width: '210mm', height: '297mm' },
            // The page number sits 7 mm under the 版心: the footer's baseline about 23 mm above the edge.
            margin: { top: '37mm', bottom: '35mm', left: '28mm', right: '26mm', header: '15mm', footer: '23mm' },
          },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children: [
          new DocxParagraph({ style: 'GongwenTitle', children: titleRuns(model.title) }),
          body(model.preamble),
          ...model.sections.flatMap((s) => section(s, 0)),
          ...signature(model),
          ...appendix,
        ],
      },
    ],
  });
}

/** The report as a .docx file. */
export function renderDocx(model: ReportModel, options: DocxOptions = {}): Promise<Buffer> {
  return Packer.toBuffer(docxDocument(model, options));
}
