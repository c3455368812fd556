/**
 * Ranks and rank correlation on typed arrays. Spearman's rho is Pearson's r of average ranks (ties share
 * the mean of their positions), on the rows where both values are present: scipy.stats.spearmanr with
 * nan_policy='omit' and pandas DataFrame.corr('spearman') give the same numbers.
 */

/** Indices of `values` (restricted to `idx` when given) sorted by value; NaN never passed in. */
function order(values: Float64Array, idx: Int32Array): Int32Array {
  const o = Int32Array.from(idx);
  o.sort((a, b) => values[a]! - values[b]!);
  return o;
}

/**
 * Average ranks (1-based) of `values` at the positions `idx` (default: all), returned in the order of
 * `idx`. Values must not be NaN.
 */
export function averageRanks(values: Float64Array, idx?: Int32Array): Float64Array {
  const n = idx ? idx.length : values.length;
  const pos = idx ?? identity(n);
  // Sort positions 0..n-1 of `pos` by their value.
  const local = new Float64Array(n);
  for (let i = 0; i < n; i++) local[i] = values[pos[i]!]!;
  const o = order(local, identity(n));
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = local[o[i]!]!;
    while (j < n && local[o[j]!]! === v) j++;
    // Positions i..j-1 (0-based) tie: average rank (i+1 + j) / 2.
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[o[k]!] = r;
    i = j;
  }
  return ranks;
}

const identities = new Map<number, Int32Array>();
function identity(n: number): Int32Array {
  let id = identities.get(n);
  if (!id) {
    id = new Int32Array(n);
    for (let i = 0; i < n; i++) id[i] = i;
    if (identities.size > 8) identities.clear();
    identities.set(n, id);
  }
  return id;
}

/** Pearson's r of two equally long arrays without missing values (two-pass; NaN when either is constant). */
export function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  const r = sab / Math.sqrt(saa * sbb);
  return Math.max(-1, Math.min(1, r));
}

/** Rows (indices) where both arrays hold a number. */
export function bothPresent(a: Float64Array, b: Float64Array): Int32Array {
  const n = a.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) m++;
  const idx = new Int32Array(m);
  m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) idx[m++] = i;
  return idx;
}

/** True when the array holds a NaN. */
export function hasNaN(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) return true;
  return false;
}

/** Spearman's rho on the rows where both values are present (NaN with fewer than 3 such rows or a constant side). */
export function spearman(a: Float64Array, b: Float64Array): number {
  if (!hasNaN(a) && !hasNaN(b)) return a.length < 3 ? Number.NaN : pearson(averageRanks(a), averageRanks(b));
  const idx = bothPresent(a, b);
  if (idx.length < 3) return Number.NaN;
  return pearson(averageRanks(a, idx), averageRanks(b, idx));
}
