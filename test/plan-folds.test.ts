import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFoldData } from '../src/automl/plan-folds.js';
import { makePlan } from '../src/clean/pipeline.js';
import { type Dataset, prepareDataset } from '../src/data/prepare.js';
import { kFold } from '../src/data/split.js';

let ds: Dataset;
beforeAll(async () => {
  ds = await prepareDataset('data/datasets/airquality.csv', { target: 'Ozone' });
});
afterAll(() => ds.table.db.close());

const median = (xs: number[]) => {
  const s = xs.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe('a cleaning plan inside cross-validation', () => {
  it('imputes each fold with statistics of its own training rows only', () => {
    const frame = ds.frame;
    const solar = frame.columns.find((c) => c.name === 'Solar.R')!;
    if (solar.kind !== 'numeric') throw new Error('Solar.R should be numeric');
    const folds = kFold(frame.nRows, 5, 0);
    const data = planFoldData({
      frame,
      y: ds.target.y,
      plan: makePlan([{ step: 'impute', options: { strategy: 'median' } }]),
      target: 'Ozone',
      excluded: new Set(),
      seed: 0,
    });
    const all = median(Array.from(solar.values));
    let differs = 0;
    for (const fold of folds) {
      const d = data(fold);
      expect(data(fold)).toBe(d); // prepared once per fold
      const m = median(Array.from(fold.train, (i) => solar.values[i]!));
      if (m !== all) differs++;
      const j = d.X.names.indexOf('Solar.R');
      fold.train.forEach((r, i) => {
        if (Number.isNaN(solar.values[r]!)) expect(d.X.columns[j]![i]).toBe(m);
      });
      let missingInValidation = 0;
      fold.test.forEach((r, i) => {
        if (!Number.isNaN(solar.values[r]!)) return;
        missingInValidation++;
        expect(d.Xtest.columns[j]![i]).toBe(m);
      });
      expect(d.Xtest.nRows).toBe(fold.test.length);
      expect(Array.from(d.y)).toEqual(Array.from(fold.train, (i) => ds.target.y[i]!));
      expect(
        missingInValidation + Number(fold.train.some((r) => Number.isNaN(solar.values[r]!))),
      ).toBeGreaterThan(0);
    }
    // The folds' medians are not all the median of every row: a plan fitted once would leak.
    expect(differs).toBeGreaterThan(0);
  });
});
