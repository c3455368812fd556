import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArtifact } from '../src/artifact/io.js';
import { writeTrainOutputs } from '../src/automl/report.js';
import { TRAIN_DEFAULT_METRIC, train, trainJson } from '../src/automl/train.js';
import { makePlan } from '../src/clean/pipeline.js';
import { takeRows } from '../src/data/frame.js';
import { prepareDataset } from '../src/data/prepare.js';
import { getMetric } from '../src/evaluate/metrics/registry.js';
import { createPredictor } from '../src/runtime/predictor.js';

const DATA = 'data/datasets';
const SMALL_EVAL = {
  refits: 0,
  learningCurve: [0.5, 1],
  permutationRepeats: 1,
  robustnessRepeats: 1,
  maxShapRows: 50,
  partialDependenceFeatures: 1,
};

describe('train', () => {
  it('holds out a stratified test set the search never sees, evaluates on it, writes the outputs', async () => {
    const file = `${DATA}/iris.csv`;
    const r = await train(file, { target: 'target', trials: 6, seed: 0, evaluateBudget: SMALL_EVAL });
    expect(r.task).toBe('multiclass');
    expect(r.metric).toBe(TRAIN_DEFAULT_METRIC.multiclass);
    // Split: disjoint, complete, stratified (10 of each class in the test set).
    const { train: tr, test: te } = r.split;
    expect(tr.length + te.length).toBe(150);
    const isTest = new Uint8Array(150);
    for (const i of te) isTest[i] = 1;
    expect(Array.from(tr).some((i) => isTest[i])).toBe(false);
    const ds = await prepareDataset(file, { target: 'target' });
    const counts = [0, 0, 0];
    for (const i of te) counts[ds.target.y[i]!]!++;
    expect(counts).toEqual([10, 10, 10]);
    // Every fold index the search used is a training row: mapped back to the file, none is a test row.
    const s = r.searchResult;
    for (const f of s.folds)
      for (const part of [f.train, f.test])
        for (const i of part) {
          expect(i).toBeLessThan(tr.length);
          expect(isTest[tr[i]!]).toBe(0);
        }
    // JSON shape.
    const j = trainJson(r);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining(['task', 'metric', 'leaderboard', 'best', 'test', 'findings']),
    );
    for (const e of j.leaderboard) {
      expect(Object.keys(e).sort()).toEqual(['cv', 'fitSeconds', 'model', 'params', 'trials']);
      expect(typeof e.cv.mean).toBe('number');
    }
    expect(j.leaderboard.map((e) => e.model)).toContain('baseline');
    expect(j.leaderboard[0]!.model).toBe(j.best.model);
    expect(j.test!.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(j.test!.metrics.log_loss).toBeLessThan(0.5);
    expect(j.test!.metrics.accuracy).toBeGreaterThan(0.9);

    // Outputs and the artifact round trip: the model read back predicts what the trained one did.
    const dir = mkdtempSync(join(tmpdir(), 'mlqa-train-'));
    const paths = await writeTrainOutputs(r, dir);
    expect(paths.map((p) => p.slice(dir.length + 1)).sort()).toEqual([
      'leaderboard.csv',
      'model.mlqa',
      'report.html',
      'report.json',
    ]);
    const csv = readFileSync(join(dir, 'leaderboard.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'rank,trial,model,cv_log_loss_mean,cv_log_loss_std,fold_scores,repeats,confirmed,sample_size,fit_seconds,params',
    );
    expect(csv).toHaveLength(1 + s.trials.length);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).best).toEqual(j.best);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
    const art = readArtifact(join(dir, 'model.mlqa'));
    expect(art.hash).toBe(r.artifact.hash);
    const p = createPredictor(art);
    const enc = p.encode(takeRows(ds.frame, te));
    const direct = r.predictor.predictProba(enc.X)!;
    expect(Array.from(p.predictProba(enc.X)!)).toEqual(Array.from(direct));
    const yt = Float64Array.from(te, (i) => ds.target.y[i]!);
    expect(getMetric('log_loss').fn(yt, p.predict(enc.X), p.predictProba(enc.X), 3)).toBeCloseTo(
      j.test!.metrics.log_loss!,
      12,
    );
    expect(art.body.provenance.rows).toBe(120);
    expect(art.body.profile).toBeTruthy();
    ds.table.db.close();
  });

  it('gives the same leaderboard and the same artifact hash twice with --trials and --seed', async () => {
    const opts = { target: 'target', trials: 5, seed: 3, evaluate: false } as const;
    const a = await train(`${DATA}/wine.csv`, opts);
    const b = await train(`${DATA}/wine.csv`, opts);
    const strip = (x: typeof a) => x.leaderboard.map(({ fitSeconds: _f, ...e }) => e);
    expect(strip(a)).toEqual(strip(b));
    expect(a.artifact.hash).toBe(b.artifact.hash);
    expect(a.artifact.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fits a cleaning plan on the training rows and applies it at prediction time (regression)', async () => {
    const plan = makePlan([{ step: 'impute', options: { strategy: 'median' } }]);
    const file = `${DATA}/airquality.csv`;
    const r = await train(file, { target: 'Ozone', trials: 4, seed: 0, plan, evaluateBudget: SMALL_EVAL });
    expect(r.task).toBe('regression');
    expect(r.metric).toBe('r2');
    const body = r.artifact.body;
    expect(body.pipeline.map((s) => s.step)).toEqual(['impute']);
    expect(r.search.notes).toContain(
      'cross-validation fitted the cleaning plan on the training rows of each fold',
    );
    // The search ran on every non-test row (the plan is refitted inside each fold).
    expect(r.searchResult.folds.reduce((a, f) => a + f.test.length, 0)).toBe(r.split.train.length);
    expect(body.target.min).toBeLessThanOrEqual(body.target.max!);
    // The stored pipeline imputes the raw test rows: no missing feature value reaches the model.
    const ds = await prepareDataset(file, { target: 'Ozone' });
    const test = takeRows(ds.frame, r.split.test);
    const solar = test.columns.find((c) => c.name === 'Solar.R')!;
    expect(solar.kind === 'numeric' && Array.from(solar.values).some(Number.isNaN)).toBe(true);
    const p = createPredictor(r.artifact);
    const enc = p.encode(test);
    for (const col of enc.X.columns) expect(Array.from(col).some(Number.isNaN)).toBe(false);
    const yt = Float64Array.from(r.split.test, (i) => ds.target.y[i]!);
    expect(getMetric('r2').fn(yt, p.predict(enc.X), null, 0)).toBeCloseTo(r.test!.metrics.r2!, 12);
    ds.table.db.close();
  });

  it('optimises log loss on a binary target by default, and the chosen trial is the best on it', async () => {
    const r = await train(`${DATA}/breast_cancer.csv`, { target: 'target', trials: 4, evaluate: false });
    expect(r.task).toBe('binary');
    expect(r.metric).toBe('log_loss');
    expect(r.artifact.body.metrics.metric).toBe('log_loss');
    const s = r.searchResult;
    // The chosen (confirmed) trial's score is the mean log loss of its folds, and below the baseline's 0.66.
    expect(s.best.mean).toBeCloseTo(s.best.scores.reduce((a, b) => a + b, 0) / s.best.scores.length, 12);
    expect(s.baseline.mean).toBeCloseTo(0.6603, 3); // log loss of the class priors 212/569, 357/569
    expect(s.best.mean).toBeLessThan(0.2);
    for (const t of s.trials.filter((x) => x.confirmed)) expect(s.best.mean).toBeLessThanOrEqual(t.mean);
    // --metric still chooses by ranking when asked.
    const auc = await train(`${DATA}/breast_cancer.csv`, {
      target: 'target',
      trials: 2,
      metric: 'roc_auc',
      evaluate: false,
    });
    expect(auc.metric).toBe('roc_auc');
    expect(auc.searchResult.best.mean).toBeGreaterThan(0.98);
  });

  it('says so when the time budget is too small, but still trains', async () => {
    const r = await train(`${DATA}/iris.csv`, { target: 'target', timeBudget: 1e-6, evaluate: false });
    expect(r.searchResult.trials.map((t) => t.learner)).toEqual(['baseline', 'gbdt']);
    expect(r.findings.map((f) => f.check)).toContain('time_budget');
  });
});
