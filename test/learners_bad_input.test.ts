/**
 * Bad input for every learner and for `compare`, on real data with one thing broken: a single-class
 * target, an all-missing feature, NaN or Infinity in the target, a text target for regression, more
 * features than rows, no rows left. Each is a clear InputError or a documented fallback, never NaN
 * predictions. Checked through the library (learners, prepareDataset, compare) and the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../src/automl/compare.js';
import type { Io } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { type Dataset, prepareDataset } from '../src/data/prepare.js';
import { InputError } from '../src/errors.js';
import { getLearner, learnersFor } from '../src/learners/registry.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';

const ROOT = join(import.meta.dirname, '..');
const DATA = join(ROOT, 'data', 'datasets');
const dir = mkdtempSync(join(tmpdir(), 'mlqa-bad-input-'));

/** A copy of a bundled CSV with `edit` applied to its data rows (split on commas; these files are numeric). */
function variant(
  name: string,
  out: string,
  edit: (rows: string[][], header: string[]) => string[][],
): string {
  const [head, ...lines] = readFileSync(join(DATA, name), 'utf8').trimEnd().split('\n');
  const header = head!.split(',');
  const rows = edit(
    lines.map((l) => l.split(',')),
    header,
  );
  const p = join(dir, out);
  writeFileSync(p, [head, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return p;
}

function take(X: FeatureMatrix, rows: number[]): FeatureMatrix {
  return {
    nRows: rows.length,
    names: X.names,
    categories: X.categories,
    columns: X.columns.map((c) => Float64Array.from(rows, (i) => c[i]!)),
  };
}

function withColumn(X: FeatureMatrix, j: number, values: Float64Array): FeatureMatrix {
  return { ...X, columns: X.columns.map((c, k) => (k === j ? values : c)) };
}

function expectFinite(a: Float64Array, what: string) {
  const bad = a.findIndex((v) => !Number.isFinite(v));
  expect(bad, `${what}: non-finite value at ${bad}`).toBe(-1);
}

function fitPredict(name: string, X: FeatureMatrix, y: Float64Array, task: Task, nClasses: number) {
  const model = getLearner(name).fit(X, y, { task, nClasses, seed: 0 });
  const pred = model.predict(X);
  expect(pred.length).toBe(X.nRows);
  expectFinite(pred, `${name} predict`);
  if (task !== 'regression') {
    const proba = model.predictProba(X);
    expectFinite(proba, `${name} predictProba`);
    for (let i = 0; i < X.nRows; i++) {
      let s = 0;
      for (let k = 0; k < nClasses; k++) s += proba[i * nClasses + k]!;
      expect(s).toBeCloseTo(1, 9);
    }
  }
  return pred;
}

const single = variant('breast_cancer.csv', 'single.csv', (rows) =>
  rows.map((r) => [...r.slice(0, -1), '1']),
);
const infTarget = variant('diabetes.csv', 'inf.csv', (rows) =>
  rows.map((r, i) => (i === 6 ? [...r.slice(0, -1), 'inf'] : r)),
);
const nanTarget = variant('diabetes.csv', 'nan.csv', (rows) =>
  rows.map((r, i) => (i % 50 === 3 ? [...r.slice(0, -1), ''] : r)),
);
const noTarget = variant('diabetes.csv', 'none.csv', (rows) => rows.map((r) => [...r.slice(0, -1), '']));
const allMissing = variant('breast_cancer.csv', 'empty_col.csv', (rows) =>
  rows.map((r) => ['', ...r.slice(1)]),
);
const wideTwoFolds = variant('diabetes.csv', 'wide.csv', (rows) => rows.slice(0, 8));
const lonely = variant('breast_cancer.csv', 'lonely.csv', (rows) => {
  // 40 malignant rows and a single benign one.
  const mal = rows.filter((r) => r.at(-1) === 'malignant' || r.at(-1) === '0').slice(0, 40);
  const ben = rows.filter((r) => !mal.includes(r)).slice(0, 1);
  return [...mal, ...ben];
});

let bc: Dataset;
let db: Dataset;
beforeAll(async () => {
  bc = await prepareDataset(join(DATA, 'breast_cancer.csv'), { target: 'target' });
  db = await prepareDataset(join(DATA, 'diabetes.csv'), { target: 'target' });
});

const CLF = learnersFor('binary');
const REG = learnersFor('regression');

describe('learners: all-missing feature is ignored, predictions stay finite', () => {
  it.each(CLF)('%s on breast_cancer with "mean radius" all missing', (name) => {
    const X = withColumn(bc.X, 0, new Float64Array(bc.X.nRows).fill(Number.NaN));
    const pred = fitPredict(name, X, bc.target.y, 'binary', 2);
    if (name !== 'baseline') {
      let right = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === bc.target.y[i]) right++;
      // 29 informative features remain: training accuracy well above the 63% majority class.
      expect(right / pred.length).toBeGreaterThan(0.85);
    }
  });
  it.each(REG)('%s on diabetes with "bmi" all missing', (name) => {
    const X = withColumn(db.X, 2, new Float64Array(db.X.nRows).fill(Number.NaN));
    fitPredict(name, X, db.target.y, 'regression', 0);
  });
});

describe('learners: more features than rows fit and predict finite values', () => {
  it.each(CLF)('%s on 12 + 12 breast_cancer rows x 30 features', (name) => {
    const rows = [...bc.target.y.keys()];
    const pick = [
      ...rows.filter((i) => bc.target.y[i] === 0).slice(0, 12),
      ...rows.filter((i) => bc.target.y[i] === 1).slice(0, 12),
    ];
    fitPredict(
      name,
      take(bc.X, pick),
      Float64Array.from(pick, (i) => bc.target.y[i]!),
      'binary',
      2,
    );
  });
  it.each(REG)('%s on 8 diabetes rows x 10 features', (name) => {
    const pick = [0, 1, 2, 3, 4, 5, 6, 7];
    const pred = fitPredict(
      name,
      take(db.X, pick),
      Float64Array.from(pick, (i) => db.target.y[i]!),
      'regression',
      0,
    );
    const y = pick.map((i) => db.target.y[i]!);
    // Never outside a generous envelope of the training targets (no blow-up from the singular system).
    const span = Math.max(...y) - Math.min(...y);
    for (const p of pred) {
      expect(p).toBeGreaterThan(Math.min(...y) - 2 * span);
      expect(p).toBeLessThan(Math.max(...y) + 2 * span);
    }
  });
});

describe('learners: bad targets are InputErrors', () => {
  it.each(CLF.filter((n) => n !== 'baseline'))('%s: single class in the training rows', (name) => {
    const y = new Float64Array(bc.X.nRows); // every row class 0 of 2
    expect(() => getLearner(name).fit(bc.X, y, { task: 'binary', nClasses: 2, seed: 0 })).toThrow(InputError);
  });
  it('baseline: a single class is its documented fallback (predicts that class)', () => {
    const y = new Float64Array(bc.X.nRows);
    const m = getLearner('baseline').fit(bc.X, y, { task: 'binary', nClasses: 2, seed: 0 });
    expect(Array.from(new Set(m.predict(bc.X)))).toEqual([0]);
    expectFinite(m.predictProba(bc.X), 'baseline proba');
  });
  it.each(CLF)('%s: NaN class label', (name) => {
    const y = bc.target.y.slice();
    y[10] = Number.NaN;
    expect(() => getLearner(name).fit(bc.X, y, { task: 'binary', nClasses: 2, seed: 0 })).toThrow(InputError);
  });
  it.each(REG)('%s: NaN and Infinity in a regression target', (name) => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const y = db.target.y.slice();
      y[5] = bad;
      expect(() => getLearner(name).fit(db.X, y, { task: 'regression', nClasses: 0, seed: 0 })).toThrow(
        /row 6/,
      );
    }
  });
  it.each([...new Set([...CLF, ...REG])])('%s: no rows', (name) => {
    const X = take(db.X, []);
    const task: Task = getLearner(name).tasks.includes('regression') ? 'regression' : 'binary';
    expect(() =>
      getLearner(name).fit(X, new Float64Array(0), {
        task,
        nClasses: task === 'regression' ? 0 : 2,
        seed: 0,
      }),
    ).toThrow(InputError);
  });
});

