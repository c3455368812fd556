import { describe, expect, it } from 'vitest';
import { type ShapTree, treeEnsemble, treeShap } from '../src/explain/treeshap.js';
import { getLearner } from '../src/learners/registry.js';
import type { FeatureMatrix, Model, Task } from '../src/learners/types.js';
import { type CsvData, loadCsv, takeRows } from './fixtures/learnerData.js';

function fitModel(name: string, task: Task, K: number, d: CsvData, params: Record<string, unknown>): Model {
  return getLearner(name).fit(d.X, d.y, { task, nClasses: K, seed: 1, params });
}

/** Max |base + sum(phi) - raw| over rows and outputs. */
function additivityError(model: Model, X: FeatureMatrix): number {
  const s = treeShap(model, X);
  const raw = treeEnsemble(model)!.raw(X);
  let worst = 0;
  for (let i = 0; i < X.nRows; i++) {
    for (let k = 0; k < s.nOut; k++) {
      let sum = s.base[k]!;
      for (let j = 0; j < s.nFeatures; j++) sum += s.values[(i * s.nFeatures + j) * s.nOut + k]!;
      worst = Math.max(worst, Math.abs(sum - raw[i * s.nOut + k]!));
    }
  }
  return worst;
}

/** E[f(x) | x_S] with the tree's cover-weighted expectation over features outside S (Lundberg's Algorithm 1). */
function condExp(
  t: ShapTree,
  nOut: number,
  x: Float64Array,
  inS: (f: number) => boolean,
  node: number,
  k: number,
): number {
  const f = t.feature[node]!;
  if (f < 0) return t.output >= 0 ? (t.output === k ? t.value[node]! : 0) : t.value[node * nOut + k]!;
  const l = t.left[node]!;
  const r = t.right[node]!;
  if (inS(f)) {
    const v = x[f]!;
    const cats = t.catLeft[node];
    const left = Number.isNaN(v) ? t.missingLeft[node] === 1 : cats ? cats[v] === 1 : v <= t.threshold[node]!;
    return condExp(t, nOut, x, inS, left ? l : r, k);
  }
  return (
    (t.cover[l]! * condExp(t, nOut, x, inS, l, k) + t.cover[r]! * condExp(t, nOut, x, inS, r, k)) /
    t.cover[node]!
  );
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Exact Shapley values by enumerating all feature subsets. */
function bruteShap(model: Model, X: FeatureMatrix, i: number): number[][] {
  const ens = treeEnsemble(model)!;
  const M = X.columns.length;
  const x = Float64Array.from(X.columns, (c) => c[i]!);
  const v = (mask: number, k: number) => {
    let s = ens.offset[k]!;
    for (const t of ens.trees) s += ens.scale * condExp(t, ens.nOut, x, (f) => ((mask >> f) & 1) === 1, 0, k);
    return s;
  };
  const out: number[][] = [];
  for (let j = 0; j < M; j++) {
    const row: number[] = [];
    for (let k = 0; k < ens.nOut; k++) {
      let phi = 0;
      for (let mask = 0; mask < 1 << M; mask++) {
        if ((mask >> j) & 1) continue;
        let size = 0;
        for (let b = 0; b < M; b++) size += (mask >> b) & 1;
        const w = (factorial(size) * factorial(M - size - 1)) / factorial(M);
        phi += w * (v(mask | (1 << j), k) - v(mask, k));
      }
      row.push(phi);
    }
    out.push(row);
  }
  return out;
}

describe('TreeSHAP', () => {
  const iris = loadCsv('iris');
  const bc = loadCsv('breast_cancer');
  const wine = loadCsv('wine');
  const diabetes = loadCsv('diabetes');

  it('equals brute-force exact Shapley values on small trees (iris, 4 features)', () => {
    for (const [name, params] of [
      ['decision_tree', { max_depth: 4 }],
      ['random_forest', { n_estimators: 5, max_depth: 3 }],
      ['gbdt', { n_estimators: 5, num_leaves: 6 }],
    ] as const) {
      const model = fitModel(name, 'multiclass', 3, iris, params);
      const s = treeShap(model, iris.X);
      let worst = 0;
      for (const i of [0, 17, 55, 80, 120, 149]) {
        const b = bruteShap(model, iris.X, i);
        for (let j = 0; j < 4; j++)
          for (let k = 0; k < s.nOut; k++)
            worst = Math.max(worst, Math.abs(b[j]![k]! - s.values[(i * 4 + j) * s.nOut + k]!));
      }
      expect(worst, name).toBeLessThan(1e-9);
    }
  });

  it('brute force agrees with missing values and a categorical feature routed by the model', () => {
    // airquality-like: iris with a categorical copy of the species-free petal width bucket and holes
    const n = iris.X.nRows;
    const cat = Float64Array.from(iris.X.columns[3]!, (v) => (v < 0.8 ? 0 : v < 1.7 ? 1 : 2));
    const sepal = Float64Array.from(iris.X.columns[0]!, (v, i) => (i % 7 === 0 ? Number.NaN : v));
    const X: FeatureMatrix = {
      nRows: n,
      columns: [sepal, iris.X.columns[1]!, cat],
      names: ['sepal_length', 'sepal_width', 'petal_bucket'],
      categories: [null, null, ['small', 'medium', 'large']],
    };
    const model = getLearner('decision_tree').fit(X, iris.y, {
      task: 'multiclass',
      nClasses: 3,
      seed: 0,
      params: { max_depth: 5 },
    });
    const s = treeShap(model, X);
    let worst = 0;
    for (const i of [0, 7, 14, 60, 77, 140]) {
      const b = bruteShap(model, X, i);
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 3; k++)
          worst = Math.max(worst, Math.abs(b[j]![k]! - s.values[(i * 3 + j) * 3 + k]!));
    }
    expect(worst).toBeLessThan(1e-9);
    expect(additivityError(model, X)).toBeLessThan(1e-9);
    // gbdt and forests route missing values and categories their own way: additivity against their raw output
    for (const [name, params] of [
      ['gbdt', { n_estimators: 20, num_leaves: 8 }],
      ['random_forest', { n_estimators: 10 }],
    ] as const) {
      const m = getLearner(name).fit(X, iris.y, { task: 'multiclass', nClasses: 3, seed: 0, params });
      expect(additivityError(m, X), name).toBeLessThan(1e-9);
    }
  });

  it('base value + SHAP values = raw output to 1e-6 on real data', () => {
    const sample = (d: CsvData) => takeRows(d, (i) => i % 5 === 0);
    const cases: [string, Task, number, CsvData, Record<string, unknown>][] = [
      ['gbdt', 'binary', 2, bc, { n_estimators: 60 }],
      ['gbdt', 'multiclass', 3, wine, { n_estimators: 30 }],
      ['gbdt', 'regression', 0, diabetes, { n_estimators: 60 }],
      ['random_forest', 'binary', 2, bc, { n_estimators: 30 }],
      ['extra_trees', 'regression', 0, diabetes, { n_estimators: 20 }],
      ['decision_tree', 'multiclass', 3, wine, {}],
    ];
    for (const [name, task, K, d, params] of cases) {
      const model = fitModel(name, task, K, d, params);
      expect(additivityError(model, sample(d).X), `${name} ${task}`).toBeLessThan(1e-6);
    }
  });

  it('rejects models that are not trees', () => {
    const model = fitModel('logistic_regression', 'binary', 2, bc, {});
    expect(() => treeShap(model, bc.X)).toThrow(/needs a tree model/);
  });
});
