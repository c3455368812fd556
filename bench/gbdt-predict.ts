/**
 * Micro-benchmark of gbdt prediction speed against xgboost's, on about 1M rows built by tiling a bundled
 * dataset: a 100-round binary model (breast_cancer, 30 numeric features) and a 100-round multiclass
 * model (digits, 10 classes, 1000 trees). Both libraries fit on the full dataset with comparable trees
 * (gbdt: 31 leaves leaf-wise; xgboost: tree_method=hist, grow_policy=lossguide, max_leaves=31,
 * max_depth=0) and then time predictProba / predict_proba on the same tiled rows, median of `reps` runs.
 * gbdt runs three ways: the table walk (compile 'never'), compiled trees on one thread (workers 0) and
 * compiled trees with worker threads (all cores); xgboost with n_jobs=1 and n_jobs=all cores. It runs in a
 * Python child (/usr/bin/python3) and reads the dataset CSV itself. Single-thread speeds are compared on
 * CPU time (fairer on a busy machine); multi-thread ones can only be compared on wall time.
 *
 * Run: node --import tsx bench/gbdt-predict.ts [--rows N] [--reps N] [--no-peer] [dataset,...]
 * Saves JSON to bench/out/gbdt-predict.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataset } from '../src/data/prepare.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import { type PredictSettings, predictSettings } from '../src/learners/gbdt/predict.js';
import type { FeatureMatrix } from '../src/learners/types.js';

const DATASETS: Record<string, string> = { breast_cancer: 'target', digits: 'target' };

export interface PredictBenchRow {
  dataset: string;
  rows: number;
  features: number;
  classes: number;
  trees: number;
  /** Median wall and CPU seconds of one predictProba call, compiled trees on one thread; rows/s from CPU time. */
  gbdt: Timing;
  /** The table walk (no code generation), one thread; rows/s from CPU time. */
  gbdtWalk: Timing;
  /** Compiled trees split across worker threads; rows/s from wall time. */
  gbdtWorkers: Timing & { threads: number };
  xgboost: (Timing & { trees: number }) | null;
  /** xgboost with n_jobs = all cores; rows/s from wall time. */
  xgboostThreads: (Timing & { threads: number }) | null;
  /** gbdt rows/s divided by xgboost rows/s, both one thread from CPU time (> 1: gbdt is faster). */
  speedRatio: number | null;
  /** The same with threads, from wall time. */
  threadsSpeedRatio: number | null;
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
  rowsPerSecond: number;
  /** gbdt: CPU seconds of the first call on a fresh model (includes compiling), not counted in the rest. */
  firstCpuSeconds?: number;
}

