/**
 * Orders global positions as the stores write them: `"<commit>"` (SQLite) or
 * `"<commit>/<prepare>"` (KurrentDB), in decimal, possibly beyond 2^53.
 */
function compareDecimal(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  const x = i === 0 ? a : a.slice(i);
  const y = j === 0 ? b : b.slice(j);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Negative if `a` comes before `b` in the store's global order, positive if after, 0 if equal. */
export function comparePositions(a: string, b: string): number {
  const slashA = a.indexOf('/');
  const slashB = b.indexOf('/');
  const commitA = slashA < 0 ? a : a.slice(0, slashA);
  const commitB = slashB < 0 ? b : b.slice(0, slashB);
  const byCommit = compareDecimal(commitA, commitB);
  if (byCommit !== 0) return byCommit;
  return compareDecimal(slashA < 0 ? commitA : a.slice(slashA + 1), slashB < 0 ? commitB : b.slice(slashB + 1));
}

/** The later of two positions; `null` stands for "none yet". */
export function laterPosition(a: string | null, b: string): string {
  return a === null || comparePositions(b, a) > 0 ? b : a;
}
