/**
 * Prediction through one or many trees packed into shared flat arrays (node indices global across the
 * trees). Leaves carry their output directly: class probabilities or the regression value.
 */
import { InputError } from '../../errors.js';
import type { FeatureMatrix } from '../types.js';
import type { TreeArrays } from './treeArrays.js';

export interface PackedTrees {
  nTrees: number;
  nOut: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Categorical nodes: offset into catMember (-1 numeric) and the member table length. */
  catStart: Int32Array;
  catLen: Int32Array;
  /** 1 when the code at (catStart + code) goes left. */
  catMember: Uint8Array;
  /** Leaf outputs, leaf slot x nOut (probabilities for classification); a leaf's `left` holds its slot. */
  leafValue: Float64Array;
}

export function packTrees(trees: TreeArrays[], classification: boolean): PackedTrees {
  const nOut = trees[0]!.nOut;
  let total = 0;
  let catTotal = 0;
  let leaves = 0;
  for (const t of trees) {
    total += t.nNodes;
    for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! < 0) leaves++;
    for (const c of t.catLeft) if (c && c.length > 0) catTotal += c[c.length - 1]! + 1;
  }
  const p: PackedTrees = {
    nTrees: trees.length,
    nOut,
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    catStart: new Int32Array(total).fill(-1),
    catLen: new Int32Array(total),
    catMember: new Uint8Array(catTotal),
    leafValue: new Float64Array(leaves * nOut),
  };
  let off = 0;
  let cat = 0;
  let slot = 0;
  trees.forEach((t, ti) => {
    p.roots[ti] = off;
    for (let i = 0; i < t.nNodes; i++) {
      const g = off + i;
      const f = t.feature[i]!;
      p.feature[g] = f;
      p.threshold[g] = t.threshold[i]!;
      p.missingLeft[g] = t.missingLeft[i]!;
      p.left[g] = f < 0 ? slot : off + t.left[i]!;
      p.right[g] = f < 0 ? -1 : off + t.right[i]!;
      const c = t.catLeft[i];
      if (c) {
        const len = c.length > 0 ? c[c.length - 1]! + 1 : 0;
        p.catStart[g] = cat;
        p.catLen[g] = len;
        for (const code of c) p.catMember[cat + code] = 1;
        cat += len;
      }
      if (f < 0) {
        const base = i * nOut;
        const o = slot * nOut;
        if (classification) {
          let s = 0;
          for (let k = 0; k < nOut; k++) s += t.value[base + k]!;
          for (let k = 0; k < nOut; k++) p.leafValue[o + k] = s > 0 ? t.value[base + k]! / s : 1 / nOut;
        } else p.leafValue[o] = t.value[base]!;
        slot++;
      }
    }
    off += t.nNodes;
  });
  return p;
}

export function checkColumns(learner: string, X: FeatureMatrix, nFeatures: number): void {
  if (X.columns.length !== nFeatures) {
    throw new InputError(
      `${learner}: the model expects ${nFeatures} feature columns, got ${X.columns.length}`,
    );
  }
  for (const c of X.columns) {
    if (c.length !== X.nRows)
      throw new InputError(`${learner}: a feature column has ${c.length} values for ${X.nRows} rows`);
  }
}

/** Node index (global) of the leaf reached by row i in the tree rooted at `root`; its outputs start at leafValue[left[leaf] * nOut]. */
export function leafOf(p: PackedTrees, cols: Float64Array[], root: number, i: number): number {
  const { feature, threshold, missingLeft, left, right, catStart } = p;
  let node = root;
  let f = feature[node]!;
  while (f >= 0) {
    const x = cols[f]![i]!;
    const cs = catStart[node]!;
    if (cs < 0) {
      if (x <= threshold[node]!) node = left[node]!;
      else if (Number.isNaN(x)) node = missingLeft[node] ? left[node]! : right[node]!;
      else node = right[node]!;
    } else if (Number.isNaN(x)) node = missingLeft[node] ? left[node]! : right[node]!;
    else node = x >= 0 && x < p.catLen[node]! && p.catMember[cs + x] === 1 ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}

/**
 * Add scale x (leaf output) of trees [from, to) to out (row-major nRows x nOut), for the rows of X.
 */
export function addTreeOutputs(
  p: PackedTrees,
  X: FeatureMatrix,
  out: Float64Array,
  scale: number,
  from = 0,
  to = p.nTrees,
): void {
  const cols = X.columns;
  const n = X.nRows;
  const K = p.nOut;
  const { feature, threshold, missingLeft, left, right, catStart, leafValue } = p;
  for (let t = from; t < to; t++) {
    const root = p.roots[t]!;
    for (let i = 0; i < n; i++) {
      let node = root;
      let f = feature[node]!;
      while (f >= 0) {
        const x = cols[f]![i]!;
        const cs = catStart[node]!;
        if (cs < 0) {
          if (x <= threshold[node]!) node = left[node]!;
          else if (Number.isNaN(x)) node = missingLeft[node] ? left[node]! : right[node]!;
          else node = right[node]!;
        } else if (Number.isNaN(x)) node = missingLeft[node] ? left[node]! : right[node]!;
        else node = x >= 0 && x < p.catLen[node]! && p.catMember[cs + x] === 1 ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      if (K === 1) out[i] += scale * leafValue[left[node]!]!;
      else {
        const lb = left[node]! * K;
        const ob = i * K;
        for (let k = 0; k < K; k++) out[ob + k] += scale * leafValue[lb + k]!;
      }
    }
  }
}
