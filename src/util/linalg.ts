/**
 * Small dense linear algebra on Float64Arrays (browser-safe): symmetric matrices are row-major p x p.
 * Enough for the linear learners: Gram matrices, Cholesky solves, and pivoted Cholesky for
 * minimum-norm least squares on rank-deficient systems.
 */

/** Dot product of two equal-length vectors. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Cholesky factorization of a symmetric positive definite p x p row-major matrix, in place (lower
 * triangle holds L). Returns false when the matrix is not numerically positive definite.
 */
export function cholesky(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j]!;
    for (let k = 0; k < j; k++) d -= a[j * p + k]! * a[j * p + k]!;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** Solve L L' x = b given the Cholesky factor from `cholesky`; b is overwritten with x. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * b[k]!;
    b[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * b[k]!;
    b[i] = s / l[i * p + i]!;
  }
  return b;
}

/**
 * Cholesky factorization with symmetric pivoting of a positive semi-definite p x p row-major matrix
 * (LAPACK dpstrf style): P' A P = L L' with L p x rank. Pivoting stops when the largest remaining Schur
 * complement diagonal is at most `relTol` x the largest diagonal of A. `l` is row-major p x p; row t holds
 * the factor row of original index perm[t], columns 0..rank-1.
 */
export function pivotedCholesky(
  a: Float64Array,
  p: number,
  relTol: number,
): { l: Float64Array; perm: Int32Array; rank: number } {
  const l = new Float64Array(p * p);
  const perm = new Int32Array(p);
  const d = new Float64Array(p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) {
    perm[i] = i;
    d[i] = a[i * p + i]!;
    if (d[i]! > maxDiag) maxDiag = d[i]!;
  }
  const tol = relTol * maxDiag;
  let rank = 0;
  for (let j = 0; j < p; j++) {
    let q = j;
    for (let t = j + 1; t < p; t++) if (d[perm[t]!]! > d[perm[q]!]!) q = t;
    const dq = d[perm[q]!]!;
    if (!(dq > tol)) break;
    if (q !== j) {
      const tp = perm[j]!;
      perm[j] = perm[q]!;
      perm[q] = tp;
      for (let k = 0; k < j; k++) {
        const tl = l[j * p + k]!;
        l[j * p + k] = l[q * p + k]!;
        l[q * p + k] = tl;
      }
    }
    const ljj = Math.sqrt(dq);
    l[j * p + j] = ljj;
    const pj = perm[j]!;
    for (let t = j + 1; t < p; t++) {
      const pt = perm[t]!;
      let s = a[pt * p + pj]!;
      for (let k = 0; k < j; k++) s -= l[t * p + k]! * l[j * p + k]!;
      const v = s / ljj;
      l[t * p + j] = v;
      d[pt] -= v * v;
    }
    rank = j + 1;
  }
  return { l, perm, rank };
}

/**
 * Minimum-norm least-squares solution of A x = b for a symmetric positive semi-definite A (x = A^+ b),
 * through a pivoted Cholesky factorization: directions whose Schur complement falls below
 * `relTol` x max diag(A) count as exactly dependent. Full-rank systems are solved directly.
 */
export function psdSolve(a: Float64Array, p: number, b: Float64Array, relTol = 1e-10): Float64Array {
  const { l, perm, rank: r } = pivotedCholesky(a, p, relTol);
  const x = new Float64Array(p);
  if (r === 0) return x;
  const pb = Float64Array.from(perm, (i) => b[i]!);
  if (r === p) {
    choleskySolve(l, p, pb);
    for (let t = 0; t < p; t++) x[perm[t]!] = pb[t]!;
    return x;
  }
  // A^+ = P L (L'L)^-2 L' P' with L the p x r factor.
  const u = new Float64Array(r);
  for (let t = 0; t < p; t++) {
    const v = pb[t]!;
    for (let k = 0; k < r; k++) u[k] += l[t * p + k]! * v;
  }
  const m = new Float64Array(r * r);
  for (let t = 0; t < p; t++) {
    for (let a1 = 0; a1 < r; a1++) {
      const la = l[t * p + a1]!;
      if (la === 0) continue;
      for (let b1 = 0; b1 <= a1; b1++) m[a1 * r + b1] += la * l[t * p + b1]!;
    }
  }
  for (let a1 = 0; a1 < r; a1++) for (let b1 = 0; b1 < a1; b1++) m[b1 * r + a1] = m[a1 * r + b1]!;
  if (!cholesky(m, r)) throw new Error('psdSolve: reduced system is not positive definite');
  choleskySolve(m, r, u);
  choleskySolve(m, r, u);
  for (let t = 0; t < p; t++) {
    let s = 0;
    for (let k = 0; k < r; k++) s += l[t * p + k]! * u[k]!;
    x[perm[t]!] = s;
  }
  return x;
}

/**
 * Weighted Gram matrix G = sum_i w_i x_i x_i' of p columns (column-major input), row-major p x p.
 * Columns are assumed already centered by the caller when an intercept is fitted.
 */
export function gram(cols: Float64Array[], n: number, w?: Float64Array): Float64Array {
  const p = cols.length;
  const g = new Float64Array(p * p);
  const tmp = new Float64Array(n);
  for (let a = 0; a < p; a++) {
    const ca = cols[a]!;
    if (w) for (let i = 0; i < n; i++) tmp[i] = ca[i]! * w[i]!;
    else tmp.set(ca);
    for (let b = a; b < p; b++) {
      const cb = cols[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += tmp[i]! * cb[i]!;
      g[a * p + b] = s;
      g[b * p + a] = s;
    }
  }
  return g;
}
