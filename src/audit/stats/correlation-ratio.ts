/**
 * Correlation ratio (eta) of a numeric column on a categorical one: sqrt(SS_between / SS_total) over the
 * rows where both are present. 0 when the category says nothing about the mean, 1 when the value is
 * constant within every category.
 */

/** Eta in [0, 1]; NaN when fewer than two rows, or the numeric values are constant. */
export function correlationRatio(codes: Int32Array, k: number, values: Float64Array): number {
  const sum = new Float64Array(k);
  const cnt = new Float64Array(k);
  let n = 0;
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    const v = values[i]!;
    if (c < 0 || Number.isNaN(v)) continue;
    sum[c] += v;
    cnt[c]++;
    total += v;
    n++;
  }
  if (n < 2) return Number.NaN;
  const mean = total / n;
  let sst = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    const v = values[i]!;
    if (c < 0 || Number.isNaN(v)) continue;
    sst += (v - mean) * (v - mean);
  }
  if (sst === 0) return Number.NaN;
  let ssb = 0;
  for (let c = 0; c < k; c++) {
    if (cnt[c] === 0) continue;
    const d = sum[c]! / cnt[c]! - mean;
    ssb += cnt[c]! * d * d;
  }
  const eta = Math.sqrt(ssb / sst);
  return Math.min(1, eta);
}
