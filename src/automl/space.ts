/**
 * Search spaces: per learner the hyperparameters AutoML tunes (range, log scale, low-cost starting value),
 * the parameters it fixes, known-good configurations tried early, and a deterministic cost estimate used
 * to order learners when the search runs by trial count. Browser-safe.
 *
 * Starting values follow FLAML's cost-frugal idea: the cheapest sensible configuration (few small trees)
 * comes first, and the search grows trees and leaves only when that pays.
 */
import type { Task } from '../learners/types.js';

export type Params = Record<string, unknown>;

export type Dim =
  | { name: string; kind: 'int' | 'float'; low: number; high: number; log: boolean; init: number }
  | { name: string; kind: 'choice'; values: readonly unknown[]; init: unknown };

export interface LearnerSpace {
  learner: string;
  dims: Dim[];
  /** Parameters fixed during the search (e.g. no out-of-bag scoring). */
  fixed: Params;
  /** Known-good configurations (over the dims), tried right after the low-cost start. */
  defaults: Params[];
  /** Estimated cost of one fit in abstract units (rows x features x work), deterministic. */
  cost(params: Params, nRows: number): number;
}

/** Learners searched when `--models` is not given (FLAML's defaults, with our native learners). */
export function defaultLearners(task: Task): string[] {
  return task === 'regression'
    ? ['gbdt', 'random_forest', 'extra_trees', 'ridge']
    : ['gbdt', 'random_forest', 'extra_trees', 'logistic_regression'];
}

const num = (p: Params, k: string, d: number) => (typeof p[k] === 'number' ? (p[k] as number) : d);

/** The search space of a learner for data of this size; null for learners without one (baseline). */
export function spaceFor(
  learner: string,
  task: Task,
  nRows: number,
  nFeatures: number,
  nClasses: number,
): LearnerSpace | null {
  const d = Math.max(1, nFeatures);
  const kt = task === 'multiclass' ? nClasses : 1;
  const upper = (cap: number) => Math.max(8, Math.min(cap, nRows));
  const clf = task !== 'regression';
  switch (learner) {
    case 'gbdt':
      return {
        learner,
        dims: [
          { name: 'n_estimators', kind: 'int', low: 4, high: upper(32768), log: true, init: 4 },
          { name: 'num_leaves', kind: 'int', low: 4, high: upper(32768), log: true, init: 4 },
          { name: 'min_child_samples', kind: 'int', low: 2, high: 128, log: true, init: 20 },
          { name: 'learning_rate', kind: 'float', low: 1 / 1024, high: 1, log: true, init: 0.1 },
          { name: 'subsample', kind: 'float', low: 0.1, high: 1, log: false, init: 1 },
          { name: 'colsample', kind: 'float', low: 0.01, high: 1, log: false, init: 1 },
          { name: 'lambda_l1', kind: 'float', low: 1 / 1024, high: 1024, log: true, init: 1 / 1024 },
          { name: 'lambda_l2', kind: 'float', low: 1 / 1024, high: 1024, log: true, init: 1 },
        ],
        fixed: {},
        defaults: [
          {
            n_estimators: 100,
            num_leaves: 31,
            min_child_samples: 20,
            learning_rate: 0.1,
            subsample: 1,
            colsample: 1,
            lambda_l1: 1 / 1024,
            lambda_l2: 1 / 1024,
          },
          {
            n_estimators: 300,
            num_leaves: 15,
            min_child_samples: 10,
            learning_rate: 0.05,
            subsample: 0.8,
            colsample: 0.8,
            lambda_l1: 1 / 1024,
            lambda_l2: 1,
          },
        ],
        cost: (p, n) => {
          const t = num(p, 'n_estimators', 100) * kt;
          return (
            t *
              (n * d * num(p, 'subsample', 1) * num(p, 'colsample', 1) + num(p, 'num_leaves', 31) * d * 64) +
            n * d * 8
          );
        },
      };
    case 'random_forest':
    case 'extra_trees':
      return {
        learner,
        dims: [
          { name: 'n_estimators', kind: 'int', low: 4, high: upper(2048), log: true, init: 4 },
          { name: 'max_features', kind: 'float', low: 0.1, high: 1, log: false, init: 1 },
          { name: 'max_leaf_nodes', kind: 'int', low: 4, high: upper(32768), log: true, init: 4 },
          ...(clf
            ? [{ name: 'criterion', kind: 'choice' as const, values: ['gini', 'entropy'], init: 'gini' }]
            : []),
        ],
        fixed: learner === 'random_forest' ? { oob_score: false } : {},
        defaults: [
          {
            n_estimators: 100,
            max_features: clf ? Math.min(1, Math.max(0.1, Math.sqrt(d) / d)) : 1,
            max_leaf_nodes: upper(32768),
            ...(clf ? { criterion: 'gini' } : {}),
          },
        ],
        cost: (p, n) => {
          const depth = Math.min(Math.log2(n + 1), Math.log2(num(p, 'max_leaf_nodes', n)) + 1);
          return (
            num(p, 'n_estimators', 100) *
            n *
            depth *
            Math.max(1, d * num(p, 'max_features', 1)) *
            (learner === 'extra_trees' ? 0.5 : 1) *
            4
          );
        },
      };
    case 'decision_tree':
      return {
        learner,
        dims: [
          { name: 'max_leaf_nodes', kind: 'int', low: 4, high: upper(32768), log: true, init: 4 },
          { name: 'min_samples_leaf', kind: 'int', low: 1, high: 128, log: true, init: 1 },
        ],
        fixed: {},
        defaults: [{ max_leaf_nodes: 64, min_samples_leaf: 5 }],
        cost: (p, n) => n * d * Math.min(Math.log2(n + 1), Math.log2(num(p, 'max_leaf_nodes', n)) + 1) * 4,
      };
    case 'logistic_regression':
      return {
        learner,
        dims: [
          { name: 'C', kind: 'float', low: 1 / 32, high: 32768, log: true, init: 1 },
          { name: 'penalty', kind: 'choice', values: ['l2', 'l1'], init: 'l2' },
        ],
        fixed: { tol: 1e-6 },
        defaults: [],
        cost: (p, n) => n * d * kt * 30 * (1 + Math.log2(1 + num(p, 'C', 1))),
      };
    case 'ridge':
      return {
        learner,
        dims: [{ name: 'alpha', kind: 'float', low: 1e-4, high: 1e4, log: true, init: 1 }],
        fixed: {},
        defaults: [],
        cost: (_p, n) => n * d * d + d * d * d,
      };
    case 'lasso':
      return {
        learner,
        dims: [{ name: 'alpha', kind: 'float', low: 1e-5, high: 10, log: true, init: 1 }],
        fixed: { tol: 1e-4 },
        defaults: [{ alpha: 0.01 }],
        cost: (p, n) => n * d * 20 * (1 + Math.log10(1 + 1 / num(p, 'alpha', 1))),
      };
    case 'linear_regression':
      return { learner, dims: [], fixed: {}, defaults: [], cost: (_p, n) => n * d * d + d * d * d };
    case 'knn':
      return {
        learner,
        dims: [
          {
            name: 'n_neighbors',
            kind: 'int',
            low: 1,
            high: Math.max(2, Math.min(100, Math.floor(nRows / 2))),
            log: true,
            init: 5,
          },
          { name: 'weights', kind: 'choice', values: ['uniform', 'distance'], init: 'uniform' },
        ],
        fixed: {},
        defaults: [],
        cost: (_p, n) => n * n * d * 0.05,
      };
    case 'naive_bayes':
      return {
        learner,
        dims: [{ name: 'var_smoothing', kind: 'float', low: 1e-12, high: 1, log: true, init: 1e-9 }],
        fixed: {},
        defaults: [],
        cost: (_p, n) => n * d * Math.max(2, kt),
      };
    default:
      return null;
  }
}

