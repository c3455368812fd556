/**
 * Pearson correlation of many numeric columns at once, on the rows where both values of a pair are
 * present, and the least-squares line of one column on another.
 */
import { bothPresent, hasNaN, pearson } from './rank.js';

interface Standardized {
  /** Centred and scaled to unit norm (columns without missing values), so r is a dot product. */
  z: Float64Array | null;
  values: Float64Array;
  varies: boolean;
}

function standardize(values: Float64Array): Standardized {
  const n = values.length;
  if (hasNaN(values)) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { z: null, values, varies: hi > lo };
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  if (!(ss > 0)) return { z: null, values, varies: false };
  const s = Math.sqrt(ss);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (values[i]! - mean) / s;
  return { z, values, varies: true };
}

/** Pearson r for every pair i < j whose |r| may reach `minAbs`; returns [i, j, r] triples. */
export function strongPearsonPairs(
  columns: Float64Array[],
  minAbs: number,
  minRows = 10,
): [number, number, number][] {
  const st = columns.map(standardize);
  const out: [number, number, number][] = [];
  for (let i = 0; i < st.length; i++) {
    const a = st[i]!;
    if (!a.varies) continue;
    for (let j = i + 1; j < st.length; j++) {
      const b = st[j]!;
      if (!b.varies) continue;
      let r: number;
      if (a.z && b.z) {
        if (a.z.length < minRows) continue;
        let d = 0;
        const za = a.z;
        const zb = b.z;
        for (let k = 0; k < za.length; k++) d += za[k]! * zb[k]!;
        r = Math.max(-1, Math.min(1, d));
      } else {
        const idx = bothPresent(a.values, b.values);
        if (idx.length < minRows) continue;
        r = pearson(take(a.values, idx), take(b.values, idx));
      }
      if (Math.abs(r) >= minAbs) out.push([i, j, r]);
    }
  }
  return out;
}

function take(v: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = v[idx[i]!]!;
  return out;
}

export interface Line {
  slope: number;
  intercept: number;
  r: number;
  /** Rows used (both present). */
  n: number;
  /** Largest absolute residual of y - (slope x + intercept). */
  maxResidual: number;
}

/** Least-squares line y = slope * x + intercept on the rows where both are present. */
export function fitLine(x: Float64Array, y: Float64Array): Line {
  const idx = bothPresent(x, y);
  const n = idx.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[idx[k]!]!;
    my += y[idx[k]!]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = x[idx[k]!]! - mx;
    const dy = y[idx[k]!]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  let maxResidual = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.abs(y[idx[k]!]! - (slope * x[idx[k]!]! + intercept));
    if (e > maxResidual) maxResidual = e;
  }
  const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
  return { slope, intercept, r, n, maxResidual };
}

export interface RobustLine extends Line {
  /** Indices of the rows (both present) far off the line: more than 6 robust standard deviations. */
  outliers: Int32Array;
}

function medianOf(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A straight line that a few gross errors cannot hide: least squares, then twice keep the rows within
 * 6 robust standard deviations (1.4826 x the median absolute residual) of the line and refit on them.
 * `r` and `maxResidual` describe the kept rows; `outliers` are the others.
 */
export function robustLine(x: Float64Array, y: Float64Array): RobustLine {
  const idx = bothPresent(x, y);
  const n = idx.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    xs[k] = x[idx[k]!]!;
    ys[k] = y[idx[k]!]!;
  }
  let line = fitLine(xs, ys);
  let keep = new Uint8Array(n).fill(1);
  let spread = 0;
  for (let k = 0; k < n; k++) spread = Math.max(spread, Math.abs(ys[k]! - ys[0]!));
  for (let round = 0; round < 2; round++) {
    const res = new Float64Array(n);
    for (let k = 0; k < n; k++) res[k] = ys[k]! - (line.slope * xs[k]! + line.intercept);
    const med = medianOf(res);
    const dev = Float64Array.from(res, (e) => Math.abs(e - med));
    const cut = Math.max(6 * 1.4826 * medianOf(dev), 1e-9 * spread);
    keep = Uint8Array.from(dev, (d) => (d <= cut ? 1 : 0));
    const kx = xs.filter((_, k) => keep[k] === 1);
    const ky = ys.filter((_, k) => keep[k] === 1);
    if (kx.length < 3) break;
    line = fitLine(kx, ky);
  }
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k] === 0) out.push(idx[k]!);
  return { ...line, n, outliers: Int32Array.from(out) };
}

/** Defaults shared by redundant_column and high_correlation: what counts as one column derived linearly from another. */
export const LINEAR_DEFAULTS = { minR: 0.9999, maxBreakShare: 0.01 };

/** The line of y on x when it holds (|r| >= minR on all but at most maxBreakShare of the rows), else null. */
export function linearRelation(
  x: Float64Array,
  y: Float64Array,
  minR = LINEAR_DEFAULTS.minR,
  maxBreakShare = LINEAR_DEFAULTS.maxBreakShare,
): RobustLine | null {
  const line = robustLine(x, y);
  if (line.n < 10 || !(Math.abs(line.r) >= minR) || line.outliers.length > maxBreakShare * line.n)
    return null;
  return line;
}
