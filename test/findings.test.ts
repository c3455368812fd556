/** Each evaluation finding on real data with a known answer (constructed predictors where the answer must be exact). */
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../src/automl/cv.js';
import { stratifiedKFold } from '../src/data/split.js';
import { type EvaluateInput, evaluateModel, type Predictor } from '../src/evaluate/evaluate.js';
import { quantileSorted } from '../src/evaluate/metrics/quantile.js';
import { getMetric } from '../src/evaluate/metrics/registry.js';
import { getLearner } from '../src/learners/registry.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';
import type { Finding } from '../src/report/finding.js';
import { modelPredictor } from '../src/runtime/predictor.js';
import { rng } from '../src/util/random.js';
import { type CsvData, loadCsv, splitCsv } from './fixtures/learnerData.js';

const rowsOf = (d: CsvData, base = 1) => Int32Array.from({ length: d.y.length }, (_, i) => base + i);

function learned(
  name: string,
  task: Task,
  K: number,
  d: CsvData,
  params: Record<string, unknown> = {},
  seed = 0,
): Predictor {
  return modelPredictor(getLearner(name).fit(d.X, d.y, { task, nClasses: K, seed, params }));
}

/** A predictor returning fixed outputs for the n test rows whatever the feature values (an oracle for tests). */
function oracle(pred: Float64Array, proba: Float64Array | null = null): Predictor {
  return {
    predict: (X: FeatureMatrix) => (X.nRows === pred.length ? pred : new Float64Array(X.nRows)),
    predictProba: (X: FeatureMatrix) =>
      proba && X.nRows === pred.length
        ? proba
        : proba
          ? new Float64Array(X.nRows * (proba.length / pred.length)).fill(1 / (proba.length / pred.length))
          : null,
  };
}

const small = {
  permutationRepeats: 1,
  refits: 2,
  robustnessRepeats: 1,
  partialDependenceFeatures: 0,
  maxShapRows: 20,
};

async function findings(
  input: Partial<EvaluateInput> & Pick<EvaluateInput, 'task' | 'predictor' | 'test' | 'metric'>,
  check: string,
): Promise<Finding[]> {
  const r = await evaluateModel({
    nClasses: input.task === 'regression' ? 0 : 2,
    classes: [],
    seed: 0,
    budget: small,
    checks: [check],
    ...input,
  });
  return r.findings.filter((f) => f.check === check);
}

const bc = splitCsv(loadCsv('breast_cancer'));
const diabetes = splitCsv(loadCsv('diabetes'));
const bcTest = { ...bc.test, rows: rowsOf(bc.test) };
const bcTrain = { ...bc.train, rows: rowsOf(bc.train) };
const dTest = { ...diabetes.test, rows: rowsOf(diabetes.test) };
const dTrain = { ...diabetes.train, rows: rowsOf(diabetes.train) };

