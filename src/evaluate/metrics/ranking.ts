/**
 * Ranking metrics from scores: ROC AUC and average precision (PR AUC), binary and one-vs-rest.
 *
 * Binary: `roc_auc_score` / `average_precision_score` of scikit-learn 1.2.1 on the positive-class score.
 * Multiclass: one-vs-rest, each class's column scored against "is this class", then averaged `macro`
 * (unweighted) or `weighted` (by weighted prevalence), like `roc_auc_score(multi_class='ovr')` and like
 * `average_precision_score(label_binarize(y, classes=range(K)), proba)` (sklearn 1.2 has no multiclass AP).
 *
 * Undefined cases: sklearn raises when y_true holds a single class; here a binary ROC AUC is NaN then, and a
 * class with no positive (or, for ROC, no negative) rows is left out of the one-vs-rest average. A binary
 * average precision with no positives is 0, as in sklearn. Browser-safe.
 */
import { precisionRecallCurve, rocCurve } from '../curves.js';
import { trapezoid } from './binaryCurve.js';
import {
  checkClassIndices,
  checkProba,
  checkWeights,
  positiveScores,
  resolveClasses,
  type Vec,
  type Weights,
} from './validate.js';

export type OvrAverage = 'macro' | 'weighted';

export interface RankingOptions {
  weights?: Weights;
  /** One-vs-rest average for K > 2 (default macro). */
  average?: OvrAverage;
}

/** Binary ROC AUC of scores (higher = more likely class `posLabel`, default 1). NaN with a single class. */
export function rocAucBinary(yTrue: Vec, score: Vec, weights?: Weights, posLabel = 1): number {
  const { fpr, tpr } = rocCurve(yTrue, score, { weights, posLabel });
  if (Number.isNaN(fpr[1]!) || Number.isNaN(tpr[1]!)) return Number.NaN;
  return trapezoid(fpr, tpr);
}

/** Binary average precision: sum over thresholds of (R_n - R_{n-1}) P_n, the uninterpolated step integral. */
export function averagePrecisionBinary(yTrue: Vec, score: Vec, weights?: Weights, posLabel = 1): number {
  const { precision, recall } = precisionRecallCurve(yTrue, score, { weights, posLabel });
  let s = 0;
  for (let i = 0; i < recall.length - 1; i++) s += (recall[i]! - recall[i + 1]!) * precision[i]!;
  return s;
}

export interface PerClassScores {
  /** Score of each class against the rest; NaN where undefined (no positives, or for ROC no negatives). */
  scores: Float64Array;
  /** (Weighted) number of rows of each class. */
  prevalence: Float64Array;
}

type BinaryMetric = (y: Vec, s: Vec, w: Weights, pos: number) => number;

function checkInputs(yTrue: Vec, proba: Vec, nClasses: number | undefined, weights: Weights): number {
  const k = resolveClasses(nClasses, yTrue);
  checkClassIndices(yTrue, k, 'y_true');
  checkProba(proba, yTrue.length, k);
  checkWeights(weights, yTrue.length);
  return k;
}

function perClass(
  metric: BinaryMetric,
  needsNegatives: boolean,
  yTrue: Vec,
  proba: Vec,
  k: number,
  w: Weights,
): PerClassScores {
  const n = yTrue.length;
  const prevalence = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w == null ? 1 : w[i]!;
    prevalence[yTrue[i]!]! += wi;
    total += wi;
  }
  const scores = new Float64Array(k).fill(Number.NaN);
  const twoCol = proba.length === n * k;
  const col = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    if (prevalence[c]! === 0 || (needsNegatives && prevalence[c]! === total)) continue;
    if (twoCol) for (let i = 0; i < n; i++) col[i] = proba[i * k + c]!;
    else for (let i = 0; i < n; i++) col[i] = c === 1 ? proba[i]! : 1 - proba[i]!;
    scores[c] = metric(yTrue, col, w, c);
  }
  return { scores, prevalence };
}

/** Macro (unweighted) or prevalence-weighted mean of the defined per-class scores; NaN if none is defined. */
export function averagePerClass(per: PerClassScores, average: OvrAverage = 'macro'): number {
  let s = 0;
  let sw = 0;
  for (let c = 0; c < per.scores.length; c++) {
    const v = per.scores[c]!;
    if (Number.isNaN(v)) continue;
    const weight = average === 'weighted' ? per.prevalence[c]! : 1;
    s += weight * v;
    sw += weight;
  }
  return sw === 0 ? Number.NaN : s / sw;
}

function ovr(
  metric: BinaryMetric,
  needsNegatives: boolean,
  yTrue: Vec,
  proba: Vec,
  nClasses: number | undefined,
  options: RankingOptions,
): number {
  const k = checkInputs(yTrue, proba, nClasses, options.weights);
  if (k === 2) return metric(yTrue, positiveScores(proba, yTrue.length), options.weights, 1);
  return averagePerClass(perClass(metric, needsNegatives, yTrue, proba, k, options.weights), options.average);
}

/** One-vs-rest ROC AUC of every class (column c scored against "is class c"), for per-class tables. */
export function rocAucPerClass(yTrue: Vec, proba: Vec, nClasses?: number, weights?: Weights): PerClassScores {
  const k = checkInputs(yTrue, proba, nClasses, weights);
  return perClass(rocAucBinary, true, yTrue, proba, k, weights);
}

/** One-vs-rest average precision of every class. */
export function averagePrecisionPerClass(
  yTrue: Vec,
  proba: Vec,
  nClasses?: number,
  weights?: Weights,
): PerClassScores {
  const k = checkInputs(yTrue, proba, nClasses, weights);
  return perClass(averagePrecisionBinary, false, yTrue, proba, k, weights);
}

/**
 * ROC AUC from probabilities (row-major n x K; for K = 2 also a length-n positive-class score vector).
 * Binary: AUC of column 1. Multiclass: one-vs-rest macro (default) or weighted.
 */
export function rocAuc(yTrue: Vec, proba: Vec, nClasses?: number, options: RankingOptions = {}): number {
  return ovr(rocAucBinary, true, yTrue, proba, nClasses, options);
}

/** Average precision (PR AUC) from probabilities; binary on column 1, multiclass one-vs-rest macro/weighted. */
export function averagePrecision(
  yTrue: Vec,
  proba: Vec,
  nClasses?: number,
  options: RankingOptions = {},
): number {
  return ovr(averagePrecisionBinary, false, yTrue, proba, nClasses, options);
}
