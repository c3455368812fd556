/**
 * The AutoML search: baseline first, then cost-frugal local search (FLOW2) per learner, the next learner
 * chosen by estimated cost for improvement (ECI), each configuration cross-validated on fixed folds
 * (repeated k-fold on small data; a holdout split on large data, trained on a row sample that grows), then a
 * confirmation round of the best trials on fresh folds or splits, then greedy ensemble selection over the
 * best trials' out-of-fold predictions. A time budget (seconds on an injectable clock) or a trial
 * count stops the search; with a trial count alone nothing depends on timing. Browser-safe.
 */
import { type Fold, groupKFold, holdout, kFold, stratifiedKFold, timeSeriesFolds } from '../data/split.js';
import { InputError } from '../errors.js';
import { getMetric, type MetricDef } from '../evaluate/metrics/registry.js';
import { getLearner } from '../learners/registry.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import { permutation, rng } from '../util/random.js';
import { confirm, stackRepetitions } from './confirm.js';
import { crossValidate, type FoldData, meanStd } from './cv.js';
import { chooseLearner, type LearnerStats, newStats, recordTrial } from './eci.js';
import { type Candidate, decideEnsemble, lossOf } from './ensemble.js';
import { Flow2 } from './flow2.js';
import { defaultLearners, type Params, spaceFor } from './space.js';

/** FLAML's rule: cross-validation while rows x features / 0.9 < 10M per hour of budget and rows < 100k. */
export const CV_MAX_ROWS = 100_000;
export const CV_CELLS_PER_HOUR = 10_000_000;
export const INITIAL_SAMPLE = 10_000;
export const SAMPLE_GROWTH = 4;
const POOL = 10;
const PER_LEARNER = 3;
/**
 * Fresh repetitions of k-fold (or fresh holdout splits) for the best trials once the search ends: at least
 * CONFIRM_REPETITIONS are planned for; under a time budget, up to CONFIRM_MAX_REPETITIONS when they are cheap.
 */
export const CONFIRM_REPETITIONS = 2;
export const CONFIRM_MAX_REPETITIONS = 5;
/**
 * Small data: the search folds are several repetitions of k-fold (new fold assignments), so that a
 * configuration cannot win by luck on one assignment. Repetitions = ceil(SEARCH_REPEAT_ROWS / rows), at most
 * SEARCH_MAX_REPETITIONS; 1 from SEARCH_REPEAT_ROWS rows on, and always 1 for time-ordered folds.
 */
export const SEARCH_REPEAT_ROWS = 1000;
export const SEARCH_MAX_REPETITIONS = 5;
/** Seed offset between the search's repetitions (the confirmation round uses seed + 1 ... seed + 5). */
const SEARCH_REPEAT_SEED = 1000;
/** Safety factor on the pool's measured seconds when keeping time back for the confirmation round. */
const CONFIRM_MARGIN = 1.5;
/** At most this share of a time budget is kept back for the confirmation round. */
export const CONFIRM_SHARE = 0.2;

export interface Trial {
  /** 0 is the baseline. */
  id: number;
  learner: string;
  params: Params;
  /** Training rows each fit saw (smaller than the fold when searching on a sample). */
  sampleSize: number;
  scores: number[];
  mean: number;
  std: number;
  /**
   * Repetitions of k-fold the scores cover: the search's repetitions for a search trial; for a confirmed
   * trial, the fresh repetitions of the confirmation round (its scores are then those fresh folds only).
   */
  repeats: number;
  /** True for the best trials re-scored on fresh folds by the confirmation round. */
  confirmed: boolean;
  /** Loss to minimise (the metric, negated when higher is better). */
  loss: number;
  fitSeconds: number;
  /** Wall seconds of the whole trial (fits and predictions). */
  seconds: number;
  /** Deterministic cost estimate (abstract units). */
  cost: number;
}

