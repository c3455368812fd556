/**
 * One fitted tree, on raw feature values (not bins), in two forms:
 * - TreeData: typed arrays, internal nodes and leaves apart (LightGBM's layout); a child index >= 0 is an
 *   internal node, < 0 is the leaf ~index. A tree without a split has no internal node and one leaf.
 * - PlainTree: one node list with leaves as nodes, plain arrays, for explanations (TreeSHAP), export
 *   (ONNX TreeEnsemble) and inspection. Node 0 is the root.
 */

export interface TreeData {
  /** Feature index (into the FeatureMatrix columns) tested by each internal node. */
  feature: Int32Array;
  /** Numeric node: rows with x <= threshold go left (may be +Infinity: all values left, missing right). */
  threshold: Float64Array;
  /** 1 when missing values (NaN) go left. */
  defaultLeft: Uint8Array;
  /** Categorical node: the category codes that go left (sorted); unseen codes go right. null for numeric. */
  categories: (Int32Array | null)[];
  left: Int32Array;
  right: Int32Array;
  /** Loss reduction of the split. */
  gain: Float64Array;
  /** Value the node would output as a leaf (shrunk), its hessian sum (cover) and row count. */
  nodeValue: Float64Array;
  nodeHessian: Float64Array;
  nodeCount: Float64Array;
  /** Leaf outputs added to the raw score (shrinkage included), hessian sums and row counts. */
  leafValue: Float64Array;
  leafHessian: Float64Array;
  leafCount: Float64Array;
}

/** A tree as plain arrays with leaves as nodes (see `GbdtModel.trees()`). */
export interface PlainTree {
  /** Class whose raw score this tree adds to (always 0 for binary and regression). */
  classIndex: number;
  /** Tested feature index; -1 at a leaf. */
  feature: number[];
  /** Numeric split: go left when x <= threshold. null at leaves and categorical splits. */
  threshold: (number | null)[];
  /** Categorical split: category codes that go left; null elsewhere. */
  categories: (number[] | null)[];
  /** Where missing values (NaN) go at a split. */
  missingLeft: boolean[];
  /** Child node indices; -1 at a leaf. */
  left: number[];
  right: number[];
  /** Leaf: output added to the raw score. Internal node: the output it would have as a leaf. */
  value: number[];
  /** Sum of hessians of the training rows reaching the node (cover). */
  hessian: number[];
  /** Training rows reaching the node. */
  count: number[];
  /** Split gain; 0 at leaves. */
  gain: number[];
}

export function nInternal(t: TreeData): number {
  return t.feature.length;
}

/** Convert to the plain node-list form: internal nodes keep their indices, leaf i becomes node nInternal + i. */
export function toPlainTree(t: TreeData, classIndex: number): PlainTree {
  const ni = t.feature.length;
  const nl = t.leafValue.length;
  const child = (c: number) => (c >= 0 ? c : ni + ~c);
  const p: PlainTree = {
    classIndex,
    feature: [],
    threshold: [],
    categories: [],
    missingLeft: [],
    left: [],
    right: [],
    value: [],
    hessian: [],
    count: [],
    gain: [],
  };
  for (let i = 0; i < ni; i++) {
    const cats = t.categories[i];
    p.feature.push(t.feature[i]!);
    p.threshold.push(cats ? null : t.threshold[i]!);
    p.categories.push(cats ? Array.from(cats) : null);
    p.missingLeft.push(t.defaultLeft[i] === 1);
    p.left.push(child(t.left[i]!));
    p.right.push(child(t.right[i]!));
    p.value.push(t.nodeValue[i]!);
    p.hessian.push(t.nodeHessian[i]!);
    p.count.push(t.nodeCount[i]!);
    p.gain.push(t.gain[i]!);
  }
  for (let i = 0; i < nl; i++) {
    p.feature.push(-1);
    p.threshold.push(null);
    p.categories.push(null);
    p.missingLeft.push(false);
    p.left.push(-1);
    p.right.push(-1);
    p.value.push(t.leafValue[i]!);
    p.hessian.push(t.leafHessian[i]!);
    p.count.push(t.leafCount[i]!);
    p.gain.push(0);
  }
  return p;
}

/** JSON form of TreeData: plain number arrays; an infinite threshold is written as null. */
export interface TreeJSON {
  feature: number[];
  threshold: (number | null)[];
  defaultLeft: number[];
  categories: (number[] | null)[];
  left: number[];
  right: number[];
  gain: number[];
  nodeValue: number[];
  nodeHessian: number[];
  nodeCount: number[];
  leafValue: number[];
  leafHessian: number[];
  leafCount: number[];
}

export function treeToJSON(t: TreeData): TreeJSON {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold, (v) => (Number.isFinite(v) ? v : null)),
    defaultLeft: Array.from(t.defaultLeft),
    categories: t.categories.map((c) => (c ? Array.from(c) : null)),
    left: Array.from(t.left),
    right: Array.from(t.right),
    gain: Array.from(t.gain),
    nodeValue: Array.from(t.nodeValue),
    nodeHessian: Array.from(t.nodeHessian),
    nodeCount: Array.from(t.nodeCount),
    leafValue: Array.from(t.leafValue),
    leafHessian: Array.from(t.leafHessian),
    leafCount: Array.from(t.leafCount),
  };
}

export function treeFromJSON(j: TreeJSON): TreeData {
  const ni = j.feature.length;
  const nl = j.leafValue.length;
  const same = (a: unknown[] | undefined, n: number, what: string) => {
    if (!Array.isArray(a) || a.length !== n)
      throw new Error(`gbdt model JSON: tree field '${what}' has the wrong length`);
  };
  for (const k of [
    'threshold',
    'defaultLeft',
    'categories',
    'left',
    'right',
    'gain',
    'nodeValue',
    'nodeHessian',
    'nodeCount',
  ] as const) {
    same(j[k], ni, k);
  }
  for (const k of ['leafHessian', 'leafCount'] as const) same(j[k], nl, k);
  if (nl !== ni + 1) throw new Error('gbdt model JSON: a tree must have one more leaf than internal nodes');
  return {
    feature: Int32Array.from(j.feature),
    threshold: Float64Array.from(j.threshold, (v) => (v === null ? Number.POSITIVE_INFINITY : v)),
    defaultLeft: Uint8Array.from(j.defaultLeft),
    categories: j.categories.map((c) => (c ? Int32Array.from(c) : null)),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    gain: Float64Array.from(j.gain),
    nodeValue: Float64Array.from(j.nodeValue),
    nodeHessian: Float64Array.from(j.nodeHessian),
    nodeCount: Float64Array.from(j.nodeCount),
    leafValue: Float64Array.from(j.leafValue),
    leafHessian: Float64Array.from(j.leafHessian),
    leafCount: Float64Array.from(j.leafCount),
  };
}
