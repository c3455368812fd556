/**
 * Fast prediction over all trees of a model. Trees are flattened into one node table (four Int32 per node:
 * unused, slot, left child, right child, children pre-multiplied by 4, plus a Float64 threshold), leaves
 * included as nodes whose two children are themselves. Every test is the same branch-free step
 *
 *   node = P[node + 2 + (slotValue > threshold)]
 *
 * on a per-row "slot" value, so rows never take a hard-to-predict branch inside a tree:
 * - numeric node, missing values go left: the raw value (NaN > t is false, so NaN goes left);
 * - numeric node, missing values go right: the value with NaN replaced by +Infinity;
 * - numeric node with threshold +Infinity and missing right ("missing or not"): a 0/1 is-missing slot;
 * - categorical node: a 0/1 slot per node, 1 when the value is not one of the node's left categories
 *   (missing values use the node's learned direction).
 * Rows are processed in blocks: the block's slot values are gathered into a row-major Float64 buffer, then
 * each tree (its few hundred bytes stay in L1) walks eight rows at once, interleaved so the eight
 * dependent load chains overlap, until all eight sit at leaves. Leaf values are added in boosting order,
 * so the scores equal those of a plain tree-by-tree walk (`walkRawScores`) bit for bit.
 *
 * Large batches take faster paths when available, with the same scores bit for bit: trees compiled to
 * JavaScript (codegen.ts; needs `new Function`), and in Node, rows split across worker threads
 * (predict-workers.ts). `predictSettings` chooses.
 */
import type { FeatureMatrix } from '../types.js';
import { buildKernels, type ForestKernel, type ForestSource, forestSource, runKernels } from './codegen.js';
import { parallelForestScores } from './predict-workers.js';
import type { TreeData } from './treeData.js';

export interface PredictSettings {
  /** Compile trees to JavaScript: for batches large enough to pay ('auto'), always, or never. */
  compile: 'auto' | 'always' | 'never';
  /**
   * Worker threads (Node only) besides the calling one for batches of compiled trees above minParallelWork
   * (rows x trees): 'auto' uses all cores but one.
   */
  workers: 'auto' | number;
  minParallelWork: number;
  /** Keep the table walk for forests whose source would exceed this many characters (about 60 per node). */
  maxSourceChars: number;
}

export const predictSettings: PredictSettings = {
  compile: 'auto',
  workers: 'auto',
  minParallelWork: 10_000_000,
  maxSourceChars: 8_000_000,
};

/**
 * 'auto' compiles a forest once it has been asked for this many rows x trees in all. V8 takes about 5 ms of
 * CPU per compiled tree to optimize the kernels, and they then save about 25 ns per row and tree over the
 * table walk (breast_cancer, 31 leaves), so compiling pays after some 200k rows.
 */
const COMPILE_AFTER_WORK = 25_000_000;

let nextForestId = 1;

/** A compiled forest: its source (for workers), kernels, and an id naming it to workers. */
export interface CompiledForest {
  id: number;
  src: ForestSource;
  kernels: ForestKernel[];
}

export interface FlatForest {
  nTrees: number;
  /** Raw-score columns per row. */
  nOutputs: number;
  /** Per tree: raw-score column, root node offset (x4) and first leaf offset (x4): node q is a leaf iff 4q >= leafFrom. */
  output: Int32Array;
  root: Int32Array;
  leafFrom: Int32Array;
  /** Per node, 4 ints: [unused, slot, left x4, right x4]. */
  nodes: Int32Array;
  threshold: Float64Array;
  leafValue: Float64Array;
  /** Slots per row. */
  width: number;
  /** Slot of each feature's raw value, its NaN-as-+Infinity value and its is-missing flag (-1: not used). */
  rawSlot: Int32Array;
  infSlot: Int32Array;
  nanSlot: Int32Array;
  /** Categorical nodes: their slot, feature, missing-goes-left flag and bitset (bits[at] = word count, then words). */
  catSlot: Int32Array;
  catFeature: Int32Array;
  catMissingLeft: Uint8Array;
  catAt: Int32Array;
  bits: Uint32Array;
  /** The trees, compiled on demand (undefined: not tried yet; null: unavailable), rows x trees asked for. */
  trees: TreeData[];
  compiled: CompiledForest | null | undefined;
  work: number;
}

