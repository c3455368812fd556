/**
 * Column profiles computed in SQL over every row of a typed relation (the typed view of a table, or a table
 * materialized from it). Low- and high-cardinality columns (by the schema's distinct count of the raw
 * text, an upper bound of the typed one) take different paths:
 *  - low: one GROUP BY per column (unioned, a batch per query) gives every value's count and hash; counts,
 *    moments, quantiles, histogram, top values and the distinct sketch then follow exactly in JS;
 *  - high: one scan for counts, min, max, compensated sum and zeros; one for M2 (two-pass), binned counts
 *    and quantiles; one grouping per column for its distinct count, distinct sketch and top values.
 */
import type { Db } from '../data/db.js';
import { ident } from '../data/db.js';
import { isNumericType, type Schema } from '../data/schema.js';
import { formatValue } from './format.js';
import { binIndex, binWidth, emptyHistogram, firstBin } from './histogram.js';
import { HASH_SCALE } from './sketch.js';
import {
  type ColumnProfile,
  type Histogram,
  KMV_K,
  PERCENTILE_P,
  type Profile,
  QUANTILE_P,
  quantilesFromPercentiles,
  TOP_K,
  type ValueCount,
} from './types.js';

export interface ProfileOptions {
  /** Up to this many rows quantiles are exact (`quantile_cont`); above, a t-digest (`approx_quantile`). */
  exactQuantileRows?: number;
  /** Columns to profile (default: all in the schema). */
  columns?: string[];
  onProgress?: (step: string) => void;
}

/** Columns with at most this many distinct values are profiled from exact counts of every value. */
export const LOW_CARDINALITY = 5000;
/** Columns per query: DuckDB runs very wide aggregate lists slowly, so wide tables are cut into batches. */
const BATCH = 16;
export const EXACT_QUANTILE_ROWS = 1_000_000;

