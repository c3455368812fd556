/**
 * Benchmark of random_forest (and extra_trees) against scikit-learn's RandomForestClassifier /
 * ExtraTreesClassifier (n_estimators=100, n_jobs=1, after mean imputation as in the anchors; Regressor
 * for regression targets) on the same stratified 80/20 train/test split of bundled datasets. The peers
 * run in a Python child process (OMP_NUM_THREADS=1) reading the split from temporary CSV files.
 * Reports median fit seconds over `reps` fits, test accuracy (R2 for regression), the fit-time ratio to
 * scikit-learn and the forest's prediction speed in rows per second.
 *
 * Run alone: node --import tsx bench/learners-forest.ts [dataset,...] [--reps N] [--extra | --extra-only]
 *
 * A run on the shared 2-core machine (2026-11-28; fit CPU seconds mlqa / scikit-learn 1.2.1; the machine
 * is busy, so ratios move by +-0.3 between runs):
 *   random_forest  breast_cancer 0.04/0.12 (0.32x), credit 0.41/0.35 (1.16x), mlc_churn 0.48/0.65 (0.75x),
 *                  letter 1.56/1.48 (1.06x); test accuracy within 0.005 of scikit-learn's.
 *   extra_trees    1.2x-2.5x (same tree sizes as scikit-learn).
 * After gathering each node's weights and targets once and each feature's values once per node
 * (2026-11-29, --extra-only --reps 2, fit CPU seconds mlqa / scikit-learn): extra_trees breast_cancer
 * 0.038/0.077 (0.50x), credit 0.44/0.28 (1.58x), mlc_churn 0.45/0.32 (1.40x), letter 2.99/1.52 (1.97x).
 * mlqa's random_forest also computes its out-of-bag score by default (scikit-learn's does not).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataset } from '../src/data/prepare.js';
import { holdout } from '../src/data/split.js';
import { extraTrees, randomForest } from '../src/learners/forest/index.js';
import type { FeatureMatrix, Learner, Model, Task } from '../src/learners/types.js';

interface Side {
  /** Median wall-clock seconds of a fit. */
  fitSeconds: number;
  /** Median CPU seconds of a fit (steadier than wall time on a busy machine). */
  fitCpuSeconds: number;
  score: number;
}

export interface ForestBenchRow {
  dataset: string;
  learner: 'random_forest' | 'extra_trees';
  task: Task;
  rows: number;
  features: number;
  metric: 'accuracy' | 'r2';
  mlqa: Side & { predictRowsPerSecond: number; oobScore: number | null };
  sklearn: Side | null;
  /** mlqa fit time / scikit-learn fit time (wall clock). */
  fitRatio: number | null;
  /** mlqa fit CPU time / scikit-learn fit CPU time. */
  cpuRatio: number | null;
}

export const FOREST_BENCH_DATASETS: Record<string, string> = {
  breast_cancer: 'target',
  modeldata_credit: 'Status',
  modeldata_mlc_churn: 'churn',
  mlbench_letter: 'lettr',
};

const PYTHON_PEER = `
import json, sys, time
import numpy as np, pandas as pd
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor, ExtraTreesClassifier, ExtraTreesRegressor
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
train_path, test_path, task, reps, kind = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
tr, te = pd.read_csv(train_path), pd.read_csv(test_path)
ytr, yte = tr.pop('y').values, te.pop('y').values
Xtr, Xte = tr.values.astype(float), te.values.astype(float)
reg = task == 'regression'
cls = {('rf', False): RandomForestClassifier, ('rf', True): RandomForestRegressor,
       ('et', False): ExtraTreesClassifier, ('et', True): ExtraTreesRegressor}[(kind, reg)]
times, cpu = [], []
for r in range(reps + 1):
    m = make_pipeline(SimpleImputer(), cls(n_estimators=100, n_jobs=1, random_state=0))
    t0, c0 = time.perf_counter(), time.process_time()
    m.fit(Xtr, ytr)
    if r > 0: times.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
p = m.predict(Xte)
score = float(1 - ((p - yte) ** 2).sum() / ((yte - yte.mean()) ** 2).sum()) if reg else float((p == yte).mean())
print(json.dumps({'fitSeconds': float(np.median(times)), 'fitCpuSeconds': float(np.median(cpu)), 'score': score}))
`;

function take(X: FeatureMatrix, idx: Int32Array): FeatureMatrix {
  return {
    nRows: idx.length,
    names: X.names,
    categories: X.categories,
    columns: X.columns.map((c) => Float64Array.from(idx, (i) => c[i]!)),
  };
}

