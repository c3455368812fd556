/**
 * Benchmark of the gbdt learner against xgboost (tree_method=hist, n_jobs=1) and scikit-learn's
 * HistGradientBoosting, on the same stratified 80/20 train/test split of bundled datasets. The peers run
 * in a Python child process (OMP_NUM_THREADS=1) reading the split from temporary CSV files.
 * Reports median fit seconds over `reps` fits, both wall-clock and CPU time of the fitting process (CPU
 * time is the fairer measure on a shared machine), test accuracy (R2 for regression), the CPU fit-time
 * ratio to xgboost and gbdt's prediction speed in rows per second.
 *
 * Run alone: node --import tsx bench/learners-gbdt.ts [dataset,...] [--reps N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataset } from '../src/data/prepare.js';
import { holdout } from '../src/data/split.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';

export interface GbdtBenchRow {
  dataset: string;
  task: Task;
  rows: number;
  features: number;
  metric: 'accuracy' | 'r2';
  gbdt: { fitSeconds: number; fitCpuSeconds: number; score: number; predictRowsPerSecond: number };
  xgboost: { fitSeconds: number; fitCpuSeconds: number; score: number } | null;
  sklearn_hgb: { fitSeconds: number; fitCpuSeconds: number; score: number } | null;
  /** gbdt CPU fit time / xgboost CPU fit time. */
  fitRatio: number | null;
}

export const GBDT_BENCH_DATASETS: Record<string, string> = {
  breast_cancer: 'target',
  modeldata_credit: 'Status',
  modeldata_mlc_churn: 'churn',
  mlbench_letter: 'lettr',
  modeldata_ames: 'Sale_Price',
};

const PYTHON_PEERS = `
import json, sys, time
import numpy as np, pandas as pd
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
train_path, test_path, task, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tr, te = pd.read_csv(train_path), pd.read_csv(test_path)
ytr, yte = tr.pop('y').values, te.pop('y').values
cat = np.array([c.startswith('cat__') for c in tr.columns])
Xtr, Xte = tr.values.astype(float), te.values.astype(float)
def score(p):
    if task == 'regression':
        return float(1 - ((p - yte) ** 2).sum() / ((yte - yte.mean()) ** 2).sum())
    return float((p == yte).mean())
out = {}
for name in ['xgboost', 'sklearn_hgb']:
    times, cpu = [], []
    for r in range(reps):
        if name == 'xgboost':
            m = (xgb.XGBRegressor if task == 'regression' else xgb.XGBClassifier)(tree_method='hist', n_jobs=1, random_state=0)
        else:
            kw = {'categorical_features': cat} if cat.any() else {}
            m = (HistGradientBoostingRegressor if task == 'regression' else HistGradientBoostingClassifier)(random_state=0, **kw)
        t0, c0 = time.perf_counter(), time.process_time()
        m.fit(Xtr, ytr)
        times.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
    out[name] = {'fitSeconds': float(np.median(times)), 'fitCpuSeconds': float(np.median(cpu)), 'score': score(m.predict(Xte))}
print(json.dumps(out))
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
  const head = X.names.map(
    (n, j) => (X.categories[j] ? 'cat__' : 'num__') + n.replace(/[^A-Za-z0-9_]/g, '_'),
  );
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

/**
 * Rows per second of predictProba (predict for regression) over the test rows repeated to >= 200k rows,
 * from the median CPU time of three runs (wall time is unreliable on a shared machine).
 */
function predictSpeed(model: ReturnType<typeof gbdt.fit>, X: FeatureMatrix): number {
  const N = Math.max(200_000, X.nRows);
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
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1e6);
  }
  return N / median(times);
}

export async function benchGbdt(
  options: { datasets?: string[]; reps?: number; python?: string } = {},
): Promise<GbdtBenchRow[]> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const names = options.datasets ?? Object.keys(GBDT_BENCH_DATASETS);
  const reps = options.reps ?? 3;
  const python = options.python ?? '/usr/bin/python3';
  const dir = mkdtempSync(join(tmpdir(), 'mlqa-gbdt-bench-'));
  const out: GbdtBenchRow[] = [];
  try {
    for (const name of names) {
      const target = GBDT_BENCH_DATASETS[name];
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

      const fitOnce = () => gbdt.fit(Xtr, ytr, { task, nClasses: classes.length, seed: 0 });
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
      const row: GbdtBenchRow = {
        dataset: name,
        task,
        rows: y.length,
        features: d.X.columns.length,
        metric: task === 'regression' ? 'r2' : 'accuracy',
        gbdt: {
          fitSeconds: median(times),
          fitCpuSeconds: median(cpu),
          score: score(task, yte, model.predict(Xte)),
          predictRowsPerSecond: predictSpeed(model, Xte),
        },
        xgboost: null,
        sklearn_hgb: null,
        fitRatio: null,
      };
      const trainPath = join(dir, `${name}-train.csv`);
      const testPath = join(dir, `${name}-test.csv`);
      writeFileSync(trainPath, toCsv(Xtr, ytr));
      writeFileSync(testPath, toCsv(Xte, yte));
      const py = spawnSync(python, ['-c', PYTHON_PEERS, trainPath, testPath, task, String(reps)], {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
        maxBuffer: 1 << 24,
      });
      if (py.status === 0) {
        const peers = JSON.parse(py.stdout.trim().split('\n').pop()!);
        row.xgboost = peers.xgboost;
        row.sklearn_hgb = peers.sklearn_hgb;
        row.fitRatio = row.gbdt.fitCpuSeconds / peers.xgboost.fitCpuSeconds;
      } else {
        process.stderr.write(`python peers failed on ${name}: ${py.stderr || py.error}\n`);
      }
      out.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function formatGbdtBench(rows: GbdtBenchRow[]): string {
  const f = (v: number | undefined, d = 4) => (v === undefined ? '-' : v.toFixed(d));
  const lines = [
    'CPU seconds per fit (median), wall seconds in parentheses; ratio = gbdt / xgboost CPU time',
    'dataset               rows  feat metric          gbdt fit s         xgb fit s         hgb fit s  ratio  gbdt score  xgb score  hgb score  predict rows/s',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.dataset.padEnd(20),
        String(r.rows).padStart(6),
        String(r.features).padStart(5),
        r.metric.padEnd(9),
        `${f(r.gbdt.fitCpuSeconds, 3)} (${f(r.gbdt.fitSeconds, 3)})`.padStart(17),
        `${f(r.xgboost?.fitCpuSeconds, 3)} (${f(r.xgboost?.fitSeconds, 3)})`.padStart(17),
        `${f(r.sklearn_hgb?.fitCpuSeconds, 3)} (${f(r.sklearn_hgb?.fitSeconds, 3)})`.padStart(17),
        (r.fitRatio === null ? '-' : r.fitRatio.toFixed(2) + 'x').padStart(6),
        f(r.gbdt.score).padStart(12),
        f(r.xgboost?.score).padStart(10),
        f(r.sklearn_hgb?.score).padStart(10),
        Math.round(r.gbdt.predictRowsPerSecond).toLocaleString('en-US').padStart(15),
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
  const rows = await benchGbdt({ datasets: list.length ? list.join(',').split(',') : undefined, reps });
  console.log(formatGbdtBench(rows));
}
