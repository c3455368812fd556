/**
 * A cleaning plan inside cross-validation: for each fold, the plan is fitted on the fold's training rows
 * only (rows it drops leave that fold's training set), then applied to the fold's validation rows as at
 * prediction time (no validation row is ever dropped), and the validation rows get the training rows'
 * encodings. So a plan's statistics (imputation values, fences, category maps) never see the rows they
 * are judged on. Browser-safe.
 */
import { applyPipeline, fitPipeline, type Plan } from '../clean/pipeline.js';
import { type Frame, takeRows } from '../data/frame.js';
import { frameToMatrix } from '../data/matrix.js';
import type { Fold } from '../data/split.js';
import { InputError } from '../errors.js';
import { encodeFrame, featureSpecs } from '../runtime/encode.js';
import type { FoldData } from './cv.js';

export interface PlanFoldOptions {
  /** The search rows, raw (before the plan); fold indices point into them. */
  frame: Frame;
  /** Target code or value per row of `frame`. */
  y: Float64Array;
  plan: Plan;
  target: string;
  /** Columns that are never features (identifiers, free text, ignored). */
  excluded: Set<string>;
  seed: number;
}

/** Fold data for `search({ foldData })`, prepared once per fold object. */
export function planFoldData(o: PlanFoldOptions): (fold: Fold) => FoldData {
  const cache = new WeakMap<Fold, FoldData>();
  const position = new Map(Array.from(o.frame.rowNumbers, (r, i) => [r, i]));
  return (fold) => {
    const hit = cache.get(fold);
    if (hit) return hit;
    const fitted = fitPipeline(takeRows(o.frame, fold.train), o.plan, { seed: o.seed, target: o.target });
    const features = fitted.frame.columns
      .map((c) => c.name)
      .filter((nm) => !o.excluded.has(nm) && nm !== o.target);
    if (features.length === 0)
      throw new InputError('the cleaning plan left no feature columns on a cross-validation fold');
    const X = frameToMatrix(fitted.frame, features);
    const y = Float64Array.from(fitted.frame.rowNumbers, (r) => o.y[position.get(r)!]!);
    const validation = applyPipeline(takeRows(o.frame, fold.test), fitted.steps);
    const data: FoldData = { X, y, Xtest: encodeFrame(validation, featureSpecs(X)).X };
    cache.set(fold, data);
    return data;
  };
}
