/**
 * Choosing the next learner by its estimated cost for improvement (ECI, FLAML): for a learner already
 * tried, the larger of (cost spent since its last improvement) and (cost its last improvement took);
 * when its best is worse than the overall best, at least the cost to close that gap at its recent rate
 * of improvement. An untried learner's ECI is the cheapest first trial so far times a per-learner prior.
 * The next learner is drawn with probability proportional to 1 / ECI. Browser-safe, seeded.
 */
import type { Rng } from '../util/random.js';

export interface LearnerStats {
  learner: string;
  trials: number;
  /** Cost spent on this learner so far (seconds, or deterministic cost units with --trials). */
  spent: number;
  /** Best loss so far and the cost spent when it was found. */
  best: number;
  spentAtBest: number;
  /** The best before it, and the cost spent then. */
  prevBest: number;
  spentAtPrevBest: number;
  /** Cost of the first trial. */
  firstCost: number;
}

export function newStats(learner: string): LearnerStats {
  return {
    learner,
    trials: 0,
    spent: 0,
    best: Number.POSITIVE_INFINITY,
    spentAtBest: 0,
    prevBest: Number.POSITIVE_INFINITY,
    spentAtPrevBest: 0,
    firstCost: 0,
  };
}

export function recordTrial(s: LearnerStats, loss: number, cost: number): void {
  if (s.trials === 0) s.firstCost = cost;
  s.trials++;
  s.spent += cost;
  if (loss < s.best) {
    s.prevBest = s.best;
    s.spentAtPrevBest = s.spentAtBest;
    s.best = loss;
    s.spentAtBest = s.spent;
  }
}

/** Relative cost of a learner's first trial compared to gbdt's low-cost start (priors for untried learners). */
const PRIOR: Record<string, number> = {
  gbdt: 1,
  random_forest: 2,
  extra_trees: 1.9,
  logistic_regression: 2,
  ridge: 1,
  lasso: 1.5,
  linear_regression: 1,
  decision_tree: 1,
  knn: 4,
  naive_bayes: 1,
};

export function eci(s: LearnerStats, globalBest: number, cheapestFirst: number): number {
  if (s.trials === 0) return (PRIOR[s.learner] ?? 2) * cheapestFirst;
  const sinceBest = s.spent - s.spentAtBest;
  const lastGain = s.spentAtBest - s.spentAtPrevBest;
  let e = Math.max(sinceBest, lastGain, s.firstCost);
  if (s.best > globalBest && Number.isFinite(s.prevBest) && s.prevBest > s.best && lastGain > 0) {
    const rate = (s.prevBest - s.best) / lastGain;
    e = Math.max(e, (s.best - globalBest) / rate);
  } else if (s.best > globalBest) {
    e = Math.max(e, 2 * s.spent);
  }
  return Math.max(e, 1e-12);
}

/** Draw a learner with probability proportional to 1 / ECI; `exhausted` learners are skipped. */
export function chooseLearner(stats: LearnerStats[], exhausted: Set<string>, rng: Rng): LearnerStats | null {
  const live = stats.filter((s) => !exhausted.has(s.learner));
  if (live.length === 0) return null;
  const tried = live.filter((s) => s.trials > 0);
  const globalBest = Math.min(...stats.map((s) => s.best));
  const cheapest =
    tried.length > 0 ? Math.min(...stats.filter((s) => s.trials > 0).map((s) => s.firstCost)) : 1;
  const inv = live.map((s) => 1 / eci(s, globalBest, Math.max(cheapest, 1e-12)));
  const total = inv.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  for (let i = 0; i < live.length; i++) {
    r -= inv[i]!;
    if (r <= 0) return live[i]!;
  }
  return live[live.length - 1]!;
}
