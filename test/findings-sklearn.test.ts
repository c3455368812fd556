/**
 * label_issues (confident learning) and fairness_gap pinned against the numpy references of
 * test/fixtures/evaluate_fixtures.py on real datasets' out-of-fold probabilities and predictions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findLabelIssues, roundPreservingSum } from '../src/evaluate/confident-learning.js';
import { groupFairness } from '../src/evaluate/fairness.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
const SK: Record<string, any> = JSON.parse(
  readFileSync(new URL('./fixtures/evaluate_sklearn.json', import.meta.url), 'utf8'),
);

describe('confident learning (cleanlab find_label_issues, prune_by_noise_rate)', () => {
  for (const name of ['labels_breast_cancer', 'labels_digits']) {
    it(`${name}: same rows in the same order and the same confident joint`, () => {
      const c = SK[name];
      const res = findLabelIssues(Float64Array.from(c.labels), Float64Array.from(c.proba), c.K);
      expect(res.confidentJoint).toEqual(c.confidentJoint);
      expect(Array.from(res.issues)).toEqual(c.issues);
      expect(res.issues.length).toBeGreaterThan(10);
    });
  }

  it('round_preserving_sum keeps the rounded total (half to even, largest remainders first)', () => {
    // values from the fixture script's round_preserving_sum
    expect(roundPreservingSum([0.5, 0.5, 0.5, 0.5])).toEqual([0, 0, 1, 1]);
    expect(roundPreservingSum([2.4, 2.4, 2.4, 2.8])).toEqual([2, 2, 3, 3]);
    expect(roundPreservingSum([1.5, 2.5, 0.2, 3.7])).toEqual([2, 2, 0, 4]);
  });
});

describe('group fairness (fairlearn definitions)', () => {
  it('binary: demographic parity and equalized odds differences on breast_cancer', () => {
    const c = SK.fairness;
    const y = Float64Array.from(SK.labels_breast_cancer.labels);
    const res = groupFairness(
      y,
      Float64Array.from(c.pred),
      Int32Array.from(c.groups),
      ['low', 'mid', 'high'],
      2,
      1,
    );
    expect(res.demographicParityDifference).toBeCloseTo(c.dp, 12);
    expect(res.equalizedOddsDifference).toBeCloseTo(c.eo, 12);
  });

  it('multiclass: the largest one-vs-rest difference (wine)', () => {
    const c = SK.fairness_multiclass;
    const lines = readFileSync(new URL('../data/datasets/wine.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const labels = lines.map((l) => l.split(',').at(-1)!);
    const classes = [...new Set(labels)].sort();
    const y = Float64Array.from(labels, (l) => classes.indexOf(l));
    const res = groupFairness(y, Float64Array.from(c.pred), Int32Array.from(c.groups), ['low', 'high'], 3, 1);
    expect(res.demographicParityDifference).toBeCloseTo(c.dp, 12);
    expect(res.equalizedOddsDifference).toBeCloseTo(c.eo, 12);
  });
});
