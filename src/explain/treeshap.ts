/**
 * Exact TreeSHAP (Lundberg et al. 2018, Algorithm 2) for mlqa's tree models: decision_tree, random_forest /
 * extra_trees (the mean of their trees) and gbdt (the raw score: log-odds for binary, per-class logits for
 * multiclass, the value for regression). The expectation over absent features follows the training cover
 * of each node (weighted row counts for CART trees, row counts for gbdt), so for every row
 * base value + sum of SHAP values = the model's raw output. Missing values and categorical splits follow
 * the model's own routing. Browser-safe.
 */
import { InputError } from '../errors.js';
import type { FeatureMatrix, Model } from '../learners/types.js';

/** One tree in the form TreeSHAP walks: leaves have feature -1; values are nNodes x nOut. */
export interface ShapTree {
  feature: Int32Array;
  threshold: Float64Array;
  /** Categorical split: membership table of the codes that go left; null for numeric splits and leaves. */
  catLeft: (Uint8Array | null)[];
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Node values, nNodes x nOut (only leaves are used). */
  value: Float64Array;
  /** Training cover per node. */
  cover: Float64Array;
  /** Output the tree adds to, for single-output trees in a multi-output model (gbdt multiclass); -1 = all. */
  output: number;
  maxDepth: number;
}

export interface TreeEnsemble {
  trees: ShapTree[];
  nOut: number;
  /** Multiplier applied to every tree's value (1 / number of trees for forests). */
  scale: number;
  /** Added to every output (gbdt initial scores). */
  offset: Float64Array;
  /** Names of the outputs: class labels (probabilities or logits) or "prediction". */
  outputKind: 'probability' | 'log-odds' | 'logit' | 'value';
  nFeatures: number;
  /** The model's output that SHAP values add up to, row-major n x nOut. */
  raw(X: FeatureMatrix): Float64Array;
}

interface PlainLike {
  feature: number[];
  threshold: (number | null)[];
  categories: (number[] | null)[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
}

function shapTree(p: PlainLike, value: Float64Array, cover: Float64Array, output: number): ShapTree {
  const feature = Int32Array.from(p.feature);
  const left = Int32Array.from(p.left);
  const right = Int32Array.from(p.right);
  const catLeft = p.categories.map((c) => {
    if (!c) return null;
    const max = c.reduce((a, b) => Math.max(a, b), -1);
    const m = new Uint8Array(max + 1);
    for (const code of c) m[code] = 1;
    return m;
  });
  // parents before children is not guaranteed in every layout: compute depth by a walk from the root
  const depth = new Int32Array(feature.length);
  const stack = [0];
  let maxDepth = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (feature[n]! < 0) continue;
    for (const c of [left[n]!, right[n]!]) {
      depth[c] = depth[n]! + 1;
      maxDepth = Math.max(maxDepth, depth[c]!);
      stack.push(c);
    }
  }
  return {
    feature,
    threshold: Float64Array.from(p.threshold, (t) => (t === null ? Number.NaN : t)),
    catLeft,
    missingLeft: Uint8Array.from(p.missingLeft, (b) => (b ? 1 : 0)),
    left,
    right,
    value,
    cover,
    output,
    maxDepth,
  };
}

interface CartPlain extends PlainLike {
  value: number[][];
  weightedNSamples: number[];
}
interface GbdtPlain extends PlainLike {
  classIndex: number;
  value: number[];
  count: number[];
}

/** The tree ensemble behind a fitted model, or null when the model is not a tree model. */
export function treeEnsemble(model: Model): TreeEnsemble | null {
  const m = model as unknown as {
    trees?: () => unknown[];
    initScore?: Float64Array;
    nOutputs?: number;
    featureNames?: string[];
    predictRaw?: (X: FeatureMatrix) => Float64Array;
  };
  if (typeof m.trees !== 'function') return null;
  const nFeatures = m.featureNames?.length ?? 0;
  if (model.learner === 'gbdt') {
    const plain = m.trees() as GbdtPlain[];
    const nOut = m.nOutputs!;
    const trees = plain.map((t) =>
      shapTree(t, Float64Array.from(t.value), Float64Array.from(t.count), nOut === 1 ? 0 : t.classIndex),
    );
    return {
      trees,
      nOut,
      scale: 1,
      offset: Float64Array.from(m.initScore!),
      outputKind: model.task === 'regression' ? 'value' : nOut === 1 ? 'log-odds' : 'logit',
      nFeatures,
      raw: (X) => m.predictRaw!(X),
    };
  }
  if (
    model.learner === 'decision_tree' ||
    model.learner === 'random_forest' ||
    model.learner === 'extra_trees'
  ) {
    const plain = m.trees() as CartPlain[];
    const clf = model.task !== 'regression';
    const nOut = clf ? model.nClasses : 1;
    const trees = plain.map((t) =>
      shapTree(t, Float64Array.from(t.value.flat()), Float64Array.from(t.weightedNSamples), -1),
    );
    return {
      trees,
      nOut,
      scale: 1 / plain.length,
      offset: new Float64Array(nOut),
      outputKind: clf ? 'probability' : 'value',
      nFeatures,
      raw: (X) => (clf ? model.predictProba(X) : model.predict(X)),
    };
  }
  return null;
}

/** Which child row values x go to at an internal node. */
function goesLeft(t: ShapTree, node: number, x: number): boolean {
  if (Number.isNaN(x)) return t.missingLeft[node] === 1;
  const cats = t.catLeft[node];
  if (cats) return Number.isInteger(x) && x >= 0 && x < cats.length && cats[x] === 1;
  return x <= t.threshold[node]!;
}

