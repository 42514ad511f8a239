/** Small numeric helpers shared by the benchmark and its children. */

/** The q-quantile (0..1) of already sorted values, nearest-rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** Summarises latencies in milliseconds (the array is sorted in place). */
export function summariseLatencies(latenciesMs: Float64Array | number[]): LatencySummary {
  const sorted = latenciesMs instanceof Float64Array ? latenciesMs.sort() : Float64Array.from(latenciesMs).sort();
  let total = 0;
  for (const v of sorted) total += v;
  return {
    count: sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    meanMs: sorted.length ? total / sorted.length : Number.NaN,
  };
}

/** A growable Float64Array for millions of latency samples without boxing. */
export class Samples {
  private values = new Float64Array(1 << 16);
  private size = 0;

  push(value: number): void {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  summary(): LatencySummary {
    return summariseLatencies(this.values.slice(0, this.size));
  }
}

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