/** Flatten trees (tree t adds to raw-score column outputs[t]) over nFeatures feature columns. */
export function flattenForest(
  trees: TreeData[],
  outputs: Int32Array,
  nOutputs: number,
  nFeatures: number,
): FlatForest {
  const nTrees = trees.length;
  let nNodes = 0;
  let nCat = 0;
  let nWords = 0;
  for (const tr of trees) {
    nNodes += tr.feature.length + tr.leafValue.length;
    for (const c of tr.categories) {
      if (!c) continue;
      nCat++;
      nWords += 1 + (c.length ? (c[c.length - 1]! >>> 5) + 1 : 0);
    }
  }
  const rawSlot = new Int32Array(nFeatures).fill(-1);
  const infSlot = new Int32Array(nFeatures).fill(-1);
  const nanSlot = new Int32Array(nFeatures).fill(-1);
  let width = 0;
  const slotOf = (arr: Int32Array, f: number): number => {
    if (arr[f]! < 0) arr[f] = width++;
    return arr[f]!;
  };
  const ff: FlatForest = {
    nTrees,
    nOutputs,
    output: outputs,
    root: new Int32Array(nTrees),
    leafFrom: new Int32Array(nTrees),
    nodes: new Int32Array(4 * nNodes),
    threshold: new Float64Array(nNodes),
    leafValue: new Float64Array(nNodes),
    width: 0,
    rawSlot,
    infSlot,
    nanSlot,
    catSlot: new Int32Array(nCat),
    catFeature: new Int32Array(nCat),
    catMissingLeft: new Uint8Array(nCat),
    catAt: new Int32Array(nCat),
    bits: new Uint32Array(nWords),
    trees,
    compiled: undefined,
    work: 0,
  };
  const { nodes, threshold, leafValue } = ff;
  let o = 0;
  let c = 0;
  let w = 0;
  for (let t = 0; t < nTrees; t++) {
    const tr = trees[t]!;
    const ni = tr.feature.length;
    const nl = tr.leafValue.length;
    const at = (child: number) => 4 * (child >= 0 ? o + child : o + ni + ~child);
    ff.root[t] = 4 * o;
    ff.leafFrom[t] = 4 * (o + ni);
    for (let i = 0; i < ni; i++) {
      const q = o + i;
      const f = tr.feature[i]!;
      const cats = tr.categories[i];
      let slot: number;
      if (cats) {
        slot = width++;
        ff.catSlot[c] = slot;
        ff.catFeature[c] = f;
        ff.catMissingLeft[c] = tr.defaultLeft[i]!;
        ff.catAt[c] = w;
        const words = cats.length ? (cats[cats.length - 1]! >>> 5) + 1 : 0;
        ff.bits[w] = words;
        for (const code of cats) ff.bits[w + 1 + (code >>> 5)]! |= 1 << (code & 31);
        w += 1 + words;
        c++;
        threshold[q] = 0.5;
      } else {
        const thr = tr.threshold[i]!;
        if (tr.defaultLeft[i] === 1) {
          slot = slotOf(rawSlot, f);
          threshold[q] = thr;
        } else if (thr === Number.POSITIVE_INFINITY) {
          slot = slotOf(nanSlot, f);
          threshold[q] = 0.5;
        } else {
          slot = slotOf(infSlot, f);
          threshold[q] = thr;
        }
      }
      nodes[4 * q + 1] = slot;
      nodes[4 * q + 2] = at(tr.left[i]!);
      nodes[4 * q + 3] = at(tr.right[i]!);
    }
    for (let l = 0; l < nl; l++) {
      const q = o + ni + l;
      nodes[4 * q + 2] = 4 * q;
      nodes[4 * q + 3] = 4 * q;
      threshold[q] = Number.POSITIVE_INFINITY;
      leafValue[q] = tr.leafValue[l]!;
    }
    o += ni + nl;
  }
  // At least one slot so that leaves (slot 0) always read inside the row.
  ff.width = Math.max(1, width);
  return ff;
}

