/**
 * Best split of a leaf from its histogram.
 *
 * Gain of a split = score(left) + score(right) - score(parent), with score(G, H) = T(G)^2 / (H + lambda_l2)
 * and T the L1 soft threshold: the loss reduction of a Newton step with both regularizations.
 *
 * Numeric features: every bin boundary is tried, once with the missing bin sent left and once sent right;
 * when the leaf has no missing values, missing values later go to the child with more rows.
 * Categorical features (LightGBM's method): with few categories, one category against the rest; else the
 * categories holding at least `cat_smooth` rows are sorted by G / (H + cat_smooth) and the best prefix of
 * that order (from either end, at most `max_cat_threshold` categories) goes left, scored with the extra
 * `cat_l2`. The missing bin takes part like a category, so its direction is learned too.
 *
 * Row counts (for min_child_samples and the categorical rules) are estimated from hessian sums as
 * LightGBM does: count(bin) = H(bin) * C / H over the leaf, rounded; exact when hessians are constant.
 */
import type { BinnedData } from './binning.js';
import { SPLIT_OUT, type SplitKernel } from './wasm.js';

export interface SplitParams {
  lambdaL1: number;
  lambdaL2: number;
  minChildSamples: number;
  minChildWeight: number;
  minSplitGain: number;
  maxCatToOnehot: number;
  maxCatThreshold: number;
  catSmooth: number;
  catL2: number;
  minDataPerGroup: number;
}

/** The best split found for a leaf (one reusable object per leaf slot). */
export class SplitInfo {
  gain = Number.NEGATIVE_INFINITY;
  /** Usable-feature index, -1 when no valid split. */
  feature = -1;
  /** Numeric: last value bin that goes left. */
  threshold = 0;
  defaultLeft = false;
  categorical = false;
  /** Categorical: 1 for every bin (the missing bin included) that goes left. */
  leftBins = new Uint8Array(256);
  leftG = 0;
  leftH = 0;

  reset(): void {
    this.gain = Number.NEGATIVE_INFINITY;
    this.feature = -1;
  }
}

/** Regularized score of a leaf with gradient sum g and hessian sum h. */
export function leafScore(g: number, h: number, l1: number, l2: number): number {
  const d = h + l2;
  if (d <= 0) return 0;
  if (l1 > 0) {
    const t = Math.abs(g) - l1;
    return t > 0 ? (t * t) / d : 0;
  }
  return (g * g) / d;
}

/** Regularized Newton leaf value (before shrinkage). */
export function leafOutput(g: number, h: number, l1: number, l2: number): number {
  const d = h + l2;
  if (d <= 0) return 0;
  if (l1 > 0) {
    const t = Math.abs(g) - l1;
    if (t <= 0) return 0;
    return g > 0 ? -t / d : t / d;
  }
  return -g / d;
}

const EPS_GAIN = 1e-15;

/**
 * Search the features listed in `feats` for the best split of a leaf with totals (G, H, C);
 * the result is written into `out` (out.feature stays -1 when no split is allowed). When `sibling` is
 * given, `hist` holds the parent's histogram and each searched feature's bins are first turned into this
 * leaf's by subtracting the sibling's (fused with the search while the bins are in cache).
 */
