/**
 * logistic_regression: binary (sigmoid) and multinomial (softmax) logistic regression on the shared
 * preprocessing (imputation, one-hot, standard scaling). L2 penalty solved by L-BFGS, L1 by OWL-QN, both
 * to tight tolerance; the objective is scikit-learn's (C * sum of losses + penalty, intercept free), so
 * the fitted coefficients match LogisticRegression. Browser-safe.
 */
import { minimizeLbfgs } from '../../util/lbfgs.js';
import { checkFitInput } from '../preprocess/checks.js';
import { applyDesign, fitDesign } from '../preprocess/design.js';
import { designOptions } from '../preprocess/params.js';
import type { FeatureMatrix, FitOptions, Learner, ModelJSON } from '../types.js';
import { LogisticModel, type LogisticState } from './model.js';
import { binaryObjective, multinomialObjective } from './objective.js';
import { LOGISTIC_DEFAULTS, type LogisticParams, resolveLogisticParams } from './params.js';

export { LogisticModel, type LogisticState } from './model.js';
export { LOGISTIC_DEFAULTS, type LogisticParams } from './params.js';

function fitLogistic(X: FeatureMatrix, y: Float64Array, options: FitOptions<LogisticParams>): LogisticModel {
  checkFitInput('logistic_regression', X, y, options, ['binary', 'multiclass']);
  const p = resolveLogisticParams(options.params);
  const n = X.nRows;
  const K = options.nClasses;
  const design = fitDesign(X, designOptions(p));
  const d = applyDesign(design, X);
  // Row weights: sample weights times class weights, normalized to sum 1 (S keeps the scale for C).
  const sw = new Float64Array(n);
  for (let i = 0; i < n; i++) sw[i] = options.weights ? options.weights[i]! : 1;
  if (p.class_weight === 'balanced') {
    const counts = new Float64Array(K);
    for (let i = 0; i < n; i++) counts[y[i]!] += sw[i]!;
    let total = 0;
    let present = 0;
    for (let k = 0; k < K; k++) {
      total += counts[k]!;
      if (counts[k]! > 0) present++;
    }
    for (let i = 0; i < n; i++) sw[i] *= total / (present * counts[y[i]!]!);
  }
  let S = 0;
  for (let i = 0; i < n; i++) S += sw[i]!;
  for (let i = 0; i < n; i++) sw[i] /= S;
  const strength = 1 / (p.C * S);
  const l2 = p.penalty === 'l2' ? strength : 0;
  const nOutputs = K === 2 ? 1 : K;
  const width = d.cols.length + 1;
  const fg =
    nOutputs === 1 ? binaryObjective(d.cols, n, y, sw, l2) : multinomialObjective(d.cols, n, y, sw, K, l2);
  let l1: Float64Array | undefined;
  if (p.penalty === 'l1') {
    l1 = new Float64Array(nOutputs * width).fill(strength);
    for (let k = 0; k < nOutputs; k++) l1[k * width + width - 1] = 0;
  }
  const res = minimizeLbfgs(fg, new Float64Array(nOutputs * width), {
    maxIter: p.max_iter,
    gtol: p.tol,
    l1,
    onIteration: options.onIteration,
  });
  const state: LogisticState = {
    version: 1,
    design,
    nOutputs,
    weights: Array.from(res.x),
    iterations: res.iterations,
    converged: res.converged,
  };
  return new LogisticModel(options.task, K, { ...p }, state);
}

export const logisticRegression: Learner<LogisticParams> = {
  name: 'logistic_regression',
  tasks: ['binary', 'multiclass'],
  defaults: LOGISTIC_DEFAULTS,
  fit: fitLogistic,
  fromJSON: (json: ModelJSON) => LogisticModel.fromJSON(json),
};
