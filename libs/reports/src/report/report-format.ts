import { ValidationError } from '@ledger/domain';
import { REPORT_FORMATS, ReportFormat } from './report.service';

const BY_MEDIA_TYPE: Record<string, ReportFormat> = {
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/html': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/json': 'json',
};

/**
 * The output format: `?format=` wins; otherwise the most preferred media type of the Accept
 * header we can produce (q-values respected, ties in header order); Markdown when nothing is said.
 */
export function negotiateFormat(
  format: string | undefined,
  accept: string | undefined,
  fallback: ReportFormat = 'md',
): ReportFormat {
  if (format !== undefined && format !== '') {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new ValidationError(
        'REPORT.FORMAT',
        `format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`,
        'format',
      );
    }
    return format as ReportFormat;
  }
  if (!accept) return fallback;
  const ranges = accept
    .split(',')
    .map((part, order) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const range of ranges) {
    if (BY_MEDIA_TYPE[range.type]) return BY_MEDIA_TYPE[range.type];
    if (range.type === '*/*' || range.type === 'text/*') return fallback;
  }
  return fallback;
}
