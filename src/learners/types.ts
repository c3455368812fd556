/**
 * The Learner contract. Browser-safe (no Node imports): fitted models run in the runtime too.
 *
 * Features arrive as a FeatureMatrix: column-major Float64Arrays with NaN for missing; a categorical
 * feature holds category codes 0..k-1 as numbers and has `categories[j]` set. Targets are a Float64Array:
 * class index 0..K-1 for classification, the value for regression.
 */

export type Task = 'binary' | 'multiclass' | 'regression';

export interface FeatureMatrix {
  nRows: number;
  /** One Float64Array per feature, each of length nRows. NaN = missing. */
  columns: Float64Array[];
  names: string[];
  /** For categorical features, the category labels (codes index into them); null for numeric. */
  categories: (string[] | null)[];
}

export interface FitOptions<P> {
  task: Task;
  /** Number of classes (classification), 0 for regression. */
  nClasses: number;
  seed?: number;
  params?: Partial<P>;
  /** Optional per-row sample weights. */
  weights?: Float64Array;
  /** Optional validation data for early stopping. */
  validation?: { X: FeatureMatrix; y: Float64Array };
  /** Called after each boosting iteration / tree; return false to stop early (time budgets). */
  onIteration?: (iteration: number) => boolean | undefined | void;
}

/** Plain-data form of a fitted model: JSON-serializable, restored by the learner's `fromJSON`. */
export interface ModelJSON {
  learner: string;
  task: Task;
  nClasses: number;
  params: Record<string, unknown>;
  state: unknown;
}

export interface Model {
  readonly learner: string;
  readonly task: Task;
  readonly nClasses: number;
  /** Class index (classification) or value (regression) per row. Never NaN. */
  predict(X: FeatureMatrix): Float64Array;
  /** Row-major probabilities, nRows x nClasses (classification only). */
  predictProba(X: FeatureMatrix): Float64Array;
  toJSON(): ModelJSON;
}

export interface Learner<P extends object = Record<string, unknown>> {
  /** Stable name used on the command line and in artifacts: gbdt, random_forest, ... */
  readonly name: string;
  readonly tasks: readonly Task[];
  readonly defaults: P;
  fit(X: FeatureMatrix, y: Float64Array, options: FitOptions<P>): Model;
  fromJSON(json: ModelJSON): Model;
}

/** Argmax of row-major probabilities into class indices. */
export function argmaxRows(proba: Float64Array, nRows: number, nClasses: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let best = 0;
    let bv = proba[i * nClasses]!;
    for (let k = 1; k < nClasses; k++) {
      const v = proba[i * nClasses + k]!;
      if (v > bv) {
        bv = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}
