/**
 * Regression metrics, each matching scikit-learn 1.2.1 (single output), with optional sample weights
 * where sklearn takes them. Browser-safe.
 */
import { expectInput } from '../../errors.js';
import { medianSorted, sortedCopy } from './quantile.js';
import {
  checkFinite,
  checkSameLength,
  checkWeights,
  type Vec,
  type Weights,
  weightedMean,
} from './validate.js';

function check(yTrue: Vec, yPred: Vec, weights?: Weights): void {
  checkSameLength(yTrue, yPred);
  expectInput(yTrue.length > 0, 'no rows to score');
  checkFinite(yTrue, 'y_true');
  checkFinite(yPred, 'y_pred');
  checkWeights(weights, yTrue.length);
}

function map(yTrue: Vec, yPred: Vec, f: (t: number, p: number) => number): Float64Array {
  const out = new Float64Array(yTrue.length);
  for (let i = 0; i < out.length; i++) out[i] = f(yTrue[i]!, yPred[i]!);
  return out;
}

/** Mean absolute error. sklearn `mean_absolute_error`. */
export function meanAbsoluteError(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  check(yTrue, yPred, weights);
  return weightedMean(
    map(yTrue, yPred, (t, p) => Math.abs(t - p)),
    weights,
  );
}

/** Mean squared error. sklearn `mean_squared_error`. */
export function meanSquaredError(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  check(yTrue, yPred, weights);
  return weightedMean(
    map(yTrue, yPred, (t, p) => (t - p) ** 2),
    weights,
  );
}

/** Root mean squared error: sqrt of the (weighted) MSE, sklearn `mean_squared_error(squared=False)`. */
export function rootMeanSquaredError(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred, weights));
}

/** float64 machine epsilon, sklearn's floor on |y_true| in MAPE. */
const EPS = 2.220446049250313e-16;

/**
 * Mean absolute percentage error as a fraction (not %): mean of |y - p| / max(|y|, eps), eps = 2.22e-16,
 * so a zero target gives a huge but finite term, like sklearn `mean_absolute_percentage_error`.
 */
export function meanAbsolutePercentageError(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  check(yTrue, yPred, weights);
  return weightedMean(
    map(yTrue, yPred, (t, p) => Math.abs(p - t) / Math.max(Math.abs(t), EPS)),
    weights,
  );
}

/**
 * sklearn's `_weighted_percentile`: the smallest sorted value whose cumulative weight reaches
 * percentile/100 of the total (a lower weighted percentile, no interpolation).
 */
export function weightedPercentile(values: Vec, weights: Vec, percentile: number): number {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  const cdf = new Float64Array(n);
  let s = 0;
  for (let j = 0; j < n; j++) {
    s += weights[order[j]!]!;
    cdf[j] = s;
  }
  let target = (percentile / 100) * s;
  if (target === 0) target = Number.MIN_VALUE; // np.nextafter(0, 1): skip leading zero weights
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return values[order[Math.min(lo, n - 1)]!]!;
}

/** Median absolute error; weighted via sklearn's lower weighted percentile. sklearn `median_absolute_error`. */
export function medianAbsoluteError(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  check(yTrue, yPred, weights);
  const abs = map(yTrue, yPred, (t, p) => Math.abs(t - p));
  if (weights == null) return medianSorted(sortedCopy(abs));
  return weightedPercentile(abs, weights, 50);
}

/**
 * Coefficient of determination R^2 = 1 - SS_res / SS_tot (weighted). With constant y_true (SS_tot = 0) it is
 * 1 for a perfect prediction and 0 otherwise (sklearn `r2_score` with force_finite=True).
 */
export function r2(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  check(yTrue, yPred, weights);
  const mean = weightedMean(yTrue, weights);
  let num = 0;
  let den = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights == null ? 1 : weights[i]!;
    num += w * (yTrue[i]! - yPred[i]!) ** 2;
    den += w * (yTrue[i]! - mean) ** 2;
  }
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}

/**
 * Explained variance 1 - Var(y - p) / Var(y) (weighted). Constant y_true: 1 if the residual variance is 0,
 * else 0 (force_finite=True). sklearn `explained_variance_score`.
 */
export function explainedVariance(yTrue: Vec, yPred: Vec, weights?: Weights): number {
  check(yTrue, yPred, weights);
  const diff = map(yTrue, yPred, (t, p) => t - p);
  const diffMean = weightedMean(diff, weights);
  const num = weightedMean(
    diff.map((d) => (d - diffMean) ** 2),
    weights,
  );
  const yMean = weightedMean(yTrue, weights);
  const den = weightedMean(
    Float64Array.from(yTrue, (t) => (t - yMean) ** 2),
    weights,
  );
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}

/** Largest absolute error. sklearn `max_error` (no weights). */
export function maxError(yTrue: Vec, yPred: Vec): number {
  check(yTrue, yPred);
  let m = 0;
  for (let i = 0; i < yTrue.length; i++) m = Math.max(m, Math.abs(yTrue[i]! - yPred[i]!));
  return m;
}
