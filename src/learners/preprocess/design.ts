/**
 * The shared preprocessing of the non-tree learners: a fitted, JSON-serializable transform from a
 * FeatureMatrix (NaN missing, categorical codes) to a dense numeric design matrix.
 *
 * Per numeric feature: median imputation (non-finite values count as missing), an optional 0/1
 * missing-indicator column (only for features with some, not all, values missing in training) and
 * optional standard scaling (mean 0, population standard deviation 1; constant columns keep scale 1).
 * Per categorical feature: most-frequent imputation, one-hot columns for the frequent levels, rare
 * levels grouped into one "other" column, an optional missing indicator. Levels unknown at fit time
 * encode as all zeros. Levels are matched by label, so a frame with a different dictionary order
 * encodes the same way. Everything is fitted on the training rows only; the statistics ignore sample
 * weights (as a scikit-learn SimpleImputer/StandardScaler pipeline does by default). Browser-safe.
 */
import { InputError } from '../../errors.js';
import type { FeatureMatrix } from '../types.js';

export interface DesignOptions {
  /** Standard-scale numeric columns (one-hot and indicator columns stay 0/1). */
  standardize: boolean;
  /** Add a 0/1 missing-indicator column for features with missing values in training. */
  missingIndicators: boolean;
  /** At most this many levels of a categorical feature get their own column (most frequent first). */
  maxCategories: number;
  /** Levels seen in fewer training rows than this are grouped into the "other" column. */
  minCategoryCount: number;
}

export const DESIGN_DEFAULTS: DesignOptions = {
  standardize: true,
  missingIndicators: true,
  maxCategories: 50,
  minCategoryCount: 3,
};

export interface NumericDesign {
  kind: 'numeric';
  name: string;
  /** Imputed value (training median; 0 when the feature was never observed). */
  fill: number;
  indicator: boolean;
  center: number;
  scale: number;
}

export interface CategoricalDesign {
  kind: 'categorical';
  name: string;
  /** Training labels in code order. */
  labels: string[];
  /** Per training label: its one-hot column offset, `levels` for the "other" column. */
  offsets: number[];
  /** Number of own-level columns; an "other" column follows when hasOther. */
  levels: number;
  hasOther: boolean;
  /** Label imputed for missing values (most frequent); null when none was observed. */
  fill: string | null;
  indicator: boolean;
}

export type FeatureDesign = NumericDesign | CategoricalDesign;

/** Plain-data fitted preprocessing. */
export interface DesignState {
  version: 1;
  features: FeatureDesign[];
  /** Output column names. */
  columns: string[];
}

/** A dense design matrix, column-major. */
export interface Design {
  nRows: number;
  cols: Float64Array[];
  names: string[];
}

function median(values: Float64Array, n: number): number {
  const v = values.subarray(0, n).sort();
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
}

/** Fit the preprocessing on training rows. */
export function fitDesign(X: FeatureMatrix, options: Partial<DesignOptions> = {}): DesignState {
  const o: DesignOptions = { ...DESIGN_DEFAULTS, ...options };
  const n = X.nRows;
  const features: FeatureDesign[] = [];
  const columns: string[] = [];
  const buf = new Float64Array(n);
  for (let j = 0; j < X.columns.length; j++) {
    const col = X.columns[j]!;
    const name = X.names[j] ?? `x${j}`;
    const cats = X.categories[j];
    if (!cats) {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (Number.isFinite(v)) buf[m++] = v;
      }
      const med = median(buf, m);
      const fill = m === 0 ? 0 : med;
      const indicator = o.missingIndicators && m > 0 && m < n;
      let center = 0;
      let scale = 1;
      if (o.standardize) {
        let mean = 0;
        for (let i = 0; i < n; i++) {
          const v = col[i]!;
          mean += Number.isFinite(v) ? v : fill;
        }
        mean /= n;
        let ss = 0;
        for (let i = 0; i < n; i++) {
          const v = col[i]!;
          const d = (Number.isFinite(v) ? v : fill) - mean;
          ss += d * d;
        }
        const sd = Math.sqrt(ss / n);
        center = mean;
        scale = sd > 10 * Number.EPSILON * Math.max(1, Math.abs(mean)) ? sd : 1;
      }
      features.push({ kind: 'numeric', name, fill, indicator, center, scale });
      columns.push(name);
      if (indicator) columns.push(`${name} (missing)`);
      continue;
    }
    const k = cats.length;
    const counts = new Float64Array(k);
    let observed = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (Number.isInteger(v) && v >= 0 && v < k) {
        counts[v]++;
        observed++;
      }
    }
    // Levels by decreasing count, ties by code.
    const order = Array.from({ length: k }, (_, c) => c).filter((c) => counts[c]! > 0);
    order.sort((a, b) => counts[b]! - counts[a]! || a - b);
    const kept = order.filter((c, r) => r < o.maxCategories && counts[c]! >= o.minCategoryCount);
    const keptSet = new Set(kept);
    const hasOther = order.length > kept.length;
    const offsets = new Array<number>(k).fill(-1);
    kept.sort((a, b) => a - b);
    kept.forEach((c, r) => {
      offsets[c] = r;
    });
    for (const c of order) if (!keptSet.has(c)) offsets[c] = kept.length;
    const fill = order.length > 0 ? cats[order[0]!]! : null;
    const indicator = o.missingIndicators && observed > 0 && observed < n;
    features.push({
      kind: 'categorical',
      name,
      labels: [...cats],
      offsets,
      levels: kept.length,
      hasOther,
      fill,
      indicator,
    });
    for (const c of kept) columns.push(`${name}=${cats[c]}`);
    if (hasOther) columns.push(`${name}=(other)`);
    if (indicator) columns.push(`${name} (missing)`);
  }
  return { version: 1, features, columns };
}

