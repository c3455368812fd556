/**
 * Order statistics matching numpy: linear-interpolation quantiles (`np.quantile` default method) and the
 * median. Browser-safe.
 */
import type { Vec } from './validate.js';

/** A sorted (ascending) Float64Array copy. */
export function sortedCopy(v: Vec): Float64Array {
  return Float64Array.from(v).sort();
}

/**
 * The q-quantile (0 <= q <= 1) of ascending `sorted`, numpy's default "linear" method, including numpy's
 * two-sided interpolation formula so results agree to the last bit.
 */
export function quantileSorted(sorted: Vec, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const vi = (n - 1) * q;
  if (vi >= n - 1) return sorted[n - 1]!;
  if (vi < 0) return sorted[0]!;
  const prev = Math.floor(vi);
  const gamma = vi - prev;
  const a = sorted[prev]!;
  const b = sorted[prev + 1]!;
  const d = b - a;
  return gamma >= 0.5 ? b - d * (1 - gamma) : a + d * gamma;
}

/** Median like `np.median`: the mean of the two middle values for an even count. */
export function medianSorted(sorted: Vec): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}
