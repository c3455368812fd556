/**
 * `train(path, options)`: the whole of `mlqa train` as a library call. Load and prepare the data, hold
 * out a test set the search never sees, optionally fit a cleaning plan on the training rows, search
 * (search.ts), refit the chosen configuration or ensemble on every training row, evaluate on the test
 * set (evaluateModel), and build the artifact (schema, features, pipeline, model, reference profile,
 * target range, metrics, provenance) and the report.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Artifact, ArtifactBody, StepJSON } from '../artifact/format.js';
import { fileFingerprint, makeArtifact } from '../artifact/io.js';
import { applyPipeline, fitPipeline, type Plan, readPlan } from '../clean/pipeline.js';
import { ident } from '../data/db.js';
import { column, type Frame, takeRows } from '../data/frame.js';
import { frameToMatrix } from '../data/matrix.js';
import { featureColumns, prepareDataset } from '../data/prepare.js';
import { typedView } from '../data/schema.js';
import { holdout } from '../data/split.js';
import { InputError } from '../errors.js';
import { checkBenchmarkFile, loadBenchmark } from '../evaluate/benchmark.js';
import { evaluateModel } from '../evaluate/evaluate.js';
import type { EvaluateBudget, EvaluationResult, Predictor } from '../evaluate/types.js';
import { getLearner } from '../learners/registry.js';
import type { FeatureMatrix, Model, Task } from '../learners/types.js';
import { profileRelation } from '../profile/profile.js';
import { type Finding, finding, sortFindings } from '../report/finding.js';
import { encodeFrame, featureSpecs } from '../runtime/encode.js';
import { EnsemblePredictor, modelPredictor } from '../runtime/predictor.js';
import { takeMatrix, takeVector } from './cv.js';
import { type LeaderboardEntry, leaderboard } from './leaderboard.js';
import { planFoldData } from './plan-folds.js';
import { type SearchProgress, type SearchResult, search, type Trial } from './search.js';
import type { Params } from './space.js';

export const LIBRARY = 'mlqa 0.1.0';

/**
 * The metric optimised when `--metric` is not given: log loss for classification (a proper scoring rule:
 * the chosen model's probabilities are calibrated, so its labels are good decisions and its ranking is
 * kept), R2 for regression. ROC AUC, FLAML's binary default, ignores calibration: on churn an ensemble
 * chosen by ROC AUC predicted labels 2 points less accurately than the one chosen by log loss, at the
 * same ROC AUC (docs/train.md).
 */
export const TRAIN_DEFAULT_METRIC: Readonly<Record<Task, string>> = {
  binary: 'log_loss',
  multiclass: 'log_loss',
  regression: 'r2',
};

export interface TrainOptions {
  target: string;
  /** Force the task (default: inferred from the target). */
  task?: Task;
  timeBudget?: number;
  trials?: number;
  seed?: number;
  models?: string[];
  metric?: string;
  /** Fraction of rows held out for the test set (default 0.2; 0 = none). */
  testSize?: number;
  group?: string;
  time?: string;
  id?: string[];
  ignore?: string[];
  sensitive?: string[];
  /** Another model.mlqa or an ONNX model to compare with on the test set (default: the baseline model). */
  benchmark?: string;
  /** A cleaning plan (parsed JSON, or a path to plan.json). */
  plan?: Plan | string;
  /** Run evaluateModel on the test set (default true). */
  evaluate?: boolean;
  evaluateBudget?: EvaluateBudget;
  /** Clock in seconds (tests inject a fake one). */
  clock?: () => number;
  onTrial?: (trial: Trial, state: SearchProgress) => void;
  onStage?: (stage: string) => void;
}

export interface TrainJson {
  task: Task;
  metric: string;
  leaderboard: LeaderboardEntry[];
  best: { model: string; params: Params };
  test: { metrics: Record<string, number>; confusionMatrix: number[][] | null } | null;
  findings: Finding[];
  search: {
    evalMethod: 'cv' | 'holdout';
    folds: number;
    /** Repetitions of k-fold each search trial was scored on (more than 1 on small data). */
    repetitions: number;
    trials: number;
    seconds: number;
    budget: number | null;
    notes: string[];
  };
  data: {
    file: string;
    rows: number;
    trainRows: number;
    testRows: number;
    features: string[];
    classes: string[];
  };
}

