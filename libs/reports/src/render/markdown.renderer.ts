import type { Paragraph, ReportModel, ReportSection, Run } from '../report/report.model';

/** Characters Markdown would read as markup, escaped so staff texts print as written. */
const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^(#+|[-+] |>)/, '\\$1');

function run(r: Run): string {
  switch (r.kind) {
    case 'text':
    case 'figure':
    case 'derived':
      return escapeMarkdown(r.text);
    case 'placeholder':
      // Bold, so a missing text cannot pass unnoticed in the printed report.
      return `**${escapeMarkdown(r.text)}**`;
  }
}

const paragraph = (p: Paragraph) => p.runs.map(run).join('');

function section(s: ReportSection, depth: number): string[] {
  return [
    `${'#'.repeat(depth)} ${s.heading}`,
    '',
    ...s.paragraphs.flatMap((p) => [paragraph(p), '']),
    ...s.subsections.flatMap((sub) => section(sub, depth + 1)),
  ];
}

/** The report as Markdown (numbers plain; their sources are in the HTML and JSON forms, and in the appendix when asked for). */
export function renderMarkdown(model: ReportModel, options: { readonly appendix?: boolean } = {}): string {
  const lines = [
    `# ${escapeMarkdown(model.title)}`,
    '',
    paragraph(model.preamble),
    '',
    ...model.sections.flatMap((s) => section(s, 2)),
    '---',
    '',
    run(model.signature.agency),
    '',
    run(model.signature.date),
    '',
    ...(options.appendix
      ? [
          `## ${escapeMarkdown(model.appendix.heading)}`,
          '',
          ...model.appendix.paragraphs.flatMap((p) => [paragraph(p), '']),
        ]
      : []),
    `<!-- figures: ${model.source.figuresQuery}; events: ${model.source.basedOn.events}; last position: ${model.source.basedOn.lastPosition ?? 'none'} -->`,
    '',
  ];
  return lines.join('\n');
}