export function findBestSplit(
  data: BinnedData,
  hist: Float64Array,
  feats: Int32Array,
  G: number,
  H: number,
  C: number,
  p: SplitParams,
  out: SplitInfo,
  scratch: Int32Array,
  keys: Float64Array,
  sibling: Float64Array | null,
  kern: SplitKernel | null = null,
): void {
  out.reset();
  if (C < 2 * p.minChildSamples || H < 2 * p.minChildWeight || !(H > 0)) {
    if (sibling) for (let q = 0; q < feats.length; q++) subtractFeature(data, feats[q]!, hist, sibling);
    return;
  }
  const parent = leafScore(G, H, p.lambdaL1, p.lambdaL2);
  const minGain = p.minSplitGain + EPS_GAIN;
  const cf = C / H;
  const categorical = (f: number) => {
    if (sibling) subtractFeature(data, f, hist, sibling);
    const nb = data.features[f]!.nValueBins;
    splitCategorical(f, nb, 2 * data.offsets[f]!, hist, G, H, C, cf, parent, minGain, p, out, scratch, keys);
  };
  if (kern) {
    const km = kern.km;
    const nf = feats.length;
    let q = 0;
    while (q < nf) {
      let q1 = q;
      while (q1 < nf && !data.features[feats[q1]!]!.categorical) q1++;
      if (q1 > q) {
        const f = km.k.split_numeric_run(
          hist.byteOffset,
          sibling ? sibling.byteOffset : -1,
          kern.feats,
          q,
          q1,
          kern.offsets,
          kern.nbins,
          G,
          H,
          C,
          cf,
          parent,
          minGain,
          p.lambdaL1,
          p.lambdaL2,
          p.minChildSamples - 0.5,
          p.minChildWeight,
          out.gain,
          SPLIT_OUT,
        );
        if (f >= 0) {
          out.gain = km.outF64[0]!;
          out.leftG = km.outF64[1]!;
          out.leftH = km.outF64[2]!;
          out.threshold = km.outI32[0]!;
          out.defaultLeft = km.outI32[1] === 1;
          out.feature = f;
          out.categorical = false;
        }
      }
      if (q1 < nf) categorical(feats[q1]!);
      q = q1 + 1;
    }
    return;
  }
  for (let q = 0; q < feats.length; q++) {
    const f = feats[q]!;
    const fb = data.features[f]!;
    const base = 2 * data.offsets[f]!;
    if (fb.categorical) categorical(f);
    else splitNumeric(f, fb.nValueBins, base, hist, sibling, G, H, C, cf, parent, minGain, p, out);
  }
}

function subtractFeature(data: BinnedData, f: number, hist: Float64Array, sibling: Float64Array): void {
  const end = 2 * data.offsets[f + 1]!;
  for (let j = 2 * data.offsets[f]!; j < end; j++) hist[j] -= sibling[j]!;
}

function splitNumeric(
  f: number,
  nb: number,
  base: number,
  hist: Float64Array,
  sib: Float64Array | null,
  G: number,
  H: number,
  C: number,
  cf: number,
  parent: number,
  minGain: number,
  p: SplitParams,
  out: SplitInfo,
): void {
  const l1 = p.lambdaL1;
  const l2 = p.lambdaL2;
  // Estimated counts are compared as if rounded to the nearest integer.
  const minC = p.minChildSamples - 0.5;
  const minH = p.minChildWeight;
  const mb = base + 2 * nb;
  // With a sibling, each bin is turned into this leaf's (parent minus sibling) as the scan reaches it.
  if (sib) {
    hist[mb] -= sib[mb]!;
    hist[mb + 1] -= sib[mb + 1]!;
  }
  const Gm = hist[mb]!;
  const Hm = hist[mb + 1]!;
  const Cm = Hm * cf;
  const hasMissing = Hm > 0;
  // Without L1 (and with positive hessian sums on both sides) the score is a plain G^2 / (H + l2).
  const noL1 = l1 === 0 && (l2 > 0 || minH > 0);
  let GL = 0;
  let HL = 0;
  // t = last value bin going left; t = nb - 1 with missing right separates missing from all values.
  const last = hasMissing ? nb - 1 : nb - 2;
  let t = 0;
  for (; t <= last; t++) {
    const j = base + 2 * t;
    let h: number;
    let g: number;
    if (sib) {
      h = hist[j + 1]! - sib[j + 1]!;
      g = hist[j]! - sib[j]!;
      hist[j + 1] = h;
      hist[j] = g;
    } else {
      h = hist[j + 1]!;
      g = hist[j]!;
    }
    if (h === 0) continue; // empty bin: same partition as the previous boundary
    GL += g;
    HL += h;
    const CL = HL * cf;
    const HR = H - HL;
    const CR = C - CL;
    // The right side only shrinks from here on (more so with missing values sent left).
    if (CR < minC || HR < minH) {
      t++;
      break;
    }
    // Missing values right.
    if (CL >= minC && HL >= minH) {
      const GR = G - GL;
      const gain = noL1
        ? (GL * GL) / (HL + l2) + (GR * GR) / (HR + l2) - parent
        : leafScore(GL, HL, l1, l2) + leafScore(GR, HR, l1, l2) - parent;
      if (gain > out.gain && gain > minGain) {
        out.gain = gain;
        out.feature = f;
        out.threshold = t;
        out.categorical = false;
        out.leftG = GL;
        out.leftH = HL;
        // No missing values here: they will follow the larger child.
        out.defaultLeft = !hasMissing && CL >= CR;
      }
    }
    // Missing values left.
    if (hasMissing && t < nb - 1) {
      const gl = GL + Gm;
      const hl = HL + Hm;
      const cl = CL + Cm;
      const hr = H - hl;
      if (cl >= minC && hl >= minH && C - cl >= minC && hr >= minH) {
        const gain = leafScore(gl, hl, l1, l2) + leafScore(G - gl, hr, l1, l2) - parent;
        if (gain > out.gain && gain > minGain) {
          out.gain = gain;
          out.feature = f;
          out.threshold = t;
          out.categorical = false;
          out.leftG = gl;
          out.leftH = hl;
          out.defaultLeft = true;
        }
      }
    }
  }
  // The bins the scan did not reach.
  if (sib) for (let j = base + 2 * t; j < mb; j++) hist[j] -= sib[j]!;
}

