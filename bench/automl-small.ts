import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossValidate, takeMatrix, takeVector } from '../src/automl/cv.js';
import { greedySelect, weightsOf } from '../src/automl/ensemble.js';
import { SEARCH_REPEAT_ROWS, type Trial } from '../src/automl/search.js';
import { spaceFor } from '../src/automl/space.js';
import { train } from '../src/automl/train.js';
import { prepareDataset } from '../src/data/prepare.js';
import { kFold, stratifiedKFold } from '../src/data/split.js';
import { getMetric } from '../src/evaluate/metrics/registry.js';
import type { Predictor } from '../src/evaluate/types.js';
import { getLearner } from '../src/learners/registry.js';
import type { FeatureMatrix, Task } from '../src/learners/types.js';
import { createPredictor, EnsemblePredictor } from '../src/runtime/predictor.js';
import { arg, DATASETS, runPeers, splitDataset, wantedDatasets } from './automl.js';

const WAYS = ['search', 'bagged', 'top2_blend', 'portfolio'] as const;
type Way = (typeof WAYS)[number];
const PORTFOLIO_REPEATS = 3;

interface Rows {
  X: FeatureMatrix;
  y: Float64Array;
}

interface Config {
  learner: string;
  params: Record<string, unknown>;
  weight: number;
}

/** Fit weighted configurations on `rows` of the training matrix and average them. */
function fitBlend(cfgs: Config[], tr: Rows, task: Task, K: number, seed: number, rows?: Int32Array) {
  const X = rows ? takeMatrix(tr.X, rows) : tr.X;
  const y = rows ? takeVector(tr.y, rows) : tr.y;
  return cfgs.map((c) => ({
    weight: c.weight,
    model: getLearner(c.learner).fit(X, y, { task, nClasses: K, seed, params: c.params as never }),
  }));
}

/** The portfolio: default configurations, weighted by greedy selection on repeated out-of-fold predictions. */
function portfolio(tr: Rows, task: Task, K: number, metricName: string, seed: number): Config[] {
  const n = tr.y.length;
  const nf = tr.X.columns.length;
  const clf = task !== 'regression';
  const configs: Omit<Config, 'weight'>[] = [];
  for (const learner of ['gbdt', 'random_forest', 'extra_trees']) {
    const space = spaceFor(learner, task, n, nf, K)!;
    for (const d of space.defaults) configs.push({ learner, params: { ...space.fixed, ...d } });
  }
  for (const v of [0.1, 1, 10])
    configs.push(
      clf
        ? { learner: 'logistic_regression', params: { C: v, penalty: 'l2', tol: 1e-6 } }
        : { learner: 'ridge', params: { alpha: v } },
    );
  const metric = getMetric(metricName);
  const yStack = new Float64Array(n * PORTFOLIO_REPEATS);
  for (let q = 0; q < PORTFOLIO_REPEATS; q++) yStack.set(tr.y, q * n);
  const candidates = configs.map((c) => {
    const oof = new Float64Array(n * PORTFOLIO_REPEATS);
    const oofProba = clf ? new Float64Array(n * PORTFOLIO_REPEATS * K) : null;
    for (let q = 0; q < PORTFOLIO_REPEATS; q++) {
      const folds = clf ? stratifiedKFold(tr.y, 5, seed + 700 + q) : kFold(n, 5, seed + 700 + q);
      const learner = getLearner(c.learner);
      const cv = crossValidate({
        learner,
        params: c.params,
        ...tr,
        task,
        nClasses: K,
        folds,
        score: metric.fn,
        seed,
      });
      oof.set(cv.oof, q * n);
      oofProba?.set(cv.oofProba!, q * n * K);
    }
    return { oof, oofProba };
  });
  const all = Int32Array.from({ length: n * PORTFOLIO_REPEATS }, (_, i) => i);
  const picks = greedySelect({ task, nClasses: K, y: yStack, metric, candidates }, all).picks;
  const w = weightsOf(picks, configs.length);
  return configs.map((c, i) => ({ ...c, weight: w[i]! })).filter((c) => c.weight > 0);
}

/** The best trial of each learner (confirmed trials first, then by loss), best learner first. */
function bestPerLearner(trials: Trial[]): Trial[] {
  const order = (a: Trial, b: Trial) =>
    a.confirmed !== b.confirmed ? (a.confirmed ? -1 : 1) : a.loss - b.loss;
  const best = new Map<string, Trial>();
  for (const t of trials) {
    if (t.id === 0) continue;
    const b = best.get(t.learner);
    if (!b || order(t, b) < 0) best.set(t.learner, t);
  }
  return [...best.values()].sort(order);
}

