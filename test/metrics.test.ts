/**
 * Classification metrics pinned against scikit-learn 1.2.1 on out-of-fold LogisticRegression probabilities
 * (breast_cancer: binary, wine: multiclass), unweighted and with sample weights (some zero).
 * Expected values: test/fixtures/metrics_fixtures.py -> test/fixtures/metrics_{binary,multiclass}.json.
 */
import { describe, expect, it } from 'vitest';
import {
  type Average,
  accuracy,
  averagePrecision,
  averagePrecisionPerClass,
  balancedAccuracy,
  brierScore,
  classificationReport,
  cohenKappa,
  confusionMatrix,
  expectedCalibrationError,
  logLoss,
  matthewsCorrcoef,
  normalizeConfusion,
  perClassPrf,
  precisionRecallF,
  rocAuc,
  rocAucPerClass,
} from '../src/evaluate/index.js';
import {
  argmax,
  expectAllClose,
  expectClose,
  expectMatrixClose,
  type Json,
  loadFixture,
  twoColumns,
} from './fixtures/metricsFixture.js';

interface ClfFixture {
  y: number[];
  weights: number[];
  p1?: number[];
  proba?: number[];
  nClasses?: number;
  expected: Record<'unweighted' | 'weighted', Json>;
}

const cases = [
  { name: 'breast_cancer (binary)', file: 'metrics_binary.json' },
  { name: 'wine (multiclass)', file: 'metrics_multiclass.json' },
];

for (const c of cases) {
  const fx = loadFixture<ClfFixture>(c.file);
  const k = fx.nClasses ?? 2;
  const y = Float64Array.from(fx.y);
  const proba = fx.p1 ? twoColumns(fx.p1) : Float64Array.from(fx.proba!);
  const yPred = argmax(proba, k);

  for (const tag of ['unweighted', 'weighted'] as const) {
    const e = fx.expected[tag];
    const w = tag === 'weighted' ? Float64Array.from(fx.weights) : undefined;

    describe(`${c.name}, ${tag}`, () => {
      it('accuracy, balanced accuracy, MCC, kappa', () => {
        expectClose(accuracy(y, yPred, w, k), e.accuracy, 'accuracy');
        expectClose(balancedAccuracy(y, yPred, w, k), e.balanced_accuracy, 'balanced_accuracy');
        expectClose(balancedAccuracy(y, yPred, w, k, true), e.balanced_accuracy_adjusted, 'adjusted');
        expectClose(matthewsCorrcoef(y, yPred, w, k), e.mcc, 'mcc');
        expectClose(cohenKappa(y, yPred, w, k), e.kappa, 'kappa');
        expectClose(cohenKappa(y, yPred, w, k, 'linear'), e.kappa_linear, 'kappa linear');
        expectClose(cohenKappa(y, yPred, w, k, 'quadratic'), e.kappa_quadratic, 'kappa quadratic');
      });

      it('precision, recall, F1 and F2 for every average', () => {
        const averages: Average[] =
          k === 2 ? ['macro', 'weighted', 'micro', 'binary'] : ['macro', 'weighted', 'micro'];
        for (const average of averages) {
          const r = precisionRecallF(y, yPred, { average, nClasses: k, weights: w });
          expectClose(r.precision, e[`precision_${average}`], `precision ${average}`);
          expectClose(r.recall, e[`recall_${average}`], `recall ${average}`);
          expectClose(r.fScore, e[`f1_${average}`], `f1 ${average}`);
          const f2 = precisionRecallF(y, yPred, { average, nClasses: k, weights: w, beta: 2 });
          expectClose(f2.fScore, e[`f2_${average}`], `f2 ${average}`);
        }
        const pc = perClassPrf(y, yPred, { nClasses: k, weights: w });
        expectAllClose(pc.precision, e.per_class.precision, 'per-class precision');
        expectAllClose(pc.recall, e.per_class.recall, 'per-class recall');
        expectAllClose(pc.fScore, e.per_class.f1, 'per-class f1');
        expectAllClose(pc.support, e.per_class.support, 'support');
      });

      it('ROC AUC and average precision', () => {
        if (k === 2) {
          expectClose(rocAuc(y, proba, k, { weights: w }), e.roc_auc, 'roc_auc');
          expectClose(rocAuc(y, Float64Array.from(fx.p1!), 2, { weights: w }), e.roc_auc, 'roc_auc from p1');
          expectClose(averagePrecision(y, proba, k, { weights: w }), e.pr_auc, 'pr_auc');
        } else {
          for (const average of ['macro', 'weighted'] as const) {
            expectClose(
              rocAuc(y, proba, k, { weights: w, average }),
              e[`roc_auc_${average}`],
              `roc_auc ${average}`,
            );
            expectClose(
              averagePrecision(y, proba, k, { weights: w, average }),
              e[`pr_auc_${average}`],
              `pr_auc ${average}`,
            );
          }
          expectAllClose(rocAucPerClass(y, proba, k, w).scores, e.roc_auc_per_class, 'roc_auc per class');
          expectAllClose(
            averagePrecisionPerClass(y, proba, k, w).scores,
            e.pr_auc_per_class,
            'pr_auc per class',
          );
        }
      });

      it('log loss, Brier score and ECE', () => {
        expectClose(logLoss(y, proba, k, w), e.log_loss, 'log_loss');
        expectClose(brierScore(y, proba, k, w), e.brier, 'brier');
        expectClose(expectedCalibrationError(y, proba, k, { weights: w }), e.ece, 'ece');
        expectClose(
          expectedCalibrationError(y, proba, k, { weights: w, nBins: 15 }),
          e.ece_15,
          'ece 15 bins',
        );
      });

      it('confusion matrix: counts and normalised by true, pred, all', () => {
        const cm = confusionMatrix(y, yPred, { nClasses: k, weights: w });
        expect(cm.counts.length).toBe(k);
        expectMatrixClose(cm.counts, e.confusion, 'counts');
        for (const norm of ['true', 'pred', 'all'] as const) {
          expectMatrixClose(normalizeConfusion(cm.counts, norm), e[`confusion_${norm}`], norm);
        }
      });
    });
  }
}

describe('classificationReport', () => {
  it('lays out per-class and averaged numbers like sklearn classification_report', () => {
    const fx = loadFixture<ClfFixture>('metrics_multiclass.json');
    const proba = Float64Array.from(fx.proba!);
    const yPred = argmax(proba, 3);
    const e = fx.expected.unweighted;
    const t = classificationReport(fx.y, yPred, { nClasses: 3, classNames: ['a', 'b', 'c'], digits: 12 });
    expect(t.columns).toEqual(['class', 'precision', 'recall', 'f1', 'support']);
    expect(t.rows.map((r) => r[0])).toEqual(['a', 'b', 'c', 'accuracy', 'macro avg', 'weighted avg']);
    for (let c = 0; c < 3; c++) {
      expectClose(t.rows[c]![1] as number, e.per_class.precision[c], 'precision', 1e-11);
      expectClose(t.rows[c]![3] as number, e.per_class.f1[c], 'f1', 1e-11);
      expect(t.rows[c]![4]).toBe(e.per_class.support[c]);
    }
    expectClose(t.rows[3]![3] as number, e.accuracy, 'accuracy', 1e-11);
    expectClose(t.rows[4]![3] as number, e.f1_macro, 'macro f1', 1e-11);
    expectClose(t.rows[5]![1] as number, e.precision_weighted, 'weighted precision', 1e-11);
    expect(t.rows[5]![4]).toBe(178);
  });
});
