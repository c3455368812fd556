/**
 * linear_regression, ridge and lasso against scikit-learn 1.2.1 on diabetes (sklearn's bundled,
 * already-scaled version: compared with `standardize: false`, and on StandardScaler data with the
 * learner's own standardization), plus rank deficiency, p > n and weights.
 */
import { describe, expect, it } from 'vitest';
import { lasso, linearRegression, ridge } from '../src/learners/linear/index.js';
import type { LinearModel } from '../src/learners/linear/model.js';
import type { FeatureMatrix, Learner } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';
import { loadCsv, maxDiff, SK } from './fixtures/learnerData.js';

const d = loadCsv('diabetes');
const reg = (params: object, weights?: Float64Array) => ({
  task: 'regression' as const,
  nClasses: 0,
  params,
  weights,
});
// biome-ignore lint/suspicious/noExplicitAny: any learner params
const fitLin = (l: Learner<any>, params: object, weights?: Float64Array, X: FeatureMatrix = d.X, y = d.y) =>
  l.fit(X, y, reg(params, weights)) as LinearModel;

describe('linear models match scikit-learn on diabetes', () => {
  const cases: [string, Learner<object>, object, number, Float64Array?][] = [
    ['ols_diabetes', linearRegression, { standardize: false }, 1e-6],
    ['ridge_diabetes', ridge, { standardize: false }, 1e-6],
    ['ridge_diabetes_std', ridge, { alpha: 10 }, 1e-6],
    [
      'ridge_diabetes_weighted',
      ridge,
      { standardize: false, alpha: 0.5 },
      1e-6,
      Float64Array.from({ length: d.X.nRows }, (_, i) => (i % 3) + 1),
    ],
    ['lasso_diabetes', lasso, { standardize: false, alpha: 0.1, tol: 1e-10, max_iter: 100000 }, 1e-5],
    ['lasso_diabetes_std', lasso, { alpha: 0.5, tol: 1e-10, max_iter: 100000 }, 1e-5],
  ];
  for (const [key, learner, params, tol, w] of cases) {
    it(key, () => {
      const m = fitLin(learner, params, w);
      const c = m.coefficients();
      expect(maxDiff(c.coef, SK[key].coef)).toBeLessThan(tol);
      expect(Math.abs(c.intercept - SK[key].intercept)).toBeLessThan(tol);
    });
  }

  it('lasso zeroes the coefficients sklearn zeroes; predictions are X w + b', () => {
    const m = fitLin(lasso, { standardize: false, alpha: 0.1, tol: 1e-10, max_iter: 100000 });
    const c = m.coefficients();
    SK.lasso_diabetes.coef.forEach((v: number, j: number) => {
      expect(c.coef[j] === 0).toBe(v === 0);
    });
    const pred = m.predict(d.X);
    let z = c.intercept;
    for (let j = 0; j < 10; j++) z += c.coef[j]! * d.X.columns[j]![5]!;
    expect(pred[5]).toBeCloseTo(z, 10);
  });

  it('lasso and OLS sample weights equal row duplication', () => {
    const w = Float64Array.from({ length: d.X.nRows }, (_, i) => (i % 4) + 1);
    const idx: number[] = [];
    for (let i = 0; i < d.X.nRows; i++) for (let t = 0; t < w[i]!; t++) idx.push(i);
    const Xd: FeatureMatrix = {
      ...d.X,
      nRows: idx.length,
      columns: d.X.columns.map((c) => Float64Array.from(idx, (i) => c[i]!)),
    };
    const yd = Float64Array.from(idx, (i) => d.y[i]!);
    for (const [l, params] of [
      [lasso, { standardize: false, alpha: 0.1, tol: 1e-12, max_iter: 100000 }],
      [linearRegression, { standardize: false }],
    ] as [Learner<object>, object][]) {
      const a = fitLin(l, params, w).coefficients();
      const b = fitLin(l, params, undefined, Xd, yd).coefficients();
      expect(maxDiff(a.coef, b.coef)).toBeLessThan(1e-6);
      expect(Math.abs(a.intercept - b.intercept)).toBeLessThan(1e-6);
    }
  });

  it('original-unit coefficients reproduce the predictions on raw features', () => {
    const m = fitLin(ridge, { alpha: 10 });
    const o = m.coefficients('original');
    const pred = m.predict(d.X);
    for (const i of [0, 17, 300]) {
      let z = o.intercept;
      for (let j = 0; j < 10; j++) z += o.coef[j]! * d.X.columns[j]![i]!;
      expect(z).toBeCloseTo(pred[i]!, 9);
    }
  });

  it('standardization does not change OLS predictions', () => {
    const a = fitLin(linearRegression, {}).predict(d.X);
    const b = fitLin(linearRegression, { standardize: false }).predict(d.X);
    expect(maxDiff(a, b)).toBeLessThan(1e-8);
  });
});

