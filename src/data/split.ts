/**
 * Splits: stratified, grouped and time-ordered train/test splits and k-fold cross-validation folds.
 * Folds are index arrays into the rows; same seed, same folds. Browser-safe.
 */
import { InputError } from '../errors.js';
import { permutation, rng } from '../util/random.js';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

function sorted(a: number[]): Int32Array {
  return Int32Array.from(a).sort();
}

/** Plain k-fold on shuffled rows (regression). */
export function kFold(n: number, k: number, seed = 0): Fold[] {
  if (k < 2 || k > n) throw new InputError(`cannot make ${k} folds from ${n} rows`);
  const perm = permutation(n, rng(seed));
  const foldOf = new Int32Array(n);
  // sklearn-style sizes: the first n % k folds get one extra row.
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let i = start; i < start + size; i++) foldOf[perm[i]!] = f;
    start += size;
  }
  return foldsFrom(foldOf, k);
}

/**
 * Stratified k-fold: every class spread over the folds in proportion. Rows of each class are shuffled,
 * then dealt round-robin over the folds continuing from where the previous class stopped, so fold
 * sizes differ by at most one row.
 */
export function stratifiedKFold(y: Float64Array, k: number, seed = 0): Fold[] {
  const n = y.length;
  if (k < 2 || k > n) throw new InputError(`cannot make ${k} folds from ${n} rows`);
  const r = rng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = y[i]!;
    let list = byClass.get(c);
    if (!list) {
      list = [];
      byClass.set(c, list);
    }
    list.push(i);
  }
  const foldOf = new Int32Array(n);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    const p = permutation(rows.length, r);
    for (let i = 0; i < rows.length; i++) {
      foldOf[rows[p[i]!]!] = next;
      next = (next + 1) % k;
    }
  }
  return foldsFrom(foldOf, k);
}

/** Group k-fold: all rows of a group land in the same fold; groups are balanced by size (largest first). */
export function groupKFold(groups: ArrayLike<number | string>, k: number, seed = 0): Fold[] {
  const n = groups.length;
  const rowsOf = new Map<number | string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    let list = rowsOf.get(g);
    if (!list) {
      list = [];
      rowsOf.set(g, list);
    }
    list.push(i);
  }
  if (rowsOf.size < k) throw new InputError(`cannot make ${k} folds from ${rowsOf.size} groups`);
  const keys = [...rowsOf.keys()];
  const p = permutation(keys.length, rng(seed));
  const order = Array.from(p, (i) => keys[i]!).sort((a, b) => rowsOf.get(b)!.length - rowsOf.get(a)!.length);
  const size = new Float64Array(k);
  const foldOf = new Int32Array(n);
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (size[f]! < size[best]!) best = f;
    for (const i of rowsOf.get(g)!) foldOf[i] = best;
    size[best]! += rowsOf.get(g)!.length;
  }
  return foldsFrom(foldOf, k);
}

/** Expanding-window time-series folds over rows ordered by `time`: train on the past, test on the next block. */
export function timeSeriesFolds(time: Float64Array, k: number): Fold[] {
  const n = time.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
  const block = Math.floor(n / (k + 1));
  if (block < 1) throw new InputError(`cannot make ${k} time folds from ${n} rows`);
  const folds: Fold[] = [];
  for (let f = 1; f <= k; f++) {
    const end = f === k ? n : (f + 1) * block;
    folds.push({
      train: sorted(Array.from(order.subarray(0, f * block))),
      test: sorted(Array.from(order.subarray(f * block, end))),
    });
  }
  return folds;
}

function foldsFrom(foldOf: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < foldOf.length; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}

export interface HoldoutOptions {
  testSize: number;
  seed?: number;
  /** Class index per row: stratify the split. */
  stratify?: Float64Array;
  /** Group per row: whole groups go to one side. */
  groups?: ArrayLike<number | string>;
  /** Time per row: the latest rows form the test set. */
  time?: Float64Array;
}

/** One train/test split. testSize is a fraction in [0, 1); 0 gives an empty test set. */
export function holdout(n: number, options: HoldoutOptions): Fold {
  const { testSize, seed = 0 } = options;
  if (!(testSize >= 0 && testSize < 1))
    throw new InputError(`--test-size must be in [0, 1), got ${testSize}`);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (testSize === 0) return { train: all, test: new Int32Array(0) };
  const nTest = Math.max(1, Math.round(n * testSize));
  if (options.time) {
    const order = all.slice().sort((a, b) => options.time![a]! - options.time![b]! || a - b);
    return {
      train: sorted(Array.from(order.subarray(0, n - nTest))),
      test: sorted(Array.from(order.subarray(n - nTest))),
    };
  }
  if (options.groups) {
    const k = Math.max(2, Math.round(1 / testSize));
    return groupKFold(options.groups, k, seed)[0]!;
  }
  const r = rng(seed);
  if (options.stratify) {
    const y = options.stratify;
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      let list = byClass.get(y[i]!);
      if (!list) {
        list = [];
        byClass.set(y[i]!, list);
      }
      list.push(i);
    }
    const test: number[] = [];
    for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
      const rows = byClass.get(c)!;
      const p = permutation(rows.length, r);
      // Each class keeps at least one training row; classes with >= 2 rows get at least one test row.
      const want = Math.min(
        rows.length - 1,
        Math.max(rows.length >= 2 ? 1 : 0, Math.round(rows.length * testSize)),
      );
      for (let i = 0; i < want; i++) test.push(rows[p[i]!]!);
    }
    const isTest = new Uint8Array(n);
    for (const i of test) isTest[i] = 1;
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (!isTest[i]) train.push(i);
    return { train: Int32Array.from(train), test: sorted(test) };
  }
  const p = permutation(n, r);
  return { train: sorted(Array.from(p.subarray(nTest))), test: sorted(Array.from(p.subarray(0, nTest))) };
}
