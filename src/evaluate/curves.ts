/**
 * Chart data: ROC and precision-recall curves (scikit-learn 1.2.1 `roc_curve`, `precision_recall_curve`)
 * and a binned residual summary for regression. Browser-safe; outputs are plain typed arrays / objects
 * sized for a chart, never one point per input row for the residuals.
 */
import { expectInput } from '../errors.js';
import { binaryClfCurve } from './metrics/binaryCurve.js';
import { quantileSorted, sortedCopy } from './metrics/quantile.js';
import { checkFinite, checkSameLength, type Vec, type Weights } from './metrics/validate.js';

export interface CurveOptions {
  weights?: Weights;
  /** The class index counted as positive (default 1). */
  posLabel?: number;
}

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Decreasing; thresholds[0] = max score + 1 (sklearn 1.2) so the curve starts at (0, 0). */
  thresholds: Float64Array;
}

function positives(yTrue: Vec, posLabel: number): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = yTrue[i] === posLabel ? 1 : 0;
  return out;
}

/**
 * ROC curve with sklearn's `drop_intermediate`: thresholds whose point is collinear with its neighbours are
 * dropped (they never change the area). fpr (tpr) is all NaN when there are no negatives (positives).
 */
export function rocCurve(
  yTrue: Vec,
  score: Vec,
  options: CurveOptions & { dropIntermediate?: boolean } = {},
): RocCurve {
  checkSameLength(yTrue, score, 'scores');
  let { fps, tps, thresholds } = binaryClfCurve(
    positives(yTrue, options.posLabel ?? 1),
    score,
    options.weights,
  );
  expectInput(thresholds.length > 0, 'ROC curve needs at least one row of non-zero weight');
  if ((options.dropIntermediate ?? true) && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const df = fps[i + 1]! - fps[i]! - (fps[i]! - fps[i - 1]!);
      const dt = tps[i + 1]! - tps[i]! - (tps[i]! - tps[i - 1]!);
      if (df !== 0 || dt !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const th = new Float64Array(m);
  const fTotal = fps[m - 2]!;
  const tTotal = tps[m - 2]!;
  th[0] = thresholds[0]! + 1;
  for (let i = 1; i < m; i++) {
    fpr[i] = fTotal > 0 ? fps[i - 1]! / fTotal : Number.NaN;
    tpr[i] = tTotal > 0 ? tps[i - 1]! / tTotal : Number.NaN;
    th[i] = thresholds[i - 1]!;
  }
  if (!(fTotal > 0)) fpr[0] = Number.NaN;
  if (!(tTotal > 0)) tpr[0] = Number.NaN;
  return { fpr, tpr, thresholds: th };
}

export interface PrCurve {
  /** Decreasing-recall order, last point (precision 1, recall 0) appended like sklearn. */
  precision: Float64Array;
  recall: Float64Array;
  /** Increasing; one fewer than precision/recall. */
  thresholds: Float64Array;
}

/** Precision-recall curve like sklearn 1.2.1 (full curve; recall is 1 everywhere when there are no positives). */
export function precisionRecallCurve(yTrue: Vec, score: Vec, options: CurveOptions = {}): PrCurve {
  checkSameLength(yTrue, score, 'scores');
  const { fps, tps, thresholds } = binaryClfCurve(
    positives(yTrue, options.posLabel ?? 1),
    score,
    options.weights,
  );
  const m = tps.length;
  expectInput(m > 0, 'precision-recall curve needs at least one row of non-zero weight');
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  const tTotal = tps[m - 1]!;
  for (let j = 0; j < m; j++) {
    const i = m - 1 - j;
    const ps = tps[i]! + fps[i]!;
    precision[j] = ps !== 0 ? tps[i]! / ps : 0;
    recall[j] = tTotal === 0 ? 1 : tps[i]! / tTotal;
    th[j] = thresholds[i]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}

export interface ResidualBin {
  /** Rows in the bin. */
  count: number;
  predMin: number;
  predMax: number;
  predMean: number;
  trueMean: number;
  /** Residual = y_true - y_pred. */
  residualMean: number;
  residualStd: number;
  residualP10: number;
  residualP25: number;
  residualMedian: number;
  residualP75: number;
  residualP90: number;
}

export interface ResidualSummary {
  count: number;
  residualMean: number;
  residualStd: number;
  /** Residual quantiles 0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1 (numpy linear interpolation). */
  quantiles: { q: number; value: number }[];
  /** Equal-count bins along the prediction (at most maxBins; ties in predictions never split a bin). */
  bins: ResidualBin[];
  /** Histogram of residuals on equal-width bins: edges has histBins + 1 values. */
  histogram: { edges: number[]; counts: number[] };
}

const SUMMARY_QUANTILES = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];

function meanStd(v: Float64Array): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const mean = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(ss / v.length) };
}

