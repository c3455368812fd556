/** naive_bayes against scikit-learn 1.2.1 GaussianNB (wine, iris); categorical features and missing values. */
import { describe, expect, it } from 'vitest';
import { naiveBayes } from '../src/learners/bayes/index.js';
import type { NaiveBayesModel } from '../src/learners/bayes/model.js';
import type { FeatureMatrix } from '../src/learners/types.js';
import { loadCsv, maxDiff, SK, splitCsv } from './fixtures/learnerData.js';

const clf = (nClasses: number, params: object = {}, weights?: Float64Array) => ({
  task: (nClasses === 2 ? 'binary' : 'multiclass') as 'binary' | 'multiclass',
  nClasses,
  params,
  weights,
});

describe('naive_bayes matches GaussianNB', () => {
  it('wine: means, variances (with var_smoothing), probabilities and predictions', () => {
    const { train, test } = splitCsv(loadCsv('wine'));
    const m = naiveBayes.fit(train.X, train.y, clf(3)) as NaiveBayesModel;
    const feats = m.state.features.map((f) => (f.kind === 'numeric' ? f : null)!);
    const theta = [0, 1, 2].map((k) => feats.map((f) => f.theta[k]!));
    const variance = [0, 1, 2].map((k) => feats.map((f) => f.variance[k]!));
    expect(maxDiff(theta.flat(), SK.gnb_wine.theta.flat())).toBeLessThan(1e-9);
    expect(maxDiff(variance.flat(), SK.gnb_wine.var.flat())).toBeLessThan(1e-9);
    expect(maxDiff(m.predictProba(test.X), SK.gnb_wine.proba.flat())).toBeLessThan(1e-6);
    expect(Array.from(m.predict(test.X))).toEqual(SK.gnb_wine.pred);
  });

  it('iris: probabilities', () => {
    const d = loadCsv('iris');
    const P = naiveBayes.fit(d.X, d.y, clf(3)).predictProba(d.X);
    const rows: number[] = [];
    for (let i = 0; i < 150; i += 7) rows.push(...P.subarray(i * 3, i * 3 + 3));
    expect(maxDiff(rows, SK.gnb_iris.proba.flat())).toBeLessThan(1e-6);
  });
});

describe('naive_bayes categorical features and missing values', () => {
  // colour (categorical) and size (numeric); class 1 is mostly red.
  const X: FeatureMatrix = {
    nRows: 6,
    columns: [Float64Array.from([0, 0, 1, 2, 2, Number.NaN]), Float64Array.from([1, 2, 3, Number.NaN, 5, 6])],
    names: ['colour', 'size'],
    categories: [['red', 'green', 'blue'], null],
  };
  const y = Float64Array.from([1, 1, 1, 0, 0, 0]);

  it('Laplace-smoothed level probabilities', () => {
    const m = naiveBayes.fit(X, y, clf(2)) as NaiveBayesModel;
    const f = m.state.features[0]!;
    if (f.kind !== 'categorical') throw new Error('expected categorical');
    // class 0: blue x2 observed (2 rows), class 1: red x2, green x1 (3 rows); alpha = 1, 3 levels.
    expect(f.logProb.map(Math.exp)).toEqual(
      [1 / 5, 1 / 5, 3 / 5, 3 / 6, 2 / 6, 1 / 6].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('missing values and unknown levels are left out of the likelihood', () => {
    const m = naiveBayes.fit(X, y, clf(2)) as NaiveBayesModel;
    const onlySize: FeatureMatrix = {
      ...X,
      nRows: 1,
      columns: [Float64Array.from([Number.NaN]), Float64Array.from([2])],
    };
    const unknown: FeatureMatrix = {
      ...X,
      nRows: 1,
      columns: [Float64Array.from([0]), Float64Array.from([2])],
      categories: [['purple'], null],
    };
    expect(Array.from(m.predictProba(unknown))).toEqual(Array.from(m.predictProba(onlySize)));
    const none: FeatureMatrix = {
      ...onlySize,
      columns: [Float64Array.from([Number.NaN]), Float64Array.from([Number.NaN])],
    };
    expect(Array.from(m.predictProba(none))).toEqual([0.5, 0.5]);
  });

  it('all-missing and constant features give finite probabilities', () => {
    const Z: FeatureMatrix = {
      nRows: 4,
      columns: [new Float64Array(4).fill(Number.NaN), new Float64Array(4).fill(2)],
      names: ['a', 'b'],
      categories: [null, null],
    };
    const m = naiveBayes.fit(Z, Float64Array.from([0, 1, 0, 1]), clf(2));
    const Q: FeatureMatrix = {
      ...Z,
      columns: [Float64Array.from([1, 2, 3, 4]), Float64Array.from([2, 3, 1e300, -1e300])],
    };
    for (const v of m.predictProba(Q)) expect(Number.isFinite(v)).toBe(true);
  });

  it('sample weights equal row duplication', () => {
    const d = loadCsv('iris');
    const w = Float64Array.from({ length: 150 }, (_, i) => (i % 4 === 0 ? 3 : 1));
    const idx: number[] = [];
    for (let i = 0; i < 150; i++) for (let t = 0; t < w[i]!; t++) idx.push(i);
    const Xd: FeatureMatrix = {
      ...d.X,
      nRows: idx.length,
      columns: d.X.columns.map((c) => Float64Array.from(idx, (i) => c[i]!)),
    };
    const a = naiveBayes.fit(d.X, d.y, clf(3, {}, w)) as NaiveBayesModel;
    const b = naiveBayes.fit(
      Xd,
      Float64Array.from(idx, (i) => d.y[i]!),
      clf(3),
    ) as NaiveBayesModel;
    // Same moments and priors; epsilon follows unweighted variances (like GaussianNB), so compare theta and priors.
    expect(maxDiff(a.state.logPrior, b.state.logPrior)).toBeLessThan(1e-12);
    const th = (m: NaiveBayesModel) => m.state.features.flatMap((f) => (f.kind === 'numeric' ? f.theta : []));
    expect(maxDiff(th(a), th(b))).toBeLessThan(1e-12);
  });
});