export interface TrainResult extends TrainJson {
  artifact: Artifact;
  evaluation: EvaluationResult | null;
  searchResult: SearchResult;
  /** Indices into the prepared rows (rows with a target), and the 1-based file rows of each side. */
  split: { train: Int32Array; test: Int32Array; trainRows: Int32Array; testRows: Int32Array };
  predictor: Predictor;
}

/** The machine-readable part of a result (what `--json` prints). */
export function trainJson(r: TrainResult): TrainJson {
  const { task, metric, leaderboard: lb, best, test, findings, search: s, data } = r;
  return { task, metric, leaderboard: lb, best, test, findings, search: s, data };
}

function timeValues(frame: Frame, name: string): Float64Array {
  const c = column(frame, name);
  if (c.kind === 'numeric') return c.values;
  // Numbers stored as text sort as numbers, dates as dates, anything else as text.
  const asNum = c.dictionary.map(Number);
  const asDate = c.dictionary.map((d) => Date.parse(d));
  const key = asNum.every(Number.isFinite) ? asNum : asDate.every(Number.isFinite) ? asDate : null;
  const order = c.dictionary
    .map((_, k) => k)
    .sort((a, b) => (key ? key[a]! - key[b]! : c.dictionary[a]!.localeCompare(c.dictionary[b]!)));
  const rank = new Float64Array(c.dictionary.length);
  order.forEach((k, i) => {
    rank[k] = i;
  });
  return Float64Array.from(c.codes, (k) => (k < 0 ? Number.NaN : rank[k]!));
}

function groupValues(frame: Frame, name: string): (number | string)[] {
  const c = column(frame, name);
  if (c.kind === 'numeric') return Array.from(c.values, (v) => (Number.isNaN(v) ? 'missing' : v));
  return Array.from(c.codes, (k) => (k < 0 ? 'missing' : c.dictionary[k]!));
}

