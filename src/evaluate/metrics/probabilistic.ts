/**
 * Metrics of predicted probabilities (row-major n x K; for K = 2 a length-n positive-class vector is also
 * accepted): log loss, Brier score and expected calibration error. Browser-safe.
 */
import { expectInput } from '../../errors.js';
import { binIndices, uniformEdges } from './bins.js';
import {
  checkClassIndices,
  checkProba,
  checkWeights,
  resolveClasses,
  type Vec,
  type Weights,
} from './validate.js';

interface ProbaInput {
  n: number;
  k: number;
  /** Probability of class c for row i. */
  p: (i: number, c: number) => number;
}

function probaInput(yTrue: Vec, proba: Vec, nClasses: number | undefined, weights: Weights): ProbaInput {
  const n = yTrue.length;
  const k = resolveClasses(
    nClasses ?? (proba.length === n ? 2 : Math.round(proba.length / Math.max(1, n))),
    yTrue,
  );
  checkClassIndices(yTrue, k, 'y_true');
  checkProba(proba, n, k);
  checkWeights(weights, n);
  expectInput(n > 0, 'no rows to score');
  const p =
    proba.length === n && k === 2
      ? (i: number, c: number) => (c === 1 ? proba[i]! : 1 - proba[i]!)
      : (i: number, c: number) => proba[i * k + c]!;
  return { n, k, p };
}

function average(v: Float64Array, w: Weights): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < v.length; i++) {
    const wi = w == null ? 1 : w[i]!;
    s += wi * v[i]!;
    sw += wi;
  }
  return sw === 0 ? Number.NaN : s / sw;
}

/** float64 machine epsilon: sklearn 1.2.1 `log_loss(eps="auto")` clips to [eps, 1 - eps]. */
const EPS = 2.220446049250313e-16;

/**
 * Mean negative log-likelihood of the true class (natural log), exactly as sklearn 1.2.1 `log_loss`:
 * each probability is clipped to [eps, 1 - eps] with eps = 2.22e-16, each row is renormalised to sum 1,
 * then -log p(true class) is averaged (weighted). All K columns count, so classes absent from y_true are fine.
 */
export function logLoss(yTrue: Vec, proba: Vec, nClasses?: number, weights?: Weights): number {
  const { n, k, p } = probaInput(yTrue, proba, nClasses, weights);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.min(Math.max(p(i, c), EPS), 1 - EPS);
    const pt = Math.min(Math.max(p(i, yTrue[i]!), EPS), 1 - EPS) / sum;
    loss[i] = -Math.log(pt);
  }
  return average(loss, weights);
}

/**
 * Brier score. Binary (K = 2): mean of (p_i1 - [y_i = 1])^2, sklearn 1.2.1 `brier_score_loss` on the
 * positive class (range 0..1). Multiclass: mean over rows of sum over classes of (p_ik - [y_i = k])^2,
 * Brier's original definition (range 0..2); this is what sklearn >= 1.7 `brier_score_loss` computes for
 * multiclass input. Weighted means when weights are given.
 */
export function brierScore(yTrue: Vec, proba: Vec, nClasses?: number, weights?: Weights): number {
  const { n, k, p } = probaInput(yTrue, proba, nClasses, weights);
  const se = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 2) {
      se[i] = ((yTrue[i] === 1 ? 1 : 0) - p(i, 1)) ** 2;
      continue;
    }
    let s = 0;
    for (let c = 0; c < k; c++) s += (p(i, c) - (yTrue[i] === c ? 1 : 0)) ** 2;
    se[i] = s;
  }
  return average(se, weights);
}

export interface EceOptions {
  /** Number of equal-width bins over [0, 1] (default 10). */
  nBins?: number;
  weights?: Weights;
}

function confidenceOutcome(
  yTrue: Vec,
  n: number,
  k: number,
  p: (i: number, c: number) => number,
): { confidence: Float64Array; outcome: Float64Array } {
  const confidence = new Float64Array(n);
  const outcome = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 2) {
      confidence[i] = p(i, 1);
      outcome[i] = yTrue[i] === 1 ? 1 : 0;
      continue;
    }
    let best = 0;
    let bv = p(i, 0);
    for (let c = 1; c < k; c++) {
      const v = p(i, c);
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    confidence[i] = bv;
    outcome[i] = best === yTrue[i] ? 1 : 0;
  }
  return { confidence, outcome };
}

/**
 * The confidence c_i and 0/1 outcome o_i per row that the ECE and the reliability diagram use: binary,
 * positive-class probability and [y = 1]; multiclass, top-label probability and [argmax = y].
 */
export function calibrationTargets(
  yTrue: Vec,
  proba: Vec,
  nClasses?: number,
): { confidence: Float64Array; outcome: Float64Array } {
  const { n, k, p } = probaInput(yTrue, proba, nClasses, null);
  return confidenceOutcome(yTrue, n, k, p);
}

/**
 * Expected calibration error (ECE), L1, equal-width bins.
 *
 * Per row i a confidence c_i and an outcome o_i in {0, 1}:
 *  - binary (K = 2): c_i = p_i1 (positive-class probability), o_i = [y_i = 1] — the reliability diagram of
 *    sklearn `calibration_curve`;
 *  - multiclass (K > 2): top-label, c_i = max_k p_ik, o_i = [argmax_k p_ik = y_i] (first maximum on ties).
 * Rows go into B bins (default 10) exactly as `calibration_curve(strategy='uniform')` bins them:
 * [0, 0.1], (0.1, 0.2], ..., (0.9, 1] (see bins.ts). With weights w_i (1 by default), for each non-empty bin
 * b: W_b = sum w_i, conf_b = sum w_i c_i / W_b, acc_b = sum w_i o_i / W_b, and
 *
 *   ECE = sum_b (W_b / W) * |acc_b - conf_b|,   W = sum_b W_b.
 *
 * 0 is perfectly calibrated; at most 1.
 */
export function expectedCalibrationError(
  yTrue: Vec,
  proba: Vec,
  nClasses?: number,
  options: EceOptions = {},
): number {
  const { n, k, p } = probaInput(yTrue, proba, nClasses, options.weights);
  const nBins = options.nBins ?? 10;
  expectInput(Number.isInteger(nBins) && nBins >= 1, `ECE needs a whole number of bins >= 1, got ${nBins}`);
  const { confidence: conf, outcome: hit } = confidenceOutcome(yTrue, n, k, p);
  const bin = binIndices(conf, uniformEdges(nBins));
  const wSum = new Float64Array(nBins);
  const cSum = new Float64Array(nBins);
  const oSum = new Float64Array(nBins);
  const w = options.weights;
  for (let i = 0; i < n; i++) {
    const wi = w == null ? 1 : w[i]!;
    const b = bin[i]!;
    wSum[b]! += wi;
    cSum[b]! += wi * conf[i]!;
    oSum[b]! += wi * hit[i]!;
  }
  let total = 0;
  for (let b = 0; b < nBins; b++) total += wSum[b]!;
  if (total === 0) return Number.NaN;
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (wSum[b]! === 0) continue;
    ece += (wSum[b]! / total) * Math.abs(oSum[b]! / wSum[b]! - cSum[b]! / wSum[b]!);
  }
  return ece;
}
