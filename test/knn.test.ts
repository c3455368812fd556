/**
 * knn against scikit-learn 1.2.1 KNeighborsClassifier/Regressor (brute force) on StandardScaler data
 * fitted on the training rows (rows with index % 4 == 3 held out): identical predictions, probabilities
 * to rounding, with the KD-tree and brute force alike.
 */
import { describe, expect, it } from 'vitest';
import { knn } from '../src/learners/knn/index.js';
import type { KnnModel } from '../src/learners/knn/model.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';
import { loadCsv, maxDiff, SK, splitCsv } from './fixtures/learnerData.js';

describe('knn matches scikit-learn', () => {
  for (const name of ['iris', 'wine']) {
    const { train, test } = splitCsv(loadCsv(name));
    for (const weights of ['uniform', 'distance'] as const) {
      for (const k of [5, 10]) {
        it(`${name} ${weights} k=${k}`, () => {
          const ref = SK[`knn_${name}`][`${weights}_${k}`];
          for (const algorithm of ['kd_tree', 'brute'] as const) {
            const m = knn.fit(train.X, train.y, {
              task: 'multiclass',
              nClasses: 3,
              params: { n_neighbors: k, weights, algorithm, leaf_size: 4 },
            }) as KnnModel;
            expect(m.usesTree).toBe(algorithm === 'kd_tree');
            expect(Array.from(m.predict(test.X))).toEqual(ref.pred);
            expect(maxDiff(m.predictProba(test.X), ref.proba.flat())).toBeLessThan(1e-12);
          }
        });
      }
    }
  }

  it('diabetes regression, uniform and distance weights', () => {
    const { train, test } = splitCsv(loadCsv('diabetes'));
    for (const weights of ['uniform', 'distance'] as const) {
      const m = knn.fit(train.X, train.y, {
        task: 'regression',
        nClasses: 0,
        params: { weights, leaf_size: 8 },
      });
      expect(maxDiff(m.predict(test.X), SK.knn_diabetes[weights])).toBeLessThan(1e-9);
      expect(() => m.predictProba(test.X)).toThrow(/regression/);
    }
  });
});

describe('knn search', () => {
  it('KD-tree and brute force return the same neighbours, ties by index', () => {
    const r = rng(3);
    const n = 500;
    // Coarse grid values: many exact distance ties.
    const cols = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => r.int(5)));
    const X: FeatureMatrix = {
      nRows: n,
      columns: cols,
      names: ['a', 'b', 'c'],
      categories: [null, null, null],
    };
    const y = Float64Array.from({ length: n }, () => r.normal());
    const base = { task: 'regression' as const, nClasses: 0 };
    for (const metric of ['euclidean', 'manhattan'] as const) {
      const tree = knn.fit(X, y, {
        ...base,
        params: { algorithm: 'kd_tree', metric, n_neighbors: 7, leaf_size: 3 },
      }) as KnnModel;
      const brute = knn.fit(X, y, {
        ...base,
        params: { algorithm: 'brute', metric, n_neighbors: 7 },
      }) as KnnModel;
      const a = tree.kneighbors(X);
      const b = brute.kneighbors(X);
      expect(Array.from(a.index)).toEqual(Array.from(b.index));
      expect(Array.from(a.distance)).toEqual(Array.from(b.distance));
      for (let q = 0; q < n; q++) {
        for (let t = 1; t < 7; t++) {
          const d0 = a.distance[q * 7 + t - 1]!;
          const d1 = a.distance[q * 7 + t]!;
          expect(d0 < d1 || (d0 === d1 && a.index[q * 7 + t - 1]! < a.index[q * 7 + t]!)).toBe(true);
        }
      }
    }
  });

  it('k larger than the training set uses all rows; exact matches take all the distance weight', () => {
    const X: FeatureMatrix = {
      nRows: 3,
      columns: [Float64Array.from([0, 1, 2])],
      names: ['x'],
      categories: [null],
    };
    const y = Float64Array.from([0, 1, 1]);
    const m = knn.fit(X, y, {
      task: 'binary',
      nClasses: 2,
      params: { n_neighbors: 10, weights: 'distance', standardize: false },
    });
    expect(Array.from(m.predictProba(X))).toEqual([1, 0, 0, 1, 0, 1]);
    const u = knn.fit(X, y, { task: 'binary', nClasses: 2, params: { n_neighbors: 10 } });
    expect(Array.from(u.predict(X))).toEqual([1, 1, 1]);
  });

  it('sample weights scale the votes', () => {
    const X: FeatureMatrix = {
      nRows: 4,
      columns: [Float64Array.from([0, 1, 2, 3])],
      names: ['x'],
      categories: [null],
    };
    const y = Float64Array.from([0, 0, 1, 1]);
    const w = Float64Array.from([1, 1, 5, 1]);
    const m = knn.fit(X, y, { task: 'binary', nClasses: 2, weights: w, params: { n_neighbors: 4 } });
    expect(Array.from(m.predictProba(X).subarray(0, 2))).toEqual([0.25, 0.75]);
  });
});
