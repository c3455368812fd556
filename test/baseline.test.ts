/** baseline: DummyClassifier / DummyRegressor behaviour. */
import { describe, expect, it } from 'vitest';
import { baseline } from '../src/learners/baseline/index.js';
import type { FeatureMatrix } from '../src/learners/types.js';

const X: FeatureMatrix = {
  nRows: 5,
  columns: [Float64Array.from([1, 2, 3, 4, 5])],
  names: ['x'],
  categories: [null],
};

describe('baseline', () => {
  it('prior: predicts the majority class, probabilities are the priors', () => {
    const m = baseline.fit(X, Float64Array.from([0, 2, 2, 1, 2]), { task: 'multiclass', nClasses: 3 });
    expect(Array.from(m.predict(X))).toEqual([2, 2, 2, 2, 2]);
    expect(Array.from(m.predictProba(X).subarray(0, 3))).toEqual([0.2, 0.2, 0.6]);
  });

  it('most_frequent: one-hot probabilities; ties go to the lower class', () => {
    const m = baseline.fit(X, Float64Array.from([1, 0, 1, 0, 2]), {
      task: 'multiclass',
      nClasses: 3,
      params: { strategy: 'most_frequent' },
    });
    expect(Array.from(m.predict(X))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(m.predictProba(X).subarray(0, 3))).toEqual([1, 0, 0]);
  });

  it('weighted priors, single-class targets allowed', () => {
    const w = Float64Array.from([1, 1, 1, 1, 6]);
    const m = baseline.fit(X, Float64Array.from([0, 0, 0, 0, 1]), {
      task: 'binary',
      nClasses: 2,
      weights: w,
    });
    expect(Array.from(m.predictProba(X).subarray(0, 2))).toEqual([0.4, 0.6]);
    const one = baseline.fit(X, new Float64Array(5), { task: 'binary', nClasses: 2 });
    expect(Array.from(one.predict(X))).toEqual([0, 0, 0, 0, 0]);
  });

  it('mean and median regression, weighted median', () => {
    const y = Float64Array.from([1, 2, 3, 4, 100]);
    const mean = baseline.fit(X, y, { task: 'regression', nClasses: 0 });
    expect(mean.predict(X)[0]).toBe(22);
    expect(() => mean.predictProba(X)).toThrow(/regression/);
    const med = baseline.fit(X, y, { task: 'regression', nClasses: 0, params: { strategy: 'median' } });
    expect(med.predict(X)[0]).toBe(3);
    const even = baseline.fit(
      { ...X, nRows: 4, columns: [Float64Array.from([1, 2, 3, 4])] },
      Float64Array.from([4, 1, 3, 2]),
      {
        task: 'regression',
        nClasses: 0,
        params: { strategy: 'median' },
      },
    );
    expect(even.predict(X)[0]).toBe(2.5);
    const wmed = baseline.fit(X, y, {
      task: 'regression',
      nClasses: 0,
      params: { strategy: 'median' },
      weights: Float64Array.from([1, 1, 1, 1, 10]),
    });
    expect(wmed.predict(X)[0]).toBe(100);
  });

  it('rejects strategies for the other task and unknown parameters', () => {
    expect(() =>
      baseline.fit(X, Float64Array.from([0, 1, 0, 1, 0]), {
        task: 'binary',
        nClasses: 2,
        params: { strategy: 'mean' },
      }),
    ).toThrow(/for regression/);
    expect(() =>
      baseline.fit(X, Float64Array.from([0, 1, 0, 1, 0]), {
        task: 'binary',
        nClasses: 2,
        params: { strat: 'x' } as never,
      }),
    ).toThrow(/unknown parameter 'strat'/);
  });
});
