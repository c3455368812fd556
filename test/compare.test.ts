/**
 * compare(): folds equal split.ts's (and the committed fold assignment the scikit-learn pins were computed
 * on), per-fold scores equal crossValidate's and scikit-learn's (test/fixtures/compare_sklearn.py),
 * ranking, JSON schema, determinism, options and the CLI (in process and the built binary).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  COMPARE_DEFAULT_METRIC,
  type CompareResult,
  compare,
  compareFolds,
  compareJson,
} from '../src/automl/compare.js';
import { compareReport } from '../src/automl/compare-report.js';
import { crossValidate } from '../src/automl/cv.js';
import { type Dataset, prepareDataset } from '../src/data/prepare.js';
import { kFold, stratifiedKFold } from '../src/data/split.js';
import { getMetric } from '../src/evaluate/metrics/registry.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import { learnersFor } from '../src/learners/registry.js';
import { run } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
const DATA = join(ROOT, 'data', 'datasets');
const FIX = join(ROOT, 'test', 'fixtures');
const FOLDS = JSON.parse(readFileSync(join(FIX, 'compare_folds.json'), 'utf8')) as Record<
  string,
  { task: string; foldOf: number[] }
>;
const SKLEARN = JSON.parse(readFileSync(join(FIX, 'compare_sklearn.json'), 'utf8')) as Record<
  string,
  Record<string, number[]>
>;

const data: Record<string, Dataset> = {};
beforeAll(async () => {
  for (const name of ['iris', 'breast_cancer', 'diabetes'])
    data[name] = await prepareDataset(join(DATA, `${name}.csv`), { target: 'target' });
});

function foldOf(r: CompareResult): number[] {
  const out = new Array<number>(r.rows).fill(-1);
  r.folds.forEach((f, k) => {
    for (const i of f.test) out[i] = k;
  });
  return out;
}

describe('compare: folds', () => {
  it.each(['iris', 'breast_cancer', 'diabetes'])('%s: the folds of split.ts, as pinned', async (name) => {
    const d = data[name]!;
    const r = await compare(d, { models: ['baseline'] });
    const { task, y } = d.target;
    const expected = task === 'regression' ? kFold(y.length, 5, 0) : stratifiedKFold(y, 5, 0);
    expect(r.folds).toEqual(expected);
    expect(compareFolds(task, y, 5, 0)).toEqual(expected);
    expect(FOLDS[name]!.task).toBe(task);
    expect(foldOf(r)).toEqual(FOLDS[name]!.foldOf);
    // Every row is tested exactly once; train and test are disjoint and cover all rows.
    for (const f of r.folds) expect(f.train.length + f.test.length).toBe(y.length);
    expect(foldOf(r).every((k) => k >= 0)).toBe(true);
  });
  it('the seed changes the folds, not their sizes', async () => {
    const a = await compare(data.iris!, { models: ['baseline'], seed: 0 });
    const b = await compare(data.iris!, { models: ['baseline'], seed: 1 });
    expect(foldOf(a)).not.toEqual(foldOf(b));
    expect(a.folds.map((f) => f.test.length)).toEqual(b.folds.map((f) => f.test.length));
  });
});

describe('compare: scores', () => {
  it.each(['iris', 'breast_cancer', 'diabetes'])(
    '%s: gbdt equals crossValidate on the same folds',
    async (name) => {
      const d = data[name]!;
      const r = await compare(d, { models: ['gbdt'] });
      const { task, y, classes } = d.target;
      const metric = getMetric(COMPARE_DEFAULT_METRIC[task], task);
      const cv = crossValidate({
        learner: gbdt,
        X: d.X,
        y,
        task,
        nClasses: classes.length,
        folds: r.folds,
        score: metric.fn,
        seed: 0,
      });
      expect(r.metric).toBe(task === 'regression' ? 'r2' : 'accuracy');
      expect(r.results[0]!.scores).toEqual(cv.scores);
      expect(r.results[0]!.mean).toBe(cv.mean);
      expect(r.results[0]!.std).toBe(cv.std);
    },
  );
  it.each(['iris', 'breast_cancer', 'diabetes'])(
    '%s: per-fold scores equal scikit-learn on the same folds',
    async (name) => {
      const pins = SKLEARN[name]!;
      const r = await compare(data[name]!, { models: Object.keys(pins) });
      for (const [model, scores] of Object.entries(pins)) {
        const got = r.results.find((e) => e.model === model)!;
        expect(got, model).toBeDefined();
        for (let f = 0; f < 5; f++)
          expect(got.scores[f], `${model} fold ${f + 1}`).toBeCloseTo(scores[f]!, 9);
        const mean = scores.reduce((a, b) => a + b, 0) / 5;
        const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
        expect(got.mean).toBeCloseTo(mean, 9);
        expect(got.std).toBeCloseTo(std, 9);
      }
    },
  );
  it('ranks best first for metrics where lower is better', async () => {
    const r = await compare(data.diabetes!, { models: ['baseline', 'ridge', 'knn'], metric: 'rmse' });
    expect(r.direction).toBe('lower');
    const means = r.results.map((e) => e.mean);
    expect(means).toEqual([...means].sort((a, b) => a - b));
    expect(r.results.at(-1)!.model).toBe('baseline');
  });
  it('probability metrics work (log_loss, roc_auc)', async () => {
    const r = await compare(data.breast_cancer!, {
      models: ['logistic_regression', 'baseline'],
      metric: 'roc_auc',
    });
    expect(r.results[0]!.model).toBe('logistic_regression');
    expect(r.results[0]!.mean).toBeGreaterThan(0.98);
    expect(r.results[1]!.mean).toBe(0.5); // the prior baseline ranks nothing
  });
  it("'all' and no list run every learner for the task", async () => {
    const r = await compare(data.iris!, { models: 'all', folds: 3 });
    expect(r.results.map((e) => e.model).sort()).toEqual(learnersFor('multiclass'));
    expect(r.results.at(-1)!.model).toBe('baseline');
    for (const e of r.results) {
      expect(e.scores).toHaveLength(3);
      expect(e.fitSeconds).toBeGreaterThanOrEqual(0);
    }
  });
  it('--task: regression on an integer class target; classification checked against the classes', async () => {
    const digits = join(DATA, 'digits.csv');
    const clf = await compare(digits, { target: 'target', models: ['naive_bayes'], folds: 2 });
    expect(clf.task).toBe('multiclass');
    expect(clf.classes).toHaveLength(10);
    const reg = await compare(digits, { target: 'target', task: 'regression', models: ['ridge'], folds: 2 });
    expect(reg.task).toBe('regression');
    expect(reg.metric).toBe('r2');
    expect(reg.results[0]!.mean).toBeGreaterThan(0.4);
    const forced = await compare(join(DATA, 'diabetes.csv'), {
      target: 'target',
      task: 'regression',
      models: ['ridge'],
    });
    expect(forced.task).toBe('regression');
    await expect(compare(digits, { target: 'target', task: 'binary' })).rejects.toThrow(
      /--task binary: the target has 10 classes \(multiclass\)/,
    );
    await expect(compare(join(DATA, 'iris.csv'), { target: 'target', task: 'regression' })).rejects.toThrow(
      /iris\.csv: target 'target' holds text; it cannot be used for regression/,
    );
  });
  it('onFold reports every fold of every model', async () => {
    const seen: string[] = [];
    await compare(data.iris!, {
      models: ['knn', 'naive_bayes'],
      folds: 3,
      onFold: (p) => seen.push(`${p.model} ${p.modelIndex + 1}/${p.models} ${p.fold}/${p.folds}`),
    });
    expect(seen).toEqual([
      'knn 1/2 0/3',
      'knn 1/2 1/3',
      'knn 1/2 2/3',
      'knn 1/2 3/3',
      'naive_bayes 2/2 0/3',
      'naive_bayes 2/2 1/3',
      'naive_bayes 2/2 2/3',
      'naive_bayes 2/2 3/3',
    ]);
  });
});

describe('compare: JSON, report, determinism', () => {
  it('JSON schema', async () => {
    const r = await compare(data.iris!, { models: ['knn', 'gbdt'] });
    const j = compareJson(r);
    expect(Object.keys(j)).toEqual([
      'task',
      'metric',
      'direction',
      'target',
      'rows',
      'features',
      'folds',
      'seed',
      'results',
      'notes',
    ]);
    expect(j).toMatchObject({
      task: 'multiclass',
      metric: 'accuracy',
      target: 'target',
      rows: 150,
      features: 4,
      folds: 5,
    });
    for (const e of j.results) {
      expect(Object.keys(e)).toEqual(['model', 'mean', 'std', 'fitSeconds', 'scores']);
      expect(typeof e.mean).toBe('number');
    }
  });
  it('same data and seed: the same output apart from fit seconds', async () => {
    const strip = (r: CompareResult) =>
      JSON.stringify(compareJson(r).results.map(({ fitSeconds: _, ...e }) => e));
    const a = await compare(join(DATA, 'wine.csv'), { target: 'target', folds: 3 });
    const b = await compare(join(DATA, 'wine.csv'), { target: 'target', folds: 3 });
    expect(a.results).toHaveLength(learnersFor('multiclass').length);
    expect(strip(a)).toBe(strip(b));
  });
  it('report: leaderboard table and chart from aggregates', async () => {
    const r = await compare(data.iris!, { models: ['knn', 'baseline'] });
    const rep = compareReport(r);
    const t = rep.sections[0]!.tables![0]!;
    expect(t.columns).toEqual(['model', 'accuracy mean', 'std', 'fit seconds']);
    expect(t.rows.map((row) => row[0])).toEqual(['knn', 'baseline']);
    const spec = rep.sections[0]!.charts![0]!.spec as { data: { values: { model: string }[] } };
    expect(spec.data.values.map((v) => v.model)).toEqual(['knn', 'baseline']);
  });
});

describe('mlqa compare (CLI)', () => {
  it('--json prints the leaderboard; exit 0', async () => {
    const r = await run(
      'compare',
      join(DATA, 'diabetes.csv'),
      '--target',
      'target',
      '--models',
      'ridge,baseline',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.task).toBe('regression');
    expect(j.metric).toBe('r2');
    expect(j.results.map((e: { model: string }) => e.model)).toEqual(['ridge', 'baseline']);
    expect(j.results[0].scores[0]).toBeCloseTo(SKLEARN.diabetes!.ridge![0]!, 9);
  });
  it('text leaderboard; --out writes report.html and report.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mlqa-compare-'));
    const r = await run(
      'compare',
      join(DATA, 'iris.csv'),
      '--target',
      'target',
      '--models',
      'knn,naive_bayes',
      '--folds',
      '3',
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/model\s+accuracy mean\s+std\s+fit seconds/);
    expect(r.out).toMatch(/\nknn\s+0\.9/);
    expect(r.err).toMatch(/report\.html/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('naive_bayes');
    const j = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(j.folds).toBe(3);
    expect(j.results).toHaveLength(2);
  });
  it('usage and bad input exit 2', async () => {
    for (const argv of [
      ['compare', join(DATA, 'iris.csv'), '--target', 'target', '--models', 'gbdt,nope'],
      ['compare', join(DATA, 'iris.csv'), '--target', 'target', '--metric', 'rmse'],
      ['compare', join(DATA, 'iris.csv'), '--target', 'target', '--folds', '1'],
      ['compare', join(DATA, 'iris.csv'), '--target', 'target', '--task', 'sideways'],
      ['compare', join(DATA, 'iris.csv')],
      ['compare', join(DATA, 'nope.csv'), '--target', 'target'],
    ]) {
      const r = await run(...argv);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(2);
      expect(r.out).toBe('');
    }
  });
  const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
  it.runIf(built)('built binary: same JSON twice apart from fitSeconds; exit codes 0 and 2', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'mlqa.js'), 'compare', ...args], {
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
    const args = [
      join(DATA, 'breast_cancer.csv'),
      '--target',
      'target',
      '--models',
      'gbdt,logistic_regression',
      '--json',
    ];
    const a = cli(...args);
    const b = cli(...args);
    expect(a.status, a.stderr).toBe(0);
    const strip = (s: string) => s.replace(/"fitSeconds": [0-9.e-]+/g, '"fitSeconds": 0');
    expect(strip(a.stdout)).toBe(strip(b.stdout));
    expect(JSON.parse(a.stdout).results[0].model).toBe('logistic_regression');
    const bad = cli(join(DATA, 'breast_cancer.csv'), '--target', 'target', '--models', 'ridge');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/learner 'ridge' does not handle binary targets/);
  });
});
