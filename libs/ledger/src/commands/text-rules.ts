import { isWellFormed } from '@ledger/domain';
import type { FieldProblem } from './input-validation';

/**
 * Only text the ledger can canonicalise and print safely gets in. Events are never edited, so a
 * string that breaks RFC 8785 (a lone surrogate) would stop the tamper evidence for good, and a
 * control character in a stored field would reach every terminal that prints it (`ledger stream`
 * clearing the screen, or printing lines that were never recorded).
 *
 * One walk over the parsed JSON, used by every door that takes JSON (the HTTP body parser and the
 * NDJSON import lines), so that a command is judged alike wherever it comes from:
 * - every string, key or value, is well-formed Unicode (no lone UTF-16 surrogate);
 * - free text (the fields named in {@link FREE_TEXT_FIELDS}) holds no control character but tab
 *   and newline; every other string (ids, names, codes, `actor`, keys) holds none at all, nor a
 *   line or paragraph separator, nor a bidirectional embedding, override or isolate, which can make
 *   a printed id read as another (CVE-2021-42574, "Trojan Source");
 * - nesting is at most {@link MAX_JSON_DEPTH} levels;
 * - `__proto__`, `constructor` and `prototype` are refused like any unknown field: JSON.parse keeps
 *   them as plain keys, and the class mapping would otherwise drop them without a word.
 */

export const MAX_JSON_DEPTH = 32;

/** Stop listing after this many: one problem per bad field is useful, ten thousand are not. */
const MAX_PROBLEMS = 20;

/**
 * The fields that hold prose (reasons, findings, measures, staff texts), wherever they appear:
 * the same names mean the same kind of text in every command.
 */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'reason',
  'materials',
  'note',
  'legalBasis',
  'appealRightsNotice',
  'measures',
  'findings',
  'problem',
  'problems',
  'subject',
  'outcome',
  'purpose',
  'requestedChange',
  'compensation',
]);

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** C0 controls but tab (U+0009) and newline (U+000A), DEL, C1 controls. */
const FREE_TEXT_FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** Every control character, line and paragraph separators, bidirectional embeddings, overrides and isolates. */
const LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** Why a single-line value (id, name, code, actor, header) is refused, or undefined when it is fine. */
export function lineTextProblem(value: string): string | undefined {
  if (!isWellFormed(value)) return 'must be well-formed Unicode: it holds a lone UTF-16 surrogate';
  if (LINE_FORBIDDEN.test(value))
    return 'must be one line of text without control characters (no tab, newline, escape, NUL, line separator or bidirectional control)';
  return undefined;
}

/** Why a free-text value is refused, or undefined when it is fine. */
export function freeTextProblem(value: string): string | undefined {
  if (!isWellFormed(value)) return 'must be well-formed Unicode: it holds a lone UTF-16 surrogate';
  if (FREE_TEXT_FORBIDDEN.test(value))
    return 'must not hold control characters other than tab and newline (no escape, NUL or carriage return)';
  return undefined;
}

/**
 * Every problem of a parsed JSON value under the rules above, with dotted field paths
 * (`applicant.name`, `applicationIds.3`); `root` names the whole value.
 */
export function jsonTextProblems(value: unknown, root = '(body)'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  walk(value, '', undefined, 1, problems, root);
  return problems;
}

function walk(
  value: unknown,
  path: string,
  key: string | undefined,
  depth: number,
  problems: FieldProblem[],
  root: string,
): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (typeof value === 'string') {
    const problem = key !== undefined && FREE_TEXT_FIELDS.has(key) ? freeTextProblem(value) : lineTextProblem(value);
    if (problem) problems.push({ field: path || root, message: problem });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_JSON_DEPTH) {
    problems.push({
      field: path || root,
      message: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, join(path, String(index)), key, depth + 1, problems, root));
    return;
  }
  for (const name of Object.keys(value)) {
    const field = join(path, name);
    if (FORBIDDEN_KEYS.has(name)) {
      problems.push({ field, message: `unknown field ${field}` });
      continue;
    }
    const keyProblem = lineTextProblem(name);
    if (keyProblem) {
      problems.push({ field, message: `a field name ${keyProblem}` });
      continue;
    }
    walk((value as Record<string, unknown>)[name], field, name, depth + 1, problems, root);
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

/**
 * Stored header values (`Idempotency-Key`, `X-Correlation-Id`, `X-Causation-Id`, an import line's
 * `idempotencyKey`): short printable tokens, stored with every event of the command. Letters of
 * any script are allowed (import keys and the demo's name indicators in Chinese); whitespace and
 * everything {@link lineTextProblem} refuses are not.
 */
export const MAX_HEADER_TOKEN_LENGTH = 200;
const WHITESPACE = /[\s\u0085\u180E\u200B]/;

export function headerTokenProblem(value: string): string | undefined {
  if (
    value.length === 0 ||
    value.length > MAX_HEADER_TOKEN_LENGTH ||
    WHITESPACE.test(value) ||
    lineTextProblem(value) !== undefined
  ) {
    return `must be 1–${MAX_HEADER_TOKEN_LENGTH} printable characters without spaces or control characters (it is stored with every event of the command)`;
  }
  return undefined;
}
