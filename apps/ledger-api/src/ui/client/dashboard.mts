/**
 * The dashboard's script. It reads only the public v1 API, through a client typed by the
 * OpenAPI document (`../api-schema.d.ts`, generated from /docs-json): a path, parameter or
 * response shape the page relies on and the document lacks fails the type check
 * (`ui-assets.ts`). Every response body it reads is described there; it declares no shapes of its own.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../api-schema.js';

type Figures = components['schemas']['YearlyFiguresDto'];
type FiguresByDepartment = components['schemas']['FiguresByDepartmentDto'];
type MonthlySeries = components['schemas']['MonthlySeriesDto'];
type TextsView = components['schemas']['ReportTextsViewDto'];
type ComplianceRule = components['schemas']['ComplianceRuleDto'];
/** What a replay row shows: a supervisor's replay step as is, or a stream event with its metadata lifted. */
type ReplayRow = Pick<components['schemas']['ApplicationReplayStepDto'], 'revision' | 'type' | 'at' | 'ledgerTime' | 'actor' | 'onTime'>;

const KEY_STORAGE = 'ledger-dashboard-api-key';
const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const esc = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const client = createClient<paths>({ baseUrl: location.origin });
const auth: Middleware = {
  onRequest({ request }) {
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
};
client.use(auth);

interface Selection { agency?: string; year: string; asOf?: string }
let current: Selection | undefined;

/** A value of the figures document by path (as the report's links name them). */
function figureAt(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const segment of path.split('.')) {
    if (value === null || value === undefined) return undefined;
    value = Array.isArray(value) ? value.find((entry) => (entry as { name?: unknown }).name === segment) : (value as Record<string, unknown>)[segment];
  }
  return value;
}

const ROWS: [label: string, path: string, unit: string][] = [
  ['现有事项', 'items.total', '项'], ['纳入标准化目录', 'items.inStandardCatalogue', '项'], ['进驻网上办事大厅', 'items.inOnlineHall', '项'],
  ['全程网办事项', 'items.fullyOnline', '项'], ['全程网办率', 'items.fullyOnlineRate.percent', '%'], ['即办件占比', 'items.immediateRate.percent', '%'],
  ['平均跑动次数', 'items.averageRequiredVisits.value', '次'], ['服务时限压缩率', 'items.timeLimitCompressionRate.percent', '%'],
  ['收到申请', 'applications.received', '宗'], ['受理', 'applications.accepted', '宗'], ['不予受理', 'applications.notAccepted', '宗'],
  ['撤回', 'applications.withdrawn', '宗'], ['年末在办', 'applications.pendingAtYearEnd', '宗'],
  ['作出决定', 'decisions.total', '宗'], ['准予许可', 'decisions.granted', '宗'], ['不予许可', 'decisions.denied', '宗'],
  ['按时办结', 'decisions.onTime', '宗'], ['超期办结', 'decisions.overdue', '宗'], ['按时办结率', 'decisions.onTimeRate.percent', '%'],
  ['公示决定', 'disclosure.disclosed', '条'], ['依法不予公示', 'disclosure.exempt', '条'], ['公示率', 'disclosure.disclosureRate.percent', '%'],
  ['对外监督检查', 'supervision.externalSupervision', '次'], ['执法检查', 'supervision.enforcementInspections', '次'], ['评查案卷', 'supervision.caseFilesReviewed', '宗'],
  ['投诉举报', 'supervision.complaintsReceived', '件'], ['有效投诉举报', 'supervision.complaintsValid', '件'], ['行政复议', 'supervision.reconsiderations', '宗'],
  ['行政诉讼', 'supervision.litigations', '宗'], ['需整改问题', 'supervision.rectificationsRequired', '个'], ['完成整改', 'supervision.rectificationsCompleted', '项'],
  ['满意度', 'effect.satisfactionRate.percent', '%'], ['差评整改', 'effect.badRatingsRectified', '条'], ['电子证照', 'effect.electronicCertificates', '份'],
  ['邮寄证件', 'effect.certificatesMailed', '件'],
];

