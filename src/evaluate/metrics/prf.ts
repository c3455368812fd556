/**
 * Precision, recall and F-beta per class and averaged, like scikit-learn 1.2.1
 * `precision_recall_fscore_support` with `zero_division=0` (the default "warn" also yields 0).
 *
 * Averages: `binary` reports positive class 1 only; `macro` is the unweighted mean over the classes present
 * in y_true or y_pred (sklearn's default label set); `weighted` weights each class by its (weighted) true
 * count; `micro` pools the counts (equal to accuracy for single-label problems). Browser-safe.
 */
import { confusionCounts, labelInput, margins, presentClasses } from './counts.js';
import type { Vec, Weights } from './validate.js';

export type Average = 'binary' | 'macro' | 'weighted' | 'micro';

export interface PrfOptions {
  average?: Average;
  nClasses?: number;
  weights?: Weights;
  /** F-beta's beta; 1 for F1. */
  beta?: number;
  /** Value for a 0/0 ratio: 0 (sklearn default) or 1. */
  zeroDivision?: 0 | 1;
  /** The positive class for `binary` (default 1). */
  posLabel?: number;
}

export interface PerClassPrf {
  precision: Float64Array;
  recall: Float64Array;
  fScore: Float64Array;
  /** (Weighted) number of true rows per class. */
  support: Float64Array;
}

export interface Prf {
  precision: number;
  recall: number;
  fScore: number;
}

function divide(num: number, den: number, zero: number): number {
  return den === 0 ? zero : num / den;
}

function fBeta(p: number, r: number, beta2: number): number {
  const den = beta2 * p + r;
  return ((1 + beta2) * p * r) / (den === 0 ? 1 : den);
}

/** Precision, recall, F-beta and support for every class 0..K-1 (absent classes get zero_division values). */
export function perClassPrf(yTrue: Vec, yPred: Vec, options: Omit<PrfOptions, 'average'> = {}): PerClassPrf {
  const inp = labelInput(yTrue, yPred, options.nClasses, options.weights);
  const k = inp.nClasses;
  const zero = options.zeroDivision ?? 0;
  const beta2 = (options.beta ?? 1) ** 2;
  const { trueSum, predSum, diag } = margins(confusionCounts(inp), k);
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const fScore = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    precision[c] = divide(diag[c]!, predSum[c]!, zero);
    recall[c] = divide(diag[c]!, trueSum[c]!, zero);
    fScore[c] = fBeta(precision[c]!, recall[c]!, beta2);
  }
  return { precision, recall, fScore, support: trueSum };
}

/** Averaged precision, recall and F-beta. */
export function precisionRecallF(yTrue: Vec, yPred: Vec, options: PrfOptions = {}): Prf {
  const average = options.average ?? 'binary';
  const inp = labelInput(yTrue, yPred, options.nClasses, options.weights);
  const k = inp.nClasses;
  const zero = options.zeroDivision ?? 0;
  const beta2 = (options.beta ?? 1) ** 2;
  const { trueSum, predSum, diag } = margins(confusionCounts(inp), k);

  if (average === 'binary' || average === 'micro') {
    let tp = 0;
    let ps = 0;
    let ts = 0;
    if (average === 'binary') {
      const pos = options.posLabel ?? 1;
      if (pos < k) {
        tp = diag[pos]!;
        ps = predSum[pos]!;
        ts = trueSum[pos]!;
      }
    } else {
      for (let c = 0; c < k; c++) {
        tp += diag[c]!;
        ps += predSum[c]!;
        ts += trueSum[c]!;
      }
    }
    const precision = divide(tp, ps, zero);
    const recall = divide(tp, ts, zero);
    return { precision, recall, fScore: fBeta(precision, recall, beta2) };
  }

  const labels = presentClasses(inp);
  let sp = 0;
  let sr = 0;
  let sf = 0;
  let sw = 0;
  let predTotal = 0;
  for (const c of labels) {
    const p = divide(diag[c]!, predSum[c]!, zero);
    const r = divide(diag[c]!, trueSum[c]!, zero);
    const w = average === 'weighted' ? trueSum[c]! : 1;
    sp += w * p;
    sr += w * r;
    sf += w * fBeta(p, r, beta2);
    sw += w;
    predTotal += predSum[c]!;
  }
  if (sw === 0) {
    if (average === 'weighted') {
      // sklearn: no true rows at all. Precision is zero_division only when nothing was predicted either.
      return predTotal === 0
        ? { precision: zero, recall: zero, fScore: zero }
        : { precision: 0, recall: zero, fScore: 0 };
    }
    return { precision: Number.NaN, recall: Number.NaN, fScore: Number.NaN };
  }
  return { precision: sp / sw, recall: sr / sw, fScore: sf / sw };
}

export function precision(yTrue: Vec, yPred: Vec, options: PrfOptions = {}): number {
  return precisionRecallF(yTrue, yPred, options).precision;
}

export function recall(yTrue: Vec, yPred: Vec, options: PrfOptions = {}): number {
  return precisionRecallF(yTrue, yPred, options).recall;
}

/** F-beta (F1 by default). */
export function fScore(yTrue: Vec, yPred: Vec, options: PrfOptions = {}): number {
  return precisionRecallF(yTrue, yPred, options).fScore;
}
