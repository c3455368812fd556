/** Shared preprocessing of the design-based learners: imputation, indicators, one-hot with "other", scaling. */
import { describe, expect, it } from 'vitest';
import { applyDesign, designRowMajor, designScaling, fitDesign } from '../src/learners/preprocess/design.js';
import type { FeatureMatrix } from '../src/learners/types.js';

const NaN_ = Number.NaN;

function matrix(cols: number[][], cats: (string[] | null)[], names?: string[]): FeatureMatrix {
  return {
    nRows: cols[0]!.length,
    columns: cols.map((c) => Float64Array.from(c)),
    names: names ?? cols.map((_, j) => `f${j}`),
    categories: cats,
  };
}

describe('fitDesign / applyDesign', () => {
  // f0 numeric with a missing value, f1 categorical: a x3, b x3, c x1 (rare), one missing.
  const X = matrix(
    [
      [1, 2, NaN_, 4, 5, 6, 7, 8],
      [0, 0, 0, 1, 1, 1, 2, NaN_],
    ],
    [null, ['a', 'b', 'c']],
    ['num', 'cat'],
  );

  it('imputes medians and modes, adds indicators, groups rare levels, no scaling', () => {
    const s = fitDesign(X, { standardize: false });
    expect(s.columns).toEqual(['num', 'num (missing)', 'cat=a', 'cat=b', 'cat=(other)', 'cat (missing)']);
    const d = applyDesign(s, X);
    expect(Array.from(d.cols[0]!)).toEqual([1, 2, 5, 4, 5, 6, 7, 8]); // median of observed = 5
    expect(Array.from(d.cols[1]!)).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(d.cols[2]!)).toEqual([1, 1, 1, 0, 0, 0, 0, 1]); // missing -> mode 'a' (tie a/b: lower code)
    expect(Array.from(d.cols[3]!)).toEqual([0, 0, 0, 1, 1, 1, 0, 0]);
    expect(Array.from(d.cols[4]!)).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
    expect(Array.from(d.cols[5]!)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('standardizes numeric columns after imputation (population sd), leaves 0/1 columns alone', () => {
    const s = fitDesign(X, { standardize: true });
    const d = applyDesign(s, X);
    const v = [1, 2, 5, 4, 5, 6, 7, 8];
    const mean = v.reduce((a, b) => a + b) / 8;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 8);
    d.cols[0]!.forEach((x, i) => {
      expect(x).toBeCloseTo((v[i]! - mean) / sd, 14);
    });
    expect(Array.from(d.cols[2]!)).toEqual([1, 1, 1, 0, 0, 0, 0, 1]);
  });

  it('matches levels by label: reordered dictionaries, rare and unknown levels, infinite values', () => {
    const s = fitDesign(X, { standardize: false });
    // New dictionary order [z, c, b, a]: c is rare -> other; z is unknown -> all zeros.
    const Y = matrix(
      [
        [Number.POSITIVE_INFINITY, 3, 3, 3],
        [3, 2, 0, 1],
      ],
      [null, ['z', 'c', 'b', 'a']],
    );
    const d = applyDesign(s, Y);
    expect(Array.from(d.cols[0]!)).toEqual([5, 3, 3, 3]);
    expect(Array.from(d.cols[1]!)).toEqual([1, 0, 0, 0]);
    expect(Array.from(d.cols[2]!)).toEqual([1, 0, 0, 0]); // a
    expect(Array.from(d.cols[3]!)).toEqual([0, 1, 0, 0]); // b
    expect(Array.from(d.cols[4]!)).toEqual([0, 0, 0, 1]); // c -> other; z (code 0) -> zeros
    expect(Array.from(d.cols[5]!)).toEqual([0, 0, 0, 0]);
  });

  it('reports the scaling of every output column', () => {
    const s = fitDesign(X, { standardize: true });
    const { center, scale } = designScaling(s);
    expect(center.length).toBe(6);
    expect(center[0]).toBeCloseTo(38 / 8, 12);
    expect(Array.from(center.subarray(1))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(scale.subarray(1))).toEqual([1, 1, 1, 1, 1]);
  });

  it('caps the number of level columns and honours minCategoryCount', () => {
    const s = fitDesign(X, {
      standardize: false,
      maxCategories: 1,
      minCategoryCount: 1,
      missingIndicators: false,
    });
    expect(s.columns).toEqual(['num', 'cat=a', 'cat=(other)']);
    const s2 = fitDesign(X, { standardize: false, minCategoryCount: 1, missingIndicators: false });
    expect(s2.columns).toEqual(['num', 'cat=a', 'cat=b', 'cat=c']);
  });

  it('handles all-missing and constant features without NaN', () => {
    const Z = matrix(
      [
        [NaN_, NaN_, NaN_],
        [7, 7, 7],
      ],
      [null, null],
    );
    const s = fitDesign(Z, { standardize: true });
    expect(s.columns).toEqual(['f0', 'f1']);
    const d = applyDesign(
      s,
      matrix(
        [
          [1, NaN_, 2],
          [7, 8, NaN_],
        ],
        [null, null],
      ),
    );
    for (const c of d.cols) for (const v of c) expect(Number.isFinite(v)).toBe(true);
    expect(Array.from(d.cols[1]!)).toEqual([0, 1, 0]);
  });

  it('round-trips through JSON and gives a row-major copy', () => {
    const s = fitDesign(X);
    const s2 = JSON.parse(JSON.stringify(s));
    const a = applyDesign(s, X);
    const b = applyDesign(s2, X);
    expect(b.cols.map((c) => Array.from(c))).toEqual(a.cols.map((c) => Array.from(c)));
    const rm = designRowMajor(a);
    expect(rm[1 * a.cols.length + 2]).toBe(a.cols[2]![1]);
  });

  it('rejects a matrix with the wrong number of columns', () => {
    const s = fitDesign(X);
    expect(() => applyDesign(s, matrix([[1]], [null]))).toThrow(/expects 2 feature columns/);
  });
});
