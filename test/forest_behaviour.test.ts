/**
 * random_forest / extra_trees behaviour: determinism, serialization, missing values, input errors,
 * out-of-bag score, early stop, plain arrays.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { extraTrees, type ForestModel, randomForest } from '../src/learners/forest/index.js';
import type { FeatureMatrix, Learner } from '../src/learners/types.js';
import { rng } from '../src/util/random.js';

/** Synthetic data: a numeric feature with 10% missing, a 5-category feature, a noise feature, a feature missing everywhere. */
function data(n: number, seed: number) {
  const r = rng(seed);
  const num: number[] = [];
  const cat: number[] = [];
  const noise: number[] = [];
  const y: number[] = [];
  const yr: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = r.next();
    const c = r.int(5);
    num.push(r.next() < 0.1 ? Number.NaN : v);
    cat.push(r.next() < 0.05 ? Number.NaN : c);
    noise.push(r.normal());
    const s = v + (c === 1 || c === 3 ? 0.5 : 0) + 0.3 * r.next();
    y.push(s > 1.3 ? 2 : s > 0.8 ? 1 : 0);
    yr.push(10 * s + r.normal());
  }
  const X: FeatureMatrix = {
    nRows: n,
    columns: [num, cat, noise, new Array(n).fill(Number.NaN)].map((c) => Float64Array.from(c)),
    names: ['num', 'cat', 'noise', 'empty'],
    categories: [null, ['a', 'b', 'c', 'd', 'e'], null, null],
  };
  return { X, y: Float64Array.from(y), yr: Float64Array.from(yr) };
}

const train = data(400, 1);
const test = data(200, 2);
const learners: [string, Learner<object>][] = [
  ['random_forest', randomForest as Learner<object>],
  ['extra_trees', extraTrees as Learner<object>],
];