describe('prepareDataset and compare: bad files', () => {
  it('single-class target', async () => {
    await expect(compare(single, { target: 'target' })).rejects.toThrow(
      /single\.csv: target 'target' has a single class \('1'\); nothing to learn/,
    );
  });
  it('Infinity in the target names the file and the row', async () => {
    await expect(compare(infTarget, { target: 'target' })).rejects.toThrow(
      /inf\.csv: target 'target' has an infinite value at row 7/,
    );
  });
  it('NaN (missing) targets: those rows are left out and noted', async () => {
    const r = await compare(nanTarget, { target: 'target', models: ['ridge'] });
    expect(r.rows).toBe(442 - 9);
    expect(r.notes).toContain('9 rows without a target were left out');
    expect(Number.isFinite(r.results[0]!.mean)).toBe(true);
  });
  it('no rows left: target missing everywhere', async () => {
    await expect(compare(noTarget, { target: 'target' })).rejects.toThrow(
      /none\.csv: no rows left: target 'target' is missing in every row/,
    );
  });
  it('no feature left after --ignore', async () => {
    const ignore = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
    await expect(compare(join(DATA, 'iris.csv'), { target: 'target', ignore })).rejects.toThrow(
      /iris\.csv: no feature columns left besides the target/,
    );
  });
  it('text target for regression', async () => {
    await expect(
      compare(join(DATA, 'penguins.csv'), { target: 'species', task: 'regression' }),
    ).rejects.toThrow(/penguins\.csv: target 'species' holds text; it cannot be used for regression/);
  });
  it('all-missing feature: every learner scores, with a note', async () => {
    const r = await compare(allMissing, { target: 'target', folds: 3 });
    expect(r.notes.some((n) => n.includes("'mean radius' missing in every row"))).toBe(true);
    for (const e of r.results) expect(Number.isFinite(e.mean), e.model).toBe(true);
    expect(r.results[0]!.mean).toBeGreaterThan(0.9);
  });
  it('more features than rows: compare runs, with a note', async () => {
    const r = await compare(wideTwoFolds, { target: 'target', folds: 2 });
    expect(r.notes).toContain('10 features for 8 rows: scores may not generalise (more features than rows)');
    expect(r.results.map((e) => e.model).sort()).toEqual(learnersFor('regression'));
    for (const e of r.results) expect(Number.isFinite(e.mean), e.model).toBe(true);
  });
  it('a class too small for the folds: a training fold with one class', async () => {
    await expect(compare(lonely, { target: 'target' })).rejects.toThrow(
      /lonely\.csv: the training rows of fold \d hold a single class/,
    );
  });
});