function splitCategorical(
  f: number,
  nb: number,
  base: number,
  hist: Float64Array,
  G: number,
  H: number,
  C: number,
  cf: number,
  parent: number,
  minGain: number,
  p: SplitParams,
  out: SplitInfo,
  used: Int32Array,
  keys: Float64Array,
): void {
  const l1 = p.lambdaL1;
  const minC = p.minChildSamples - 0.5;
  const minH = p.minChildWeight;
  let nUsed = 0;
  for (let b = 0; b <= nb; b++) if (hist[base + 2 * b + 1]! > 0) used[nUsed++] = b;
  if (nUsed < 2) return;
  if (nUsed <= p.maxCatToOnehot) {
    const l2 = p.lambdaL2;
    let bestB = -1;
    for (let i = 0; i < nUsed; i++) {
      const j = base + 2 * used[i]!;
      const GL = hist[j]!;
      const HL = hist[j + 1]!;
      const CL = HL * cf;
      if (CL < minC || HL < minH || C - CL < minC || H - HL < minH) continue;
      const gain = leafScore(GL, HL, l1, l2) + leafScore(G - GL, H - HL, l1, l2) - parent;
      if (gain > out.gain && gain > minGain) {
        out.gain = gain;
        out.leftG = GL;
        out.leftH = HL;
        bestB = used[i]!;
      }
    }
    if (bestB >= 0) {
      out.feature = f;
      out.categorical = true;
      out.leftBins.fill(0);
      out.leftBins[bestB] = 1;
      out.defaultLeft = bestB === nb;
    }
    return;
  }
  // Sorted-prefix search over categories with enough rows.
  const smooth = p.catSmooth;
  let nSorted = 0;
  for (let i = 0; i < nUsed; i++) {
    const b = used[i]!;
    const j = base + 2 * b;
    if (Math.round(hist[j + 1]! * cf) >= smooth) {
      used[nSorted++] = b;
      keys[b] = hist[j]! / (hist[j + 1]! + smooth);
    }
  }
  if (nSorted < 2) return;
  const order = Array.from(used.subarray(0, nSorted)).sort((a, b) => keys[a]! - keys[b]! || a - b);
  const l2 = p.lambdaL2 + p.catL2;
  const maxNumCat = Math.min(p.maxCatThreshold, (nSorted + 1) >> 1);
  let bestDir = 0;
  let bestLen = 0;
  for (let dir = 1; dir >= -1; dir -= 2) {
    let GL = 0;
    let HL = 0;
    let group = 0;
    for (let i = 0; i < nSorted && i < maxNumCat; i++) {
      const b = order[dir > 0 ? i : nSorted - 1 - i]!;
      const j = base + 2 * b;
      GL += hist[j]!;
      HL += hist[j + 1]!;
      group += hist[j + 1]! * cf;
      const CL = HL * cf;
      if (CL < minC || HL < minH) continue;
      if (C - CL < minC || H - HL < minH) break;
      if (group < p.minDataPerGroup - 0.5) continue;
      group = 0;
      const gain = leafScore(GL, HL, l1, l2) + leafScore(G - GL, H - HL, l1, l2) - parent;
      if (gain > out.gain && gain > minGain) {
        out.gain = gain;
        out.leftG = GL;
        out.leftH = HL;
        bestDir = dir;
        bestLen = i + 1;
      }
    }
  }
  if (bestLen > 0) {
    out.feature = f;
    out.categorical = true;
    out.leftBins.fill(0);
    for (let i = 0; i < bestLen; i++) out.leftBins[order[bestDir > 0 ? i : nSorted - 1 - i]!] = 1;
    out.defaultLeft = out.leftBins[nb] === 1;
  }
}