function cell(document: unknown, path: string, unit: string): string {
  const value = figureAt(document, path);
  const shown = typeof value === 'number' ? `${value}${unit === '%' ? '%' : ''}` : '—';
  return `<td data-figure="${esc(path)}" data-value="${esc(JSON.stringify(value ?? null))}">${esc(shown)}</td>`;
}

function change(now: unknown, before: unknown, unit: string): string {
  if (typeof now !== 'number' || typeof before !== 'number') return '<td class="muted">—</td>';
  const diff = Math.round((now - before) * 1000) / 1000;
  if (diff === 0) return '<td>持平</td>';
  const text = unit === '%' ? `${diff > 0 ? '+' : ''}${Math.round(diff * 100) / 100} 个百分点` : `${diff > 0 ? '+' : ''}${diff}${before ? `（${diff > 0 ? '+' : ''}${Math.round((diff / before) * 10000) / 100}%）` : ''}`;
  return `<td class="${diff > 0 ? 'up' : 'down'}">${esc(text)}</td>`;
}

function renderFigures(figures: Figures): void {
  $('#th-year').textContent = `${figures.year}年`;
  $('#th-previous').textContent = `${figures.year - 1}年`;
  $('#figures-caption').textContent = `${figures.agency}${figures.asOf ? `，截至 ${figures.asOf}` : ''}；账本事件 ${figures.basedOn.events} 条`;
  const rows = ROWS.map(([label, path, unit]) => {
    const previous = figures.previousYear ? cell(figures, `previousYear.${path}`, unit) : '<td class="muted">无记录</td>';
    return `<tr><td>${esc(label)}</td>${cell(figures, path, unit)}${previous}${change(figureAt(figures, path), figureAt(figures.previousYear, path), unit)}</tr>`;
  });
  for (const indicator of figures.indicators) {
    const path = `indicators.${indicator.name}.value`;
    const before = figures.previousYear ? figureAt(figures, `previousYear.${path}`) : undefined;
    rows.push(
      `<tr><td>${esc(indicator.name)}（${esc(indicator.unit)}，${esc(indicator.source)}）</td>${cell(figures, path, indicator.unit)}${
        figures.previousYear ? cell(figures, `previousYear.${path}`, indicator.unit) : '<td class="muted">无记录</td>'
      }${change(indicator.value, before, indicator.unit)}</tr>`,
    );
  }
  $('#figures-body').innerHTML = rows.join('');
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
    grid.push(`<line x1="${left}" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${left - 4}" y="${y(v) + 4}" font-size="10" text-anchor="end" fill="#6b7280">${v}</text>`);
  }
  const bars: string[] = [];
  for (let m = 0; m < 12; m++) {
    let base = 0;
    const x = left + m * barWidth + 3;
    departments.forEach((d, i) => {
      const v = byDepartment[d][m];
      if (!v) return;
      bars.push(`<rect x="${x}" y="${y(base + v)}" width="${barWidth - 6}" height="${y(base) - y(base + v)}" fill="${PALETTE[i % PALETTE.length]}"><title>${m + 1}月 ${esc(d)}：${v}${unit}</title></rect>`);
      base += v;
    });
    bars.push(`<text x="${x + (barWidth - 6) / 2}" y="${height - 8}" font-size="10" text-anchor="middle" fill="#374151">${m + 1}月</text>`);
  }
  const legend = departments.map((d, i) => `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${esc(d)}</span>`).join('');
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

function replayButton(applicationId: string): string {
  return `<button type="button" class="secondary" data-replay="${esc(applicationId)}">回放</button> <button type="button" class="secondary" data-trail="${esc(applicationId)}">打印记录</button>`;
}

function renderDenials(figures: Figures): void {
  const list = figures.decisions.deniedReasons.map((d) => `<li><code>${esc(d.applicationId)}</code> ${esc(d.reason)} ${replayButton(d.applicationId)}</li>`);
  $('#denials').innerHTML = list.join('') || '<li class="notice">本年度没有不予许可决定。</li>';
}

