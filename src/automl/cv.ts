/**
 * Cross-validation of one learner configuration on fixed folds: per-fold scores, out-of-fold predictions
 * (used by ensembling and label-issue detection) and fit time. Browser-safe.
 */
import type { Fold } from '../data/split.js';
import type { FeatureMatrix, Learner, Model, Task } from '../learners/types.js';

export type Scorer = (
  yTrue: Float64Array,
  yPred: Float64Array,
  proba: Float64Array | null,
  nClasses: number,
) => number;

/** A fold's matrices when the rows are transformed per fold (a cleaning plan fitted on its training rows). */
export interface FoldData {
  X: FeatureMatrix;
  y: Float64Array;
  /** The validation rows (never dropped), encoded like X. */
  Xtest: FeatureMatrix;
}

export interface CvOptions {
  learner: Learner<object>;
  params?: Record<string, unknown>;
  X: FeatureMatrix;
  y: Float64Array;
  task: Task;
  nClasses: number;
  folds: Fold[];
  score: Scorer;
  seed?: number;
  /** Called after each fold; return false to stop (time budget). */
  onFold?: (fold: number, score: number) => boolean | undefined | void;
  /** Passed to the learner's fit (boosting rounds / trees): return false to stop fitting (time budget). */
  onIteration?: (iteration: number) => boolean | undefined | void;
  /** Per-fold matrices instead of the rows of X and y (the validation targets still come from y). */
  data?: (fold: Fold) => FoldData;
}

export interface CvResult {
  scores: number[];
  mean: number;
  std: number;
  /** Total fit seconds over the folds. */
  fitSeconds: number;
  /**
   * Out-of-fold predictions (class index or value) for rows in some test fold; NaN elsewhere. With repeated
   * k-fold (a row in several test folds), the first fold that holds the row.
   */
  oof: Float64Array;
  /** Out-of-fold probabilities, row-major n x K (classification). */
  oofProba: Float64Array | null;
  /** False when stopped early by onFold. */
  complete: boolean;
}

/** The rows `idx` of a feature matrix. */
export function takeMatrix(X: FeatureMatrix, idx: Int32Array): FeatureMatrix {
  const n = idx.length;
  const columns = X.columns.map((c) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[idx[i]!]!;
    return out;
  });
  return { nRows: n, columns, names: X.names, categories: X.categories };
}

export function takeVector(y: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]!;
  return out;
}

export function meanStd(xs: number[]): { mean: number; std: number } {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, std };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function crossValidate(o: CvOptions): CvResult {
  const n = o.y.length;
  const clf = o.task !== 'regression';
  const oof = new Float64Array(n).fill(Number.NaN);
  const oofProba = clf ? new Float64Array(n * o.nClasses).fill(Number.NaN) : null;
  const scores: number[] = [];
  let fitSeconds = 0;
  let complete = true;
  for (let f = 0; f < o.folds.length; f++) {
    const { train, test } = o.folds[f]!;
    const fd = o.data?.(o.folds[f]!);
    const t0 = now();
    const model: Model = o.learner.fit(
      fd ? fd.X : takeMatrix(o.X, train),
      fd ? fd.y : takeVector(o.y, train),
      {
        task: o.task,
        nClasses: o.nClasses,
        seed: o.seed ?? 0,
        params: o.params as never,
        onIteration: o.onIteration,
      },
    );
    fitSeconds += (now() - t0) / 1000;
    const Xt = fd ? fd.Xtest : takeMatrix(o.X, test);
    const yt = takeVector(o.y, test);
    const proba = clf ? model.predictProba(Xt) : null;
    const pred = model.predict(Xt);
    // A row already predicted by an earlier fold (repeated k-fold) keeps that prediction.
    for (let i = 0; i < test.length; i++) {
      const r = test[i]!;
      if (!Number.isNaN(oof[r]!)) continue;
      oof[r] = pred[i]!;
      if (proba)
        for (let k = 0; k < o.nClasses; k++) oofProba![r * o.nClasses + k] = proba[i * o.nClasses + k]!;
    }
    const s = o.score(yt, pred, proba, o.nClasses);
    scores.push(s);
    if (o.onFold?.(f, s) === false && f < o.folds.length - 1) {
      complete = false;
      break;
    }
  }
  return { scores, ...meanStd(scores), fitSeconds, oof, oofProba, complete };
}
