/**
 * The metric registry used by cross-validation and AutoML (`--metric NAME`) and `metricsFor`, which computes
 * every metric that applies to a task. Browser-safe.
 */
import { InputError } from '../../errors.js';
import type { Task } from '../../learners/types.js';
import { accuracy, balancedAccuracy, cohenKappa, matthewsCorrcoef } from './classification.js';
import { precisionRecallF } from './prf.js';
import { brierScore, expectedCalibrationError, logLoss } from './probabilistic.js';
import { averagePerClass, averagePrecision, rocAuc, rocAucPerClass } from './ranking.js';
import {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  medianAbsoluteError,
  r2,
  rootMeanSquaredError,
} from './regression.js';
import type { Vec, Weights } from './validate.js';

export type Direction = 'higher' | 'lower';

/**
 * A metric as a scorer: class indices (or values) for y_true / y_pred, row-major n x K probabilities or
 * null, K (0 for regression), optional sample weights. Same shape as `Scorer` in automl/cv.ts.
 */
export type MetricFn = (
  yTrue: Float64Array,
  yPred: Float64Array,
  proba: Float64Array | null,
  nClasses: number,
  weights?: Weights,
) => number;

export interface MetricDef {
  name: string;
  /** Whether a higher or a lower value is better. */
  direction: Direction;
  tasks: readonly Task[];
  /** Needs predicted probabilities (not only predicted classes). */
  needsProba: boolean;
  /** One line for help text and reports. */
  description: string;
  fn: MetricFn;
}

const CLF: readonly Task[] = ['binary', 'multiclass'];
const REG: readonly Task[] = ['regression'];

function proba(p: Float64Array | null, name: string): Float64Array {
  if (p == null) throw new InputError(`metric ${name} needs predicted probabilities`);
  return p;
}

const k = (nClasses: number) => (nClasses > 0 ? nClasses : undefined);

function def(
  name: string,
  direction: Direction,
  tasks: readonly Task[],
  needsProba: boolean,
  description: string,
  fn: MetricFn,
): MetricDef {
  return { name, direction, tasks, needsProba, description, fn };
}

const f1 =
  (average: 'macro' | 'weighted' | 'micro' | 'binary'): MetricFn =>
  (t, p, _q, n, w) =>
    precisionRecallF(t, p, { average, nClasses: k(n), weights: w }).fScore;

/** All registered metrics, by name. */
export const METRICS: Readonly<Record<string, MetricDef>> = Object.freeze(
  Object.fromEntries(
    [
      def('accuracy', 'higher', CLF, false, 'share of rows predicted right', (t, p, _q, n, w) =>
        accuracy(t, p, w, k(n)),
      ),
      def('balanced_accuracy', 'higher', CLF, false, 'mean recall over classes', (t, p, _q, n, w) =>
        balancedAccuracy(t, p, w, k(n)),
      ),
      def('f1', 'higher', ['binary'], false, 'F1 of the positive class', f1('binary')),
      def('f1_macro', 'higher', CLF, false, 'unweighted mean F1 over classes', f1('macro')),
      def('f1_weighted', 'higher', CLF, false, 'support-weighted mean F1 over classes', f1('weighted')),
      def('mcc', 'higher', CLF, false, 'Matthews correlation coefficient', (t, p, _q, n, w) =>
        matthewsCorrcoef(t, p, w, k(n)),
      ),
      def('kappa', 'higher', CLF, false, "Cohen's kappa", (t, p, _q, n, w) => cohenKappa(t, p, w, k(n))),
      def('roc_auc', 'higher', CLF, true, 'ROC AUC (multiclass: one-vs-rest macro)', (t, _p, q, n, w) =>
        rocAuc(t, proba(q, 'roc_auc'), k(n), { weights: w }),
      ),
      def(
        'roc_auc_weighted',
        'higher',
        CLF,
        true,
        'ROC AUC, one-vs-rest weighted by prevalence',
        (t, _p, q, n, w) =>
          rocAuc(t, proba(q, 'roc_auc_weighted'), k(n), { weights: w, average: 'weighted' }),
      ),
      def(
        'pr_auc',
        'higher',
        CLF,
        true,
        'average precision (multiclass: one-vs-rest macro)',
        (t, _p, q, n, w) => averagePrecision(t, proba(q, 'pr_auc'), k(n), { weights: w }),
      ),
      def('log_loss', 'lower', CLF, true, 'mean negative log-likelihood', (t, _p, q, n, w) =>
        logLoss(t, proba(q, 'log_loss'), k(n), w),
      ),
      def('brier', 'lower', CLF, true, 'Brier score (multiclass: summed over classes)', (t, _p, q, n, w) =>
        brierScore(t, proba(q, 'brier'), k(n), w),
      ),
      def('ece', 'lower', CLF, true, 'expected calibration error, 10 equal-width bins', (t, _p, q, n, w) =>
        expectedCalibrationError(t, proba(q, 'ece'), k(n), { weights: w }),
      ),
      def('r2', 'higher', REG, false, 'coefficient of determination', (t, p, _q, _n, w) => r2(t, p, w)),
      def('explained_variance', 'higher', REG, false, 'explained variance', (t, p, _q, _n, w) =>
        explainedVariance(t, p, w),
      ),
      def('rmse', 'lower', REG, false, 'root mean squared error', (t, p, _q, _n, w) =>
        rootMeanSquaredError(t, p, w),
      ),
      def('mse', 'lower', REG, false, 'mean squared error', (t, p, _q, _n, w) => meanSquaredError(t, p, w)),
      def('mae', 'lower', REG, false, 'mean absolute error', (t, p, _q, _n, w) => meanAbsoluteError(t, p, w)),
      def('mape', 'lower', REG, false, 'mean absolute percentage error (fraction)', (t, p, _q, _n, w) =>
        meanAbsolutePercentageError(t, p, w),
      ),
      def('median_ae', 'lower', REG, false, 'median absolute error', (t, p, _q, _n, w) =>
        medianAbsoluteError(t, p, w),
      ),
      def('max_error', 'lower', REG, false, 'largest absolute error', (t, p) => maxError(t, p)),
    ].map((m) => [m.name, m]),
  ),
);