async function renderAudit(selection: Selection): Promise<void> {
  const target = $('#audit');
  target.innerHTML = '<p class="notice">正在检查…</p>';
  const { data: report, response } = await client.GET('/v1/audit/compliance/{year}', { params: { path: { year: selection.year }, query: { agency: selection.agency } } });
  if (!response.ok || !report) {
    target.innerHTML = `<p class="notice" data-audit-unavailable>${
      response.status === 403 ? '审计发现仅对 supervisor 角色开放，当前密钥无权查看。' : response.status === 404 ? '审计检查不可用（404）。' : `审计检查不可用（${response.status}）。`
    }</p>`;
    return;
  }
  const counts = Object.entries(report.summary).filter(([, n]) => n > 0);
  const rules = new Map<string, ComplianceRule>(report.rules.map((r) => [r.code, r]));
  const findings = report.findings.slice(0, 30).map(
    (f) => `<li><span class="pill ${esc(f.severity)}">${esc(f.rule)}</span> ${esc(f.summary)} ${f.applicationId ? replayButton(f.applicationId) : ''}</li>`,
  );
  target.innerHTML = counts.length
    ? `<table><thead><tr><th>规则</th><th>发现</th></tr></thead><tbody>${counts
        .map(([code, n]) => `<tr><td title="${esc(rules.get(code)?.definition)}">${esc(code)}</td><td data-rule="${esc(code)}">${n}</td></tr>`)
        .join('')}</tbody></table><ul class="findings">${findings.join('')}</ul>${report.findings.length > 30 ? `<p class="notice">另有 ${report.findings.length - 30} 条未列出。</p>` : ''}`
    : '<p data-audit-clean>未发现问题。</p>';
}

