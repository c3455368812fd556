/**
 * `compare`: every listed learner with its default parameters through k-fold cross-validation on the
 * same folds (stratified for classification, plain k-fold for regression), ranked by mean score. The
 * leaderboard a user looks at before searching hyperparameters with `train`.
 */
import { type Dataset, type PrepareOptions, prepareDataset } from '../data/prepare.js';
import { type Fold, kFold, stratifiedKFold } from '../data/split.js';
import { InputError } from '../errors.js';
import { getMetric, isBetter, type MetricDef } from '../evaluate/metrics/registry.js';
import { getLearner, learnersFor } from '../learners/registry.js';
import type { Task } from '../learners/types.js';
import { crossValidate } from './cv.js';

/** Default metric of `compare` per task (plain accuracy / R2, as scikit-learn's `cross_val_score`). */
export const COMPARE_DEFAULT_METRIC: Readonly<Record<Task, string>> = {
  binary: 'accuracy',
  multiclass: 'accuracy',
  regression: 'r2',
};

export interface CompareOptions extends Omit<PrepareOptions, 'target' | 'task'> {
  /** Target column (required when comparing on a file; ignored for a prepared Dataset). */
  target?: string;
  /**
   * Force the task instead of inferring it from the target column: 'regression', 'classification'
   * (binary or multiclass by the number of classes), or 'binary' / 'multiclass' (checked).
   */
  task?: Task | 'classification';
  /** Learner names, or 'all' (default): every learner that handles the task. */
  models?: string[] | 'all';
  /** Number of folds, >= 2 (default 5). */
  folds?: number;
  /** Seed of the folds and of the learners (default 0). */
  seed?: number;
  /** Metric name (default accuracy for classification, r2 for regression). */
  metric?: string;
  /** Called before the first fold (fold 0) and after each fold of each model (progress). */
  onFold?: (p: CompareProgress) => void;
}

export interface CompareProgress {
  model: string;
  /** 0-based index of the model in the run order, and the number of models. */
  modelIndex: number;
  models: number;
  /** Folds done for this model, and the number of folds. */
  fold: number;
  folds: number;
}

export interface CompareEntry {
  model: string;
  /** Mean and population standard deviation of the per-fold scores. */
  mean: number;
  std: number;
  /** Total fit seconds over the folds (wall clock; varies between runs). */
  fitSeconds: number;
  /** Per-fold scores, in fold order. */
  scores: number[];
}

export interface CompareResult {
  file: string | null;
  task: Task;
  target: string;
  /** Class labels (classification), index = class code. */
  classes: string[];
  metric: string;
  direction: MetricDef['direction'];
  seed: number;
  rows: number;
  features: string[];
  /** Rows dropped because their target was missing. */
  droppedMissingTarget: number;
  /** The folds every model was scored on (row indices into the prepared rows). */
  folds: Fold[];
  /** Best first (by mean in the metric's direction; ties by model name). */
  results: CompareEntry[];
  notes: string[];
}

/** The JSON printed by `mlqa compare --json` and stored in report.json. */
export interface CompareJson {
  task: Task;
  metric: string;
  direction: MetricDef['direction'];
  target: string;
  rows: number;
  features: number;
  folds: number;
  seed: number;
  results: { model: string; mean: number; std: number; fitSeconds: number; scores: number[] }[];
  notes: string[];
}

/** The folds compare uses: stratified k-fold for classification, shuffled k-fold for regression. */
export function compareFolds(task: Task, y: Float64Array, k: number, seed: number): Fold[] {
  return task === 'regression' ? kFold(y.length, k, seed) : stratifiedKFold(y, k, seed);
}

function resolveModels(models: CompareOptions['models'], task: Task): string[] {
  if (models === undefined || models === 'all' || (models.length === 1 && models[0] === 'all'))
    return learnersFor(task);
  if (models.length === 0) throw new InputError('--models: no learner named');
  const seen = new Set<string>();
  for (const name of models) {
    const l = getLearner(name);
    if (!l.tasks.includes(task)) {
      throw new InputError(
        `learner '${name}' does not handle ${task} targets; learners for ${task}: ${learnersFor(task).join(', ')}`,
      );
    }
    if (seen.has(name)) throw new InputError(`--models: '${name}' is listed twice`);
    seen.add(name);
  }
  return [...seen];
}

function checkFolds(k: number | undefined): number {
  const folds = k ?? 5;
  if (!Number.isInteger(folds) || folds < 2)
    throw new InputError(`--folds must be an integer >= 2 (got ${folds})`);
  return folds;
}

function allMissing(c: Float64Array): boolean {
  for (let i = 0; i < c.length; i++) if (!Number.isNaN(c[i]!)) return false;
  return true;
}

/** Every training fold must hold two classes or more, or classifiers have nothing to learn. */
function checkTrainingClasses(split: Fold[], y: Float64Array, classes: string[], where: string): void {
  for (let f = 0; f < split.length; f++) {
    const train = split[f]!.train;
    const first = y[train[0]!]!;
    let mixed = false;
    for (let i = 1; i < train.length && !mixed; i++) mixed = y[train[i]!] !== first;
    if (!mixed) {
      throw new InputError(
        `${where}the training rows of fold ${f + 1} hold a single class ('${classes[first]}'): too few rows of the other class for ${split.length} folds; use fewer --folds or more data`,
      );
    }
  }
}