/** Gather the slot values of rows r0..r0+m-1 into buf (row-major, `width` per row). */
function fillSlots(f: FlatForest, cols: ArrayLike<number>[], buf: Float64Array, r0: number, m: number): void {
  const { width: W, rawSlot, infSlot, nanSlot, catSlot, catFeature, catMissingLeft, catAt, bits } = f;
  const nf = rawSlot.length;
  for (let j = 0; j < nf; j++) {
    const col = cols[j]!;
    const a = rawSlot[j]!;
    const b = infSlot[j]!;
    const c = nanSlot[j]!;
    if (a >= 0) for (let i = 0, o = a; i < m; i++, o += W) buf[o] = col[r0 + i]!;
    if (b >= 0) {
      for (let i = 0, o = b; i < m; i++, o += W) {
        const x = col[r0 + i]!;
        buf[o] = Number.isNaN(x) ? Number.POSITIVE_INFINITY : x;
      }
    }
    if (c >= 0) {
      for (let i = 0, o = c; i < m; i++, o += W) {
        const x = col[r0 + i]!;
        buf[o] = Number.isNaN(x) ? 1 : 0;
      }
    }
  }
  const nCat = catSlot.length;
  for (let k = 0; k < nCat; k++) {
    const col = cols[catFeature[k]!]!;
    const at = catAt[k]!;
    const nw = bits[at]!;
    const missing = catMissingLeft[k] === 1 ? 0 : 1;
    for (let i = 0, o = catSlot[k]!; i < m; i++, o += W) {
      const x = col[r0 + i]!;
      if (Number.isNaN(x)) {
        buf[o] = missing;
        continue;
      }
      const code = x | 0;
      buf[o] =
        code === x &&
        code >= 0 &&
        code >>> 5 < nw &&
        ((bits[at + 1 + (code >>> 5)]! >>> (code & 31)) & 1) === 1
          ? 0
          : 1;
    }
  }
}

/** The forest's compiled kernels when settings allow and the work pays; null for the table walk. */
export function compiledForest(f: FlatForest, nRows: number): CompiledForest | null {
  const mode = predictSettings.compile;
  if (mode === 'never' || f.nTrees === 0) return null;
  if (f.compiled !== undefined) return f.compiled;
  f.work += nRows * f.nTrees;
  if (mode === 'auto' && f.work < COMPILE_AFTER_WORK) return null;
  const src = forestSource(f.trees, f.output, f.nOutputs, { maxChars: predictSettings.maxSourceChars });
  const kernels = src && buildKernels(src);
  f.compiled = kernels ? { id: nextForestId++, src: src!, kernels } : null;
  return f.compiled;
}

/**
 * Add the trees' outputs to `out` (row-major n x nOutputs, holding the initial scores), for the rows of X:
 * compiled trees (split across worker threads for big batches in Node) when available, else the table walk.
 */
export function addFlatForestScores(f: FlatForest, X: FeatureMatrix, out: Float64Array): void {
  const c = compiledForest(f, X.nRows);
  if (!c) {
    walkFlatForest(f, X, out);
    return;
  }
  const w = predictSettings.workers;
  if (w !== 0 && X.nRows * f.nTrees >= predictSettings.minParallelWork) {
    if (parallelForestScores(c, f.nOutputs, X, out, w)) return;
  }
  runKernels(c.kernels, X.columns, out, 0, X.nRows);
}