describe('linear models: rank deficiency and more features than rows', () => {
  it('OLS with a duplicated column gives the minimum-norm solution (weight split evenly)', () => {
    const X: FeatureMatrix = {
      ...d.X,
      columns: [...d.X.columns, d.X.columns[2]!],
      names: [...d.X.names, 'bmi2'],
      categories: [...d.X.categories, null],
    };
    const m = fitLin(linearRegression, { standardize: false }, undefined, X);
    const c = m.coefficients();
    const ref = SK.ols_diabetes.coef as number[];
    expect(c.coef[2]).toBeCloseTo(ref[2]! / 2, 5);
    expect(c.coef[10]).toBeCloseTo(ref[2]! / 2, 5);
    expect(maxDiff(m.predict(X), fitLin(linearRegression, { standardize: false }).predict(d.X))).toBeLessThan(
      1e-6,
    );
  });

  it('p > n: OLS interpolates with the minimum norm, ridge uses the dual and matches the primal', () => {
    const n = 12;
    const p = 30;
    const r0 = rng(7);
    const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => r0.normal()));
    const X: FeatureMatrix = {
      nRows: n,
      columns: cols,
      names: cols.map((_, j) => `x${j}`),
      categories: cols.map(() => null),
    };
    const y = Float64Array.from({ length: n }, (_, i) => i * 0.5 - 2 + Math.sin(i));
    const ols = fitLin(linearRegression, { standardize: false }, undefined, X, y);
    expect(maxDiff(ols.predict(X), y)).toBeLessThan(1e-8);
    const r = fitLin(ridge, { standardize: false, alpha: 0.3 }, undefined, X, y);
    // Ridge normal equations hold: X_c'(y_c - X_c w) = alpha w.
    const c = r.coefficients();
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b) / n;
    const res = Float64Array.from(r.predict(X), (v, i) => y[i]! - v);
    for (let j = 0; j < p; j++) {
      const m = mean(cols[j]!);
      let g = 0;
      for (let i = 0; i < n; i++) g += (cols[j]![i]! - m) * res[i]!;
      expect(g).toBeCloseTo(0.3 * c.coef[j]!, 8);
    }
    const l = fitLin(lasso, { standardize: false, alpha: 0.01 }, undefined, X, y);
    expect(l.state.converged).toBe(true);
    for (const v of l.predict(X)) expect(Number.isFinite(v)).toBe(true);
  });

  it('constant and all-missing features are harmless', () => {
    const n = d.X.nRows;
    const X: FeatureMatrix = {
      ...d.X,
      columns: [...d.X.columns, new Float64Array(n).fill(3), new Float64Array(n).fill(Number.NaN)],
      names: [...d.X.names, 'const', 'empty'],
      categories: [...d.X.categories, null, null],
    };
    const cases: [Learner<object>, object][] = [
      [linearRegression, {}],
      [ridge, { alpha: 0.1 }],
      [lasso, { alpha: 0.1 }],
    ];
    for (const [l, params] of cases) {
      const plain = fitLin(l, params).predict(d.X);
      const extra = fitLin(l, params, undefined, X).predict(X);
      expect(maxDiff(extra, plain)).toBeLessThan(1e-6);
    }
  });
});
