/**
 * Boosting objectives: gradients and hessians of the loss in the raw score, the initial score (prior),
 * the validation loss used for early stopping and the raw-score-to-probability transform.
 * - binary: log loss on the log-odds; init = log-odds of the weighted class share.
 * - multiclass: softmax log loss, one raw score (and one tree per round) per class; init = log priors.
 * - squared_error: init = weighted mean.
 * - absolute_error: gradient = sign of the residual; leaf values are refit to the weighted median of the
 *   leaf's residuals (LightGBM's L1); init = weighted median.
 * - huber: squared near zero, absolute beyond delta = the `huber_alpha` quantile of the absolute residuals,
 *   recomputed every round; init = weighted median.
 * Gradient pairs are written interleaved (gh[2r] gradient, gh[2r+1] hessian), sample weights applied.
 * Training scores are class-major: the score of row i for output k is scores[k * n + i].
 */
import type { RegressionObjective } from './params.js';

const MIN_HESS = 1e-16;
const P_CLIP = 1e-15;

export interface Objective {
  readonly name: 'binary' | 'multiclass' | RegressionObjective;
  /** Raw scores per row (1, or the number of classes for multiclass). */
  readonly nOutputs: number;
  /** Leaf values are refit from residuals (absolute error) rather than Newton steps. */
  readonly refits: boolean;
  initScores(): Float64Array;
  /** Once per round, before the gradients of each output (softmax, Huber delta). */
  prepare(scores: Float64Array): void;
  gradients(k: number, scores: Float64Array, gh: Float64Array): void;
  /** Refit output (before shrinkage) of a leaf holding rows[begin..end). */
  refitLeaf(rows: Int32Array, begin: number, end: number, scores: Float64Array): number;
}

function weightedMedian(
  values: Float64Array,
  weights: Float64Array | null,
  m: number,
  order: Int32Array,
): number {
  if (m === 0) return 0;
  for (let i = 0; i < m; i++) order[i] = i;
  const idx = order.subarray(0, m).sort((a, b) => values[a]! - values[b]!);
  if (!weights) {
    const h = m >> 1;
    return m % 2 === 1 ? values[idx[h]!]! : (values[idx[h - 1]!]! + values[idx[h]!]!) / 2;
  }
  let total = 0;
  for (let i = 0; i < m; i++) total += weights[idx[i]!]!;
  let acc = 0;
  for (let i = 0; i < m; i++) {
    acc += weights[idx[i]!]!;
    if (acc >= total / 2) return values[idx[i]!]!;
  }
  return values[idx[m - 1]!]!;
}

