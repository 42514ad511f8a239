/**
 * Sections of a results file that different bench runs write: the growth run (`npm run bench --
 * --growth`) adds its section to bench/results.md without a full run, and a full run that
 * rewrites the file keeps it. A section lies between `<!-- name:start -->` and `<!-- name:end -->`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const start = (name: string) => `<!-- ${name}:start -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

/** The section as stored in `text` (markers included), or undefined. */
export function sectionOf(text: string, name: string): string | undefined {
  const from = text.indexOf(start(name));
  const to = text.indexOf(end(name));
  return from >= 0 && to > from ? text.slice(from, to + end(name).length) : undefined;
}

/** Writes `content` as the section `name` of `file`: in place of the one there, else at the end. */
export function writeSection(file: string, name: string, content: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const section = `${start(name)}\n${content.trim()}\n${end(name)}`;
  const old = sectionOf(text, name);
  const next = old ? text.replace(old, () => section) : `${text.trimEnd()}${text.trim() ? '\n\n' : ''}${section}\n`;
  writeFileSync(file, next);
}

/** `report` with the named sections of the file it replaces appended, so that rewriting it keeps them. */
export function withKeptSections(file: string, report: string, names: readonly string[]): string {
  if (!existsSync(file)) return report;
  const text = readFileSync(file, 'utf8');
  const kept = names.map((name) => sectionOf(text, name)).filter((s): s is string => s !== undefined);
  return kept.length ? `${report.trimEnd()}\n\n${kept.join('\n\n')}\n` : report;
}
