/**
 * Ranks and rank correlation on typed arrays. Spearman's rho is Pearson's r of average ranks (ties share
 * the mean of their positions), on the rows where both values are present: scipy.stats.spearmanr with
 * nan_policy='omit' and pandas DataFrame.corr('spearman') give the same numbers.
 */

export interface DenseValues {
  /** Per row: index of its value among the distinct values in ascending order, or -1 for NaN. */
  codes: Int32Array;
  /** Number of distinct values. */
  levels: number;
  /** Rows holding each distinct value. */
  counts: Int32Array;
}

/**
 * Distinct values of a column in ascending order, and each row's place among them. Uses the native sort
 * of a Float64Array and a binary search per row (no comparator callbacks, which are slow on big arrays).
 */
export function denseValues(values: Float64Array): DenseValues {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) m++;
  const sorted = new Float64Array(m);
  m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) sorted[m++] = values[i]!;
  sorted.sort();
  let levels = 0;
  for (let k = 0; k < m; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[levels++] = sorted[k]!;
  const codes = new Int32Array(n);
  const counts = new Int32Array(levels);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = levels - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
    counts[lo]++;
  }
  return { codes, levels, counts };
}

/** Rows with a value, ordered by value (ties by row): a counting sort of the dense codes. */
export function argsortPresent(d: DenseValues): Int32Array {
  const start = new Int32Array(d.levels + 1);
  for (let k = 0; k < d.levels; k++) start[k + 1] = start[k]! + d.counts[k]!;
  const order = new Int32Array(start[d.levels]!);
  const next = start.subarray(0, d.levels).slice();
  for (let i = 0; i < d.codes.length; i++) {
    const c = d.codes[i]!;
    if (c >= 0) order[next[c]!++] = i;
  }
  return order;
}

/**
 * Average ranks (1-based) of `values` at the positions `idx` (default: all), returned in the order of
 * `idx`. Values must not be NaN.
 */
export function averageRanks(values: Float64Array, idx?: Int32Array): Float64Array {
  let local = values;
  if (idx) {
    local = new Float64Array(idx.length);
    for (let k = 0; k < idx.length; k++) local[k] = values[idx[k]!]!;
  }
  return ranksOf(denseValues(local));
}

/** Average ranks (1-based) among the rows with a value; NaN for rows without. */
export function ranksOf(d: DenseValues): Float64Array {
  // Rank of a value: rows with smaller values, plus the mean of positions 1..count among its ties.
  const rankOf = new Float64Array(d.levels);
  let below = 0;
  for (let k = 0; k < d.levels; k++) {
    rankOf[k] = below + (d.counts[k]! + 1) / 2;
    below += d.counts[k]!;
  }
  const ranks = new Float64Array(d.codes.length);
  for (let i = 0; i < ranks.length; i++) {
    const c = d.codes[i]!;
    ranks[i] = c < 0 ? Number.NaN : rankOf[c]!;
  }
  return ranks;
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

/**
 * ROC AUC of scores for labels 0/1, as the Mann-Whitney U statistic over average ranks (ties count one
 * half): the same number as scikit-learn's roc_auc_score. NaN when only one class is present.
 */
export function rocAucRanks(y: Float64Array, score: Float64Array): number {
  return aucOfRanks(y, averageRanks(score));
}

/** ROC AUC from the average ranks of the scores (rows with a NaN rank are left out). */
export function aucOfRanks(y: Float64Array, ranks: Float64Array): number {
  let pos = 0;
  let n = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const r = ranks[i]!;
    if (Number.isNaN(r)) continue;
    n++;
    if (y[i] === 1) {
      pos++;
      sum += r;
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}
