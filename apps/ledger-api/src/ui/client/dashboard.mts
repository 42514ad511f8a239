/**
 * The dashboard's script. It reads only the public v1 API, through a client typed by the
 * OpenAPI document (`../api-schema.d.ts`, generated from /docs-json): a path, parameter or
 * response shape the page relies on and the document lacks fails the type check
 * (`ui-assets.ts`). Every response body it reads is described there; it declares no shapes of its own.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../api-schema.js';
// The same Chinese event names as the printed trail (one table for both).
import { eventLabel } from '../../../../../libs/reports/src/trail/trail-labels';

type Figures = components['schemas']['YearlyFiguresDto'];
type RegionFigures = components['schemas']['RegionFiguresDto'];
type RegionStandings = components['schemas']['RegionStandingsDto'];
type AgencyStanding = components['schemas']['AgencyStandingDto'];
type RegionHierarchy = components['schemas']['RegionHierarchyDto'];
type FiguresByDepartment = components['schemas']['FiguresByDepartmentDto'];
type MonthlySeries = components['schemas']['MonthlySeriesDto'];
type TextsView = components['schemas']['ReportTextsViewDto'];
type ComplianceRule = components['schemas']['ComplianceRuleDto'];
type SessionView = components['schemas']['SessionViewDto'];
type ProjectionStatus = components['schemas']['ProjectionStatusDto'];
type Verification = components['schemas']['VerificationDto'];
type ReplayStep = components['schemas']['ApplicationReplayStepDto'];
/** What a replay row shows: a supervisor's replay step as is, or a stream event with its metadata lifted. */
type ReplayRow = Pick<ReplayStep, 'revision' | 'type' | 'at' | 'ledgerTime' | 'actor' | 'onTime'> &
  Partial<Pick<ReplayStep, 'deadline' | 'principal'>>;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const esc = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** 记录人: on whose behalf, and the credential that recorded it when it differs (as the printable trail shows it). */
const authorship = (e: Pick<ReplayRow, 'actor' | 'principal'>) =>
  e.principal && e.principal !== e.actor
    ? `${esc(e.actor)}<br><span class="muted" data-principal>经 ${esc(e.principal)} 记录</span>`
    : esc(e.actor);

// No credential is ever held by the page: the browser sends the HttpOnly session cookie itself.
const client = createClient<paths>({ baseUrl: location.origin, credentials: 'same-origin' });

/** The roles of the signed-in user, and which roles each operation admits (`x-roles` of the OpenAPI document). */
let roles: readonly string[] = [];
let operationRoles = new Map<string, readonly string[]>();
/** The agency's time zone, for local times (the compliance report names it; the default deployment's otherwise). */
let timeZone = 'Asia/Shanghai';

/** May the user call this operation? Public operations (no `x-roles`) are open to all. */
function may(method: string, path: string): boolean {
  const allowed = operationRoles.get(`${method} ${path}`);
  return allowed === undefined || allowed.some((role) => roles.includes(role));
}

async function loadOperationRoles(): Promise<void> {
  const response = await fetch('/docs-json');
  if (!response.ok) return;
  const document = (await response.json()) as { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };
  operationRoles = new Map(
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) =>
        op['x-roles'] ? [[`${method} ${path}`, op['x-roles']] as const] : [],
      ),
    ),
  );
}

interface Selection {
  agency?: string;
  /** A region code: the region's roll-up and its agencies instead of one agency's figures. */
  region?: string;
  year: string;
  asOf?: string;
  /** The on-time rate (percent) below which the agencies table flags an agency; the API's default when absent. */
  onTimeBelow?: string;
  /** The form's datetime-local value, carried in links to an agency's view so it opens as of the same instant. */
  asOfLocal?: string;
}
let current: Selection | undefined;

