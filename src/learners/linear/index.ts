/**
 * Linear regression learners on the shared preprocessing (imputation, one-hot, standard scaling):
 * linear_regression (ordinary least squares, minimum-norm when rank deficient, so more features than rows
 * work), ridge (closed form; primal or dual by shape) and lasso (coordinate descent). Objectives and
 * intercept handling are scikit-learn's (intercept not penalized), so coefficients match LinearRegression,
 * Ridge and Lasso on the same design. Sample weights are supported. Browser-safe.
 */
import { checkFitInput } from '../preprocess/checks.js';
import { applyDesign, type DesignState, fitDesign } from '../preprocess/design.js';
import { type DesignParams, designOptions } from '../preprocess/params.js';
import type { FeatureMatrix, FitOptions, Learner, ModelJSON } from '../types.js';
import { type LinearLearnerName, LinearModel } from './model.js';
import {
  LASSO_DEFAULTS,
  type LassoParams,
  LINEAR_DEFAULTS,
  type LinearParams,
  RIDGE_DEFAULTS,
  type RidgeParams,
  resolveLassoParams,
  resolveLinearParams,
  resolveRidgeParams,
} from './params.js';
import { type Centered, center, solveLasso, solveRidge } from './solve.js';

export { type LinearLearnerName, LinearModel, type LinearState } from './model.js';
export type { LassoParams, LinearParams, RidgeParams } from './params.js';
export { LASSO_DEFAULTS, LINEAR_DEFAULTS, RIDGE_DEFAULTS } from './params.js';

function prepare(
  name: LinearLearnerName,
  X: FeatureMatrix,
  y: Float64Array,
  options: FitOptions<object>,
  p: DesignParams,
): { design: DesignState; c: Centered } {
  checkFitInput(name, X, y, options, ['regression']);
  const design = fitDesign(X, designOptions(p));
  const d = applyDesign(design, X);
  return { design, c: center(d.cols, X.nRows, y, options.weights) };
}

function finish(
  name: LinearLearnerName,
  params: object,
  design: DesignState,
  c: Centered,
  coef: Float64Array,
  iterations: number,
  converged: boolean,
): LinearModel {
  let intercept = c.yMean;
  for (let j = 0; j < coef.length; j++) intercept -= c.xMean[j]! * coef[j]!;
  return new LinearModel(
    name,
    { ...params },
    { version: 1, design, coef: Array.from(coef), intercept, iterations, converged },
  );
}

export const linearRegression: Learner<LinearParams> = {
  name: 'linear_regression',
  tasks: ['regression'],
  defaults: LINEAR_DEFAULTS,
  fit(X, y, options) {
    const p = resolveLinearParams(options.params);
    const { design, c } = prepare('linear_regression', X, y, options, p);
    return finish('linear_regression', p, design, c, solveRidge(c, 0), 0, true);
  },
  fromJSON: (json: ModelJSON) => LinearModel.fromJSON(json),
};

export const ridge: Learner<RidgeParams> = {
  name: 'ridge',
  tasks: ['regression'],
  defaults: RIDGE_DEFAULTS,
  fit(X, y, options) {
    const p = resolveRidgeParams(options.params);
    const { design, c } = prepare('ridge', X, y, options, p);
    return finish('ridge', p, design, c, solveRidge(c, p.alpha), 0, true);
  },
  fromJSON: (json: ModelJSON) => LinearModel.fromJSON(json),
};

export const lasso: Learner<LassoParams> = {
  name: 'lasso',
  tasks: ['regression'],
  defaults: LASSO_DEFAULTS,
  fit(X, y, options) {
    const p = resolveLassoParams(options.params);
    const { design, c } = prepare('lasso', X, y, options, p);
    const r = solveLasso(c, p.alpha, p.max_iter, p.tol, options.onIteration);
    return finish('lasso', p, design, c, r.coef, r.iterations, r.converged);
  },
  fromJSON: (json: ModelJSON) => LinearModel.fromJSON(json),
};
