import { describe, expect, it } from 'vitest';
import { crossValidate } from '../src/automl/cv.js';
import { stratifiedKFold } from '../src/data/split.js';
import { InputError } from '../src/errors.js';
import { confusionMatrix } from '../src/evaluate/confusion.js';
import { type EvaluateInput, evaluateModel, type Predictor } from '../src/evaluate/evaluate.js';
import { getMetric, metricsFor } from '../src/evaluate/metrics/registry.js';
import { explainPrediction } from '../src/explain/prediction.js';
import { getLearner } from '../src/learners/registry.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';
import { modelPredictor } from '../src/runtime/predictor.js';
import { type CsvData, loadCsv, splitCsv } from './fixtures/learnerData.js';

const rowsOf = (d: CsvData) => Int32Array.from({ length: d.y.length }, (_, i) => i + 1);

function fitted(
  name: string,
  task: Task,
  K: number,
  d: CsvData,
  params: Record<string, unknown> = {},
  seed = 0,
): Predictor {
  return modelPredictor(getLearner(name).fit(d.X, d.y, { task, nClasses: K, seed, params }));
}

const budget = {
  permutationRepeats: 2,
  refits: 2,
  robustnessRepeats: 1,
  maxShapRows: 50,
  partialDependenceGrid: 8,
};

/** A full input the way `mlqa train` gives it: train rows, CV, refit. */
function fullInput(
  name: string,
  task: Task,
  K: number,
  d: { train: CsvData; test: CsvData },
  metric: string,
  params: Record<string, unknown>,
): EvaluateInput {
  const L = getLearner(name);
  const refit = (X: FeatureMatrix, y: Float64Array, seed: number) =>
    fitted(name, task, K, { X, y, classes: d.train.classes }, params, seed);
  const folds = stratifiedKFold(task === 'regression' ? new Float64Array(d.train.y.length) : d.train.y, 5, 0);
  const cv = crossValidate({
    learner: L,
    params,
    X: d.train.X,
    y: d.train.y,
    task,
    nClasses: K,
    folds,
    score: (a, b, c, k) => getMetric(metric).fn(a, b, c, k),
  });
  return {
    task,
    nClasses: K,
    classes: d.train.classes,
    metric,
    predictor: refit(d.train.X, d.train.y, 0),
    test: { ...d.test, rows: rowsOf(d.test) },
    train: { ...d.train, rows: rowsOf(d.train) },
    cv,
    refit,
    seed: 0,
    budget,
  };
}

describe('evaluateModel', () => {
  const bc = splitCsv(loadCsv('breast_cancer'));
  const wine = splitCsv(loadCsv('wine'));
  const diabetes = splitCsv(loadCsv('diabetes'));

  it('binary: metrics equal metricsFor, confusion counts, per-class table and curve sections', async () => {
    const p = fitted('gbdt', 'binary', 2, bc.train, { n_estimators: 50 });
    const r = await evaluateModel({
      task: 'binary',
      nClasses: 2,
      classes: bc.train.classes,
      metric: 'roc_auc',
      predictor: p,
      test: { ...bc.test, rows: rowsOf(bc.test) },
      train: { ...bc.train, rows: rowsOf(bc.train) },
      seed: 0,
      budget,
    });
    const pred = p.predict(bc.test.X);
    expect(r.metrics).toEqual(
      metricsFor('binary', bc.test.y, pred, p.predictProba(bc.test.X), { nClasses: 2 }),
    );
    for (const m of [
      'accuracy',
      'balanced_accuracy',
      'precision',
      'recall',
      'f1',
      'roc_auc',
      'pr_auc',
      'log_loss',
      'brier',
      'ece',
    ])
      expect(r.metrics[m], m).toBeTypeOf('number');
    expect(r.confusionMatrix).toEqual(confusionMatrix(bc.test.y, pred, { nClasses: 2 }).counts);
    expect(r.perClass!.map((c) => c.label)).toEqual(bc.train.classes);
    expect(r.perClass!.reduce((a, c) => a + c.support, 0)).toBe(bc.test.y.length);
    const titles = r.sections.map((s) => s.title);
    for (const t of [
      'Metrics',
      'Findings',
      'Per-class metrics',
      'Confusion matrix',
      'ROC and precision-recall curves',
      'Calibration',
      'Explanations',
    ])
      expect(titles).toContain(t);
    // curves are thinned: no chart carries more points than the cap, whatever the test size
    const roc = r.sections.find((s) => s.title === 'ROC and precision-recall curves')!.charts![0]!.spec as {
      layer: { data: { values: unknown[] } }[];
    };
    expect(roc.layer[1]!.data.values.length).toBeLessThanOrEqual(150);
    expect(r.explanations.permutationImportance).toHaveLength(30);
    expect((r.explanations.shap as { base: number[] }).base).toHaveLength(1);
  });

  it('multiclass with train, CV and refit: every check runs; same seed, same result', async () => {
    const input = fullInput('random_forest', 'multiclass', 3, wine, 'log_loss', { n_estimators: 20 });
    const a = await evaluateModel(input);
    const b = await evaluateModel(input);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.metrics.roc_auc).toBeGreaterThan(0.9);
    expect(a.confusionMatrix!.length).toBe(3);
    const titles = a.sections.map((s) => s.title);
    for (const t of ['Comparisons', 'Learning curve', 'Stability', 'Robustness', 'Explanations'])
      expect(titles).toContain(t);
    const pd = a.explanations.partialDependence as { outputs: string[]; grid: number[] }[];
    expect(pd[0]!.outputs).toEqual(wine.train.classes);
    expect(pd[0]!.grid.length).toBeLessThanOrEqual(8);
  });

  it('regression: residual sections are binned, no classification keys', async () => {
    const input = fullInput('gbdt', 'regression', 0, diabetes, 'rmse', { n_estimators: 40 });
    const r = await evaluateModel(input);
    expect(r.confusionMatrix).toBeNull();
    expect(r.perClass).toBeUndefined();
    for (const m of ['mae', 'rmse', 'r2', 'mape', 'median_ae']) expect(r.metrics[m], m).toBeTypeOf('number');
    const res = r.sections.find((s) => s.title === 'Residuals')!;
    const band = res.charts![0]!.spec as { data: { values: unknown[] } };
    expect(band.data.values.length).toBeLessThanOrEqual(30);
  });

  it('rejects inconsistent input with one-line InputErrors', async () => {
    const p = fitted('logistic_regression', 'binary', 2, bc.train);
    const base = {
      task: 'binary' as const,
      nClasses: 2,
      classes: [],
      metric: 'roc_auc',
      predictor: p,
      seed: 0,
      test: { ...bc.test, rows: rowsOf(bc.test) },
    };
    await expect(evaluateModel({ ...base, metric: 'rmse' })).rejects.toThrow(InputError);
    await expect(
      evaluateModel({ ...base, test: { ...base.test, y: bc.test.y.map((v) => v + 2) } }),
    ).rejects.toThrow(/row 1: label code [23] is not one of the 2 classes/);
    await expect(evaluateModel({ ...base, checks: ['nope'] })).rejects.toThrow(
      /unknown evaluation check 'nope'/,
    );
    await expect(evaluateModel({ ...base, thresholds: { 'overfitting.nope': 1 } })).rejects.toThrow(
      /unknown threshold/,
    );
    await expect(evaluateModel({ ...base, test: { ...base.test, rows: new Int32Array(3) } })).rejects.toThrow(
      /disagree/,
    );
  });
});

