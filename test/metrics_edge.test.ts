/**
 * Edge cases pinned against scikit-learn 1.2.1: a class never predicted (zero_division=0), a class predicted
 * but never true, all-same predictions, perfectly separated and perfectly wrong scores, ties, equal scores,
 * hard 0/1 probabilities (log-loss clipping), weights with zeros, zero and constant regression targets.
 * Expected values: test/fixtures/metrics_fixtures.py -> metrics_edge.json. Cases where sklearn raises are
 * checked by hand at the end.
 */
import { describe, expect, it } from 'vitest';
import {
  type Average,
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  cohenKappa,
  confusionMatrix,
  expectedCalibrationError,
  explainedVariance,
  logLoss,
  matthewsCorrcoef,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  medianAbsoluteError,
  normalizeConfusion,
  perClassPrf,
  precisionRecallCurve,
  precisionRecallF,
  r2,
  rocAuc,
  rocCurve,
  rootMeanSquaredError,
} from '../src/evaluate/index.js';
import {
  expectAllClose,
  expectClose,
  expectMatrixClose,
  type Json,
  loadFixture,
  twoColumns,
} from './fixtures/metricsFixture.js';

interface EdgeCase {
  name: string;
  kind: 'labels' | 'scores' | 'proba' | 'regression';
  y: number[];
  yPred?: number[];
  score?: number[];
  proba?: number[];
  nClasses?: number;
  weights?: number[] | null;
  expected: Json;
}

const edge = loadFixture<EdgeCase[]>('metrics_edge.json');

describe('edge cases against sklearn', () => {
  for (const c of edge) {
    const w = c.weights ?? undefined;
    const e = c.expected;
    it(`${c.kind}: ${c.name}`, () => {
      if (c.kind === 'labels') {
        const k = c.nClasses!;
        const [y, p] = [c.y, c.yPred!];
        expectClose(accuracy(y, p, w, k), e.accuracy, 'accuracy');
        expectClose(balancedAccuracy(y, p, w, k), e.balanced_accuracy, 'balanced_accuracy');
        expectClose(balancedAccuracy(y, p, w, k, true), e.balanced_accuracy_adjusted, 'balanced adjusted');
        expectClose(matthewsCorrcoef(y, p, w, k), e.mcc, 'mcc');
        expectClose(cohenKappa(y, p, w, k), e.kappa, 'kappa');
        expectClose(cohenKappa(y, p, w, k, 'quadratic'), e.kappa_quadratic, 'kappa quadratic');
        const averages: Average[] =
          k === 2 ? ['macro', 'weighted', 'micro', 'binary'] : ['macro', 'weighted', 'micro'];
        for (const average of averages) {
          const r = precisionRecallF(y, p, { average, nClasses: k, weights: w });
          expectClose(r.precision, e[`precision_${average}`], `precision ${average}`);
          expectClose(r.recall, e[`recall_${average}`], `recall ${average}`);
          expectClose(r.fScore, e[`f1_${average}`], `f1 ${average}`);
        }
        const pc = perClassPrf(y, p, { nClasses: k, weights: w });
        expectAllClose(pc.precision, e.per_class.precision, 'per-class precision');
        expectAllClose(pc.fScore, e.per_class.f1, 'per-class f1');
        const cm = confusionMatrix(y, p, { nClasses: k, weights: w });
        expectMatrixClose(cm.counts, e.confusion, 'confusion');
        expectMatrixClose(normalizeConfusion(cm.counts, 'pred'), e.confusion_pred, 'pred');
        expectMatrixClose(normalizeConfusion(cm.counts, 'true'), e.confusion_true, 'true');
      } else if (c.kind === 'scores') {
        const s = c.score!;
        expectClose(rocAuc(c.y, s, 2, { weights: w }), e.roc_auc, 'roc_auc');
        expectClose(averagePrecision(c.y, s, 2, { weights: w }), e.pr_auc, 'pr_auc');
        const roc = rocCurve(c.y, s, { weights: w });
        expectAllClose(roc.fpr, e.roc.fpr, 'fpr');
        expectAllClose(roc.tpr, e.roc.tpr, 'tpr');
        expectAllClose(roc.thresholds, e.roc.thresholds, 'roc thresholds');
        const pr = precisionRecallCurve(c.y, s, { weights: w });
        expectAllClose(pr.precision, e.pr.precision, 'precision');
        expectAllClose(pr.recall, e.pr.recall, 'recall');
        expectAllClose(pr.thresholds, e.pr.thresholds, 'pr thresholds');
        if (e.log_loss !== undefined) {
          const proba = twoColumns(s);
          expectClose(logLoss(c.y, proba, 2, w), e.log_loss, 'log_loss');
          expectClose(brierScore(c.y, proba, 2, w), e.brier, 'brier');
          expectClose(expectedCalibrationError(c.y, proba, 2, { weights: w }), e.ece, 'ece');
        }
      } else if (c.kind === 'proba') {
        const k = c.nClasses!;
        const q = c.proba!;
        expectClose(logLoss(c.y, q, k), e.log_loss, 'log_loss');
        expectClose(brierScore(c.y, q, k), e.brier, 'brier');
        expectClose(expectedCalibrationError(c.y, q, k), e.ece, 'ece');
        for (const average of ['macro', 'weighted'] as const) {
          expectClose(rocAuc(c.y, q, k, { average }), e[`roc_auc_${average}`], `roc_auc ${average}`);
          expectClose(averagePrecision(c.y, q, k, { average }), e[`pr_auc_${average}`], `pr_auc ${average}`);
        }
      } else {
        const [y, p] = [c.y, c.yPred!];
        expectClose(meanAbsoluteError(y, p, w), e.mae, 'mae');
        expectClose(meanSquaredError(y, p, w), e.mse, 'mse');
        expectClose(rootMeanSquaredError(y, p, w), e.rmse, 'rmse');
        expectClose(r2(y, p, w), e.r2, 'r2');
        expectClose(meanAbsolutePercentageError(y, p, w), e.mape, 'mape');
        expectClose(medianAbsoluteError(y, p, w), e.median_ae, 'median_ae');
        expectClose(explainedVariance(y, p, w), e.explained_variance, 'explained_variance');
        expectClose(maxError(y, p), e.max_error, 'max_error');
      }
    });
  }
});