/** A value of the figures document by path (as the report's links name them). */
function figureAt(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const segment of path.split('.')) {
    if (value === null || value === undefined) return undefined;
    value = Array.isArray(value)
      ? value.find((entry) => (entry as { name?: unknown }).name === segment)
      : (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Which way a change is good: `up` (more is better), `down` (fewer is better: visits, overdue
 * decisions, complaints, appeals), or `neutral` (volume, neither good nor bad in itself).
 */
type Better = 'up' | 'down' | 'neutral';
const ROWS: [label: string, path: string, unit: string, better: Better][] = [
  ['现有事项', 'items.total', '项', 'neutral'],
  ['纳入标准化目录', 'items.inStandardCatalogue', '项', 'up'],
  ['进驻网上办事大厅', 'items.inOnlineHall', '项', 'up'],
  ['全程网办事项', 'items.fullyOnline', '项', 'up'],
  ['全程网办率', 'items.fullyOnlineRate.percent', '%', 'up'],
  ['即办件占比', 'items.immediateRate.percent', '%', 'up'],
  ['平均跑动次数', 'items.averageRequiredVisits.value', '次', 'down'],
  ['服务时限压缩率', 'items.timeLimitCompressionRate.percent', '%', 'up'],
  ['收到申请', 'applications.received', '宗', 'neutral'],
  ['受理', 'applications.accepted', '宗', 'neutral'],
  ['不予受理', 'applications.notAccepted', '宗', 'neutral'],
  ['撤回', 'applications.withdrawn', '宗', 'neutral'],
  ['年末在办', 'applications.pendingAtYearEnd', '宗', 'neutral'],
  ['作出决定', 'decisions.total', '宗', 'neutral'],
  ['准予许可', 'decisions.granted', '宗', 'neutral'],
  ['不予许可', 'decisions.denied', '宗', 'neutral'],
  ['按时办结', 'decisions.onTime', '宗', 'neutral'],
  ['超期办结', 'decisions.overdue', '宗', 'down'],
  ['按时办结率', 'decisions.onTimeRate.percent', '%', 'up'],
  ['公示决定', 'disclosure.disclosed', '条', 'neutral'],
  ['依法不予公示', 'disclosure.exempt', '条', 'neutral'],
  ['公示率', 'disclosure.disclosureRate.percent', '%', 'up'],
  ['对外监督检查', 'supervision.externalSupervision', '次', 'neutral'],
  ['执法检查', 'supervision.enforcementInspections', '次', 'neutral'],
  ['评查案卷', 'supervision.caseFilesReviewed', '宗', 'neutral'],
  ['投诉举报', 'supervision.complaintsReceived', '件', 'down'],
  ['有效投诉举报', 'supervision.complaintsValid', '件', 'down'],
  ['行政复议', 'supervision.reconsiderations', '宗', 'down'],
  ['行政诉讼', 'supervision.litigations', '宗', 'down'],
  ['需整改问题', 'supervision.rectificationsRequired', '个', 'down'],
  ['完成整改', 'supervision.rectificationsCompleted', '项', 'up'],
  ['满意度', 'effect.satisfactionRate.percent', '%', 'up'],
  ['差评整改', 'effect.badRatingsRectified', '条', 'neutral'],
  ['电子证照', 'effect.electronicCertificates', '份', 'up'],
  ['邮寄证件', 'effect.certificatesMailed', '件', 'up'],
];

function cell(document: unknown, path: string, unit: string): string {
  const value = figureAt(document, path);
  const shown = typeof value === 'number' ? `${value}${unit === '%' ? '%' : ''}` : '—';
  return `<td data-figure="${esc(path)}" data-value="${esc(JSON.stringify(value ?? null))}">${esc(shown)}</td>`;
}

function change(now: unknown, before: unknown, unit: string, better: Better): string {
  if (typeof now !== 'number' || typeof before !== 'number') return '<td class="muted">—</td>';
  const diff = Math.round((now - before) * 1000) / 1000;
  if (diff === 0) return '<td data-change="same">持平</td>';
  const text =
    unit === '%'
      ? `${diff > 0 ? '+' : ''}${Math.round(diff * 100) / 100} 个百分点`
      : `${diff > 0 ? '+' : ''}${diff}${before ? `（${diff > 0 ? '+' : ''}${Math.round((diff / before) * 10000) / 100}%）` : ''}`;
  // Coloured by whether the change is good, not by its sign: fewer complaints are green.
  const verdict = better === 'neutral' ? 'neutral' : diff > 0 === (better === 'up') ? 'better' : 'worse';
  return `<td data-change="${verdict}">${esc(text)}</td>`;
}

/** The rows of the figures table (this year, the year before, the change): an agency's or a region's, the same paths. */
function figureRows(figures: { year: number; previousYear: unknown }): string[] {
  document.querySelectorAll('.th-year').forEach((th) => (th.textContent = `${figures.year}年`));
  document.querySelectorAll('.th-previous').forEach((th) => (th.textContent = `${figures.year - 1}年`));
  return ROWS.map(([label, path, unit, better]) => {
    const previous = figures.previousYear
      ? cell(figures, `previousYear.${path}`, unit)
      : '<td class="muted">无记录</td>';
    return `<tr data-row="${esc(path)}"><td>${esc(label)}</td>${cell(figures, path, unit)}${previous}${change(figureAt(figures, path), figureAt(figures.previousYear, path), unit, better)}</tr>`;
  });
}

function renderFigures(figures: Figures): void {
  $('#figures-caption').dataset.agency = figures.agency;
  $('#figures-caption').textContent =
    `${figures.agency}${figures.asOf ? `，截至 ${localTime(figures.asOf)}` : ''}；账本事件 ${figures.basedOn.events} 条`;
  const rows = figureRows(figures);
  for (const indicator of figures.indicators) {
    const path = `indicators.${indicator.name}.value`;
    const before = figures.previousYear ? figureAt(figures, `previousYear.${path}`) : undefined;
    rows.push(
      `<tr data-row="${esc(path)}"><td>${esc(indicator.name)}（${esc(indicator.unit)}，${esc(indicator.source)}）</td>${cell(figures, path, indicator.unit)}${
        figures.previousYear ? cell(figures, `previousYear.${path}`, indicator.unit) : '<td class="muted">无记录</td>'
      }${change(indicator.value, before, indicator.unit, 'neutral')}</tr>`,
    );
  }
  $('#figures-body').innerHTML = rows.join('');
}

/** An instant in the agency's time zone, with its offset: "2020-03-02 09:30:00 +08:00". */
function localTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
}

const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#0ea5e9', '#84cc16', '#ec4899', '#6b7280'];

/** A stacked bar chart of twelve months by department, drawn as SVG by hand. */
function barChart(byDepartment: Record<string, number[]>, totals: number[], unit: string): string {
  const departments = Object.keys(byDepartment);
  const width = 600;
  const height = 240;
  const left = 48;
  const bottom = 24;
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const barWidth = (width - left - 8) / 12;
  const y = (v: number) => height - bottom - (v / top) * (height - bottom - 10);
  const grid: string[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(
      `<line x1="${left}" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${left - 4}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#6b7280">${v}</text>`,
    );
  }
  const bars: string[] = [];
  for (let m = 0; m < 12; m++) {
    let base = 0;
    const x = left + m * barWidth + 3;
    departments.forEach((d, i) => {
      const v = byDepartment[d][m];
      if (!v) return;
      bars.push(
        `<rect x="${x}" y="${y(base + v)}" width="${barWidth - 6}" height="${y(base) - y(base + v)}" fill="${PALETTE[i % PALETTE.length]}"><title>${m + 1}月 ${esc(d)}：${v}${unit}</title></rect>`,
      );
      base += v;
    });
    bars.push(
      `<text x="${x + (barWidth - 6) / 2}" y="${height - 8}" font-size="10" text-anchor="middle" fill="#374151">${m + 1}月</text>`,
    );
  }
  const legend = departments
    .map((d, i) => `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${esc(d)}</span>`)
    .join('');
  return `<svg viewBox="0 0 ${width} ${height}" role="img" data-totals="${totals.join(',')}">${grid.join('')}${bars.join('')}</svg><div class="legend">${legend}</div>`;
}

function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? raw;
}

