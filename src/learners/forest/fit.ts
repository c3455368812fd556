/**
 * Growing a forest: each tree on a bootstrap sample (random_forest) or all rows (extra_trees), examining
 * a random subset of features at each split (max_features), with best (random_forest) or random
 * (extra_trees) thresholds. The data is prepared once (sorted value ranks per feature) and the growing
 * buffers are reused by every tree. Out-of-bag rows are scored as the trees are grown.
 */
import { InputError } from '../../errors.js';
import { rng } from '../../util/random.js';
import { prepareTrainData } from '../tree/data.js';
import { checkWeights, makeGrower } from '../tree/fit.js';
import { chunkAllocator } from '../tree/grow.js';
import { pruneTree } from '../tree/prune.js';
import type { TreeArrays } from '../tree/treeArrays.js';
import type { FeatureMatrix, FitOptions } from '../types.js';
import type { ForestParams } from './params.js';

export interface ForestFit {
  trees: TreeArrays[];
  /** Out-of-bag accuracy (classification) or R2 (regression); null when not computed. */
  oobScore: number | null;
  /** Rows that were out of bag for at least one tree. */
  oobRows: number;
}

/** Leaf of row i in a tree (before packing). Categorical splits have a NaN threshold. */
function leafIndex(t: TreeArrays, cols: Float64Array[], i: number): number {
  const { feature, threshold, left, right, missingLeft } = t;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const x = cols[f]![i]!;
    const th = threshold[node]!;
    if (x <= th) node = left[node]!;
    else if (Number.isNaN(x)) node = missingLeft[node] === 1 ? left[node]! : right[node]!;
    else if (!Number.isNaN(th)) node = right[node]!;
    else node = t.catLeft[node]!.includes(x) ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}

export function fitForest(
  learner: string,
  X: FeatureMatrix,
  y: Float64Array,
  options: FitOptions<ForestParams>,
  p: ForestParams,
  randomSplits: boolean,
): ForestFit {
  const { task } = options;
  checkWeights(learner, options.weights, X.nRows);
  const data = prepareTrainData(learner, X, y, task, options.nClasses);
  const { splitter, grower } = makeGrower(data, { ...p, random_splits: randomSplits }, task);
  const n = data.nRows;
  const K = data.nOut;
  const userW = options.weights;
  const nDraw =
    p.max_samples === null
      ? n
      : p.max_samples <= 1
        ? Math.max(1, Math.round(p.max_samples * n))
        : Math.min(p.max_samples, n);
  const oob = p.bootstrap && p.oob_score;
  const oobSum = oob ? new Float64Array(n * K) : null;
  const oobCnt = oob ? new Int32Array(n) : null;
  const counts = new Int32Array(n);
  const master = rng(options.seed ?? 0);
  const trees: TreeArrays[] = [];
  // bootstrap counts without sample weights are integers: exact in Float32 below 2^24 rows
  const alloc = chunkAllocator(data.classification && !userW && n < 1 << 24);
  /** Per leaf of the current tree: its class when pure, else -1 (classification OOB shortcut). */
  let pure = new Int32Array(0);
  for (let t = 0; t < p.n_estimators; t++) {
    const r = rng(master.int(0x7fffffff));
    const w = splitter.w;
    const idx = splitter.idx;
    let nIn = 0;
    if (p.bootstrap) {
      counts.fill(0);
      for (let k = 0; k < nDraw; k++) counts[r.int(n)]++;
      for (let i = 0; i < n; i++) {
        const v = counts[i]! * (userW ? userW[i]! : 1);
        w[i] = v;
        if (v > 0) idx[nIn++] = i;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = userW ? userW[i]! : 1;
        w[i] = v;
        if (v > 0) idx[nIn++] = i;
      }
    }
    if (nIn === 0) continue;
    const tree = pruneTree(grower.grow(nIn, r, alloc), p.ccp_alpha);
    trees.push(tree);
    if (oobSum && oobCnt) {
      const v = tree.value;
      if (data.classification) {
        if (pure.length < tree.nNodes) pure = new Int32Array(tree.nNodes * 2);
        for (let node = 0; node < tree.nNodes; node++) {
          let c = -1;
          if (tree.feature[node]! < 0) {
            for (let k = 0; k < K; k++) {
              if (v[node * K + k]! > 0) {
                if (c === -1) c = k;
                else {
                  c = -2;
                  break;
                }
              }
            }
          }
          pure[node] = c;
        }
      }
      for (let i = 0; i < n; i++) {
        if (counts[i]! > 0) continue;
        const leaf = leafIndex(tree, data.columns, i);
        oobCnt[i]++;
        if (!data.classification) oobSum[i] += v[leaf]!;
        else if (pure[leaf]! >= 0) oobSum[i * K + pure[leaf]!] += 1;
        else {
          let s = 0;
          for (let k = 0; k < K; k++) s += v[leaf * K + k]!;
          for (let k = 0; k < K; k++) oobSum[i * K + k] += v[leaf * K + k]! / s;
        }
      }
    }
    if (options.onIteration?.(t) === false) break;
  }
  if (trees.length === 0)
    throw new InputError(
      `${learner}: no tree could be grown (every bootstrap sample drew only rows of weight 0)`,
    );
  let oobScore: number | null = null;
  let oobRows = 0;
  if (oobSum && oobCnt) {
    let correct = 0;
    let ss = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      if (oobCnt[i]! === 0) continue;
      oobRows++;
      if (data.classification) {
        let best = 0;
        for (let k = 1; k < K; k++) if (oobSum[i * K + k]! > oobSum[i * K + best]!) best = k;
        if (best === data.yClass[i]) correct++;
      } else {
        const e = oobSum[i]! / oobCnt[i]! - data.yValue[i]!;
        ss += e * e;
        mean += data.yValue[i]!;
      }
    }
    if (oobRows > 0) {
      if (data.classification) oobScore = correct / oobRows;
      else {
        mean /= oobRows;
        let st = 0;
        for (let i = 0; i < n; i++) if (oobCnt[i]! > 0) st += (data.yValue[i]! - mean) ** 2;
        oobScore = st > 0 ? 1 - ss / st : 0;
      }
    }
  }
  return { trees, oobScore, oobRows };
}
