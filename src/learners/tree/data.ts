/**
 * Training data prepared once per fit (and shared by all trees of a forest): per feature the sorted
 * distinct values and each row's rank among them (-1 = missing), and the target as class indices or
 * values. Validates the input.
 */
import { InputError } from '../../errors.js';
import type { FeatureMatrix, Task } from '../types.js';

export interface TrainData {
  nRows: number;
  nFeatures: number;
  columns: Float64Array[];
  /** Rank of each row's value among the feature's sorted distinct values; -1 when missing. */
  rank: Int32Array[];
  /** Sorted distinct non-missing values of each feature (category codes for categorical features). */
  uniq: Float64Array[];
  /** 1 for categorical features. */
  categorical: Uint8Array;
  /** Largest number of distinct values over the features. */
  maxDistinct: number;
  classification: boolean;
  /** Classes (classification) or 1 (regression). */
  nOut: number;
  yClass: Int32Array;
  yValue: Float64Array;
}

export function prepareTrainData(
  learner: string,
  X: FeatureMatrix,
  y: Float64Array,
  task: Task,
  nClasses: number,
): TrainData {
  const n = X.nRows;
  if (n < 1) throw new InputError(`${learner}: no training rows`);
  if (X.columns.length < 1) throw new InputError(`${learner}: no feature columns`);
  if (y.length !== n) throw new InputError(`${learner}: ${y.length} targets for ${n} rows`);
  const classification = task !== 'regression';
  const yClass = new Int32Array(classification ? n : 0);
  if (classification) {
    if (!Number.isInteger(nClasses) || nClasses < 2) {
      throw new InputError(`${learner}: classification needs nClasses >= 2 (got ${nClasses})`);
    }
    const seen = new Uint8Array(nClasses);
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= nClasses) {
        throw new InputError(
          `${learner}: target of row ${i + 1} is ${v}, not a class index in 0..${nClasses - 1}`,
        );
      }
      yClass[i] = v;
      if (!seen[v]) {
        seen[v] = 1;
        distinct++;
      }
    }
    if (distinct < 2)
      throw new InputError(
        `${learner}: the target has a single class in the training rows; nothing to learn`,
      );
  } else {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!))
        throw new InputError(`${learner}: target of row ${i + 1} is ${y[i]}, not a finite number`);
    }
  }
  const rank: Int32Array[] = [];
  const uniq: Float64Array[] = [];
  const categorical = new Uint8Array(X.columns.length);
  let maxDistinct = 1;
  const buf = new Float64Array(n);
  for (let j = 0; j < X.columns.length; j++) {
    const col = X.columns[j]!;
    if (col.length !== n)
      throw new InputError(`${learner}: feature '${X.names[j]}' has ${col.length} values for ${n} rows`);
    categorical[j] = X.categories[j] ? 1 : 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isNaN(v)) buf[m++] = v;
    }
    const sorted = buf.subarray(0, m).sort();
    let u = 0;
    for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i]!;
    const values = Float64Array.from(sorted.subarray(0, u));
    const r = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (Number.isNaN(v)) {
        r[i] = -1;
        continue;
      }
      let lo = 0;
      let hi = u - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (values[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      r[i] = lo;
    }
    rank.push(r);
    uniq.push(values);
    if (u > maxDistinct) maxDistinct = u;
  }
  return {
    nRows: n,
    nFeatures: X.columns.length,
    columns: X.columns,
    rank,
    uniq,
    categorical,
    maxDistinct,
    classification,
    nOut: classification ? nClasses : 1,
    yClass,
    yValue: classification ? new Float64Array(0) : y,
  };
}
