/**
 * Cramér's V between two categorical columns (codes, -1 missing), bias-uncorrected:
 * V = sqrt(chi2 / (n * (min(r, c) - 1))) with Pearson's chi-squared (no continuity correction) on the
 * contingency table of the rows where both are present, over the levels that occur there. Equals
 * scipy.stats.contingency.association(pd.crosstab(a, b), method='cramer').
 */

/** Contingency counts (row-major, kA x kB) of the rows where both codes are present. */
export function contingency(
  a: Int32Array,
  kA: number,
  b: Int32Array,
  kB: number,
): { counts: Float64Array; n: number } {
  const counts = new Float64Array(kA * kB);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < 0 || y < 0) continue;
    counts[x * kB + y]++;
    n++;
  }
  return { counts, n };
}

/** Cramér's V in [0, 1]; NaN when fewer than two levels occur on either side. */
export function cramersV(a: Int32Array, kA: number, b: Int32Array, kB: number): number {
  const { counts, n } = contingency(a, kA, b, kB);
  if (n === 0) return Number.NaN;
  const rowSum = new Float64Array(kA);
  const colSum = new Float64Array(kB);
  for (let x = 0; x < kA; x++) {
    for (let y = 0; y < kB; y++) {
      const c = counts[x * kB + y]!;
      rowSum[x] += c;
      colSum[y] += c;
    }
  }
  let r = 0;
  let c = 0;
  for (let x = 0; x < kA; x++) if (rowSum[x]! > 0) r++;
  for (let y = 0; y < kB; y++) if (colSum[y]! > 0) c++;
  const k = Math.min(r, c);
  if (k < 2) return Number.NaN;
  let chi2 = 0;
  for (let x = 0; x < kA; x++) {
    const rs = rowSum[x]!;
    if (rs === 0) continue;
    for (let y = 0; y < kB; y++) {
      const cs = colSum[y]!;
      if (cs === 0) continue;
      const e = (rs * cs) / n;
      const d = counts[x * kB + y]! - e;
      chi2 += (d * d) / e;
    }
  }
  const v = Math.sqrt(chi2 / (n * (k - 1)));
  return Math.min(1, v);
}
