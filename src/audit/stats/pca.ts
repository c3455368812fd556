/**
 * Principal axes of standardized columns: the eigenvectors of the correlation matrix by cyclic Jacobi
 * rotations (exact for the small symmetric matrices met here: one row and column per feature).
 */

/** Eigen-decomposition of a symmetric p x p matrix (row-major); eigenvalues descending, vectors as columns of `vectors`. */
export function symmetricEigen(
  matrix: Float64Array,
  p: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += a[i * p + i]! * a[i * p + i]!;
      for (let j = i + 1; j < p; j++) off += a[i * p + j]! * a[i * p + j]!;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let k = 0; k < p; k++) {
      for (let l = k + 1; l < p; l++) {
        const akl = a[k * p + l]!;
        if (Math.abs(akl) < 1e-300) continue;
        const akk = a[k * p + k]!;
        const all = a[l * p + l]!;
        const theta = (all - akk) / (2 * akl);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let i = 0; i < p; i++) {
          const aik = a[i * p + k]!;
          const ail = a[i * p + l]!;
          a[i * p + k] = c * aik - s * ail;
          a[i * p + l] = s * aik + c * ail;
        }
        for (let i = 0; i < p; i++) {
          const aki = a[k * p + i]!;
          const ali = a[l * p + i]!;
          a[k * p + i] = c * aki - s * ali;
          a[l * p + i] = s * aki + c * ali;
        }
        for (let i = 0; i < p; i++) {
          const vik = v[i * p + k]!;
          const vil = v[i * p + l]!;
          v[i * p + k] = c * vik - s * vil;
          v[i * p + l] = s * vik + c * vil;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => a[y * p + y]! - a[x * p + x]!);
  const values = new Float64Array(p);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    values[dst] = a[src * p + src]!;
    for (let i = 0; i < p; i++) vectors[i * p + dst] = v[i * p + src]!;
  });
  return { values, vectors };
}

export interface PrincipalAxes {
  /** One Float64Array per axis: the rows' coordinates. */
  scores: Float64Array[];
  /** Variance along each axis (eigenvalues of the correlation matrix), descending. */
  variances: Float64Array;
  /** Input columns used (constant ones are left out). */
  kept: number[];
  /** Weight of kept column j on axis k at [j * kept.length + k]. */
  loadings: Float64Array;
}

/** Scores of the rows on every principal axis of the standardized columns (constant columns are left out). */
export function principalScores(columns: Float64Array[], nRows: number): PrincipalAxes {
  const z: Float64Array[] = [];
  const kept: number[] = [];
  for (const [c, col] of columns.entries()) {
    let mean = 0;
    for (let i = 0; i < nRows; i++) mean += col[i]!;
    mean /= nRows;
    let ss = 0;
    for (let i = 0; i < nRows; i++) ss += (col[i]! - mean) ** 2;
    const sd = Math.sqrt(ss / Math.max(1, nRows - 1));
    if (!(sd > 0)) continue;
    const out = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) out[i] = (col[i]! - mean) / sd;
    z.push(out);
    kept.push(c);
  }
  const p = z.length;
  const corr = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0;
      const za = z[a]!;
      const zb = z[b]!;
      for (let i = 0; i < nRows; i++) s += za[i]! * zb[i]!;
      s /= Math.max(1, nRows - 1);
      corr[a * p + b] = s;
      corr[b * p + a] = s;
    }
  }
  const { values, vectors } = symmetricEigen(corr, p);
  const scores: Float64Array[] = [];
  for (let k = 0; k < p; k++) {
    const out = new Float64Array(nRows);
    for (let j = 0; j < p; j++) {
      const w = vectors[j * p + k]!;
      if (w === 0) continue;
      const zj = z[j]!;
      for (let i = 0; i < nRows; i++) out[i] += w * zj[i]!;
    }
    scores.push(out);
  }
  return { scores, variances: values, kept, loadings: vectors };
}