/**
 * Cross-validate learners with default parameters on the same folds. `data` is a file path (loaded with
 * `prepareDataset`, `options.target` required) or an already prepared Dataset.
 */
export async function compare(data: string | Dataset, options: CompareOptions = {}): Promise<CompareResult> {
  const folds = checkFolds(options.folds);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0)
    throw new InputError(`--seed must be an integer >= 0 (got ${seed})`);
  let d: Dataset;
  let file: string | null = null;
  if (typeof data === 'string') {
    if (!options.target) throw new InputError('compare: the target column is required (--target COL)');
    file = data;
    const force = options.task === 'classification' ? 'multiclass' : options.task;
    d = await prepareDataset(data, { ...options, task: force, target: options.target, seed });
  } else d = data;
  const { task, y, classes } = d.target;
  const want = options.task;
  if (want && want !== task && !(want === 'classification' && task !== 'regression')) {
    throw new InputError(
      `${file ? `${file}: ` : ''}--task ${want}: the target has ${task === 'regression' ? 'numeric values (regression)' : `${classes.length} classes (${task})`}`,
    );
  }
  const metric = getMetric(options.metric ?? COMPARE_DEFAULT_METRIC[task], task);
  const models = resolveModels(options.models, task);
  const n = y.length;
  const where = file ? `${file}: ` : '';
  if (n < folds) throw new InputError(`${where}cannot make ${folds} folds from ${n} rows with a target`);
  const notes: string[] = [];
  if (task !== 'regression') {
    const counts = new Int32Array(classes.length);
    for (let i = 0; i < n; i++) counts[y[i]!]!++;
    let least = 0;
    for (let k = 1; k < counts.length; k++) if (counts[k]! < counts[least]!) least = k;
    if (counts[least]! < folds) {
      notes.push(
        `class '${classes[least]}' has ${counts[least]} rows, fewer than the ${folds} folds: some folds do not test it`,
      );
    }
  }
  if (d.X.columns.length > n) {
    notes.push(
      `${d.X.columns.length} features for ${n} rows: scores may not generalise (more features than rows)`,
    );
  }
  const empty = d.X.names.filter((_, j) => allMissing(d.X.columns[j]!));
  if (empty.length > 0) {
    notes.push(
      `${empty.length === 1 ? 'feature' : 'features'} ${empty.map((c) => `'${c}'`).join(', ')} missing in every row: no information, learners treat ${empty.length === 1 ? 'it' : 'them'} as missing`,
    );
  }
  if (d.droppedMissingTarget > 0) {
    notes.push(`${d.droppedMissingTarget} rows without a target were left out`);
  }
  const split = compareFolds(task, y, folds, seed);
  if (task !== 'regression') checkTrainingClasses(split, y, classes, where);
  const results: CompareEntry[] = [];
  for (let m = 0; m < models.length; m++) {
    const model = models[m]!;
    options.onFold?.({ model, modelIndex: m, models: models.length, fold: 0, folds });
    let cv: ReturnType<typeof crossValidate>;
    try {
      cv = crossValidate({
        learner: getLearner(model),
        X: d.X,
        y,
        task,
        nClasses: classes.length,
        folds: split,
        score: metric.fn,
        seed,
        onFold: (f) => {
          options.onFold?.({ model, modelIndex: m, models: models.length, fold: f + 1, folds });
        },
      });
    } catch (e) {
      if (e instanceof InputError && !e.message.startsWith(`${model}:`))
        throw new InputError(`${where}${model}: ${e.message}`);
      if (e instanceof InputError && file) throw new InputError(`${where}${e.message}`);
      throw e;
    }
    for (let f = 0; f < cv.scores.length; f++) {
      if (!Number.isFinite(cv.scores[f]!)) {
        throw new InputError(
          `${where}${model}: ${metric.name} is ${cv.scores[f]} on fold ${f + 1}; the metric is undefined on these rows (try another --metric or fewer --folds)`,
        );
      }
    }
    results.push({ model, mean: cv.mean, std: cv.std, fitSeconds: cv.fitSeconds, scores: cv.scores });
  }
  results.sort((a, b) =>
    a.mean === b.mean ? (a.model < b.model ? -1 : 1) : isBetter(metric, a.mean, b.mean) ? -1 : 1,
  );
  return {
    file,
    task,
    target: options.target ?? d.schema.columns.find((c) => c.role === 'target')?.name ?? '',
    classes,
    metric: metric.name,
    direction: metric.direction,
    seed,
    rows: n,
    features: d.features,
    droppedMissingTarget: d.droppedMissingTarget,
    folds: split,
    results,
    notes,
  };
}

/** The machine-readable form (`--json`, report.json). */
export function compareJson(r: CompareResult): CompareJson {
  return {
    task: r.task,
    metric: r.metric,
    direction: r.direction,
    target: r.target,
    rows: r.rows,
    features: r.features.length,
    folds: r.folds.length,
    seed: r.seed,
    results: r.results.map((e) => ({
      model: e.model,
      mean: e.mean,
      std: e.std,
      fitSeconds: e.fitSeconds,
      scores: e.scores,
    })),
    notes: r.notes,
  };
}
