/**
 * A region's summary report (区域汇总表): the region's figures rolled up, then every agency's
 * headline figures in one table with its ranks and flags, as a city's justice bureau compiles
 * the agencies' reports. Pure: the model is composed from the roll-up and the standings; the
 * renderers below print it as Markdown, HTML (and from it PDF) and Word.
 */
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { RegionStandings } from '@ledger/audit';
import type { Region } from '@ledger/domain';
import { RegionHeader, RolledUpFigures, percentText, type Rate } from '@ledger/projections';

/** A region as the report names it: the code the ledger keys it by and the display name the hierarchy records. */
export interface RegionLabel {
  readonly code: string;
  readonly name: string;
}

/** The recorded hierarchy the names are read from: the version that placed the report's agencies. */
export interface RegionNames {
  region(code: string): Pick<Region, 'name'> | undefined;
}

export interface RegionReportModel {
  readonly title: string;
  /** Under the title: the region's name with its code, and the hierarchy version that placed its agencies. */
  readonly subtitle: string;
  readonly region: RegionHeader;
  readonly year: number;
  readonly asOf: string | null;
  /** Sentences on the region as a whole, every number from the roll-up. */
  readonly overview: readonly string[];
  readonly columns: readonly string[];
  /** One row per agency, in agency-id order, cells as printed (所属区域 by display name). */
  readonly rows: readonly (readonly string[])[];
  /** The rows' agencies in the same order, each with the region it is placed in by code and by name. */
  readonly agencies: readonly { readonly agency: string; readonly name: string; readonly region: RegionLabel }[];
  /** One line per raised flag: the agency's name, then the flag's message. */
  readonly flags: readonly string[];
  readonly source: { readonly figuresQuery: string; readonly agenciesQuery: string; readonly events: number };
}

const rateText = (r: Rate) => (r.denominator === 0 ? '—' : `${percentText(r.numerator, r.denominator)}%`);
const ranked = (r: Rate, rank: number | null) => (rank === null ? rateText(r) : `${rateText(r)}（${rank}）`);

/**
 * The 所属区域 cell: the region's display name, with its code in parentheses only when another
 * region in the table bears the same name (two districts called 城区 in one province), so the
 * column reads as a person would write it and still names each region unambiguously.
 */
function regionCells(regions: readonly RegionLabel[]): (label: RegionLabel) => string {
  const codesByName = new Map<string, Set<string>>();
  for (const { code, name } of regions) codesByName.set(name, (codesByName.get(name) ?? new Set()).add(code));
  return ({ code, name }) => (codesByName.get(name)!.size > 1 ? `${name}（${code}）` : name);
}

export function composeRegionReport(
  figures: RolledUpFigures & { readonly region: RegionHeader; readonly asOf: string | null },
  standings: RegionStandings,
  hierarchy: RegionNames,
): RegionReportModel {
  const { applications, decisions, disclosure, effect, supervision } = figures;
  const query = `year=${figures.year}&region=${figures.region.code}${figures.asOf ? `&asOf=${figures.asOf}` : ''}`;
  // Every placement names a region of its hierarchy (parseRegionHierarchy); the code stands in only if one did not.
  const agencies = standings.agencies.map((a) => ({
    agency: a.agency,
    name: a.name,
    region: { code: a.region, name: hierarchy.region(a.region)?.name ?? a.region },
  }));
  const regionCell = regionCells(agencies.map((a) => a.region));
  return {
    title: `${figures.region.name}${figures.year}年度行政许可实施和监督管理情况汇总`,
    subtitle: `统计范围：${figures.region.name}（${figures.region.code}），按第${figures.region.hierarchyVersion}版区域划分`,
    region: figures.region,
    year: figures.year,
    asOf: figures.asOf,
    overview: [
      `全${figures.region.name}${figures.agencies.length}个单位共收到行政许可申请${applications.received}件，受理${applications.accepted}件，作出决定${decisions.total}件（准予许可${decisions.granted}件、不予许可${decisions.denied}件），年末尚在办理${applications.pendingAtYearEnd}件。`,
      `按时办结率${rateText(decisions.onTimeRate)}（${decisions.onTimeRate.numerator}/${decisions.onTimeRate.denominator}），超期办结${decisions.overdue}件；公示率${rateText(disclosure.disclosureRate)}（${disclosure.disclosureRate.numerator}/${disclosure.disclosureRate.denominator}）；满意度${rateText(effect.satisfactionRate)}（${effect.satisfactionRate.numerator}/${effect.satisfactionRate.denominator}）；收到投诉举报${supervision.complaintsReceived}件。`,
      '各项比率均由各单位分子、分母分别相加后重新计算，不是各单位百分比的平均。',
    ],
    columns: [
      '单位',
      '所属区域',
      '收到申请',
      '作出决定',
      '超期',
      '按时办结率（名次）',
      '公示率（名次）',
      '满意度（名次）',
      '提示',
    ],
    rows: standings.agencies.map((a, i) => [
      a.name,
      regionCell(agencies[i].region),
      String(a.headline.received),
      String(a.headline.decided),
      String(a.headline.overdue),
      ranked(a.headline.onTimeRate, a.ranks.onTimeRate),
      ranked(a.headline.disclosureRate, a.ranks.disclosureRate),
      ranked(a.headline.satisfactionRate, a.ranks.satisfactionRate),
      String(a.flags.length),
    ]),
    agencies,
    flags: standings.agencies.flatMap((a) => a.flags.map((f) => `${a.name}：${f.message}`)),
    source: {
      figuresQuery: `/v1/figures/${figures.year}?${query.replace(/^year=\d+&/, '')}`,
      agenciesQuery: `/v1/figures/${figures.year}/agencies?${query.replace(/^year=\d+&/, '')}`,
      events: figures.basedOn.events,
    },
  };
}

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>|])/g, '\\$1');

