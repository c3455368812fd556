/**
 * Partial dependence with scikit-learn 1.2's `partial_dependence(method='brute')` semantics: a grid per
 * feature (the unique values when fewer than `gridResolution` or categorical, else `gridResolution`
 * equally spaced points between the 5th and 95th percentiles computed like scipy's `mquantiles`), and for
 * each grid value the mean model output over the rows with that feature set to the value. Classifier
 * output is the predicted probability (binary: of class 1 only, like sklearn; multiclass: every class).
 * Missing values are left out of the grid. Browser-safe.
 */
import { InputError } from '../errors.js';
import type { FeatureMatrix } from '../learners/types.js';

export interface GridOptions {
  gridResolution?: number;
  percentiles?: [number, number];
  categorical?: boolean;
}

/** scipy.stats.mstats.mquantiles with alphap = betap = 0.4 on sorted values. */
export function mquantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  const m = 0.4 + p * (1 - 0.4 - 0.4);
  const aleph = n * p + m;
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1]! + gamma * sorted[k]!;
}

export function pdGrid(values: Float64Array, options: GridOptions = {}): Float64Array {
  const res = options.gridResolution ?? 100;
  const [lo, hi] = options.percentiles ?? [0.05, 0.95];
  const present = Float64Array.from(Array.from(values).filter((v) => !Number.isNaN(v))).sort();
  if (present.length === 0)
    throw new InputError('partial dependence needs a feature with some present values');
  const uniques: number[] = [];
  for (let i = 0; i < present.length; i++)
    if (i === 0 || present[i] !== present[i - 1]) uniques.push(present[i]!);
  if (options.categorical || uniques.length < res) return Float64Array.from(uniques);
  const a = mquantile(present, lo);
  const b = mquantile(present, hi);
  if (Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b))
    throw new InputError('partial dependence: percentiles are too close to each other to build a grid');
  return Float64Array.from({ length: res }, (_, i) => (i === res - 1 ? b : a + ((b - a) * i) / (res - 1)));
}

export interface PartialDependence {
  feature: string;
  grid: Float64Array;
  /** Output names: class labels or "prediction". */
  outputs: string[];
  /** outputs x grid, row-major. */
  average: Float64Array;
}

/**
 * `predict` returns row-major n x nOut outputs for a matrix. The feature column is replaced in a copy of
 * X for each grid value; X itself is not modified.
 */
export function partialDependence(
  X: FeatureMatrix,
  feature: number,
  grid: Float64Array,
  predict: (X: FeatureMatrix) => Float64Array,
  outputs: string[],
): PartialDependence {
  const n = X.nRows;
  const nOut = outputs.length;
  const col = new Float64Array(n);
  const columns = X.columns.slice();
  columns[feature] = col;
  const Z: FeatureMatrix = { ...X, columns };
  const average = new Float64Array(nOut * grid.length);
  for (let g = 0; g < grid.length; g++) {
    col.fill(grid[g]!);
    const out = predict(Z);
    for (let k = 0; k < nOut; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += out[i * nOut + k]!;
      average[k * grid.length + g] = s / n;
    }
  }
  return { feature: X.names[feature]!, grid, outputs, average };
}