/** Cover-weighted mean leaf value of a tree (its expected value), per output. */
function expectedValue(t: ShapTree, nOut: number, out: Float64Array, scale: number): void {
  const root = t.cover[0]!;
  for (let n = 0; n < t.feature.length; n++) {
    if (t.feature[n]! >= 0) continue;
    const w = root > 0 ? t.cover[n]! / root : 0;
    addValue(t, n, nOut, out, 0, scale * w);
  }
}

function addValue(t: ShapTree, node: number, nOut: number, out: Float64Array, at: number, w: number): void {
  if (t.output >= 0) out[at + t.output]! += w * t.value[node]!;
  else for (let k = 0; k < nOut; k++) out[at + k]! += w * t.value[node * nOut + k]!;
}

/** Per-tree workspace: path arrays for every recursion level, reused across rows. */
class Path {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly w: Float64Array;
  readonly stride: number;
  constructor(maxDepth: number) {
    this.stride = maxDepth + 2;
    const size = this.stride * (maxDepth + 2);
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.w = new Float64Array(size);
  }
}

function extend(p: Path, o: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[o + depth] = feature;
  p.zero[o + depth] = zero;
  p.one[o + depth] = one;
  p.w[o + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.w[o + i + 1]! += (one * p.w[o + i]! * (i + 1)) / (depth + 1);
    p.w[o + i] = (zero * p.w[o + i]! * (depth - i)) / (depth + 1);
  }
}

function unwind(p: Path, o: number, depth: number, index: number): void {
  const one = p.one[o + index]!;
  const zero = p.zero[o + index]!;
  let next = p.w[o + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.w[o + i]!;
      p.w[o + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.w[o + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      p.w[o + i] = (p.w[o + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[o + i] = p.feature[o + i + 1]!;
    p.zero[o + i] = p.zero[o + i + 1]!;
    p.one[o + i] = p.one[o + i + 1]!;
  }
}

function unwoundSum(p: Path, o: number, depth: number, index: number): number {
  const one = p.one[o + index]!;
  const zero = p.zero[o + index]!;
  let next = p.w[o + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.w[o + i]! - tmp * zero * ((depth - i) / (depth + 1));
    } else {
      total += p.w[o + i]! / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function recurse(
  t: ShapTree,
  x: Float64Array,
  phi: Float64Array,
  nOut: number,
  scale: number,
  p: Path,
  level: number,
  node: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const o = level * p.stride;
  if (level > 0) {
    const po = (level - 1) * p.stride;
    for (let i = 0; i < depth; i++) {
      p.feature[o + i] = p.feature[po + i]!;
      p.zero[o + i] = p.zero[po + i]!;
      p.one[o + i] = p.one[po + i]!;
      p.w[o + i] = p.w[po + i]!;
    }
  }
  extend(p, o, depth, zero, one, feature);
  const f = t.feature[node]!;
  if (f < 0) {
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(p, o, depth, i) * (p.one[o + i]! - p.zero[o + i]!) * scale;
      addValue(t, node, nOut, phi, p.feature[o + i]! * nOut, w);
    }
    return;
  }
  const l = t.left[node]!;
  const r = t.right[node]!;
  const hot = goesLeft(t, node, x[f]!) ? l : r;
  const cold = hot === l ? r : l;
  const c = t.cover[node]!;
  const hotZero = c > 0 ? t.cover[hot]! / c : 0.5;
  const coldZero = c > 0 ? t.cover[cold]! / c : 0.5;
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  let k = 0;
  for (; k <= d; k++) if (p.feature[o + k] === f) break;
  if (k !== d + 1) {
    inZero = p.zero[o + k]!;
    inOne = p.one[o + k]!;
    unwind(p, o, d, k);
    d -= 1;
  }
  recurse(t, x, phi, nOut, scale, p, level + 1, hot, d + 1, hotZero * inZero, inOne, f);
  recurse(t, x, phi, nOut, scale, p, level + 1, cold, d + 1, coldZero * inZero, 0, f);
}

export interface ShapValues {
  /** Row-major n x nFeatures x nOut. */
  values: Float64Array;
  /** Expected value per output (the cover-weighted mean output). */
  base: Float64Array;
  nRows: number;
  nFeatures: number;
  nOut: number;
  outputKind: TreeEnsemble['outputKind'];
}

/** Exact SHAP values of every row of X for a tree model; throws InputError for other models. */
export function treeShap(model: Model, X: FeatureMatrix): ShapValues {
  const ens = treeEnsemble(model);
  if (!ens)
    throw new InputError(
      `TreeSHAP needs a tree model (gbdt, decision_tree, random_forest, extra_trees), got ${model.learner}`,
    );
  return ensembleShap(ens, X);
}

export function ensembleShap(ens: TreeEnsemble, X: FeatureMatrix): ShapValues {
  const F = X.columns.length;
  if (ens.nFeatures > 0 && F !== ens.nFeatures)
    throw new InputError(`the model expects ${ens.nFeatures} feature columns, got ${F}`);
  const nOut = ens.nOut;
  const base = Float64Array.from(ens.offset);
  for (const t of ens.trees) expectedValue(t, nOut, base, ens.scale);
  const n = X.nRows;
  const values = new Float64Array(n * F * nOut);
  const maxDepth = ens.trees.reduce((a, t) => Math.max(a, t.maxDepth), 0);
  const path = new Path(maxDepth + 1);
  const x = new Float64Array(F);
  const phi = new Float64Array(F * nOut);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) x[j] = X.columns[j]![i]!;
    phi.fill(0);
    for (const t of ens.trees) recurse(t, x, phi, nOut, ens.scale, path, 0, 0, 0, 1, 1, -1);
    values.set(phi, i * F * nOut);
  }
  return { values, base, nRows: n, nFeatures: F, nOut, outputKind: ens.outputKind };
}
