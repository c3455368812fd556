/**
 * The cumulative true/false positive counts at each distinct score threshold, highest threshold first:
 * scikit-learn's `_binary_clf_curve`, the basis of ROC and precision-recall curves. Browser-safe.
 */
import { expectInput } from '../../errors.js';
import { checkFinite, checkWeights, type Vec, type Weights } from './validate.js';

export interface ClfCurve {
  /** (Weighted) false positives with score >= thresholds[i]. */
  fps: Float64Array;
  /** (Weighted) true positives with score >= thresholds[i]. */
  tps: Float64Array;
  /** Distinct scores, decreasing. */
  thresholds: Float64Array;
}

/**
 * `positive[i]` tells whether row i is of the positive class. Rows of zero weight are dropped first, as
 * sklearn does. Ties share one threshold, so tied scores count as half right in the AUC.
 */
export function binaryClfCurve(
  positive: ArrayLike<boolean | number>,
  score: Vec,
  weights?: Weights,
): ClfCurve {
  const n = score.length;
  expectInput(positive.length === n, `y_true has ${positive.length} rows but the scores have ${n}`);
  checkFinite(score, 'score');
  checkWeights(weights, n);
  // Distinct scores by a native numeric sort (much faster than sorting row indices with a comparator),
  // then each row's weight is added to its score's bucket found by binary search.
  let m = 0;
  const kept = new Float64Array(n);
  for (let i = 0; i < n; i++) if (weights == null || weights[i]! !== 0) kept[m++] = score[i]!;
  const sorted = kept.subarray(0, m).sort();
  let distinct = 0;
  for (let j = 0; j < m; j++) if (j === 0 || sorted[j]! !== sorted[j - 1]!) sorted[distinct++] = sorted[j]!;
  const asc = sorted.subarray(0, distinct);
  const posW = new Float64Array(distinct);
  const negW = new Float64Array(distinct);
  for (let i = 0; i < n; i++) {
    const w = weights == null ? 1 : weights[i]!;
    if (w === 0) continue;
    const s = score[i]!;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (asc[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    if (positive[i]) posW[lo]! += w;
    else negW[lo]! += w;
  }
  const fps = new Float64Array(distinct);
  const tps = new Float64Array(distinct);
  const thresholds = new Float64Array(distinct);
  let tp = 0;
  let fp = 0;
  for (let t = 0; t < distinct; t++) {
    const b = distinct - 1 - t;
    tp += posW[b]!;
    fp += negW[b]!;
    tps[t] = tp;
    fps[t] = fp;
    thresholds[t] = asc[b]!;
  }
  return { fps, tps, thresholds };
}

/** Area under a curve by the trapezoidal rule (x monotonic), like sklearn `auc`. */
export function trapezoid(x: Vec, y: Vec): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}
