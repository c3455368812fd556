/** Parameters of logistic_regression, their defaults (scikit-learn's where they overlap) and checks. */
import { resolveParams, rules } from '../preprocess/checks.js';
import { DESIGN_PARAM_DEFAULTS, DESIGN_PARAM_RULES, type DesignParams } from '../preprocess/params.js';

export interface LogisticParams extends DesignParams {
  /** Inverse regularization strength (like scikit-learn): the penalty is |w|^2 / (2C) or |w|_1 / C. */
  C: number;
  /** 'l2' (L-BFGS), 'l1' (OWL-QN) or 'none'. The intercept is never penalized. */
  penalty: 'l2' | 'l1' | 'none';
  /** Iteration cap of the solver. */
  max_iter: number;
  /** Stop when the largest gradient entry of the per-row-averaged objective is at most this. */
  tol: number;
  /** 'balanced' weights each class by n / (K * count). */
  class_weight: 'none' | 'balanced';
}

export const LOGISTIC_DEFAULTS: LogisticParams = {
  C: 1,
  penalty: 'l2',
  max_iter: 1000,
  tol: 1e-9,
  class_weight: 'none',
  ...DESIGN_PARAM_DEFAULTS,
};

export function resolveLogisticParams(given: Partial<LogisticParams> | undefined): LogisticParams {
  return resolveParams('logistic_regression', LOGISTIC_DEFAULTS, given, {
    C: rules.positive,
    penalty: rules.oneOf('l2', 'l1', 'none'),
    max_iter: rules.intAtLeast(1),
    tol: rules.positive,
    class_weight: rules.oneOf('none', 'balanced'),
    ...DESIGN_PARAM_RULES,
  });
}
