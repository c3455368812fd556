/**
 * `npm run bench:learners`: mlqa's gbdt, random_forest and logistic_regression next to xgboost
 * (tree_method=hist), scikit-learn's HistGradientBoosting, RandomForest and LogisticRegression, all with
 * default parameters and single-threaded (OMP_NUM_THREADS=1, n_jobs=1), cross-validated on the SAME folds
 * (mlqa's compare folds, passed to the Python peers as a fold index per row), in the same run. Per
 * classification dataset: accuracy and total fit seconds over the folds (median of --reps repetitions of
 * the whole cross-validation; CPU seconds are the ratio basis since the machine may be shared, wall seconds
 * are shown too), time ratios mlqa / peer and their medians over the datasets. Then the prediction
 * throughput of a 100-tree gbdt on breast_cancer-sized rows (rows repeated to 1M) next to xgboost's.
 * `xgboost_same_shape` is xgboost growing trees like mlqa's default gbdt (leaf-wise, 31 leaves, minimum
 * leaf hessian 1e-3, no L2): xgboost's own defaults grow far smaller trees on some datasets, so this pair
 * compares the implementations on the same work.
 *
 * Goals: gbdt fit within 1.5x of xgboost at equal or better accuracy; random_forest within 2x of
 * scikit-learn; a 100-tree gbdt predicts >= 1M rows/s.
 *
 * Options: --datasets a,b  --learners gbdt,random_forest  --folds 5  --reps 3  --python /usr/bin/python3
 * --no-peers. --learners restricts the mlqa learners (and so the peers run) to the listed ones.
 * Saves bench/out/learners-<time>.json. The peers are skipped with a note when the Python has no
 * scikit-learn / xgboost.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareFolds } from '../src/automl/compare.js';
import { takeMatrix, takeVector } from '../src/automl/cv.js';
import { type Dataset, prepareDataset } from '../src/data/prepare.js';
import type { Fold } from '../src/data/split.js';
import { getLearner } from '../src/learners/registry.js';
import type { FeatureMatrix } from '../src/learners/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The bundled classification datasets and their targets. */
export const LEARNER_BENCH_DATASETS: Record<string, string> = {
  iris: 'target',
  wine: 'target',
  breast_cancer: 'target',
  penguins: 'species',
  digits: 'target',
  modeldata_credit: 'Status',
  modeldata_mlc_churn: 'churn',
  mlbench_letter: 'lettr',
};

const MLQA = ['gbdt', 'random_forest', 'logistic_regression'] as const;
type MlqaModel = (typeof MLQA)[number];
const PEERS = ['xgboost', 'xgboost_same_shape', 'sklearn_hgb', 'sklearn_rf', 'sklearn_logreg'] as const;
type Peer = (typeof PEERS)[number];
/** Which peers each mlqa learner is timed against (first = the goal's reference). */
const PAIRS: Record<MlqaModel, Peer[]> = {
  gbdt: ['xgboost', 'xgboost_same_shape', 'sklearn_hgb'],
  random_forest: ['sklearn_rf'],
  logistic_regression: ['sklearn_logreg'],
};

interface Side {
  scores: number[];
  /** Median over reps of the total fit wall seconds over the folds. */
  fitSeconds: number;
  /** Median over reps of the total fit CPU seconds over the folds. */
  fitCpuSeconds: number;
}

export interface LearnerBenchRow {
  dataset: string;
  rows: number;
  features: number;
  classes: number;
  folds: number;
  mlqa: Partial<Record<MlqaModel, Side>>;
  peers: Partial<Record<Peer, Side>>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function accuracy(y: Float64Array, p: Float64Array): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (p[i] === y[i]) c++;
  return c / y.length;
}

/** Cross-validate one mlqa learner `reps` times on the folds, timing fits only. */
function cvMlqa(name: MlqaModel, d: Dataset, folds: Fold[], reps: number): Side {
  const learner = getLearner(name);
  const { y, classes, task } = d.target;
  const parts = folds.map((f) => ({
    Xtr: takeMatrix(d.X, f.train),
    ytr: takeVector(y, f.train),
    Xte: takeMatrix(d.X, f.test),
    yte: takeVector(y, f.test),
  }));
  const walls: number[] = [];
  const cpus: number[] = [];
  let scores: number[] = [];
  for (let r = 0; r < reps; r++) {
    let wall = 0;
    let cpu = 0;
    scores = [];
    for (const p of parts) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const model = learner.fit(p.Xtr, p.ytr, { task, nClasses: classes.length, seed: 0 });
      const c = process.cpuUsage(c0);
      wall += (performance.now() - t0) / 1000;
      cpu += (c.user + c.system) / 1e6;
      scores.push(accuracy(p.yte, model.predict(p.Xte)));
    }
    walls.push(wall);
    cpus.push(cpu);
  }
  return { scores, fitSeconds: median(walls), fitCpuSeconds: median(cpus) };
}

