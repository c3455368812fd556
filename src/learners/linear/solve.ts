/**
 * Weighted least squares on a centered design: ordinary (minimum-norm when rank deficient), ridge, and
 * lasso by cyclic coordinate descent with scikit-learn's duality-gap stopping rule. Inputs are the
 * design columns already multiplied by sqrt(weight) and centered by the weighted means, so the intercept
 * is recovered by the caller as mean(y) - mean(x) . w. Browser-safe.
 */
import { cholesky, choleskySolve, gram, psdSolve } from '../../util/linalg.js';

/** A design and target centered by weighted means and scaled by sqrt(weights). */
export interface Centered {
  n: number;
  cols: Float64Array[];
  y: Float64Array;
  xMean: Float64Array;
  yMean: number;
  /** Sum of the weights. */
  wSum: number;
}

export function center(
  cols: Float64Array[],
  n: number,
  y: Float64Array,
  w: Float64Array | undefined,
): Centered {
  let wSum = 0;
  const sw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    wSum += wi;
    sw[i] = Math.sqrt(wi);
  }
  const mean = (c: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (w ? w[i]! : 1) * c[i]!;
    return s / wSum;
  };
  const xMean = Float64Array.from(cols, mean);
  const yMean = mean(y);
  const out = cols.map((c, j) => {
    const o = new Float64Array(n);
    const m = xMean[j]!;
    for (let i = 0; i < n; i++) o[i] = (c[i]! - m) * sw[i]!;
    return o;
  });
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = (y[i]! - yMean) * sw[i]!;
  return { n, cols: out, y: yc, xMean, yMean, wSum };
}

function xty(cols: Float64Array[], n: number, y: Float64Array): Float64Array {
  return Float64Array.from(cols, (c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]! * y[i]!;
    return s;
  });
}

/** Row-space Gram Z Z' (n x n) of column-major Z. */
function outerGram(cols: Float64Array[], n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (const c of cols) {
    for (let i = 0; i < n; i++) {
      const ci = c[i]!;
      if (ci === 0) continue;
      for (let k = i; k < n; k++) g[i * n + k] += ci * c[k]!;
    }
  }
  for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) g[i * n + k] = g[k * n + i]!;
  return g;
}

/** Solve the symmetric system: Cholesky (ridge, positive definite), else minimum-norm (least squares). */
function solveSymmetric(a: Float64Array, p: number, b: Float64Array, allowPinv: boolean): Float64Array {
  if (!allowPinv) {
    const l = Float64Array.from(a);
    if (cholesky(l, p)) return choleskySolve(l, p, Float64Array.from(b));
  }
  return psdSolve(a, p, b);
}

/**
 * Ridge (alpha > 0) or least squares (alpha = 0, minimum-norm solution when rank deficient). Uses the
 * p x p normal equations when p <= n and the n x n dual system otherwise.
 */
export function solveRidge(c: Centered, alpha: number): Float64Array {
  const p = c.cols.length;
  const n = c.n;
  if (p === 0) return new Float64Array(0);
  if (p <= n) {
    const g = gram(c.cols, n);
    for (let j = 0; j < p; j++) g[j * p + j] += alpha;
    return solveSymmetric(g, p, xty(c.cols, n, c.y), alpha === 0);
  }
  const k = outerGram(c.cols, n);
  for (let i = 0; i < n; i++) k[i * n + i] += alpha;
  const dual = solveSymmetric(k, n, c.y, alpha === 0);
  return xty(c.cols, n, dual);
}

export interface LassoResult {
  coef: Float64Array;
  iterations: number;
  gap: number;
  converged: boolean;
}

/**
 * Lasso by cyclic coordinate descent on (1/(2 W)) |y - Z w|^2 + alpha |w|_1, W the weight sum. Full
 * sweeps alternate with sweeps over the active (nonzero) coefficients until those settle (glmnet's
 * active-set strategy); convergence is judged like scikit-learn, on a full sweep: when the largest
 * coefficient change relative to the largest coefficient falls below tol, the duality gap is checked
 * against tol * |y|^2. Every sweep counts as one iteration.
 */