async function runSplit(file: string, target: string, budget: number, seed: number) {
  const split = await splitDataset(file, target, seed);
  if (!split || split.trainRows >= SEARCH_REPEAT_ROWS) return null;
  const { task, stem, trainPath, testPath } = split;

  const r = await train(trainPath, { target, timeBudget: budget, testSize: 0, evaluate: false, seed });
  const s = r.searchResult;
  const shipped = createPredictor(r.artifact);
  const classes = r.artifact.body.target.classes;
  const K = task === 'regression' ? 0 : classes.length;
  const index = new Map(classes.map((c, k) => [c, k]));
  const encode = async (path: string): Promise<Rows> => {
    const d = await prepareDataset(path, { target, task });
    const X = shipped.encode(d.frame).X;
    const y =
      task === 'regression'
        ? d.target.y
        : Float64Array.from(d.target.y, (v) => index.get(d.target.classes[v]!) ?? -1);
    d.table.db.close();
    return { X, y };
  };
  const tr = await encode(trainPath);
  const te = await encode(testPath);

  const byId = new Map(s.trials.map((t) => [t.id, t]));
  const chosen: Config[] = s.ensemble?.kept
    ? s.ensemble.members.map((m) => {
        const t = byId.get(m.trial)!;
        return { learner: t.learner, params: t.params, weight: m.weight };
      })
    : [{ learner: s.best.learner, params: s.best.params, weight: 1 }];
  const top2 = bestPerLearner(s.trials)
    .slice(0, 2)
    .map((t) => ({ learner: t.learner, params: t.params, weight: 1 }));
  const predictors: Record<Way, Predictor> = {
    search: shipped,
    bagged: new EnsemblePredictor(
      task,
      K,
      s.folds.flatMap((f) => fitBlend(chosen, tr, task, K, seed, f.train)),
    ),
    top2_blend: new EnsemblePredictor(task, K, fitBlend(top2, tr, task, K, seed)),
    portfolio: new EnsemblePredictor(
      task,
      K,
      fitBlend(portfolio(tr, task, K, r.metric, seed), tr, task, K, seed),
    ),
  };
  const headline = getMetric(task === 'regression' ? 'r2' : 'accuracy');
  const scores: Record<string, number> = {};
  for (const way of WAYS) {
    const p = predictors[way];
    scores[way] = headline.fn(te.y, p.predict(te.X), p.predictProba(te.X), K);
  }
  for (const p of runPeers(trainPath, testPath, target, task))
    scores[p.model as string] = (task === 'regression' ? p.r2 : p.accuracy) as number;
  process.stdout.write(
    `${stem}: ${Object.entries(scores)
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(', ')}\n`,
  );
  return scores;
}

export async function run(args: string[]): Promise<void> {
  const budget = Number(arg(args, 'budget', '60'));
  const seeds = arg(args, 'seeds', '0,1,2,3,4').split(',').map(Number);
  const wanted = wantedDatasets(args);
  const results: Record<string, Record<string, number>[]> = {};
  for (const [file, target] of DATASETS) {
    if (wanted && !wanted.has(file)) continue;
    for (const seed of seeds) {
      const scores = await runSplit(file, target, budget, seed);
      if (!scores) break;
      results[file] = [...(results[file] ?? []), scores];
    }
  }
  const lines = [
    `| dataset | ${WAYS.join(' | ')} | best peer (mean) |`,
    `|---|${WAYS.map(() => '---|').join('')}---|`,
  ];
  const tally = Object.fromEntries(WAYS.map((w) => [w, { atLeast: 0, within: 0 }]));
  for (const [file, splits] of Object.entries(results)) {
    const mean = (k: string) => splits.reduce((a, s) => a + s[k]!, 0) / splits.length;
    const peers = Object.keys(splits[0]!).filter((k) => !(WAYS as readonly string[]).includes(k));
    const best = peers.reduce((a, b) => (mean(b) > mean(a) ? b : a));
    const cells = WAYS.map((w) => {
      const diff = (mean(w) - mean(best)) * 100;
      if (diff >= 0) tally[w]!.atLeast++;
      if (diff >= -1) tally[w]!.within++;
      return `${mean(w).toFixed(4)} (${diff >= 0 ? '+' : ''}${diff.toFixed(2)})`;
    });
    lines.push(`| ${file.replace(/\.csv$/, '')} | ${cells.join(' | ')} | ${best} ${mean(best).toFixed(4)} |`);
  }
  const n = Object.keys(results).length;
  lines.push(
    `| datasets >= best peer / within 1 point | ${WAYS.map((w) => `${tally[w]!.atLeast}/${n}, ${tally[w]!.within}/${n}`).join(' | ')} | |`,
  );
  process.stdout.write(
    `\nmean test score over splits ${seeds.join(', ')} (difference to the best peer's mean, points)\n${lines.join('\n')}\n`,
  );
  const path = join('bench', 'out', `automl-small-${budget}s.json`);
  writeFileSync(path, JSON.stringify({ budget, seeds, results }, null, 2));
  process.stdout.write(`saved ${path}\n`);
}