describe('where sklearn raises', () => {
  it('binary ROC AUC with a single class in y_true is NaN', () => {
    expect(rocAuc([1, 1, 1], [0.2, 0.5, 0.9], 2)).toBeNaN();
    expect(rocAuc([0, 0], [0.2, 0.5], 2)).toBeNaN();
    const roc = rocCurve([1, 1, 1], [0.2, 0.5, 0.9]);
    expect(Array.from(roc.fpr).every(Number.isNaN)).toBe(true);
  });

  it('one-vs-rest leaves out classes absent from y_true', () => {
    // class 2 never occurs: average over classes 0 and 1 only
    const y = [0, 1, 0, 1];
    const q = [0.7, 0.2, 0.1, 0.2, 0.6, 0.2, 0.5, 0.3, 0.2, 0.4, 0.4, 0.2];
    const auc0 = rocAuc([1, 0, 1, 0], [0.7, 0.2, 0.5, 0.4], 2);
    const auc1 = rocAuc([0, 1, 0, 1], [0.2, 0.6, 0.3, 0.4], 2);
    expect(rocAuc(y, q, 3)).toBeCloseTo((auc0 + auc1) / 2, 15);
    expect(averagePrecision(y, q, 3)).toBeGreaterThan(0);
  });

  it('average precision with no positives is 0, as sklearn returns', () => {
    expect(averagePrecision([0, 0, 0], [0.1, 0.5, 0.9], 2)).toBe(0);
  });

  it('rejects bad class indices and probability shapes', () => {
    expect(() => accuracy([0, 1, 2], [0, 1, 1], undefined, 2)).toThrow(/class index/);
    expect(() => accuracy([0, 1.5], [0, 1])).toThrow(/class index/);
    expect(() => logLoss([0, 1], [0.5, 0.5, 0.5], 2)).toThrow(/probabilities/);
    expect(() => rocAuc([0, 1], [0.5, Number.NaN], 2)).toThrow(/finite/);
  });
});
