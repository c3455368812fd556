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
  let m = 0;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (weights == null || weights[i]! !== 0) idx[m++] = i;
  const order = idx.subarray(0, m).sort((a, b) => score[b]! - score[a]!);

  let distinct = 0;
  for (let j = 0; j < m; j++) if (j === m - 1 || score[order[j]!]! !== score[order[j + 1]!]!) distinct++;
  const fps = new Float64Array(distinct);
  const tps = new Float64Array(distinct);
  const thresholds = new Float64Array(distinct);
  let tp = 0;
  let fp = 0;
  let t = 0;
  for (let j = 0; j < m; j++) {
    const i = order[j]!;
    const w = weights == null ? 1 : weights[i]!;
    if (positive[i]) tp += w;
    else fp += w;
    if (j === m - 1 || score[i]! !== score[order[j + 1]!]!) {
      fps[t] = fp;
      tps[t] = tp;
      thresholds[t] = score[i]!;
      t++;
    }
  }
  return { fps, tps, thresholds };
}

/** Area under a curve by the trapezoidal rule (x monotonic), like sklearn `auc`. */
export function trapezoid(x: Vec, y: Vec): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}
