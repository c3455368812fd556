/**
 * How well one feature alone predicts the target, cross-validated on fixed folds. The predictor is a
 * binned lookup fitted on the training folds: numeric features cut where a one-feature decision tree
 * (depth 5, so at most 32 bins) splits the training rows, categorical features by level, missing values
 * as a bin of their own (so a missingness pattern
 * that gives the target away counts too). Each bin predicts the training class shares (classification) or
 * mean (regression) of its rows, shrunk towards the overall value by one pseudo-row; levels unseen in
 * training predict the overall value.
 *
 * Scores: ROC AUC of the out-of-fold positive-class share (binary), balanced accuracy of the out-of-fold
 * class (multiclass), R^2 of the out-of-fold prediction (regression). For a numeric feature the score is
 * the better of that and a monotone reading of the raw value: the ROC AUC of the value itself (either
 * direction; binary, when at most 5% of values are missing) or the out-of-fold R^2 of a straight line
 * (regression), which binning would blur for a near copy of the target.
 */
import type { Column } from '../../data/frame.js';
import type { Fold } from '../../data/split.js';
import type { Task } from '../../learners/types.js';
import { argsortPresent, aucOfRanks, type DenseValues, denseValues, ranksOf, rocAucRanks } from './rank.js';

export type SingleFeatureMetric = 'roc_auc' | 'balanced_accuracy' | 'r2';

export interface SingleFeatureScore {
  metric: SingleFeatureMetric;
  /** Best of the binned and (numeric) monotone scores. */
  score: number;
  binned: number;
  monotone: number | null;
  /** Score of predicting without the feature. */
  baseline: number;
}

const MAX_DEPTH = 5;

export function metricFor(task: Task): SingleFeatureMetric {
  return task === 'binary' ? 'roc_auc' : task === 'multiclass' ? 'balanced_accuracy' : 'r2';
}

/**
 * Cut points of a one-feature decision tree grown on the training rows: greedy best splits (Gini for
 * classes, squared error for values) at midpoints between distinct values, at most `MAX_DEPTH` levels
 * (32 leaves), at least `minLeaf` rows a side. Supervised cuts land in the gaps between classes, where
 * quantile bins would straddle them.
 */
function treeCuts(xs: Float64Array, ys: Float64Array, k: number): number[] {
  const n = xs.length;
  const minLeaf = Math.max(5, Math.ceil(n / 100));
  const cuts: number[] = [];
  const left = new Float64Array(Math.max(k, 1));
  const total = new Float64Array(Math.max(k, 1));
  const grow = (lo: number, hi: number, depth: number) => {
    const size = hi - lo;
    if (depth >= MAX_DEPTH || size < 2 * minLeaf) return;
    let best = -1;
    let bestGain = 1e-12;
    if (k > 0) {
      total.fill(0);
      left.fill(0);
      let sqT = 0;
      for (let i = lo; i < hi; i++) total[ys[i]!]++;
      for (let c = 0; c < k; c++) sqT += total[c]! * total[c]!;
      const parent = size - sqT / size;
      let sqL = 0;
      let sqR = sqT;
      for (let i = lo + 1; i < hi; i++) {
        const c = ys[i - 1]!;
        sqL += 2 * left[c]! + 1;
        sqR -= 2 * (total[c]! - left[c]!) - 1;
        left[c]++;
        const nl = i - lo;
        const nr = hi - i;
        if (nl < minLeaf || nr < minLeaf || xs[i - 1] === xs[i]) continue;
        const gain = parent - (nl - sqL / nl) - (nr - sqR / nr);
        if (gain > bestGain) {
          bestGain = gain;
          best = i;
        }
      }
    } else {
      let sT = 0;
      for (let i = lo; i < hi; i++) sT += ys[i]!;
      let sL = 0;
      for (let i = lo + 1; i < hi; i++) {
        sL += ys[i - 1]!;
        const nl = i - lo;
        const nr = hi - i;
        if (nl < minLeaf || nr < minLeaf || xs[i - 1] === xs[i]) continue;
        // Reduction in squared error: nl*meanL^2 + nr*meanR^2 - n*mean^2.
        const gain = (sL * sL) / nl + ((sT - sL) * (sT - sL)) / nr - (sT * sT) / size;
        if (gain > bestGain) {
          bestGain = gain;
          best = i;
        }
      }
    }
    if (best < 0) return;
    cuts.push((xs[best - 1]! + xs[best]!) / 2);
    grow(lo, best, depth + 1);
    grow(best, hi, depth + 1);
  };
  grow(0, n, 0);
  return cuts.sort((a, b) => a - b);
}

/**
 * Bin of every row, fitted on the training rows: returns bin ids and the number of bins (missing is the
 * last). `order` lists the rows with a value sorted by value (numeric columns); `inTrain` is scratch.
 */
function binsFor(
  col: Column,
  y: Float64Array,
  k: number,
  train: Int32Array,
  order: Int32Array,
  inTrain: Uint8Array,
): { bin: Int32Array; count: number } {
  const n = col.kind === 'numeric' ? col.values.length : col.codes.length;
  const bin = new Int32Array(n);
  if (col.kind === 'categorical') {
    const levels = col.dictionary.length;
    for (let i = 0; i < n; i++) bin[i] = col.codes[i]! < 0 ? levels : col.codes[i]!;
    return { bin, count: levels + 1 };
  }
  const v = col.values;
  inTrain.fill(0);
  for (let t = 0; t < train.length; t++) inTrain[train[t]!] = 1;
  let m = 0;
  for (let r = 0; r < order.length; r++) if (inTrain[order[r]!] === 1) m++;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  m = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    if (inTrain[i] !== 1) continue;
    xs[m] = v[i]!;
    ys[m++] = y[i]!;
  }
  const edges = treeCuts(xs, ys, k);
  const missing = edges.length + 1;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) {
      bin[i] = missing;
      continue;
    }
    // Number of cuts below x (binary search).
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    bin[i] = lo;
  }
  return { bin, count: missing + 1 };
}

