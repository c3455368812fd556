/**
 * The METRICS registry and metricsFor: names, directions and tasks, values equal to the pinned sklearn
 * numbers (test/fixtures/metrics_*.json), and the shape expected by cross-validation's Scorer.
 */
import { describe, expect, it } from 'vitest';
import type { Scorer } from '../src/automl/cv.js';
import {
  DEFAULT_METRIC,
  getMetric,
  isBetter,
  METRICS,
  metricNames,
  metricsFor,
} from '../src/evaluate/index.js';
import { argmax, expectClose, loadFixture, twoColumns } from './fixtures/metricsFixture.js';

const REQUIRED = [
  'accuracy',
  'balanced_accuracy',
  'f1_macro',
  'roc_auc',
  'pr_auc',
  'log_loss',
  'brier',
  'ece',
  'r2',
  'rmse',
  'mae',
  'mape',
  'median_ae',
];

describe('METRICS registry', () => {
  it('has every metric the CLI documents, with a direction and tasks', () => {
    for (const name of REQUIRED) {
      const m = METRICS[name]!;
      expect(m, name).toBeDefined();
      expect(m.name).toBe(name);
      expect(['higher', 'lower']).toContain(m.direction);
      expect(m.tasks.length).toBeGreaterThan(0);
    }
    expect(METRICS.log_loss!.direction).toBe('lower');
    expect(METRICS.roc_auc!.direction).toBe('higher');
    expect(METRICS.roc_auc!.needsProba).toBe(true);
    expect(METRICS.accuracy!.needsProba).toBe(false);
    expect(metricNames('regression')).not.toContain('accuracy');
    expect(metricNames('binary', false)).not.toContain('roc_auc');
    for (const task of ['binary', 'multiclass', 'regression'] as const) {
      expect(METRICS[DEFAULT_METRIC[task]]!.tasks).toContain(task);
    }
  });

  it('is usable as a cross-validation Scorer', () => {
    const scorer: Scorer = METRICS.accuracy!.fn;
    expect(scorer(Float64Array.of(0, 1, 1), Float64Array.of(0, 1, 0), null, 2)).toBeCloseTo(2 / 3, 15);
  });

  it('getMetric names the valid choices; isBetter follows the direction', () => {
    expect(getMetric('rmse', 'regression').direction).toBe('lower');
    expect(() => getMetric('rmse', 'binary')).toThrow(/choose one of accuracy/);
    expect(() => getMetric('nope')).toThrow(/unknown metric "nope"/);
    expect(isBetter(METRICS.rmse!, 1, 2)).toBe(true);
    expect(isBetter(METRICS.r2!, 1, 2)).toBe(false);
    expect(isBetter(METRICS.r2!, Number.NaN, 2)).toBe(false);
    expect(isBetter(METRICS.r2!, 0, Number.NaN)).toBe(true);
  });

  it('needs probabilities for probability metrics', () => {
    expect(() => METRICS.roc_auc!.fn(Float64Array.of(0, 1), Float64Array.of(0, 1), null, 2)).toThrow(
      /probabilities/,
    );
  });
});

describe('metricsFor', () => {
  it('binary: every classification metric, equal to sklearn', () => {
    const fx = loadFixture('metrics_binary.json');
    const proba = twoColumns(fx.p1);
    const yPred = argmax(proba, 2);
    const e = fx.expected.unweighted;
    const m = metricsFor('binary', fx.y, yPred, proba);
    const pairs: [string, string][] = [
      ['accuracy', 'accuracy'],
      ['balanced_accuracy', 'balanced_accuracy'],
      ['f1', 'f1_binary'],
      ['f1_macro', 'f1_macro'],
      ['f1_weighted', 'f1_weighted'],
      ['precision', 'precision_binary'],
      ['recall', 'recall_binary'],
      ['precision_macro', 'precision_macro'],
      ['recall_macro', 'recall_macro'],
      ['mcc', 'mcc'],
      ['kappa', 'kappa'],
      ['roc_auc', 'roc_auc'],
      ['roc_auc_weighted', 'roc_auc'],
      ['pr_auc', 'pr_auc'],
      ['log_loss', 'log_loss'],
      ['brier', 'brier'],
      ['ece', 'ece'],
    ];
    for (const [ours, theirs] of pairs) expectClose(m[ours]!, e[theirs], ours);
    expect(m.r2).toBeUndefined();
    // without probabilities only the label metrics
    const labelsOnly = metricsFor('binary', fx.y, yPred);
    expect(labelsOnly.roc_auc).toBeUndefined();
    expectClose(labelsOnly.accuracy!, e.accuracy, 'accuracy');
  });

  it('multiclass with weights, K inferred from the probabilities', () => {
    const fx = loadFixture('metrics_multiclass.json');
    const yPred = argmax(fx.proba, 3);
    const e = fx.expected.weighted;
    const m = metricsFor('multiclass', fx.y, yPred, fx.proba, { weights: fx.weights });
    expectClose(m.accuracy!, e.accuracy, 'accuracy');
    expectClose(m.f1_macro!, e.f1_macro, 'f1_macro');
    expectClose(m.roc_auc!, e.roc_auc_macro, 'roc_auc');
    expectClose(m.roc_auc_weighted!, e.roc_auc_weighted, 'roc_auc_weighted');
    expectClose(m.pr_auc!, e.pr_auc_macro, 'pr_auc');
    expectClose(m.log_loss!, e.log_loss, 'log_loss');
    expectClose(m.brier!, e.brier, 'brier');
    expectClose(m.ece!, e.ece, 'ece');
    expect(m.f1).toBeUndefined();
  });

  it('regression', () => {
    const fx = loadFixture('metrics_regression.json');
    const m = metricsFor('regression', fx.y, fx.yPred);
    const e = fx.expected.unweighted;
    for (const name of ['r2', 'rmse', 'mse', 'mae', 'mape', 'median_ae', 'explained_variance', 'max_error']) {
      expectClose(m[name]!, e[name], name);
    }
    expect(Object.keys(m).sort()).toEqual(metricNames('regression').sort());
  });
});
