/**
 * Column profiles computed in SQL over every row of a typed relation (the typed view of a table, or a table
 * materialized from it), in a few scans:
 *  1. counts, min, max, compensated sums, zeros; distinct counts and sketches of high-cardinality columns;
 *  2. every value's count for low-cardinality columns (distinct, sketch, top values, quantiles and the
 *     histogram all follow exactly); for the others M2, binned counts and quantiles;
 *  3. one grouped query per batch of high-cardinality columns for their top values.
 * Low or high cardinality is decided from the schema's distinct count (of the raw text, an upper bound).
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

/** Columns with at most this many distinct values get exact counts of every value. */
export const LOW_CARDINALITY = 5000;
/** Columns per scan: DuckDB runs very wide aggregate lists slowly, so wide tables are cut into batches. */
const BATCH = 16;
export const EXACT_QUANTILE_ROWS = 1_000_000;

type R = Record<string, unknown>;
type Entry = { key: unknown; count: number };

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
  const low = cols.map((c) => c.distinct <= LOW_CARDINALITY);
  const x = cols.map((c) => ident(c.name));

  // Scan 1.
  options.onProgress?.('counts');
  const s1 = await selectBatched(
    db,
    from,
    cols.map((_, j) => {
      const p = `c${j}_`;
      const parts = [`count(${x[j]}) AS ${p}nn`];
      if (numeric[j]) {
        parts.push(
          `min(${x[j]}) AS ${p}mn`,
          `max(${x[j]}) AS ${p}mx`,
          `fsum(${x[j]}) AS ${p}sum`,
          `count(*) FILTER (WHERE ${x[j]} = 0) AS ${p}z`,
        );
        // Histogram edges span the finite values (text such as 'inf' types as an infinite number).
        parts.push(
          `min(${x[j]}) FILTER (WHERE isfinite(${x[j]})) AS ${p}fmn`,
          `max(${x[j]}) FILTER (WHERE isfinite(${x[j]})) AS ${p}fmx`,
        );
      }
      if (!low[j])
        parts.push(
          `count(DISTINCT ${x[j]}) AS ${p}d`,
          `min(DISTINCT hash(${x[j]}), ${KMV_K}) FILTER (WHERE ${x[j]} IS NOT NULL) AS ${p}h`,
        );
      return parts;
    }),
  );
  const nn = cols.map((_, j) => num(s1[`c${j}_nn`]) ?? 0);
  // Mean from a compensated sum, M2 around it in scan 2 (two-pass: accurate, and the same on every run
  // whatever order threads add partial sums in).
  const means = cols.map((_, j) => (numeric[j] && nn[j]! > 0 ? num(s1[`c${j}_sum`])! / nn[j]! : null));
  const finite = cols.map((_, j) => {
    const lo = num(s1[`c${j}_fmn`]);
    const hi = num(s1[`c${j}_fmx`]);
    return lo === null || hi === null ? null : { lo, hi };
  });
  const widths = cols.map((c, j) =>
    finite[j] ? binWidth(finite[j]!.lo, finite[j]!.hi, c.type !== 'numeric') : null,
  );
  const needQ = cols.map((_, j) => numeric[j]! && nn[j]! > 0 && !low[j]);

  // Scan 2.
  options.onProgress?.('distributions');
  const s2 = await selectBatched(
    db,
    from,
    cols.map((_, j) => {
      if (nn[j] === 0) return [];
      const p = `c${j}_`;
      const parts: string[] = [];
      if (means[j] !== null) parts.push(`fsum((${x[j]} - ${lit(means[j]!)}) ** 2) AS ${p}m2`);
      if (low[j]) {
        parts.push(`map_entries(histogram(${x[j]})) AS ${p}v`);
        parts.push(
          `list_sort(list_transform(map_keys(histogram(${x[j]})), k -> hash(k)))[1:${KMV_K}] AS ${p}h`,
        );
      } else {
        if (widths[j] !== null) {
          parts.push(
            `map_entries(histogram(CAST(floor(${x[j]} / ${lit(widths[j]!)}) AS BIGINT)) FILTER (WHERE isfinite(${x[j]}))) AS ${p}b`,
          );
        }
        if (needQ[j] && exact) parts.push(`quantile_cont(${x[j]}, ${qlist}) AS ${p}q`);
      }
      return parts;
    }),
  );

  // Approximate quantiles for large tables, single-threaded so the t-digest is the same on every run.
  if (!exact && needQ.some(Boolean)) {
    options.onProgress?.('quantiles');
    const threads = (await db.one(`SELECT current_setting('threads') AS t`))!.t;
    await db.run('SET threads = 1');
    try {
      Object.assign(
        s2,
        await selectBatched(
          db,
          from,
          cols.map((_, j) => (needQ[j] ? [`approx_quantile(${x[j]}, ${qlist}) AS c${j}_q`] : [])),
        ),
      );
    } finally {
      await db.run(`SET threads = ${Number(threads)}`);
    }
  }

  // Scan 3: top values of high-cardinality columns (skipped when every value is unique).
  options.onProgress?.('top values');
  const tops = new Map<number, ValueCount[]>();
  const high = cols.map((_, j) => j).filter((j) => !low[j] && nn[j]! > 0 && num(s1[`c${j}_d`])! < nn[j]!);
  for (const b of batches(high, BATCH)) {
    const sql = b
      .map((j) => {
        const v = numeric[j]
          ? `CAST(${x[j]} AS DOUBLE) AS num, NULL::VARCHAR AS str`
          : `NULL::DOUBLE AS num, CAST(${x[j]} AS VARCHAR) AS str`;
        return `(SELECT ${j} AS j, ${v}, count(*) AS n FROM ${from} WHERE ${x[j]} IS NOT NULL GROUP BY ALL ORDER BY n DESC, 2, 3 LIMIT ${TOP_K})`;
      })
      .join(' UNION ALL ');
    for (const r of await db.rows(sql)) {
      const j = Number(r.j);
      const list = tops.get(j) ?? [];
      list.push({ value: formatValue(cols[j]!.type, r.num ?? r.str), count: Number(r.n) });
      tops.set(j, list);
    }
  }

  const columns = cols.map((c, j): ColumnProfile => {
    const p = `c${j}_`;
    const nonNull = nn[j]!;
    const isNum = numeric[j]! && nonNull > 0;
    const entries = (s2[`${p}v`] as { key: unknown; value: unknown }[] | undefined)?.map(
      (e): Entry => ({ key: numeric[j] ? Number(e.key) : e.key, count: Number(e.value) }),
    );
    const sketch = ((s2[`${p}h`] ?? s1[`${p}h`] ?? []) as unknown[])
      .map((h) => Number(h) / HASH_SCALE)
      .sort((a, b) => a - b);
    const distinct = entries ? entries.length : (num(s1[`${p}d`]) ?? 0);
    let top: ValueCount[];
    let quantiles = s2[`${p}q`] as number[] | null | undefined;
    let histogram: Histogram | null = null;
    if (entries) {
      const sorted = [...entries].sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
      top = sorted.slice(0, TOP_K).map((e) => ({ value: formatValue(c.type, e.key), count: e.count }));
      if (isNum) quantiles = quantilesOfCounts(entries as { key: number; count: number }[], PERCENTILE_P);
    } else top = tops.get(j) ?? [];
    if (isNum && finite[j]) {
      const w = widths[j]!;
      histogram = emptyHistogram(finite[j]!.lo, finite[j]!.hi, w);
      const k0 = firstBin(histogram);
      if (entries) {
        for (const e of entries)
          if (Number.isFinite(Number(e.key))) histogram.counts[binIndex(Number(e.key), w) - k0]! += e.count;
      } else
        for (const e of s2[`${p}b`] as { key: unknown; value: unknown }[])
          histogram.counts[Number(e.key) - k0]! += Number(e.value);
    }
    return {
      name: c.name,
      type: c.type,
      count: rows,
      nulls: rows - nonNull,
      distinct,
      distinctExact: true,
      min: isNum ? num(s1[`${p}mn`]) : null,
      max: isNum ? num(s1[`${p}mx`]) : null,
      mean: isNum ? means[j]! : null,
      m2: isNum ? num(s2[`${p}m2`]) : null,
      zeros: numeric[j] ? (num(s1[`${p}z`]) ?? 0) : null,
      quantiles:
        isNum && quantiles
          ? {
              p: [...QUANTILE_P],
              values: quantilesFromPercentiles(quantiles.map(Number)),
              exact: exact || entries !== undefined,
            }
          : null,
      percentiles: isNum && quantiles ? quantiles.map(Number) : null,
      histogram,
      top,
      topComplete: distinct <= TOP_K,
      sketch,
    };
  });
  return { rows, columns };
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
