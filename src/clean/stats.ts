/** Column statistics for fitting steps (present values only), matching numpy/scikit-learn conventions. Browser-safe. */

/** Present (non-NaN) values, in row order. */
export function present(v: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i]!)) out[j++] = v[i]!;
  return out;
}

export function mean(v: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isNaN(x)) {
      s += x;
      n++;
    }
  }
  return n === 0 ? Number.NaN : s / n;
}

/** Population standard deviation of the present values (numpy's default, ddof = 0). */
export function std(v: Float64Array): number {
  const m = mean(v);
  let s = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isNaN(x)) {
      s += (x - m) ** 2;
      n++;
    }
  }
  return n === 0 ? Number.NaN : Math.sqrt(s / n);
}

/** Quantile of sorted values with linear interpolation (numpy's default method). */
export function quantileSorted(s: Float64Array, q: number): number {
  const n = s.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export function sortedPresent(v: Float64Array): Float64Array {
  return present(v).sort();
}

export function median(v: Float64Array): number {
  return quantileSorted(sortedPresent(v), 0.5);
}

/** Most frequent present value; ties go to the smallest (scikit-learn's SimpleImputer). */
export function mostFrequentNumber(v: Float64Array): number {
  const s = sortedPresent(v);
  let best = Number.NaN;
  let bestCount = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    if (j - i > bestCount) {
      best = s[i]!;
      bestCount = j - i;
    }
    i = j;
  }
  return best;
}

/** Most frequent category code (-1 if none present); ties go to the label first in sort order. */
export function mostFrequentCode(codes: Int32Array, dictionary: string[]): number {
  const counts = new Float64Array(dictionary.length);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) counts[codes[i]!]!++;
  let best = -1;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    if (
      best < 0 ||
      counts[k]! > counts[best]! ||
      (counts[k] === counts[best] && dictionary[k]! < dictionary[best]!)
    )
      best = k;
  }
  return best;
}
