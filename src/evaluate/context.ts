/**
 * What every evaluation check sees: the input, the model's test predictions, the optimized metric as a
 * scorer, the dummy model's score (the yardstick for "how much of the possible improvement"), seeded
 * randomness per check and the thresholds. Browser-safe.
 */

import { takeMatrix } from '../automl/cv.js';
import { InputError } from '../errors.js';
import { getLearner } from '../learners/registry.js';
import { argmaxRows, type FeatureMatrix, type Task } from '../learners/types.js';
import { modelPredictor } from '../runtime/predictor.js';
import { permutation, type Rng, rng } from '../util/random.js';
import { getMetric, type MetricDef } from './metrics/registry.js';
import type { EvaluateInput, Predictor } from './types.js';

export interface Scored {
  pred: Float64Array;
  proba: Float64Array | null;
}

export interface EvalContext {
  input: EvaluateInput;
  task: Task;
  /** Classes (0 for regression). */
  K: number;
  metric: MetricDef;
  /** The model on the test rows. */
  test: Scored;
  /** The optimized metric on the test rows. */
  testScore: number;
  /** The dummy model's (prior / mean, fitted on train rows, or on test rows when there are none) test score. */
  dummyScore: number;
  /** The metric's best possible value (1 for higher-is-better metrics, 0 for errors). */
  perfect: number;
  /** Computed values shared between checks and report sections, by check id. */
  values: Map<string, unknown>;
  /**
   * The test rows the costlier re-scoring work runs on (permutation importance, robustness, partial
   * dependence): all of them, or a seeded sample of `budget.maxExplainRows` (default 1000) kept in row order.
   */
  sample: { X: FeatureMatrix; y: Float64Array; idx: Int32Array | null };
}

/** A seeded sample of at most `max` row indices, kept in row order; null when all rows fit. */
export function sampleRows(n: number, max: number, seed: number): Int32Array | null {
  if (n <= max) return null;
  const p = permutation(n, checkRng(seed, 'sample'));
  return Int32Array.from(p.subarray(0, max)).sort();
}

/** Best possible value of a registered metric. */
export function perfectValue(m: MetricDef): number {
  return m.direction === 'higher' ? 1 : 0;
}

/** Floating-point slack of summed probabilities (a forest's mean of leaf shares can reach 1 + 4e-16). */
const PROBA_SLACK = 1e-9;

/**
 * Predictions and probabilities of a predictor (probabilities only for classification). Probabilities
 * within 1e-9 outside [0, 1] are clipped (rounding of sums); anything further out is left for
 * `predictions_out_of_range` to flag.
 */
export function scoreRows(p: Predictor, X: FeatureMatrix, task: Task): Scored {
  const pred = p.predict(X);
  const proba = task === 'regression' ? null : clipProba(p.predictProba(X));
  return { pred, proba };
}

function clipProba(proba: Float64Array | null): Float64Array | null {
  if (proba) {
    let copy: Float64Array | null = null;
    for (let i = 0; i < proba.length; i++) {
      const v = proba[i]!;
      if ((v < 0 && v >= -PROBA_SLACK) || (v > 1 && v <= 1 + PROBA_SLACK)) {
        copy ??= Float64Array.from(proba);
        copy[i] = v < 0 ? 0 : 1;
      }
    }
    if (copy) return copy;
  }
  return proba;
}

/**
 * The optimized metric of a predictor on some rows, asking the model only for what the metric needs:
 * probabilities for probability metrics (ROC AUC, log loss, ...), class predictions otherwise. Halves the
 * prediction work of the checks that re-score many times.
 */
export function scoreWith(ctx: EvalContext, p: Predictor, X: FeatureMatrix, y: Float64Array): number {
  if (ctx.task !== 'regression' && ctx.metric.needsProba) {
    const proba = clipProba(p.predictProba(X));
    if (!proba) return Number.NaN;
    return metricOn(ctx, y, { pred: argmaxRows(proba, X.nRows, ctx.K), proba });
  }
  return metricOn(ctx, y, { pred: p.predict(X), proba: null });
}