/** The table walk (see the top of the file): adds the trees' outputs to `out` for the rows of X. */
export function walkFlatForest(f: FlatForest, X: FeatureMatrix, out: Float64Array): void {
  const {
    nTrees: T,
    nOutputs: K,
    width: W,
    output,
    root,
    leafFrom,
    nodes: P,
    threshold: thr,
    leafValue: val,
  } = f;
  if (T === 0) return;
  const n = X.nRows;
  const cols = X.columns;
  // About 16 KB of slot values per block (multiple of 8 rows, 8..256 rows).
  const block = Math.max(8, Math.min(256, Math.floor(2048 / W) & ~7));
  const buf = new Float64Array(block * W);
  for (let r0 = 0; r0 < n; r0 += block) {
    const m = Math.min(block, n - r0);
    fillSlots(f, cols, buf, r0, m);
    for (let t = 0; t < T; t++) {
      const r = root[t]!;
      const lf = leafFrom[t]!;
      const k = output[t]!;
      let i = 0;
      for (; i + 8 <= m; i += 8) {
        const b0 = i * W;
        const b1 = b0 + W;
        const b2 = b1 + W;
        const b3 = b2 + W;
        const b4 = b3 + W;
        const b5 = b4 + W;
        const b6 = b5 + W;
        const b7 = b6 + W;
        let q0 = r;
        let q1 = r;
        let q2 = r;
        let q3 = r;
        let q4 = r;
        let q5 = r;
        let q6 = r;
        let q7 = r;
        // (1 & -(a > b)) is 1 or 0 without a branch.
        while (
          ((q0 - lf) | (q1 - lf) | (q2 - lf) | (q3 - lf) | (q4 - lf) | (q5 - lf) | (q6 - lf) | (q7 - lf)) <
          0
        ) {
          q0 = P[q0 + 2 + (1 & -(buf[b0 + P[q0 + 1]!]! > thr[q0 >> 2]!))]!;
          q1 = P[q1 + 2 + (1 & -(buf[b1 + P[q1 + 1]!]! > thr[q1 >> 2]!))]!;
          q2 = P[q2 + 2 + (1 & -(buf[b2 + P[q2 + 1]!]! > thr[q2 >> 2]!))]!;
          q3 = P[q3 + 2 + (1 & -(buf[b3 + P[q3 + 1]!]! > thr[q3 >> 2]!))]!;
          q4 = P[q4 + 2 + (1 & -(buf[b4 + P[q4 + 1]!]! > thr[q4 >> 2]!))]!;
          q5 = P[q5 + 2 + (1 & -(buf[b5 + P[q5 + 1]!]! > thr[q5 >> 2]!))]!;
          q6 = P[q6 + 2 + (1 & -(buf[b6 + P[q6 + 1]!]! > thr[q6 >> 2]!))]!;
          q7 = P[q7 + 2 + (1 & -(buf[b7 + P[q7 + 1]!]! > thr[q7 >> 2]!))]!;
        }
        const o0 = (r0 + i) * K + k;
        out[o0] += val[q0 >> 2]!;
        out[o0 + K] += val[q1 >> 2]!;
        out[o0 + 2 * K] += val[q2 >> 2]!;
        out[o0 + 3 * K] += val[q3 >> 2]!;
        out[o0 + 4 * K] += val[q4 >> 2]!;
        out[o0 + 5 * K] += val[q5 >> 2]!;
        out[o0 + 6 * K] += val[q6 >> 2]!;
        out[o0 + 7 * K] += val[q7 >> 2]!;
      }
      for (; i < m; i++) {
        const b0 = i * W;
        let q0 = r;
        while (q0 < lf) q0 = P[q0 + 2 + (1 & -(buf[b0 + P[q0 + 1]!]! > thr[q0 >> 2]!))]!;
        out[(r0 + i) * K + k] += val[q0 >> 2]!;
      }
    }
  }
}

/**
 * Reference prediction: initial scores plus every tree walked row by row in boosting order (tree t adds to
 * column t % nOutputs). Slow; the fast path must match it exactly.
 */
export function walkRawScores(
  trees: TreeData[],
  initScore: Float64Array,
  nOutputs: number,
  X: FeatureMatrix,
): Float64Array {
  const K = nOutputs;
  const out = new Float64Array(X.nRows * K);
  for (let i = 0; i < X.nRows; i++) for (let k = 0; k < K; k++) out[i * K + k] = initScore[k]!;
  for (let t = 0; t < trees.length; t++) addTreeScores(trees[t]!, X, null, out, t % K, K);
  return out;
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
