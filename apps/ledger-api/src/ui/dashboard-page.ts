/**
 * The dashboard page: static markup and styles; `dashboard.js` (built from `client/dashboard.mts`)
 * fills it from the public v1 API. Elements the end-to-end test reads carry `data-testid` or
 * `data-figure` (the figure's path in the figures document, as the report's links do).
 * The threshold box carries no min/max: the API's rule (0–100, two decimals) is the one rule, and
 * its problem is shown.
 */
export const DASHBOARD_HTML = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>行政许可监督看板</title>
<link rel="icon" href="data:,">
<style>
  :root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; --bad: #b91c1c; --good: #047857; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: var(--ink); background: #f9fafb; font-size: 14px; }
  header { background: #fff; border-bottom: 1px solid var(--line); padding: 12px 24px; }
  header h1 { margin: 0 0 8px; font-size: 20px; }
  form { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; }
  label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
  input { font: inherit; padding: 5px 8px; border: 1px solid #d1d5db; border-radius: 4px; min-width: 8em; }
  input[name=key] { min-width: 22em; }
  #session { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; font-size: 13px; }
  #session[hidden], #signin[hidden], [data-needs][hidden], main[hidden], section[hidden] { display: none; }
  .role { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #ecfdf5; color: var(--good); margin-right: 2px; }
  code.hash { font-size: 11px; word-break: break-all; }
  button { font: inherit; padding: 6px 14px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); }
  main { padding: 16px 24px 48px; display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: right; white-space: nowrap; }
  th:first-child, td:first-child { text-align: left; white-space: normal; }
  th { font-weight: 600; color: #374151; background: #f9fafb; }
  td[data-change=better] { color: var(--good); } td[data-change=worse] { color: var(--bad); }
  .muted { color: var(--muted); }
  .status { padding: 8px 24px; font-size: 13px; }
  .status.error { color: var(--bad); }
  .notice { color: var(--muted); font-style: italic; }
  .chart svg { width: 100%; height: auto; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; margin-top: 4px; }
  .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
  .findings { max-height: 360px; overflow: auto; padding-left: 1.2em; }
  .findings li { margin: 2px 0; }
  .pill { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #eef2ff; color: #3730a3; }
  .pill.error { background: #fef2f2; color: var(--bad); } .pill.warning { background: #fffbeb; color: #92400e; }
  a { color: var(--accent); }
  .placeholder { color: var(--bad); font-weight: 600; }
  select { font: inherit; padding: 5px 8px; border: 1px solid #d1d5db; border-radius: 4px; min-width: 12em; background: #fff; }
  .refusal { border-color: #fecaca; background: #fef2f2; color: var(--bad); }
  .refusal code { color: var(--ink); }
  td .rank { color: var(--muted); font-size: 12px; }
  td[data-flags], [data-testid=region-agencies] th:last-child { text-align: left; white-space: normal; }
  tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
</style>
</head>
<body>
<header>
  <h1>行政许可监督看板</h1>
  <form id="signin" autocomplete="off" data-testid="signin" hidden>
    <label>API 密钥或 JWT（只用于登录，不保存在页面中）<input name="key" type="password" placeholder="lk_…"></label>
    <button type="submit">登录</button>
  </form>
  <div id="session" data-testid="session" hidden><span id="session-who"></span><button type="button" class="secondary" id="signout">退出登录</button></div>
  <form id="query" autocomplete="off">
    <label data-needs="regions" hidden>地区（选定时看地区汇总，不看单个机关）<select name="region" data-testid="region-select"><option value="">—</option></select></label>
    <label data-needs="regions" hidden>按时办结率标记阈值（%，地区）<input name="onTimeBelow" type="number" step="any" placeholder="95"></label>
    <label>机关<input name="agency" placeholder="默认机关"></label>
    <label>年度<input name="year" type="number" min="1990" max="2100" required></label>
    <label>截至（可选，北京时间）<input name="asOf" type="datetime-local" step="1"></label>
    <button type="submit">查看</button>
  </form>
</header>
<div id="status" class="status" data-testid="status">正在检查登录状态…</div>
<div id="calendar-warning" class="status error" data-testid="calendar-warning" role="alert" hidden></div>
<main id="region-view" data-testid="region-view" hidden>
  <section class="wide refusal" id="region-refusal" data-testid="region-refusal" role="alert" hidden></section>
  <section class="wide" data-region-part>
    <h2>地区汇总 <span class="muted" id="region-caption"></span></h2>
    <p class="muted">各项数量为所辖机关之和；比率由合计的分子和分母重新计算（不是各机关百分比的平均）。</p>
    <table data-testid="region-figures"><thead><tr><th>指标</th><th class="th-year">本年</th><th class="th-previous">上年</th><th>变化</th></tr></thead><tbody id="region-figures-body"></tbody></table>
  </section>
  <section class="wide" data-region-part>
    <h2>所辖机关 <span class="muted" id="region-agencies-caption"></span></h2>
    <table data-testid="region-agencies"><thead><tr><th>机关</th><th>所属地区</th><th>收到申请</th><th>作出决定</th><th>不予许可</th><th>年末在办</th><th>超期办结</th><th>投诉举报</th><th>按时办结率（排名）</th><th>公示率（排名）</th><th>满意度（排名）</th><th>全程网办率（排名）</th><th>标记</th></tr></thead><tbody id="region-agencies-body"></tbody><tfoot id="region-agencies-total"></tfoot></table>
  </section>
</main>
<main id="agency-view">
  <section class="wide">
    <h2>年度数字 <span class="muted" id="figures-caption"></span></h2>
    <table data-testid="figures"><thead><tr><th>指标</th><th class="th-year">本年</th><th class="th-previous">上年</th><th>变化</th></tr></thead><tbody id="figures-body"></tbody></table>
  </section>
  <section class="chart"><h2>每月收到申请（按部门）</h2><div id="chart-applications" data-testid="chart-applications"></div></section>
  <section class="chart"><h2>每月作出决定（按部门）</h2><div id="chart-decisions" data-testid="chart-decisions"></div></section>
  <section><h2>各部门</h2><table data-testid="departments"><thead><tr><th>部门</th><th>事项</th><th>收到申请</th><th>作出决定</th><th>不予许可</th><th>按时办结率</th></tr></thead><tbody id="departments-body"></tbody></table></section>
  <section><h2>审计发现 <label style="display:inline-flex;flex-direction:row;gap:4px;font-size:12px"><input type="checkbox" id="findings-english" style="min-width:0"> English</label></h2><div id="audit" data-testid="audit"></div></section>
  <section><h2>不予许可决定</h2><ul id="denials" data-testid="denials"></ul></section>
  <section class="wide" data-needs="replay" hidden>
    <h2>回放申请</h2>
    <form id="replay-form"><label>申请编号<input name="applicationId" placeholder="如 jm-demo-2020-000001"></label><button type="submit" class="secondary">回放</button></form>
    <div id="replay" data-testid="replay"></div>
  </section>
  <section class="wide">
    <h2>年度报告</h2>
    <p id="report-status" data-testid="report-status"></p>
    <p id="report-links" data-testid="report-links"></p>
  </section>
  <section data-needs="projections" hidden>
    <h2>投影状态</h2>
    <div id="projections" data-testid="projections"></div>
  </section>
  <section>
    <h2>防篡改状态</h2>
    <div id="integrity" data-testid="integrity"></div>
  </section>
</main>
<script type="module" src="/ui/dashboard.js"></script>
</body>
</html>
`;
