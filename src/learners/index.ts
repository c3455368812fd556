/** The learners' public API: the contract, every learner, the registry and the shared preprocessing. */

export * from './baseline/index.js';
export * from './bayes/index.js';
export {
  EXTRA_TREES_DEFAULTS,
  extraTrees,
  ForestModel,
  type ForestParams,
  type ForestState,
  RANDOM_FOREST_DEFAULTS,
  randomForest,
} from './forest/index.js';
export { GBDT_DEFAULTS, GbdtModel, type GbdtParams, gbdt } from './gbdt/index.js';
export * from './knn/index.js';
export * from './linear/index.js';
export * from './logistic/index.js';
export * from './preprocess/index.js';
export * from './registry.js';
export {
  costComplexityPruningPath,
  DecisionTreeModel,
  type DecisionTreeState,
  decisionTree,
  TREE_DEFAULTS,
  type TreeParams,
} from './tree/index.js';
export * from './types.js';
