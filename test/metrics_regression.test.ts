/**
 * Regression metrics pinned against scikit-learn 1.2.1 on out-of-fold Ridge predictions for diabetes,
 * unweighted and weighted. Expected values: test/fixtures/metrics_fixtures.py -> metrics_regression.json.
 */
import { describe, expect, it } from 'vitest';
import {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  medianAbsoluteError,
  r2,
  rootMeanSquaredError,
} from '../src/evaluate/index.js';
import { expectClose, loadFixture } from './fixtures/metricsFixture.js';

const fx = loadFixture<{
  y: number[];
  yPred: number[];
  weights: number[];
  expected: Record<'unweighted' | 'weighted', Record<string, number>>;
}>('metrics_regression.json');
const y = Float64Array.from(fx.y);
const p = Float64Array.from(fx.yPred);

describe('regression metrics on diabetes (Ridge, out-of-fold)', () => {
  for (const tag of ['unweighted', 'weighted'] as const) {
    it(`match sklearn (${tag})`, () => {
      const e = fx.expected[tag];
      const w = tag === 'weighted' ? Float64Array.from(fx.weights) : undefined;
      expectClose(meanAbsoluteError(y, p, w), e.mae!, 'mae');
      expectClose(meanSquaredError(y, p, w), e.mse!, 'mse');
      expectClose(rootMeanSquaredError(y, p, w), e.rmse!, 'rmse');
      expectClose(r2(y, p, w), e.r2!, 'r2');
      expectClose(meanAbsolutePercentageError(y, p, w), e.mape!, 'mape');
      expectClose(medianAbsoluteError(y, p, w), e.median_ae!, 'median_ae');
      expectClose(explainedVariance(y, p, w), e.explained_variance!, 'explained_variance');
      expectClose(maxError(y, p), e.max_error!, 'max_error');
    });
  }

  it('accepts plain arrays and rejects bad input', () => {
    expect(meanAbsoluteError([1, 2, 3], [1, 2, 4])).toBeCloseTo(1 / 3, 15);
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow(/rows/);
    expect(() => r2([1, Number.NaN], [1, 2])).toThrow(/finite/);
    expect(() => meanSquaredError([1, 2], [1, 2], [1, -1])).toThrow(/weight/);
    expect(() => maxError([], [])).toThrow(/no rows/);
  });
});
