/**
 * Confirmation round against the winner's curse: after hundreds or thousands of trials scored on the same
 * folds, the best cross-validation score is optimistic (the configuration that won partly won by luck on
 * those folds). The best few trials are therefore cross-validated again on fresh fold assignments
 * (repeated k-fold with new seeds), the final choice is made on the fresh folds only (the search folds
 * selected these trials, so their scores there are biased), and ensemble selection sees the fresh
 * out-of-fold predictions, stacked per repetition. Browser-safe.
 */
import type { Fold } from '../data/split.js';
import type { MetricDef } from '../evaluate/metrics/registry.js';
import { getLearner } from '../learners/registry.js';
import type { FeatureMatrix, Task } from '../learners/types.js';
import { crossValidate, type FoldData } from './cv.js';
import type { Candidate } from './ensemble.js';
import type { Params } from './space.js';

export interface ConfirmMember {
  learner: string;
  params: Params;
}

export interface ConfirmOptions {
  X: FeatureMatrix;
  y: Float64Array;
  task: Task;
  nClasses: number;
  metric: MetricDef;
  seed: number;
  members: ConfirmMember[];
  /** Fresh fold assignments, one list per extra repetition. */
  repetitions: Fold[][];
  /** Return true to abandon the repetition in progress (time budget). */
  stop?: () => boolean;
  /** Per-fold matrices (see SearchOptions.foldData). */
  data?: (fold: Fold) => FoldData;
}

export interface ConfirmResult {
  /** Completed extra repetitions (every member has all of them). */
  repetitions: number;
  /** Per member: fold scores of the completed extra repetitions, in order. */
  scores: number[][];
  /** Per member: out-of-fold predictions of each completed repetition, in order. */
  oofs: Candidate[][];
}

/** Cross-validate every member on each fresh fold assignment; a repetition cut short is dropped whole. */
export function confirm(o: ConfirmOptions): ConfirmResult {
  const scores: number[][] = o.members.map(() => []);
  const oofs: Candidate[][] = o.members.map(() => []);
  let done = 0;
  for (const folds of o.repetitions) {
    const repScores: number[][] = [];
    const repOofs: Candidate[] = [];
    let aborted = false;
    const stop = () => {
      if (o.stop?.()) aborted = true;
      return aborted ? false : undefined;
    };
    for (const m of o.members) {
      const cv = crossValidate({
        learner: getLearner(m.learner),
        params: m.params,
        X: o.X,
        y: o.y,
        task: o.task,
        nClasses: o.nClasses,
        folds,
        score: o.metric.fn,
        seed: o.seed,
        onFold: stop,
        onIteration: stop,
        ...(o.data ? { data: o.data } : {}),
      });
      if (aborted || !cv.complete) {
        aborted = true;
        break;
      }
      repScores.push(cv.scores);
      repOofs.push({ oof: cv.oof, oofProba: cv.oofProba });
    }
    if (aborted) break;
    o.members.forEach((_, i) => {
      scores[i]!.push(...repScores[i]!);
      oofs[i]!.push(repOofs[i]!);
    });
    done++;
  }
  return { repetitions: done, scores, oofs };
}

/**
 * Stack the repetitions of every candidate into one problem of n x (1 + R) rows (the target repeated), so
 * that ensemble selection and its held-out-part decision run over every repetition's folds. `parts` are
 * the test folds of each repetition, offset by the repetition's block of rows.
 */
export function stackRepetitions(
  y: Float64Array,
  task: Task,
  nClasses: number,
  oofs: Candidate[][],
  foldsPerRep: Fold[][],
): { y: Float64Array; candidates: Candidate[]; parts: Int32Array[] } {
  const n = y.length;
  const reps = foldsPerRep.length;
  const width = task === 'regression' ? 1 : nClasses;
  const yy = new Float64Array(n * reps);
  for (let r = 0; r < reps; r++) yy.set(y, r * n);
  const candidates = oofs.map((perRep) => {
    const oof = new Float64Array(n * reps);
    const oofProba = task === 'regression' ? null : new Float64Array(n * reps * width);
    for (let r = 0; r < reps; r++) {
      oof.set(perRep[r]!.oof, r * n);
      if (oofProba) oofProba.set(perRep[r]!.oofProba!, r * n * width);
    }
    return { oof, oofProba };
  });
  const parts: Int32Array[] = [];
  foldsPerRep.forEach((folds, r) => {
    for (const f of folds) parts.push(Int32Array.from(f.test, (i) => i + r * n));
  });
  return { y: yy, candidates, parts };
}
