/**
 * Parameters of the CART decision tree (scikit-learn's names and defaults) and their validation. The
 * forests reuse the per-tree part.
 */
import { InputError } from '../../errors.js';
import type { Task } from '../types.js';

/** 'auto' = gini for classification, squared_error for regression. */
export type Criterion = 'auto' | 'gini' | 'entropy' | 'squared_error';

/**
 * Features examined per split: a count (integer > 1), a fraction of the features (a number in (0, 1];
 * 1 = all), 'sqrt', 'log2', null (all), or 'auto' (sqrt for classification, all for regression: the
 * forests' default, as in scikit-learn).
 */
export type MaxFeatures = number | 'sqrt' | 'log2' | 'auto' | null;

/** How categorical features are split (see README of the tree folder in index.ts). */
export type CategoricalSplit = 'sorted' | 'ordinal';

export interface TreeParams {
  criterion: Criterion;
  /** Maximum depth; null = grow until leaves are pure or too small. */
  max_depth: number | null;
  /** A node with fewer rows is not split. */
  min_samples_split: number;
  /** Each child of a split keeps at least this many rows. */
  min_samples_leaf: number;
  /** Grow best-first up to this many leaves; null = depth-first without a limit. */
  max_leaf_nodes: number | null;
  /** A split must decrease the weighted impurity (fraction of the total weight times the decrease) by this much. */
  min_impurity_decrease: number;
  max_features: MaxFeatures;
  /** Minimal cost-complexity pruning: subtrees whose effective alpha is <= ccp_alpha are pruned. */
  ccp_alpha: number;
  /**
   * 'sorted': at each node the categories of a categorical feature are ordered by the proportion of the
   * second class (binary) or the target mean (regression) and split as an ordered feature (Breiman's
   * optimal-partition shortcut); multiclass targets keep the code order. 'ordinal': codes are numbers.
   */
  categorical: CategoricalSplit;
  /** Extremely randomized splits: one random threshold per examined feature (extra trees). */
  random_splits: boolean;
}

export const TREE_DEFAULTS: TreeParams = {
  criterion: 'auto',
  max_depth: null,
  min_samples_split: 2,
  min_samples_leaf: 1,
  max_leaf_nodes: null,
  min_impurity_decrease: 0,
  max_features: null,
  ccp_alpha: 0,
  categorical: 'sorted',
  random_splits: false,
};

export function checkParam(learner: string, cond: boolean, name: string, rule: string, value: unknown): void {
  if (!cond)
    throw new InputError(`${learner}: parameter ${name} must be ${rule} (got ${JSON.stringify(value)})`);
}

/** Overlay `given` on `defaults`, rejecting unknown keys. */
export function overlay<P extends object>(learner: string, defaults: P, given: Partial<P> | undefined): P {
  const p = { ...defaults };
  for (const [k, v] of Object.entries(given ?? {})) {
    if (v === undefined) continue;
    if (!(k in defaults)) throw new InputError(`${learner}: unknown parameter '${k}'`);
    (p as Record<string, unknown>)[k] = v;
  }
  return p;
}

/** Validate the per-tree parameters (shared by the tree and the forests). */
export function checkTreeParams(learner: string, p: TreeParams, task: Task): void {
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  const c = (cond: boolean, name: keyof TreeParams, rule: string) =>
    checkParam(learner, cond, name, rule, p[name]);
  c(
    ['auto', 'gini', 'entropy', 'squared_error'].includes(p.criterion),
    'criterion',
    "'auto', 'gini', 'entropy' or 'squared_error'",
  );
  if (task === 'regression') {
    c(
      p.criterion === 'auto' || p.criterion === 'squared_error',
      'criterion',
      "'squared_error' for regression",
    );
  } else {
    c(p.criterion !== 'squared_error', 'criterion', "'gini' or 'entropy' for classification");
  }
  c(p.max_depth === null || (int(p.max_depth) && p.max_depth >= 1), 'max_depth', 'null or an integer >= 1');
  c(int(p.min_samples_split) && p.min_samples_split >= 2, 'min_samples_split', 'an integer >= 2');
  c(int(p.min_samples_leaf) && p.min_samples_leaf >= 1, 'min_samples_leaf', 'an integer >= 1');
  c(
    p.max_leaf_nodes === null || (int(p.max_leaf_nodes) && p.max_leaf_nodes >= 2),
    'max_leaf_nodes',
    'null or an integer >= 2',
  );
  c(
    typeof p.min_impurity_decrease === 'number' && p.min_impurity_decrease >= 0,
    'min_impurity_decrease',
    '>= 0',
  );
  const mf = p.max_features;
  c(
    mf === null ||
      mf === 'sqrt' ||
      mf === 'log2' ||
      mf === 'auto' ||
      (typeof mf === 'number' && ((mf > 0 && mf <= 1) || (int(mf) && mf > 1))),
    'max_features',
    "null, 'sqrt', 'log2', 'auto', a fraction in (0, 1] or an integer count > 1",
  );
  c(
    typeof p.ccp_alpha === 'number' && p.ccp_alpha >= 0 && Number.isFinite(p.ccp_alpha),
    'ccp_alpha',
    'a finite number >= 0',
  );
  c(p.categorical === 'sorted' || p.categorical === 'ordinal', 'categorical', "'sorted' or 'ordinal'");
  c(typeof p.random_splits === 'boolean', 'random_splits', 'a boolean');
}

/** Number of features examined per split. */
export function resolveMaxFeatures(mf: MaxFeatures, nFeatures: number, task: Task): number {
  let m: number;
  if (mf === null) m = nFeatures;
  else if (mf === 'auto') m = task === 'regression' ? nFeatures : Math.floor(Math.sqrt(nFeatures));
  else if (mf === 'sqrt') m = Math.floor(Math.sqrt(nFeatures));
  else if (mf === 'log2') m = Math.floor(Math.log2(nFeatures));
  else if (mf <= 1) m = Math.floor(mf * nFeatures);
  else m = mf;
  return Math.max(1, Math.min(nFeatures, m));
}

/** The criterion actually used. */
export function resolveCriterion(c: Criterion, task: Task): Exclude<Criterion, 'auto'> {
  if (c !== 'auto') return c;
  return task === 'regression' ? 'squared_error' : 'gini';
}
