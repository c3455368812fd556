/**
 * Greedy ensemble selection (Caruana et al. 2004) over out-of-fold predictions: start from the best
 * single model, repeatedly add (with replacement) the candidate that most improves the averaged
 * prediction, keep the best step. Whether the ensemble helps is decided honestly: weights are selected on
 * all parts but one of the validation rows and scored on the held-out part, against the best single
 * model on the same part. Browser-safe.
 */
import type { MetricDef } from '../evaluate/metrics/registry.js';
import type { Task } from '../learners/types.js';
import { argmaxRows } from '../learners/types.js';

export interface Candidate {
  /** Out-of-fold predictions (value or class) per row. */
  oof: Float64Array;
  /** Out-of-fold probabilities, row-major n x K (classification). */
  oofProba: Float64Array | null;
}

export interface EnsembleProblem {
  task: Task;
  nClasses: number;
  y: Float64Array;
  metric: MetricDef;
  candidates: Candidate[];
}

/** Loss (lower is better) of a metric value. */
export const lossOf = (metric: MetricDef, v: number) =>
  Number.isNaN(v) ? Number.POSITIVE_INFINITY : metric.direction === 'higher' ? -v : v;

function width(p: EnsembleProblem): number {
  return p.task === 'regression' ? 1 : p.nClasses;
}

function sourceOf(p: EnsembleProblem, c: Candidate): Float64Array {
  return p.task === 'regression' ? c.oof : c.oofProba!;
}

/** Loss of an averaged prediction (sum / count) on `rows`. */
function lossOn(p: EnsembleProblem, sum: Float64Array, count: number, rows: Int32Array): number {
  const w = width(p);
  const n = rows.length;
  const yt = new Float64Array(n);
  const avg = new Float64Array(n * w);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    yt[i] = p.y[r]!;
    for (let k = 0; k < w; k++) avg[i * w + k] = sum[r * w + k]! / count;
  }
  if (p.task === 'regression') return lossOf(p.metric, p.metric.fn(yt, avg, null, 0));
  return lossOf(p.metric, p.metric.fn(yt, argmaxRows(avg, n, w), avg, p.nClasses));
}

/** Candidate index per step of greedy selection on `rows` (the first is the best single candidate). */
export function greedySelect(
  p: EnsembleProblem,
  rows: Int32Array,
  iterations = 25,
): { picks: number[]; loss: number } {
  const w = width(p);
  const n = p.y.length;
  const sum = new Float64Array(n * w);
  const trial = new Float64Array(n * w);
  const picks: number[] = [];
  let bestPicks: number[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let it = 0; it < iterations; it++) {
    let pick = -1;
    let pickLoss = Number.POSITIVE_INFINITY;
    for (let c = 0; c < p.candidates.length; c++) {
      const src = sourceOf(p, p.candidates[c]!);
      for (const r of rows) for (let k = 0; k < w; k++) trial[r * w + k] = sum[r * w + k]! + src[r * w + k]!;
      const l = lossOn(p, trial, picks.length + 1, rows);
      if (l < pickLoss) {
        pickLoss = l;
        pick = c;
      }
    }
    if (pick < 0) break;
    const src = sourceOf(p, p.candidates[pick]!);
    for (const r of rows) for (let k = 0; k < w; k++) sum[r * w + k]! += src[r * w + k]!;
    picks.push(pick);
    if (pickLoss < bestLoss) {
      bestLoss = pickLoss;
      bestPicks = [...picks];
    }
  }
  return { picks: bestPicks, loss: bestLoss };
}

/** Weights per candidate from greedy picks. */
export function weightsOf(picks: number[], nCandidates: number): number[] {
  const w = new Array<number>(nCandidates).fill(0);
  for (const p of picks) w[p]! += 1 / picks.length;
  return w;
}

function lossOfWeights(p: EnsembleProblem, weights: number[], rows: Int32Array): number {
  const w = width(p);
  const sum = new Float64Array(p.y.length * w);
  let total = 0;
  weights.forEach((wt, c) => {
    if (wt === 0) return;
    total += wt;
    const src = sourceOf(p, p.candidates[c]!);
    for (const r of rows) for (let k = 0; k < w; k++) sum[r * w + k]! += wt * src[r * w + k]!;
  });
  return lossOn(p, sum, total, rows);
}

export interface EnsembleDecision {
  /** Weight per candidate (sums to 1), selected on all validation rows. */
  weights: number[];
  /** Mean held-out-part loss of the ensemble and of candidate 0 (the best single model). */
  ensembleLoss: number;
  singleLoss: number;
  partLosses: number[];
  /** Parts on which the ensemble beat the single model. */
  wins: number;
  parts: number;
  keep: boolean;
}

/**
 * Decide on an ensemble. `parts` are disjoint sets of validation rows (the CV test folds, or pieces of a
 * holdout set); candidate 0 must be the best single model.
 */
export function decideEnsemble(p: EnsembleProblem, parts: Int32Array[], iterations = 25): EnsembleDecision {
  const all = Int32Array.from(parts.flatMap((x) => Array.from(x))).sort();
  const chosen = greedySelect(p, all, iterations);
  const weights = weightsOf(chosen.picks, p.candidates.length);
  const single = weightsOf([0], p.candidates.length);
  let ensembleLoss = 0;
  let singleLoss = 0;
  let wins = 0;
  const partLosses: number[] = [];
  for (let f = 0; f < parts.length; f++) {
    const rest = Int32Array.from(parts.flatMap((x, g) => (g === f ? [] : Array.from(x)))).sort();
    const sel = greedySelect(p, rest, iterations);
    const le = lossOfWeights(p, weightsOf(sel.picks, p.candidates.length), parts[f]!);
    const ls = lossOfWeights(p, single, parts[f]!);
    partLosses.push(le);
    ensembleLoss += le / parts.length;
    singleLoss += ls / parts.length;
    if (le < ls) wins++;
  }
  const distinct = weights.filter((w) => w > 0).length;
  const keep =
    distinct > 1 && p.candidates.length > 1 && ensembleLoss < singleLoss && wins * 2 >= parts.length;
  return { weights, ensembleLoss, singleLoss, partLosses, wins, parts: parts.length, keep };
}