export interface SearchOptions {
  X: FeatureMatrix;
  y: Float64Array;
  task: Task;
  nClasses: number;
  metric: string;
  learners?: string[];
  /** Seconds for the search; default 60 unless `trials` is given. */
  timeBudget?: number;
  /** Stop after this many trials beyond the baseline. */
  trials?: number;
  seed?: number;
  /** Group per row (grouped folds) or time per row (time-ordered folds). */
  groups?: ArrayLike<number | string>;
  time?: Float64Array;
  /** Number of folds (default 5). */
  folds?: number;
  /** 'auto' (default) picks cross-validation or holdout by data size like FLAML. */
  evalMethod?: 'auto' | 'cv' | 'holdout';
  /** Seconds since some origin; default performance.now()/1000. Tests inject a fake clock. */
  clock?: () => number;
  ensemble?: boolean;
  /**
   * Per-fold matrices (a cleaning plan fitted on each fold's training rows); called once per fold object.
   * Default: the rows of X and y.
   */
  foldData?: (fold: Fold) => FoldData;
  /** Re-cross-validate the best trials on fresh folds before choosing (default true; cross-validation only). */
  confirm?: boolean;
  onTrial?: (trial: Trial, state: SearchProgress) => void;
}

export interface SearchProgress {
  trials: number;
  bestScore: number;
  bestLearner: string;
  elapsed: number;
  budget: number | null;
}

export interface EnsembleResult {
  members: { trial: number; weight: number }[];
  /** Held-out-part mean score of the ensemble and of the best single trial. */
  score: number;
  /** Per held-out part scores of the ensemble. */
  scores: number[];
  singleScore: number;
  wins: number;
  parts: number;
  kept: boolean;
}

export interface SearchResult {
  metric: string;
  direction: 'higher' | 'lower';
  evalMethod: 'cv' | 'holdout';
  /** The search's folds (the first repetition when the search repeats k-fold). */
  folds: Fold[];
  /** Repetitions of k-fold every search trial was scored on (1 unless the data is small). */
  searchRepetitions: number;
  trials: Trial[];
  best: Trial;
  baseline: Trial;
  /** Out-of-fold predictions of the best trial (rows outside every validation fold are NaN). */
  bestOof: { oof: Float64Array; oofProba: Float64Array | null };
  /** Extra k-fold repetitions the best trials were confirmed on (0: no confirmation round). */
  confirmRepetitions: number;
  ensemble: EnsembleResult | null;
  /** Out-of-fold predictions of the chosen ensemble (when kept). */
  ensembleOof: { oof: Float64Array; oofProba: Float64Array | null } | null;
  elapsed: number;
  budget: number | null;
  /** True when the time budget ran out before the search had run more than the protected trials. */
  budgetTooSmall: boolean;
  notes: string[];
}

/**
 * Cross-validation or a 10% holdout split, as FLAML decides: cross-validation when the data is small for
 * the time budget (rows x features / 0.9 below 10M cells per hour of budget) and has under 100k rows;
 * with no time budget (a trial count), cross-validation below 100k rows.
 */
export function chooseEvalMethod(nRows: number, nFeatures: number, budget: number | null): 'cv' | 'holdout' {
  if (nRows >= CV_MAX_ROWS) return 'holdout';
  if (budget === null) return 'cv';
  return (nRows * nFeatures) / 0.9 < (CV_CELLS_PER_HOUR * budget) / 3600 ? 'cv' : 'holdout';
}

const defaultClock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now()) / 1000;

function makeFolds(o: SearchOptions, method: 'cv' | 'holdout', seed: number): Fold[] {
  const n = o.y.length;
  const k = o.folds ?? 5;
  const clf = o.task !== 'regression';
  if (method === 'holdout') {
    return [
      holdout(n, { testSize: 0.1, seed, stratify: clf ? o.y : undefined, groups: o.groups, time: o.time }),
    ];
  }
  if (o.time) return timeSeriesFolds(o.time, k);
  if (o.groups) {
    const distinct = new Set(Array.from(o.groups as ArrayLike<number | string>)).size;
    if (distinct < 2) throw new InputError('--group: need at least 2 groups for grouped cross-validation');
    return groupKFold(o.groups, Math.min(k, distinct), seed);
  }
  if (n < k) throw new InputError(`only ${n} training rows: cannot make ${k} cross-validation folds`);
  if (!clf) return kFold(n, k, seed);
  return stratifiedKFold(o.y, k, seed);
}