function renderMonthly(series: MonthlySeries): void {
  $('#chart-applications').innerHTML = barChart(series.applications.byDepartment, series.applications.received, '宗');
  $('#chart-decisions').innerHTML = barChart(series.decisions.byDepartment, series.decisions.total, '宗');
}

function renderDepartments(document: FiguresByDepartment): void {
  const rows = Object.entries(document.departments).map(
    ([name, d]) =>
      `<tr><td>${esc(name)}</td><td>${d.items.total}</td><td>${d.applications.received}</td><td>${d.decisions.total}</td><td>${d.decisions.denied}</td><td>${
        d.decisions.onTimeRate.percent === null ? '—' : `${d.decisions.onTimeRate.percent}%`
      }</td></tr>`,
  );
  $('#departments-body').innerHTML = rows.join('') || '<tr><td colspan="6" class="notice">无记录</td></tr>';
}

const may_replay = () =>
  may('get', '/v1/audit/applications/{id}/replay') || may('get', '/v1/streams/{streamId}/events');
const may_trail = () => may('get', '/v1/trails/{kind}/{id}');

/** The actions on one application, each shown only to roles that may take it. */
function replayButton(applicationId: string): string {
  const buttons = [
    may_replay() ? `<button type="button" class="secondary" data-replay="${esc(applicationId)}">回放</button>` : '',
    may_trail() ? `<button type="button" class="secondary" data-trail="${esc(applicationId)}">打印记录</button>` : '',
  ];
  return buttons.filter(Boolean).join(' ');
}

function renderDenials(figures: Figures): void {
  const list = figures.decisions.deniedReasons.map(
    (d) => `<li><code>${esc(d.applicationId)}</code> ${esc(d.reason)} ${replayButton(d.applicationId)}</li>`,
  );
  $('#denials').innerHTML = list.join('') || '<li class="notice">本年度没有不予许可决定。</li>';
}

/** A finding's summary is written "中文 / English" (libs/audit); Chinese unless English is asked for. */
function findingText(summary: string, english: boolean): string {
  const split = summary.indexOf(' / ');
  if (split < 0) return summary;
  return english ? summary.slice(split + 3) : summary.slice(0, split);
}

async function renderAudit(selection: Selection): Promise<void> {
  const target = $('#audit');
  if (!may('get', '/v1/audit/compliance/{year}')) {
    target.innerHTML = '<p class="notice" data-audit-unavailable>审计发现仅对 supervisor（监督）角色开放。</p>';
    return;
  }
  target.innerHTML = '<p class="notice">正在检查…</p>';
  const { data: report, response } = await client.GET('/v1/audit/compliance/{year}', {
    params: { path: { year: selection.year }, query: { agency: selection.agency } },
  });
  if (!response.ok || !report) {
    target.innerHTML = `<p class="notice" data-audit-unavailable>${response.status === 404 ? '审计检查不可用（404）。' : `审计检查不可用（${response.status}）。`}</p>`;
    return;
  }
  timeZone = report.timeZone;
  const english = $<HTMLInputElement>('#findings-english').checked;
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0);
  const rules = new Map<string, ComplianceRule>(report.rules.map((r) => [r.code, r]));
  const findings = report.findings
    .slice(0, 30)
    .map(
      (f) =>
        `<li data-finding><span class="pill ${esc(f.severity)}">${esc(f.rule)}</span> <span data-summary>${esc(findingText(f.summary, english))}</span> ${f.applicationId ? replayButton(f.applicationId) : ''}</li>`,
    );
  target.innerHTML = counts.length
    ? `<table><thead><tr><th>规则</th><th>发现</th></tr></thead><tbody>${counts
        .map(
          ([code, n]) =>
            `<tr><td title="${esc(rules.get(code)?.definition)}">${esc(code)}</td><td data-rule="${esc(code)}">${n}</td></tr>`,
        )
        .join(
          '',
        )}</tbody></table><ul class="findings">${findings.join('')}</ul>${report.findings.length > 30 ? `<p class="notice">另有 ${report.findings.length - 30} 条未列出。</p>` : ''}`
    : '<p data-audit-clean>未发现问题。</p>';
}

function deadlineText(deadline: ReplayRow['deadline']): string {
  if (deadline === undefined) return '—';
  if (deadline === null) return '<span class="muted">未受理</span>';
  switch (deadline.status) {
    case 'known':
      return `${esc(deadline.deadline)}<span class="muted">（${deadline.limitDays}${deadline.extensionDays ? `+${deadline.extensionDays}` : ''} 个工作日${deadline.suspendedWorkingDays ? `，中止 ${deadline.suspendedWorkingDays} 日` : ''}）</span>`;
    case 'suspended':
      return `中止计算（自 ${esc(deadline.suspendedSince)}）`;
    case 'unavailable':
      return `<span class="muted">无法计算：${esc(deadline.reason)}</span>`;
  }
}

function onTimeText(onTime: ReplayRow['onTime']): string {
  if (onTime === true) return '<span class="pill">按时</span>';
  if (onTime === false) return '<span class="pill error">超期</span>';
  if (onTime === null) return '<span class="muted">期限未知</span>';
  return '';
}