async function replay(applicationId: string): Promise<void> {
  const target = $('#replay');
  target.innerHTML = '<p class="notice">正在回放…</p>';
  // The supervisors' replay has the statutory deadline after each step; other roles read the plain stream.
  const audit = await client.GET('/v1/audit/applications/{id}/replay', { params: { path: { id: applicationId } } });
  let events: ReplayRow[];
  if (audit.response.ok && audit.data) events = audit.data.steps;
  else {
    const stream = await client.GET('/v1/streams/{streamId}/events', { params: { path: { streamId: `application-${applicationId}` } } });
    if (!stream.response.ok || !stream.data) {
      target.innerHTML = `<p class="status error">无法回放 ${esc(applicationId)}（${stream.response.status}）。</p>`;
      return;
    }
    events = stream.data.map((e) => ({ revision: e.revision, type: e.type, at: e.at, ledgerTime: e.metadata.ledgerTime, actor: e.metadata.actor }));
  }
  target.innerHTML = `<table><thead><tr><th>#</th><th>事件</th><th>业务时间</th><th>记账时间</th><th>记录人</th></tr></thead><tbody>${events
    .map(
      (e) =>
        `<tr><td>${e.revision}</td><td>${esc(e.type)}${e.onTime === false ? ' <span class="pill error">超期</span>' : ''}</td><td>${esc(e.at)}</td><td>${esc(e.ledgerTime)}</td><td>${esc(e.actor)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

async function printTrail(applicationId: string): Promise<void> {
  const purpose = window.prompt('打印事件记录将被登记。请说明用途（如：行政复议答辩）：');
  if (!purpose) return;
  const { data, response } = await client.GET('/v1/trails/{kind}/{id}', {
    params: { path: { kind: 'applications', id: applicationId }, query: { purpose, format: 'pdf' } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) return setStatus(`打印记录失败（${response.status}）。`, true);
  open(URL.createObjectURL(data as unknown as Blob));
}

async function openReport(format: 'md' | 'html' | 'pdf'): Promise<void> {
  if (!current) return;
  const { data, response } = await client.GET('/v1/reports/{year}', {
    params: { path: { year: current.year }, query: { agency: current.agency, asOf: current.asOf, format } },
    parseAs: 'blob',
  });
  if (!response.ok || !data) return setStatus(`生成报告失败（${response.status}）。`, true);
  let blob = data as unknown as Blob;
  // The report's figure links are relative to the API; a blob: page needs to be told where that is.
  if (format === 'html') blob = new Blob([(await blob.text()).replace('<head>', `<head><base href="${location.origin}/">`)], { type: 'text/html' });
  const url = URL.createObjectURL(blob);
  if (format === 'html') open(url);
  else Object.assign(document.createElement('a'), { href: url, download: `report-${current.agency ?? 'default'}-${current.year}.${format}` }).click();
}

async function renderReportStatus(selection: Selection): Promise<void> {
  const { data, response } = await client.GET('/v1/reports/{year}/texts', { params: { path: { year: selection.year }, query: { agency: selection.agency, asOf: selection.asOf } } });
  if (!response.ok || !data) {
    $('#report-status').textContent = `报告文字状态不可用（${response.status}）。`;
    return;
  }
  const view: TextsView = data;
  const names: Record<string, string> = { problems: '二、存在问题和困难', measures: '三、下一步工作措施及有关建议', signatory: '署名机关', date: '落款日期' };
  $('#report-status').innerHTML = view.missing.length
    ? `尚待工作人员提供：<span class="placeholder">${view.missing.map((m) => esc(names[m] ?? m)).join('、')}</span>（报告中以占位符显示）。`
    : `报告文字已齐备（${esc(view.suppliedBy)}，${esc(view.suppliedAt)}）。`;
}

function setStatus(text: string, error = false): void {
  const status = $('#status');
  status.textContent = text;
  status.className = `status${error ? ' error' : ''}`;
}

function problemText(status: number, body: unknown): string {
  const detail = (body as { detail?: string } | undefined)?.detail;
  return status === 401 ? '需要 API 密钥。' : status === 403 ? `当前密钥无权查看年度数字：${detail ?? ''}` : `查询失败（${status}）：${detail ?? ''}`;
}

async function load(selection: Selection): Promise<void> {
  current = selection;
  setStatus('正在加载…');
  const params = { path: { year: selection.year }, query: { agency: selection.agency, asOf: selection.asOf } };
  const [figures, departments, monthly] = await Promise.all([
    client.GET('/v1/figures/{year}', { params }),
    client.GET('/v1/figures/{year}/departments', { params }),
    client.GET('/v1/figures/{year}/monthly', { params }),
  ]);
  if (!figures.response.ok || !figures.data) return setStatus(problemText(figures.response.status, figures.error), true);
  const document = figures.data;
  renderFigures(document);
  renderDenials(document);
  if (departments.response.ok && departments.data) renderDepartments(departments.data);
  if (monthly.data) renderMonthly(monthly.data);
  await Promise.all([renderAudit(selection), renderReportStatus(selection)]);
  setStatus(`已加载 ${document.agency} ${document.year} 年度数据。`);
  $('#status').dataset.loaded = `${document.agency}:${document.year}`;
}

function selectionFromForm(form: HTMLFormElement): Selection {
  const data = new FormData(form);
  const key = String(data.get('key') ?? '').trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  const agency = String(data.get('agency') ?? '').trim() || undefined;
  const local = String(data.get('asOf') ?? '').trim();
  // datetime-local has no zone: it is read as the agency's (Beijing) time, as the figures count.
  const asOf = local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : undefined;
  return { agency, year: String(data.get('year')), asOf };
}

function start(): void {
  const form = $<HTMLFormElement>('#query');
  const params = new URLSearchParams(location.search);
  (form.elements.namedItem('year') as HTMLInputElement).value = params.get('year') ?? String(new Date().getFullYear() - 1);
  (form.elements.namedItem('agency') as HTMLInputElement).value = params.get('agency') ?? '';
  if (sessionStorage.getItem(KEY_STORAGE)) (form.elements.namedItem('key') as HTMLInputElement).placeholder = '已保存（本标签页）';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(selectionFromForm(form)).catch((error: Error) => setStatus(`出错：${error.message}`, true));
  });
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
    else if (target.dataset.report) void openReport(target.dataset.report as 'md' | 'html' | 'pdf');
  });
  if (params.get('year')) form.requestSubmit();
}

start();