export function renderRegionMarkdown(model: RegionReportModel): string {
  const row = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [
    `# ${escapeMarkdown(model.title)}`,
    '',
    escapeMarkdown(model.subtitle),
    '',
    ...model.overview.flatMap((p) => [escapeMarkdown(p), '']),
    '## 各单位情况',
    '',
    row(model.columns),
    `|${model.columns.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...model.rows.map(row),
    '',
    '## 需关注事项',
    '',
    ...(model.flags.length ? model.flags.map((f) => `- ${escapeMarkdown(f)}`) : ['无。']),
    '',
    `<!-- figures: ${model.source.figuresQuery}; agencies: ${model.source.agenciesQuery}; events: ${model.source.events} -->`,
    '',
  ].join('\n');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderRegionHtml(model: RegionReportModel): string {
  const cells = (tag: 'th' | 'td', values: readonly string[]) =>
    values.map((v, i) => `<${tag}${i >= 2 ? ' class="n"' : ''}>${escapeHtml(v)}</${tag}>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title>
<style>body{font-family:"FangSong","仿宋",serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2em .5em}.n{text-align:right}.subtitle{text-align:center}</style>
</head><body>
<h1>${escapeHtml(model.title)}</h1>
<p class="subtitle">${escapeHtml(model.subtitle)}</p>
${model.overview.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h2>各单位情况</h2>
<table><thead><tr>${cells('th', model.columns)}</tr></thead>
<tbody>${model.rows.map((r) => `<tr>${cells('td', r)}</tr>`).join('\n')}</tbody></table>
<h2>需关注事项</h2>
${model.flags.length ? `<ul>${model.flags.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>` : '<p>无。</p>'}
<p data-source="${escapeHtml(model.source.figuresQuery)}" hidden></p>
</body></html>
`;
}

/**
 * Column widths of the agencies' table in twentieths of a point, adding up to the text width of
 * an A4 page with docx's default margins (11906 − 2 × 1440). Left to autofit, Word and LibreOffice
 * squeeze the rate columns until "100%（1）" breaks between the number and its percent sign; fixed
 * widths keep a rate and its rank on one line and give the agency's name the room.
 */
const COLUMN_WIDTHS = [1500, 1000, 800, 800, 500, 1300, 1300, 1400, 426];

export async function renderRegionDocx(model: RegionReportModel): Promise<Buffer> {
  const text = (t: string, bold = false) => new TextRun({ text: t, bold, font: { eastAsia: '仿宋_GB2312' } });
  const widths = model.columns.length === COLUMN_WIDTHS.length ? COLUMN_WIDTHS : undefined;
  const cell = (t: string, column: number, bold = false) =>
    new TableCell({
      width: widths ? { size: widths[column], type: WidthType.DXA } : undefined,
      children: [
        new Paragraph({ alignment: column >= 2 ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [text(t, bold)] }),
      ],
    });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [text(model.title, true)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [text(model.subtitle)] }),
          ...model.overview.map((p) => new Paragraph({ children: [text(p)] })),
          new Paragraph({ children: [text('各单位情况', true)] }),
          new Table({
            width: widths
              ? { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA }
              : { size: 100, type: WidthType.PERCENTAGE },
            ...(widths ? { columnWidths: widths, layout: TableLayoutType.FIXED } : {}),
            rows: [
              new TableRow({ tableHeader: true, children: model.columns.map((c, i) => cell(c, i, true)) }),
              ...model.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i)) })),
            ],
          }),
          new Paragraph({ children: [text('需关注事项', true)] }),
          ...(model.flags.length ? model.flags : ['无。']).map((f) => new Paragraph({ children: [text(f)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
