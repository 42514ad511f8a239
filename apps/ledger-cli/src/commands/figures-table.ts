import { percentText } from '@ledger/projections';
import { figureAt } from '@ledger/reports';

/**
 * The yearly figures as a table for a terminal: one row per figure with its label, this year
 * and the year before; rates as "85/102 = 83.33%" (the report's precision rule), averages as
 * "10/102 = 0.098". `ledger figures --json` gives the document itself.
 */
const ROWS: readonly (readonly [label: string, path: string] | readonly [section: string])[] = [
  ['事项 (items at 31 Dec)'],
  ['行政许可事项', 'items.total'],
  ['纳入标准化目录', 'items.inStandardCatalogue'],
  ['进驻网上办事大厅', 'items.inOnlineHall'],
  ['全流程网上办理事项', 'items.fullyOnline'],
  ['全程网办率', 'items.fullyOnlineRate'],
  ['即办件占比', 'items.immediateRate'],
  ['平均跑动次数', 'items.averageRequiredVisits'],
  ['服务时限压缩率', 'items.timeLimitCompressionRate'],
  ['办理情况 (handling)'],
  ['收到申请', 'applications.received'],
  ['受理', 'applications.accepted'],
  ['不予受理', 'applications.notAccepted'],
  ['撤回', 'applications.withdrawn'],
  ['年末尚在办理', 'applications.pendingAtYearEnd'],
  ['作出决定', 'decisions.total'],
  ['准予许可', 'decisions.granted'],
  ['不予许可', 'decisions.denied'],
  ['依法实施 (lawful implementation)'],
  ['法定期限内办结', 'decisions.onTime'],
  ['超期办结', 'decisions.overdue'],
  ['期限无法计算', 'decisions.deadlineUnknown'],
  ['按时办结率', 'decisions.onTimeRate'],
  ['公开公示 (disclosure)'],
  ['公示', 'disclosure.disclosed'],
  ['依法不予公开', 'disclosure.exempt'],
  ['公示率', 'disclosure.disclosureRate'],
  ['监督管理 (supervision)'],
  ['对外监督检查', 'supervision.externalSupervision'],
  ['执法检查', 'supervision.enforcementInspections'],
  ['评查案卷', 'supervision.caseFilesReviewed'],
  ['投诉举报', 'supervision.complaintsReceived'],
  ['有效投诉举报', 'supervision.complaintsValid'],
  ['行政复议', 'supervision.reconsiderations'],
  ['行政诉讼', 'supervision.litigations'],
  ['发现需整改问题', 'supervision.rectificationsRequired'],
  ['完成整改', 'supervision.rectificationsCompleted'],
  ['实施效果 (effect)'],
  ['满意度', 'effect.satisfactionRate'],
  ['非常满意', 'effect.ratings.5'],
  ['满意', 'effect.ratings.4'],
  ['基本满意', 'effect.ratings.3'],
  ['不满意', 'effect.ratings.2'],
  ['非常不满意', 'effect.ratings.1'],
  ['差评已整改', 'effect.badRatingsRectified'],
  ['电子证照', 'effect.electronicCertificates'],
  ['邮寄证件', 'effect.certificatesMailed'],
];

/** Columns of a breakdown (per department or per item). */
const BREAKDOWN: readonly (readonly [label: string, path: string])[] = [
  ['收到', 'applications.received'],
  ['受理', 'applications.accepted'],
  ['决定', 'decisions.total'],
  ['准予', 'decisions.granted'],
  ['不予许可', 'decisions.denied'],
  ['超期', 'decisions.overdue'],
  ['按时办结率', 'decisions.onTimeRate'],
  ['公示', 'disclosure.disclosed'],
  ['不予公开', 'disclosure.exempt'],
];

/** A figure as a cell: counts as they are, rates and averages with their fraction. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value !== 'object') return String(value);
  const v = value as {
    numerator?: number;
    denominator?: number;
    total?: number;
    count?: number;
    value?: number | null;
  };
  if (typeof v.numerator === 'number' && typeof v.denominator === 'number') {
    return v.denominator === 0
      ? `${v.numerator}/0`
      : `${v.numerator}/${v.denominator} = ${percentText(v.numerator, v.denominator)}%`;
  }
  if (typeof v.total === 'number' && typeof v.count === 'number')
    return v.value === null || v.value === undefined ? `${v.total}/${v.count}` : `${v.total}/${v.count} = ${v.value}`;
  return JSON.stringify(value);
}

/** Terminal width of a string: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return width;
}

const pad = (text: string, width: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

function table(header: readonly string[], rows: readonly (readonly string[] | string)[]): string {
  const widths = header.map((h, i) =>
    Math.max(
      displayWidth(h),
      ...rows.filter((r): r is readonly string[] => typeof r !== 'string').map((r) => displayWidth(r[i] ?? '')),
    ),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], i > 0))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) => (typeof r === 'string' ? r : line(r))),
  ].join('\n');
}

/** Whose figures a document holds: the agency id, or a region's name and code (`?region=`). */
function subjectOf(document: Record<string, unknown>): string {
  const region = document.region as { code: string; name: string } | undefined;
  return region ? `${region.name} (${region.code})` : String(document.agency);
}

