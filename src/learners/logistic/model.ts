/**
 * A fitted logistic regression: the preprocessing plus one weight vector (binary) or one per class
 * (multinomial softmax). Serializes to plain JSON and back with identical predictions.
 */

import { assertClassifier } from '../preprocess/checks.js';
import { applyDesign, checkDesignState, type DesignState, toOriginalUnits } from '../preprocess/design.js';
import { argmaxRows, type FeatureMatrix, type Model, type ModelJSON, type Task } from '../types.js';
import { linearScores, sigmoid } from './objective.js';

export interface LogisticState {
  version: 1;
  design: DesignState;
  /** Outputs: 1 (binary, log-odds of class 1) or K (softmax). */
  nOutputs: number;
  /** Per output: p weights then the intercept. */
  weights: number[];
  iterations: number;
  converged: boolean;
}

export class LogisticModel implements Model {
  readonly learner = 'logistic_regression';
  readonly task: Task;
  readonly nClasses: number;
  readonly params: Record<string, unknown>;
  readonly state: LogisticState;
  private readonly w: Float64Array;

  constructor(task: Task, nClasses: number, params: Record<string, unknown>, state: LogisticState) {
    this.task = task;
    this.nClasses = nClasses;
    this.params = params;
    this.state = state;
    this.w = Float64Array.from(state.weights);
  }

  /**
   * Coefficients per output (one for binary, one per class for multinomial) and intercepts: on the design
   * as fitted ('design': standardized units when `standardize`), or in original feature units ('original').
   */
  coefficients(units: 'design' | 'original' = 'design'): {
    names: string[];
    coef: Float64Array[];
    intercept: Float64Array;
  } {
    const p = this.state.design.columns.length;
    const K = this.state.nOutputs;
    const coef: Float64Array[] = [];
    const intercept = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const c = this.w.slice(k * (p + 1), k * (p + 1) + p);
      const b = this.w[k * (p + 1) + p]!;
      if (units === 'original') {
        const o = toOriginalUnits(this.state.design, c, b);
        coef.push(o.coef);
        intercept[k] = o.intercept;
      } else {
        coef.push(c);
        intercept[k] = b;
      }
    }
    return { names: [...this.state.design.columns], coef, intercept };
  }

  /** Raw scores, row-major n x nOutputs (log-odds or class logits). */
  decisionFunction(X: FeatureMatrix): Float64Array {
    const d = applyDesign(this.state.design, X);
    const n = X.nRows;
    const K = this.state.nOutputs;
    const p = d.cols.length;
    const z = new Float64Array(n);
    const out = new Float64Array(n * K);
    for (let k = 0; k < K; k++) {
      linearScores(d.cols, n, this.w, k * (p + 1), z);
      for (let i = 0; i < n; i++) out[i * K + k] = z[i]!;
    }
    return out;
  }

  predictProba(X: FeatureMatrix): Float64Array {
    assertClassifier(this.learner, this.task);
    const raw = this.decisionFunction(X);
    const n = X.nRows;
    const K = this.state.nOutputs;
    if (K === 1) {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const p1 = sigmoid(raw[i]!);
        out[2 * i] = 1 - p1;
        out[2 * i + 1] = p1;
      }
      return out;
    }
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) mx = Math.max(mx, raw[i * K + k]!);
      let s = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(raw[i * K + k]! - mx);
        out[i * K + k] = e;
        s += e;
      }
      for (let k = 0; k < K; k++) out[i * K + k] /= s;
    }
    return out;
  }

  predict(X: FeatureMatrix): Float64Array {
    if (this.state.nOutputs === 1) {
      const raw = this.decisionFunction(X);
      return raw.map((z) => (z > 0 ? 1 : 0));
    }
    return argmaxRows(this.decisionFunction(X), X.nRows, this.state.nOutputs);
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

  static fromJSON(json: ModelJSON): LogisticModel {
    if (json.learner !== 'logistic_regression')
      throw new Error(`not a logistic_regression model: '${json.learner}'`);
    const s = json.state as LogisticState;
    if (s?.version !== 1) throw new Error('logistic_regression model JSON: unsupported state version');
    checkDesignState(s.design);
    if (s.weights.length !== s.nOutputs * (s.design.columns.length + 1))
      throw new Error('logistic_regression model JSON: weight count does not match the design');
    return new LogisticModel(json.task, json.nClasses, { ...json.params }, structuredClone(s));
  }
}