for (const [name, learner] of learners) {
  describe(`${name}`, () => {
    const fitForest = (seed: number, params = {}) =>
      learner.fit(train.X, train.y, {
        task: 'multiclass',
        nClasses: 3,
        seed,
        params: { n_estimators: 20, ...params },
      }) as ForestModel;

    it('same seed, same model; another seed, another model', () => {
      const a = JSON.stringify(fitForest(5).toJSON());
      expect(JSON.stringify(fitForest(5).toJSON())).toBe(a);
      expect(JSON.stringify(fitForest(6).toJSON())).not.toBe(a);
    });

    it('JSON round trip gives identical predictions (classification and regression)', () => {
      const m = fitForest(0);
      const back = learner.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
      expect(Array.from(back.predictProba(test.X))).toEqual(Array.from(m.predictProba(test.X)));
      const weights = Float64Array.from({ length: 400 }, (_, i) => 0.5 + (i % 3) * 0.25);
      const wm = learner.fit(train.X, train.y, {
        task: 'multiclass',
        nClasses: 3,
        seed: 0,
        weights,
        params: { n_estimators: 5 },
      });
      const wBack = learner.fromJSON(JSON.parse(JSON.stringify(wm.toJSON())));
      expect(Array.from(wBack.predictProba(test.X))).toEqual(Array.from(wm.predictProba(test.X)));
      const reg = learner.fit(train.X, train.yr, {
        task: 'regression',
        nClasses: 0,
        seed: 0,
        params: { n_estimators: 10 },
      });
      const regBack = learner.fromJSON(JSON.parse(JSON.stringify(reg.toJSON())));
      expect(Array.from(regBack.predict(test.X))).toEqual(Array.from(reg.predict(test.X)));
    });

    it('learns through missing values; probabilities are finite and sum to 1; the empty feature is never used', () => {
      const m = fitForest(0, { n_estimators: 50 });
      const p = m.predictProba(test.X);
      for (let i = 0; i < test.X.nRows; i++) {
        const s = p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!;
        expect(s).toBeCloseTo(1, 12);
      }
      const pred = m.predict(test.X);
      let c = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === test.y[i]) c++;
      expect(c / pred.length).toBeGreaterThan(0.75);
      for (const t of m.treeArrays) for (const f of t.feature) expect(f).not.toBe(3);
      const allMissing: FeatureMatrix = {
        ...test.X,
        nRows: 2,
        columns: test.X.columns.map(() => Float64Array.from([Number.NaN, Number.NaN])),
      };
      for (const v of m.predictProba(allMissing)) expect(Number.isFinite(v)).toBe(true);
      const imp = m.featureImportances();
      expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
      expect(imp[0]).toBeGreaterThan(imp[2]!);
    });

    it('regression predictions are finite and fit the signal', () => {
      const m = learner.fit(train.X, train.yr, {
        task: 'regression',
        nClasses: 0,
        seed: 0,
        params: { n_estimators: 30 },
      });
      const p = m.predict(test.X);
      let mu = 0;
      for (const v of test.yr) mu += v / test.yr.length;
      let ss = 0;
      let st = 0;
      for (let i = 0; i < p.length; i++) {
        expect(Number.isFinite(p[i]!)).toBe(true);
        ss += (p[i]! - test.yr[i]!) ** 2;
        st += (test.yr[i]! - mu) ** 2;
      }
      expect(1 - ss / st).toBeGreaterThan(0.5);
      expect(() => m.predictProba(test.X)).toThrow(InputError);
    });

    it('onIteration can stop early; trees() gives one plain tree per fitted tree', () => {
      const m = learner.fit(train.X, train.y, {
        task: 'multiclass',
        nClasses: 3,
        seed: 0,
        params: { n_estimators: 20 },
        onIteration: (i) => i < 4,
      }) as ForestModel;
      expect(m.treeArrays.length).toBe(5);
      const plain = m.trees();
      expect(plain.length).toBe(5);
      expect(plain[0]!.feature.length).toBe(plain[0]!.value.length);
    });

    it('rejects bad input: single class, bad parameters, wrong width', () => {
      expect(() => learner.fit(train.X, new Float64Array(400), { task: 'binary', nClasses: 2 })).toThrow(
        InputError,
      );
      expect(() => fitForest(0, { n_estimators: 0 })).toThrow(InputError);
      expect(() => fitForest(0, { max_features: 0 })).toThrow(InputError);
      expect(() => fitForest(0, { max_samples: 2.5 })).toThrow(InputError);
      expect(() => fitForest(0).predict({ ...test.X, columns: test.X.columns.slice(0, 2) })).toThrow(
        InputError,
      );
    });
  });
}

describe('random_forest out-of-bag score', () => {
  it('is reported by default, close to held-out accuracy, and absent without bootstrap', () => {
    const m = randomForest.fit(train.X, train.y, { task: 'multiclass', nClasses: 3, seed: 0 }) as ForestModel;
    expect(m.oobScore).not.toBeNull();
    expect(m.oobRows).toBe(400);
    const pred = m.predict(test.X);
    let c = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === test.y[i]) c++;
    expect(Math.abs(m.oobScore! - c / pred.length)).toBeLessThan(0.08);
    const noBoot = randomForest.fit(train.X, train.y, {
      task: 'multiclass',
      nClasses: 3,
      params: { bootstrap: false, n_estimators: 5 },
    }) as ForestModel;
    expect(noBoot.oobScore).toBeNull();
    const reg = randomForest.fit(train.X, train.yr, {
      task: 'regression',
      nClasses: 0,
      params: { n_estimators: 30 },
    }) as ForestModel;
    expect(reg.oobScore!).toBeGreaterThan(0.4);
    expect(reg.oobScore!).toBeLessThan(1);
  });

  it('max_samples draws fewer rows per tree', () => {
    const m = randomForest.fit(train.X, train.y, {
      task: 'multiclass',
      nClasses: 3,
      params: { n_estimators: 3, max_samples: 0.25 },
    }) as ForestModel;
    for (const t of m.treeArrays) expect(t.weightedNSamples[0]).toBe(100);
  });
});