/** The figures of one agency-year or region-year (`GET /v1/figures/{year}`), with the year before beside them. */
export function figuresTable(document: Record<string, unknown>): string {
  const year = Number(document.year);
  const previous = document.previousYear as Record<string, unknown> | null;
  const asOf = document.asOf ? `, as of ${String(document.asOf)}` : '';
  const basedOn = document.basedOn as
    { events?: number; lastPosition?: string | null; calendar?: readonly CalendarRef[] } | undefined;
  const rows: (readonly string[] | string)[] = [];
  for (const row of ROWS) {
    if (row.length === 1) rows.push(`[${row[0]}]`);
    else rows.push([row[0], cell(figureAt(document, row[1])), previous ? cell(figureAt(previous, row[1])) : '—']);
  }
  const indicators =
    (document.indicators as
      { name: string; value: number; unit: string; source: string; agency?: string }[] | undefined) ?? [];
  if (indicators.length) {
    rows.push('[报送指标 (reported indicators)]');
    for (const i of indicators) {
      const before = previous
        ? (figureAt(previous, `indicators.${i.name}`) as { value: number; unit: string } | undefined)
        : undefined;
      // A region lists each agency's indicators (not summed), so each row names its agency.
      const label = i.agency === undefined ? i.name : `${i.name} (${i.agency})`;
      rows.push([
        label,
        `${i.value}${i.unit}`,
        before && i.agency === undefined ? `${before.value}${before.unit}` : '—',
      ]);
    }
  }
  const agencies = Array.isArray(document.agencies) ? `, ${document.agencies.length} agencies` : '';
  const title = `${subjectOf(document)} ${year}${agencies}${asOf}${basedOn ? ` (from ${basedOn.events} events, last position ${basedOn.lastPosition ?? 'none'})` : ''}`;
  const calendar = calendarLine(basedOn?.calendar);
  return `${title}\n\n${table(['figure', String(year), previous ? String(year - 1) : `${year - 1} (no records)`], rows)}\n${calendar ? `\n${calendar}\n` : ''}`;
}

interface CalendarRef {
  readonly year: number;
  readonly version: number;
  readonly recordedAt: string | null;
}

/**
 * Which working-day calendar the deadlines were judged with, in one line: the years held from the
 * start (shipped) as ranges, each year loaded or corrected in the ledger with its version.
 */
export function calendarLine(calendar: readonly CalendarRef[] | undefined): string | undefined {
  if (!calendar?.length) return undefined;
  const fromStart = calendar.filter((v) => v.recordedAt === null).map((v) => v.year);
  const ranges: string[] = [];
  for (let i = 0; i < fromStart.length;) {
    let j = i;
    while (j + 1 < fromStart.length && fromStart[j + 1] === fromStart[j] + 1) j++;
    ranges.push(i === j ? String(fromStart[i]) : `${fromStart[i]}–${fromStart[j]}`);
    i = j + 1;
  }
  const parts = [
    ...(ranges.length ? [`${ranges.join(', ')} from the start`] : []),
    ...calendar
      .filter((v) => v.recordedAt !== null)
      .map((v) => `${v.year} version ${v.version} (recorded ${v.recordedAt})`),
  ];
  return `working-day calendar: ${parts.join('; ')}`;
}

/** A breakdown (`--by departments` or `--by items`): one row per department or item. */
export function breakdownTable(breakdown: Record<string, unknown>, by: 'departments' | 'items'): string {
  const entries = (breakdown[by] ?? {}) as Record<string, Record<string, unknown>>;
  const keys = Object.keys(entries).sort();
  const rows = keys.map((key) => [key, ...BREAKDOWN.map(([, path]) => cell(figureAt(entries[key], path)))]);
  const asOf = breakdown.asOf ? `, as of ${String(breakdown.asOf)}` : '';
  return `${subjectOf(breakdown)} ${String(breakdown.year)} by ${by}${asOf}\n\n${table([by === 'departments' ? 'department' : 'item', ...BREAKDOWN.map(([label]) => label)], rows)}\n`;
}
