/**
 * Prediction by walking trees (used for trees with more than 32 leaves; smaller ones go through
 * QuickScorer). All trees are packed into flat typed arrays (one node table, one leaf table, category
 * bitsets in one Uint32Array); rows are copied in blocks from the column-major input into a row-major
 * buffer, then each row walks every tree. Node kinds: 0 numeric with missing right, 1 numeric with missing
 * left, 2 categorical with missing right, 3 categorical with missing left.
 */
import type { FeatureMatrix } from '../types.js';
import type { TreeData } from './treeData.js';

export interface PackedForest {
  nTrees: number;
  /** Raw-score columns per row. */
  nOutputs: number;
  /** Raw-score column each tree adds to. */
  output: Int32Array;
  nodeStart: Int32Array;
  leafStart: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  kind: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Categorical nodes: index of their bitset in `bits` (bits[i] = word count, then the words). */
  catAt: Int32Array;
  bits: Uint32Array;
  leafValue: Float64Array;
}

export function packForest(trees: TreeData[], outputs: Int32Array, nOutputs: number): PackedForest {
  const nTrees = trees.length;
  const nodeStart = new Int32Array(nTrees + 1);
  const leafStart = new Int32Array(nTrees + 1);
  let nWords = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t]!;
    nodeStart[t + 1] = nodeStart[t]! + tr.feature.length;
    leafStart[t + 1] = leafStart[t]! + tr.leafValue.length;
    for (const c of tr.categories) if (c) nWords += 1 + (c.length ? (c[c.length - 1]! >>> 5) + 1 : 0);
  }
  const N = nodeStart[nTrees]!;
  const f: PackedForest = {
    nTrees,
    nOutputs,
    output: outputs,
    nodeStart,
    leafStart,
    feature: new Int32Array(N),
    threshold: new Float64Array(N),
    kind: new Uint8Array(N),
    left: new Int32Array(N),
    right: new Int32Array(N),
    catAt: new Int32Array(N),
    bits: new Uint32Array(nWords),
    leafValue: new Float64Array(leafStart[nTrees]!),
  };
  let w = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t]!;
    const o = nodeStart[t]!;
    for (let i = 0; i < tr.feature.length; i++) {
      f.feature[o + i] = tr.feature[i]!;
      f.threshold[o + i] = tr.threshold[i]!;
      f.left[o + i] = tr.left[i]!;
      f.right[o + i] = tr.right[i]!;
      const cats = tr.categories[i];
      if (cats) {
        f.kind[o + i] = 2 + tr.defaultLeft[i]!;
        const words = cats.length ? (cats[cats.length - 1]! >>> 5) + 1 : 0;
        f.catAt[o + i] = w;
        f.bits[w] = words;
        for (const c of cats) f.bits[w + 1 + (c >>> 5)]! |= 1 << (c & 31);
        w += 1 + words;
      } else {
        f.kind[o + i] = tr.defaultLeft[i]!;
      }
    }
    f.leafValue.set(tr.leafValue, leafStart[t]!);
  }
  return f;
}

const BLOCK = 256;

/** Add the trees' outputs to `out` (row-major n x nOutputs, holding the initial scores), for the rows of X. */
export function addForestScores(f: PackedForest, X: FeatureMatrix, out: Float64Array): void {
  const nTrees = f.nTrees;
  if (nTrees === 0) return;
  const n = X.nRows;
  const nf = X.columns.length;
  const K = f.nOutputs;
  const buf = new Float64Array(BLOCK * nf);
  const { nodeStart, leafStart, feature, threshold, kind, left, right, catAt, bits, leafValue, output } = f;
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const m = Math.min(BLOCK, n - r0);
    for (let j = 0; j < nf; j++) {
      const col = X.columns[j]!;
      for (let i = 0; i < m; i++) buf[i * nf + j] = col[r0 + i]!;
    }
    for (let i = 0; i < m; i++) {
      const rb = i * nf;
      const ob = (r0 + i) * K;
      for (let t = 0; t < nTrees; t++) {
        const base = nodeStart[t]!;
        let node = nodeStart[t + 1]! > base ? 0 : -1;
        while (node >= 0) {
          const q = base + node;
          const x = buf[rb + feature[q]!]!;
          const k = kind[q]!;
          let goLeft: boolean;
          if (k === 0) goLeft = x <= threshold[q]!;
          else if (k === 1) goLeft = !(x > threshold[q]!);
          else if (Number.isNaN(x)) goLeft = k === 3;
          else {
            const at = catAt[q]!;
            const c = x | 0;
            goLeft =
              c === x &&
              c >= 0 &&
              c >>> 5 < bits[at]! &&
              ((bits[at + 1 + (c >>> 5)]! >>> (c & 31)) & 1) === 1;
          }
          node = goLeft ? left[q]! : right[q]!;
        }
        out[ob + output[t]!] += leafValue[leafStart[t]! + ~node]!;
      }
    }
  }
}

/**
 * Add one tree's output to scores[offset + r * stride] for the rows r in `rows` of X (all rows if null):
 * offset k, stride K for row-major n x K scores; offset k * n, stride 1 for class-major ones.
 */
export function addTreeScores(
  tree: TreeData,
  X: FeatureMatrix,
  rows: Int32Array | null,
  scores: Float64Array,
  offset: number,
  stride: number,
): void {
  const { feature, threshold, defaultLeft, categories, left, right, leafValue } = tree;
  const cols = X.columns;
  const single = feature.length === 0;
  const n = rows ? rows.length : X.nRows;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    let node = single ? -1 : 0;
    while (node >= 0) {
      const x = cols[feature[node]!]![r]!;
      let goLeft: boolean;
      if (Number.isNaN(x)) goLeft = defaultLeft[node] === 1;
      else {
        const cats = categories[node];
        goLeft = cats ? inSorted(cats, x) : x <= threshold[node]!;
      }
      node = goLeft ? left[node]! : right[node]!;
    }
    scores[offset + r * stride] += leafValue[~node]!;
  }
}

function inSorted(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
