/**
 * A fitted CART tree as flat typed arrays (scikit-learn's `tree_` layout): node 0 is the root; an internal
 * node tests one feature and sends rows left or right; leaves have feature -1. Also the plain-array
 * forms for JSON and for explanations / export (TreeSHAP, ONNX TreeEnsemble).
 */

export interface TreeArrays {
  nNodes: number;
  /** Values per node: classes (classification) or 1 (regression). */
  nOut: number;
  /** Tested feature; -1 at leaves. */
  feature: Int32Array;
  /** Numeric split: rows with x <= threshold go left (+Infinity: every value left, missing right). NaN at leaves and categorical splits. */
  threshold: Float64Array;
  /** 1 when missing values (NaN) go left. */
  missingLeft: Uint8Array;
  /** Children; -1 at leaves. */
  left: Int32Array;
  right: Int32Array;
  /** Categorical split: the category codes that go left (sorted); other codes go right. null elsewhere. */
  catLeft: (Int32Array | null)[];
  /**
   * nNodes x nOut: weighted class counts (classification) or the weighted mean (regression). Forests
   * trained without sample weights store their (integer bootstrap) class counts as exact Float32.
   */
  value: Float64Array | Float32Array;
  /** Node impurity (gini, entropy in bits, or variance). */
  impurity: Float64Array;
  /** Training rows reaching the node (distinct rows: a bootstrap duplicate counts once, as in scikit-learn). */
  nSamples: Int32Array;
  /** Weighted training rows reaching the node (bootstrap counts times sample weights): the cover. */
  weightedNSamples: Float64Array;
}

/** A tree as plain arrays: the form handed to explanations and exporters. */
export interface PlainTree {
  feature: number[];
  /** null at leaves and categorical splits. */
  threshold: (number | null)[];
  categories: (number[] | null)[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Per node: class probabilities (classification) or the mean (regression). */
  value: number[][];
  nSamples: number[];
  weightedNSamples: number[];
  impurity: number[];
}

export interface TreeJSON {
  nOut: number;
  feature: number[];
  /** Thresholds; null at leaves and categorical splits; non-finite values as strings. */
  threshold: (number | string | null)[];
  missingLeft: number[];
  left: number[];
  right: number[];
  /** Categorical splits: node index and the codes going left. */
  catNodes: number[];
  catCodes: number[][];
  value: number[];
  /** Values stored as Float32 (integer class counts). */
  valueFloat32?: boolean;
  impurity: number[];
  nSamples: number[];
  weightedNSamples: number[];
}

const num = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
const unnum = (v: number | string | null): number =>
  v === null ? Number.NaN : typeof v === 'number' ? v : Number(v);

export function treeToJSON(t: TreeArrays): TreeJSON {
  const catNodes: number[] = [];
  const catCodes: number[][] = [];
  t.catLeft.forEach((c, i) => {
    if (c) {
      catNodes.push(i);
      catCodes.push(Array.from(c));
    }
  });
  return {
    nOut: t.nOut,
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold, (v) => (Number.isNaN(v) ? null : num(v))),
    missingLeft: Array.from(t.missingLeft),
    left: Array.from(t.left),
    right: Array.from(t.right),
    catNodes,
    catCodes,
    value: Array.from(t.value, (v) => num(v) as number),
    ...(t.value instanceof Float32Array ? { valueFloat32: true } : {}),
    impurity: Array.from(t.impurity, (v) => num(v) as number),
    nSamples: Array.from(t.nSamples),
    weightedNSamples: Array.from(t.weightedNSamples),
  };
}

export function treeFromJSON(j: TreeJSON): TreeArrays {
  const n = j.feature.length;
  const catLeft: (Int32Array | null)[] = new Array(n).fill(null);
  j.catNodes.forEach((node, k) => {
    catLeft[node] = Int32Array.from(j.catCodes[k]!);
  });
  return {
    nNodes: n,
    nOut: j.nOut,
    feature: Int32Array.from(j.feature),
    threshold: Float64Array.from(j.threshold, unnum),
    missingLeft: Uint8Array.from(j.missingLeft),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    catLeft,
    value: j.valueFloat32
      ? Float32Array.from(j.value as (number | string)[], unnum)
      : Float64Array.from(j.value as (number | string)[], unnum),
    impurity: Float64Array.from(j.impurity as (number | string)[], unnum),
    nSamples: Int32Array.from(j.nSamples),
    weightedNSamples: Float64Array.from(j.weightedNSamples),
  };
}

/** Plain-array form; classification values become probabilities. */
export function toPlainTree(t: TreeArrays, classification: boolean): PlainTree {
  const value: number[][] = [];
  for (let i = 0; i < t.nNodes; i++) {
    const v = Array.from(t.value.subarray(i * t.nOut, (i + 1) * t.nOut));
    if (classification) {
      const s = v.reduce((a, b) => a + b, 0);
      value.push(v.map((x) => (s > 0 ? x / s : 1 / v.length)));
    } else value.push(v);
  }
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold, (v) => (Number.isNaN(v) ? null : v)),
    categories: t.catLeft.map((c) => (c ? Array.from(c) : null)),
    missingLeft: Array.from(t.missingLeft, (v) => v === 1),
    left: Array.from(t.left),
    right: Array.from(t.right),
    value,
    nSamples: Array.from(t.nSamples),
    weightedNSamples: Array.from(t.weightedNSamples),
    impurity: Array.from(t.impurity),
  };
}

/** Depth of the tree (a lone leaf has depth 0). */
export function treeDepth(t: TreeArrays): number {
  const depth = new Int32Array(t.nNodes);
  let max = 0;
  for (let i = 0; i < t.nNodes; i++) {
    if (t.feature[i]! < 0) continue;
    const d = depth[i]! + 1;
    depth[t.left[i]!] = d;
    depth[t.right[i]!] = d;
    if (d > max) max = d;
  }
  return max;
}

export function nLeaves(t: TreeArrays): number {
  let c = 0;
  for (let i = 0; i < t.nNodes; i++) if (t.feature[i]! < 0) c++;
  return c;
}