/**
 * Residuals vs predictions for a chart: rows sorted by prediction and cut into at most `maxBins` (default 200)
 * bins of about equal count; each bin reports prediction range and mean, true mean, and residual mean, std
 * and quantiles. Also overall residual quantiles and a residual histogram (`histBins`, default 50).
 * Output size depends only on the bin counts, never on the number of rows.
 */
export function residualSummary(
  yTrue: Vec,
  yPred: Vec,
  options: { maxBins?: number; histBins?: number } = {},
): ResidualSummary {
  checkSameLength(yTrue, yPred);
  checkFinite(yTrue, 'y_true');
  checkFinite(yPred, 'y_pred');
  const n = yTrue.length;
  expectInput(n > 0, 'residual summary needs at least one row');
  const maxBins = Math.max(1, Math.floor(options.maxBins ?? 200));
  const histBins = Math.max(1, Math.floor(options.histBins ?? 50));
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) resid[i] = yTrue[i]! - yPred[i]!;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => yPred[a]! - yPred[b]! || a - b);

  const bins: ResidualBin[] = [];
  const target = n / Math.min(maxBins, n);
  let start = 0;
  while (start < n) {
    let end = Math.min(n, Math.max(start + 1, Math.round((bins.length + 1) * target)));
    // keep equal predictions together
    while (end < n && yPred[order[end]!]! === yPred[order[end - 1]!]!) end++;
    const r = new Float64Array(end - start);
    let sp = 0;
    let st = 0;
    for (let j = start; j < end; j++) {
      const i = order[j]!;
      r[j - start] = resid[i]!;
      sp += yPred[i]!;
      st += yTrue[i]!;
    }
    const { mean, std } = meanStd(r);
    const sr = sortedCopy(r);
    bins.push({
      count: end - start,
      predMin: yPred[order[start]!]!,
      predMax: yPred[order[end - 1]!]!,
      predMean: sp / (end - start),
      trueMean: st / (end - start),
      residualMean: mean,
      residualStd: std,
      residualP10: quantileSorted(sr, 0.1),
      residualP25: quantileSorted(sr, 0.25),
      residualMedian: quantileSorted(sr, 0.5),
      residualP75: quantileSorted(sr, 0.75),
      residualP90: quantileSorted(sr, 0.9),
    });
    start = end;
  }

  const sorted = sortedCopy(resid);
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  const width = hi > lo ? (hi - lo) / histBins : 1;
  const edges = Array.from({ length: histBins + 1 }, (_, j) =>
    j === histBins && hi > lo ? hi : lo + j * width,
  );
  const counts = new Array<number>(histBins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(histBins - 1, Math.floor((resid[i]! - lo) / width));
    counts[b]!++;
  }
  const { mean, std } = meanStd(resid);
  return {
    count: n,
    residualMean: mean,
    residualStd: std,
    quantiles: SUMMARY_QUANTILES.map((q) => ({ q, value: quantileSorted(sorted, q) })),
    bins,
    histogram: { edges, counts },
  };
}

/**
 * Indices of at most about `maxPoints` (default 500) points of a curve, for charts of curves with very many
 * thresholds (a ROC curve of a million distinct scores). Walks the polyline and keeps a point once it is at
 * least 1/maxPoints of the total path length (in the unit-scaled plane) away from the last kept one; the
 * first and last points are always kept. The kept indices also select the matching thresholds.
 */
export function thinCurve(x: Vec, y: Vec, maxPoints = 500): Int32Array {
  const n = x.length;
  expectInput(y.length === n, `curve has ${n} x values but ${y.length} y values`);
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i);
  const span = (v: Vec) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (v[i]! < lo) lo = v[i]!;
      if (v[i]! > hi) hi = v[i]!;
    }
    return hi > lo ? hi - lo : 1;
  };
  const sx = span(x);
  const sy = span(y);
  let total = 0;
  for (let i = 1; i < n; i++) total += Math.hypot((x[i]! - x[i - 1]!) / sx, (y[i]! - y[i - 1]!) / sy);
  const step = total / Math.max(1, maxPoints - 1);
  const keep: number[] = [0];
  let last = 0;
  for (let i = 1; i < n - 1; i++) {
    const d = Math.hypot((x[i]! - x[last]!) / sx, (y[i]! - y[last]!) / sy);
    if (d >= step) {
      keep.push(i);
      last = i;
    }
  }
  keep.push(n - 1);
  return Int32Array.from(keep);
}
