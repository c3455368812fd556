/** Parameters of knn, their defaults (scikit-learn's KNeighbors*) and checks. */
import { resolveParams, rules } from '../preprocess/checks.js';
import { DESIGN_PARAM_DEFAULTS, DESIGN_PARAM_RULES, type DesignParams } from '../preprocess/params.js';

export type KnnMetric = 'euclidean' | 'manhattan';

export interface KnnParams extends DesignParams {
  /** Neighbours consulted (capped at the number of training rows). */
  n_neighbors: number;
  /** 'uniform' votes, or 'distance': weight 1/d (exact matches take all the weight). */
  weights: 'uniform' | 'distance';
  metric: KnnMetric;
  /** 'auto' uses a KD-tree up to 15 design columns and brute force beyond; results are identical. */
  algorithm: 'auto' | 'kd_tree' | 'brute';
  /** Rows per KD-tree leaf. */
  leaf_size: number;
}

export const KNN_DEFAULTS: KnnParams = {
  n_neighbors: 5,
  weights: 'uniform',
  metric: 'euclidean',
  algorithm: 'auto',
  leaf_size: 30,
  ...DESIGN_PARAM_DEFAULTS,
};

export function resolveKnnParams(given: Partial<KnnParams> | undefined): KnnParams {
  return resolveParams('knn', KNN_DEFAULTS, given, {
    n_neighbors: rules.intAtLeast(1),
    weights: rules.oneOf('uniform', 'distance'),
    metric: rules.oneOf('euclidean', 'manhattan'),
    algorithm: rules.oneOf('auto', 'kd_tree', 'brute'),
    leaf_size: rules.intAtLeast(1),
    ...DESIGN_PARAM_RULES,
  });
}
