/**
 * Log-loss objectives on a column-major design, for the quasi-Newton solver. Parameters are laid out
 * per output as [w_1..w_p, b]. The value is the weighted mean loss (weights sum to 1) plus the L2 term
 * `l2 / 2 * |w|^2`; the intercept b is not penalized.
 */
import type { ValueAndGradient } from '../../util/lbfgs.js';

/** log(1 + exp(z)), stable. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Adds X w (+ b) into out (length n). */
export function linearScores(
  cols: Float64Array[],
  n: number,
  w: Float64Array,
  offset: number,
  out: Float64Array,
): void {
  const p = cols.length;
  out.fill(w[offset + p]!);
  for (let j = 0; j < p; j++) {
    const wj = w[offset + j]!;
    if (wj === 0) continue;
    const c = cols[j]!;
    for (let i = 0; i < n; i++) out[i] += wj * c[i]!;
  }
}

/** Gradient of sum_i r_i (x_i . w + b) into grad[offset..offset+p]. */
function backprop(
  cols: Float64Array[],
  n: number,
  r: Float64Array,
  grad: Float64Array,
  offset: number,
): void {
  const p = cols.length;
  let sb = 0;
  for (let i = 0; i < n; i++) sb += r[i]!;
  grad[offset + p] = sb;
  for (let j = 0; j < p; j++) {
    const c = cols[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i]! * c[i]!;
    grad[offset + j] = s;
  }
}

/** Binary log loss; y in {0, 1}; sw are row weights summing to 1. */
export function binaryObjective(
  cols: Float64Array[],
  n: number,
  y: Float64Array,
  sw: Float64Array,
  l2: number,
): ValueAndGradient {
  const z = new Float64Array(n);
  const r = new Float64Array(n);
  const p = cols.length;
  return (w, grad) => {
    linearScores(cols, n, w, 0, z);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      f += sw[i]! * (softplus(zi) - y[i]! * zi);
      r[i] = sw[i]! * (sigmoid(zi) - y[i]!);
    }
    backprop(cols, n, r, grad, 0);
    if (l2 > 0) {
      let ss = 0;
      for (let j = 0; j < p; j++) {
        ss += w[j]! * w[j]!;
        grad[j] += l2 * w[j]!;
      }
      f += 0.5 * l2 * ss;
    }
    return f;
  };
}

/** Multinomial (softmax) log loss over K outputs, each with p weights and an intercept. */
export function multinomialObjective(
  cols: Float64Array[],
  n: number,
  y: Float64Array,
  sw: Float64Array,
  K: number,
  l2: number,
): ValueAndGradient {
  const p = cols.length;
  const stride = p + 1;
  const z = new Float64Array(n);
  // Row-major n x K scores, turned into probabilities in place.
  const P = new Float64Array(n * K);
  const r = new Float64Array(n);
  const yi = Int32Array.from(y);
  return (w, grad) => {
    for (let k = 0; k < K; k++) {
      linearScores(cols, n, w, k * stride, z);
      for (let i = 0, o = k; i < n; i++, o += K) P[o] = z[i]!;
    }
    let f = 0;
    for (let i = 0, o = 0; i < n; i++, o += K) {
      let mx = P[o]!;
      for (let k = 1; k < K; k++) if (P[o + k]! > mx) mx = P[o + k]!;
      const zy = P[o + yi[i]!]!;
      let s = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(P[o + k]! - mx);
        P[o + k] = e;
        s += e;
      }
      f += sw[i]! * (mx + Math.log(s) - zy);
      const inv = 1 / s;
      for (let k = 0; k < K; k++) P[o + k] *= inv;
    }
    for (let k = 0; k < K; k++) {
      for (let i = 0, o = k; i < n; i++, o += K) r[i] = sw[i]! * (P[o]! - (yi[i] === k ? 1 : 0));
      backprop(cols, n, r, grad, k * stride);
    }
    if (l2 > 0) {
      let ss = 0;
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < p; j++) {
          const v = w[k * stride + j]!;
          ss += v * v;
          grad[k * stride + j] += l2 * v;
        }
      }
      f += 0.5 * l2 * ss;
    }
    return f;
  };
}
