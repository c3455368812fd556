/** Input checks for gbdt fitting, and the internal validation hold-out used for early stopping. */
import { InputError } from '../../errors.js';
import { permutation, type Rng } from '../../util/random.js';
import type { FeatureMatrix, Task } from '../types.js';

export function checkFitInput(
  X: FeatureMatrix,
  y: Float64Array,
  task: Task,
  nClasses: number,
  w: Float64Array | undefined,
): void {
  const n = X.nRows;
  if (!(n >= 1)) throw new InputError('gbdt: no training rows');
  if (y.length !== n) throw new InputError(`gbdt: target has ${y.length} values for ${n} rows`);
  if (X.categories.length !== X.columns.length)
    throw new InputError('gbdt: categories must list one entry per feature column');
  for (let j = 0; j < X.columns.length; j++) {
    if (X.columns[j]!.length !== n)
      throw new InputError(
        `gbdt: feature '${X.names[j] ?? j}' has ${X.columns[j]!.length} values for ${n} rows`,
      );
  }
  if (task === 'regression') {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!))
        throw new InputError(
          `gbdt: target value at row ${i + 1} is ${y[i]}; regression targets must be finite numbers`,
        );
    }
  } else {
    if (!(Number.isInteger(nClasses) && nClasses >= 2))
      throw new InputError(`gbdt: classification needs nClasses >= 2 (got ${nClasses})`);
    if (task === 'binary' && nClasses !== 2)
      throw new InputError(`gbdt: binary task with nClasses = ${nClasses}`);
    const seen = new Uint8Array(nClasses);
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < nClasses)) {
        throw new InputError(
          `gbdt: target value at row ${i + 1} is ${v}; class labels must be integers in 0..${nClasses - 1}`,
        );
      }
      if (seen[v] === 0) {
        seen[v] = 1;
        distinct++;
      }
    }
    if (distinct < 2)
      throw new InputError(
        `gbdt: the target has a single class (${y[0]}) in the training rows; nothing to learn`,
      );
  }
  if (w) {
    if (w.length !== n) throw new InputError(`gbdt: ${w.length} sample weights for ${n} rows`);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = w[i]!;
      if (!(Number.isFinite(v) && v >= 0))
        throw new InputError(`gbdt: sample weight at row ${i + 1} is ${v}; weights must be finite and >= 0`);
      total += v;
    }
    if (!(total > 0)) throw new InputError('gbdt: sample weights sum to zero');
  }
}

export function checkValidation(
  X: FeatureMatrix,
  vX: FeatureMatrix,
  vy: Float64Array,
  task: Task,
  nClasses: number,
): void {
  if (vX.columns.length !== X.columns.length) {
    throw new InputError(
      `gbdt: validation data has ${vX.columns.length} feature columns, training data ${X.columns.length}`,
    );
  }
  if (vy.length !== vX.nRows)
    throw new InputError(`gbdt: validation target has ${vy.length} values for ${vX.nRows} rows`);
  for (let i = 0; i < vy.length; i++) {
    const v = vy[i]!;
    const ok = task === 'regression' ? Number.isFinite(v) : Number.isInteger(v) && v >= 0 && v < nClasses;
    if (!ok) throw new InputError(`gbdt: validation target value at row ${i + 1} is ${v}`);
  }
}

/** Rows of a matrix. */
export function takeRows(X: FeatureMatrix, idx: Int32Array): FeatureMatrix {
  const columns = X.columns.map((c) => {
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = c[idx[i]!]!;
    return out;
  });
  return { nRows: idx.length, columns, names: X.names, categories: X.categories };
}

export function takeValues(v: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = v[idx[i]!]!;
  return out;
}

/**
 * Split rows into training and validation parts, stratified by class for classification (every class
 * keeps at least one training row). Both index lists are sorted.
 */
export function holdoutRows(
  y: Float64Array,
  classification: boolean,
  fraction: number,
  r: Rng,
): { train: Int32Array; valid: Int32Array } {
  const n = y.length;
  const isValid = new Uint8Array(n);
  if (classification) {
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const list = byClass.get(y[i]!);
      if (list) list.push(i);
      else byClass.set(y[i]!, [i]);
    }
    for (const k of [...byClass.keys()].sort((a, b) => a - b)) {
      const rows = byClass.get(k)!;
      const perm = permutation(rows.length, r);
      const take = Math.min(rows.length - 1, Math.round(rows.length * fraction));
      for (let i = 0; i < take; i++) isValid[rows[perm[i]!]!] = 1;
    }
  } else {
    const perm = permutation(n, r);
    const take = Math.min(n - 1, Math.round(n * fraction));
    for (let i = 0; i < take; i++) isValid[perm[i]!] = 1;
  }
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < n; i++) (isValid[i] ? valid : train).push(i);
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}
