/**
 * Gradient histograms. A histogram holds, for every bin of every usable feature, the sum of gradients
 * and the sum of hessians, interleaved: global bin b at [2b, 2b+1]. Row counts are not stored: like LightGBM,
 * the split search estimates them from the hessians (exact when hessians are constant). Built over the rows of
 * a leaf (a segment of the row index array) from the row-major global bin indices (see binning.ts) and the
 * interleaved gradient pairs (gh[2r] gradient, gh[2r+1] hessian); the sibling of a built leaf is obtained by
 * subtraction (fused with its split search, see split.ts). Rows are added in segment order, so every bin's
 * sums do not depend on how the loop is unrolled.
 */
import type { SparseBins } from './binning.js';

/** Sum the rows rows[begin..end) into `hist` (cleared first) over all features. */
export function buildHistogram(
  bins: Uint16Array | Uint32Array,
  nFeatures: number,
  gh: Float64Array,
  rows: Int32Array,
  begin: number,
  end: number,
  hist: Float64Array,
): void {
  hist.fill(0);
  const F = nFeatures;
  let k = begin;
  // Two rows per step: independent updates interleave better.
  for (; k + 1 < end; k += 2) {
    const r = rows[k]!;
    const s = rows[k + 1]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const g2 = gh[2 * s]!;
    const h2 = gh[2 * s + 1]!;
    const base = r * F;
    const base2 = s * F;
    for (let f = 0; f < F; f++) {
      const j = 2 * bins[base + f]!;
      hist[j] += g;
      hist[j + 1] += h;
      const j2 = 2 * bins[base2 + f]!;
      hist[j2] += g2;
      hist[j2 + 1] += h2;
    }
  }
  if (k < end) {
    const r = rows[k]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const base = r * F;
    for (let f = 0; f < F; f++) {
      const j = 2 * bins[base + f]!;
      hist[j] += g;
      hist[j + 1] += h;
    }
  }
}

/** Like buildHistogram, over a subset of the features only (the others' bins are left untouched). */
export function buildHistogramSubset(
  bins: Uint16Array | Uint32Array,
  nFeatures: number,
  offsets2: Int32Array,
  feats: Int32Array,
  gh: Float64Array,
  rows: Int32Array,
  begin: number,
  end: number,
  hist: Float64Array,
): void {
  const nf = feats.length;
  for (let q = 0; q < nf; q++) {
    const f = feats[q]!;
    hist.fill(0, offsets2[f]!, offsets2[f + 1]!);
  }
  const F = nFeatures;
  for (let k = begin; k < end; k++) {
    const r = rows[k]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const base = r * F;
    for (let q = 0; q < nf; q++) {
      const j = 2 * bins[base + feats[q]!]!;
      hist[j] += g;
      hist[j + 1] += h;
    }
  }
}

/**
 * Like buildHistogram, from the sparse layout: only the cells stored per row are summed, then the skipped
 * bins are rebuilt from the leaf totals (G, H) by fillSkippedBins.
 */
export function buildHistogramSparse(
  sp: SparseBins,
  gh: Float64Array,
  rows: Int32Array,
  begin: number,
  end: number,
  G: number,
  H: number,
  hist: Float64Array,
): void {
  hist.fill(0);
  const { rowStart, cells } = sp;
  for (let k = begin; k < end; k++) {
    const r = rows[k]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const e = rowStart[r + 1]!;
    for (let c = rowStart[r]!; c < e; c++) {
      const j = 2 * cells[c]!;
      hist[j] += g;
      hist[j + 1] += h;
    }
  }
  fillSkippedBins(sp, G, H, hist);
}

/**
 * The sparse layout's skipped bins of a histogram summed from the stored cells: each gets the leaf totals
 * (G, H) minus the other bins of its feature; one whose hessian comes out below 1e-12 of H holds no rows
 * (rounding residue) and stays empty.
 */
export function fillSkippedBins(sp: SparseBins, G: number, H: number, hist: Float64Array): void {
  const tiny = 1e-12 * Math.abs(H);
  const nq = sp.skipped.length;
  for (let q = 0; q < nq; q++) {
    let sg = 0;
    let sh = 0;
    const to = 2 * sp.to[q]!;
    for (let j = 2 * sp.from[q]!; j < to; j += 2) {
      sg += hist[j]!;
      sh += hist[j + 1]!;
    }
    const d = 2 * sp.skipped[q]!;
    const hd = H - sh;
    if (hd > tiny) {
      hist[d] = G - sg;
      hist[d + 1] = hd;
    }
  }
}