describe('overfitting', () => {
  it('an unpruned regression tree has zero training error: gap = test RMSE / dummy RMSE, an error', async () => {
    const p = learned('decision_tree', 'regression', 0, diabetes.train);
    const f = await findings(
      { task: 'regression', metric: 'rmse', predictor: p, test: dTest, train: dTrain },
      'overfitting',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    const rmse = getMetric('rmse').fn;
    const trainMean = dTrain.y.reduce((a, b) => a + b, 0) / dTrain.y.length;
    const dummy = rmse(dTest.y, new Float64Array(dTest.y.length).fill(trainMean), null, 0);
    expect(rmse(dTrain.y, p.predict(dTrain.X), null, 0)).toBe(0);
    expect(f[0]!.value).toBeCloseTo(rmse(dTest.y, p.predict(dTest.X), null, 0) / dummy, 12);
  });
  it('test much worse than cross-validation is flagged with its own message', async () => {
    const p = learned('ridge', 'regression', 0, diabetes.train);
    const cv = { scores: [30, 31, 29], oof: new Float64Array(dTrain.y.length), oofProba: null };
    const f = await findings(
      { task: 'regression', metric: 'rmse', predictor: p, test: dTest, train: dTrain, cv },
      'overfitting',
    );
    const cvTest = f.find((x) => (x.evidence as { kind?: string }).kind === 'cv_vs_test')!;
    const test = (x: Finding) => (x.evidence as { test: number }).test;
    expect(cvTest.severity).toBe('warning');
    const trainMean = dTrain.y.reduce((a, b) => a + b, 0) / dTrain.y.length;
    const dummy = getMetric('rmse').fn(dTest.y, new Float64Array(dTest.y.length).fill(trainMean), null, 0);
    expect(cvTest.value).toBeCloseTo((test(cvTest) - 30) / dummy, 12);
  });
  it('a regularized linear model is not flagged', async () => {
    const p = learned('logistic_regression', 'binary', 2, bc.train);
    expect(
      await findings(
        { task: 'binary', metric: 'roc_auc', predictor: p, test: bcTest, train: bcTrain },
        'overfitting',
      ),
    ).toEqual([]);
  });
});

describe('no_better_than_baseline', () => {
  it('random scores are no better than the dummy (error); a fitted model is', async () => {
    const r = rng(3);
    const n = bcTest.y.length;
    const proba = new Float64Array(2 * n);
    const pred = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = r.next();
      proba[2 * i] = 1 - p;
      proba[2 * i + 1] = p;
      pred[i] = p > 0.5 ? 1 : 0;
    }
    const f = await findings(
      { task: 'binary', metric: 'roc_auc', predictor: oracle(pred, proba), test: bcTest, train: bcTrain },
      'no_better_than_baseline',
    );
    const err = f.find((x) => x.severity === 'error')!;
    expect(err).toBeDefined();
    expect(err.value).toBeLessThan(0.2);
    const good = learned('gbdt', 'binary', 2, bc.train, { n_estimators: 30 });
    const g = await findings(
      { task: 'binary', metric: 'roc_auc', predictor: good, test: bcTest, train: bcTrain },
      'no_better_than_baseline',
    );
    expect(g.filter((x) => x.severity === 'error')).toEqual([]);
  });
  it('a stump loses to the logistic regression fitted on the same rows (warning)', async () => {
    const stump = learned('decision_tree', 'binary', 2, bc.train, { max_depth: 1 });
    const f = await findings(
      { task: 'binary', metric: 'roc_auc', predictor: stump, test: bcTest, train: bcTrain },
      'no_better_than_baseline',
    );
    const w = f.find((x) => (x.evidence as { against?: string }).against === 'logistic regression')!;
    expect(w.severity).toBe('warning');
    expect(w.value as number).toBeGreaterThan(0.05);
  });
});

describe('predictions_out_of_range', () => {
  const y = dTest.y;
  it('predictions shifted below the training minimum: every row flagged, error', async () => {
    const pred = y.map((v) => v - 400);
    const f = await findings(
      { task: 'regression', metric: 'rmse', predictor: oracle(pred), test: dTest, train: dTrain },
      'predictions_out_of_range',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.count).toBe(y.length);
    expect(f[0]!.rows.slice(0, 3)).toEqual([1, 2, 3]);
  });
  it('one prediction above the stated range: a warning naming its row; margin lets it pass', async () => {
    const pred = Float64Array.from(y);
    pred[10] = 400;
    const base = {
      task: 'regression' as const,
      metric: 'rmse',
      predictor: oracle(pred),
      test: dTest,
      targetRange: { min: 25, max: 346 },
    };
    const f = await findings(base, 'predictions_out_of_range');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.rows).toEqual([11]);
    expect(
      await findings(
        { ...base, thresholds: { 'predictions_out_of_range.margin': 0.2 } },
        'predictions_out_of_range',
      ),
    ).toEqual([]);
  });
});

describe('poor_calibration', () => {
  it('a constant 0.9 for the positive class: ECE = 0.9 - prevalence', async () => {
    const n = bcTest.y.length;
    const proba = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      proba[2 * i] = 0.1;
      proba[2 * i + 1] = 0.9;
    }
    const prevalence = bcTest.y.reduce((a, b) => a + b, 0) / n;
    const f = await findings(
      {
        task: 'binary',
        metric: 'roc_auc',
        predictor: oracle(new Float64Array(n).fill(1), proba),
        test: bcTest,
      },
      'poor_calibration',
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.value).toBeCloseTo(0.9 - prevalence, 12);
  });
});

