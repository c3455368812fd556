/**
 * decision_tree: CART (Breiman et al.) in the scikit-learn way, native TypeScript on typed arrays.
 * - Criteria: gini or entropy (classification), squared error (regression); scikit-learn's stopping rules
 *   (max_depth, min_samples_split, min_samples_leaf, min_impurity_decrease, max_leaf_nodes best-first),
 *   max_features sampling, minimal cost-complexity pruning (ccp_alpha) and its pruning path.
 * - Thresholds are midpoints between consecutive distinct values; rows go left when x <= threshold.
 * - Missing values (NaN) are accepted: at each split both sides are tried for them and the better one is
 *   kept (and "missing vs. present" is a split too); a split learned without missing rows sends them to
 *   the child with more training rows. A feature missing everywhere is never split on.
 * - Categorical features (codes 0..k-1 with categories set): by default ('sorted') categories are ordered
 *   at each node by the proportion of class 1 (binary) or the target mean (regression), which finds the
 *   best partition into two groups (Breiman); the split stores the codes that go left, and codes not seen
 *   in the node go right. Multiclass targets (and categorical: 'ordinal') split codes as numbers.
 * - Sample weights are honoured (rows of weight 0 are ignored). Same data, same seed, same tree.
 * Browser-safe.
 */
import type { FeatureMatrix, FitOptions, Learner, ModelJSON } from '../types.js';
import { fitTree, costComplexityPruningPath as pathOf } from './fit.js';
import { DecisionTreeModel } from './model.js';
import { TREE_DEFAULTS, type TreeParams } from './params.js';
import type { PruningPath } from './prune.js';

export { DecisionTreeModel, type DecisionTreeState } from './model.js';
export type { CategoricalSplit, Criterion, MaxFeatures, TreeParams } from './params.js';
export { TREE_DEFAULTS } from './params.js';
export type { PruningPath } from './prune.js';
export type { PlainTree, TreeArrays, TreeJSON } from './treeArrays.js';

export const decisionTree: Learner<TreeParams> = {
  name: 'decision_tree',
  tasks: ['binary', 'multiclass', 'regression'],
  defaults: TREE_DEFAULTS,
  fit: (X, y, options) => {
    const { params, data, tree } = fitTree(X, y, options);
    return new DecisionTreeModel({
      task: options.task,
      nClasses: data.classification ? data.nOut : 0,
      params: { ...params },
      featureNames: [...X.names],
      tree,
    });
  },
  fromJSON: (json: ModelJSON) => DecisionTreeModel.fromJSON(json),
};

/** Effective alphas of minimal cost-complexity pruning of the full tree (scikit-learn's cost_complexity_pruning_path). */
export function costComplexityPruningPath(
  X: FeatureMatrix,
  y: Float64Array,
  options: FitOptions<TreeParams>,
): PruningPath {
  return pathOf(X, y, options);
}