/** Number of output columns of a fitted design. */
export function designWidth(state: DesignState): number {
  return state.columns.length;
}

/** Apply a fitted design to rows (training or new). Never produces NaN. */
export function applyDesign(state: DesignState, X: FeatureMatrix): Design {
  if (X.columns.length !== state.features.length) {
    throw new InputError(
      `the model expects ${state.features.length} feature columns, got ${X.columns.length}`,
    );
  }
  const n = X.nRows;
  const cols: Float64Array[] = [];
  for (let j = 0; j < state.features.length; j++) {
    const f = state.features[j]!;
    const col = X.columns[j]!;
    if (col.length !== n) throw new InputError(`feature '${f.name}' has ${col.length} values for ${n} rows`);
    if (f.kind === 'numeric') {
      const out = new Float64Array(n);
      const ind = f.indicator ? new Float64Array(n) : null;
      const { fill, center, scale } = f;
      for (let i = 0; i < n; i++) {
        let v = col[i]!;
        if (!Number.isFinite(v)) {
          v = fill;
          if (ind) ind[i] = 1;
        }
        out[i] = (v - center) / scale;
      }
      cols.push(out);
      if (ind) cols.push(ind);
      continue;
    }
    const width = f.levels + (f.hasOther ? 1 : 0);
    const block = Array.from({ length: width }, () => new Float64Array(n));
    const ind = f.indicator ? new Float64Array(n) : null;
    // Map this matrix's codes to column offsets by label.
    const byLabel = new Map<string, number>();
    f.labels.forEach((label, c) => {
      byLabel.set(label, f.offsets[c]!);
    });
    const labels = X.categories[j] ?? f.labels;
    const codeOffset = new Int32Array(labels.length);
    for (let c = 0; c < labels.length; c++) codeOffset[c] = byLabel.get(labels[c]!) ?? -1;
    const fillOffset = f.fill === null ? -1 : (byLabel.get(f.fill) ?? -1);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      let off: number;
      if (Number.isInteger(v) && v >= 0 && v < labels.length) off = codeOffset[v]!;
      else if (Number.isNaN(v)) {
        off = fillOffset;
        if (ind) ind[i] = 1;
      } else off = -1; // a code outside the dictionary: unknown level
      if (off >= 0) block[off]![i] = 1;
    }
    for (const b of block) cols.push(b);
    if (ind) cols.push(ind);
  }
  return { nRows: n, cols, names: state.columns };
}

/**
 * Per output column the centre and scale applied (0 and 1 for one-hot and indicator columns), so that a
 * linear function of the design maps back to original feature units: b_j / scale_j, with the intercept
 * reduced by sum b_j * centre_j / scale_j.
 */
export function designScaling(state: DesignState): { center: Float64Array; scale: Float64Array } {
  const p = state.columns.length;
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  let o = 0;
  for (const f of state.features) {
    if (f.kind === 'numeric') {
      center[o] = f.center;
      scale[o] = f.scale;
      o += f.indicator ? 2 : 1;
    } else {
      o += f.levels + (f.hasOther ? 1 : 0) + (f.indicator ? 1 : 0);
    }
  }
  return { center, scale };
}

/** Coefficients and intercept of a linear function of the design, in original feature units. */
export function toOriginalUnits(
  state: DesignState,
  coef: Float64Array,
  intercept: number,
): { coef: Float64Array; intercept: number } {
  const { center, scale } = designScaling(state);
  const out = new Float64Array(coef.length);
  let b = intercept;
  for (let j = 0; j < coef.length; j++) {
    out[j] = coef[j]! / scale[j]!;
    b -= out[j]! * center[j]!;
  }
  return { coef: out, intercept: b };
}

/** Row-major copy of a design (n x p), for row-wise algorithms such as nearest neighbours. */
export function designRowMajor(d: Design): Float64Array {
  const p = d.cols.length;
  const out = new Float64Array(d.nRows * p);
  for (let j = 0; j < p; j++) {
    const c = d.cols[j]!;
    for (let i = 0; i < d.nRows; i++) out[i * p + j] = c[i]!;
  }
  return out;
}

/** Validate a design state read from JSON (shape only; values are trusted numbers). */
export function checkDesignState(s: DesignState): DesignState {
  if (s?.version !== 1 || !Array.isArray(s.features) || !Array.isArray(s.columns)) {
    throw new Error('model JSON: missing or unsupported preprocessing state');
  }
  return s;
}