const PYTHON_PEER = `
import json, sys, time
import numpy as np
import xgboost as xgb
path, n, reps, cores = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
d = np.loadtxt(path, delimiter=',', skiprows=1)
X, y = d[:, :-1], d[:, -1].astype(int)
m = xgb.XGBClassifier(n_estimators=100, learning_rate=0.1, tree_method='hist', grow_policy='lossguide',
                      max_leaves=31, max_depth=0, n_jobs=1, random_state=0)
m.fit(X, y)
big = np.ascontiguousarray(np.tile(X, (n // len(X) + 1, 1))[:n])
def timed(jobs):
    m.set_params(n_jobs=jobs)
    m.predict_proba(big[:1000])
    times, cpu = [], []
    for r in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        m.predict_proba(big)
        times.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
    return {'seconds': float(np.median(times)), 'cpuSeconds': float(np.median(cpu))}
one, many = timed(1), timed(cores)
trees = len(m.get_booster().get_dump())
print(json.dumps({'one': one, 'many': many, 'trees': trees}))
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** The rows of X repeated until there are n. */
export function tileRows(X: FeatureMatrix, n: number): FeatureMatrix {
  return {
    nRows: n,
    names: X.names,
    categories: X.categories,
    columns: X.columns.map((c) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i += c.length) out.set(c.subarray(0, Math.min(c.length, n - i)), i);
      return out;
    }),
  };
}

export async function benchGbdtPredict(
  options: { datasets?: string[]; rows?: number; reps?: number; peer?: boolean; python?: string } = {},
): Promise<PredictBenchRow[]> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const names = options.datasets ?? Object.keys(DATASETS);
  const N = options.rows ?? 1_000_000;
  const reps = options.reps ?? 5;
  const python = options.python ?? '/usr/bin/python3';
  const cores = availableParallelism();
  const dir = mkdtempSync(join(tmpdir(), 'mlqa-gbdt-predict-'));
  const out: PredictBenchRow[] = [];
  try {
    for (const name of names) {
      const target = DATASETS[name];
      if (!target) throw new Error(`unknown dataset '${name}'`);
      const d = await prepareDataset(join(root, 'data', 'datasets', `${name}.csv`), { target });
      const { task, y, classes } = d.target;
      const model = gbdt.fit(d.X, y, { task, nClasses: classes.length, seed: 0 });
      const big = tileRows(d.X, N);
      const time = (settings: Partial<PredictSettings>): Omit<Timing, 'rowsPerSecond'> => {
        const saved = { ...predictSettings };
        Object.assign(predictSettings, settings);
        try {
          // A fresh copy: the first call pays for compiling (code generation and V8's optimizing JIT).
          const fresh = gbdt.fromJSON(model.toJSON());
          const c0 = process.cpuUsage();
          fresh.predictProba(big);
          const c = process.cpuUsage(c0);
          const firstCpuSeconds = (c.user + c.system) / 1e6;
          const times: number[] = [];
          const cpu: number[] = [];
          for (let r = 0; r < reps; r++) {
            const t0 = performance.now();
            const c0 = process.cpuUsage();
            fresh.predictProba(big);
            const c = process.cpuUsage(c0);
            times.push((performance.now() - t0) / 1000);
            cpu.push((c.user + c.system) / 1e6);
          }
          return { seconds: median(times), cpuSeconds: median(cpu), firstCpuSeconds };
        } finally {
          Object.assign(predictSettings, saved);
        }
      };
      const walk = time({ compile: 'never', workers: 0 });
      const one = time({ compile: 'always', workers: 0 });
      const many = time({ compile: 'always', workers: cores - 1 });
      const json = model.toJSON() as { state: { trees: unknown[] } };
      const row: PredictBenchRow = {
        dataset: name,
        rows: N,
        features: d.X.columns.length,
        classes: classes.length,
        trees: json.state.trees.length,
        gbdt: { ...one, rowsPerSecond: N / one.cpuSeconds },
        gbdtWalk: { ...walk, rowsPerSecond: N / walk.cpuSeconds },
        gbdtWorkers: { ...many, rowsPerSecond: N / many.seconds, threads: cores },
        xgboost: null,
        xgboostThreads: null,
        speedRatio: null,
        threadsSpeedRatio: null,
      };
      if (options.peer !== false) {
        const csv = join(dir, `${name}.csv`);
        const lines = [[...d.X.names.map((_, j) => `f${j}`), 'y'].join(',')];
        for (let i = 0; i < d.X.nRows; i++) {
          const cells = d.X.columns.map((c) => (Number.isNaN(c[i]!) ? 'nan' : String(c[i])));
          cells.push(String(y[i]));
          lines.push(cells.join(','));
        }
        writeFileSync(csv, lines.join('\n'));
        const py = spawnSync(python, ['-c', PYTHON_PEER, csv, String(N), String(reps), String(cores)], {
          encoding: 'utf8',
          env: { ...process.env, OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
          maxBuffer: 1 << 24,
        });
        if (py.status === 0) {
          const p = JSON.parse(py.stdout.trim().split('\n').pop()!);
          const one = { ...p.one, rowsPerSecond: N / p.one.cpuSeconds, trees: p.trees };
          const many = { ...p.many, rowsPerSecond: N / p.many.seconds, threads: cores };
          row.xgboost = one;
          row.xgboostThreads = many;
          row.speedRatio = row.gbdt.rowsPerSecond / one.rowsPerSecond;
          row.threadsSpeedRatio = row.gbdtWorkers.rowsPerSecond / many.rowsPerSecond;
        } else {
          process.stderr.write(`xgboost peer failed on ${name}: ${py.stderr || py.error}\n`);
        }
      }
      out.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function formatPredictBench(rows: PredictBenchRow[]): string {
  const rate = (t: Timing | null) =>
    (t ? Math.round(t.rowsPerSecond).toLocaleString('en-US') : '-').padStart(11);
  const ratio = (r: number | null) => (r === null ? '-' : `${r.toFixed(2)}x`).padStart(6);
  const lines = [
    'predictProba on tiled rows, rows/s. One thread: from median CPU seconds (walk = table walk, compiled =',
    'trees compiled to JavaScript). Threads (all cores): from median wall seconds. ratio = gbdt / xgboost.',
    'dataset            rows feat cls trees   gbdt walk   compiled    xgboost  ratio | thr gbdt wrk  xgb n_jobs  ratio',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.dataset.padEnd(14),
        String(r.rows).padStart(8),
        String(r.features).padStart(4),
        String(r.classes).padStart(3),
        String(r.trees).padStart(5),
        rate(r.gbdtWalk),
        rate(r.gbdt),
        rate(r.xgboost),
        ratio(r.speedRatio),
        `| ${String(r.gbdtWorkers.threads).padStart(3)}`,
        rate(r.gbdtWorkers),
        rate(r.xgboostThreads),
        ratio(r.threadsSpeedRatio),
      ].join(' '),
    );
  }
  return lines.join('\n');
}

/** Entry point for bench/run.ts-style dispatchers: [--rows N] [--reps N] [--no-peer] [dataset,...]. */
export async function run(args: string[]): Promise<void> {
  const opt = (k: string) => {
    const i = args.indexOf(k);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const list = args.filter(
    (a, i) => !a.startsWith('--') && !['--rows', '--reps'].includes(args[i - 1] ?? ''),
  );
  const rows = await benchGbdtPredict({
    datasets: list.length ? list.join(',').split(',') : undefined,
    rows: opt('--rows'),
    reps: opt('--reps'),
    peer: !args.includes('--no-peer'),
  });
  console.log(formatPredictBench(rows));
  const outDir = fileURLToPath(new URL('out/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'gbdt-predict.json'), `${JSON.stringify(rows, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run(process.argv.slice(2));
}
