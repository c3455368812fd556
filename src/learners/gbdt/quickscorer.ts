/**
 * QuickScorer prediction (Lucchese et al., SIGIR 2015) for trees of at most 32 leaves: instead of walking
 * each tree with a hard-to-predict branch per node, every row keeps one 32-bit leaf mask per tree.
 * Leaves are numbered left to right; a node whose test fails (the row goes right) clears the leaves of
 * its left subtree. The row's leaf is then the lowest bit still set. Numeric tests are visited per feature
 * in ascending threshold order, stopping at the first threshold >= the value, so the work is a run of
 * independent AND operations. Missing values clear the masks of nodes that send them right; categorical
 * tests are checked one by one.
 */
import type { FeatureMatrix } from '../types.js';
import type { TreeData } from './treeData.js';

export const QS_MAX_LEAVES = 32;

export interface QuickScorerForest {
  nTrees: number;
  /** Raw-score column each tree adds to. */
  output: Int32Array;
  nFeatures: number;
  /** Numeric nodes per feature, sorted by threshold: [featStart[f], featStart[f+1]). */
  featStart: Int32Array;
  threshold: Float64Array;
  tree: Int32Array;
  mask: Int32Array;
  /** Nodes that send missing values right, per feature. */
  missStart: Int32Array;
  missTree: Int32Array;
  missMask: Int32Array;
  /** Categorical nodes per feature, with their left-going codes as bitsets in `bits` (word count first). */
  catStart: Int32Array;
  catTree: Int32Array;
  catMask: Int32Array;
  catDefaultLeft: Uint8Array;
  catAt: Int32Array;
  bits: Uint32Array;
  /** Leaf values by tree and left-to-right leaf position: leafValue[t * 32 + position]. */
  leafValue: Float64Array;
}

/** Left-to-right leaf order of a tree and, per internal node, the leaf-position range of its left subtree. */
function leafRanges(t: TreeData): { order: number[]; leftFrom: Int32Array; leftTo: Int32Array } {
  const ni = t.feature.length;
  const order: number[] = [];
  const leftFrom = new Int32Array(ni);
  const leftTo = new Int32Array(ni);
  const visit = (c: number): void => {
    if (c < 0) {
      order.push(~c);
      return;
    }
    leftFrom[c] = order.length;
    visit(t.left[c]!);
    leftTo[c] = order.length;
    visit(t.right[c]!);
  };
  visit(ni > 0 ? 0 : -1);
  return { order, leftFrom, leftTo };
}

export function packQuickScorer(
  trees: TreeData[],
  outputs: Int32Array,
  nFeatures: number,
): QuickScorerForest {
  const nTrees = trees.length;
  type Num = { thr: number; tree: number; mask: number };
  type Cat = { tree: number; mask: number; left: number; codes: Int32Array };
  const num: Num[][] = Array.from({ length: nFeatures }, () => []);
  const miss: { tree: number; mask: number }[][] = Array.from({ length: nFeatures }, () => []);
  const cat: Cat[][] = Array.from({ length: nFeatures }, () => []);
  const leafValue = new Float64Array(nTrees * QS_MAX_LEAVES);
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t]!;
    const { order, leftFrom, leftTo } = leafRanges(tr);
    if (order.length > QS_MAX_LEAVES) throw new Error('quickscorer: tree with more than 32 leaves');
    for (let p = 0; p < order.length; p++) leafValue[t * QS_MAX_LEAVES + p] = tr.leafValue[order[p]!]!;
    for (let i = 0; i < tr.feature.length; i++) {
      const width = leftTo[i]! - leftFrom[i]!;
      const mask = ~(((2 ** width - 1) | 0) << leftFrom[i]!);
      const f = tr.feature[i]!;
      const codes = tr.categories[i];
      if (codes) cat[f]!.push({ tree: t, mask, left: tr.defaultLeft[i]!, codes });
      else {
        num[f]!.push({ thr: tr.threshold[i]!, tree: t, mask });
        if (tr.defaultLeft[i] === 0) miss[f]!.push({ tree: t, mask });
      }
    }
  }
  const starts = (lists: unknown[][]) => {
    const s = new Int32Array(nFeatures + 1);
    for (let f = 0; f < nFeatures; f++) s[f + 1] = s[f]! + lists[f]!.length;
    return s;
  };
  const featStart = starts(num);
  const missStart = starts(miss);
  const catStart = starts(cat);
  const nNum = featStart[nFeatures]!;
  const nCat = catStart[nFeatures]!;
  const q: QuickScorerForest = {
    nTrees,
    output: outputs,
    nFeatures,
    featStart,
    threshold: new Float64Array(nNum),
    tree: new Int32Array(nNum),
    mask: new Int32Array(nNum),
    missStart,
    missTree: new Int32Array(missStart[nFeatures]!),
    missMask: new Int32Array(missStart[nFeatures]!),
    catStart,
    catTree: new Int32Array(nCat),
    catMask: new Int32Array(nCat),
    catDefaultLeft: new Uint8Array(nCat),
    catAt: new Int32Array(nCat),
    bits: new Uint32Array(0),
    leafValue,
  };
  const words: number[] = [];
  for (let f = 0; f < nFeatures; f++) {
    // Stable sort keeps tree order among equal thresholds.
    const sorted = num[f]!.map((e, i) => [e, i] as const).sort((a, b) => a[0].thr - b[0].thr || a[1] - b[1]);
    let o = featStart[f]!;
    for (const [e] of sorted) {
      q.threshold[o] = e.thr;
      q.tree[o] = e.tree;
      q.mask[o++] = e.mask;
    }
    o = missStart[f]!;
    for (const e of miss[f]!) {
      q.missTree[o] = e.tree;
      q.missMask[o++] = e.mask;
    }
    o = catStart[f]!;
    for (const e of cat[f]!) {
      q.catTree[o] = e.tree;
      q.catMask[o] = e.mask;
      q.catDefaultLeft[o] = e.left;
      q.catAt[o++] = words.length;
      const nw = e.codes.length ? (e.codes[e.codes.length - 1]! >>> 5) + 1 : 0;
      const at = words.length;
      words.push(nw);
      for (let k = 0; k < nw; k++) words.push(0);
      for (const c of e.codes)
        words[at + 1 + (c >>> 5)] = (words[at + 1 + (c >>> 5)]! | (1 << (c & 31))) >>> 0;
    }
  }
  q.bits = Uint32Array.from(words);
  return q;
}

