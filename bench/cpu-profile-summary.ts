/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the top frames by self time, and
 * by total (inclusive) time, with their share of the samples. Used by the benchmark for the
 * profiles of missed targets; also runnable alone: `node -r @swc-node/register bench/cpu-profile-summary.ts <file>`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface FrameShare {
  readonly frame: string;
  readonly selfPercent: number;
  readonly totalPercent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly seconds: number;
  /** Share of samples in which the thread was idle (waiting for I/O, timers, fsync in a worker…). */
  readonly idlePercent: number;
  readonly bySelf: readonly FrameShare[];
  readonly byTotal: readonly FrameShare[];
  /** Self time grouped by where the code lives (see {@link categoryOf}). */
  readonly byCategory: readonly { readonly category: string; readonly percent: number }[];
}

/**
 * Where a frame's self time belongs. Native work is charged to the JS frame that called it:
 * SQLite's (better-sqlite3's `run`, `all`, `get`…, including the fsync of a COMMIT) is named
 * after the code that issued the statement (`callers` walks up the stack), hashing goes to
 * node:crypto, and JSON.parse (a builtin) to the function that called it.
 */
export function categoryOf(
  node: { callFrame: { functionName: string; url: string } },
  callers: () => Iterable<{ callFrame: { functionName: string; url: string } }> = () => [],
): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(idle)') return 'idle (waiting: I/O, timers)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 / native (unattributed)';
  if (!url) {
    if (/^(all|get|run|iterate|raw|pluck|prepare|exec|pragma)$/.test(functionName)) {
      for (const caller of callers()) {
        if (!caller.callFrame.url || caller.callFrame.url.includes('node_modules/better-sqlite3/')) continue;
        // Node's own natives share these names (a crypto job's `run`): those belong to their caller.
        if (caller.callFrame.url.startsWith('node:')) return categoryOf(caller);
        return `SQLite, native (statements of ${categoryOf(caller).replace(/ \(.*\)$/, '')})`;
      }
      return 'SQLite, native';
    }
    if (
      /^(oneShotDigest|digest|update|final|randomFillSync|hkdf|pbkdf2|Hmac|Hash|Cipher.*|Decipher.*)$/.test(
        functionName,
      )
    )
      return 'node:crypto (hashing, AES, HMAC, random)';
    if (/^(parse|stringify)$/.test(functionName)) return 'JSON.parse / JSON.stringify';
    if (functionName.startsWith('RegExp:')) return 'regular expressions';
    if (
      /^(writeUtf8String|writeString|writeBuffer|writeBuffers|write|writev|fsync|fdatasync|close|open)$/.test(
        functionName,
      )
    )
      return 'file and socket writes';
    return `native: ${functionName || '(anonymous)'}`;
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) {
    if (/class-validator|class-transformer/.test(nm[1])) return 'DTO validation (class-validator/-transformer)';
    if (nm[1].startsWith('@nestjs')) return 'NestJS (CQRS bus, DI, HTTP)';
    return `package: ${nm[1]}`;
  }
  if (url.startsWith('node:internal/crypto')) return 'node:crypto (hashing, AES, HMAC, random)';
  if (url.startsWith('node:')) return `node internals (${url.replace(/^node:(internal\/)?/, '').split('/')[0]})`;
  const lib = /\/(libs|apps)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (lib) {
    if (lib[2] === 'event-store' && lib[3] === 'sqlite')
      return 'libs/event-store/sqlite (row mapping, incl. JSON.parse of rows)';
    return `${lib[1]}/${lib[2]}${lib[3] && !lib[3].includes('.') ? `/${lib[3]}` : ''}`;
  }
  if (url.includes('/bench/')) return 'benchmark driver';
  return 'other';
}

function frameName(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  let file = url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) file = file.slice(root.length + 1);
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) file = file.slice(nm + 'node_modules/'.length);
  return `${name} ${file}:${lineNumber + 1}`;
}

export function summariseCpuProfile(file: string, top = 12, root = process.cwd()): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Weight each sample by its time delta (samples are not evenly spaced).
  const selfTime = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
    selfTime.set(samples[i], (selfTime.get(samples[i]) ?? 0) + dt);
    total += dt;
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const categories = new Map<string, number>();
  let idle = 0;
  for (const [id, t] of selfTime) {
    const node = byId.get(id)!;
    const name = frameName(node, root);
    const category = categoryOf(node, function* () {
      for (let cur = parent.get(id); cur !== undefined; cur = parent.get(cur)) yield byId.get(cur)!;
    });
    categories.set(category, (categories.get(category) ?? 0) + t);
    if (node.callFrame.functionName === '(idle)') idle += t;
    self.set(name, (self.get(name) ?? 0) + t);
    // Each distinct frame on the stack gets the sample once (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      const nm = frameName(n, root);
      if (seen.has(nm)) continue;
      seen.add(nm);
      inclusive.set(nm, (inclusive.get(nm) ?? 0) + t);
    }
  }
  const pct = (t: number) => (total > 0 ? Math.round((1000 * t) / total) / 10 : 0);
  const share = (m: Map<string, number>, skip: (name: string) => boolean) =>
    [...m.entries()]
      .filter(([name]) => !skip(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame]) => ({
        frame,
        selfPercent: pct(self.get(frame) ?? 0),
        totalPercent: pct(inclusive.get(frame) ?? 0),
      }));
  const boring = (name: string) =>
    /^\((root|program|idle|garbage collector)\)/.test(name) === false &&
    /^(processTicksAndRejections|listOnTimeout|processImmediate|runMicrotasks|\(anonymous\) node:internal)/.test(name);
  return {
    file,
    seconds: (profile.endTime - profile.startTime) / 1e6,
    idlePercent: pct(idle),
    bySelf: share(self, (n) => n.startsWith('(root)')),
    byTotal: share(
      inclusive,
      (n) => n.startsWith('(root)') || n.startsWith('(program)') || n.startsWith('(idle)') || boring(n),
    ),
    byCategory: [...categories.entries()]
      .filter(([c]) => c !== 'native: (root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([category, t]) => ({ category, percent: pct(t) })),
  };
}

export function formatProfileSummary(summary: ProfileSummary, label: string): string {
  const lines = [
    `Profile of ${label} (${summary.seconds.toFixed(1)} s of the measured part sampled, main thread idle ${summary.idlePercent}%): \`${path.basename(summary.file)}\``,
    '',
  ];
  lines.push("| where the main thread's time went (self time by area) | % |", '|---|---:|');
  for (const c of summary.byCategory) lines.push(`| ${c.category} | ${c.percent} |`);
  lines.push('', '| top frames by self time | self % | total % |', '|---|---:|---:|');
  for (const f of summary.bySelf)
    lines.push(`| \`${f.frame.replace(/\|/g, '\\|')}\` | ${f.selfPercent} | ${f.totalPercent} |`);
  lines.push('', '| top frames by total time | total % | self % |', '|---|---:|---:|');
  for (const f of summary.byTotal)
    lines.push(`| \`${f.frame.replace(/\|/g, '\\|')}\` | ${f.totalPercent} | ${f.selfPercent} |`);
  return lines.join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: cpu-profile-summary <file.cpuprofile> [top]');
    process.exit(1);
  }
  console.log(formatProfileSummary(summariseCpuProfile(file, Number(process.argv[3] ?? 25)), path.basename(file)));
}
