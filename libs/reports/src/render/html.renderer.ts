import type { Paragraph, ReportModel, ReportSection, Run } from '../report/report.model';

export const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * Fonts for Chinese print: Noto Serif/Sans CJK SC (Debian's fonts-noto-cjk) first, then the
 * usual Windows and macOS faces, so the HTML also reads well in a browser without them.
 */
export const CJK_SERIF = `"Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif`;
export const CJK_SANS = `"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif`;

const STYLE = `
  @page { size: A4; margin: 25mm 22mm 22mm 25mm; }
  html { font-family: ${CJK_SERIF}; font-size: 15px; line-height: 1.9; color: #111; }
  body { max-width: 46em; margin: 2em auto; padding: 0 1em; }
  @media print { body { margin: 0; max-width: none; padding: 0; } }
  h1 { font-family: ${CJK_SANS}; font-size: 1.45em; text-align: center; line-height: 1.5; margin: 0 0 1.2em; }
  h2 { font-family: ${CJK_SANS}; font-size: 1.1em; margin: 1.2em 0 0.4em; }
  h3 { font-family: ${CJK_SANS}; font-size: 1em; font-weight: 600; margin: 0.9em 0 0.3em; }
  p { text-indent: 2em; margin: 0.3em 0; text-align: justify; }
  a.figure, a.derived { color: inherit; text-decoration: none; }
  @media screen {
    a.figure { border-bottom: 1px dotted #1d4ed8; }
    a.derived { border-bottom: 1px dotted #9ca3af; }
    a.figure:hover, a.derived:hover { background: #eef2ff; }
  }
  /* A heading never ends a page: it travels with its first paragraph. */
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 2; widows: 2; }
  .placeholder { color: #b91c1c; font-weight: bold; background: #fef2f2; }
  .signature { text-align: right; margin-top: 3em; text-indent: 0; break-inside: avoid; }
  .appendix { font-family: ${CJK_SANS}; font-size: 0.8em; color: #4b5563; margin-top: 3em; border-top: 1px solid #e5e7eb; padding-top: 0.5em; }
  .appendix h2 { font-size: 1em; }
  .appendix p { text-indent: 0; overflow-wrap: anywhere; }
  @media print {
    .placeholder { background: none; }
    /* On paper the appendix is optional (?appendix=true / --appendix): a signed report carries no technical provenance. */
    body:not(.with-appendix) .appendix { display: none; }
    .appendix { break-before: page; border-top: none; color: #111; }
  }
`;

function run(r: Run): string {
  switch (r.kind) {
    case 'text':
      return escapeHtml(r.text);
    case 'figure':
      return `<a class="figure" href="${escapeHtml(r.href)}" data-figure="${escapeHtml(r.figure)}" title="${escapeHtml(r.figure)}">${escapeHtml(r.text)}</a>`;
    case 'derived':
      return `<a class="derived" href="${escapeHtml(r.href)}" data-derived="${escapeHtml(r.from.join(' '))}" title="${escapeHtml(`${r.formula}: ${r.from.join(', ')}`)}">${escapeHtml(r.text)}</a>`;
    case 'placeholder':
      return `<span class="placeholder" data-placeholder>${escapeHtml(r.text)}</span>`;
  }
}

const paragraph = (p: Paragraph, cls = '') => `<p${cls ? ` class="${cls}"` : ''}>${p.runs.map(run).join('')}</p>`;

/**
 * A section's heading is kept on one page with what follows it (its first paragraph, or the
 * first subsection's heading and paragraph): `break-after: avoid` alone is not honoured by
 * every print engine, a block that may not break is.
 */
function section(s: ReportSection, depth: number): string {
  const tag = depth === 0 ? 'h2' : 'h3';
  const heading = `<${tag}>${escapeHtml(s.heading)}</${tag}>`;
  const [first, ...rest] = s.paragraphs;
  if (first) {
    return `<section data-section="${escapeHtml(s.id)}">\n<div class="keep">${heading}\n${paragraph(first)}</div>\n${rest.map((p) => paragraph(p)).join('\n')}\n${s.subsections.map((sub) => section(sub, depth + 1)).join('\n')}</section>`;
  }
  const [sub, ...subs] = s.subsections;
  const firstSub = sub
    ? section(sub, depth + 1).replace('<div class="keep">', `<div class="keep">${heading}\n`)
    : heading;
  return `<section data-section="${escapeHtml(s.id)}">\n${firstSub}\n${subs.map((x) => section(x, depth + 1)).join('\n')}</section>`;
}

export interface HtmlOptions {
  /** Print the appendix (data sources and method) on paper too; on screen it is always shown. */
  readonly printAppendix?: boolean;
}

/**
 * The report as one self-contained HTML page (print-ready: A4, CJK fonts). Every number of
 * section 一 links to the figure it shows: `<a href="/v1/figures/2020?agency=…#decisions.total"
 * data-figure="decisions.total">410053</a>`; year-on-year differences link to the figures they
 * are computed from (`data-derived`).
 */
export function renderHtml(model: ReportModel, options: HtmlOptions = {}): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${STYLE}</style>
</head>
<body${options.printAppendix ? ' class="with-appendix"' : ''} data-agency="${escapeHtml(model.agency)}" data-year="${model.year}"${model.noRecords ? ' data-no-records' : ''}>
<article>
<h1>${escapeHtml(model.title)}</h1>
${paragraph(model.preamble)}
${model.sections.map((s) => section(s, 0)).join('\n')}
<p class="signature">${run(model.signature.agency)}<br>${run(model.signature.date)}</p>
<section class="appendix" data-section="appendix">
<h2>${escapeHtml(model.appendix.heading)}</h2>
${model.appendix.paragraphs.map((p) => paragraph(p)).join('\n')}
</section>
</article>
</body>
</html>
`;
}