/** The default metric AutoML optimises per task. */
export const DEFAULT_METRIC: Readonly<Record<Task, string>> = {
  binary: 'roc_auc',
  multiclass: 'log_loss',
  regression: 'rmse',
};

/** Names of the metrics that apply to a task. */
export function metricNames(task: Task, withProba = true): string[] {
  return Object.values(METRICS)
    .filter((m) => m.tasks.includes(task) && (withProba || !m.needsProba))
    .map((m) => m.name);
}

/** Look a metric up by name; throws a message listing the valid names. */
export function getMetric(name: string, task?: Task): MetricDef {
  const m = METRICS[name];
  const valid = task ? metricNames(task) : Object.keys(METRICS);
  if (!m || (task && !m.tasks.includes(task))) {
    throw new InputError(
      `unknown metric "${name}"${task ? ` for ${task}` : ''}; choose one of ${valid.join(', ')}`,
    );
  }
  return m;
}

/** True when `a` is a better value than `b` for the metric (NaN is never better). */
export function isBetter(metric: MetricDef, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return metric.direction === 'higher' ? a > b : a < b;
}

export interface MetricsOptions {
  /** K; inferred from the probabilities or the largest class index when omitted. */
  nClasses?: number;
  weights?: Weights;
}

/**
 * Every metric that applies to the task, as a plain `{ name: value }` object (registry order). Probability
 * metrics are included only when `proba` is given. Classification also reports precision_macro,
 * recall_macro and, for binary, precision / recall of class 1.
 */
export function metricsFor(
  task: Task,
  yTrue: Vec,
  yPred: Vec,
  proba?: Vec | null,
  options: MetricsOptions = {},
): Record<string, number> {
  const t = Float64Array.from(yTrue);
  const p = Float64Array.from(yPred);
  const q = proba == null ? null : Float64Array.from(proba);
  let n = 0;
  if (task !== 'regression') {
    n = options.nClasses ?? 0;
    if (n === 0 && q != null && t.length > 0) n = q.length === t.length ? 2 : Math.round(q.length / t.length);
    if (n === 0) n = task === 'binary' ? 2 : 0;
  }
  const w = options.weights;
  const out: Record<string, number> = {};
  // multiclass ROC AUC: one pass per class serves both averages
  const perClassAuc = task === 'multiclass' && q != null ? rocAucPerClass(t, q, k(n), w) : null;
  for (const m of Object.values(METRICS)) {
    if (!m.tasks.includes(task) || (m.needsProba && q == null)) continue;
    if (perClassAuc && m.name === 'roc_auc') out[m.name] = averagePerClass(perClassAuc, 'macro');
    else if (perClassAuc && m.name === 'roc_auc_weighted')
      out[m.name] = averagePerClass(perClassAuc, 'weighted');
    else if (task === 'binary' && m.name === 'roc_auc_weighted') out[m.name] = out.roc_auc!;
    else out[m.name] = m.fn(t, p, q, n, w);
  }
  if (task !== 'regression') {
    const macro = precisionRecallF(t, p, { average: 'macro', nClasses: k(n), weights: w });
    out.precision_macro = macro.precision;
    out.recall_macro = macro.recall;
    if (task === 'binary') {
      const bin = precisionRecallF(t, p, { average: 'binary', nClasses: k(n), weights: w });
      out.precision = bin.precision;
      out.recall = bin.recall;
    }
  }
  return out;
}
