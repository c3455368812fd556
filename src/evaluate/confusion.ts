/**
 * Confusion matrices: counts (optionally weighted) and normalised like scikit-learn's
 * `confusion_matrix(normalize=...)`, over all K classes (labels=range(K)). Browser-safe.
 */
import { confusionCounts, labelInput } from './metrics/counts.js';
import type { Vec, Weights } from './metrics/validate.js';

/** `true`: each row sums to 1 (recall view); `pred`: each column sums to 1 (precision view); `all`: the whole. */
export type Normalize = 'true' | 'pred' | 'all';

export interface ConfusionMatrix {
  nClasses: number;
  /** counts[t][p]: (weighted) rows of true class t predicted as p. */
  counts: number[][];
}

/** K x K counts, rows = true class, columns = predicted class. */
export function confusionMatrix(
  yTrue: Vec,
  yPred: Vec,
  options: { nClasses?: number; weights?: Weights } = {},
): ConfusionMatrix {
  const inp = labelInput(yTrue, yPred, options.nClasses, options.weights);
  const k = inp.nClasses;
  const c = confusionCounts(inp);
  const counts = Array.from({ length: k }, (_, i) => Array.from(c.subarray(i * k, (i + 1) * k)));
  return { nClasses: k, counts };
}

/** Divide counts by row, column or grand totals; 0/0 becomes 0 (sklearn's nan_to_num). */
export function normalizeConfusion(counts: number[][], normalize: Normalize): number[][] {
  const k = counts.length;
  const rowSum = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colSum = Array.from({ length: k }, (_, j) => counts.reduce((a, r) => a + r[j]!, 0));
  const all = rowSum.reduce((a, b) => a + b, 0);
  return counts.map((r, i) =>
    r.map((v, j) => {
      const d = normalize === 'true' ? rowSum[i]! : normalize === 'pred' ? colSum[j]! : all;
      return d === 0 ? 0 : v / d;
    }),
  );
}

/** Counts plus all three normalisations, ready for a report table or heatmap. */
export function confusionSummary(
  yTrue: Vec,
  yPred: Vec,
  options: { nClasses?: number; weights?: Weights } = {},
): ConfusionMatrix & Record<`by${'True' | 'Pred' | 'All'}`, number[][]> {
  const cm = confusionMatrix(yTrue, yPred, options);
  return {
    ...cm,
    byTrue: normalizeConfusion(cm.counts, 'true'),
    byPred: normalizeConfusion(cm.counts, 'pred'),
    byAll: normalizeConfusion(cm.counts, 'all'),
  };
}
