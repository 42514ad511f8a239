import { agencyLabel } from '@ledger/ledger/config/agency-names';
import { CJK_SANS, CJK_SERIF, escapeHtml } from '../render/html.renderer';
import type { Trail, TrailEntry } from './trail.model';

/** An instant as local wall time in the agency's zone: 2020-03-02 09:00:00. */
export function localTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(new Date(ms))
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const INCLUSION: Record<TrailEntry['inclusion'], string> = {
  verified: '已验证包含于检查点',
  'not-covered': '记录于检查点之后，未覆盖',
  unchecked: '未验证',
};
const SUBJECT: Record<Trail['subject']['kind'], string> = { application: '行政许可申请', complaint: '投诉举报' };

const STYLE = `
  @page { size: A4; margin: 20mm 16mm 18mm 16mm; }
  html { font-family: ${CJK_SERIF}; font-size: 11px; line-height: 1.6; color: #111; }
  h1 { font-family: ${CJK_SANS}; font-size: 18px; text-align: center; margin: 0 0 4px; }
  .sub { text-align: center; color: #374151; margin-bottom: 14px; }
  dl { display: grid; grid-template-columns: 8em 1fr; gap: 2px 8px; margin: 0 0 12px; }
  dt { font-family: ${CJK_SANS}; color: #374151; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #9ca3af; padding: 4px 5px; vertical-align: top; text-align: left; }
  th { font-family: ${CJK_SANS}; background: #f3f4f6; }
  tr { page-break-inside: avoid; }
  .mono { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 9px; word-break: break-all; }
  h2 { font-family: ${CJK_SANS}; font-size: 13px; margin: 16px 0 6px; }
  pre { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 9px; background: #f9fafb; border: 1px solid #e5e7eb; padding: 6px; white-space: pre-wrap; word-break: break-all; }
  .warning { color: #b91c1c; font-weight: bold; }
  p { margin: 4px 0; }
`;

/**
 * 记录人: on whose behalf, and (when the ledger kept it and it differs) the credential that
 * recorded it: "recorded by …, on behalf of …".
 */
function authorshipHtml(e: Pick<TrailEntry, 'actor' | 'principal'>): string {
  if (!e.principal || e.principal === e.actor) return escapeHtml(e.actor);
  return `${escapeHtml(e.actor)}<br><span class="mono" data-principal>经 ${escapeHtml(e.principal)} 记录</span>`;
}

/** The printable trail (HTML, printed to PDF by headless Chromium). */
export function renderTrailHtml(trail: Trail): string {
  const tz = trail.timeZone;
  const rows = trail.entries
    .map(
      (e, i) => `<tr data-revision="${e.revision}">
<td>${i + 1}</td>
<td><strong>${escapeHtml(e.label)}</strong><br><span class="mono">${escapeHtml(e.type)}</span><br>${escapeHtml(e.details)}</td>
<td>业务：${escapeHtml(localTime(e.businessTime, tz))}<br>记账：${escapeHtml(localTime(e.ledgerTime, tz))}</td>
<td>${authorshipHtml(e)}</td>
<td><span class="mono">${escapeHtml(e.leafHash || '—')}</span><br>叶序号 ${e.leafIndex ?? '—'}；位置 ${escapeHtml(e.position)}<br>${escapeHtml(INCLUSION[e.inclusion])}</td>
</tr>`,
    )
    .join('\n');
  const c = trail.checkpoint;
  const closing = c
    ? `<h2>检查点</h2>
<p>以上 ${trail.entries.filter((e) => e.inclusion === 'verified').length} 个事件已逐一验证包含于下列签名检查点（默克尔树，RFC 9162）：</p>
<dl><dt>检查点编号</dt><dd>#${c.id}</dd><dt>树大小</dt><dd>${c.treeSize}</dd><dt>根哈希</dt><dd class="mono">${escapeHtml(c.rootHash)}</dd><dt>签名时间</dt><dd>${escapeHtml(localTime(c.signedAt, tz))}（${escapeHtml(c.signedAt)}）</dd></dl>
<p>签名检查点原文（C2SP signed note）：</p>
<pre>${escapeHtml(c.note)}</pre>`
    : `<h2>检查点</h2><p class="warning">${escapeHtml(trail.integrityNote ?? '没有检查点。')}</p>`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(SUBJECT[trail.subject.kind])} ${escapeHtml(trail.subject.id)} 事件记录</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(SUBJECT[trail.subject.kind])}事件记录</h1>
<div class="sub">${escapeHtml(trail.subject.kind === 'application' ? '申请编号' : '投诉编号')} ${escapeHtml(trail.subject.id)}</div>
<dl>
<dt>机关</dt><dd>${escapeHtml(agencyLabel(trail.agency, trail.agencyName))}</dd>
<dt>事件流</dt><dd class="mono">${escapeHtml(trail.subject.streamId)}</dd>
<dt>事件数</dt><dd>${trail.entries.length}</dd>
<dt>打印时间</dt><dd>${escapeHtml(localTime(trail.generatedAt, tz))}（${escapeHtml(tz)}）</dd>
<dt>用途</dt><dd>${escapeHtml(trail.purpose)}</dd>
</dl>
${trail.integrityNote && c ? `<p class="warning">${escapeHtml(trail.integrityNote)}</p>` : ''}
<table>
<thead><tr><th>序号</th><th>事件</th><th>时间（${escapeHtml(tz)}）</th><th>记录人</th><th>叶哈希（SHA-256，base64）</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${closing}
<h2>验证方法</h2>
<p>每个事件的叶哈希为 SHA-256(0x00 ‖ 事件按 RFC 8785 规范化的 JSON)，事件内容以账本存储原样为准（个人信息为加密形式，本文件不予打印）。同一事件、叶哈希、包含证明和检查点见可验证导出（ledger export），可用 ledger verify-export 或任何 RFC 9162 实现独立核验，无需信任本账本。</p>
</body>
</html>
`;
}