export function makeObjective(
  task: 'binary' | 'multiclass' | 'regression',
  nClasses: number,
  regression: RegressionObjective,
  huberAlpha: number,
  y: Float64Array,
  w: Float64Array | null,
): Objective {
  const n = y.length;
  const wt = (i: number) => (w ? w[i]! : 1);
  if (task === 'binary') {
    return {
      name: 'binary',
      nOutputs: 1,
      refits: false,
      initScores() {
        let s = 0;
        let t = 0;
        for (let i = 0; i < n; i++) {
          s += wt(i) * y[i]!;
          t += wt(i);
        }
        const p = Math.min(1 - P_CLIP, Math.max(P_CLIP, s / t));
        return Float64Array.of(Math.log(p / (1 - p)));
      },
      prepare() {},
      gradients(_k, scores, gh) {
        for (let i = 0; i < n; i++) {
          const p = 1 / (1 + Math.exp(-scores[i]!));
          const h = p * (1 - p);
          const wi = w ? w[i]! : 1;
          gh[2 * i] = (p - y[i]!) * wi;
          gh[2 * i + 1] = Math.max(h, MIN_HESS) * wi;
        }
      },
      refitLeaf: () => 0,
    };
  }
  if (task === 'multiclass') {
    const K = nClasses;
    const ex = new Float64Array(n * K);
    const mx = new Float64Array(n);
    const sum = new Float64Array(n);
    return {
      name: 'multiclass',
      nOutputs: K,
      refits: false,
      initScores() {
        const c = new Float64Array(K);
        let t = 0;
        for (let i = 0; i < n; i++) {
          c[y[i]!]! += wt(i);
          t += wt(i);
        }
        return c.map((v) => Math.log(Math.max(P_CLIP, v / t)));
      },
      prepare(scores) {
        // Softmax over class-major scores, one class column at a time.
        mx.set(scores.subarray(0, n));
        for (let k = 1; k < K; k++) {
          const o = k * n;
          for (let i = 0; i < n; i++) if (scores[o + i]! > mx[i]!) mx[i] = scores[o + i]!;
        }
        sum.fill(0);
        for (let k = 0; k < K; k++) {
          const o = k * n;
          for (let i = 0; i < n; i++) {
            const e = Math.exp(scores[o + i]! - mx[i]!);
            ex[o + i] = e;
            sum[i] += e;
          }
        }
        // ex holds the exponentials; each class's gradients scale them by the row's 1 / sum.
        for (let i = 0; i < n; i++) sum[i] = 1 / sum[i]!;
      },
      gradients(k, _scores, gh) {
        const o = k * n;
        for (let i = 0; i < n; i++) {
          const p = ex[o + i]! * sum[i]!;
          const h = p * (1 - p);
          const wi = w ? w[i]! : 1;
          gh[2 * i] = (p - (y[i] === k ? 1 : 0)) * wi;
          gh[2 * i + 1] = Math.max(h, MIN_HESS) * wi;
        }
      },
      refitLeaf: () => 0,
    };
  }
  const resid = new Float64Array(n);
  const order = new Int32Array(n);
  const medianInit = () => {
    const m = weightedMedian(y, w, n, order);
    return Float64Array.of(m);
  };
  if (regression === 'squared_error') {
    return {
      name: 'squared_error',
      nOutputs: 1,
      refits: false,
      initScores() {
        let s = 0;
        let t = 0;
        for (let i = 0; i < n; i++) {
          s += wt(i) * y[i]!;
          t += wt(i);
        }
        return Float64Array.of(s / t);
      },
      prepare() {},
      gradients(_k, scores, gh) {
        for (let i = 0; i < n; i++) {
          const wi = w ? w[i]! : 1;
          gh[2 * i] = (scores[i]! - y[i]!) * wi;
          gh[2 * i + 1] = wi;
        }
      },
      refitLeaf: () => 0,
    };
  }
  if (regression === 'absolute_error') {
    const lw = w ? new Float64Array(n) : null;
    return {
      name: 'absolute_error',
      nOutputs: 1,
      refits: true,
      initScores: medianInit,
      prepare() {},
      gradients(_k, scores, gh) {
        for (let i = 0; i < n; i++) {
          const wi = w ? w[i]! : 1;
          gh[2 * i] = (scores[i]! > y[i]! ? 1 : -1) * wi;
          gh[2 * i + 1] = wi;
        }
      },
      refitLeaf(rows, begin, end, scores) {
        const m = end - begin;
        for (let k = 0; k < m; k++) {
          const r = rows[begin + k]!;
          resid[k] = y[r]! - scores[r]!;
          if (lw && w) lw[k] = w[r]!;
        }
        return weightedMedian(resid, lw, m, order);
      },
    };
  }
  // Huber.
  let delta = 1;
  return {
    name: 'huber',
    nOutputs: 1,
    refits: false,
    initScores: medianInit,
    prepare(scores) {
      for (let i = 0; i < n; i++) resid[i] = Math.abs(y[i]! - scores[i]!);
      const sorted = resid.slice().sort();
      const pos = huberAlpha * (n - 1);
      const lo = Math.floor(pos);
      const hi = Math.min(n - 1, lo + 1);
      delta = sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
      if (!(delta > 0)) delta = Number.MIN_VALUE;
    },
    gradients(_k, scores, gh) {
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        const d = scores[i]! - y[i]!;
        gh[2 * i] = (d > delta ? delta : Math.max(d, -delta)) * wi;
        gh[2 * i + 1] = wi;
      }
    },
    refitLeaf: () => 0,
  };
}

/** Row-wise softmax of row-major scores (n x K) into out. */
export function softmaxRows(scores: Float64Array, n: number, K: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let m = scores[o]!;
    for (let k = 1; k < K; k++) if (scores[o + k]! > m) m = scores[o + k]!;
    let s = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(scores[o + k]! - m);
      out[o + k] = e;
      s += e;
    }
    for (let k = 0; k < K; k++) out[o + k] = out[o + k]! / s;
  }
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Validation loss for early stopping (lower is better): log loss for classification, mean squared error
 * for squared_error, mean absolute error for absolute_error and huber.
 */
export function validationLoss(
  name: Objective['name'],
  y: Float64Array,
  scores: Float64Array,
  K: number,
  w: Float64Array | null,
): number {
  const n = y.length;
  let s = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    let l: number;
    if (name === 'binary') {
      const z = scores[i]!;
      // log(1 + exp(-z)) for y = 1, log(1 + exp(z)) for y = 0, computed stably.
      const a = y[i] === 1 ? -z : z;
      l = a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    } else if (name === 'multiclass') {
      const o = i * K;
      let m = scores[o]!;
      for (let k = 1; k < K; k++) if (scores[o + k]! > m) m = scores[o + k]!;
      let e = 0;
      for (let k = 0; k < K; k++) e += Math.exp(scores[o + k]! - m);
      l = m + Math.log(e) - scores[o + y[i]!]!;
    } else if (name === 'squared_error') {
      const d = scores[i]! - y[i]!;
      l = d * d;
    } else l = Math.abs(scores[i]! - y[i]!);
    s += wi * l;
    t += wi;
  }
  return s / t;
}
