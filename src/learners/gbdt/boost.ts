/**
 * The boosting loop: bin the features once, then every round compute gradients, grow one tree per raw
 * score output on a seeded row bag and feature sample, shrink its leaf values, and update the training
 * scores (in-bag rows through the tree's row partition, out-of-bag rows and validation rows by walking
 * the tree). Early stopping keeps the round with the lowest validation loss.
 */
import { rng } from '../../util/random.js';
import type { FeatureMatrix, FitOptions } from '../types.js';
import { binFeatures } from './binning.js';
import { checkFitInput, checkValidation, holdoutRows, takeRows, takeValues } from './inputs.js';
import { makeObjective, validationLoss } from './losses.js';
import { GbdtModel } from './model.js';
import { type GbdtParams, resolveParams } from './params.js';
import { addTreeScores } from './predict.js';
import { leafOutput } from './split.js';
import { TreeGrower } from './tree.js';
import type { TreeData } from './treeData.js';

export function fitGbdt(X0: FeatureMatrix, y0: Float64Array, options: FitOptions<GbdtParams>): GbdtModel {
  const params = resolveParams(options.params);
  const { task } = options;
  const nClasses = task === 'regression' ? 0 : options.nClasses;
  checkFitInput(X0, y0, task, nClasses, options.weights);
  const seed = options.seed ?? 0;
  const rBins = rng(seed);
  const rBag = rng(seed + 1);
  const rCols = rng(seed + 2);

  // Training rows and the validation set for early stopping.
  let X = X0;
  let y = y0;
  let w: Float64Array | null = options.weights ?? null;
  let valid: { X: FeatureMatrix; y: Float64Array } | null = null;
  if (options.validation) {
    checkValidation(X0, options.validation.X, options.validation.y, task, nClasses);
    if (options.validation.X.nRows > 0) valid = options.validation;
  } else if (params.validation_fraction > 0 && params.early_stopping_rounds > 0 && X0.nRows >= 2) {
    const split = holdoutRows(y0, task !== 'regression', params.validation_fraction, rng(seed + 3));
    if (split.valid.length > 0) {
      X = takeRows(X0, split.train);
      y = takeValues(y0, split.train);
      w = w ? takeValues(w, split.train) : null;
      valid = { X: takeRows(X0, split.valid), y: takeValues(y0, split.valid) };
      checkFitInput(X, y, task, nClasses, w ?? undefined);
    }
  }
  const earlyStop = valid !== null && params.early_stopping_rounds > 0;

  const n = X.nRows;
  const objective = makeObjective(task, nClasses, params.objective, params.huber_alpha, y, w);
  const K = objective.nOutputs;
  const data = binFeatures(X, params.max_bin, params.min_data_in_bin, params.bin_sample, rBins);
  const F = data.features.length;
  const grower = new TreeGrower(data, {
    numLeaves: params.num_leaves,
    maxDepth: params.max_depth,
    lambdaL1: params.lambda_l1,
    lambdaL2: params.lambda_l2,
    minChildSamples: params.min_child_samples,
    minChildWeight: params.min_child_weight,
    minSplitGain: params.min_split_gain,
    maxCatToOnehot: params.max_cat_to_onehot,
    maxCatThreshold: params.max_cat_threshold,
    catSmooth: params.cat_smooth,
    catL2: params.cat_l2,
    minDataPerGroup: params.min_data_per_group,
  });

  const init = objective.initScores();
  // Training scores class-major (output k of row i at k * n + i); validation scores row-major.
  const scores = new Float64Array(n * K);
  for (let k = 0; k < K; k++) scores.fill(init[k]!, k * n, (k + 1) * n);
  const vScores = valid ? new Float64Array(valid.X.nRows * K) : null;
  if (valid && vScores)
    for (let i = 0; i < valid.X.nRows; i++) for (let k = 0; k < K; k++) vScores[i * K + k] = init[k]!;
  // Gradient pairs go straight into the grower's buffer (its WebAssembly memory when the kernels run).
  const gh = grower.gh;
  const leafValues = new Float64Array(params.num_leaves);
  const lr = params.learning_rate;

  // Bagging state: a persistent permutation drawn from, and in/out-of-bag row lists.
  const nBag = Math.max(1, Math.min(n, Math.round(n * params.subsample)));
  const bagging = nBag < n;
  const perm = bagging ? Int32Array.from({ length: n }, (_, i) => i) : null;
  const inBag = bagging ? new Uint8Array(n) : null;
  const bag = bagging ? new Int32Array(nBag) : null;
  const oob = bagging ? new Int32Array(n - nBag) : null;
  const nCols = Math.max(1, Math.round(F * params.colsample));
  const colPerm = Int32Array.from({ length: F }, (_, i) => i);

  const trees: TreeData[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestRounds = 0;
  let rounds = 0;
  for (let it = 0; it < params.n_estimators; it++) {
    if (bagging && perm && inBag && bag && oob) drawBag(perm, nBag, inBag, bag, oob, rBag);
    objective.prepare(scores);
    let anySplit = false;
    for (let k = 0; k < K; k++) {
      objective.gradients(k, scores, gh);
      let feats: Int32Array | null = null;
      if (nCols < F) {
        for (let i = 0; i < nCols; i++) {
          const j = i + rCols.int(F - i);
          const t = colPerm[i]!;
          colPerm[i] = colPerm[j]!;
          colPerm[j] = t;
        }
        feats = colPerm.slice(0, nCols).sort();
      }
      const nl = grower.grow(gh, bag, feats);
      if (nl > 1) anySplit = true;
      for (let s = 0; s < nl; s++) {
        const v = objective.refits
          ? objective.refitLeaf(grower.rows, grower.leafBegin[s]!, grower.leafEnd[s]!, scores)
          : leafOutput(grower.leafG[s]!, grower.leafH[s]!, params.lambda_l1, params.lambda_l2);
        leafValues[s] = lr * v;
      }
      const tree = grower.toTree(leafValues, lr);
      const rows = grower.rows;
      const so = k * n;
      for (let s = 0; s < nl; s++) {
        const v = leafValues[s]!;
        const end = grower.leafEnd[s]!;
        for (let q = grower.leafBegin[s]!; q < end; q++) scores[so + rows[q]!] += v;
      }
      if (oob && oob.length > 0) addTreeScores(tree, X, oob, scores, so, 1);
      if (valid && vScores) addTreeScores(tree, valid.X, null, vScores, k, K);
      trees.push(tree);
    }
    rounds = it + 1;
    if (earlyStop && valid && vScores) {
      const loss = validationLoss(objective.name, valid.y, vScores, K, null);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestRounds = rounds;
      } else if (rounds - bestRounds >= params.early_stopping_rounds) break;
    }
    if (!anySplit) break; // no leaf can be split any more: further rounds would add nothing
    if (options.onIteration && options.onIteration(it) === false) break;
  }
  if (earlyStop && bestRounds > 0 && bestRounds < rounds) {
    trees.length = bestRounds * K;
    rounds = bestRounds;
  }
  return new GbdtModel({
    task,
    nClasses,
    params: { ...params },
    objective: objective.name,
    initScore: init,
    nOutputs: K,
    rounds,
    featureNames: [...X0.names],
    categorySizes: X0.categories.map((c) => (c ? c.length : null)),
    trees,
  });
}

/** Draw nBag rows without replacement (partial Fisher-Yates); fill the in-bag and out-of-bag lists in row order. */
function drawBag(
  perm: Int32Array,
  nBag: number,
  inBag: Uint8Array,
  bag: Int32Array,
  oob: Int32Array,
  r: ReturnType<typeof rng>,
): void {
  const n = perm.length;
  for (let i = 0; i < nBag; i++) {
    const j = i + r.int(n - i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  inBag.fill(0);
  for (let i = 0; i < nBag; i++) inBag[perm[i]!] = 1;
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (inBag[i] === 1) bag[a++] = i;
    else oob[b++] = i;
  }
}
