/**
 * Minimal cost-complexity pruning (Breiman et al., as in scikit-learn): the cost of a subtree is the
 * weighted impurity of its leaves, R(t) = w(t) / w(root) * impurity(t). Repeatedly the internal node with
 * the smallest effective alpha (R(node) - R(subtree)) / (leaves - 1) is turned into a leaf (the first in
 * node order on ties); `ccpPath` records each alpha and the leaves' total impurity after it, `pruneTree`
 * stops before the first alpha above ccp_alpha.
 */
import type { TreeArrays } from './treeArrays.js';

export interface PruningPath {
  /** Effective alphas, starting with 0 (the full tree). */
  ccpAlphas: number[];
  /** Total leaf impurity of the tree pruned at each alpha. */
  impurities: number[];
}

/** Runs the weakest-link pruning; returns which nodes stay in the tree. */
function weakestLink(
  t: TreeArrays,
  stop: (alpha: number) => boolean,
  record: (alpha: number, r: number) => void,
): Uint8Array {
  const n = t.nNodes;
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (t.feature[i]! >= 0) {
      parent[t.left[i]!] = i;
      parent[t.right[i]!] = i;
    }
  }
  const total = t.weightedNSamples[0]!;
  const rNode = new Float64Array(n);
  const rBranch = new Float64Array(n);
  const leaves = new Float64Array(n);
  for (let i = 0; i < n; i++) rNode[i] = (t.weightedNSamples[i]! / total) * t.impurity[i]!;
  // children have larger indices than their parent
  for (let i = n - 1; i >= 0; i--) {
    if (t.feature[i]! < 0) {
      rBranch[i] = rNode[i]!;
      leaves[i] = 1;
    } else {
      rBranch[i] = rBranch[t.left[i]!]! + rBranch[t.right[i]!]!;
      leaves[i] = leaves[t.left[i]!]! + leaves[t.right[i]!]!;
    }
  }
  const inTree = new Uint8Array(n).fill(1);
  const candidate = new Uint8Array(n);
  for (let i = 0; i < n; i++) candidate[i] = t.feature[i]! >= 0 ? 1 : 0;
  record(0, rBranch[0]!);
  const stack: number[] = [];
  while (candidate[0]) {
    let alpha = Number.MAX_VALUE;
    let weakest = -1;
    for (let i = 0; i < n; i++) {
      if (!candidate[i]) continue;
      const a = (rNode[i]! - rBranch[i]!) / (leaves[i]! - 1);
      if (a < alpha) {
        alpha = a;
        weakest = i;
      }
    }
    if (weakest < 0 || stop(alpha)) break;
    stack.push(t.left[weakest]!, t.right[weakest]!);
    while (stack.length) {
      const j = stack.pop()!;
      inTree[j] = 0;
      candidate[j] = 0;
      if (t.feature[j]! >= 0) stack.push(t.left[j]!, t.right[j]!);
    }
    candidate[weakest] = 0;
    const removed = leaves[weakest]! - 1;
    leaves[weakest] = 1;
    const diff = rNode[weakest]! - rBranch[weakest]!;
    rBranch[weakest] = rNode[weakest]!;
    for (let a = parent[weakest]!; a >= 0; a = parent[a]!) {
      leaves[a] -= removed;
      rBranch[a] += diff;
    }
    record(alpha, rBranch[0]!);
  }
  return inTree;
}

export function ccpPath(t: TreeArrays): PruningPath {
  const ccpAlphas: number[] = [];
  const impurities: number[] = [];
  weakestLink(
    t,
    () => false,
    (a, r) => {
      ccpAlphas.push(a);
      impurities.push(r);
    },
  );
  return { ccpAlphas, impurities };
}

/** The tree pruned at ccpAlpha (node order kept); the same tree when ccpAlpha is 0. */
export function pruneTree(t: TreeArrays, ccpAlpha: number): TreeArrays {
  if (ccpAlpha <= 0) return t;
  const keep = weakestLink(
    t,
    (a) => ccpAlpha < a,
    () => {},
  );
  const n = t.nNodes;
  const newId = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (keep[i]) newId[i] = m++;
  if (m === n) return t;
  const K = t.nOut;
  const out: TreeArrays = {
    nNodes: m,
    nOut: K,
    feature: new Int32Array(m),
    threshold: new Float64Array(m),
    missingLeft: new Uint8Array(m),
    left: new Int32Array(m),
    right: new Int32Array(m),
    catLeft: new Array(m).fill(null),
    value: t.value instanceof Float32Array ? new Float32Array(m * K) : new Float64Array(m * K),
    impurity: new Float64Array(m),
    nSamples: new Int32Array(m),
    weightedNSamples: new Float64Array(m),
  };
  for (let i = 0; i < n; i++) {
    const j = newId[i]!;
    if (j < 0) continue;
    const leaf = t.feature[i]! < 0 || !keep[t.left[i]!];
    out.feature[j] = leaf ? -1 : t.feature[i]!;
    out.threshold[j] = leaf ? Number.NaN : t.threshold[i]!;
    out.missingLeft[j] = leaf ? 0 : t.missingLeft[i]!;
    out.left[j] = leaf ? -1 : newId[t.left[i]!]!;
    out.right[j] = leaf ? -1 : newId[t.right[i]!]!;
    out.catLeft[j] = leaf ? null : t.catLeft[i]!;
    out.value.set(t.value.subarray(i * K, (i + 1) * K), j * K);
    out.impurity[j] = t.impurity[i]!;
    out.nSamples[j] = t.nSamples[i]!;
    out.weightedNSamples[j] = t.weightedNSamples[i]!;
  }
  return out;
}

/** Impurity-based feature importances (mean decrease in impurity), normalized to sum 1. */
export function featureImportances(t: TreeArrays, nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  const w = t.weightedNSamples;
  for (let i = 0; i < t.nNodes; i++) {
    const f = t.feature[i]!;
    if (f < 0) continue;
    const l = t.left[i]!;
    const r = t.right[i]!;
    imp[f] += w[i]! * t.impurity[i]! - w[l]! * t.impurity[l]! - w[r]! * t.impurity[r]!;
  }
  let s = 0;
  for (let f = 0; f < nFeatures; f++) s += imp[f]!;
  if (s > 0) for (let f = 0; f < nFeatures; f++) imp[f] /= s;
  return imp;
}