async function replay(applicationId: string): Promise<void> {
  const target = $('#replay');
  target.innerHTML = '<p class="notice">正在回放…</p>';
  // The supervisors' replay has the statutory deadline after each step; other roles read the plain stream.
  // Ids are per agency: the application is the selected agency's.
  const agency = current?.agency;
  let events: ReplayRow[];
  const audit = may('get', '/v1/audit/applications/{id}/replay')
    ? await client.GET('/v1/audit/applications/{id}/replay', {
        params: { path: { id: applicationId }, query: { agency } },
      })
    : undefined;
  if (audit?.response.ok && audit.data) events = audit.data.steps;
  else {
    // The application names its stream (per agency, or the legacy name of an older store).
    const application = await client.GET('/v1/applications/{id}', {
      params: { path: { id: applicationId }, query: { agency } },
    });
    const stream = application.data
      ? await client.GET('/v1/streams/{streamId}/events', {
          params: { path: { streamId: application.data.streamId } },
        })
      : undefined;
    if (!stream?.response.ok || !stream.data) {
      const status = audit && !audit.response.ok ? audit.response.status : (stream ?? application).response.status;
      target.innerHTML = `<p class="status error">无法回放 ${esc(applicationId)}（${status}）。</p>`;
      return;
    }
    events = stream.data.map((e) => ({
      revision: e.revision,
      type: e.type,
      at: e.at,
      ledgerTime: e.metadata.ledgerTime,
      actor: e.metadata.actor,
      principal: e.metadata.principal,
    }));
  }
  target.innerHTML = `<table><thead><tr><th>#</th><th>事件</th><th>业务时间</th><th>记账时间</th><th>记录人</th><th>法定期限</th><th>是否按时</th></tr></thead><tbody>${events
    .map(
      (e) =>
        `<tr data-type="${esc(e.type)}"><td>${e.revision}</td><td title="${esc(e.type)}">${esc(eventLabel(e.type))}</td><td>${esc(localTime(e.at))}</td><td>${esc(localTime(e.ledgerTime))}</td><td>${authorship(e)}</td><td data-deadline>${deadlineText(e.deadline)}</td><td data-on-time>${onTimeText(e.onTime)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

async function printTrail(applicationId: string): Promise<void> {
  const purpose = window.prompt('打印事件记录将被登记。请说明用途（如：行政复议答辩）：');
  if (!purpose) return;
  const { data, response } = await client.GET('/v1/trails/{kind}/{id}', {
    params: {
      path: { kind: 'applications', id: applicationId },
      query: { purpose, format: 'pdf', agency: current?.agency },
    },
    parseAs: 'blob',
  });
  if (!response.ok || !data) return setStatus(`打印记录失败（${response.status}）。`, true);
  open(URL.createObjectURL(data as unknown as Blob));
}

/** Plain links: the session cookie goes with them, so the report's own number links work too. */
function renderReportLinks(selection: Selection): void {
  const query = (format: string) => {
    const params = new URLSearchParams({ format });
    if (selection.agency) params.set('agency', selection.agency);
    if (selection.asOf) params.set('asOf', selection.asOf);
    return `/v1/reports/${encodeURIComponent(selection.year)}?${params}`;
  };
  $('#report-links').innerHTML = may('get', '/v1/reports/{year}')
    ? `<a href="${esc(query('html'))}" target="_blank" rel="noopener" data-report="html">查看 HTML</a> · <a href="${esc(query('md'))}" download data-report="md">下载 Markdown</a> · <a href="${esc(query('pdf'))}" download data-report="pdf">下载 PDF</a> · <a href="${esc(query('docx'))}" download data-report="docx">下载 Word</a>`
    : '';
}

/** The agency by its own name (as the report signs it: LEDGER_AGENCY_NAMES), its id beside it. */
async function renderAgencyName(selection: Selection): Promise<void> {
  if (!may('get', '/v1/reports/{year}')) return;
  const { data } = await client.GET('/v1/reports/{year}', {
    params: {
      path: { year: selection.year },
      query: { agency: selection.agency, asOf: selection.asOf, format: 'json' },
    },
  });
  const name = data && typeof data === 'object' && 'agencyName' in data ? data.agencyName : null;
  const caption = $('#figures-caption');
  const agency = caption.dataset.agency;
  if (name && agency && caption.textContent?.startsWith(agency))
    caption.textContent = `${name}（${agency}）${caption.textContent.slice(agency.length)}`;
}

async function renderReportStatus(selection: Selection): Promise<void> {
  renderReportLinks(selection);
  const { data, response } = await client.GET('/v1/reports/{year}/texts', {
    params: { path: { year: selection.year }, query: { agency: selection.agency, asOf: selection.asOf } },
  });
  if (!response.ok || !data) {
    $('#report-status').textContent = `报告文字状态不可用（${response.status}）。`;
    return;
  }
  const view: TextsView = data;
  const names: Record<string, string> = {
    problems: '二、存在问题和困难',
    measures: '三、下一步工作措施及有关建议',
    signatory: '署名机关',
    date: '落款日期',
  };
  $('#report-status').innerHTML = view.missing.length
    ? `尚待工作人员提供：<span class="placeholder">${view.missing.map((m) => esc(names[m] ?? m)).join('、')}</span>（报告中以占位符显示）。`
    : `报告文字已齐备（${esc(view.suppliedBy)}，${esc(localTime(view.suppliedAt))}）。`;
}

const RUNNING: Record<ProjectionStatus['running'], string> = {
  live: '本进程运行',
  standby: '待命',
  elsewhere: '由投影进程运行',
};

async function renderProjections(): Promise<void> {
  const target = $('#projections');
  const { data, response } = await client.GET('/v1/admin/projections');
  if (!response.ok || !data) {
    target.innerHTML = `<p class="notice">投影状态不可用（${response.status}）。</p>`;
    return;
  }
  target.innerHTML = `<table><thead><tr><th>名称</th><th>版本</th><th>运行</th><th>位置</th><th>落后</th><th>检查点</th><th>最近错误</th></tr></thead><tbody>${data
    .map(
      (p) =>
        `<tr data-projection="${esc(p.name)}"><td>${esc(p.name)}</td><td>${p.version}${p.rebuildPending ? '（待重建）' : ''}</td><td>${esc(RUNNING[p.running])}</td><td data-position>${esc(p.position ?? '—')}</td><td data-lag>${
          p.lag.atLeast ? '≥' : ''
        }${p.lag.events} 条 / ${p.lag.seconds} 秒</td><td>${p.checkpoint ? esc(localTime(p.checkpoint.savedAt)) : '—'}</td><td data-last-error>${p.lastError ? `<span class="placeholder">${esc(localTime(p.lastError.at))} ${esc(p.lastError.message)}</span>` : '无'}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/**
 * The latest signed checkpoint (a C2SP signed note): its body (origin, tree size, root) and its
 * signature lines. Lines by the ledger's own key are its signature; any other is a witness's
 * cosignature (c2sp.org/tlog-cosignature: key id, 8-byte timestamp, Ed25519 signature).
 */
async function renderIntegrity(): Promise<void> {
  const target = $('#integrity');
  const [checkpoint, keys, verification] = await Promise.all([
    fetch('/v1/integrity/checkpoint'),
    fetch('/v1/integrity/verifier-key'),
    fetch('/v1/integrity/verification'),
  ]);
  const lastVerify = verification.ok ? ((await verification.json()) as Verification) : undefined;
  if (!checkpoint.ok) {
    target.innerHTML = `<p class="notice" data-no-checkpoint>${checkpoint.status === 404 ? '尚未签发检查点。' : `检查点不可用（${checkpoint.status}）。`}</p>`;
    return;
  }
  const note = await checkpoint.text();
  const own = new Set(
    keys.ok
      ? (await keys.text())
          .split('\n')
          .filter(Boolean)
          .map((k) => k.split('+')[0])
      : [],
  );
  const [body, signatures = ''] = note.split('\n\n');
  const [origin, size, root] = body.split('\n');
  const lines = signatures.split('\n').filter((l) => l.startsWith('\u2014 '));
  const signers = lines.map((line) => {
    const [, name, signature] = line.split(' ');
    const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    // A cosignature carries its time after the 4-byte key id: 8 bytes, seconds since the epoch.
    const cosignedAt =
      !own.has(name) && bytes.length === 4 + 8 + 64
        ? new Date(Number(new DataView(bytes.buffer).getBigUint64(4)) * 1000).toISOString()
        : undefined;
    return { name, own: own.has(name), cosignedAt };
  });
  const cosignatures = signers.filter((s) => !s.own);
  target.innerHTML = `<table><tbody>
    <tr><td>日志</td><td data-origin>${esc(origin)}</td></tr>
    <tr><td>事件数（树大小）</td><td data-tree-size>${esc(size)}</td></tr>
    <tr><td>根哈希</td><td><code class="hash">${esc(root)}</code></td></tr>
    <tr><td>账本签名</td><td>${
      signers
        .filter((s) => s.own)
        .map((s) => esc(s.name))
        .join('、') || '—'
    }</td></tr>
    <tr><td>见证人副署</td><td data-cosignatures="${cosignatures.length}">${
      cosignatures.length
        ? cosignatures
            .map((c) => `${esc(c.name)}${c.cosignedAt ? `（${esc(localTime(c.cosignedAt))}）` : ''}`)
            .join('<br>')
        : '<span class="muted">无（未配置见证人）</span>'
    }</td></tr>
    <tr><td>最近校验</td><td data-last-verify="${lastVerify ? (lastVerify.intact ? 'intact' : 'failed') : 'none'}">${verificationText(lastVerify)}</td></tr>
  </tbody></table><p class="muted">用 <code>ledger verify</code> 校验账本与检查点是否一致。</p>`;
}

/** The latest `ledger verify` run: when, over how many events, and its result. */
function verificationText(verification: Verification | undefined): string {
  if (!verification) return '<span class="muted">尚未运行 <code>ledger verify</code></span>';
  const when = `${esc(localTime(verification.verifiedAt))}，${verification.eventsRead} 条事件，${verification.checkpointsVerified} 个检查点${
    verification.witnessesRequired ? `（每个需 ${verification.witnessesRequired} 个见证人副署）` : ''
  }`;
  return verification.intact
    ? `<span class="pill">完好</span> ${when}`
    : `<span class="pill error">不一致</span> ${when}<br><span class="placeholder">${esc(verification.summary)}</span>`;
}

function setStatus(text: string, error = false): void {
  const status = $('#status');
  status.textContent = text;
  status.className = `status${error ? ' error' : ''}`;
}

function problemText(status: number, body: unknown): string {
  const detail = (body as { detail?: string } | undefined)?.detail;
  return status === 401
    ? '请先登录。'
    : status === 403
      ? `当前账号无权查看年度数字：${detail ?? ''}`
      : `查询失败（${status}）：${detail ?? ''}`;
}

/** The region hierarchy in force (GET /v1/regions), once read: it names the regions the agencies table shows. */
let hierarchy: RegionHierarchy | undefined;

/** The regions as options in tree order (a province, then each of its cities, then their counties), indented by depth. */
function regionOptions(regions: RegionHierarchy['regions']): string {
  const below = (parent: string | null, depth: number): string[] =>
    regions
      .filter((r) => r.parent === parent)
      .flatMap((r) => [
        `<option value="${esc(r.code)}" data-level="${esc(r.level)}">${'\u3000'.repeat(depth)}${esc(r.name)}（${esc(r.code)}）</option>`,
        ...below(r.code, depth + 1),
      ]);
  return below(null, 0).join('');
}

/**
 * Fills the region choice from the hierarchy. Every region is offered, as the API lists them; the
 * API alone decides whether the principal may see a region's figures (all its agencies), and its
 * refusal is shown as such.
 */
async function loadRegions(): Promise<void> {
  const show = (shown: boolean) =>
    document.querySelectorAll<HTMLElement>('[data-needs=regions]').forEach((label) => (label.hidden = !shown));
  const select = $<HTMLSelectElement>('select[name=region]');
  hierarchy = undefined;
  if (roles.length === 0 || !may('get', '/v1/regions')) return show(false);
  const { data, response } = await client.GET('/v1/regions');
  // No hierarchy loaded yet (404 REGION.NONE_LOADED): nothing to choose.
  if (!response.ok || !data) return show(false);
  hierarchy = data;
  const chosen = select.value || new URLSearchParams(location.search).get('region') || '';
  select.innerHTML = `<option value="">—</option>${regionOptions(data.regions)}`;
  select.value = chosen;
  show(true);
}

function showView(view: 'agency' | 'region'): void {
  $('#agency-view').hidden = view !== 'agency';
  $('#region-view').hidden = view !== 'region';
}

type HeadlineKey = keyof AgencyStanding['headline'];
type RankedRate = keyof AgencyStanding['ranks'];
/** Where each headline figure of an agency's standing sits in the figures document: the region's total is read there. */
const HEADLINE_PATHS: Record<HeadlineKey, string> = {
  received: 'applications.received',
  decided: 'decisions.total',
  granted: 'decisions.granted',
  denied: 'decisions.denied',
  pendingAtYearEnd: 'applications.pendingAtYearEnd',
  overdue: 'decisions.overdue',
  complaintsReceived: 'supervision.complaintsReceived',
  onTimeRate: 'decisions.onTimeRate',
  disclosureRate: 'disclosure.disclosureRate',
  satisfactionRate: 'effect.satisfactionRate',
  fullyOnlineRate: 'items.fullyOnlineRate',
};
const COUNT_COLUMNS: readonly Exclude<HeadlineKey, RankedRate>[] = [
  'received',
  'decided',
  'denied',
  'pendingAtYearEnd',
  'overdue',
  'complaintsReceived',
];
const RATE_COLUMNS: readonly RankedRate[] = ['onTimeRate', 'disclosureRate', 'satisfactionRate', 'fullyOnlineRate'];
/** Short names of the flags; the API's message (Chinese, then English) is the pill's tooltip. */
const FLAG_NAMES: Record<AgencyStanding['flags'][number]['code'], string> = {
  'DECISION.OVERDUE': '超期办结',
  'ON_TIME.BELOW_THRESHOLD': '按时率低于阈值',
  'DISCLOSURE.MISSING': '决定未公示',
  'COMPLAINT.UNRESOLVED': '投诉逾期未办结',
  'FIGURES.NOT_SIGNED': '尚未签名',
};

/** The flags whose count is of decisions, disclosures or complaints (the others count 1: a threshold, the signature). */
const COUNTED_FLAGS = new Set<string>(['DECISION.OVERDUE', 'DISCLOSURE.MISSING', 'COMPLAINT.UNRESOLVED']);

type Rate = AgencyStanding['headline']['onTimeRate'];
const percentText = (rate: Rate | undefined) =>
  rate === undefined || rate.percent === null ? '—' : `${rate.percent}%`;

function rateCell(key: RankedRate, rate: Rate, rank: number | null): string {
  return `<td data-headline="${key}" data-value="${esc(JSON.stringify(rate.percent))}" data-rank="${rank ?? ''}">${esc(percentText(rate))}${
    rank === null ? '' : ` <span class="rank">第 ${rank} 名</span>`
  }</td>`;
}

/** A link to the agency's own view for the same year (and instant): the page opens it on load. */
function agencyLink(selection: Selection, agency: string): string {
  const params = new URLSearchParams({ year: selection.year, agency });
  if (selection.asOfLocal) params.set('asOf', selection.asOfLocal);
  return `/ui?${params}`;
}

function renderRegionFigures(figures: RegionFigures): void {
  const { region } = figures;
  $('#region-caption').textContent =
    `${region.name}（${region.code}），${figures.agencies.length} 个机关，区划第 ${region.hierarchyVersion} 版${
      figures.asOf ? `，截至 ${localTime(figures.asOf)}` : ''
    }；账本事件 ${figures.basedOn.events} 条`;
  $('#region-figures-body').innerHTML = figureRows(figures).join('');
}

function renderStandings(standings: RegionStandings, figures: RegionFigures, selection: Selection): void {
  const regionName = new Map((hierarchy?.regions ?? []).map((r) => [r.code, r.name]));
  const rows = standings.agencies.map(
    (a) =>
      `<tr data-agency="${esc(a.agency)}"><td><a href="${esc(agencyLink(selection, a.agency))}" data-agency-link>${esc(a.name)}</a> <span class="muted">${esc(a.agency)}</span></td><td>${esc(
        regionName.get(a.region) ?? a.region,
      )}</td>${COUNT_COLUMNS.map((k) => `<td data-headline="${k}" data-value="${a.headline[k]}">${a.headline[k]}</td>`).join('')}${RATE_COLUMNS.map(
        (k) => rateCell(k, a.headline[k], a.ranks[k]),
      ).join('')}<td data-flags>${
        a.flags
          .map(
            (f) =>
              `<span class="pill ${f.code === 'FIGURES.NOT_SIGNED' ? '' : 'warning'}" data-flag="${esc(f.code)}" data-count="${f.count}" title="${esc(f.message)}">${esc(FLAG_NAMES[f.code] ?? f.code)}${COUNTED_FLAGS.has(f.code) ? ` ${f.count} 件` : ''}</span>`,
          )
          .join(' ') || '<span class="muted">无</span>'
      }</td></tr>`,
  );
  $('#region-agencies-body').innerHTML =
    rows.join('') || '<tr><td colspan="13" class="notice">该地区没有机关。</td></tr>';
  // The region's own totals, read from its roll-up (not added up here): the sum the agencies above must make.
  const total = (k: HeadlineKey) => figureAt(figures, HEADLINE_PATHS[k]);
  $('#region-agencies-total').innerHTML =
    `<tr data-region-total><td>合计（${esc(figures.region.name)}）</td><td></td>${COUNT_COLUMNS.map(
      (k) => `<td data-total="${k}" data-value="${esc(JSON.stringify(total(k) ?? null))}">${esc(total(k) ?? '—')}</td>`,
    ).join('')}${RATE_COLUMNS.map((k) => {
      const rate = total(k) as Rate | undefined;
      return `<td data-total="${k}" data-value="${esc(JSON.stringify(rate?.percent ?? null))}">${esc(percentText(rate))}</td>`;
    }).join('')}<td></td></tr>`;
  const flagged = standings.agencies.filter((a) => a.flags.length > 0).length;
  $('#region-agencies-caption').textContent =
    `${standings.agencies.length} 个机关，${flagged} 个有标记；按时办结率低于 ${standings.thresholds.onTimeBelow}% 时标记；排名 1 为最高`;
}

/** The API's refusal of a region, said plainly with its status, code and detail; no stale numbers beside it. */
function showRegionRefusal(region: string, status: number, body: unknown): void {
  const problem = (body ?? {}) as { code?: string; detail?: string; errors?: { field: string }[] };
  const fields = (problem.errors ?? []).map((e) => e.field);
  const why =
    status === 400
      ? `查询条件不被接受：${fields.join('、') || '见下方说明'}。`
      : status === 404
        ? '该地区不在区划中，或当前账号并不代表其中的每一个机关：一个地区的数字只对代表其全部机关的账号显示，对其他账号的答复与不存在的地区相同。'
        : status === 403
          ? '当前账号的角色无权查看年度数字。'
          : status === 401
            ? '请先登录。'
            : '查询失败。';
  const box = $('#region-refusal');
  box.innerHTML = `<h2>无法查看地区 ${esc(region)}</h2><p>${esc(why)}</p><p>API 答复：<code data-status>${status}</code> <code data-code>${esc(
    problem.code ?? '',
  )}</code> <span data-detail>${esc(problem.detail ?? '')}</span></p>`;
  box.dataset.status = String(status);
  box.hidden = false;
  document.querySelectorAll<HTMLElement>('[data-region-part]').forEach((part) => (part.hidden = true));
  setStatus(`无法查看地区 ${region}（${status}${problem.code ? ` ${problem.code}` : ''}）。`, true);
}

async function loadRegion(selection: Selection & { region: string }): Promise<void> {
  current = selection;
  showView('region');
  delete $('#status').dataset.loaded;
  setStatus('正在加载…');
  const path = { year: selection.year };
  const query = { region: selection.region, asOf: selection.asOf };
  const [figures, standings] = await Promise.all([
    client.GET('/v1/figures/{year}', { params: { path, query } }),
    client.GET('/v1/figures/{year}/agencies', {
      params: { path, query: { ...query, onTimeBelow: selection.onTimeBelow } },
    }),
  ]);
  if (!figures.response.ok || !figures.data)
    return showRegionRefusal(selection.region, figures.response.status, figures.error);
  if (!standings.response.ok || !standings.data)
    return showRegionRefusal(selection.region, standings.response.status, standings.error);
  const document = figures.data;
  // Asked with region, the answer is the region's roll-up (it names the region, not one agency).
  if (!('region' in document)) return setStatus('查询失败：返回的不是地区汇总数据。', true);
  $('#region-refusal').hidden = true;
  window.document.querySelectorAll<HTMLElement>('[data-region-part]').forEach((part) => (part.hidden = false));
  renderRegionFigures(document);
  renderStandings(standings.data, document, selection);
  setStatus(`已加载 ${document.region.name} ${document.year} 年度汇总，${standings.data.agencies.length} 个机关。`);
  $('#status').dataset.loaded = `region:${document.region.code}:${document.year}`;
}

async function load(selection: Selection): Promise<void> {
  current = selection;
  showView('agency');
  delete $('#status').dataset.loaded;
  setStatus('正在加载…');
  const params = { path: { year: selection.year }, query: { agency: selection.agency, asOf: selection.asOf } };
  const [figures, departments, monthly] = await Promise.all([
    client.GET('/v1/figures/{year}', { params }),
    client.GET('/v1/figures/{year}/departments', { params }),
    client.GET('/v1/figures/{year}/monthly', { params }),
  ]);
  if (!figures.response.ok || !figures.data)
    return setStatus(problemText(figures.response.status, figures.error), true);
  const document = figures.data;
  // Asked without region, the answer is the agency's figures (a region's roll-up names agencies, not one agency).
  if (!('agency' in document)) return setStatus('查询失败：返回的不是单位年度数据。', true);
  renderFigures(document);
  renderDenials(document);
  if (departments.response.ok && departments.data && 'agency' in departments.data) renderDepartments(departments.data);
  if (monthly.data) renderMonthly(monthly.data);
  await Promise.all([
    renderAgencyName(selection),
    renderAudit(selection),
    renderReportStatus(selection),
    may('get', '/v1/admin/projections') ? renderProjections() : undefined,
    renderIntegrity(),
  ]);
  setStatus(`已加载 ${document.agency} ${document.year} 年度数据。`);
  $('#status').dataset.loaded = `${document.agency}:${document.year}`;
}

function selectionFromForm(form: HTMLFormElement): Selection {
  const data = new FormData(form);
  const region = String(data.get('region') ?? '').trim() || undefined;
  // A region's figures add up its agencies: the agency box is not sent with a region (the API refuses both).
  const agency = region ? undefined : String(data.get('agency') ?? '').trim() || undefined;
  const local = String(data.get('asOf') ?? '').trim();
  // datetime-local has no zone: it is read as the agency's (Beijing) time, as the figures count.
  const asOf = local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : undefined;
  const onTimeBelow = (region && String(data.get('onTimeBelow') ?? '').trim()) || undefined;
  return { agency, region, year: String(data.get('year')), asOf, asOfLocal: local || undefined, onTimeBelow };
}

/** The address of a selection, so that reloading, a bookmark or the way back from an agency's link shows it again. */
function selectionUrl(selection: Selection): string {
  const params = new URLSearchParams({ year: selection.year });
  if (selection.region) params.set('region', selection.region);
  if (selection.agency) params.set('agency', selection.agency);
  if (selection.asOfLocal) params.set('asOf', selection.asOfLocal);
  if (selection.onTimeBelow) params.set('onTimeBelow', selection.onTimeBelow);
  return `${location.pathname}?${params}`;
}

const ROLE_NAMES: Record<string, string> = {
  clerk: '窗口',
  supervisor: '监督',
  legal: '法制',
  reporting: '报表',
  admin: '管理',
  relay: '上游系统',
};

/** Shows who is signed in (or the sign-in form), and the sections and actions the roles allow. */
function showSession(session: SessionView | undefined): void {
  roles = session?.roles ?? [];
  $('#signin').hidden = session !== undefined;
  $('#session').hidden = session === undefined;
  if (session) {
    $('#session-who').innerHTML =
      `已登录：${esc(session.principal)} ${session.roles.map((r) => `<span class="role" data-role="${esc(r)}">${esc(ROLE_NAMES[r] ?? r)}</span>`).join('')} <span class="muted">有效至 ${esc(localTime(session.expiresAt))}</span>`;
  }
  const needs: Record<string, () => boolean> = {
    replay: may_replay,
    projections: () => may('get', '/v1/admin/projections'),
    regions: () => may('get', '/v1/regions'),
  };
  document
    .querySelectorAll<HTMLElement>('[data-needs]')
    .forEach((element) => (element.hidden = !session || !needs[element.dataset.needs ?? '']?.()));
  void renderCalendarWarning();
}

/**
 * From 1 November, while next year's working-day calendar is not loaded, every deadline running
 * into it will be undetermined: said at the top of the page, where someone who can act sees it.
 */
async function renderCalendarWarning(): Promise<void> {
  const box = $('#calendar-warning');
  box.hidden = true;
  if (roles.length === 0 || !may('get', '/v1/calendar')) return;
  const { data } = await client.GET('/v1/calendar');
  const warning = data?.warning;
  if (!warning) return;
  box.textContent =
    `工作日历提醒：${warning.year} 年的工作日历尚未载入，期限跨入 ${warning.year} 年的申请将无法判断是否按时办结。` +
    ` / ${warning.message}`;
  box.dataset.year = String(warning.year);
  box.hidden = false;
}

async function signIn(credential: string): Promise<boolean> {
  const { data, response } = await client.POST('/v1/session', { headers: { Authorization: `Bearer ${credential}` } });
  if (!response.ok || !data) {
    setStatus(
      response.status === 401 ? '登录失败：密钥或令牌无效、已吊销或已过期。' : `登录失败（${response.status}）。`,
      true,
    );
    return false;
  }
  showSession(data);
  return true;
}

async function start(): Promise<void> {
  const form = $<HTMLFormElement>('#query');
  const params = new URLSearchParams(location.search);
  (form.elements.namedItem('year') as HTMLInputElement).value =
    params.get('year') ?? String(new Date().getFullYear() - 1);
  (form.elements.namedItem('agency') as HTMLInputElement).value = params.get('agency') ?? '';
  (form.elements.namedItem('asOf') as HTMLInputElement).value = params.get('asOf') ?? '';
  (form.elements.namedItem('onTimeBelow') as HTMLInputElement).value = params.get('onTimeBelow') ?? '';
  await loadOperationRoles();
  // Public: shown before signing in too.
  void renderIntegrity();
  const session = await client.GET('/v1/session');
  showSession(session.response.ok ? session.data : undefined);
  await loadRegions();
  setStatus(session.response.ok ? '请选择机关和年度。' : '请先登录：输入 API 密钥或 JWT（只发送一次，换取会话）。');
  $<HTMLFormElement>('#signin').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('#signin input[name=key]');
    const credential = input.value.trim();
    input.value = '';
    if (!credential) return;
    void signIn(credential).then(async (ok) => {
      if (!ok) return;
      await loadRegions();
      form.requestSubmit();
    });
  });
  $('#signout').addEventListener('click', () => {
    void client.DELETE('/v1/session').then(() => {
      showSession(undefined);
      void loadRegions();
      $('#figures-body').innerHTML = '';
      $('#region-figures-body').innerHTML = '';
      $('#region-agencies-body').innerHTML = '';
      $('#region-agencies-total').innerHTML = '';
      setStatus('已退出登录。');
    });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const selection = selectionFromForm(form);
    history.replaceState(null, '', selectionUrl(selection));
    const loading = selection.region ? loadRegion({ ...selection, region: selection.region }) : load(selection);
    void loading.catch((error: Error) => setStatus(`出错：${error.message}`, true));
  });
  $('#findings-english').addEventListener('change', () => current && void renderAudit(current));
  $<HTMLFormElement>('#replay-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = String(new FormData(event.target as HTMLFormElement).get('applicationId') ?? '').trim();
    if (id) void replay(id);
  });
  document.body.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest('button') as HTMLButtonElement | null;
    if (!target) return;
    if (target.dataset.replay) {
      ($('#replay-form').querySelector('input') as HTMLInputElement).value = target.dataset.replay;
      void replay(target.dataset.replay);
    } else if (target.dataset.trail) void printTrail(target.dataset.trail);
  });
  if (params.get('year') && session.response.ok) form.requestSubmit();
}

void start();
