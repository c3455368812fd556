/**
 * random_forest and extra_trees accuracy on bundled datasets: 5-fold cross-validation on scikit-learn's
 * folds (StratifiedKFold(5, shuffle=True, random_state=0), KFold for regression, pinned in
 * test/fixtures/gbdt_sklearn_folds.json), against scikit-learn 1.2.1 RandomForest / ExtraTrees (100 trees,
 * mean imputation) on the same folds: bench/sklearn_xgboost_5fold.jsonl, iris and extra trees computed
 * offline the same way. The bar: mean accuracy >= anchor - 0.01; R2 close to the anchor.
 * penguins and credit have missing values (handled natively here, imputed for scikit-learn).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../src/data/prepare.js';
import { extraTrees, type ForestModel, randomForest } from '../src/learners/forest/index.js';
import type { FeatureMatrix, Learner, Task } from '../src/learners/types.js';

const FOLDS: Record<string, string> = JSON.parse(
  readFileSync(new URL('./fixtures/gbdt_sklearn_folds.json', import.meta.url), 'utf8'),
);

function take(X: FeatureMatrix, idx: Int32Array): FeatureMatrix {
  return {
    nRows: idx.length,
    names: X.names,
    categories: X.categories,
    columns: X.columns.map((c) => Float64Array.from(idx, (i) => c[i]!)),
  };
}

function foldRows(assign: string, k: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < assign.length; i++) (assign[i] === String(k) ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

async function cvScore(
  learner: Learner<object>,
  name: string,
  target: string,
): Promise<{ mean: number; task: Task; oob: number[] }> {
  const d = await prepareDataset(new URL(`../data/datasets/${name}.csv`, import.meta.url).pathname, {
    target,
  });
  const { task, y, classes } = d.target;
  const assign = FOLDS[name]!;
  expect(assign.length).toBe(y.length);
  let sum = 0;
  const oob: number[] = [];
  for (let k = 0; k < 5; k++) {
    const { train, test } = foldRows(assign, k);
    const model = learner.fit(
      take(d.X, train),
      Float64Array.from(train, (i) => y[i]!),
      { task, nClasses: classes.length, seed: 0 },
    ) as ForestModel;
    if (model.oobScore !== null) oob.push(model.oobScore);
    const pred = model.predict(take(d.X, test));
    const yt = Float64Array.from(test, (i) => y[i]!);
    for (const v of pred) expect(Number.isFinite(v)).toBe(true);
    if (task === 'regression') {
      const mu = yt.reduce((a, b) => a + b, 0) / yt.length;
      let ss = 0;
      let st = 0;
      for (let i = 0; i < yt.length; i++) {
        ss += (pred[i]! - yt[i]!) ** 2;
        st += (yt[i]! - mu) ** 2;
      }
      sum += 1 - ss / st;
    } else {
      let c = 0;
      for (let i = 0; i < yt.length; i++) if (pred[i] === yt[i]) c++;
      sum += c / yt.length;
    }
  }
  return { mean: sum / 5, task, oob };
}

describe('random_forest 5-fold accuracy vs scikit-learn RandomForest', () => {
  // [dataset, target, sklearn_rf]
  const classification: [string, string, number][] = [
    ['breast_cancer', 'target', 0.9649],
    ['wine', 'target', 0.9719],
    ['iris', 'target', 0.94],
    ['penguins', 'species', 0.9913],
    ['modeldata_credit', 'Status', 0.7878],
    ['digits', 'target', 0.9733],
  ];
  for (const [name, target, anchor] of classification) {
    it(`${name}: accuracy >= ${anchor} - 0.01, out-of-bag score close to it`, async () => {
      const { mean, oob } = await cvScore(randomForest, name, target);
      expect(mean).toBeGreaterThanOrEqual(anchor - 0.01);
      expect(oob.length).toBe(5);
      for (const s of oob) expect(Math.abs(s - mean)).toBeLessThan(0.05);
    });
  }
  it('diabetes: R2 near scikit-learn 0.4187', async () => {
    const { mean, task } = await cvScore(randomForest, 'diabetes', 'target');
    expect(task).toBe('regression');
    expect(mean).toBeGreaterThanOrEqual(0.4187 - 0.02);
  });
});

describe('extra_trees 5-fold accuracy vs scikit-learn ExtraTrees', () => {
  const classification: [string, string, number][] = [
    ['wine', 'target', 0.9887],
    ['breast_cancer', 'target', 0.9684],
    ['penguins', 'species', 0.9884],
  ];
  for (const [name, target, anchor] of classification) {
    it(`${name}: accuracy >= ${anchor} - 0.01`, async () => {
      const { mean } = await cvScore(extraTrees, name, target);
      expect(mean).toBeGreaterThanOrEqual(anchor - 0.01);
    });
  }
});
