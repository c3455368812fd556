/** Parameters of linear_regression, ridge and lasso, their defaults and checks. */
import { resolveParams, rules } from '../preprocess/checks.js';
import { DESIGN_PARAM_DEFAULTS, DESIGN_PARAM_RULES, type DesignParams } from '../preprocess/params.js';

export type LinearParams = DesignParams;

export interface RidgeParams extends DesignParams {
  /** L2 strength: minimizes |y - Xw - b|^2 + alpha |w|^2 (scikit-learn Ridge); the intercept is free. */
  alpha: number;
}

export interface LassoParams extends DesignParams {
  /** L1 strength: minimizes |y - Xw - b|^2 / (2n) + alpha |w|_1 (scikit-learn Lasso). */
  alpha: number;
  /** Coordinate-descent sweeps cap. */
  max_iter: number;
  /** Stop when the duality gap is at most tol * |y - mean(y)|^2 (scikit-learn's criterion). */
  tol: number;
}

export const LINEAR_DEFAULTS: LinearParams = { ...DESIGN_PARAM_DEFAULTS };
export const RIDGE_DEFAULTS: RidgeParams = { alpha: 1, ...DESIGN_PARAM_DEFAULTS };
export const LASSO_DEFAULTS: LassoParams = { alpha: 1, max_iter: 10000, tol: 1e-6, ...DESIGN_PARAM_DEFAULTS };

export function resolveLinearParams(given: Partial<LinearParams> | undefined): LinearParams {
  return resolveParams('linear_regression', LINEAR_DEFAULTS, given, DESIGN_PARAM_RULES);
}

export function resolveRidgeParams(given: Partial<RidgeParams> | undefined): RidgeParams {
  return resolveParams('ridge', RIDGE_DEFAULTS, given, { alpha: rules.nonNegative, ...DESIGN_PARAM_RULES });
}

export function resolveLassoParams(given: Partial<LassoParams> | undefined): LassoParams {
  return resolveParams('lasso', LASSO_DEFAULTS, given, {
    alpha: rules.nonNegative,
    max_iter: rules.intAtLeast(1),
    tol: rules.positive,
    ...DESIGN_PARAM_RULES,
  });
}