/** Group codes of a sensitive column on some rows: categories as they are, numbers in quartile bins. */
function sensitiveCodes(frame: Frame, name: string): { name: string; codes: Int32Array; labels: string[] } {
  const c = column(frame, name);
  if (c.kind === 'categorical') {
    return {
      name,
      codes: Int32Array.from(c.codes, (k) => (k < 0 ? c.dictionary.length : k)),
      labels: [...c.dictionary, 'missing'],
    };
  }
  const distinct = [...new Set(Array.from(c.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  if (distinct.length <= 10) {
    const idx = new Map(distinct.map((v, k) => [v, k]));
    return {
      name,
      codes: Int32Array.from(c.values, (v) => (Number.isNaN(v) ? distinct.length : idx.get(v)!)),
      labels: [...distinct.map(String), 'missing'],
    };
  }
  const q = [0.25, 0.5, 0.75].map((p) => distinct[Math.floor(p * (distinct.length - 1))]!);
  const labels = [`<= ${q[0]}`, `(${q[0]}, ${q[1]}]`, `(${q[1]}, ${q[2]}]`, `> ${q[2]}`, 'missing'];
  return {
    name,
    codes: Int32Array.from(c.values, (v) =>
      Number.isNaN(v) ? 4 : v <= q[0]! ? 0 : v <= q[1]! ? 1 : v <= q[2]! ? 2 : 3,
    ),
    labels,
  };
}

function fitModel(
  learner: string,
  params: Params,
  X: FeatureMatrix,
  y: Float64Array,
  task: Task,
  nClasses: number,
  seed: number,
): Model {
  return getLearner(learner).fit(X, y, { task, nClasses, seed, params: params as never });
}

/**
 * Out-of-fold predictions over the search rows, restricted to the training rows the model was refitted on
 * (with a cleaning plan the search sees every non-test row; the plan may drop some from the refit).
 */
function alignOof(
  oof: { oof: Float64Array; oofProba: Float64Array | null },
  searchRows: Int32Array,
  trainRows: Int32Array,
  K: number,
): { oof: Float64Array; oofProba: Float64Array | null } {
  if (searchRows === trainRows) return oof;
  const at = new Map(Array.from(searchRows, (r, i) => [r, i]));
  const pos = Int32Array.from(trainRows, (r) => at.get(r)!);
  return {
    oof: Float64Array.from(pos, (i) => oof.oof[i]!),
    oofProba: oof.oofProba
      ? Float64Array.from(
          { length: pos.length * K },
          (_, j) => oof.oofProba![pos[Math.floor(j / K)]! * K + (j % K)]!,
        )
      : null,
  };
}

/** Fit the chosen configuration (or every ensemble member) on all training rows. */
function refitChosen(
  s: SearchResult,
  X: FeatureMatrix,
  y: Float64Array,
  task: Task,
  nClasses: number,
  seed: number,
) {
  const byId = new Map(s.trials.map((t) => [t.id, t]));
  if (s.ensemble?.kept) {
    const members = s.ensemble.members.map((m) => {
      const t = byId.get(m.trial)!;
      return { weight: m.weight, model: fitModel(t.learner, t.params, X, y, task, nClasses, seed) };
    });
    return new EnsemblePredictor(task, nClasses, members);
  }
  return modelPredictor(fitModel(s.best.learner, s.best.params, X, y, task, nClasses, seed));
}

function readPlanFrom(plan: Plan | string): Plan {
  if (typeof plan !== 'string') return readPlan(plan);
  let text: string;
  try {
    text = readFileSync(plan, 'utf8');
  } catch {
    throw new InputError(`${plan}: cannot read the cleaning plan`);
  }
  return readPlan(text, plan);
}

export async function train(path: string, options: TrainOptions): Promise<TrainResult> {
  const seed = options.seed ?? 0;
  const testSize = options.testSize ?? 0.2;
  if (!(testSize >= 0 && testSize < 1))
    throw new InputError(`--test-size must be in [0, 1), got ${testSize}`);
  if (options.benchmark !== undefined) checkBenchmarkFile(options.benchmark);
  for (const col of [options.group, options.time].filter(Boolean) as string[])
    if (col === options.target) throw new InputError(`--group/--time column '${col}' is the target`);
  options.onStage?.('loading');
  const ds = await prepareDataset(path, {
    target: options.target,
    task: options.task,
    id: options.id,
    time: options.time,
    ignore: [...(options.ignore ?? []), ...(options.group ? [options.group] : [])],
    seed,
  });
  try {
    return await trainOn(path, ds, options, seed, testSize);
  } finally {
    ds.table.db.close();
  }
}

async function trainOn(
  path: string,
  ds: Awaited<ReturnType<typeof prepareDataset>>,
  options: TrainOptions,
  seed: number,
  testSize: number,
): Promise<TrainResult> {
  const { frame, target, schema } = ds;
  const task = target.task;
  const classes = target.classes;
  const nClasses = task === 'regression' ? 0 : classes.length;
  const clf = task !== 'regression';
  const names = new Set(frame.columns.map((c) => c.name));
  for (const col of [options.group, options.time, ...(options.sensitive ?? [])].filter(Boolean) as string[])
    if (!names.has(col)) throw new InputError(`${path}: no column '${col}'`);
  const metric = options.metric ?? TRAIN_DEFAULT_METRIC[task];
  const y = target.y;
  const n = y.length;
  const time = options.time ? timeValues(frame, options.time) : undefined;
  const groups = options.group ? groupValues(frame, options.group) : undefined;
  const notes: string[] = [];
  const findings: Finding[] = [];

  // The test set: held out before anything is fitted.
  const split = holdout(n, { testSize, seed, stratify: clf ? y : undefined, groups, time });
  if (clf) {
    const inTrain = new Int32Array(nClasses);
    const inTest = new Int32Array(nClasses);
    for (const i of split.train) inTrain[y[i]!]!++;
    for (const i of split.test) inTest[y[i]!]!++;
    const missing = classes.filter((_, k) => inTrain[k] === 0);
    if (missing.length > 0)
      throw new InputError(
        `${path}: the test split leaves class ${missing.map((c) => `'${c}'`).join(', ')} out of the training rows; use a smaller --test-size${options.group || options.time ? ' or another --group/--time split' : ''}`,
      );
    const absent = classes.filter((_, k) => inTest[k] === 0);
    if (split.test.length > 0 && absent.length > 0)
      findings.push(
        finding({
          check: 'test_split',
          severity: 'warning',
          columns: [options.target],
          value: absent.length,
          threshold: 0,
          message: `the test set has no row of class ${absent.map((c) => `'${c}'`).join(', ')} (too few rows); test metrics do not cover it`,
          fix: 'use a larger --test-size or more data for the rare classes',
        }),
      );
  }
  const trainFrame0 = takeRows(frame, split.train);
  const testFrame0 = takeRows(frame, split.test);

  // Optional cleaning plan, fitted on the training rows only.
  let pipeline: StepJSON[] = [];
  let trainFrame = trainFrame0;
  let testFrame = testFrame0;
  let features = ds.features;
  let Xtr: FeatureMatrix;
  let Xte: FeatureMatrix;
  let ytr: Float64Array;
  let trainIdx = split.train;
  let foldData: ReturnType<typeof planFoldData> | undefined;
  if (options.plan !== undefined) {
    options.onStage?.('cleaning');
    const plan = readPlanFrom(options.plan);
    const fitted = fitPipeline(trainFrame0, plan, { seed, target: options.target });
    pipeline = fitted.steps;
    trainFrame = fitted.frame;
    testFrame = applyPipeline(testFrame0, pipeline);
    const excluded = new Set(schema.columns.filter((c) => !features.includes(c.name)).map((c) => c.name));
    features = trainFrame.columns
      .map((c) => c.name)
      .filter((nm) => !excluded.has(nm) && nm !== options.target);
    if (features.length === 0) throw new InputError(`${path}: the cleaning plan left no feature columns`);
    // Rows the plan dropped (duplicates, missing values) leave the training set.
    const posOf = new Map(Array.from(split.train, (i) => [frame.rowNumbers[i]!, i]));
    trainIdx = Int32Array.from(trainFrame.rowNumbers, (r) => posOf.get(r)!);
    ytr = takeVector(y, trainIdx);
    Xtr = frameToMatrix(trainFrame, features);
    // Test rows get the training encodings (as the predictor does), not their own category codes.
    Xte = encodeFrame(testFrame, featureSpecs(Xtr)).X;
    if (trainFrame.nRows < trainFrame0.nRows)
      notes.push(`the cleaning plan dropped ${trainFrame0.nRows - trainFrame.nRows} training rows`);
    // Cross-validation refits the plan inside each fold (on the rows before the plan).
    foldData = planFoldData({
      frame: trainFrame0,
      y: takeVector(y, split.train),
      plan,
      target: options.target,
      excluded,
      seed,
    });
    notes.push('cross-validation fitted the cleaning plan on the training rows of each fold');
  } else {
    Xtr = takeMatrix(ds.X, split.train);
    Xte = takeMatrix(ds.X, split.test);
    ytr = takeVector(y, split.train);
  }
  const yte = takeVector(y, split.test);

  // Search on the training rows only.
  options.onStage?.('searching');
  // With a plan the search runs on the rows before it (each fold fits it); X only gives the shape then.
  const searchRows = foldData ? split.train : trainIdx;
  const s = search({
    X: foldData ? takeMatrix(ds.X, split.train) : Xtr,
    y: foldData ? takeVector(y, split.train) : ytr,
    ...(foldData ? { foldData } : {}),
    task,
    nClasses,
    metric,
    learners: options.models,
    timeBudget: options.timeBudget,
    trials: options.trials,
    seed,
    groups: groups ? Array.from(searchRows, (i) => groups[i]!) : undefined,
    time: time ? takeVector(time, searchRows) : undefined,
    clock: options.clock,
    onTrial: options.onTrial,
  });
  notes.push(...s.notes);
  if (s.budgetTooSmall)
    findings.push(
      finding({
        check: 'time_budget',
        severity: 'warning',
        value: s.budget,
        threshold: null,
        message: `the time budget (${s.budget} s) allowed only the baseline and one cheap configuration (${s.trials.length} trials); the model is far from tuned`,
        fix: 'raise --time-budget, or use --trials N',
      }),
    );
  const baseline = s.baseline;
  if (s.best === baseline)
    findings.push(
      finding({
        check: 'no_better_than_baseline',
        severity: 'warning',
        value: baseline.mean,
        threshold: null,
        message: `no configuration beat the baseline (${metric} ${baseline.mean.toFixed(4)} in cross-validation); the features may not predict the target`,
      }),
    );

  // Refit on every training row.
  options.onStage?.('refitting');
  const predictor = refitChosen(s, Xtr, ytr, task, nClasses, seed);
  const best = s.ensemble?.kept
    ? { model: 'ensemble', params: leaderboard(s).find((e) => e.model === 'ensemble')!.params }
    : { model: s.best.learner, params: s.best.params };
  let targetRange: { min: number; max: number } | undefined;
  if (!clf) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of ytr) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    targetRange = { min, max };
  }

  // Evaluate on the test set.
  let evaluation: EvaluationResult | null = null;
  if (split.test.length > 0 && options.evaluate !== false) {
    options.onStage?.('evaluating');
    const oof = alignOof(s.ensembleOof ?? s.bestOof, searchRows, trainIdx, nClasses);
    const fullOof = !Array.from(oof.oof).some((v) => Number.isNaN(v));
    const chosenScores = s.ensemble?.kept ? s.ensemble.scores : s.best.scores;
    evaluation = await evaluateModel({
      task,
      nClasses,
      classes,
      metric,
      predictor,
      test: { X: Xte, y: yte, rows: testFrame.rowNumbers },
      train: { X: Xtr, y: ytr, rows: trainFrame.rowNumbers },
      ...(fullOof ? { cv: { scores: chosenScores, oof: oof.oof, oofProba: oof.oofProba } } : {}),
      refit: (X, yy, sd) => refitChosen(s, X, yy, task, nClasses, sd),
      ...(targetRange ? { targetRange } : {}),
      ...(options.sensitive && options.sensitive.length > 0
        ? { sensitive: options.sensitive.map((nm) => sensitiveCodes(testFrame0, nm)) }
        : {}),
      benchmark: options.benchmark
        ? await loadBenchmark(options.benchmark, testFrame0, Xte, {
            task,
            classes,
            target: options.target,
            modelFeatures: features,
          })
        : {
            name: 'baseline',
            predictor: modelPredictor(fitModel('baseline', {}, Xtr, ytr, task, nClasses, seed)),
          },
      seed,
      ...(options.evaluateBudget ? { budget: options.evaluateBudget } : {}),
    });
    findings.push(...evaluation.findings);
  } else if (split.test.length === 0) {
    notes.push('no test set (--test-size 0): evaluate the model on a separate file with `mlqa evaluate`');
  }

  // The artifact.
  options.onStage?.('profiling');
  const profile = await trainingProfile(ds, frame.rowNumbers, split.train);
  const lb = leaderboard(s);
  const body: ArtifactBody = {
    schema,
    features: featureSpecs(Xtr),
    target: { name: options.target, task, classes, ...(targetRange ?? {}) },
    pipeline,
    model: predictor instanceof EnsemblePredictor ? predictor.toJSON() : predictor.model!.toJSON(),
    profile,
    metrics: {
      metric,
      cv: { evalMethod: s.evalMethod, folds: s.folds.length, mean: lb[0]!.cv.mean, std: lb[0]!.cv.std },
      ...(evaluation ? { test: evaluation.metrics } : {}),
    },
    provenance: {
      dataFingerprint: fileFingerprint(path),
      dataFile: basename(path),
      rows: trainIdx.length,
      seed,
      library: LIBRARY,
    },
  };
  const artifact = makeArtifact(body);
  return {
    task,
    metric,
    leaderboard: lb,
    best,
    test: evaluation ? { metrics: evaluation.metrics, confusionMatrix: evaluation.confusionMatrix } : null,
    findings: sortFindings(findings),
    search: {
      evalMethod: s.evalMethod,
      folds: s.folds.length,
      repetitions: s.searchRepetitions,
      trials: s.trials.length,
      seconds: s.elapsed,
      budget: s.budget,
      notes,
    },
    data: { file: path, rows: n, trainRows: trainIdx.length, testRows: split.test.length, features, classes },
    artifact,
    evaluation,
    searchResult: s,
    split: {
      train: split.train,
      test: split.test,
      trainRows: Int32Array.from(split.train, (i) => frame.rowNumbers[i]!),
      testRows: testFrame.rowNumbers,
    },
    predictor,
  };
}

/** Reference profile of the training rows (all columns), computed in SQL on the loaded table. */
async function trainingProfile(
  ds: Awaited<ReturnType<typeof prepareDataset>>,
  rowNumbers: Int32Array,
  train: Int32Array,
) {
  const view = await typedView(ds.table, ds.schema);
  const rows = Array.from(train, (i) => rowNumbers[i]!);
  const rel = `${ds.table.name}_train_rows`;
  await ds.table.db.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(`${rel}_ids`)} AS SELECT unnest([${rows.join(',')}]::INTEGER[]) AS r`,
  );
  await ds.table.db.run(
    `CREATE OR REPLACE TEMP VIEW ${ident(rel)} AS SELECT v.* FROM ${ident(view)} v JOIN ${ident(`${rel}_ids`)} t ON v.__row = t.r`,
  );
  const schema = {
    ...ds.schema,
    columns: ds.schema.columns.filter(
      (c) =>
        featureColumns(ds.schema).includes(c.name) ||
        c.name === ds.schema.columns.find((x) => x.role === 'target')?.name,
    ),
  };
  return profileRelation(ds.table.db, rel, schema);
}
