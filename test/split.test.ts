import { describe, expect, it } from 'vitest';
import { groupKFold, holdout, kFold, stratifiedKFold, timeSeriesFolds } from '../src/data/split.js';

function classCounts(y: Float64Array, idx: Int32Array): number[] {
  const c = [0, 0, 0];
  for (const i of idx) c[y[i]!]!++;
  return c;
}

describe('splits', () => {
  // iris-like labels: 50 of each of 3 classes
  const y = Float64Array.from({ length: 150 }, (_, i) => Math.floor(i / 50));

  it('stratified k-fold keeps class proportions and partitions the rows', () => {
    const folds = stratifiedKFold(y, 5, 0);
    const seen = new Int32Array(150);
    for (const f of folds) {
      expect(f.test.length).toBe(30);
      expect(classCounts(y, f.test)).toEqual([10, 10, 10]);
      for (const i of f.test) seen[i]!++;
      expect(f.train.length + f.test.length).toBe(150);
    }
    expect([...seen].every((v) => v === 1)).toBe(true);
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(stratifiedKFold(y, 5, 1)[0]!.test).toEqual(stratifiedKFold(y, 5, 1)[0]!.test);
    expect(stratifiedKFold(y, 5, 1)[0]!.test).not.toEqual(stratifiedKFold(y, 5, 2)[0]!.test);
  });

  it('k-fold sizes follow sklearn (first n % k folds one larger)', () => {
    expect(kFold(11, 3, 0).map((f) => f.test.length)).toEqual([4, 4, 3]);
  });

  it('group k-fold never splits a group', () => {
    const groups = Array.from({ length: 100 }, (_, i) => `g${i % 13}`);
    for (const f of groupKFold(groups, 4, 0)) {
      const testGroups = new Set(Array.from(f.test, (i) => groups[i]));
      for (const i of f.train) expect(testGroups.has(groups[i])).toBe(false);
    }
  });

  it('stratified holdout keeps every class on both sides', () => {
    const yy = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2]);
    const { train, test } = holdout(15, { testSize: 0.2, stratify: yy, seed: 0 });
    expect(classCounts(yy, test)).toEqual([2, 1, 1]);
    expect(classCounts(yy, train)).toEqual([8, 1, 2]);
  });

  it('time holdout and folds test on the latest rows', () => {
    const t = Float64Array.from({ length: 20 }, (_, i) => 100 - i);
    const { test } = holdout(20, { testSize: 0.25, time: t });
    expect([...test]).toEqual([0, 1, 2, 3, 4]);
    const folds = timeSeriesFolds(t, 3);
    for (const f of folds)
      expect(Math.min(...Array.from(f.train, (i) => t[i]!))).toBeLessThan(
        Math.min(...Array.from(f.test, (i) => t[i]!)),
      );
  });
});