type R = Record<string, unknown>;
/** A distinct value (number for numeric types, string otherwise; null = missing) with its count and hash. */
interface Entry {
  key: number | string | null;
  count: number;
  hash: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function batches<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

async function selectBatched(db: Db, from: string, parts: string[][]): Promise<R> {
  const out: R = {};
  for (const b of batches(
    parts.filter((p) => p.length > 0),
    BATCH,
  ))
    Object.assign(out, await db.one(`SELECT ${b.flat().join(', ')} FROM ${from}`));
  return out;
}

const qlist = `[${PERCENTILE_P.join(', ')}]`;
const lit = (w: number) => `CAST('${w}' AS DOUBLE)`;

/** Neumaier-compensated sum: accurate, and the same for the same order of terms. */
export function compensatedSum(terms: Iterable<number>): number {
  let sum = 0;
  let c = 0;
  for (const t of terms) {
    const s = sum + t;
    c += Math.abs(sum) >= Math.abs(t) ? sum - s + t : t - s + sum;
    sum = s;
  }
  return sum + c;
}

/** Profile every column of a typed relation (numbers as DOUBLE, datetimes as epoch ms, others VARCHAR). */
export async function profileRelation(
  db: Db,
  relation: string,
  schema: Schema,
  options: ProfileOptions = {},
): Promise<Profile> {
  const wanted = options.columns ? new Set(options.columns) : null;
  const cols = schema.columns.filter((c) => !wanted || wanted.has(c.name));
  const from = ident(relation);
  const rows = Number((await db.one(`SELECT count(*) AS n FROM ${from}`))!.n);
  const exact = rows <= (options.exactQuantileRows ?? EXACT_QUANTILE_ROWS);
  const numeric = cols.map((c) => isNumericType(c.type));
  const idx = cols.map((_, j) => j);
  const lowCols = idx.filter((j) => cols[j]!.distinct <= LOW_CARDINALITY);
  const highCols = idx.filter((j) => cols[j]!.distinct > LOW_CARDINALITY);
  const x = cols.map((c) => ident(c.name));

  // Low cardinality: every value with its count and hash.
  options.onProgress?.('value counts');
  const entries = new Map<number, Entry[]>(lowCols.map((j) => [j, []]));
  for (const b of batches(lowCols, BATCH)) {
    const sql = b
      .map((j) => {
        const v = numeric[j]
          ? `${x[j]} AS num, NULL::VARCHAR AS str`
          : `NULL::DOUBLE AS num, CAST(${x[j]} AS VARCHAR) AS str`;
        return `SELECT ${j} AS j, ${v}, hash(${x[j]}) AS h, count(*) AS n FROM ${from} GROUP BY ${x[j]}`;
      })
      .join(' UNION ALL ');
    for (const r of await db.rows(sql)) {
      const key = r.num !== null ? Number(r.num) : r.str !== null ? String(r.str) : null;
      entries.get(Number(r.j))!.push({ key, count: Number(r.n), hash: Number(r.h) });
    }
  }

  // High cardinality, scan 1.
  options.onProgress?.('moments');
  const s1 = await selectBatched(
    db,
    from,
    highCols.map((j) => {
      const p = `c${j}_`;
      const parts = [`count(${x[j]}) AS ${p}nn`];
      if (numeric[j]) {
        parts.push(`min(${x[j]}) AS ${p}mn`, `max(${x[j]}) AS ${p}mx`, `fsum(${x[j]}) AS ${p}sum`);
        parts.push(`count(*) FILTER (WHERE ${x[j]} = 0) AS ${p}z`);
      }
      return parts;
    }),
  );
  const nn = new Map(highCols.map((j) => [j, num(s1[`c${j}_nn`]) ?? 0]));
  // Histogram edges span the finite values (text such as 'inf' types as an infinite number).
  const range = new Map<number, { lo: number; hi: number }>();
  const nonFinite: number[] = [];
  for (const j of highCols) {
    const lo = num(s1[`c${j}_mn`]);
    const hi = num(s1[`c${j}_mx`]);
    if (lo === null || hi === null) continue;
    if (Number.isFinite(lo) && Number.isFinite(hi)) range.set(j, { lo, hi });
    else nonFinite.push(j);
  }
  if (nonFinite.length > 0) {
    const f = await selectBatched(
      db,
      from,
      nonFinite.map((j) => [
        `min(${x[j]}) FILTER (WHERE isfinite(${x[j]})) AS c${j}_fmn`,
        `max(${x[j]}) FILTER (WHERE isfinite(${x[j]})) AS c${j}_fmx`,
      ]),
    );
    for (const j of nonFinite) {
      const lo = num(f[`c${j}_fmn`]);
      const hi = num(f[`c${j}_fmx`]);
      if (lo !== null && hi !== null) range.set(j, { lo, hi });
    }
  }
  // Mean from a compensated sum, M2 around it in scan 2 (two-pass: accurate, and the same on every run
  // whatever order threads add partial sums in).
  const means = new Map<number, number>();
  for (const j of highCols)
    if (numeric[j] && nn.get(j)! > 0) means.set(j, num(s1[`c${j}_sum`])! / nn.get(j)!);
  const widths = new Map<number, number>();
  for (const [j, r] of range) widths.set(j, binWidth(r.lo, r.hi, cols[j]!.type !== 'numeric'));

  // High cardinality, scan 2: M2, binned counts, exact quantiles on tables small enough.
  options.onProgress?.('distributions');
  const s2 = await selectBatched(
    db,
    from,
    highCols.map((j) => {
      const p = `c${j}_`;
      const parts: string[] = [];
      const m = means.get(j);
      if (m !== undefined) parts.push(`fsum((${x[j]} - ${lit(m)}) * (${x[j]} - ${lit(m)})) AS ${p}m2`);
      const w = widths.get(j);
      if (w !== undefined) {
        parts.push(
          `map_entries(histogram(CAST(floor(${x[j]} / ${lit(w)}) AS BIGINT)) FILTER (WHERE isfinite(${x[j]}))) AS ${p}b`,
        );
      }
      if (m !== undefined && exact) parts.push(`quantile_cont(${x[j]}, ${qlist}) AS ${p}q`);
      return parts;
    }),
  );
  // Approximate quantiles for large tables, single-threaded so the t-digest is the same on every run.
  const approx = highCols.filter((j) => means.has(j));
  if (!exact && approx.length > 0) {
    options.onProgress?.('quantiles');
    const threads = (await db.one(`SELECT current_setting('threads') AS t`))!.t;
    await db.run('SET threads = 1');
    try {
      Object.assign(
        s2,
        await selectBatched(
          db,
          from,
          approx.map((j) => [`approx_quantile(${x[j]}, ${qlist}) AS c${j}_q`]),
        ),
      );
    } finally {
      await db.run(`SET threads = ${Number(threads)}`);
    }
  }

  // High cardinality: one grouping per column gives the distinct count, the distinct sketch and the top
  // values (skipped when every value is unique).
  options.onProgress?.('top values');
  const tops = new Map<number, ValueCount[]>();
  const values = ident('mlqa_profile_values');
  try {
    for (const j of highCols) {
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${values} AS SELECT ${x[j]} AS v, count(*) AS n FROM ${from} WHERE ${x[j]} IS NOT NULL GROUP BY 1`,
      );
      const g = (await db.one(`SELECT count(*) AS d, min(hash(v), ${KMV_K}) AS h FROM ${values}`))!;
      s1[`c${j}_d`] = g.d;
      s1[`c${j}_h`] = g.h;
      if (!(nn.get(j)! > 0 && Number(g.d) < nn.get(j)!)) continue;
      const v = numeric[j]
        ? 'CAST(v AS DOUBLE) AS num, NULL::VARCHAR AS str'
        : 'NULL::DOUBLE AS num, CAST(v AS VARCHAR) AS str';
      const top = await db.rows(`SELECT ${v}, n FROM ${values} ORDER BY n DESC, 1, 2 LIMIT ${TOP_K}`);
      tops.set(
        j,
        top.map((r) => ({ value: formatValue(cols[j]!.type, r.num ?? r.str), count: Number(r.n) })),
      );
    }
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${values}`);
  }

  const columns = cols.map((c, j): ColumnProfile => {
    const e = entries.get(j);
    if (e) return fromValueCounts(c.name, c.type, numeric[j]!, rows, e);
    const p = `c${j}_`;
    const nonNull = nn.get(j)!;
    const isNum = numeric[j]! && nonNull > 0;
    const quantiles = s2[`${p}q`] as number[] | null | undefined;
    const r = range.get(j);
    let histogram: Histogram | null = null;
    if (isNum && r) {
      histogram = emptyHistogram(r.lo, r.hi, widths.get(j)!);
      const k0 = firstBin(histogram);
      for (const b of s2[`${p}b`] as { key: unknown; value: unknown }[])
        histogram.counts[Number(b.key) - k0]! += Number(b.value);
    }
    const distinct = num(s1[`${p}d`]) ?? 0;
    return {
      name: c.name,
      type: c.type,
      count: rows,
      nulls: rows - nonNull,
      distinct,
      distinctExact: true,
      min: isNum ? num(s1[`${p}mn`]) : null,
      max: isNum ? num(s1[`${p}mx`]) : null,
      mean: isNum ? means.get(j)! : null,
      m2: isNum ? num(s2[`${p}m2`]) : null,
      zeros: numeric[j] ? (num(s1[`${p}z`]) ?? 0) : null,
      quantiles:
        isNum && quantiles
          ? { p: [...QUANTILE_P], values: quantilesFromPercentiles(quantiles.map(Number)), exact }
          : null,
      percentiles: isNum && quantiles ? quantiles.map(Number) : null,
      histogram,
      top: tops.get(j) ?? [],
      topComplete: distinct <= TOP_K,
      sketch: ((s1[`${p}h`] ?? []) as unknown[]).map((h) => Number(h) / HASH_SCALE).sort((a, b) => a - b),
    };
  });
  return { rows, columns };
}

/** A column's whole profile from the count of each of its distinct values (the null group = missing). */
function fromValueCounts(
  name: string,
  type: ColumnProfile['type'],
  numeric: boolean,
  rows: number,
  all: Entry[],
): ColumnProfile {
  const values = all.filter((e) => e.key !== null);
  const nonNull = values.reduce((s, e) => s + e.count, 0);
  const sorted = [...values].sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
  const top = sorted.slice(0, TOP_K).map((e) => ({ value: formatValue(type, e.key), count: e.count }));
  const sketch = values
    .map((e) => e.hash / HASH_SCALE)
    .sort((a, b) => a - b)
    .slice(0, KMV_K);
  const base: ColumnProfile = {
    name,
    type,
    count: rows,
    nulls: rows - nonNull,
    distinct: values.length,
    distinctExact: true,
    min: null,
    max: null,
    mean: null,
    m2: null,
    zeros: numeric ? 0 : null,
    quantiles: null,
    percentiles: null,
    histogram: null,
    top,
    topComplete: values.length <= TOP_K,
    sketch,
  };
  if (!numeric || nonNull === 0) return base;
  const nums = (values as { key: number; count: number }[]).sort((a, b) => a.key - b.key);
  const mean = compensatedSum(nums.map((e) => e.key * e.count)) / nonNull;
  const m2 = compensatedSum(nums.map((e) => e.count * (e.key - mean) * (e.key - mean)));
  const percentiles = quantilesOfCounts(nums, PERCENTILE_P);
  const finite = nums.filter((e) => Number.isFinite(e.key));
  let histogram: Histogram | null = null;
  if (finite.length > 0) {
    const w = binWidth(finite[0]!.key, finite[finite.length - 1]!.key, type !== 'numeric');
    histogram = emptyHistogram(finite[0]!.key, finite[finite.length - 1]!.key, w);
    const k0 = firstBin(histogram);
    for (const e of finite) histogram.counts[binIndex(e.key, w) - k0]! += e.count;
  }
  return {
    ...base,
    min: nums[0]!.key,
    max: nums[nums.length - 1]!.key,
    mean,
    m2,
    zeros: nums.find((e) => e.key === 0)?.count ?? 0,
    quantiles: { p: [...QUANTILE_P], values: quantilesFromPercentiles(percentiles), exact: true },
    percentiles,
    histogram,
  };
}

/** Quantiles interpolated between order statistics at (n - 1) p, like DuckDB's quantile_cont and pandas. */
export function quantilesOfCounts(values: { key: number; count: number }[], ps: number[]): number[] {
  const sorted = [...values].sort((a, b) => a.key - b.key);
  const cum: number[] = [];
  let n = 0;
  for (const v of sorted) {
    n += v.count;
    cum.push(n);
  }
  // The value at 0-based order statistic i: binary search on cumulative counts.
  const at = (i: number) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > i) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo]!.key;
  };
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const x0 = at(lo);
    const x1 = at(Math.min(lo + 1, n - 1));
    return x0 + (h - lo) * (x1 - x0);
  });
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