export function solveLasso(
  c: Centered,
  alpha: number,
  maxIter: number,
  tol: number,
  onIteration?: (iteration: number) => unknown,
): LassoResult {
  const { n, y } = c;
  const p = c.cols.length;
  const w = new Float64Array(p);
  const r = Float64Array.from(y);
  const norm2 = Float64Array.from(c.cols, (col) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i]! * col[i]!;
    return s;
  });
  // Columns whose squared norm overflows (values near the float limit) cannot be used: they keep weight 0.
  const zero = new Float64Array(n);
  const cols = c.cols.map((col, j) => (Number.isFinite(norm2[j]!) ? col : zero));
  for (let j = 0; j < p; j++) if (!Number.isFinite(norm2[j]!)) norm2[j] = 0;
  const aN = alpha * c.wSum;
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i]! * y[i]!;
  const tolScaled = tol * yy;
  let gap = tolScaled + 1;
  let it = 0;
  let converged = p === 0 || yy === 0;
  const active = new Int32Array(p);
  let dMax = 0;
  let wMax = 0;
  const update = (j: number): void => {
    const col = cols[j]!;
    const old = w[j]!;
    let rho = 0;
    for (let i = 0; i < n; i++) rho += col[i]! * r[i]!;
    rho += norm2[j]! * old;
    const nw = (Math.sign(rho) * Math.max(Math.abs(rho) - aN, 0)) / norm2[j]!;
    if (nw !== old) {
      const delta = nw - old;
      for (let i = 0; i < n; i++) r[i] -= delta * col[i]!;
      w[j] = nw;
    }
    dMax = Math.max(dMax, Math.abs(nw - old));
    wMax = Math.max(wMax, Math.abs(nw));
  };
  let stop = false;
  const tick = (): void => {
    it++;
    if (onIteration?.(it) === false) stop = true;
  };
  while (!converged && !stop && it < maxIter) {
    dMax = 0;
    wMax = 0;
    for (let j = 0; j < p; j++) if (norm2[j]! > 0) update(j);
    if (wMax === 0 || dMax / wMax < tol || it + 1 >= maxIter) {
      gap = dualityGap(cols, n, r, y, w, aN);
      if (gap < tolScaled) converged = true;
    }
    tick();
    if (converged || stop) break;
    let nActive = 0;
    for (let j = 0; j < p; j++) if (w[j] !== 0) active[nActive++] = j;
    while (nActive > 0 && !stop && it < maxIter - 1) {
      dMax = 0;
      wMax = 0;
      for (let t = 0; t < nActive; t++) update(active[t]!);
      tick();
      if (wMax === 0 || dMax / wMax < tol) break;
    }
  }
  if (!converged) gap = dualityGap(cols, n, r, y, w, aN);
  if (p === 0 || yy === 0) gap = 0;
  return { coef: w, iterations: it, gap, converged };
}

function dualityGap(
  cols: Float64Array[],
  n: number,
  r: Float64Array,
  y: Float64Array,
  w: Float64Array,
  aN: number,
): number {
  let dualNorm = 0;
  for (const col of cols) {
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i]! * r[i]!;
    dualNorm = Math.max(dualNorm, Math.abs(s));
  }
  let rr = 0;
  let ry = 0;
  for (let i = 0; i < n; i++) {
    rr += r[i]! * r[i]!;
    ry += r[i]! * y[i]!;
  }
  let l1 = 0;
  for (let j = 0; j < w.length; j++) l1 += Math.abs(w[j]!);
  let gap: number;
  let cst: number;
  if (dualNorm > aN) {
    cst = aN / dualNorm;
    gap = 0.5 * (rr + rr * cst * cst);
  } else {
    cst = 1;
    gap = rr;
  }
  return gap + aN * l1 - cst * ry;
}
