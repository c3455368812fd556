/**
 * Parameters of the gbdt learner, their defaults (LightGBM's, which also match scikit-learn's
 * HistGradientBoosting where the two overlap) and their validation.
 */
import { InputError } from '../../errors.js';

export type RegressionObjective = 'squared_error' | 'absolute_error' | 'huber';

export interface GbdtParams {
  /** Boosting rounds (trees per class). */
  n_estimators: number;
  /** Shrinkage applied to every leaf value. */
  learning_rate: number;
  /** Maximum leaves per tree (leaf-wise growth picks the best leaf to split next). */
  num_leaves: number;
  /** Maximum depth of a tree; -1 for no limit. */
  max_depth: number;
  /** Minimum rows in a leaf (LightGBM min_data_in_leaf). */
  min_child_samples: number;
  /** Minimum hessian sum in a leaf (LightGBM min_sum_hessian_in_leaf). */
  min_child_weight: number;
  /** Minimum gain for a split to be made. */
  min_split_gain: number;
  /** L1 regularization of leaf values. */
  lambda_l1: number;
  /** L2 regularization of leaf values. */
  lambda_l2: number;
  /** Maximum number of value bins per feature (a missing-value bin comes on top); 2..255. */
  max_bin: number;
  /** Minimum (sampled) rows per numeric bin: with little data, rare neighbouring values share a bin. */
  min_data_in_bin: number;
  /** Rows sampled to place the bin edges. */
  bin_sample: number;
  /** Fraction of rows drawn (without replacement) for each round; 1 = all. */
  subsample: number;
  /** Fraction of features drawn for each tree; 1 = all. */
  colsample: number;
  /**
   * Stop when the validation loss has not improved for this many rounds, keeping the best round
   * (0 = never stop early). Only active with a validation set: `FitOptions.validation`, or an internal
   * hold-out when `validation_fraction` > 0. Without either (the default), all rounds are fit.
   */
  early_stopping_rounds: number;
  /** Hold out this fraction of the training rows for early stopping when no validation set is given (0 = none). */
  validation_fraction: number;
  /** Regression loss (classification always uses log loss). */
  objective: RegressionObjective;
  /** Huber loss: the transition point is this quantile of the absolute residuals, recomputed every round. */
  huber_alpha: number;
  /** Categorical features with at most this many categories present in a node use one-vs-rest splits. */
  max_cat_to_onehot: number;
  /** At most this many categories on the left side of a categorical split. */
  max_cat_threshold: number;
  /** Smoothing added to the hessian when ordering categories; categories with fewer rows are not split on. */
  cat_smooth: number;
  /** Extra L2 regularization for categorical splits. */
  cat_l2: number;
  /** Minimum rows per group of categories added to one side of a categorical split. */
  min_data_per_group: number;
}

export const GBDT_DEFAULTS: GbdtParams = {
  n_estimators: 100,
  learning_rate: 0.1,
  num_leaves: 31,
  max_depth: -1,
  min_child_samples: 20,
  min_child_weight: 1e-3,
  min_split_gain: 0,
  lambda_l1: 0,
  lambda_l2: 0,
  max_bin: 255,
  min_data_in_bin: 3,
  bin_sample: 200_000,
  subsample: 1,
  colsample: 1,
  early_stopping_rounds: 10,
  validation_fraction: 0,
  objective: 'squared_error',
  huber_alpha: 0.9,
  max_cat_to_onehot: 4,
  max_cat_threshold: 32,
  cat_smooth: 10,
  cat_l2: 10,
  min_data_per_group: 100,
};

function check(cond: boolean, name: string, rule: string, value: unknown): void {
  if (!cond) throw new InputError(`gbdt: parameter ${name} must be ${rule} (got ${JSON.stringify(value)})`);
}

/** Defaults overlaid with the given parameters, validated. Unknown keys are rejected. */
export function resolveParams(given: Partial<GbdtParams> | undefined): GbdtParams {
  const p: GbdtParams = { ...GBDT_DEFAULTS };
  for (const [k, v] of Object.entries(given ?? {})) {
    if (v === undefined) continue;
    if (!(k in GBDT_DEFAULTS)) throw new InputError(`gbdt: unknown parameter '${k}'`);
    (p as unknown as Record<string, unknown>)[k] = v;
  }
  const int = (v: number) => Number.isInteger(v);
  check(int(p.n_estimators) && p.n_estimators >= 1, 'n_estimators', 'an integer >= 1', p.n_estimators);
  check(p.learning_rate > 0 && Number.isFinite(p.learning_rate), 'learning_rate', '> 0', p.learning_rate);
  check(int(p.num_leaves) && p.num_leaves >= 2, 'num_leaves', 'an integer >= 2', p.num_leaves);
  check(
    int(p.max_depth) && (p.max_depth === -1 || p.max_depth >= 1),
    'max_depth',
    '-1 or an integer >= 1',
    p.max_depth,
  );
  check(
    int(p.min_child_samples) && p.min_child_samples >= 1,
    'min_child_samples',
    'an integer >= 1',
    p.min_child_samples,
  );
  check(p.min_child_weight >= 0, 'min_child_weight', '>= 0', p.min_child_weight);
  check(p.min_split_gain >= 0, 'min_split_gain', '>= 0', p.min_split_gain);
  check(p.lambda_l1 >= 0, 'lambda_l1', '>= 0', p.lambda_l1);
  check(p.lambda_l2 >= 0, 'lambda_l2', '>= 0', p.lambda_l2);
  check(int(p.max_bin) && p.max_bin >= 2 && p.max_bin <= 255, 'max_bin', 'an integer in 2..255', p.max_bin);
  check(
    int(p.min_data_in_bin) && p.min_data_in_bin >= 1,
    'min_data_in_bin',
    'an integer >= 1',
    p.min_data_in_bin,
  );
  check(int(p.bin_sample) && p.bin_sample >= 100, 'bin_sample', 'an integer >= 100', p.bin_sample);
  check(p.subsample > 0 && p.subsample <= 1, 'subsample', 'in (0, 1]', p.subsample);
  check(p.colsample > 0 && p.colsample <= 1, 'colsample', 'in (0, 1]', p.colsample);
  check(
    int(p.early_stopping_rounds) && p.early_stopping_rounds >= 0,
    'early_stopping_rounds',
    'an integer >= 0',
    p.early_stopping_rounds,
  );
  check(
    p.validation_fraction >= 0 && p.validation_fraction < 1,
    'validation_fraction',
    'in [0, 1)',
    p.validation_fraction,
  );
  check(
    ['squared_error', 'absolute_error', 'huber'].includes(p.objective),
    'objective',
    "'squared_error', 'absolute_error' or 'huber'",
    p.objective,
  );
  check(p.huber_alpha > 0 && p.huber_alpha < 1, 'huber_alpha', 'in (0, 1)', p.huber_alpha);
  check(
    int(p.max_cat_to_onehot) && p.max_cat_to_onehot >= 1,
    'max_cat_to_onehot',
    'an integer >= 1',
    p.max_cat_to_onehot,
  );
  check(
    int(p.max_cat_threshold) && p.max_cat_threshold >= 1,
    'max_cat_threshold',
    'an integer >= 1',
    p.max_cat_threshold,
  );
  check(p.cat_smooth >= 0, 'cat_smooth', '>= 0', p.cat_smooth);
  check(p.cat_l2 >= 0, 'cat_l2', '>= 0', p.cat_l2);
  check(
    int(p.min_data_per_group) && p.min_data_per_group >= 1,
    'min_data_per_group',
    'an integer >= 1',
    p.min_data_per_group,
  );
  return p;
}
