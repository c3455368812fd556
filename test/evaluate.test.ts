import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../src/evaluate/confusion.js';
import { evaluateModel, type Predictor } from '../src/evaluate/evaluate.js';
import { metricsFor } from '../src/evaluate/metrics/registry.js';
import { getLearner } from '../src/learners/registry.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';
import { type CsvData, loadCsv, splitCsv } from './fixtures/learnerData.js';

function rowsOf(d: CsvData, offset: number): Int32Array {
  return Int32Array.from({ length: d.y.length }, (_, i) => offset + i);
}

function fitted(
  name: string,
  task: Task,
  K: number,
  d: CsvData,
  params: Record<string, unknown> = {},
): Predictor {
  const model = getLearner(name).fit(d.X, d.y, { task, nClasses: K, seed: 0, params });
  return {
    model,
    predict: (X: FeatureMatrix) => model.predict(X),
    predictProba: (X: FeatureMatrix) => (task === 'regression' ? null : model.predictProba(X)),
  };
}

describe('evaluateModel', () => {
  const bc = splitCsv(loadCsv('breast_cancer'));
  it('binary: metrics, confusion matrix and sections on breast_cancer', async () => {
    const p = fitted('gbdt', 'binary', 2, bc.train, { n_estimators: 50 });
    const r = await evaluateModel({
      task: 'binary',
      nClasses: 2,
      classes: ['0', '1'],
      metric: 'roc_auc',
      predictor: p,
      test: { ...bc.test, rows: rowsOf(bc.test, 1) },
      train: { ...bc.train, rows: rowsOf(bc.train, 1) },
      seed: 0,
      budget: { permutationRepeats: 2 },
    });
    const expected = metricsFor('binary', bc.test.y, p.predict(bc.test.X), p.predictProba(bc.test.X), {
      nClasses: 2,
    });
    expect(r.metrics).toEqual(expected);
    expect(r.confusionMatrix).toEqual(
      confusionMatrix(bc.test.y, p.predict(bc.test.X), { nClasses: 2 }).counts,
    );
    expect(r.sections.map((s) => s.title)).toContain('ROC and precision-recall curves');
    console.log(JSON.stringify(r.findings, null, 1), r.explanations.permutationImportance.slice(0, 5));
  });
});
