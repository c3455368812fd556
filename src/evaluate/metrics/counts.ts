/**
 * Per-class counting shared by the label metrics: the (weighted) confusion counts and which classes occur.
 * Browser-safe.
 */
import {
  checkClassIndices,
  checkSameLength,
  checkWeights,
  resolveClasses,
  type Vec,
  type Weights,
} from './validate.js';

export interface LabelInput {
  yTrue: Vec;
  yPred: Vec;
  /** Number of classes K; inferred from the largest index when omitted. */
  nClasses: number;
  weights: Weights;
}

/** Validate class-index inputs and settle K. */
export function labelInput(yTrue: Vec, yPred: Vec, nClasses?: number, weights?: Weights): LabelInput {
  checkSameLength(yTrue, yPred);
  const k = resolveClasses(nClasses, yTrue, yPred);
  checkClassIndices(yTrue, k, 'y_true');
  checkClassIndices(yPred, k, 'y_pred');
  checkWeights(weights, yTrue.length);
  return { yTrue, yPred, nClasses: k, weights };
}

/** K x K row-major counts: row = true class, column = predicted class; weighted when weights are given. */
export function confusionCounts(inp: LabelInput): Float64Array {
  const { yTrue, yPred, nClasses: k, weights } = inp;
  const c = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) c[yTrue[i]! * k + yPred[i]!]! += weights == null ? 1 : weights[i]!;
  return c;
}

/**
 * Classes that occur in y_true or y_pred (whatever their weight), ascending: the label set scikit-learn
 * uses by default (`unique_labels(y_true, y_pred)`) for macro averages.
 */
export function presentClasses(inp: LabelInput): number[] {
  const seen = new Uint8Array(inp.nClasses);
  for (let i = 0; i < inp.yTrue.length; i++) {
    seen[inp.yTrue[i]!] = 1;
    seen[inp.yPred[i]!] = 1;
  }
  const out: number[] = [];
  for (let c = 0; c < inp.nClasses; c++) if (seen[c]) out.push(c);
  return out;
}

/** Row sums (true totals), column sums (predicted totals) and the diagonal of K x K counts. */
export function margins(
  c: Float64Array,
  k: number,
): { trueSum: Float64Array; predSum: Float64Array; diag: Float64Array } {
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  const diag = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = c[i * k + j]!;
      trueSum[i]! += v;
      predSum[j]! += v;
    }
    diag[i] = c[i * k + i]!;
  }
  return { trueSum, predSum, diag };
}
