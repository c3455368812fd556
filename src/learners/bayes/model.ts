/**
 * A fitted naive Bayes classifier: class log-priors, per numeric feature the class means and variances
 * (Gaussian), per categorical feature the smoothed class-conditional log-probabilities of each level.
 * Missing values (and levels unknown at fit time) are left out of the likelihood: naive Bayes
 * marginalizes them exactly. Serializes to plain JSON.
 */
import { InputError } from '../../errors.js';
import { assertClassifier } from '../preprocess/checks.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../types.js';
import type { NaiveBayesParams } from './params.js';

export type NaiveBayesFeature =
  | { kind: 'numeric'; name: string /** per class */; theta: number[]; variance: number[] }
  | { kind: 'categorical'; name: string; labels: string[] /** class-major K x labels */; logProb: number[] }
  | { kind: 'ignored'; name: string };

export interface NaiveBayesState {
  version: 1;
  logPrior: number[];
  /** Variance added to every Gaussian variance (var_smoothing x largest variance). */
  epsilon: number;
  features: NaiveBayesFeature[];
}

export class NaiveBayesModel implements Model {
  readonly learner = 'naive_bayes';
  readonly task: Task;
  readonly nClasses: number;
  readonly params: NaiveBayesParams;
  readonly state: NaiveBayesState;

  constructor(task: Task, nClasses: number, params: NaiveBayesParams, state: NaiveBayesState) {
    this.task = task;
    this.nClasses = nClasses;
    this.params = params;
    this.state = state;
  }

  /** Joint log-likelihood log P(class) + log P(x | class), row-major n x K. */
  jointLogLikelihood(X: FeatureMatrix): Float64Array {
    const { features, logPrior } = this.state;
    if (X.columns.length !== features.length)
      throw new InputError(`the model expects ${features.length} feature columns, got ${X.columns.length}`);
    const n = X.nRows;
    const K = this.nClasses;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) out[i * K + k] = logPrior[k]!;
    for (let j = 0; j < features.length; j++) {
      const f = features[j]!;
      const col = X.columns[j]!;
      if (col.length !== n)
        throw new InputError(`feature '${f.name}' has ${col.length} values for ${n} rows`);
      if (f.kind === 'numeric') {
        const theta = Float64Array.from(f.theta);
        const inv = Float64Array.from(f.variance, (v) => 0.5 / v);
        const norm = Float64Array.from(f.variance, (v) => -0.5 * Math.log(2 * Math.PI * v));
        for (let i = 0; i < n; i++) {
          const x = col[i]!;
          if (!Number.isFinite(x)) continue;
          for (let k = 0; k < K; k++) {
            const d = x - theta[k]!;
            out[i * K + k] += norm[k]! - d * d * inv[k]!;
          }
        }
      } else if (f.kind === 'categorical') {
        const L = f.labels.length;
        const byLabel = new Map(f.labels.map((l, c) => [l, c]));
        const labels = X.categories[j] ?? f.labels;
        const code = Int32Array.from(labels, (l) => byLabel.get(l) ?? -1);
        for (let i = 0; i < n; i++) {
          const v = col[i]!;
          if (!(Number.isInteger(v) && v >= 0 && v < code.length)) continue;
          const c = code[v]!;
          if (c < 0) continue;
          for (let k = 0; k < K; k++) out[i * K + k] += f.logProb[k * L + c]!;
        }
      }
    }
    return out;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    assertClassifier(this.learner, this.task);
    const jll = this.jointLogLikelihood(X);
    const K = this.nClasses;
    for (let i = 0; i < X.nRows; i++) {
      let mx = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) mx = Math.max(mx, jll[i * K + k]!);
      if (!Number.isFinite(mx)) {
        // Every class infinitely unlikely (extreme values): fall back to the priors.
        for (let k = 0; k < K; k++) jll[i * K + k] = Math.exp(this.state.logPrior[k]!);
        continue;
      }
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp(jll[i * K + k]! - mx);
      const lse = mx + Math.log(s);
      for (let k = 0; k < K; k++) jll[i * K + k] = Math.exp(jll[i * K + k]! - lse);
    }
    return jll;
  }

  predict(X: FeatureMatrix): Float64Array {
    return argmaxRows(this.predictProba(X), X.nRows, this.nClasses);
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

  static fromJSON(json: ModelJSON): NaiveBayesModel {
    if (json.learner !== 'naive_bayes') throw new Error(`not a naive_bayes model: '${json.learner}'`);
    const s = json.state as NaiveBayesState;
    if (s?.version !== 1) throw new Error('naive_bayes model JSON: unsupported state version');
    if (s.logPrior.length !== json.nClasses)
      throw new Error('naive_bayes model JSON: prior count does not match the classes');
    return new NaiveBayesModel(
      json.task,
      json.nClasses,
      { ...(json.params as unknown as NaiveBayesParams) },
      structuredClone(s),
    );
  }
}
