/**
 * Parameters of random_forest and extra_trees: scikit-learn's names and defaults (RandomForest*,
 * ExtraTrees*), the per-tree ones shared with decision_tree.
 */

import { checkParam, checkTreeParams, overlay, TREE_DEFAULTS, type TreeParams } from '../tree/params.js';
import type { Task } from '../types.js';

export interface ForestParams extends Omit<TreeParams, 'random_splits'> {
  /** Number of trees. */
  n_estimators: number;
  /** Grow each tree on a bootstrap sample (draws with replacement) instead of all rows. */
  bootstrap: boolean;
  /** Bootstrap draws per tree: null = as many as rows, a fraction in (0, 1] of the rows, or a count > 1. */
  max_samples: number | null;
  /** Score each training row with the trees that did not see it (bootstrap only): accuracy or R2 in the model. */
  oob_score: boolean;
}

const SHARED: Omit<ForestParams, 'bootstrap' | 'oob_score'> = {
  ...(({ random_splits: _r, ...rest }) => rest)(TREE_DEFAULTS),
  max_features: 'auto',
  n_estimators: 100,
  max_samples: null,
};

export const RANDOM_FOREST_DEFAULTS: ForestParams = { ...SHARED, bootstrap: true, oob_score: true };
export const EXTRA_TREES_DEFAULTS: ForestParams = { ...SHARED, bootstrap: false, oob_score: false };

export function resolveForestParams(
  learner: string,
  defaults: ForestParams,
  given: Partial<ForestParams> | undefined,
  task: Task,
): ForestParams {
  const p = overlay(learner, defaults, given);
  checkTreeParams(learner, { ...p, random_splits: false }, task);
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  checkParam(
    learner,
    int(p.n_estimators) && p.n_estimators >= 1,
    'n_estimators',
    'an integer >= 1',
    p.n_estimators,
  );
  checkParam(learner, typeof p.bootstrap === 'boolean', 'bootstrap', 'a boolean', p.bootstrap);
  checkParam(learner, typeof p.oob_score === 'boolean', 'oob_score', 'a boolean', p.oob_score);
  const ms = p.max_samples;
  checkParam(
    learner,
    ms === null || (typeof ms === 'number' && ((ms > 0 && ms <= 1) || (int(ms) && ms > 1))),
    'max_samples',
    'null, a fraction in (0, 1] or an integer count > 1',
    ms,
  );
  return p;
}
