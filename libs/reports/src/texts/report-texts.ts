import { ValidationError } from '@ledger/domain';

/**
 * Sections 二 (存在问题和困难) and 三 (下一步工作措施及有关建议) of the yearly report are
 * written by staff, not derived from events; so are the signing agency's name and the date.
 * Supplied texts are facts like any other: recorded as events, never edited, the latest wins.
 */
export interface ReportTexts {
  /** 二、存在问题和困难: paragraphs separated by blank lines or line breaks. */
  readonly problems?: string;
  /** 三、下一步工作措施及有关建议. */
  readonly measures?: string;
  /** The agency as it signs (e.g. 江门市公安局); also names it in the title. */
  readonly signatory?: string;
  /** Date of signature, `YYYY-MM-DD` (the seed: 2021-03-30). */
  readonly date?: string;
}

export const REPORT_TEXTS_SUPPLIED = 'ReportTextsSupplied.v1';

/** The persisted event (type string is a contract; a schema change gets a new version). */
export interface ReportTextsSupplied {
  readonly type: typeof REPORT_TEXTS_SUPPLIED;
  readonly data: { readonly year: number } & ReportTexts;
  readonly at: string;
}

/** One stream per agency and report year. */
export const reportStreamId = (agency: string, year: number) => `report-${agency}.${year}`;

const MAX_TEXT = 50_000;
const FIELDS = ['problems', 'measures', 'signatory', 'date'] as const;

/**
 * Checks texts from the API or a file: known fields only, strings, sane sizes, a real date.
 * Blank strings count as absent, so the report shows a placeholder rather than an empty section.
 */
export function parseReportTexts(input: unknown, where = 'texts'): ReportTexts {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError(
      'REPORT.TEXTS_INVALID',
      `${where} must be a JSON object with problems, measures, signatory and date`,
      where,
    );
  }
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new ValidationError(
      'REPORT.TEXTS_UNKNOWN_FIELD',
      `${where} has unknown fields: ${unknown.join(', ')} (known: ${FIELDS.join(', ')})`,
      unknown[0],
    );
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string')
      throw new ValidationError('REPORT.TEXTS_INVALID', `${field} must be a string`, field);
    const trimmed = value.replace(/\r\n?/g, '\n').trim();
    if (trimmed === '') continue;
    const limit = field === 'signatory' ? 200 : field === 'date' ? 10 : MAX_TEXT;
    if (trimmed.length > limit)
      throw new ValidationError('REPORT.TEXTS_TOO_LONG', `${field} is longer than ${limit} characters`, field);
    out[field] = trimmed;
  }
  if (out.date !== undefined && !isRealDate(out.date)) {
    throw new ValidationError(
      'REPORT.TEXTS_DATE',
      `date must be a real date YYYY-MM-DD, e.g. 2021-03-30, got "${out.date}"`,
      'date',
    );
  }
  return out;
}

function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Texts read from a file given to the CLI (`--texts texts.json`). */
export function parseReportTextsFile(content: string, file: string): ReportTexts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ValidationError('REPORT.TEXTS_FILE', `${file} is not valid JSON: ${(error as Error).message}`, 'texts');
  }
  return parseReportTexts(parsed, file);
}

/** Later texts override earlier ones field by field, so staff may supply section 二 and 三 separately. */
export function mergeTexts(...layers: readonly (ReportTexts | undefined)[]): ReportTexts {
  const out: Record<string, string> = {};
  for (const layer of layers) for (const field of FIELDS) if (layer?.[field] !== undefined) out[field] = layer[field]!;
  return out;
}
