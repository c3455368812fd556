/**
 * Calibration (reliability) curve, like scikit-learn 1.2.1 `calibration_curve`: the observed frequency of
 * the positive class against the mean predicted probability, per bin, empty bins left out. Browser-safe.
 */
import { expectInput, InputError } from '../errors.js';
import { binIndices, uniformEdges } from './metrics/bins.js';
import { calibrationTargets } from './metrics/probabilistic.js';
import { quantileSorted, sortedCopy } from './metrics/quantile.js';
import { checkFinite, checkSameLength, type Vec } from './metrics/validate.js';

export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationCurve {
  /** Fraction of positives per non-empty bin. */
  probTrue: Float64Array;
  /** Mean predicted probability per non-empty bin. */
  probPred: Float64Array;
  /** Rows per non-empty bin (sklearn does not return it; handy for chart sizes and ECE). */
  counts: Float64Array;
  /** All B + 1 bin edges. */
  edges: Float64Array;
}

export interface CalibrationOptions {
  /** Number of bins (default 5, like sklearn). */
  nBins?: number;
  /** `uniform`: equal-width bins on [0, 1]; `quantile`: edges at the quantiles of the predictions. */
  strategy?: CalibrationStrategy;
  /** The class index counted as positive (default 1). */
  posLabel?: number;
}

/**
 * `prob` is the predicted probability of the positive class per row, in [0, 1]. Uniform edges are
 * numpy `linspace(0, 1, B + 1)`; quantile edges are `np.percentile(prob, linspace(0, 1, B + 1) * 100)`.
 * A value lands in bin #{interior edges < value} (see metrics/bins.ts).
 */
export function calibrationCurve(yTrue: Vec, prob: Vec, options: CalibrationOptions = {}): CalibrationCurve {
  checkSameLength(yTrue, prob, 'probabilities');
  checkFinite(prob, 'probability');
  const n = yTrue.length;
  expectInput(n > 0, 'calibration curve needs at least one row');
  const nBins = options.nBins ?? 5;
  expectInput(
    Number.isInteger(nBins) && nBins >= 1,
    `calibration curve needs a whole number of bins >= 1, got ${nBins}`,
  );
  for (let i = 0; i < n; i++) {
    if (!(prob[i]! >= 0 && prob[i]! <= 1)) {
      throw new InputError(`probability at index ${i} is ${prob[i]}; expected a value in [0, 1]`);
    }
  }
  const pos = options.posLabel ?? 1;
  let edges: Float64Array;
  if ((options.strategy ?? 'uniform') === 'quantile') {
    const uni = uniformEdges(nBins);
    const sorted = sortedCopy(prob);
    // np.percentile(q * 100) divides by 100 again; keep the same rounding.
    edges = uni.map((q) => quantileSorted(sorted, (q * 100) / 100));
  } else {
    edges = uniformEdges(nBins);
  }
  const bin = binIndices(prob, edges);
  const sumP = new Float64Array(nBins + 1);
  const sumT = new Float64Array(nBins + 1);
  const total = new Float64Array(nBins + 1);
  for (let i = 0; i < n; i++) {
    const b = bin[i]!;
    sumP[b]! += prob[i]!;
    sumT[b]! += yTrue[i] === pos ? 1 : 0;
    total[b]!++;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b <= nBins; b++) {
    if (total[b]! === 0) continue;
    probTrue.push(sumT[b]! / total[b]!);
    probPred.push(sumP[b]! / total[b]!);
    counts.push(total[b]!);
  }
  return {
    probTrue: Float64Array.from(probTrue),
    probPred: Float64Array.from(probPred),
    counts: Float64Array.from(counts),
    edges,
  };
}

export interface ReliabilityDiagram extends CalibrationCurve {
  /** `positive` (binary: probability of class 1) or `top-label` (multiclass: the predicted class's probability). */
  kind: 'positive' | 'top-label';
  /** Expected calibration error over these bins: sum of counts/n * |probTrue - probPred|. */
  ece: number;
}

/**
 * The reliability diagram matching `expectedCalibrationError`: for binary the calibration curve of the
 * positive class; for multiclass the top-label curve (confidence = highest probability, outcome = whether
 * that class is right). `proba` is row-major n x K. Uniform strategy with 10 bins by default.
 */
export function reliabilityDiagram(
  yTrue: Vec,
  proba: Vec,
  nClasses?: number,
  options: Omit<CalibrationOptions, 'posLabel'> = {},
): ReliabilityDiagram {
  const { confidence, outcome } = calibrationTargets(yTrue, proba, nClasses);
  const curve = calibrationCurve(outcome, confidence, {
    nBins: options.nBins ?? 10,
    strategy: options.strategy,
  });
  const n = confidence.length;
  let ece = 0;
  for (let b = 0; b < curve.counts.length; b++) {
    ece += (curve.counts[b]! / n) * Math.abs(curve.probTrue[b]! - curve.probPred[b]!);
  }
  const k = nClasses ?? (proba.length === n ? 2 : proba.length / n);
  return { ...curve, kind: k === 2 ? 'positive' : 'top-label', ece };
}
