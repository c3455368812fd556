/**
 * baseline: the model to beat. Classification: 'prior' (predicts the most frequent class, probabilities
 * = class priors) or 'most_frequent' (probability 1 on the most frequent class), like scikit-learn's
 * DummyClassifier; regression: 'mean' or 'median' (weighted when sample weights are given). 'auto'
 * picks prior / mean. A single-class target is accepted. Browser-safe.
 */
import { InputError } from '../../errors.js';
import { assertClassifier, checkFitInput, resolveParams, rules } from '../preprocess/checks.js';
import type { FeatureMatrix, Learner, Model, ModelJSON, Task } from '../types.js';

export type BaselineStrategy = 'auto' | 'prior' | 'most_frequent' | 'mean' | 'median';

export interface BaselineParams {
  strategy: BaselineStrategy;
}

export const BASELINE_DEFAULTS: BaselineParams = { strategy: 'auto' };

export interface BaselineState {
  version: 1;
  /** The resolved strategy. */
  strategy: Exclude<BaselineStrategy, 'auto'>;
  /** Class probabilities (classification) or [value] (regression). */
  values: number[];
  /** Number of feature columns seen at fit time. */
  nFeatures: number;
}

export class BaselineModel implements Model {
  readonly learner = 'baseline';
  readonly task: Task;
  readonly nClasses: number;
  readonly params: BaselineParams;
  readonly state: BaselineState;

  constructor(task: Task, nClasses: number, params: BaselineParams, state: BaselineState) {
    this.task = task;
    this.nClasses = nClasses;
    this.params = params;
    this.state = state;
  }

  private check(X: FeatureMatrix): void {
    if (X.columns.length !== this.state.nFeatures)
      throw new InputError(
        `the model expects ${this.state.nFeatures} feature columns, got ${X.columns.length}`,
      );
  }

  /** The constant prediction: class index or value. */
  get constant(): number {
    if (this.task === 'regression') return this.state.values[0]!;
    const v = this.state.values;
    let best = 0;
    for (let k = 1; k < v.length; k++) if (v[k]! > v[best]!) best = k;
    return best;
  }

  predict(X: FeatureMatrix): Float64Array {
    this.check(X);
    return new Float64Array(X.nRows).fill(this.constant);
  }

  predictProba(X: FeatureMatrix): Float64Array {
    assertClassifier(this.learner, this.task);
    this.check(X);
    const K = this.nClasses;
    const out = new Float64Array(X.nRows * K);
    const probs =
      this.state.strategy === 'most_frequent'
        ? Array.from({ length: K }, (_, k) => (k === this.constant ? 1 : 0))
        : this.state.values;
    for (let i = 0; i < X.nRows; i++) for (let k = 0; k < K; k++) out[i * K + k] = probs[k]!;
    return out;
  }

  toJSON(): ModelJSON {
    return {
      learner: this.learner,
      task: this.task,
      nClasses: this.nClasses,
      params: { ...this.params },
      state: structuredClone(this.state),
    };
  }

  static fromJSON(json: ModelJSON): BaselineModel {
    if (json.learner !== 'baseline') throw new Error(`not a baseline model: '${json.learner}'`);
    const s = json.state as BaselineState;
    if (s?.version !== 1) throw new Error('baseline model JSON: unsupported state version');
    return new BaselineModel(
      json.task,
      json.nClasses,
      { ...(json.params as unknown as BaselineParams) },
      structuredClone(s),
    );
  }
}

/** Weighted median: the smallest value whose cumulative weight reaches half the total (numpy-style midpoint when unweighted). */
function median(y: Float64Array, w: Float64Array | undefined): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a]! - y[b]! || a - b);
  if (!w) {
    const h = n >> 1;
    return n % 2 === 1 ? y[order[h]!]! : (y[order[h - 1]!]! + y[order[h]!]!) / 2;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  let acc = 0;
  for (const i of order) {
    acc += w[i]!;
    if (acc >= total / 2) return y[i]!;
  }
  return y[order[n - 1]!]!;
}

export const baseline: Learner<BaselineParams> = {
  name: 'baseline',
  tasks: ['binary', 'multiclass', 'regression'],
  defaults: BASELINE_DEFAULTS,
  fit(X, y, options) {
    checkFitInput('baseline', X, y, options, ['binary', 'multiclass', 'regression'], {
      allowSingleClass: true,
    });
    const p = resolveParams('baseline', BASELINE_DEFAULTS, options.params, {
      strategy: rules.oneOf('auto', 'prior', 'most_frequent', 'mean', 'median'),
    });
    const w = options.weights;
    const n = X.nRows;
    const regression = options.task === 'regression';
    const strategy = p.strategy === 'auto' ? (regression ? 'mean' : 'prior') : p.strategy;
    const forRegression = strategy === 'mean' || strategy === 'median';
    if (forRegression !== regression) {
      throw new InputError(
        `baseline: strategy '${strategy}' is for ${forRegression ? 'regression' : 'classification'}; the task is ${options.task}`,
      );
    }
    let values: number[];
    if (strategy === 'mean') {
      let s = 0;
      let sw = 0;
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        s += wi * y[i]!;
        sw += wi;
      }
      values = [s / sw];
    } else if (strategy === 'median') {
      values = [median(y, w)];
    } else {
      const counts = new Float64Array(options.nClasses);
      let sw = 0;
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        counts[y[i]!] += wi;
        sw += wi;
      }
      values = Array.from(counts, (c) => c / sw);
    }
    const nClasses = regression ? 0 : options.nClasses;
    return new BaselineModel(options.task, nClasses, p, {
      version: 1,
      strategy,
      values,
      nFeatures: X.columns.length,
    });
  },
  fromJSON: (json: ModelJSON) => BaselineModel.fromJSON(json),
};