/** `mlqa compare ...` in process (fast) or through the built binary (`spawn`). */
async function cli(
  args: string[],
  spawn = false,
): Promise<{ status: number; stdout: string; stderr: string }> {
  if (spawn) {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'mlqa.js'), 'compare', ...args], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    interactive: false,
    color: false,
  };
  const status = await main(['compare', ...args], io);
  return { status, stdout, stderr };
}

async function bad(args: string[], message: RegExp, spawn = false) {
  const r = await cli(args, spawn);
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
}

describe('mlqa compare (CLI): bad input exits 2 with one line', () => {
  it('single class, Infinity, text target for regression, no rows, tiny class, unknown model / metric', async () => {
    await bad([single, '--target', 'target'], /has a single class/);
    await bad([infTarget, '--target', 'target'], /inf\.csv: target 'target' has an infinite value at row 7/);
    await bad([join(DATA, 'penguins.csv'), '--target', 'species', '--task', 'regression'], /holds text/);
    await bad([noTarget, '--target', 'target'], /no rows left/);
    await bad([lonely, '--target', 'target'], /hold a single class/);
    await bad(
      [join(DATA, 'iris.csv'), '--target', 'target', '--models', 'gbdt,nope'],
      /unknown learner 'nope'/,
    );
    await bad(
      [join(DATA, 'iris.csv'), '--target', 'target', '--metric', 'r2'],
      /unknown metric "r2" for multiclass/,
    );
    await bad(
      [join(DATA, 'diabetes.csv'), '--target', 'target', '--models', 'logistic_regression'],
      /does not handle regression/,
    );
    await bad(
      [join(DATA, 'iris.csv'), '--target', 'target', '--folds', '1'],
      /--folds must be an integer >= 2/,
    );
    await bad([join(DATA, 'iris.csv'), '--target', 'nope'], /--target column 'nope' does not exist/);
  });
  it('documented fallbacks exit 0: missing targets dropped, all-missing feature, wide data', async () => {
    for (const args of [
      [nanTarget, '--target', 'target', '--models', 'ridge,gbdt'],
      [allMissing, '--target', 'target', '--models', 'logistic_regression,knn', '--folds', '3'],
      [wideTwoFolds, '--target', 'target', '--folds', '2'],
    ]) {
      const r = await cli([...args, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.notes.length).toBeGreaterThan(0);
      for (const e of json.results) expect(typeof e.mean, e.model).toBe('number');
    }
  });
  const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
  it.runIf(built)(
    'the built binary: exit 2 with one line for a bad target, exit 0 with a fallback',
    async () => {
      await bad(
        [infTarget, '--target', 'target'],
        /inf\.csv: target 'target' has an infinite value at row 7/,
        true,
      );
      await bad([single, '--target', 'target'], /has a single class/, true);
      const r = await cli([nanTarget, '--target', 'target', '--models', 'ridge', '--json'], true);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).notes).toContain('9 rows without a target were left out');
    },
  );
});
