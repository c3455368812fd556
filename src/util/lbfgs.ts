/**
 * Limited-memory BFGS minimization of a smooth function, with optional per-coordinate L1 penalties
 * solved by OWL-QN (Andrew & Gao 2007: orthant-wise pseudo-gradient, sign-constrained direction,
 * projected backtracking line search). Browser-safe, deterministic, no allocation in the iteration loop
 * beyond the history buffers.
 */

/** Fills `grad` with the gradient of the smooth part at `x` and returns its value. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Maximum iterations (default 1000). */
  maxIter?: number;
  /** History pairs kept (default 10). */
  memory?: number;
  /** Stop when the largest absolute (pseudo-)gradient entry is at most this (default 1e-8). */
  gtol?: number;
  /** Stop when the relative decrease of the objective is at most this (default 1e-15). */
  ftol?: number;
  /** Per-coordinate L1 weights (objective adds sum l1[i] * |x[i]|); absent = plain L-BFGS. */
  l1?: Float64Array;
  /** Called after each iteration with its number (1-based); return false to stop (time budgets). */
  onIteration?: (iteration: number) => unknown;
}

export interface LbfgsResult {
  x: Float64Array;
  /** Objective value, including the L1 term. */
  f: number;
  iterations: number;
  /** Largest absolute (pseudo-)gradient entry at the solution. */
  gradMax: number;
  /** True when stopped by gtol or ftol rather than by maxIter or a failed line search. */
  converged: boolean;
}

/** Minimize f(x) + sum l1[i] |x[i]| starting from x0 (not modified). */
export function minimizeLbfgs(
  fg: ValueAndGradient,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const n = x0.length;
  const maxIter = options.maxIter ?? 1000;
  const m = Math.max(1, options.memory ?? 10);
  const gtol = options.gtol ?? 1e-8;
  const ftol = options.ftol ?? 1e-15;
  const l1 = options.l1;

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const pg = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const orthant = new Float64Array(n);
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let stored = 0;
  let head = 0;

  const l1Term = (v: Float64Array): number => {
    if (!l1) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) s += l1[i]! * Math.abs(v[i]!);
    return s;
  };
  const pseudoGradient = (v: Float64Array, grad: Float64Array, out: Float64Array): number => {
    let mx = 0;
    for (let i = 0; i < n; i++) {
      let r = grad[i]!;
      const c = l1 ? l1[i]! : 0;
      if (c > 0) {
        const xi = v[i]!;
        if (xi > 0) r += c;
        else if (xi < 0) r -= c;
        else if (r + c < 0) r += c;
        else if (r - c > 0) r -= c;
        else r = 0;
      }
      out[i] = r;
      const a = Math.abs(r);
      if (a > mx) mx = a;
    }
    return mx;
  };

  let f = fg(x, g) + l1Term(x);
  let gradMax = pseudoGradient(x, g, pg);
  let iter = 0;
  let converged = gradMax <= gtol;
  while (!converged && iter < maxIter) {
    iter++;
    // Two-loop recursion: d = -H pg.
    for (let i = 0; i < n; i++) d[i] = -pg[i]!;
    for (let k = 0; k < stored; k++) {
      const idx = (head - 1 - k + m) % m;
      let s = 0;
      const sk = S[idx]!;
      for (let i = 0; i < n; i++) s += sk[i]! * d[i]!;
      const a = rho[idx]! * s;
      alpha[idx] = a;
      const yk = Y[idx]!;
      for (let i = 0; i < n; i++) d[i] -= a * yk[i]!;
    }
    if (stored > 0) {
      const last = (head - 1 + m) % m;
      let yy = 0;
      let sy = 0;
      const yl = Y[last]!;
      const sl = S[last]!;
      for (let i = 0; i < n; i++) {
        yy += yl[i]! * yl[i]!;
        sy += sl[i]! * yl[i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = stored - 1; k >= 0; k--) {
      const idx = (head - 1 - k + m) % m;
      let s = 0;
      const yk = Y[idx]!;
      for (let i = 0; i < n; i++) s += yk[i]! * d[i]!;
      const b = rho[idx]! * s;
      const sk = S[idx]!;
      const c = alpha[idx]! - b;
      for (let i = 0; i < n; i++) d[i] += c * sk[i]!;
    }
    // OWL-QN: keep only direction components that agree with the steepest descent direction.
    let slope = 0;
    if (l1) {
      for (let i = 0; i < n; i++) {
        if (d[i]! * pg[i]! >= 0) d[i] = 0;
        const xi = x[i]!;
        orthant[i] = xi !== 0 ? Math.sign(xi) : -Math.sign(pg[i]!);
      }
    }
    for (let i = 0; i < n; i++) slope += d[i]! * pg[i]!;
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      stored = 0;
      head = 0;
      slope = 0;
      for (let i = 0; i < n; i++) {
        d[i] = -pg[i]!;
        slope -= pg[i]! * pg[i]!;
      }
      if (!(slope < 0)) break;
    }
    // Backtracking line search (Armijo) with projection onto the orthant.
    let t = stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Number.NaN;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) {
        let v = x[i]! + t * d[i]!;
        if (l1 && l1[i]! > 0 && v * orthant[i]! <= 0) v = 0;
        xNew[i] = v;
      }
      fNew = fg(xNew, gNew) + l1Term(xNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += pg[i]! * (xNew[i]! - x[i]!);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
    // Update history with the smooth gradients.
    const sNext = S[head]!;
    const yNext = Y[head]!;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const s = xNew[i]! - x[i]!;
      const y = gNew[i]! - g[i]!;
      sNext[i] = s;
      yNext[i] = y;
      sy += s * y;
    }
    if (sy > 1e-300) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    gradMax = pseudoGradient(x, g, pg);
    if (gradMax <= gtol) converged = true;
    else if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) converged = true;
    else if (options.onIteration?.(iter) === false) break;
  }
  return { x, f, iterations: iter, gradMax, converged };
}