/** Add the forest's outputs to the row-major raw scores `out` (n x nOutputs). */
export function addQuickScorerScores(
  q: QuickScorerForest,
  X: FeatureMatrix,
  nOutputs: number,
  out: Float64Array,
): void {
  const n = X.nRows;
  const T = q.nTrees;
  if (T === 0) return;
  const v = new Int32Array(T);
  const {
    featStart,
    threshold,
    tree,
    mask,
    missStart,
    missTree,
    missMask,
    catStart,
    catTree,
    catMask,
    catDefaultLeft,
    catAt,
    bits,
    leafValue,
    output,
  } = q;
  // Features that some node tests, and whether any of them is categorical.
  const used: number[] = [];
  let anyCat = false;
  for (let f = 0; f < q.nFeatures; f++) {
    if (featStart[f + 1]! > featStart[f]! || catStart[f + 1]! > catStart[f]!) used.push(f);
    if (catStart[f + 1]! > catStart[f]!) anyCat = true;
  }
  const feats = Int32Array.from(used);
  const cols = feats.length ? Array.from(feats, (f) => X.columns[f]!) : [];
  const nu = feats.length;
  for (let r = 0; r < n; r++) {
    v.fill(-1);
    for (let u = 0; u < nu; u++) {
      const f = feats[u]!;
      const x = cols[u]![r]!;
      if (Number.isNaN(x)) {
        const me = missStart[f + 1]!;
        for (let j = missStart[f]!; j < me; j++) v[missTree[j]!]! &= missMask[j]!;
      } else {
        const e = featStart[f + 1]!;
        for (let j = featStart[f]!; j < e && threshold[j]! < x; j++) v[tree[j]!]! &= mask[j]!;
      }
      if (anyCat) {
        const ce = catStart[f + 1]!;
        for (let j = catStart[f]!; j < ce; j++) {
          let left: boolean;
          if (Number.isNaN(x)) left = catDefaultLeft[j] === 1;
          else {
            const at = catAt[j]!;
            const c = x | 0;
            left =
              c === x &&
              c >= 0 &&
              c >>> 5 < bits[at]! &&
              ((bits[at + 1 + (c >>> 5)]! >>> (c & 31)) & 1) === 1;
          }
          if (!left) v[catTree[j]!]! &= catMask[j]!;
        }
      }
    }
    const ob = r * nOutputs;
    if (nOutputs === 1) {
      let s = 0;
      for (let t = 0; t < T; t++) {
        const m = v[t]!;
        s += leafValue[t * 32 + 31 - Math.clz32(m & -m)]!;
      }
      out[ob] += s;
    } else {
      for (let t = 0; t < T; t++) {
        const m = v[t]!;
        out[ob + output[t]!] += leafValue[t * 32 + 31 - Math.clz32(m & -m)]!;
      }
    }
  }
}
