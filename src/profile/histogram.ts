/**
 * Equal-width histograms on "nice" bin widths (1, 2 or 5 times a power of ten), aligned on multiples of the
 * width. Two histograms then always have a common coarser width whose bins are unions of theirs, so
 * histograms of partitions merge exactly.
 */
import type { Histogram } from './types.js';

/** Bins a histogram aims for. */
export const TARGET_BINS = 20;

interface Nice {
  m: 1 | 2 | 5;
  e: number;
}

const value = (n: Nice) => n.m * 10 ** n.e;

function decompose(w: number): Nice {
  let e = Math.floor(Math.log10(w));
  let m = Math.round(w / 10 ** e);
  if (m >= 10) {
    m /= 10;
    e += 1;
  }
  if (m !== 1 && m !== 2 && m !== 5)
    throw new Error(`histogram width ${w} is not 1, 2 or 5 times a power of ten`);
  return { m, e };
}

function next(n: Nice): Nice {
  return n.m === 1 ? { m: 2, e: n.e } : n.m === 2 ? { m: 5, e: n.e } : { m: 1, e: n.e + 1 };
}

/** The smallest nice width >= w. */
export function niceCeil(w: number): number {
  if (!(w > 0) || !Number.isFinite(w)) return 1;
  let n: Nice = { m: 1, e: Math.floor(Math.log10(w)) };
  while (value(n) < w * (1 - 1e-12)) n = next(n);
  return value(n);
}

/** True when nice width `big` is a whole multiple of nice width `small`. */
export function isMultiple(big: number, small: number): boolean {
  const B = decompose(big);
  const S = decompose(small);
  if (B.e > S.e) return true; // 10^k is divisible by 1, 2 and 5 for k >= 1
  if (B.e < S.e) return false;
  return B.m % S.m === 0;
}

/** Bin width for values in [min, max]; integer-valued columns never get bins narrower than 1. */
export function binWidth(min: number, max: number, integer: boolean): number {
  const range = max - min;
  let w = range > 0 ? niceCeil(range / TARGET_BINS) : niceCeil(Math.abs(min) / TARGET_BINS);
  if (integer && w < 1) w = 1;
  return w;
}

/** Global index of the bin holding x: floor(x / width) (the same arithmetic the SQL uses). */
export function binIndex(x: number, width: number): number {
  return Math.floor(x / width);
}

/** An empty histogram covering [min, max] with the given width. */
export function emptyHistogram(min: number, max: number, width: number): Histogram {
  const k0 = binIndex(min, width);
  const k1 = binIndex(max, width);
  return { start: k0 * width, width, counts: new Array(k1 - k0 + 1).fill(0) };
}

/** First global bin index of a histogram. */
export function firstBin(h: Histogram): number {
  return Math.round(h.start / h.width);
}

/** Histogram of plain values (for tests and in-memory columns). */
export function histogramOf(values: ArrayLike<number>, width: number, min: number, max: number): Histogram {
  const h = emptyHistogram(min, max, width);
  const k0 = firstBin(h);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    h.counts[binIndex(x, width) - k0]! += 1;
  }
  return h;
}

/** Re-bin onto a coarser width that is a multiple of the histogram's own width. */
export function rebin(h: Histogram, width: number, min: number, max: number): Histogram {
  const out = emptyHistogram(min, max, width);
  const ratio = Math.round(width / h.width);
  const k0 = firstBin(h);
  const j0 = firstBin(out);
  h.counts.forEach((c, i) => {
    if (c === 0) return;
    const j = Math.floor((k0 + i) / ratio) - j0;
    out.counts[Math.min(Math.max(j, 0), out.counts.length - 1)]! += c;
  });
  return out;
}

/**
 * Merge two histograms: the width is the one a histogram of the union would get, raised until it is a
 * multiple of both widths, so every source bin falls inside exactly one merged bin.
 */
export function mergeHistograms(
  a: Histogram,
  b: Histogram,
  min: number,
  max: number,
  integer: boolean,
): Histogram {
  let w = Math.max(binWidth(min, max, integer), a.width, b.width);
  w = niceCeil(w);
  while (!isMultiple(w, a.width) || !isMultiple(w, b.width)) w = niceCeil(w * 1.5);
  const ra = rebin(a, w, min, max);
  const rb = rebin(b, w, min, max);
  return { ...ra, counts: ra.counts.map((c, i) => c + rb.counts[i]!) };
}