/** The metric on some rows; NaN when it is undefined there (a slice with one class for ROC AUC). */
export function metricOn(
  ctx: Pick<EvalContext, 'metric' | 'K'>,
  y: Float64Array,
  s: Scored,
  metric: MetricDef = ctx.metric,
): number {
  if (y.length === 0) return Number.NaN;
  if (metric.needsProba && !s.proba) return Number.NaN;
  try {
    const v = metric.fn(y, s.pred, s.proba, ctx.K);
    return Number.isFinite(v) ? v : Number.NaN;
  } catch (e) {
    if (e instanceof InputError) return Number.NaN;
    throw e;
  }
}

/**
 * Relative degradation of `worse` against `ref`, in the metric's direction: for higher-is-better metrics
 * (ref - worse) / |ref|, for errors (worse - ref) / |worse|. 0.1 means "10% worse"; negative means better.
 */
export function degradation(metric: MetricDef, ref: number, worse: number): number {
  if (!Number.isFinite(ref) || !Number.isFinite(worse)) return Number.NaN;
  if (ref === worse) return 0;
  if (metric.direction === 'higher') return (ref - worse) / Math.max(Math.abs(ref), 1e-12);
  return (worse - ref) / Math.max(Math.abs(worse), 1e-12);
}

/**
 * Skill of `score` against `reference` as a share of the room left between the reference and a perfect
 * score: 1 = perfect, 0 = no better than the reference, negative = worse.
 */
export function skill(metric: MetricDef, score: number, reference: number): number {
  const perfect = perfectValue(metric);
  const room = perfect - reference;
  if (!Number.isFinite(score) || !Number.isFinite(reference)) return Number.NaN;
  if (Math.abs(room) < 1e-12) return score === reference ? 0 : (score - reference) / 1e-12;
  return (score - reference) / room;
}

/** A spread (a std of scores) as a share of the dummy-to-perfect range, so it reads the same for every metric. */
export function spreadShare(ctx: EvalContext, std: number): number {
  const range = Math.abs(ctx.perfect - ctx.dummyScore);
  return std / Math.max(range, 1e-12);
}

/** A seeded generator per check id, so a check's randomness does not depend on which other checks ran. */
export function checkRng(seed: number, id: string): Rng {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return rng((seed ^ h) >>> 0);
}

/** Fit a learner by name on the train rows (or `fallback` rows) and wrap it as a Predictor. */
export function fitSimple(
  name: string,
  params: Record<string, unknown>,
  task: Task,
  K: number,
  X: FeatureMatrix,
  y: Float64Array,
  seed: number,
): Predictor {
  return modelPredictor(getLearner(name).fit(X, y, { task, nClasses: K, seed, params: params as never }));
}

export function buildContext(input: EvaluateInput): EvalContext {
  const { task } = input;
  const metric = getMetric(input.metric, task);
  const K = task === 'regression' ? 0 : input.nClasses;
  const test = scoreRows(input.predictor, input.test.X, task);
  const partial = { metric, K };
  const testScore = metricOn(partial, input.test.y, test);
  const fitRows = input.train ?? input.test;
  const dummy = fitSimple('baseline', {}, task, K, fitRows.X, fitRows.y, input.seed);
  let dummyScore = metricOn(partial, input.test.y, scoreRows(dummy, input.test.X, task));
  if (!Number.isFinite(dummyScore)) dummyScore = metric.direction === 'higher' ? 0 : Number.NaN;
  const idx = sampleRows(input.test.y.length, input.budget?.maxExplainRows ?? 1000, input.seed);
  const sample = idx
    ? { X: takeMatrix(input.test.X, idx), y: Float64Array.from(idx, (i) => input.test.y[i]!), idx }
    : { X: input.test.X, y: input.test.y, idx: null };
  return {
    input,
    task,
    K,
    metric,
    test,
    testScore,
    dummyScore,
    perfect: perfectValue(metric),
    values: new Map(),
    sample,
  };
}
