/**
 * Feature binning: every feature becomes small integer bins so that split finding works on histograms.
 * Numeric features get at most `max_bin` quantile bins (one bin per distinct value when there are few);
 * categorical features get one bin per category present (the rarest share a last bin when there are more
 * than `max_bin`). Missing values get a bin of their own after the value bins, so the missing direction of
 * a split can be learned. Bins are stored row-major (rows x usable features) as global histogram bin
 * indices: feature f's bin b is stored as offsets[f] + b, so histogram building needs no per-feature lookup.
 */
import { InputError } from '../../errors.js';
import type { Rng } from '../../util/random.js';
import type { FeatureMatrix } from '../types.js';

export interface FeatureBins {
  /** Index of the feature in the FeatureMatrix. */
  feature: number;
  categorical: boolean;
  /** Number of value bins; the missing bin is the next index. */
  nValueBins: number;
  /** Numeric: bin b holds edges[b-1] < x <= edges[b]; the last bin holds x > edges[nValueBins-2]. */
  edges: Float64Array;
  /** Categorical: the bin of each category code, -1 for categories never seen in training. */
  codeToBin: Int32Array;
  hasMissing: boolean;
}

export interface BinnedData {
  nRows: number;
  /** Usable features (at least two bins holding rows); the others are ignored. */
  features: FeatureBins[];
  /**
   * Row-major global bin indices: row r, usable feature f at r * features.length + f holds offsets[f] + its
   * bin. Uint16 when the total number of bins allows, else Uint32.
   */
  bins: Uint16Array | Uint32Array;
  /** First histogram bin of each usable feature; offsets[F] is the total number of bins. */
  offsets: Int32Array;
  /** The rows without their most frequent bins, when that saves enough histogram work (else null). */
  sparse: SparseBins | null;
}

/**
 * Row-major bins without each "sparse" feature's most frequent bin: row r's other global bins are
 * cells[rowStart[r] .. rowStart[r+1]). A histogram built from the cells gets a sparse feature's skipped
 * bin as the leaf's totals minus the feature's other bins.
 */
export interface SparseBins {
  rowStart: Int32Array;
  cells: Uint16Array | Uint32Array;
  /** Global index of each skipped bin, one per sparse feature. */
  skipped: Int32Array;
  /** For each sparse feature (same order): its first and one-past-last global bin. */
  from: Int32Array;
  to: Int32Array;
}

/** Upper edge between two neighbouring values a < b: the midpoint, kept strictly below b. */
function edgeBetween(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m < b ? m : a;
}

/**
 * Bin edges from sorted distinct values and their counts: at most maxBin bins of about equal counts,
 * a value frequent enough to fill a bin on its own gets its own bin, and no bin holds fewer than
 * minDataInBin values (the last one excepted). With few distinct values, one bin per value.
 */
export function quantileEdges(
  values: Float64Array,
  counts: Float64Array,
  maxBin: number,
  minDataInBin: number,
): Float64Array {
  const d = values.length;
  if (d <= 1) return new Float64Array(0);
  if (d <= maxBin) {
    const e: number[] = [];
    let acc = 0;
    for (let i = 0; i < d - 1; i++) {
      acc += counts[i]!;
      if (acc >= minDataInBin) {
        e.push(edgeBetween(values[i]!, values[i + 1]!));
        acc = 0;
      }
    }
    return Float64Array.from(e);
  }
  let remaining = 0;
  for (let i = 0; i < d; i++) remaining += counts[i]!;
  const edges: number[] = [];
  let binsLeft = maxBin;
  let mean = remaining / binsLeft;
  let acc = 0;
  for (let i = 0; i < d - 1 && binsLeft > 1; i++) {
    acc += counts[i]!;
    const next = counts[i + 1]!;
    if (acc >= minDataInBin && (acc >= mean || next >= mean || acc + next / 2 >= mean)) {
      edges.push(edgeBetween(values[i]!, values[i + 1]!));
      remaining -= acc;
      binsLeft--;
      mean = remaining / binsLeft;
      acc = 0;
    }
  }
  return Float64Array.from(edges);
}

function sampleRows(n: number, size: number, r: Rng): Int32Array {
  if (n <= size) return Int32Array.from({ length: n }, (_, i) => i);
  // Partial Fisher-Yates over 0..n-1, then sorted for cache-friendly reads.
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + r.int(n - i);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p.slice(0, size).sort();
}

function fitNumeric(
  col: Float64Array,
  feature: number,
  sample: Int32Array,
  maxBin: number,
  minDataInBin: number,
): FeatureBins {
  let hasMissing = false;
  for (let i = 0; i < col.length; i++) {
    if (Number.isNaN(col[i]!)) {
      hasMissing = true;
      break;
    }
  }
  const vals = new Float64Array(sample.length);
  let m = 0;
  for (let k = 0; k < sample.length; k++) {
    const v = col[sample[k]!]!;
    if (Number.isFinite(v)) vals[m++] = v;
  }
  const sorted = vals.subarray(0, m).sort();
  const distinct = new Float64Array(m);
  const counts = new Float64Array(m);
  let d = 0;
  for (let i = 0; i < m; i++) {
    if (d > 0 && sorted[i] === distinct[d - 1]) counts[d - 1]!++;
    else {
      distinct[d] = sorted[i]!;
      counts[d++] = 1;
    }
  }
  let edges = quantileEdges(distinct.subarray(0, d), counts.subarray(0, d), maxBin, minDataInBin);
  let nValueBins = d === 0 ? 0 : edges.length + 1;
  if (d === 0) {
    // No finite value in the sample: infinities alone still make one value bin.
    let anyValue = false;
    for (let i = 0; i < col.length && !anyValue; i++) anyValue = !Number.isNaN(col[i]!);
    nValueBins = anyValue ? 1 : 0;
    edges = new Float64Array(0);
  }
  return { feature, categorical: false, nValueBins, edges, codeToBin: new Int32Array(0), hasMissing };
}

