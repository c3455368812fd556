/**
 * Micro-benchmark of gbdt prediction speed against xgboost's, on about 1M rows built by tiling a bundled
 * dataset: a 100-round binary model (breast_cancer, 30 numeric features) and a 100-round multiclass
 * model (digits, 10 classes, 1000 trees). Both libraries fit on the full dataset with comparable trees
 * (gbdt: 31 leaves leaf-wise; xgboost: tree_method=hist, grow_policy=lossguide, max_leaves=31,
 * max_depth=0) and then time predictProba / predict_proba on the same tiled rows, median of `reps` runs.
 * xgboost runs in a Python child (/usr/bin/python3, OMP_NUM_THREADS=1, n_jobs=1) and reads the
 * dataset CSV itself.
 *
 * Run: node --import tsx bench/gbdt-predict.ts [--rows N] [--reps N] [--no-peer] [dataset,...]
 * Saves JSON to bench/out/gbdt-predict.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataset } from '../src/data/prepare.js';
import { gbdt } from '../src/learners/gbdt/index.js';
import type { FeatureMatrix } from '../src/learners/types.js';

const DATASETS: Record<string, string> = { breast_cancer: 'target', digits: 'target' };

export interface PredictBenchRow {
  dataset: string;
  rows: number;
  features: number;
  classes: number;
  trees: number;
  /** Median wall and CPU seconds of one predictProba call; rows/s from CPU time (fairer on a busy machine). */
  gbdt: { seconds: number; cpuSeconds: number; rowsPerSecond: number };
  xgboost: { seconds: number; cpuSeconds: number; rowsPerSecond: number; trees: number } | null;
  /** gbdt rows/s divided by xgboost rows/s, both from CPU time (> 1: gbdt is faster). */
  speedRatio: number | null;
}

const PYTHON_PEER = `
import json, sys, time
import numpy as np
import xgboost as xgb
path, n, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = np.loadtxt(path, delimiter=',', skiprows=1)
X, y = d[:, :-1], d[:, -1].astype(int)
m = xgb.XGBClassifier(n_estimators=100, learning_rate=0.1, tree_method='hist', grow_policy='lossguide',
                      max_leaves=31, max_depth=0, n_jobs=1, random_state=0)
m.fit(X, y)
big = np.ascontiguousarray(np.tile(X, (n // len(X) + 1, 1))[:n])
m.predict_proba(big[:1000])
times, cpu = [], []
for r in range(reps):
    t0, c0 = time.perf_counter(), time.process_time()
    m.predict_proba(big)
    times.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
trees = len(m.get_booster().get_dump())
print(json.dumps({'seconds': float(np.median(times)), 'cpuSeconds': float(np.median(cpu)), 'trees': trees}))
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
      model.predictProba(tileRows(d.X, 1000));
      const times: number[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < reps; r++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        model.predictProba(big);
        const c = process.cpuUsage(c0);
        times.push((performance.now() - t0) / 1000);
        cpu.push((c.user + c.system) / 1e6);
      }
      const sec = median(times);
      const cpuSec = median(cpu);
      const json = model.toJSON() as { state: { trees: unknown[] } };
      const row: PredictBenchRow = {
        dataset: name,
        rows: N,
        features: d.X.columns.length,
        classes: classes.length,
        trees: json.state.trees.length,
        gbdt: { seconds: sec, cpuSeconds: cpuSec, rowsPerSecond: N / cpuSec },
        xgboost: null,
        speedRatio: null,
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
        const py = spawnSync(python, ['-c', PYTHON_PEER, csv, String(N), String(reps)], {
          encoding: 'utf8',
          env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
          maxBuffer: 1 << 24,
        });
        if (py.status === 0) {
          const p = JSON.parse(py.stdout.trim().split('\n').pop()!);
          row.xgboost = {
            seconds: p.seconds,
            cpuSeconds: p.cpuSeconds,
            rowsPerSecond: N / p.cpuSeconds,
            trees: p.trees,
          };
          row.speedRatio = row.gbdt.rowsPerSecond / row.xgboost.rowsPerSecond;
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
  const lines = [
    'predictProba on tiled rows: median CPU seconds (wall in parentheses), rows/s from CPU time;',
    'ratio = gbdt rows/s / xgboost rows/s (> 1: gbdt faster)',
    'dataset            rows  feat classes trees          gbdt s   gbdt rows/s           xgb s    xgb rows/s  ratio',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.dataset.padEnd(16),
        String(r.rows).padStart(8),
        String(r.features).padStart(5),
        String(r.classes).padStart(7),
        String(r.trees).padStart(5),
        `${r.gbdt.cpuSeconds.toFixed(3)} (${r.gbdt.seconds.toFixed(3)})`.padStart(15),
        Math.round(r.gbdt.rowsPerSecond).toLocaleString('en-US').padStart(13),
        (r.xgboost ? `${r.xgboost.cpuSeconds.toFixed(3)} (${r.xgboost.seconds.toFixed(3)})` : '-').padStart(
          15,
        ),
        (r.xgboost ? Math.round(r.xgboost.rowsPerSecond).toLocaleString('en-US') : '-').padStart(13),
        (r.speedRatio === null ? '-' : `${r.speedRatio.toFixed(2)}x`).padStart(6),
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
