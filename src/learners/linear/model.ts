/**
 * A fitted linear regression (ordinary, ridge or lasso): the preprocessing, coefficients on the design
 * columns and an intercept. Serializes to plain JSON and back with identical predictions.
 */
import { InputError } from '../../errors.js';
import { applyDesign, checkDesignState, type DesignState, toOriginalUnits } from '../preprocess/design.js';
import type { FeatureMatrix, Model, ModelJSON, Task } from '../types.js';

export type LinearLearnerName = 'linear_regression' | 'ridge' | 'lasso';

export interface LinearState {
  version: 1;
  design: DesignState;
  coef: number[];
  intercept: number;
  /** Solver iterations (lasso) or 0 (closed form). */
  iterations: number;
  converged: boolean;
}

export class LinearModel implements Model {
  readonly learner: LinearLearnerName;
  readonly task: Task = 'regression';
  readonly nClasses = 0;
  readonly params: Record<string, unknown>;
  readonly state: LinearState;
  private readonly coef: Float64Array;

  constructor(learner: LinearLearnerName, params: Record<string, unknown>, state: LinearState) {
    this.learner = learner;
    this.params = params;
    this.state = state;
    this.coef = Float64Array.from(state.coef);
  }

  /**
   * Coefficients per design column and the intercept: on the design as fitted ('design': standardized
   * units when `standardize`), or mapped back to original feature units ('original').
   */
  coefficients(units: 'design' | 'original' = 'design'): {
    names: string[];
    coef: Float64Array;
    intercept: number;
  } {
    const names = [...this.state.design.columns];
    if (units === 'original')
      return { names, ...toOriginalUnits(this.state.design, this.coef, this.state.intercept) };
    return { names, coef: Float64Array.from(this.coef), intercept: this.state.intercept };
  }

  predict(X: FeatureMatrix): Float64Array {
    const d = applyDesign(this.state.design, X);
    const out = new Float64Array(X.nRows).fill(this.state.intercept);
    for (let j = 0; j < d.cols.length; j++) {
      const b = this.coef[j]!;
      if (b === 0) continue;
      const c = d.cols[j]!;
      for (let i = 0; i < X.nRows; i++) out[i] += b * c[i]!;
    }
    return out;
  }

  predictProba(_X: FeatureMatrix): Float64Array {
    throw new InputError(`predictProba is for classification models; ${this.learner} does regression`);
  }

  toJSON(): ModelJSON {
    return {
      learner: this.learner,
      task: 'regression',
      nClasses: 0,
      params: { ...this.params },
      state: structuredClone(this.state),
    };
  }

  static fromJSON(json: ModelJSON): LinearModel {
    const name = json.learner;
    if (name !== 'linear_regression' && name !== 'ridge' && name !== 'lasso')
      throw new Error(`not a linear model: '${name}'`);
    const s = json.state as LinearState;
    if (s?.version !== 1) throw new Error(`${name} model JSON: unsupported state version`);
    checkDesignState(s.design);
    if (s.coef.length !== s.design.columns.length)
      throw new Error(`${name} model JSON: coefficient count does not match the design`);
    return new LinearModel(name, { ...json.params }, structuredClone(s));
  }
}