function balancedAccuracy(y: Float64Array, pred: Float64Array, k: number): number {
  const hit = new Float64Array(k);
  const tot = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    tot[y[i]!]++;
    if (pred[i] === y[i]) hit[y[i]!]++;
  }
  let s = 0;
  let c = 0;
  for (let j = 0; j < k; j++) {
    if (tot[j]! > 0) {
      s += hit[j]! / tot[j]!;
      c++;
    }
  }
  return c > 0 ? s / c : Number.NaN;
}

function r2Of(y: Float64Array, pred: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i]! - pred[i]!) ** 2;
    tot += (y[i]! - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : Number.NaN;
}

/** Out-of-fold predictions of the binned lookup: class shares (row-major n x k) or values (k = 0). */
function binnedOof(
  col: Column,
  dense: DenseValues | null,
  y: Float64Array,
  k: number,
  folds: Fold[],
): Float64Array {
  const n = y.length;
  const width = k > 0 ? k : 1;
  const out = new Float64Array(n * width);
  const order = dense ? argsortPresent(dense) : new Int32Array(0);
  const inTrain = new Uint8Array(n);
  for (const { train, test } of folds) {
    const { bin, count } = binsFor(col, y, k, train, order, inTrain);
    const sums = new Float64Array(count * width);
    const rows = new Float64Array(count);
    const prior = new Float64Array(width);
    for (let t = 0; t < train.length; t++) {
      const i = train[t]!;
      const b = bin[i]!;
      rows[b]++;
      if (k > 0) {
        sums[b * k + y[i]!]++;
        prior[y[i]!]++;
      } else {
        sums[b] += y[i]!;
        prior[0] += y[i]!;
      }
    }
    for (let j = 0; j < width; j++) prior[j] = prior[j]! / train.length;
    for (let t = 0; t < test.length; t++) {
      const i = test[t]!;
      const b = bin[i]!;
      for (let j = 0; j < width; j++)
        out[i * width + j] = (sums[b * width + j]! + prior[j]!) / (rows[b]! + 1);
    }
  }
  return out;
}

/** Out-of-fold straight-line predictions of y from x (missing x predicts the training mean). */
function lineOof(x: Float64Array, y: Float64Array, folds: Fold[]): Float64Array {
  const out = new Float64Array(y.length);
  for (const { train, test } of folds) {
    let n = 0;
    let mx = 0;
    let my = 0;
    let all = 0;
    for (let t = 0; t < train.length; t++) {
      const i = train[t]!;
      all += y[i]!;
      if (Number.isNaN(x[i])) continue;
      n++;
      mx += x[i]!;
      my += y[i]!;
    }
    const yMean = all / train.length;
    mx /= Math.max(n, 1);
    my /= Math.max(n, 1);
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < train.length; t++) {
      const i = train[t]!;
      if (Number.isNaN(x[i])) continue;
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
    }
    const slope = sxx > 0 ? sxy / sxx : 0;
    for (let t = 0; t < test.length; t++) {
      const i = test[t]!;
      out[i] = Number.isNaN(x[i]) ? yMean : my + slope * (x[i]! - mx);
    }
  }
  return out;
}

/** ROC AUC of the raw values in their better direction (null when more than 5% are missing). */
function monotoneAuc(dense: DenseValues, y: Float64Array): number | null {
  let present = 0;
  for (let i = 0; i < dense.codes.length; i++) if (dense.codes[i]! >= 0) present++;
  if (present < 0.95 * y.length || present < 2) return null;
  // Ranks among the rows with a value are the same whether or not the others are present.
  const auc = aucOfRanks(y, ranksOf(dense));
  return Number.isNaN(auc) ? null : Math.max(auc, 1 - auc);
}

/**
 * Score of one feature. `y` holds class indices 0..nClasses-1 (classification) or values (regression),
 * with no missing values; `col` is the feature restricted to the same rows.
 */
export function singleFeatureScore(
  col: Column,
  y: Float64Array,
  task: Task,
  nClasses: number,
  folds: Fold[],
): SingleFeatureScore {
  const metric = metricFor(task);
  const k = task === 'regression' ? 0 : nClasses;
  const dense = col.kind === 'numeric' ? denseValues(col.values) : null;
  const oof = binnedOof(col, dense, y, k, folds);
  let binned: number;
  let monotone: number | null = null;
  let baseline: number;
  if (task === 'binary') {
    const p1 = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) p1[i] = oof[i * 2 + 1]!;
    binned = rocAucRanks(y, p1);
    baseline = 0.5;
    if (dense) monotone = monotoneAuc(dense, y);
  } else if (task === 'multiclass') {
    const pred = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (oof[i * k + j]! > oof[i * k + best]!) best = j;
      pred[i] = best;
    }
    binned = balancedAccuracy(y, pred, k);
    baseline = 1 / k;
  } else {
    binned = r2Of(y, oof);
    baseline = 0;
    if (col.kind === 'numeric') monotone = r2Of(y, lineOof(col.values, y, folds));
  }
  const score = Math.max(
    Number.isNaN(binned) ? Number.NEGATIVE_INFINITY : binned,
    monotone ?? Number.NEGATIVE_INFINITY,
  );
  return { metric, score: Number.isFinite(score) ? score : Number.NaN, binned, monotone, baseline };
}
