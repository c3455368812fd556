/**
 * `mlqa evaluate --benchmark model.onnx`: ONNX models built offline from scikit-learn fits
 * (test/fixtures/onnx_benchmarks.py) run through onnxruntime-node on the evaluation rows; their scores
 * must equal scikit-learn's own scores of the same models on the same rows (expected.json).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { path, split, trainArtifact } from './helpers/artifacts.js';
import { expectBadInput, run } from './helpers/cli.js';

const FIX = 'test/fixtures/onnx';
const expected = JSON.parse(readFileSync(`${FIX}/expected.json`, 'utf8'));
const bc = split('breast_cancer');
const peng = split('penguins');
const diab = split('diabetes');
const bcModel = path('onnx_bc.mlqa');
const pengModel = path('onnx_peng.mlqa');
const diabModel = path('onnx_diab.mlqa');

beforeAll(async () => {
  await trainArtifact(bc.train, 'target', 'gbdt', { n_estimators: 40 }, bcModel, 'roc_auc');
  await trainArtifact(peng.train, 'species', 'random_forest', { n_estimators: 30 }, pengModel, 'log_loss');
  await trainArtifact(diab.train, 'target', 'gbdt', { n_estimators: 30 }, diabModel, 'r2');
}, 60_000);

interface Finding {
  check: string;
  evidence?: { against?: string; metric: string; model: number; benchmark?: { name: string; score: number } };
}

/** The benchmark's score, from the comparison finding (forced with a negative margin). */
async function benchmarkScore(model: string, data: string, onnx: string) {
  const r = await run(
    'evaluate',
    model,
    data,
    '--benchmark',
    `${FIX}/${onnx}`,
    '--threshold',
    'no_better_than_baseline.benchmark_margin=-1',
    '--json',
    '--fail-on',
    'never',
  );
  expect(r.code, r.err).toBe(0);
  const j = JSON.parse(r.out);
  const f = (j.findings as Finding[]).find((x) => x.evidence?.against === onnx);
  expect(f?.check).toBe('no_better_than_baseline');
  return { score: f!.evidence!.benchmark!.score, metric: f!.evidence!.metric, rows: j.data.rows as number };
}

describe('mlqa evaluate --benchmark FILE.onnx', () => {
  it('one float matrix input, label and probability outputs (binary): ROC AUC equals scikit-learn', async () => {
    const b = await benchmarkScore(bcModel, bc.test, 'breast_cancer_logreg.onnx');
    expect(b.rows).toBe(expected.breast_cancer.rows);
    expect(b.metric).toBe('roc_auc');
    expect(b.score).toBeCloseTo(expected.breast_cancer.roc_auc, 6);
  });

  it('one input per column, a text column, missing values imputed in the graph, string labels (multiclass)', async () => {
    const b = await benchmarkScore(pengModel, peng.test, 'penguins_logreg.onnx');
    expect(b.rows).toBe(expected.penguins.rows);
    expect(b.metric).toBe('log_loss');
    // float32 probabilities: log loss agrees to about 1e-6.
    expect(b.score).toBeCloseTo(expected.penguins.log_loss, 5);
    // Probability columns in another class order: the label output maps them back.
    const p = await benchmarkScore(pengModel, peng.test, 'penguins_logreg_permuted.onnx');
    expect(p.score).toBeCloseTo(b.score, 8); // float32 sums in another order
  });

  it('one double matrix input (regression): R2 equals scikit-learn', async () => {
    const b = await benchmarkScore(diabModel, diab.test, 'diabetes_ridge.onnx');
    expect(b.metric).toBe('r2');
    expect(b.score).toBeCloseTo(expected.diabetes.r2, 9);
  });

  it('names the table in the report and warns when the benchmark wins', async () => {
    // The gbdt regressor is compared with the ridge on R2; at the default margin (0) a better benchmark warns.
    const r = await run(
      'evaluate',
      diabModel,
      diab.test,
      '--benchmark',
      `${FIX}/diabetes_ridge.onnx`,
      '--json',
    );
    const j = JSON.parse(r.out);
    const won = expected.diabetes.r2 > j.metrics.r2;
    const f = (j.findings as Finding[]).find((x) => x.evidence?.against === 'diabetes_ridge.onnx');
    expect(f !== undefined).toBe(won);
  });

  it('bad ONNX input exits 2 with one line', async () => {
    await expectBadInput(
      ['evaluate', bcModel, bc.test, '--benchmark', `${FIX}/diabetes_ridge.onnx`],
      /diabetes_ridge.onnx: input 'X' takes 10 columns, but the data has 30 besides the target and the model 30 features/,
    );
    await expectBadInput(
      ['evaluate', bcModel, bc.test, '--benchmark', `${FIX}/penguins_logreg.onnx`],
      /penguins_logreg.onnx: inputs .* are neither columns of the data \(no column 'bill_length_mm'/,
    );
    writeFileSync(path('junk.onnx'), 'not a protobuf');
    await expectBadInput(
      ['evaluate', bcModel, bc.test, '--benchmark', path('junk.onnx')],
      /junk.onnx: not a model ONNX Runtime can load/,
    );
    // NaN in a column the graph does not impute: the first such row is named.
    const text = readFileSync(bc.test, 'utf8').split('\n');
    text[3] = text[3]!.replace(/^[^,]*,/, ',');
    writeFileSync(path('bc_missing.csv'), text.join('\n'));
    await expectBadInput(
      ['evaluate', bcModel, path('bc_missing.csv'), '--benchmark', `${FIX}/breast_cancer_logreg.onnx`],
      /row 3: the ONNX model's output is NaN/,
    );
  });
});
