/**
 * Label metrics on class indices: accuracy, balanced accuracy, Matthews correlation and Cohen's kappa.
 * Each matches scikit-learn 1.2.1 (same name without the `_score`), including sample weights. Browser-safe.
 */
import { confusionCounts, labelInput, margins } from './counts.js';
import type { Vec, Weights } from './validate.js';

/** Fraction (weighted) of rows whose predicted class equals the true class. sklearn `accuracy_score`. */
export function accuracy(yTrue: Vec, yPred: Vec, weights?: Weights, nClasses?: number): number {
  labelInput(yTrue, yPred, nClasses, weights);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights == null ? 1 : weights[i]!;
    if (yTrue[i] === yPred[i]) hit += w;
    total += w;
  }
  return total === 0 ? Number.NaN : hit / total;
}

/**
 * Mean recall over the classes present in y_true (classes only predicted are skipped, as sklearn does).
 * `adjusted` rescales so chance is 0 and perfect is 1. sklearn `balanced_accuracy_score`.
 */
export function balancedAccuracy(
  yTrue: Vec,
  yPred: Vec,
  weights?: Weights,
  nClasses?: number,
  adjusted = false,
): number {
  const inp = labelInput(yTrue, yPred, nClasses, weights);
  const k = inp.nClasses;
  const { trueSum, diag } = margins(confusionCounts(inp), k);
  let s = 0;
  let m = 0;
  for (let c = 0; c < k; c++) {
    if (trueSum[c]! === 0) continue;
    s += diag[c]! / trueSum[c]!;
    m++;
  }
  if (m === 0) return Number.NaN;
  let score = s / m;
  if (adjusted) {
    const chance = 1 / m;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/** Multiclass Matthews correlation coefficient (Gorodkin's R_K); 0 when undefined. sklearn `matthews_corrcoef`. */
export function matthewsCorrcoef(yTrue: Vec, yPred: Vec, weights?: Weights, nClasses?: number): number {
  const inp = labelInput(yTrue, yPred, nClasses, weights);
  const k = inp.nClasses;
  const { trueSum, predSum, diag } = margins(confusionCounts(inp), k);
  let nCorrect = 0;
  let n = 0;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let c = 0; c < k; c++) {
    nCorrect += diag[c]!;
    n += predSum[c]!;
    tp += trueSum[c]! * predSum[c]!;
    pp += predSum[c]! * predSum[c]!;
    tt += trueSum[c]! * trueSum[c]!;
  }
  const covYtYp = nCorrect * n - tp;
  const covYpYp = n * n - pp;
  const covYtYt = n * n - tt;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

export type KappaWeighting = 'none' | 'linear' | 'quadratic';

/**
 * Cohen's kappa: agreement between true and predicted classes beyond chance. `linear` / `quadratic`
 * weight disagreements by class distance (for ordinal classes). sklearn `cohen_kappa_score`.
 */
export function cohenKappa(
  yTrue: Vec,
  yPred: Vec,
  weights?: Weights,
  nClasses?: number,
  weighting: KappaWeighting = 'none',
): number {
  const inp = labelInput(yTrue, yPred, nClasses, weights);
  const k = inp.nClasses;
  const c = confusionCounts(inp);
  const { trueSum, predSum } = margins(c, k);
  let total = 0;
  for (let i = 0; i < k; i++) total += predSum[i]!;
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = Math.abs(i - j);
      const w = weighting === 'none' ? (i === j ? 0 : 1) : weighting === 'linear' ? d : d * d;
      // sklearn: expected = outer(sum0, sum1) / sum(sum0), sum0 = column (pred) sums, sum1 = row (true) sums
      num += w * c[i * k + j]!;
      den += w * ((predSum[i]! * trueSum[j]!) / total);
    }
  }
  return 1 - num / den;
}
