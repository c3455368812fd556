/** Fitting one decision tree: prepare the data, grow, prune. Also the pieces the forests share. */
import { InputError } from '../../errors.js';
import { rng } from '../../util/random.js';
import type { FeatureMatrix, FitOptions, Task } from '../types.js';
import { prepareTrainData, type TrainData } from './data.js';
import { TreeGrower } from './grow.js';
import {
  checkTreeParams,
  overlay,
  resolveCriterion,
  resolveMaxFeatures,
  TREE_DEFAULTS,
  type TreeParams,
} from './params.js';
import { ccpPath, type PruningPath, pruneTree } from './prune.js';
import { Crit, Splitter } from './split.js';
import type { TreeArrays } from './treeArrays.js';

export function criterionCode(p: TreeParams, task: Task): Crit {
  const c = resolveCriterion(p.criterion, task);
  return c === 'gini' ? Crit.Gini : c === 'entropy' ? Crit.Entropy : Crit.Mse;
}

/** A splitter and a grower for trees on `data` with per-tree parameters p. */
export function makeGrower(
  data: TrainData,
  p: TreeParams,
  task: Task,
): { splitter: Splitter; grower: TreeGrower } {
  const splitter = new Splitter(data, criterionCode(p, task), p.min_samples_leaf, p.categorical === 'sorted');
  const grower = new TreeGrower(splitter, {
    maxDepth: p.max_depth ?? Number.POSITIVE_INFINITY,
    minSamplesSplit: p.min_samples_split,
    minSamplesLeaf: p.min_samples_leaf,
    maxLeafNodes: p.max_leaf_nodes ?? 0,
    minImpurityDecrease: p.min_impurity_decrease,
    maxFeatures: resolveMaxFeatures(p.max_features, data.nFeatures, task),
    randomSplits: p.random_splits,
  });
  return { splitter, grower };
}

export function checkWeights(learner: string, weights: Float64Array | undefined, n: number): void {
  if (!weights) return;
  if (weights.length !== n)
    throw new InputError(`${learner}: ${weights.length} sample weights for ${n} rows`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i]!;
    if (!(v >= 0) || !Number.isFinite(v))
      throw new InputError(
        `${learner}: sample weight of row ${i + 1} is ${v}; weights must be finite and >= 0`,
      );
    s += v;
  }
  if (!(s > 0)) throw new InputError(`${learner}: the sample weights sum to 0`);
}

/** Load every row with positive weight into the splitter; returns their number. */
export function loadAllRows(splitter: Splitter, weights: Float64Array | undefined): number {
  const n = splitter.d.nRows;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = weights ? weights[i]! : 1;
    splitter.w[i] = v;
    if (v > 0) splitter.idx[m++] = i;
  }
  return m;
}

export interface FittedTree {
  params: TreeParams;
  data: TrainData;
  tree: TreeArrays;
  /** The tree before pruning. */
  unpruned: TreeArrays;
}

export function resolveTreeParams(given: Partial<TreeParams> | undefined, task: Task): TreeParams {
  const p = overlay('decision_tree', TREE_DEFAULTS, given);
  checkTreeParams('decision_tree', p, task);
  return p;
}

export function fitTree(X: FeatureMatrix, y: Float64Array, options: FitOptions<TreeParams>): FittedTree {
  const params = resolveTreeParams(options.params, options.task);
  checkWeights('decision_tree', options.weights, X.nRows);
  const data = prepareTrainData('decision_tree', X, y, options.task, options.nClasses);
  const { splitter, grower } = makeGrower(data, params, options.task);
  const nIn = loadAllRows(splitter, options.weights);
  const unpruned = grower.grow(nIn, rng(options.seed ?? 0));
  return { params, data, unpruned, tree: pruneTree(unpruned, params.ccp_alpha) };
}

/** scikit-learn's cost_complexity_pruning_path: alphas and leaf impurities of the unpruned tree's pruning sequence. */
export function costComplexityPruningPath(
  X: FeatureMatrix,
  y: Float64Array,
  options: FitOptions<TreeParams>,
): PruningPath {
  return ccpPath(fitTree(X, y, { ...options, params: { ...options.params, ccp_alpha: 0 } }).unpruned);
}