function toCsv(X: FeatureMatrix, y: Float64Array): string {
  const head = X.names.map((_, j) => `f${j}`);
  const lines = [[...head, 'y'].join(',')];
  for (let i = 0; i < X.nRows; i++) {
    const cells = X.columns.map((c) => (Number.isNaN(c[i]!) ? '' : String(c[i])));
    cells.push(String(y[i]));
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

function score(task: Task, y: Float64Array, p: Float64Array): number {
  if (task === 'regression') {
    let mu = 0;
    for (const v of y) mu += v / y.length;
    let ss = 0;
    let st = 0;
    for (let i = 0; i < y.length; i++) {
      ss += (p[i]! - y[i]!) ** 2;
      st += (y[i]! - mu) ** 2;
    }
    return 1 - ss / st;
  }
  let c = 0;
  for (let i = 0; i < y.length; i++) if (p[i] === y[i]) c++;
  return c / y.length;
}

function predictSpeed(model: Model, X: FeatureMatrix): number {
  const N = Math.max(50_000, X.nRows);
  const big: FeatureMatrix = {
    nRows: N,
    names: X.names,
    categories: X.categories,
    columns: X.columns.map((c) => Float64Array.from({ length: N }, (_, i) => c[i % c.length]!)),
  };
  const run = () => (model.task === 'regression' ? model.predict(big) : model.predictProba(big));
  run();
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    run();
    times.push((performance.now() - t0) / 1000);
  }
  return N / median(times);
}

export async function benchForest(
  options: {
    datasets?: string[];
    reps?: number;
    python?: string;
    extraTrees?: boolean;
    /** Only extra_trees (no random_forest). */
    extraOnly?: boolean;
  } = {},
): Promise<ForestBenchRow[]> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const names = options.datasets ?? Object.keys(FOREST_BENCH_DATASETS);
  const reps = options.reps ?? 3;
  const python = options.python ?? '/usr/bin/python3';
  const learners: [Learner<object>, 'rf' | 'et'][] = options.extraOnly ? [] : [[randomForest, 'rf']];
  if (options.extraTrees || options.extraOnly) learners.push([extraTrees, 'et']);
  const dir = mkdtempSync(join(tmpdir(), 'mlqa-forest-bench-'));
  const out: ForestBenchRow[] = [];
  try {
    for (const name of names) {
      const target = FOREST_BENCH_DATASETS[name];
      if (!target) throw new Error(`unknown benchmark dataset '${name}'`);
      const d = await prepareDataset(join(root, 'data', 'datasets', `${name}.csv`), { target });
      const { task, y, classes } = d.target;
      const split = holdout(y.length, {
        testSize: 0.2,
        seed: 0,
        stratify: task === 'regression' ? undefined : y,
      });
      const Xtr = take(d.X, split.train);
      const Xte = take(d.X, split.test);
      const ytr = Float64Array.from(split.train, (i) => y[i]!);
      const yte = Float64Array.from(split.test, (i) => y[i]!);
      const trainPath = join(dir, `${name}-train.csv`);
      const testPath = join(dir, `${name}-test.csv`);
      writeFileSync(trainPath, toCsv(Xtr, ytr));
      writeFileSync(testPath, toCsv(Xte, yte));
      for (const [learner, kind] of learners) {
        const fitOnce = () => learner.fit(Xtr, ytr, { task, nClasses: classes.length, seed: 0 });
        fitOnce(); // warm up the JIT
        const times: number[] = [];
        const cpu: number[] = [];
        let model = fitOnce();
        for (let r = 0; r < reps; r++) {
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          model = fitOnce();
          const c = process.cpuUsage(c0);
          times.push((performance.now() - t0) / 1000);
          cpu.push((c.user + c.system) / 1e6);
        }
        const row: ForestBenchRow = {
          dataset: name,
          learner: kind === 'rf' ? 'random_forest' : 'extra_trees',
          task,
          rows: y.length,
          features: d.X.columns.length,
          metric: task === 'regression' ? 'r2' : 'accuracy',
          mlqa: {
            fitSeconds: median(times),
            fitCpuSeconds: median(cpu),
            score: score(task, yte, model.predict(Xte)),
            predictRowsPerSecond: predictSpeed(model, Xte),
            oobScore: (model as { oobScore?: number | null }).oobScore ?? null,
          },
          sklearn: null,
          fitRatio: null,
          cpuRatio: null,
        };
        const py = spawnSync(python, ['-c', PYTHON_PEER, trainPath, testPath, task, String(reps), kind], {
          encoding: 'utf8',
          env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
          maxBuffer: 1 << 24,
        });
        if (py.status === 0) {
          row.sklearn = JSON.parse(py.stdout.trim().split('\n').pop()!);
          row.fitRatio = row.mlqa.fitSeconds / row.sklearn!.fitSeconds;
          row.cpuRatio = row.mlqa.fitCpuSeconds / row.sklearn!.fitCpuSeconds;
        } else {
          process.stderr.write(`python peer failed on ${name}: ${py.stderr || py.error}\n`);
        }
        out.push(row);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function formatForestBench(rows: ForestBenchRow[]): string {
  const f = (v: number | undefined | null, d = 4) => (v === undefined || v === null ? '-' : v.toFixed(d));
  const lines = [
    'dataset              learner          rows  feat metric    mlqa fit s  sklearn fit s  ratio  mlqa cpu s  sklearn cpu s  ratio   mlqa score  sklearn score      oob  predict rows/s',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.dataset.padEnd(20),
        r.learner.padEnd(14),
        String(r.rows).padStart(6),
        String(r.features).padStart(5),
        r.metric.padEnd(9),
        f(r.mlqa.fitSeconds, 3).padStart(10),
        f(r.sklearn?.fitSeconds, 3).padStart(14),
        (r.fitRatio === null ? '-' : r.fitRatio.toFixed(2) + 'x').padStart(6),
        f(r.mlqa.fitCpuSeconds, 3).padStart(11),
        f(r.sklearn?.fitCpuSeconds, 3).padStart(14),
        (r.cpuRatio === null ? '-' : r.cpuRatio.toFixed(2) + 'x').padStart(6),
        f(r.mlqa.score).padStart(12),
        f(r.sklearn?.score).padStart(14),
        f(r.mlqa.oobScore).padStart(8),
        Math.round(r.mlqa.predictRowsPerSecond).toLocaleString('en-US').padStart(15),
      ].join(' '),
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const ri = args.indexOf('--reps');
  const reps = ri >= 0 ? Number(args[ri + 1]) : 3;
  const list = args.filter((a, i) => !a.startsWith('--') && (ri < 0 || i !== ri + 1));
  const rows = await benchForest({
    datasets: list.length ? list.join(',').split(',') : undefined,
    reps,
    extraTrees: args.includes('--extra'),
    extraOnly: args.includes('--extra-only'),
  });
  console.log(formatForestBench(rows));
}
