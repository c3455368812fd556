/**
 * Input checks shared by the metrics. Browser-safe. Every metric validates lengths, class indices and
 * weights up front and throws an InputError naming the problem, so a bad call never yields a silent NaN.
 */
import { expectInput, InputError } from '../../errors.js';

/** A numeric vector: a typed array (the usual case) or a plain array. */
export type Vec = ArrayLike<number>;
/** Optional per-row sample weights (non-negative, finite). */
export type Weights = Vec | null | undefined;

export function checkSameLength(a: Vec, b: Vec, what = 'y_pred'): void {
  expectInput(a.length === b.length, `y_true has ${a.length} rows but ${what} has ${b.length}`);
}

export function checkWeights(w: Weights, n: number): void {
  if (w == null) return;
  expectInput(w.length === n, `sample weights have ${w.length} rows but y_true has ${n}`);
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    // (messages are built only on failure: these loops run over every row)
    if (!(v >= 0 && v < Number.POSITIVE_INFINITY)) {
      throw new InputError(`sample weight at index ${i} is ${v}; weights must be finite and >= 0`);
    }
  }
}

export function checkFinite(v: Vec, what: string): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!(x - x === 0)) throw new InputError(`${what} at index ${i} is ${x}; expected a finite number`);
  }
}

/** Class indices must be integers in 0..nClasses-1. */
export function checkClassIndices(y: Vec, nClasses: number, what: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!(v >= 0 && v < nClasses && Math.floor(v) === v)) {
      throw new InputError(`${what} at index ${i} is ${v}; expected a class index in 0..${nClasses - 1}`);
    }
  }
}

/** The number of classes: the given one, or one more than the largest index seen. At least 2. */
export function resolveClasses(nClasses: number | undefined, ...ys: Vec[]): number {
  if (nClasses !== undefined && nClasses > 0) return nClasses;
  let max = 0;
  for (const y of ys) for (let i = 0; i < y.length; i++) if (y[i]! > max) max = y[i]!;
  return Math.max(2, Math.floor(max) + 1);
}

/** Row-major n x K probabilities (or, for K = 2 only, a length-n vector of positive-class scores). */
export function checkProba(proba: Vec, n: number, nClasses: number): void {
  expectInput(
    proba.length === n * nClasses || (nClasses === 2 && proba.length === n),
    `probabilities have ${proba.length} values; expected ${n} rows x ${nClasses} classes`,
  );
  checkFinite(proba, 'probability');
}

/** Positive-class scores of binary probabilities given as n x 2 row-major or as a length-n vector. */
export function positiveScores(proba: Vec, n: number): Vec {
  if (proba.length === n) return proba;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[2 * i + 1]!;
  return out;
}

/** Weighted mean like numpy.average; NaN for an empty input or zero total weight. */
export function weightedMean(v: Vec, w: Weights): number {
  const n = v.length;
  if (w == null) {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i]!;
    return n === 0 ? Number.NaN : s / n;
  }
  let s = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    s += v[i]! * w[i]!;
    sw += w[i]!;
  }
  return sw === 0 ? Number.NaN : s / sw;
}
