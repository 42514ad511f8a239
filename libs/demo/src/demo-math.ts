/**
 * Deterministic arithmetic for the demo: a seeded PRNG (never `Math.random`), exact
 * apportionment of a total by weights, and the contract's rounding of rates and averages.
 */

/** mulberry32: small, fast and good enough to spread synthetic times; the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one purpose of one year, so that adding a use of randomness elsewhere changes nothing here. */
export function seedFor(base: number, ...parts: (string | number)[]): number {
  let h = (base ^ 0x811c9dc5) >>> 0;
  for (const ch of parts.join('|')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Splits `total` into whole parts proportional to `weights` (largest remainder, ties to the
 * lower index): the parts always sum to `total` exactly, and weights that already sum to `total`
 * come back unchanged.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w * total) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length].i]++;
  return parts;
}

/**
 * Picks exactly `chosen` of `eligible` candidates met one by one, spread evenly: call with the
 * candidate's rank among the eligible (0-based). Bresenham's line, so the count is exact at any size.
 */
export function isPicked(rank: number, chosen: number, eligible: number): boolean {
  if (chosen <= 0 || eligible <= 0) return false;
  return Math.floor(((rank + 1) * chosen) / eligible) > Math.floor((rank * chosen) / eligible);
}