describe('weak_segment', () => {
  it('errors only where bmi is in its top quintile: that slice is the weakest, drop = 1 - overall / slice MAE', async () => {
    const bmi = dTest.X.columns[2]!;
    const cut = quantileSorted(Float64Array.from(bmi).sort(), 0.8); // the slicer's top quintile edge
    const pred = Float64Array.from(dTest.y, (v, i) => v + (bmi[i]! > cut ? 50 : 0));
    const f = await findings(
      {
        task: 'regression',
        metric: 'rmse',
        predictor: oracle(pred),
        test: dTest,
        thresholds: { 'weak_segment.min_rows': 15 },
      },
      'weak_segment',
    );
    const top = f[0]!;
    expect(top.columns).toEqual(['bmi']);
    expect((top.evidence as { slice: string }).slice).toMatch(/^bmi in \(/);
    const overall = (top.evidence as { overall: number }).overall;
    expect(top.value).toBeCloseTo(1 - overall / 50, 12);
    expect(top.severity).toBe('error');
    // loss 50 on the m slice rows and 0 elsewhere: z = (1 - p) sqrt(m) / sqrt(p (1 - p)) with p = m / n
    const m = top.count;
    const p = m / dTest.y.length;
    expect((top.evidence as { z: number }).z).toBeCloseTo(
      ((1 - p) * Math.sqrt(m)) / Math.sqrt(p * (1 - p)),
      9,
    );
    // a dip must also be unlikely by chance
    const strict = await findings(
      {
        task: 'regression',
        metric: 'rmse',
        predictor: oracle(pred),
        test: dTest,
        thresholds: { 'weak_segment.min_rows': 15, 'weak_segment.min_z': 100 },
      },
      'weak_segment',
    );
    expect(strict).toEqual([]);
  });
});

describe('fairness_gap', () => {
  it('perfect for one group, always positive for the other: DP and EO differences known exactly', async () => {
    const n = bcTest.y.length;
    const codes = Int32Array.from({ length: n }, (_, i) => i % 2);
    const pred = Float64Array.from(bcTest.y, (v, i) => (i % 2 === 0 ? v : 1));
    let pos0 = 0;
    let n0 = 0;
    for (let i = 0; i < n; i += 2) {
      n0++;
      pos0 += bcTest.y[i]!;
    }
    const f = await findings(
      {
        task: 'binary',
        metric: 'accuracy',
        predictor: oracle(pred),
        test: bcTest,
        sensitive: [{ name: 'parity', codes, labels: ['even', 'odd'] }],
      },
      'fairness_gap',
    );
    const dp = f.find((x) => (x.evidence as { metric: string }).metric === 'demographic parity difference')!;
    const eo = f.find((x) => (x.evidence as { metric: string }).metric === 'equalized odds difference')!;
    expect(dp.value).toBeCloseTo(1 - pos0 / n0, 12);
    expect(eo.value).toBe(1);
    expect(eo.severity).toBe('error');
    expect(dp.columns).toEqual(['parity']);
  });
});

describe('not_robust', () => {
  it('a model that fails on missing values is an error; a lookup model collapses under noise', async () => {
    // memorizes every test row by its full feature vector
    const key = (X: FeatureMatrix, i: number) => X.columns.map((c) => c[i]).join(',');
    const table = new Map<string, number>();
    for (let i = 0; i < dTest.y.length; i++) table.set(key(dTest.X, i), dTest.y[i]!);
    expect(table.size).toBe(dTest.y.length);
    const mean = dTest.y.reduce((a, b) => a + b, 0) / dTest.y.length;
    const lookup: Predictor = {
      predict: (X) => {
        for (let i = 0; i < X.nRows; i++)
          if (X.columns.some((c) => Number.isNaN(c[i]!))) throw new Error('bmi is missing');
        return Float64Array.from({ length: X.nRows }, (_, i) => table.get(key(X, i)) ?? mean);
      },
      predictProba: () => null,
    };
    const f = await findings(
      { task: 'regression', metric: 'rmse', predictor: lookup, test: dTest, checks: ['not_robust'] },
      'not_robust',
    );
    const missing = f.find((x) => (x.evidence as { kind: string }).kind === 'missing')!;
    const noise = f.find((x) => (x.evidence as { kind: string }).kind === 'noise')!;
    expect(missing.severity).toBe('error');
    expect(missing.message).toMatch(/fails .*bmi is missing/);
    expect(noise.severity).toBe('error');
    // from rmse 0 to the rmse of the test mean; without training rows the dummy is the test mean too: drop 1
    expect(noise.value).toBe(1);
  });
  it('gbdt handles missing values and small noise on breast_cancer', async () => {
    const p = learned('gbdt', 'binary', 2, bc.train, { n_estimators: 30 });
    const f = await findings({ task: 'binary', metric: 'roc_auc', predictor: p, test: bcTest }, 'not_robust');
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
  });
});

describe('unstable', () => {
  it('seed-dependent noise in refits and spread-out fold scores are flagged', async () => {
    const y = dTest.y;
    const refit = (_X: FeatureMatrix, _y: Float64Array, seed: number): Predictor => {
      const r = rng(seed);
      const shift = 40 * r.normal();
      return oracle(Float64Array.from(y, (v) => v + shift));
    };
    const cv = { scores: [40, 80, 45, 90, 50], oof: new Float64Array(dTrain.y.length), oofProba: null };
    const f = await findings(
      {
        task: 'regression',
        metric: 'rmse',
        predictor: refit(dTrain.X, dTrain.y, 0),
        test: dTest,
        train: dTrain,
        refit,
        cv,
      },
      'unstable',
    );
    const kinds = f.map((x) => (x.evidence as { kind: string }).kind).sort();
    expect(kinds).toEqual(['folds', 'seeds']);
    const folds = f.find((x) => (x.evidence as { kind: string }).kind === 'folds')!;
    // std of the fold scores over (dummy rmse - 0)
    const m = 61;
    const std = Math.sqrt([40, 80, 45, 90, 50].reduce((a, b) => a + (b - m) ** 2, 0) / 5);
    const dummy = getMetric('rmse').fn(
      y,
      new Float64Array(y.length).fill(dTrain.y.reduce((a, b) => a + b, 0) / dTrain.y.length),
      null,
      0,
    );
    expect(folds.value).toBeCloseTo(std / dummy, 12);
  });
});

describe('learning_curve', () => {
  it('an error that falls by exactly 10 per doubling of training rows gives gain 10 per doubling', async () => {
    const y = dTest.y;
    const refit = (X: FeatureMatrix): Predictor =>
      oracle(Float64Array.from(y, (v) => v + 100 - 10 * Math.log2(X.nRows)));
    const r = await evaluateModel({
      task: 'regression',
      nClasses: 0,
      classes: [],
      metric: 'rmse',
      seed: 0,
      budget: small,
      checks: ['learning_curve'],
      predictor: refit(dTrain.X),
      test: dTest,
      train: dTrain,
      refit,
    });
    const f = r.findings.find((x) => x.check === 'learning_curve')!;
    expect(f.severity).toBe('info');
    expect((f.evidence as { gainPerDoubling: number }).gainPerDoubling).toBeCloseTo(10, 9);
    const pts = (f.evidence as { points: { rows: number }[] }).points.map((p) => p.rows);
    expect(pts[pts.length - 1]).toBe(dTrain.y.length);
    expect(r.sections.some((s) => s.title === 'Learning curve')).toBe(true);
  });
});

describe('label_issues', () => {
  it('finds most of 12 deliberately flipped breast_cancer labels from out-of-fold probabilities, by file row', async () => {
    const d = loadCsv('breast_cancer');
    const flipped = [5, 40, 77, 120, 160, 201, 250, 300, 333, 410, 470, 530];
    const y = Float64Array.from(d.y);
    for (const i of flipped) y[i] = 1 - y[i]!;
    const L = getLearner('logistic_regression');
    const cv = crossValidate({
      learner: L,
      X: d.X,
      y,
      task: 'binary',
      nClasses: 2,
      folds: stratifiedKFold(y, 5, 0),
      score: (a, b, c, k) => getMetric('roc_auc').fn(a, b, c, k),
    });
    const rows = rowsOf({ ...d, y }, 1);
    const train = { X: d.X, y, rows };
    const p = learned('logistic_regression', 'binary', 2, { ...d, y });
    const f = await findings(
      { task: 'binary', metric: 'roc_auc', predictor: p, test: train, train, cv },
      'label_issues',
    );
    expect(f).toHaveLength(1);
    const found = new Set(f[0]!.rows);
    const hits = flipped.filter((i) => found.has(i + 1)).length;
    expect(hits).toBeGreaterThanOrEqual(10);
    expect(f[0]!.rows.length).toBeLessThan(40);
  });
});