describe('a check that fails', () => {
  it('becomes an internal warning naming it; the other checks still run', async () => {
    const bc = splitCsv(loadCsv('breast_cancer'));
    const p = fitted('logistic_regression', 'binary', 2, bc.train);
    const r = await evaluateModel({
      task: 'binary',
      nClasses: 2,
      classes: [],
      metric: 'roc_auc',
      predictor: p,
      seed: 0,
      budget,
      test: { ...bc.test, rows: rowsOf(bc.test) },
      train: { ...bc.train, rows: rowsOf(bc.train) },
      refit: () => {
        throw new Error('out of memory');
      },
      checks: ['unstable', 'poor_calibration'],
    });
    const internal = r.findings.find((f) => f.check === 'internal')!;
    expect(internal.severity).toBe('warning');
    expect(internal.message).toBe('check unstable could not run: out of memory');
    expect(r.sections.find((s) => s.title === 'Calibration')).toBeDefined();
  });
});

describe('explainPrediction', () => {
  const bc = splitCsv(loadCsv('breast_cancer'));
  it('tree models: exact TreeSHAP, base + contributions = the log-odds', () => {
    const p = fitted('gbdt', 'binary', 2, bc.train, { n_estimators: 30 });
    const e = explainPrediction(p, bc.test.X, 7, { classes: bc.train.classes });
    expect(e.method).toBe('treeshap');
    expect(e.outputKind).toBe('log-odds');
    const raw = (p.model as unknown as { predictRaw(X: FeatureMatrix): Float64Array }).predictRaw(
      bc.test.X,
    )[7]!;
    expect(e.prediction).toBeCloseTo(raw, 9);
    expect(e.contributions).toHaveLength(30);
    expect(Math.abs(e.contributions[0]!.contribution)).toBeGreaterThanOrEqual(
      Math.abs(e.contributions[1]!.contribution),
    );
  });
  it('other models: sampled Shapley values add up to the probability; seeded', () => {
    const p = fitted('logistic_regression', 'binary', 2, bc.train);
    const a = explainPrediction(p, bc.test.X, 3, { background: bc.train.X, samples: 100, seed: 1 });
    const b = explainPrediction(p, bc.test.X, 3, { background: bc.train.X, samples: 100, seed: 1 });
    expect(a).toEqual(b);
    expect(a.method).toBe('sampling');
    const proba = p.predictProba(bc.test.X)![2 * 3 + 1]!;
    expect(a.prediction).toBeCloseTo(proba, 12);
    expect(() => explainPrediction(p, bc.test.X, 3)).toThrow(/background rows/);
  });
});
