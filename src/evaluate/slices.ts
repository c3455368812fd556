/**
 * Slices of the test rows for weak-segment analysis: one slice per category (and missing) of categorical
 * features, per distinct value of numeric features with few values, and per quantile bin of other numeric
 * features. Row indices only; no per-row objects. Browser-safe.
 */
import type { FeatureMatrix } from '../learners/types.js';
import { quantileSorted } from './metrics/quantile.js';

export interface Slice {
  feature: number;
  /** Human-readable condition: `sex = female`, `age in (34, 51]`, `income is missing`. */
  label: string;
  rows: Int32Array;
}

const short = (v: number) => String(Number(v.toPrecision(4)));

/** Slices of one feature column. `bins` quantile bins for continuous numerics; `maxDistinct` values make a numeric discrete. */
export function sliceFeature(X: FeatureMatrix, j: number, bins = 5, maxDistinct = 10): Slice[] {
  const col = X.columns[j]!;
  const name = X.names[j]!;
  const cats = X.categories[j];
  const n = X.nRows;
  const missing: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isNaN(col[i]!)) missing.push(i);
  const out: Slice[] = [];
  const group = (key: (v: number) => number, labels: string[]) => {
    const buckets: number[][] = labels.map(() => []);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (Number.isNaN(v)) continue;
      const b = key(v);
      if (b >= 0 && b < buckets.length) buckets[b]!.push(i);
    }
    buckets.forEach((rows, b) => {
      if (rows.length > 0) out.push({ feature: j, label: labels[b]!, rows: Int32Array.from(rows) });
    });
  };
  if (cats) {
    group(
      (v) => v,
      cats.map((c) => `${name} = ${c}`),
    );
  } else {
    const present = Float64Array.from(Array.from(col).filter((v) => !Number.isNaN(v))).sort();
    const distinct: number[] = [];
    for (let i = 0; i < present.length; i++)
      if (i === 0 || present[i] !== present[i - 1]) distinct.push(present[i]!);
    if (distinct.length <= maxDistinct) {
      const at = new Map(distinct.map((v, k) => [v, k]));
      group(
        (v) => at.get(v) ?? -1,
        distinct.map((v) => `${name} = ${short(v)}`),
      );
    } else {
      const edges: number[] = [];
      for (let b = 1; b < bins; b++) {
        const e = quantileSorted(present, b / bins);
        if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
      }
      const lo = present[0]!;
      const hi = present[present.length - 1]!;
      const labels = [...edges, hi].map((e, b) =>
        b === 0
          ? `${name} in [${short(lo)}, ${short(e)}]`
          : `${name} in (${short(edges[b - 1]!)}, ${short(e)}]`,
      );
      group((v) => {
        let b = 0;
        while (b < edges.length && v > edges[b]!) b++;
        return b;
      }, labels);
    }
  }
  if (missing.length > 0)
    out.push({ feature: j, label: `${name} is missing`, rows: Int32Array.from(missing) });
  return out;
}