/** Repetitions of k-fold for the search folds (see SEARCH_REPEAT_ROWS). */
export function searchRepetitions(nRows: number, method: 'cv' | 'holdout', timeOrdered: boolean): number {
  if (method !== 'cv' || timeOrdered) return 1;
  return Math.min(SEARCH_MAX_REPETITIONS, Math.max(1, Math.ceil(SEARCH_REPEAT_ROWS / nRows)));
}

/** Out-of-fold scores are on validation rows only; a score is NaN when a fold lacks a class (roc_auc). */
function trialLoss(metric: MetricDef, scores: number[]): number {
  if (scores.length === 0 || scores.some((s) => !Number.isFinite(s))) return Number.POSITIVE_INFINITY;
  return lossOf(metric, scores.reduce((a, b) => a + b, 0) / scores.length);
}

export function search(o: SearchOptions): SearchResult {
  const seed = o.seed ?? 0;
  const r = rng(seed ^ 0x5eed);
  const metric = getMetric(o.metric, o.task);
  const clock = o.clock ?? defaultClock;
  const start = clock();
  const budget = o.timeBudget ?? (o.trials === undefined ? 60 : null);
  const maxTrials = o.trials ?? Number.POSITIVE_INFINITY;
  const n = o.y.length;
  const d = o.X.columns.length;
  const method = o.evalMethod && o.evalMethod !== 'auto' ? o.evalMethod : chooseEvalMethod(n, d, budget);
  const folds = makeFolds(o, method, seed);
  const repetitions = searchRepetitions(n, method, o.time !== undefined);
  // Every repetition's folds, in order; the first repetition is `folds`.
  const searchFolds = [
    ...folds,
    ...Array.from({ length: repetitions - 1 }, (_, r) =>
      makeFolds(o, method, seed + SEARCH_REPEAT_SEED * (r + 1)),
    ).flat(),
  ];
  const notes: string[] = [];
  if (repetitions > 1)
    notes.push(
      `small data: every trial was scored on ${repetitions} repetitions of ${folds.length}-fold cross-validation (${searchFolds.length} folds), so that no configuration wins by luck on one fold assignment`,
    );
  const learnerNames =
    o.learners && o.learners.length > 0 ? [...new Set(o.learners)] : defaultLearners(o.task);
  for (const name of learnerNames) {
    const l = getLearner(name);
    if (!l.tasks.includes(o.task))
      throw new InputError(`--models: learner '${name}' does not handle ${o.task} tasks`);
  }
  const searchable = learnerNames.filter((name) => name !== 'baseline');
  const trainRows = folds[0]!.train.length;
  const spaces = new Map(searchable.map((name) => [name, spaceFor(name, o.task, trainRows, d, o.nClasses)]));
  const flows = new Map<string, Flow2>();
  for (const [name, sp] of spaces) {
    if (sp) flows.set(name, new Flow2(sp, rng(seed + 7919 * (flows.size + 1))));
  }
  const stats = searchable.map(newStats);
  const exhausted = new Set<string>();
  // Row sample (holdout on large data): nested prefixes of one seeded permutation of the training rows.
  const sampling = method === 'holdout' && trainRows > INITIAL_SAMPLE;
  const samplePerm = sampling ? permutation(trainRows, rng(seed + 31)) : null;
  const sampleSize = new Map(searchable.map((name) => [name, sampling ? INITIAL_SAMPLE : trainRows]));
  if (sampling)
    notes.push(`searched on row samples growing from ${INITIAL_SAMPLE} to ${trainRows} training rows`);

  // One fold object per sample size, so per-fold data is prepared once per size.
  const sampleFolds = new Map<number, Fold[]>();
  const trials: Trial[] = [];
  const pool: { trial: Trial; cand: Candidate; oofs?: Candidate[] }[] = [];
  let best: Trial | null = null;
  let bestOof: Candidate | null = null;
  const elapsed = () => clock() - start;
  // The confirmation round re-runs the pool on fresh folds; keep time back for it (at most CONFIRM_SHARE).
  // On a holdout split the pool is scored again on fresh holdout splits, unless the search ran on row samples
  // (a full-size refit of the pool would not fit the budget).
  const confirming = o.confirm !== false && !o.time && (method === 'cv' || !sampling);
  const poolSeconds = () => pool.reduce((a, p) => a + p.trial.seconds / p.trial.repeats, 0);
  const confirmReps = budget === null ? CONFIRM_REPETITIONS : CONFIRM_MAX_REPETITIONS;
  const reserve = () =>
    confirming && budget !== null
      ? Math.min(CONFIRM_SHARE * budget, CONFIRM_MARGIN * confirmReps * poolSeconds())
      : 0;
  const overBudget = () => budget !== null && elapsed() >= budget - reserve();

  const failures: { learner: string; message: string }[] = [];
  const runTrial = (learner: string, params: Params, protectedTrial: boolean): Trial | null | 'failed' => {
    const size = sampleSize.get(learner) ?? trainRows;
    let trialFolds = searchFolds;
    if (sampling && size < trainRows) {
      let sf = sampleFolds.get(size);
      if (!sf) {
        const idx = Int32Array.from(samplePerm!.subarray(0, size), (i) => folds[0]!.train[i]!).sort();
        sf = [{ train: idx, test: folds[0]!.test }];
        sampleFolds.set(size, sf);
      }
      trialFolds = sf;
    }
    const t0 = clock();
    let aborted = false;
    const stop = () => {
      if (!protectedTrial && overBudget()) aborted = true;
      return aborted ? false : undefined;
    };
    let cv: ReturnType<typeof crossValidate>;
    try {
      cv = crossValidate({
        learner: getLearner(learner),
        params,
        X: o.X,
        y: o.y,
        task: o.task,
        nClasses: o.nClasses,
        folds: trialFolds,
        score: metric.fn,
        seed,
        onFold: stop,
        onIteration: stop,
        ...(o.foldData ? { data: o.foldData } : {}),
      });
    } catch (e) {
      // A configuration the data cannot support (e.g. a fold without some class): the trial fails, the search goes on.
      if (!(e instanceof InputError)) throw e;
      failures.push({ learner, message: e.message });
      return 'failed';
    }
    if (aborted || !cv.complete) return null;
    const sp = spaces.get(learner);
    const trial: Trial = {
      id: trials.length,
      learner,
      params,
      sampleSize: trialFolds[0]!.train.length,
      scores: cv.scores,
      mean: cv.mean,
      std: cv.std,
      repeats: repetitions,
      confirmed: false,
      loss: trialLoss(metric, cv.scores),
      fitSeconds: cv.fitSeconds,
      seconds: clock() - t0,
      cost: (sp ? sp.cost(params, trialFolds[0]!.train.length) : n) * trialFolds.length,
    };
    trials.push(trial);
    const cand: Candidate = { oof: cv.oof, oofProba: cv.oofProba };
    if (!best || trial.loss < best.loss) {
      best = trial;
      bestOof = cand;
    }
    if (learner !== 'baseline' && Number.isFinite(trial.loss)) {
      pool.push({ trial, cand });
      pool.sort((a, b) => a.trial.loss - b.trial.loss || a.trial.id - b.trial.id);
      // Keep the pool diverse: at most PER_LEARNER trials of one learner, POOL in all.
      const sameLearner = pool.filter((p) => p.trial.learner === learner);
      if (sameLearner.length > PER_LEARNER)
        pool.splice(pool.indexOf(sameLearner[sameLearner.length - 1]!), 1);
      if (pool.length > POOL) pool.pop();
    }
    o.onTrial?.(trial, {
      trials: trials.length,
      bestScore: best.mean,
      bestLearner: best.learner,
      elapsed: elapsed(),
      budget,
    });
    return trial;
  };

  const base = runTrial('baseline', {}, true);
  if (base === 'failed' || base === null)
    throw new InputError(`the baseline cannot be fitted: ${failures[0]?.message}`);
  const baseline = base;
  let searched = 0;
  let budgetTooSmall = false;
  const maxTrialsGuard = 100;
  while (searched < maxTrials) {
    const first = searched === 0;
    if (!first && overBudget()) break;
    const s: LearnerStats | null = first ? (stats[0] ?? null) : chooseLearner(stats, exhausted, r);
    if (!s) break;
    const flow = flows.get(s.learner);
    let params: Params | null;
    if (flow) params = flow.propose();
    else params = s.trials === 0 ? {} : null;
    if (params === null) {
      exhausted.add(s.learner);
      if (exhausted.size === stats.length) break;
      continue;
    }
    const trial = runTrial(s.learner, params, first);
    if (!trial) break; // cut off by the time budget
    if (trial === 'failed') {
      flow?.report(Number.POSITIVE_INFINITY);
      // A learner that keeps failing is dropped from the search.
      if (failures.filter((f) => f.learner === s.learner).length >= 3) exhausted.add(s.learner);
      if (exhausted.size === stats.length) break;
      if (failures.length >= 3 * stats.length + maxTrialsGuard) break;
      continue;
    }
    searched++;
    if (first && overBudget()) budgetTooSmall = true;
    recordTrial(s, trial.loss, budget === null ? trial.cost : Math.max(trial.seconds, 1e-6));
    if (flow) {
      flow.report(trial.loss);
      const size = sampleSize.get(s.learner)!;
      if (sampling && size < trainRows && flow.halvings >= 2) {
        sampleSize.set(s.learner, Math.min(trainRows, size * SAMPLE_GROWTH));
        flow.reevaluateIncumbent();
      }
    }
  }
  if (searched === 0 && failures.length > 0)
    throw new InputError(
      `no configuration could be trained on the ${method === 'cv' ? 'cross-validation folds' : 'holdout split'}: ${failures[0]!.message}`,
    );
  if (searched === 0 && stats.length > 0) budgetTooSmall = true;
  for (const name of new Set(failures.map((f) => f.learner))) {
    const f = failures.filter((x) => x.learner === name);
    notes.push(`${f.length} ${name} trial(s) failed: ${f[0]!.message}`);
  }
  if (!best) throw new InputError('no trial completed');
  if (budgetTooSmall)
    notes.push(
      `the time budget of ${budget} s was used up by the baseline and the first cheap configuration; give more time for a real search`,
    );

  // Confirmation round: the pool again on fresh folds. The pool was selected on the search folds, so its
  // scores there are optimistic, the more so the luckier a trial was: the choice uses the fresh folds only.
  const searchBest = best as Trial;
  let freshFolds: Fold[][] = [];
  if (confirming && pool.length > 1) {
    const fresh = Array.from({ length: confirmReps }, (_, r) => makeFolds(o, method, seed + 1 + r));
    const res = confirm({
      X: o.X,
      y: o.y,
      task: o.task,
      nClasses: o.nClasses,
      metric,
      seed,
      members: pool.map((p) => ({ learner: p.trial.learner, params: p.trial.params })),
      repetitions: fresh,
      stop: () => budget !== null && elapsed() >= budget,
      ...(o.foldData ? { data: o.foldData } : {}),
    });
    if (res.repetitions > 0) {
      freshFolds = fresh.slice(0, res.repetitions);
      pool.forEach((p, i) => {
        const t = p.trial;
        t.scores = res.scores[i]!;
        Object.assign(t, meanStd(t.scores));
        t.repeats = res.repetitions;
        t.confirmed = true;
        t.loss = trialLoss(metric, t.scores);
        p.oofs = res.oofs[i]!;
      });
      pool.sort((a, b) => a.trial.loss - b.trial.loss || a.trial.id - b.trial.id);
      const top = pool[0]!;
      if (top.trial.loss < baseline.loss) {
        best = top.trial;
        bestOof = top.cand;
      } else {
        best = baseline;
      }
      notes.push(
        method === 'cv'
          ? `the best ${pool.length} trials were cross-validated again on ${res.repetitions} fresh ${folds.length}-fold assignment(s); the choice uses those ${res.repetitions * folds.length} folds only`
          : `the best ${pool.length} trials were scored again on ${res.repetitions} fresh holdout split(s); the choice uses those splits only`,
      );
      if (best !== searchBest)
        notes.push(
          `confirmation changed the choice: trial ${best.id} (${best.learner}) over the search's best, trial ${searchBest.id} (${searchBest.learner})`,
        );
    } else {
      notes.push('no time was left to confirm the best trials on fresh folds');
    }
  }
  const finalBest = best as Trial;

  // Ensemble selection over the best trials' out-of-fold predictions (the fresh repetitions', stacked).
  let ensemble: EnsembleResult | null = null;
  let ensembleOof: SearchResult['ensembleOof'] = null;
  if (o.ensemble !== false && pool.length > 1 && pool[0]!.trial === finalBest) {
    const stacked =
      freshFolds.length > 0
        ? stackRepetitions(
            o.y,
            o.task,
            o.nClasses,
            pool.map((p) => p.oofs!),
            freshFolds,
          )
        : null;
    // Held-out parts: the CV test folds, or 5 pieces of each holdout split.
    const tests = stacked ? stacked.parts : folds.map((f) => f.test);
    const parts = method === 'cv' ? tests : tests.flatMap((t) => holdoutParts(t, seed));
    const dec = decideEnsemble(
      {
        task: o.task,
        nClasses: o.nClasses,
        y: stacked ? stacked.y : o.y,
        metric,
        candidates: stacked ? stacked.candidates : pool.map((p) => p.cand),
      },
      parts,
    );
    const sign = metric.direction === 'higher' ? -1 : 1;
    ensemble = {
      members: pool
        .map((p, i) => ({ trial: p.trial.id, weight: dec.weights[i]! }))
        .filter((m) => m.weight > 0),
      score: sign * dec.ensembleLoss,
      scores: dec.partLosses.map((l) => sign * l),
      singleScore: sign * dec.singleLoss,
      wins: dec.wins,
      parts: dec.parts,
      kept: dec.keep,
    };
    if (dec.keep)
      ensembleOof = averageOof(
        pool.map((p) => p.cand),
        dec.weights,
        o.task,
        o.nClasses,
        n,
      );
  }
  return {
    metric: metric.name,
    direction: metric.direction,
    evalMethod: method,
    folds,
    searchRepetitions: repetitions,
    trials,
    best: finalBest,
    baseline,
    bestOof: bestOof!,
    confirmRepetitions: freshFolds.length,
    ensemble,
    ensembleOof,
    elapsed: elapsed(),
    budget,
    budgetTooSmall,
    notes,
  };
}

function holdoutParts(rows: Int32Array, seed: number, k = 5): Int32Array[] {
  const p = permutation(rows.length, rng(seed + 97));
  const parts: number[][] = Array.from({ length: Math.min(k, rows.length) }, () => []);
  for (let i = 0; i < rows.length; i++) parts[i % parts.length]!.push(rows[p[i]!]!);
  return parts.map((x) => Int32Array.from(x).sort());
}

function averageOof(cands: Candidate[], weights: number[], task: Task, K: number, n: number) {
  const clf = task !== 'regression';
  const oof = new Float64Array(n);
  const oofProba = clf ? new Float64Array(n * K) : null;
  weights.forEach((w, c) => {
    if (w === 0) return;
    const cand = cands[c]!;
    if (clf) for (let i = 0; i < n * K; i++) oofProba![i]! += w * cand.oofProba![i]!;
    else for (let i = 0; i < n; i++) oof[i]! += w * cand.oof[i]!;
  });
  if (clf) {
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let k = 1; k < K; k++) if (oofProba![i * K + k]! > oofProba![i * K + b]!) b = k;
      oof[i] = Number.isNaN(oofProba![i * K]!) ? Number.NaN : b;
    }
  }
  return { oof, oofProba };
}
