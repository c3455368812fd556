/**
 * random_forest and extra_trees: bagged CART trees (Breiman 2001) and extremely randomized trees (Geurts
 * et al. 2006), scikit-learn's defaults: 100 fully grown trees, max_features sqrt of the features for
 * classification and all of them for regression; random_forest draws a bootstrap sample per tree and
 * reports its out-of-bag score (model.oobScore), extra_trees uses all rows and one random threshold per
 * examined feature. Missing values and categorical features are handled by the trees (see tree/index.ts);
 * extra_trees draws its random thresholds on category codes as numbers.
 * Browser-safe; single-threaded.
 */
import type { Learner, ModelJSON } from '../types.js';
import { fitForest } from './fit.js';
import { ForestModel } from './model.js';
import {
  EXTRA_TREES_DEFAULTS,
  type ForestParams,
  RANDOM_FOREST_DEFAULTS,
  resolveForestParams,
} from './params.js';

export { ForestModel, type ForestState } from './model.js';
export { EXTRA_TREES_DEFAULTS, type ForestParams, RANDOM_FOREST_DEFAULTS } from './params.js';

function forestLearner(name: string, defaults: ForestParams, randomSplits: boolean): Learner<ForestParams> {
  return {
    name,
    tasks: ['binary', 'multiclass', 'regression'],
    defaults,
    fit: (X, y, options) => {
      const p = resolveForestParams(name, defaults, options.params, options.task);
      const f = fitForest(name, X, y, options, p, randomSplits);
      return new ForestModel({
        learner: name,
        task: options.task,
        nClasses: options.task === 'regression' ? 0 : options.nClasses,
        params: { ...p },
        featureNames: [...X.names],
        trees: f.trees,
        oobScore: f.oobScore,
        oobRows: f.oobRows,
      });
    },
    fromJSON: (json: ModelJSON) => ForestModel.fromJSON(json, name),
  };
}

export const randomForest: Learner<ForestParams> = forestLearner(
  'random_forest',
  RANDOM_FOREST_DEFAULTS,
  false,
);
export const extraTrees: Learner<ForestParams> = forestLearner('extra_trees', EXTRA_TREES_DEFAULTS, true);
