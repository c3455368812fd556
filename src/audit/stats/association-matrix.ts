/**
 * The association matrix of a set of columns: Spearman's rho between numeric columns (signed, [-1, 1]),
 * Cramér's V between categorical columns and the correlation ratio (eta) between a numeric and a
 * categorical column (both [0, 1]). Every pair uses the rows where both values are present.
 *
 * Categorical columns with too many levels for the rows (more than `maxLevels`, or fewer than
 * `minRowsPerLevel` rows per level on average) get NaN: with near-unique levels V and eta approach 1
 * whatever the data, so a number there would mislead.
 */
import { column, type Frame } from '../../data/frame.js';
import { correlationRatio } from './correlation-ratio.js';
import { cramersV } from './cramers-v.js';
import { averageRanks, hasNaN, spearman } from './rank.js';

export type AssociationKind = 'numeric' | 'categorical';
export type AssociationMeasure = 'spearman' | 'cramers_v' | 'correlation_ratio';

export interface Association {
  columns: string[];
  /** Row-major n x n, symmetric; NaN where the pair cannot be measured. The diagonal is 1 (NaN for a constant column). */
  values: Float64Array;
  /** Kind of each column: the measure of pair (i, j) is `measureOf(kinds[i], kinds[j])`. */
  kinds: AssociationKind[];
}

export interface AssociationOptions {
  /** Categorical columns with more observed levels than this are not measured (default 100). */
  maxLevels?: number;
  /** Nor those with fewer rows than this per level on average (default 5). */
  minRowsPerLevel?: number;
}

export function measureOf(a: AssociationKind, b: AssociationKind): AssociationMeasure {
  if (a === 'numeric' && b === 'numeric') return 'spearman';
  if (a === 'categorical' && b === 'categorical') return 'cramers_v';
  return 'correlation_ratio';
}

/** Value of pair (i, j). */
export function associationAt(m: Association, i: number, j: number): number {
  return m.values[i * m.columns.length + j]!;
}

interface Prepared {
  kind: AssociationKind;
  values?: Float64Array;
  codes?: Int32Array;
  levels: number;
  /** Usable for association (varies, and a categorical's levels are not too many). */
  ok: boolean;
  /** Numeric without missing values: ranks centred and scaled to unit norm, so rho is a dot product. */
  z?: Float64Array;
}

function prepare(frame: Frame, name: string, maxLevels: number, minRowsPerLevel: number): Prepared {
  const c = column(frame, name);
  if (c.kind === 'categorical') {
    const seen = new Uint8Array(c.dictionary.length);
    let present = 0;
    let levels = 0;
    for (let i = 0; i < frame.nRows; i++) {
      const k = c.codes[i]!;
      if (k < 0) continue;
      present++;
      if (seen[k] === 0) {
        seen[k] = 1;
        levels++;
      }
    }
    const ok = levels >= 2 && levels <= maxLevels && present >= minRowsPerLevel * levels;
    return { kind: 'categorical', codes: c.codes, levels: c.dictionary.length, ok };
  }
  const v = c.values;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const ok = hi > lo;
  const p: Prepared = { kind: 'numeric', values: v, levels: 0, ok };
  if (ok && !hasNaN(v) && v.length >= 3) {
    const r = averageRanks(v);
    const n = r.length;
    const mean = (n + 1) / 2;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      r[i] = r[i]! - mean;
      ss += r[i]! * r[i]!;
    }
    const s = Math.sqrt(ss);
    for (let i = 0; i < n; i++) r[i] = r[i]! / s;
    p.z = r;
  }
  return p;
}

function pair(a: Prepared, b: Prepared): number {
  if (!a.ok || !b.ok) return Number.NaN;
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    if (a.z && b.z) {
      let d = 0;
      const za = a.z;
      const zb = b.z;
      for (let i = 0; i < za.length; i++) d += za[i]! * zb[i]!;
      return Math.max(-1, Math.min(1, d));
    }
    return spearman(a.values!, b.values!);
  }
  if (a.kind === 'categorical' && b.kind === 'categorical')
    return cramersV(a.codes!, a.levels, b.codes!, b.levels);
  return a.kind === 'categorical'
    ? correlationRatio(a.codes!, a.levels, b.values!)
    : correlationRatio(b.codes!, b.levels, a.values!);
}

/** The association matrix of `columns` of the frame. */
export function associationMatrix(
  frame: Frame,
  columns: string[],
  options: AssociationOptions = {},
): Association {
  const maxLevels = options.maxLevels ?? 100;
  const minRowsPerLevel = options.minRowsPerLevel ?? 5;
  const prepared = columns.map((name) => prepare(frame, name, maxLevels, minRowsPerLevel));
  const n = columns.length;
  const values = new Float64Array(n * n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    values[i * n + i] = prepared[i]!.ok ? 1 : Number.NaN;
    for (let j = i + 1; j < n; j++) {
      const v = pair(prepared[i]!, prepared[j]!);
      values[i * n + j] = v;
      values[j * n + i] = v;
    }
  }
  return { columns: [...columns], values, kinds: prepared.map((p) => p.kind) };
}