function toCsv(X: FeatureMatrix, y: Float64Array): string {
  const head = X.names.map((_, j) => `${X.categories[j] ? 'cat' : 'num'}__${j}`);
  const lines = [[...head, 'y'].join(',')];
  for (let i = 0; i < X.nRows; i++) {
    const cells = X.columns.map((c) => (Number.isNaN(c[i]!) ? '' : String(c[i])));
    cells.push(String(y[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function foldIndex(n: number, folds: Fold[]): number[] {
  const out = new Array<number>(n).fill(-1);
  folds.forEach((f, k) => {
    for (const i of f.test) out[i] = k;
  });
  return out;
}

interface PeerRun {
  result: Record<string, unknown> | null;
  error: string | null;
}

function runPeers(
  python: string,
  dir: string,
  name: string,
  d: Dataset,
  folds: Fold[],
  reps: number,
  peers: readonly Peer[],
  predictRows = 0,
): PeerRun {
  const dataPath = join(dir, `${name}.csv`);
  const foldsPath = join(dir, `${name}-folds.json`);
  writeFileSync(dataPath, toCsv(d.X, d.target.y));
  writeFileSync(foldsPath, JSON.stringify(foldIndex(d.target.y.length, folds)));
  const args = [
    join(ROOT, 'bench', 'peers', 'learners_peers.py'),
    dataPath,
    foldsPath,
    String(reps),
    peers.join(','),
  ];
  if (predictRows > 0) args.push(String(predictRows));
  const py = spawnSync(python, args, {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    maxBuffer: 1 << 26,
  });
  if (py.status !== 0)
    return { result: null, error: (py.stderr || String(py.error)).trim().split('\n').pop()! };
  return { result: JSON.parse(py.stdout.trim().split('\n').pop()!), error: null };
}

function peersAvailable(python: string): string | null {
  const r = spawnSync(python, ['-c', 'import sklearn, xgboost, pandas'], { encoding: 'utf8' });
  if (r.error) return `${python} not found`;
  return r.status === 0 ? null : `${python} lacks scikit-learn/xgboost/pandas`;
}

/** Rows per second of gbdt predictProba with a 100-tree model fitted on breast_cancer, rows repeated to N. */
function gbdtPredictThroughput(d: Dataset, N: number) {
  const model = getLearner('gbdt').fit(d.X, d.target.y, {
    task: d.target.task,
    nClasses: d.target.classes.length,
    seed: 0,
    params: { n_estimators: 100 },
  });
  const big: FeatureMatrix = {
    nRows: N,
    names: d.X.names,
    categories: d.X.categories,
    columns: d.X.columns.map((c) => Float64Array.from({ length: N }, (_, i) => c[i % c.length]!)),
  };
  model.predictProba(big); // warm up
  const times: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    model.predictProba(big);
    const c = process.cpuUsage(c0);
    times.push((performance.now() - t0) / 1000);
    cpus.push((c.user + c.system) / 1e6);
  }
  return { rows: N, rowsPerSecond: N / median(times), rowsPerCpuSecond: N / median(cpus) };
}

function parseArgs(args: string[]) {
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const datasets = get('--datasets')?.split(',') ?? Object.keys(LEARNER_BENCH_DATASETS);
  for (const d of datasets)
    if (!LEARNER_BENCH_DATASETS[d])
      throw new Error(`unknown dataset '${d}' (${Object.keys(LEARNER_BENCH_DATASETS).join(', ')})`);
  const learners = (get('--learners')?.split(',') ?? [...MLQA]) as MlqaModel[];
  for (const m of learners)
    if (!MLQA.includes(m)) throw new Error(`unknown learner '${m}' (${MLQA.join(', ')})`);
  return {
    datasets,
    learners,
    folds: Number(get('--folds') ?? 5),
    reps: Number(get('--reps') ?? 3),
    python: get('--python') ?? '/usr/bin/python3',
    peers: !args.includes('--no-peers'),
  };
}

const f = (v: number | undefined, d: number) => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));

export function formatTable(rows: LearnerBenchRow[]): string {
  const lines = [
    `${'dataset'.padEnd(20)} ${'rows'.padStart(6)} ${'learner'.padEnd(20)} ${'acc'.padStart(6)} ${'cpu s'.padStart(8)} ${'(wall)'.padStart(8)}  ${'peer'.padEnd(15)} ${'acc'.padStart(6)} ${'cpu s'.padStart(8)} ${'(wall)'.padStart(8)} ${'ratio'.padStart(7)}`,
  ];
  for (const r of rows) {
    for (const m of MLQA) {
      const s = r.mlqa[m];
      if (!s) continue;
      for (const p of PAIRS[m]) {
        const q = r.peers[p];
        lines.push(
          [
            r.dataset.padEnd(20),
            String(r.rows).padStart(6),
            m.padEnd(20),
            f(mean(s.scores), 4).padStart(6),
            f(s.fitCpuSeconds, 3).padStart(8),
            `(${f(s.fitSeconds, 3)})`.padStart(8),
            '',
            p.padEnd(15),
            f(q && mean(q.scores), 4).padStart(6),
            f(q?.fitCpuSeconds, 3).padStart(8),
            `(${f(q?.fitSeconds, 3)})`.padStart(8),
            (q ? `${f(s.fitCpuSeconds / q.fitCpuSeconds, 2)}x` : '-').padStart(7),
          ].join(' '),
        );
      }
    }
  }
  return lines.join('\n');
}

export interface PairSummary {
  mlqa: MlqaModel;
  peer: Peer;
  /** Median over datasets of mlqa CPU fit seconds / peer CPU fit seconds. */
  medianRatio: number;
  /** Sum over datasets of mlqa CPU fit seconds / the same sum for the peer (weighs the big datasets). */
  totalRatio: number;
  /** Median over datasets of mlqa accuracy - peer accuracy (mean over folds). */
  medianAccuracyGap: number;
  datasets: number;
}

export function summarize(rows: LearnerBenchRow[]): PairSummary[] {
  const out: PairSummary[] = [];
  for (const m of MLQA) {
    for (const p of PAIRS[m]) {
      const withPeer = rows.filter((r) => r.peers[p] && r.mlqa[m]);
      if (withPeer.length === 0) continue;
      out.push({
        mlqa: m,
        peer: p,
        medianRatio: median(withPeer.map((r) => r.mlqa[m]!.fitCpuSeconds / r.peers[p]!.fitCpuSeconds)),
        totalRatio:
          withPeer.reduce((a, r) => a + r.mlqa[m]!.fitCpuSeconds, 0) /
          withPeer.reduce((a, r) => a + r.peers[p]!.fitCpuSeconds, 0),
        medianAccuracyGap: median(withPeer.map((r) => mean(r.mlqa[m]!.scores) - mean(r.peers[p]!.scores))),
        datasets: withPeer.length,
      });
    }
  }
  return out;
}

const STAMP = new Date().toISOString().replace(/[:.]/g, '-');

/** Write the results so far to bench/out/learners-<start time>.json; returns the path. */
function saveJson(value: unknown): string {
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  const path = join(ROOT, 'bench', 'out', `learners-${STAMP}.json`);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

export async function run(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const notes: string[] = [];
  const missing = opts.peers ? peersAvailable(opts.python) : 'peers disabled (--no-peers)';
  if (missing) notes.push(`peers skipped: ${missing}`);
  const dir = mkdtempSync(join(tmpdir(), 'mlqa-bench-learners-'));
  const rows: LearnerBenchRow[] = [];
  let predict: {
    rows: number;
    rowsPerSecond: number;
    rowsPerCpuSecond: number;
    xgboostRowsPerSecond: number | null;
  } | null = null;
  try {
    // Warm the JIT on a small dataset so the first timed dataset is not charged for compilation.
    const warm = await prepareDataset(join(ROOT, 'data', 'datasets', 'breast_cancer.csv'), {
      target: 'target',
    });
    const warmFolds = compareFolds(warm.target.task, warm.target.y, 2, 0);
    for (const m of opts.learners) cvMlqa(m, warm, warmFolds, 1);

    for (const name of opts.datasets) {
      const d = await prepareDataset(join(ROOT, 'data', 'datasets', `${name}.csv`), {
        target: LEARNER_BENCH_DATASETS[name]!,
      });
      const folds = compareFolds(d.target.task, d.target.y, opts.folds, 0);
      process.stderr.write(`${name}: ${d.target.y.length} rows, ${d.X.columns.length} features\n`);
      const mlqa: Partial<Record<MlqaModel, Side>> = Object.fromEntries(
        opts.learners.map((m) => [m, cvMlqa(m, d, folds, opts.reps)]),
      );
      const row: LearnerBenchRow = {
        dataset: name,
        rows: d.target.y.length,
        features: d.X.columns.length,
        classes: d.target.classes.length,
        folds: opts.folds,
        mlqa,
        peers: {},
      };
      if (!missing) {
        const gbdtOn = opts.learners.includes('gbdt');
        const withPredict = gbdtOn && name === 'breast_cancer' ? 1_000_000 : 0;
        const peers = PEERS.filter((q) => opts.learners.some((m) => PAIRS[m].includes(q)));
        const p = runPeers(opts.python, dir, name, d, folds, opts.reps, peers, withPredict);
        if (p.result) {
          for (const peer of PEERS) if (p.result[peer]) row.peers[peer] = p.result[peer] as Side;
          const xp = p.result.xgboost_predict as { rowsPerSecond: number } | undefined;
          if (xp)
            predict = {
              rows: withPredict,
              rowsPerSecond: 0,
              rowsPerCpuSecond: 0,
              xgboostRowsPerSecond: xp.rowsPerSecond,
            };
        } else notes.push(`peers failed on ${name}: ${p.error}`);
      }
      rows.push(row);
      saveJson({ options: opts, rows, partial: true, notes });
    }
    if (opts.learners.includes('gbdt')) {
      const bc = await prepareDataset(join(ROOT, 'data', 'datasets', 'breast_cancer.csv'), {
        target: 'target',
      });
      const tp = gbdtPredictThroughput(bc, 1_000_000);
      predict = {
        ...tp,
        xgboostRowsPerSecond: predict?.xgboostRowsPerSecond ?? null,
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const summary = summarize(rows);
  const out: string[] = [
    `${opts.folds}-fold cross-validation on the same folds; accuracy = mean over folds; cpu s = total fit CPU seconds over the folds (median of ${opts.reps} runs), wall in parentheses; ratio = mlqa / peer CPU time; single-threaded`,
    formatTable(rows),
    '',
    'medians over datasets (ratio = mlqa / peer fit CPU time, total = summed CPU seconds over the datasets; accuracy gap = mlqa - peer):',
    ...summary.map(
      (s) =>
        `  ${s.mlqa.padEnd(20)} vs ${s.peer.padEnd(15)} ratio ${f(s.medianRatio, 2)}x  (total ${f(s.totalRatio, 2)}x)  accuracy gap ${s.medianAccuracyGap >= 0 ? '+' : ''}${f(s.medianAccuracyGap, 4)}  (${s.datasets} datasets)`,
    ),
  ];
  if (predict) {
    out.push(
      '',
      `gbdt predictProba, 100 trees, breast_cancer rows repeated to ${predict.rows.toLocaleString('en-US')}: ` +
        `${Math.round(predict.rowsPerSecond).toLocaleString('en-US')} rows/s (${Math.round(predict.rowsPerCpuSecond).toLocaleString('en-US')} per CPU second)` +
        (predict.xgboostRowsPerSecond
          ? `; xgboost ${Math.round(predict.xgboostRowsPerSecond).toLocaleString('en-US')} rows/s (mlqa/xgboost ${f(predict.rowsPerSecond / predict.xgboostRowsPerSecond, 2)}x)`
          : ''),
    );
  }
  const goal = (name: string, ok: boolean | null, detail: string) =>
    `  ${ok === null ? 'n/a ' : ok ? 'MET ' : 'MISS'} ${name}: ${detail}`;
  const gx = summary.find((s) => s.mlqa === 'gbdt' && s.peer === 'xgboost');
  const rf = summary.find((s) => s.mlqa === 'random_forest' && s.peer === 'sklearn_rf');
  out.push(
    '',
    'goals:',
    goal(
      'gbdt fit <= 1.5x xgboost at equal or better accuracy',
      gx ? gx.medianRatio <= 1.5 && gx.medianAccuracyGap >= -0.005 : null,
      gx
        ? `median ${f(gx.medianRatio, 2)}x (total ${f(gx.totalRatio, 2)}x), accuracy gap ${f(gx.medianAccuracyGap, 4)}`
        : 'no peer',
    ),
    goal(
      'random_forest fit <= 2x scikit-learn',
      rf ? rf.medianRatio <= 2 : null,
      rf ? `median ${f(rf.medianRatio, 2)}x (total ${f(rf.totalRatio, 2)}x)` : 'no peer',
    ),
    goal(
      '100-tree gbdt predicts >= 1M rows/s',
      predict ? predict.rowsPerSecond >= 1e6 : null,
      predict ? `${Math.round(predict.rowsPerSecond).toLocaleString('en-US')} rows/s` : '-',
    ),
  );
  for (const n of notes) out.push(`note: ${n}`);
  process.stdout.write(`${out.join('\n')}\n`);

  process.stdout.write(`saved ${saveJson({ options: opts, rows, summary, predict, notes })}\n`);
}