function fitCategorical(
  col: Float64Array,
  feature: number,
  name: string,
  nCategories: number,
  maxBin: number,
): FeatureBins {
  const counts = new Float64Array(nCategories);
  let hasMissing = false;
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (Number.isNaN(v)) {
      hasMissing = true;
      continue;
    }
    if (!(Number.isInteger(v) && v >= 0 && v < nCategories)) {
      throw new InputError(
        `categorical feature '${name}' has code ${v} at row ${i + 1}; codes must be integers in 0..${nCategories - 1}`,
      );
    }
    counts[v]!++;
  }
  const present: number[] = [];
  for (let c = 0; c < nCategories; c++) if (counts[c]! > 0) present.push(c);
  present.sort((a, b) => counts[b]! - counts[a]! || a - b);
  const codeToBin = new Int32Array(nCategories).fill(-1);
  for (let i = 0; i < present.length; i++) codeToBin[present[i]!] = Math.min(i, maxBin - 1);
  const nValueBins = Math.min(present.length, maxBin);
  return { feature, categorical: true, nValueBins, edges: new Float64Array(0), codeToBin, hasMissing };
}

/** Bin of one raw value (missing bin for NaN). Categorical values must be valid codes seen in training. */
export function binOf(fb: FeatureBins, v: number): number {
  if (Number.isNaN(v)) return fb.nValueBins;
  if (fb.categorical) return fb.codeToBin[v]!;
  const e = fb.edges;
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= e[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fit bins for every feature and bin the rows; features that cannot be split on are left out. */
export function binFeatures(
  X: FeatureMatrix,
  maxBin: number,
  minDataInBin: number,
  binSample: number,
  r: Rng,
): BinnedData {
  const n = X.nRows;
  const sample = sampleRows(n, binSample, r);
  const features: FeatureBins[] = [];
  for (let j = 0; j < X.columns.length; j++) {
    const cats = X.categories[j];
    const fb = cats
      ? fitCategorical(X.columns[j]!, j, X.names[j] ?? String(j), cats.length, maxBin)
      : fitNumeric(X.columns[j]!, j, sample, maxBin, minDataInBin);
    if (fb.nValueBins + (fb.hasMissing ? 1 : 0) >= 2) features.push(fb);
  }
  const F = features.length;
  const offsets = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) offsets[f + 1] = offsets[f]! + features[f]!.nValueBins + 1;
  const bins = offsets[F]! <= 0x10000 ? new Uint16Array(n * F) : new Uint32Array(n * F);
  for (let f = 0; f < F; f++) {
    const fb = features[f]!;
    const col = X.columns[fb.feature]!;
    const o = offsets[f]!;
    const missing = fb.nValueBins;
    if (fb.categorical) {
      const map = fb.codeToBin;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        bins[i * F + f] = o + (Number.isNaN(v) ? missing : map[v]!);
      }
    } else {
      const e = fb.edges;
      const ne = e.length;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        let b: number;
        if (Number.isNaN(v)) b = missing;
        else {
          let lo = 0;
          let hi = ne;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (v <= e[mid]!) hi = mid;
            else lo = mid + 1;
          }
          b = lo;
        }
        bins[i * F + f] = o + b;
      }
    }
  }
  return { nRows: n, features, bins, offsets, sparse: sparseBins(bins, n, offsets) };
}

/**
 * Skip a feature's most frequent bin when it holds enough rows to pay for the per-histogram fix-up over
 * the feature's bins (share * n / 8 > bins); use the sparse layout when it skips >= 30% of all cells
 * (below that, the dense two-row loop is as fast).
 */
function sparseBins(bins: Uint16Array | Uint32Array, n: number, offsets: Int32Array): SparseBins | null {
  const F = offsets.length - 1;
  if (F === 0 || n === 0) return null;
  const count = new Int32Array(offsets[F]!);
  for (let i = 0; i < n * F; i++) count[bins[i]!]!++;
  const skip = new Uint8Array(offsets[F]!);
  const skipped: number[] = [];
  let nSkipped = 0;
  for (let f = 0; f < F; f++) {
    let best = offsets[f]!;
    for (let j = offsets[f]! + 1; j < offsets[f + 1]!; j++) if (count[j]! > count[best]!) best = j;
    if (count[best]! / 8 > offsets[f + 1]! - offsets[f]!) {
      skip[best] = 1;
      skipped.push(f);
      nSkipped += count[best]!;
    }
  }
  if (nSkipped < 0.3 * n * F) return null;
  const rowStart = new Int32Array(n + 1);
  const cells =
    bins instanceof Uint16Array ? new Uint16Array(n * F - nSkipped) : new Uint32Array(n * F - nSkipped);
  let c = 0;
  for (let r = 0; r < n; r++) {
    rowStart[r] = c;
    for (let i = r * F; i < (r + 1) * F; i++) {
      const b = bins[i]!;
      if (skip[b] === 0) cells[c++] = b;
    }
  }
  rowStart[n] = c;
  const from = Int32Array.from(skipped, (f) => offsets[f]!);
  const to = Int32Array.from(skipped, (f) => offsets[f + 1]!);
  const skippedBins = new Int32Array(skipped.length);
  for (let q = 0; q < skipped.length; q++) {
    for (let j = from[q]!; j < to[q]!; j++) if (skip[j] === 1) skippedBins[q] = j;
  }
  return { rowStart, cells, skipped: skippedBins, from, to };
}
