/**
 * Mergeable sketches: a KMV distinct-count sketch (the k smallest value hashes) and quantiles merged through
 * the mixture of the parts' cumulative distributions.
 */
import type { ColumnProfile, Histogram } from './types.js';
import { KMV_K, PERCENTILE_P } from './types.js';

/** Scale a 64-bit hash to [0, 1). */
export const HASH_SCALE = 2 ** 64;

/** Union of two KMV sketches, keeping the k smallest. */
export function mergeKmv(a: number[], b: number[], k = KMV_K): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (out.length < k && (i < a.length || j < b.length)) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

/** Distinct-count estimate from a KMV sketch: exact when it holds fewer than k hashes. */
export function kmvEstimate(sketch: number[], k = KMV_K): { distinct: number; exact: boolean } {
  if (sketch.length < k) return { distinct: sketch.length, exact: true };
  return { distinct: Math.round((k - 1) / sketch[k - 1]!), exact: false };
}

/** Points (x, F(x)) of a part's cumulative distribution: its percentiles and histogram edges. */
function cdfPoints(c: ColumnProfile): [number, number][] {
  const n = c.count - c.nulls;
  if (n === 0 || c.min === null || c.max === null) return [];
  const pts: [number, number][] = [[c.min, 0]];
  if (c.percentiles) {
    for (const [i, x] of c.percentiles.entries()) pts.push([x, PERCENTILE_P[i]!]);
  }
  const h: Histogram | null = c.histogram;
  if (h) {
    let cum = 0;
    h.counts.forEach((k, i) => {
      const edge = h.start + i * h.width;
      if (edge > c.min! && edge < c.max!) pts.push([edge, cum / n]);
      cum += k;
    });
  }
  pts.push([c.max, 1]);
  pts.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  // Sketch points come from different summaries; keep F non-decreasing.
  for (let i = 1; i < pts.length; i++) if (pts[i]![1] < pts[i - 1]![1]) pts[i]![1] = pts[i - 1]![1];
  return pts;
}

/** Piecewise-linear F(x) through the points; right-continuous at jumps. */
function cdfAt(pts: [number, number][], x: number): number {
  if (pts.length === 0 || x < pts[0]![0]) return 0;
  if (x >= pts[pts.length - 1]![0]) return 1;
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pts[mid]![0] <= x) lo = mid;
    else hi = mid;
  }
  const [x0, f0] = pts[lo]!;
  const [x1, f1] = pts[hi]!;
  return x1 === x0 ? f1 : f0 + ((f1 - f0) * (x - x0)) / (x1 - x0);
}

/** Percentiles of the union of two parts, found by bisection on the count-weighted mixture of their CDFs. */
export function mergePercentiles(
  a: ColumnProfile,
  b: ColumnProfile,
  p: number[] = PERCENTILE_P,
): number[] | null {
  const na = a.count - a.nulls;
  const nb = b.count - b.nulls;
  if (na + nb === 0) return null;
  const pa = cdfPoints(a);
  const pb = cdfPoints(b);
  const integer = a.type === 'integer' || a.type === 'boolean';
  const F = (x: number) => (na * cdfAt(pa, x) + nb * cdfAt(pb, x)) / (na + nb);
  const lo0 = Math.min(a.min ?? Number.POSITIVE_INFINITY, b.min ?? Number.POSITIVE_INFINITY);
  const hi0 = Math.max(a.max ?? Number.NEGATIVE_INFINITY, b.max ?? Number.NEGATIVE_INFINITY);
  // Values the parts are known to hold (point masses such as a spike of zeros sit exactly there).
  const known = [...new Set([...pa, ...pb].map((pt) => pt[0]))].sort((x, y) => x - y);
  const tol = 1e-9 * Math.max(1, Math.abs(lo0), Math.abs(hi0));
  const values = p.map((q) => {
    if (F(lo0) >= q) return lo0;
    let lo = lo0;
    let hi = hi0;
    for (let it = 0; it < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); it++) {
      const mid = (lo + hi) / 2;
      if (F(mid) >= q) hi = mid;
      else lo = mid;
    }
    const snap = known.find((x) => Math.abs(x - hi) <= tol);
    if (snap !== undefined) return snap;
    // Integer values sit at the left edge of their unit bin: the mass reached inside [k, k + 1) is k's.
    return integer ? Math.floor(hi + tol) : hi;
  });
  return values;
}
