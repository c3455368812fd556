/**
 * Small dense linear algebra on Float64Arrays (browser-safe): symmetric matrices are row-major p x p.
 * Enough for the linear learners: Gram matrices, Cholesky solves and a symmetric eigendecomposition
 * (cyclic Jacobi) for minimum-norm least squares.
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
 * Eigendecomposition of a symmetric p x p row-major matrix by cyclic Jacobi rotations (accurate to
 * machine precision, O(p^3) per sweep). Returns eigenvalues and eigenvectors (column k of `vectors`,
 * row-major p x p, belongs to values[k]). The input is not modified.
 */
export function symmetricEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += m[i * p + i]! * m[i * p + i]!;
      for (let j = i + 1; j < p; j++) off += m[i * p + j]! * m[i * p + j]!;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = m[i * p + j]!;
        if (aij === 0) continue;
        const aii = m[i * p + i]!;
        const ajj = m[j * p + j]!;
        const theta = (ajj - aii) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mik = m[i * p + k]!;
          const mjk = m[j * p + k]!;
          m[i * p + k] = c * mik - s * mjk;
          m[j * p + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const mki = m[k * p + i]!;
          const mkj = m[k * p + j]!;
          m[k * p + i] = c * mki - s * mkj;
          m[k * p + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i]!;
          const vkj = v[k * p + j]!;
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = m[i * p + i]!;
  return { values, vectors: v };
}

/**
 * Minimum-norm solution of the symmetric positive semi-definite system A x = b through the
 * eigendecomposition: eigenvalues below `rcond * max eigenvalue` are treated as zero (pseudo-inverse).
 */
export function pinvSolve(a: Float64Array, p: number, b: Float64Array, rcond = 1e-12): Float64Array {
  const { values, vectors } = symmetricEigen(a, p);
  let maxEv = 0;
  for (let k = 0; k < p; k++) maxEv = Math.max(maxEv, values[k]!);
  const cut = maxEv * rcond;
  const x = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const ev = values[k]!;
    if (!(ev > cut)) continue;
    let proj = 0;
    for (let i = 0; i < p; i++) proj += vectors[i * p + k]! * b[i]!;
    const f = proj / ev;
    for (let i = 0; i < p; i++) x[i] += f * vectors[i * p + k]!;
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