/** The low-cost starting configuration of a space. */
export function initConfig(space: LearnerSpace): Params {
  const out: Params = {};
  for (const dim of space.dims) out[dim.name] = dim.init;
  return out;
}

/** Point in [0, 1]^d (log scale for log dims) for a configuration. */
export function toUnit(space: LearnerSpace, p: Params): Float64Array {
  const x = new Float64Array(space.dims.length);
  space.dims.forEach((dim, j) => {
    if (dim.kind === 'choice') {
      const k = Math.max(0, dim.values.indexOf(p[dim.name] ?? dim.init));
      x[j] = (k + 0.5) / dim.values.length;
      return;
    }
    const v = Math.min(dim.high, Math.max(dim.low, num(p, dim.name, dim.init)));
    x[j] = dim.log
      ? Math.log(v / dim.low) / Math.log(dim.high / dim.low)
      : (v - dim.low) / (dim.high - dim.low);
  });
  return x;
}

/** The configuration at a point of [0, 1]^d: integers rounded, choices by bucket. */
export function fromUnit(space: LearnerSpace, x: Float64Array): Params {
  const out: Params = {};
  space.dims.forEach((dim, j) => {
    const u = Math.min(1, Math.max(0, x[j]!));
    if (dim.kind === 'choice') {
      out[dim.name] = dim.values[Math.min(dim.values.length - 1, Math.floor(u * dim.values.length))];
      return;
    }
    let v = dim.log ? dim.low * (dim.high / dim.low) ** u : dim.low + u * (dim.high - dim.low);
    if (dim.kind === 'int') v = Math.round(v);
    else v = Number(v.toPrecision(6));
    out[dim.name] = Math.min(dim.high, Math.max(dim.low, v));
  });
  return out;
}
