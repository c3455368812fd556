/**
 * Probability binning shared by the expected calibration error and the calibration curve, identical to
 * scikit-learn's `calibration_curve`: edges e_j = j * (1/B) (numpy `linspace(0, 1, B + 1)`), and a value p
 * falls in bin b = #{ j in 1..B-1 : e_j < p } (`searchsorted(edges[1:-1], p)`, side left), i.e. bins are
 * [0, e_1], (e_1, e_2], ..., (e_{B-1}, 1]. Browser-safe.
 */
import type { Vec } from './validate.js';

/** B + 1 edges from 0 to 1, bit-identical to numpy `linspace(0, 1, B + 1)`. */
export function uniformEdges(nBins: number): Float64Array {
  const step = 1 / nBins;
  const e = new Float64Array(nBins + 1);
  for (let j = 0; j < nBins; j++) e[j] = j * step;
  e[nBins] = 1;
  return e;
}

/** Index of the first element of ascending `a` that is >= x (numpy `searchsorted` side left). */
export function searchLeft(a: Vec, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bin index (0..B-1) of each value for the given B + 1 edges (interior edges decide). */
export function binIndices(values: Vec, edges: Vec): Int32Array {
  const out = new Int32Array(values.length);
  const hi = edges.length - 1;
  for (let i = 0; i < values.length; i++) out[i] = searchLeft(edges, values[i]!, 1, hi) - 1;
  return out;
}
