/**
 * Input validation shared by the linear, logistic, nearest-neighbour, naive Bayes and baseline
 * learners: shapes, targets (finite values, class labels, more than one class), sample weights and
 * parameters. Row numbers in messages are 1-based. Browser-safe.
 */
import { InputError } from '../../errors.js';
import type { FeatureMatrix, FitOptions, Task } from '../types.js';

export interface FitCheck {
  /** Classifiers may accept a single class when true (baselines). */
  allowSingleClass?: boolean;
}

/** Throws an InputError naming the learner and the problem. */
export function checkFitInput(
  learner: string,
  X: FeatureMatrix,
  y: Float64Array,
  options: FitOptions<object>,
  tasks: readonly Task[],
  check: FitCheck = {},
): void {
  const { task, nClasses } = options;
  if (!tasks.includes(task))
    throw new InputError(`${learner}: task '${task}' is not supported (use ${tasks.join(', ')})`);
  const n = X.nRows;
  if (!(Number.isInteger(n) && n >= 1)) throw new InputError(`${learner}: no training rows`);
  if (y.length !== n) throw new InputError(`${learner}: target has ${y.length} values for ${n} rows`);
  if (X.categories.length !== X.columns.length)
    throw new InputError(`${learner}: categories must list one entry per feature column`);
  for (let j = 0; j < X.columns.length; j++) {
    if (X.columns[j]!.length !== n)
      throw new InputError(
        `${learner}: feature '${X.names[j] ?? j}' has ${X.columns[j]!.length} values for ${n} rows`,
      );
  }
  if (task === 'regression') {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!))
        throw new InputError(
          `${learner}: target value at row ${i + 1} is ${y[i]}; regression targets must be finite numbers`,
        );
    }
  } else {
    const minClasses = check.allowSingleClass ? 1 : 2;
    if (!(Number.isInteger(nClasses) && nClasses >= minClasses))
      throw new InputError(`${learner}: classification needs nClasses >= ${minClasses} (got ${nClasses})`);
    if (task === 'binary' && nClasses !== 2)
      throw new InputError(`${learner}: binary task with nClasses = ${nClasses}`);
    const seen = new Uint8Array(nClasses);
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      if (!(Number.isInteger(v) && v >= 0 && v < nClasses)) {
        throw new InputError(
          `${learner}: target value at row ${i + 1} is ${v}; class labels must be integers in 0..${nClasses - 1}`,
        );
      }
      if (seen[v] === 0) {
        seen[v] = 1;
        distinct++;
      }
    }
    if (distinct < 2 && !check.allowSingleClass)
      throw new InputError(
        `${learner}: the target has a single class (${y[0]}) in the training rows; nothing to learn`,
      );
  }
  const w = options.weights;
  if (w) {
    if (w.length !== n) throw new InputError(`${learner}: ${w.length} sample weights for ${n} rows`);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = w[i]!;
      if (!(Number.isFinite(v) && v >= 0))
        throw new InputError(
          `${learner}: sample weight at row ${i + 1} is ${v}; weights must be finite and >= 0`,
        );
      total += v;
    }
    if (!(total > 0)) throw new InputError(`${learner}: sample weights sum to zero`);
  }
}

/** A parameter rule: returns an error text ("must be ...") or null when the value is fine. */
export type ParamRule = (value: unknown) => string | null;

export const rules = {
  positive: (v: unknown) =>
    typeof v === 'number' && v > 0 && Number.isFinite(v) ? null : 'a finite number > 0',
  nonNegative: (v: unknown) =>
    typeof v === 'number' && v >= 0 && Number.isFinite(v) ? null : 'a finite number >= 0',
  intAtLeast: (min: number) => (v: unknown) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? null : `an integer >= ${min}`,
  boolean: (v: unknown) => (typeof v === 'boolean' ? null : 'true or false'),
  oneOf:
    (...values: string[]) =>
    (v: unknown) =>
      typeof v === 'string' && values.includes(v) ? null : values.map((x) => `'${x}'`).join(' or '),
};

/** Defaults overlaid with the given parameters, validated; unknown keys are rejected. */
export function resolveParams<P extends object>(
  learner: string,
  defaults: P,
  given: Partial<P> | Record<string, unknown> | undefined,
  check: { [K in keyof P]: ParamRule },
): P {
  const p = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(given ?? {})) {
    if (v === undefined) continue;
    if (!(k in defaults)) {
      throw new InputError(
        `${learner}: unknown parameter '${k}' (known: ${Object.keys(defaults).join(', ')})`,
      );
    }
    p[k] = v;
  }
  for (const [k, rule] of Object.entries(check) as [string, ParamRule][]) {
    const err = rule(p[k]);
    if (err) throw new InputError(`${learner}: parameter ${k} must be ${err} (got ${JSON.stringify(p[k])})`);
  }
  return p as P;
}

/** Per-row weights, all ones when none are given. */
export function rowWeights(n: number, w: Float64Array | undefined): Float64Array {
  return w ? w : new Float64Array(n).fill(1);
}

/** predictProba on a regression model: a clear error. */
export function assertClassifier(learner: string, task: Task): void {
  if (task === 'regression')
    throw new InputError(`predictProba is for classification models; this ${learner} model does regression`);
}
