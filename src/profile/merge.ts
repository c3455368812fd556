/**
 * Merging profiles of two parts of a table: count, nulls, min, max, mean and M2 exactly (Chan et al.'s
 * parallel variance), histograms on shared bin edges, distinct counts, quantiles and top values approximately.
 */
import { parseValue } from './format.js';
import { mergeHistograms } from './histogram.js';
import { quantilesOfCounts } from './profile.js';
import { kmvEstimate, mergeKmv, mergePercentiles } from './sketch.js';
import {
  type ColumnProfile,
  PERCENTILE_P,
  type Profile,
  QUANTILE_P,
  quantilesFromPercentiles,
  TOP_K,
  type ValueCount,
} from './types.js';

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function mergeTop(a: ColumnProfile, b: ColumnProfile): { top: ValueCount[]; complete: boolean } {
  const counts = new Map<string, number>();
  for (const t of [...a.top, ...b.top]) counts.set(t.value, (counts.get(t.value) ?? 0) + t.count);
  const all = [...counts].map(([value, count]) => ({ value, count }));
  all.sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  return { top: all.slice(0, TOP_K), complete: a.topComplete && b.topComplete && all.length <= TOP_K };
}

/** Merge two profiles of the same column. */
export function mergeColumn(a: ColumnProfile, b: ColumnProfile): ColumnProfile {
  const na = a.count - a.nulls;
  const nb = b.count - b.nulls;
  const n = na + nb;
  let mean: number | null = null;
  let m2: number | null = null;
  if (na === 0) {
    mean = b.mean;
    m2 = b.m2;
  } else if (nb === 0) {
    mean = a.mean;
    m2 = a.m2;
  } else if (a.mean !== null && b.mean !== null && a.m2 !== null && b.m2 !== null) {
    const delta = b.mean - a.mean;
    mean = a.mean + (delta * nb) / n;
    m2 = a.m2 + b.m2 + (delta * delta * na * nb) / n;
  }
  const min = minOf(a.min, b.min);
  const max = maxOf(a.max, b.max);
  const integer = a.type === 'integer' || a.type === 'boolean';
  const histogram =
    a.histogram && b.histogram && min !== null && max !== null
      ? mergeHistograms(a.histogram, b.histogram, min, max, integer)
      : (a.histogram ?? b.histogram);
  const sketch = mergeKmv(a.sketch, b.sketch);
  const est = kmvEstimate(sketch);
  const { top, complete } = mergeTop(a, b);
  let percentiles =
    a.percentiles && b.percentiles ? mergePercentiles(a, b) : (a.percentiles ?? b.percentiles);
  let quantiles = a.percentiles && b.percentiles ? null : (a.quantiles ?? b.quantiles);
  if (percentiles && !quantiles) {
    // Every value's count is known when the top values are complete: then the merged quantiles are exact.
    const exact = complete && a.quantiles!.exact && b.quantiles!.exact;
    if (complete)
      percentiles = quantilesOfCounts(
        top.map((t) => ({ key: parseValue(a.type, t.value), count: t.count })),
        PERCENTILE_P,
      );
    quantiles = { p: [...QUANTILE_P], values: quantilesFromPercentiles(percentiles), exact };
  }
  return {
    name: a.name,
    type: a.type,
    count: a.count + b.count,
    nulls: a.nulls + b.nulls,
    distinct: est.distinct,
    distinctExact: est.exact && a.distinctExact && b.distinctExact,
    min,
    max,
    mean,
    m2,
    zeros: a.zeros === null && b.zeros === null ? null : (a.zeros ?? 0) + (b.zeros ?? 0),
    quantiles,
    percentiles,
    histogram,
    top,
    topComplete: complete,
    sketch,
  };
}

/** A column seen in one part only: in the other part every row is missing for it. */
function allMissing(c: ColumnProfile, rows: number): ColumnProfile {
  return {
    ...c,
    count: rows,
    nulls: rows,
    distinct: 0,
    distinctExact: true,
    min: null,
    max: null,
    mean: null,
    m2: null,
    zeros: null,
    quantiles: null,
    percentiles: null,
    histogram: null,
    top: [],
    topComplete: true,
    sketch: [],
  };
}

/** Merge the profiles of two parts of a table (columns matched by name, in the order of `a` then new ones of `b`). */
export function mergeProfiles(a: Profile, b: Profile): Profile {
  const byName = new Map(b.columns.map((c) => [c.name, c]));
  const names = new Set(a.columns.map((c) => c.name));
  const columns = a.columns.map((c) => mergeColumn(c, byName.get(c.name) ?? allMissing(c, b.rows)));
  for (const c of b.columns) if (!names.has(c.name)) columns.push(mergeColumn(allMissing(c, a.rows), c));
  return { rows: a.rows + b.rows, columns };
}
