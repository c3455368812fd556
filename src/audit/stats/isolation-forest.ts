/**
 * Isolation forest (Liu, Ting and Zhou, 2008), as in scikit-learn's IsolationForest with its defaults:
 * each tree grows on a subsample of min(256, n) rows drawn without replacement, splitting on a random
 * feature (one that varies in the node) at a uniform random threshold between its minimum and maximum,
 * down to depth ceil(log2(subsample)). A row's path length is the depth of the leaf it falls into plus
 * c(rows in that leaf), the average path length of an unsuccessful search in a binary search tree. The
 * anomaly score is s = 2^(-E[h] / c(subsample)): near 1 for rows isolated in few splits, about 0.5 and
 * below for ordinary rows (scikit-learn's `score_samples` is -s).
 *
 * Inputs are column-major Float64Arrays without missing values. Seeded: same data and seed, same scores.
 */
import { rng } from '../../util/random.js';

export interface IsolationForestOptions {
  /** Number of trees (default 100). */
  trees?: number;
  /** Rows per tree (default 256, at most the number of rows). */
  sampleSize?: number;
  seed?: number;
}

export interface IsolationForest {
  trees: number;
  sampleSize: number;
  /** Nodes per tree block (2 * sampleSize - 1). */
  nodesPerTree: number;
  /** Split feature per node, -1 for a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  /** Absolute index of the left child; the right child is `right`, always the next node (`left + 1`). */
  left: Int32Array;
  right: Int32Array;
  /** For leaves: c(rows in the leaf). */
  leafAdjust: Float64Array;
}

const EULER = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points: c(n) (sklearn's _average_path_length). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

export function fitIsolationForest(
  columns: Float64Array[],
  nRows: number,
  options: IsolationForestOptions = {},
): IsolationForest {
  const trees = options.trees ?? 100;
  const psi = Math.max(1, Math.min(options.sampleSize ?? 256, nRows));
  const maxDepth = Math.max(0, Math.ceil(Math.log2(Math.max(psi, 2))));
  const nodesPerTree = 2 * psi - 1;
  const total = trees * nodesPerTree;
  const forest: IsolationForest = {
    trees,
    sampleSize: psi,
    nodesPerTree,
    feature: new Int32Array(total).fill(-1),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    leafAdjust: new Float64Array(total),
  };
  const r = rng(options.seed ?? 0);
  const p = columns.length;
  const pool = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) pool[i] = i;
  const sample = new Int32Array(psi);
  const featureOrder = new Int32Array(p);

  for (let t = 0; t < trees; t++) {
    // Subsample without replacement: a partial Fisher-Yates shuffle of the row pool.
    for (let i = 0; i < psi; i++) {
      const j = i + r.int(nRows - i);
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
      sample[i] = pool[i]!;
    }
    const base = t * nodesPerTree;
    let next = base + 1;

    const grow = (node: number, start: number, end: number, depth: number): void => {
      const size = end - start;
      if (depth >= maxDepth || size <= 1 || p === 0) {
        forest.leafAdjust[node] = averagePathLength(size);
        return;
      }
      // Random feature among those that vary in the node (drawn without replacement until one does).
      for (let k = 0; k < p; k++) featureOrder[k] = k;
      let f = -1;
      let lo = 0;
      let hi = 0;
      for (let remaining = p; remaining > 0; remaining--) {
        const pick = r.int(remaining);
        const cand = featureOrder[pick]!;
        featureOrder[pick] = featureOrder[remaining - 1]!;
        const col = columns[cand]!;
        let mn = col[sample[start]!]!;
        let mx = mn;
        for (let i = start + 1; i < end; i++) {
          const v = col[sample[i]!]!;
          if (v < mn) mn = v;
          else if (v > mx) mx = v;
        }
        if (mx > mn) {
          f = cand;
          lo = mn;
          hi = mx;
          break;
        }
      }
      if (f < 0) {
        forest.leafAdjust[node] = averagePathLength(size);
        return;
      }
      let thr = lo + r.next() * (hi - lo);
      if (thr >= hi) thr = lo;
      const col = columns[f]!;
      // Partition: values <= thr to the front.
      let i = start;
      let j = end - 1;
      while (i <= j) {
        if (col[sample[i]!]! <= thr) i++;
        else {
          const tmp = sample[i]!;
          sample[i] = sample[j]!;
          sample[j] = tmp;
          j--;
        }
      }
      const l = next++;
      const rgt = next++;
      forest.feature[node] = f;
      forest.threshold[node] = thr;
      forest.left[node] = l;
      forest.right[node] = rgt;
      grow(l, start, i, depth + 1);
      grow(rgt, i, end, depth + 1);
    };
    grow(base, 0, psi, 0);
  }
  return forest;
}

/** Rows scored together: their values are copied row-major and every tree walks the block while it is in cache. */
const BLOCK = 2048;

/** Anomaly scores s in (0, 1] of every row of column-major data (same columns as in fitting). */
export function isolationScores(
  forest: IsolationForest,
  columns: Float64Array[],
  nRows: number,
): Float64Array {
  const out = new Float64Array(nRows);
  const { feature, threshold, left, leafAdjust, trees, nodesPerTree } = forest;
  const norm = averagePathLength(forest.sampleSize);
  const p = columns.length;
  const x = new Float64Array(BLOCK * p);
  const total = new Float64Array(BLOCK);
  for (let b0 = 0; b0 < nRows; b0 += BLOCK) {
    const m = Math.min(BLOCK, nRows - b0);
    for (let j = 0; j < p; j++) {
      const col = columns[j]!;
      for (let i = 0; i < m; i++) x[i * p + j] = col[b0 + i]!;
    }
    total.fill(0);
    // Trees in order for every row: each row's path lengths are added in the same order as tree by tree.
    for (let t = 0; t < trees; t++) {
      const root = t * nodesPerTree;
      const f0 = feature[root]!;
      for (let i = 0; i < m; i++) {
        const off = i * p;
        let node = root;
        let depth = 0;
        let f = f0;
        while (f >= 0) {
          // The right child follows the left one: a branch-free step (the direction is a coin flip to the
          // CPU's predictor). NaN goes right, as with `x <= threshold ? left : right`.
          node = left[node]! + 1 - +(x[off + f]! <= threshold[node]!);
          f = feature[node]!;
          depth++;
        }
        total[i]! += depth + leafAdjust[node]!;
      }
    }
    for (let i = 0; i < m; i++) out[b0 + i] = norm > 0 ? 2 ** (-(total[i]! / trees) / norm) : 0.5;
  }
  return out;
}
