/**
 * Permutation importance and partial dependence pinned against scikit-learn 1.2.1 on fixed-coefficient
 * linear models (numbers from test/fixtures/evaluate_fixtures.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import { rootMeanSquaredError } from '../src/evaluate/metrics/regression.js';
import { partialDependence, pdGrid } from '../src/explain/pdp.js';
import { permutationImportance } from '../src/explain/permutation.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { loadCsv, maxDiff } from './fixtures/learnerData.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
const SK: Record<string, any> = JSON.parse(
  readFileSync(new URL('./fixtures/evaluate_sklearn.json', import.meta.url), 'utf8'),
);

function linear(X: FeatureMatrix, coef: number[], intercept: number): Float64Array {
  const out = new Float64Array(X.nRows).fill(intercept);
  X.columns.forEach((c, j) => {
    for (let i = 0; i < X.nRows; i++) out[i]! += coef[j]! * c[i]!;
  });
  return out;
}

const sigmoid = (z: Float64Array) => z.map((v) => 1 / (1 + Math.exp(-v)));
const toPerms = (p: number[][][]) => p.map((f) => f.map((r) => Int32Array.from(r)));

describe('permutation importance matches sklearn.inspection.permutation_importance', () => {
  it('regression, neg RMSE (diabetes)', () => {
    const d = loadCsv('diabetes');
    const c = SK.regression;
    const res = permutationImportance(d.X, {
      repeats: 4,
      permutations: toPerms(c.permutation.permutations),
      score: (X) => -rootMeanSquaredError(d.y, linear(X, c.coef, c.intercept)),
    });
    expect(
      maxDiff(
        res.map((r) => r.mean),
        c.permutation.mean,
      ),
    ).toBeLessThan(1e-9);
    expect(
      maxDiff(
        res.map((r) => r.std),
        c.permutation.std,
      ),
    ).toBeLessThan(1e-9);
    expect(
      maxDiff(
        res.flatMap((r) => r.importances),
        c.permutation.importances.flat(),
      ),
    ).toBeLessThan(1e-9);
  });

  it('binary, ROC AUC (breast_cancer)', () => {
    const d = loadCsv('breast_cancer');
    const c = SK.binary;
    const res = permutationImportance(d.X, {
      repeats: 3,
      permutations: toPerms(c.permutation.permutations),
      score: (X) => rocAuc(d.y, sigmoid(linear(X, c.coef, c.intercept)), 2),
    });
    expect(
      maxDiff(
        res.map((r) => r.mean),
        c.permutation.mean,
      ),
    ).toBeLessThan(1e-12);
    expect(
      maxDiff(
        res.map((r) => r.std),
        c.permutation.std,
      ),
    ).toBeLessThan(1e-12);
  });
});

describe('partial dependence matches sklearn partial_dependence(method="brute")', () => {
  it('regression grid (mquantiles 5-95%) and averages', () => {
    const d = loadCsv('diabetes');
    const c = SK.regression;
    for (const ref of c.pdp) {
      const grid = pdGrid(d.X.columns[ref.feature]!, { gridResolution: 20 });
      expect(maxDiff(grid, ref.grid), `grid ${ref.feature}`).toBeLessThan(1e-12);
      const pd = partialDependence(d.X, ref.feature, grid, (X) => linear(X, c.coef, c.intercept), [
        'prediction',
      ]);
      expect(maxDiff(pd.average, ref.average), `average ${ref.feature}`).toBeLessThan(1e-9);
    }
    // sex has 2 distinct values: the grid is the unique values
    expect(c.pdp[2].grid).toHaveLength(2);
  });

  it('binary probability of class 1 (breast_cancer)', () => {
    const d = loadCsv('breast_cancer');
    const c = SK.binary;
    for (const ref of c.pdp) {
      const grid = pdGrid(d.X.columns[ref.feature]!, { gridResolution: 15 });
      expect(maxDiff(grid, ref.grid)).toBeLessThan(1e-12);
      const pd = partialDependence(d.X, ref.feature, grid, (X) => sigmoid(linear(X, c.coef, c.intercept)), [
        '1',
      ]);
      expect(maxDiff(pd.average, ref.average)).toBeLessThan(1e-12);
    }
  });
});
