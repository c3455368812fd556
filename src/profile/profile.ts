/**
 * Column profiles computed in SQL over every row of a typed relation (the typed view of a table), in a few
 * scans: one for counts, moments, quantiles and distinct sketches, one for histograms and value counts, and
 * one grouped query per batch of high-cardinality columns for their top values.
 */
import type { Db } from '../data/db.js';
import { ident } from '../data/db.js';
import { isNumericType, type Schema } from '../data/schema.js';
import { formatValue } from './format.js';
import { binIndex, binWidth, emptyHistogram, firstBin } from './histogram.js';
import { HASH_SCALE } from './sketch.js';
import { type ColumnProfile, type Histogram, KMV_K, type Profile, QUANTILE_P, TOP_K, type ValueCount } from './types.js';

export interface ProfileOptions {
  /** Up to this many rows quantiles are exact (`quantile_cont`); above, a t-digest (`approx_quantile`). */
  exactQuantileRows?: number;
  /** Columns to profile (default: all in the schema). */
  columns?: string[];
  onProgress?: (step: string) => void;
}

/** Columns with at most this many distinct values get exact counts of every value in one scan. */
const LOW_CARDINALITY = 5000;
/** Columns per scan: DuckDB plans very wide aggregate lists slowly, so wide tables are cut into batches. */
const BATCH = 12;
export const EXACT_QUANTILE_ROWS = 1_000_000;

type R = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function batches<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

async function selectBatched(db: Db, from: string, parts: string[][]): Promise<R> {
  const out: R = {};
  for (const b of batches(parts, BATCH)) {
    const sel = b.flat();
    if (sel.length > 0) Object.assign(out, await db.one(`SELECT ${sel.join(', ')} FROM ${from}`));
  }
  return out;
}

const qlist = `[${QUANTILE_P.join(', ')}]`;
const lit = (w: number) => `CAST('${w}' AS DOUBLE)`;

/** Profile every column of a typed relation (numbers as DOUBLE, datetimes as epoch ms, others VARCHAR). */
export async function profileRelation(db: Db, relation: string, schema: Schema, options: ProfileOptions = {}): Promise<Profile> {
  const wanted = options.columns ? new Set(options.columns) : null;
  const cols = schema.columns.filter((c) => !wanted || wanted.has(c.name));
  const from = ident(relation);
  const rows = Number((await db.one(`SELECT count(*) AS n FROM ${from}`))!.n);
  const exact = rows <= (options.exactQuantileRows ?? EXACT_QUANTILE_ROWS);

  // Scan 1: counts, moments, distinct counts and the distinct sketch.
  options.onProgress?.('moments');
  const s1 = await selectBatched(
    db,
    from,
    cols.map((c, j) => {
      const x = ident(c.name);
      const p = `c${j}_`;
      const parts = [
        `count(${x}) AS ${p}nn`,
        `count(DISTINCT ${x}) AS ${p}d`,
        `min(DISTINCT hash(${x}), ${KMV_K}) FILTER (WHERE ${x} IS NOT NULL) AS ${p}h`,
      ];
      if (isNumericType(c.type)) {
        parts.push(`min(${x}) AS ${p}mn`, `max(${x}) AS ${p}mx`, `fsum(${x}) AS ${p}sum`);
        parts.push(`count(*) FILTER (WHERE ${x} = 0) AS ${p}z`);
      }
      return parts;
    }),
  );

  const numeric = cols.map((c) => isNumericType(c.type));
  const nn = cols.map((_, j) => num(s1[`c${j}_nn`]) ?? 0);
  const distinct = cols.map((_, j) => num(s1[`c${j}_d`]) ?? 0);
  const low = cols.map((_, j) => distinct[j]! <= LOW_CARDINALITY);
  // Mean from a compensated sum, then M2 around it in the second scan (two-pass: accurate, and the same
  // on every run whatever the order threads add up partial sums).
  const means = cols.map((_, j) => (numeric[j] && nn[j]! > 0 ? num(s1[`c${j}_sum`])! / nn[j]! : null));
  const widths = cols.map((c, j) => {
    const mn = num(s1[`c${j}_mn`]);
    const mx = num(s1[`c${j}_mx`]);
    return numeric[j] && mn !== null && mx !== null ? binWidth(mn, mx, c.type !== 'numeric') : null;
  });
  // Quantiles come from the value counts of low-cardinality columns; the others need an aggregate.
  const needQ = cols.map((_, j) => numeric[j]! && nn[j]! > 0 && !low[j]);

  // Scan 2: every value's count for low-cardinality columns; binned counts (and exact quantiles on tables
  // small enough) for the other numeric columns.
  options.onProgress?.('histograms');
  const s2 = await selectBatched(
    db,
    from,
    cols.map((c, j) => {
      const x = ident(c.name);
      if (nn[j] === 0) return [];
      const parts: string[] = [];
      if (means[j] !== null) parts.push(`fsum((${x} - ${lit(means[j]!)}) ** 2) AS c${j}_m2`);
      if (low[j]) return [...parts, `map_entries(histogram(${x})) AS c${j}_v`];
      if (widths[j] !== null) parts.push(`map_entries(histogram(CAST(floor(${x} / ${lit(widths[j]!)}) AS BIGINT))) AS c${j}_b`);
      if (needQ[j] && exact) parts.push(`quantile_cont(${x}, ${qlist}) AS c${j}_q`);
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
        await selectBatched(db, from, cols.map((c, j) => (needQ[j] ? [`approx_quantile(${ident(c.name)}, ${qlist}) AS c${j}_q`] : []))),
      );
    } finally {
      await db.run(`SET threads = ${Number(threads)}`);
    }
  }

  // Top values of high-cardinality columns (skipped when every value is unique).
  options.onProgress?.('top values');
  const tops = new Map<number, ValueCount[]>();
  const high = cols.map((_, j) => j).filter((j) => !low[j] && nn[j]! > 0 && distinct[j]! < nn[j]!);
  for (const b of batches(high, BATCH)) {
    const sql = b
      .map((j) => {
        const x = ident(cols[j]!.name);
        const v = numeric[j] ? `CAST(${x} AS DOUBLE)` : `CAST(${x} AS VARCHAR)`;
        return `(SELECT ${j} AS j, ${numeric[j] ? `${v} AS num, NULL::VARCHAR AS str` : `NULL::DOUBLE AS num, ${v} AS str`}, count(*) AS n
          FROM ${from} WHERE ${x} IS NOT NULL GROUP BY ALL ORDER BY n DESC, 2, 3 LIMIT ${TOP_K})`;
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
    const values = (s2[`${p}v`] as { key: unknown; value: unknown }[] | undefined)?.map((e) => ({ key: e.key, count: Number(e.value) }));
    let qv = s2[`${p}q`] as number[] | null | undefined;
    if (isNum && values) qv = quantilesOfCounts(values as { key: number; count: number }[], QUANTILE_P);
    const sketch = ((s1[`${p}h`] as number[] | null) ?? []).map((h) => Number(h) / HASH_SCALE).sort((a, b) => a - b);
    let top: ValueCount[];
    if (values) {
      const sorted = [...values].sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
      top = sorted.slice(0, TOP_K).map((e) => ({ value: formatValue(c.type, e.key), count: e.count }));
    } else top = tops.get(j) ?? [];
    let histogram: Histogram | null = null;
    if (isNum) {
      const mn = num(s1[`${p}mn`])!;
      const mx = num(s1[`${p}mx`])!;
      const w = widths[j]!;
      histogram = emptyHistogram(mn, mx, w);
      const k0 = firstBin(histogram);
      if (values) for (const e of values) histogram.counts[binIndex(Number(e.key), w) - k0]! += e.count;
      else for (const e of s2[`${p}b`] as { key: unknown; value: unknown }[]) histogram.counts[Number(e.key) - k0]! += Number(e.value);
    }
    return {
      name: c.name,
      type: c.type,
      count: rows,
      nulls: rows - nonNull,
      distinct: distinct[j]!,
      distinctExact: true,
      min: isNum ? num(s1[`${p}mn`]) : null,
      max: isNum ? num(s1[`${p}mx`]) : null,
      mean: isNum ? means[j]! : null,
      m2: isNum ? num(s2[`${p}m2`]) : null,
      zeros: numeric[j] ? (num(s1[`${p}z`]) ?? 0) : null,
      quantiles: isNum && qv ? { p: [...QUANTILE_P], values: qv.map(Number), exact: exact || values !== undefined } : null,
      histogram,
      top,
      topComplete: distinct[j]! <= TOP_K,
      sketch,
    };
  });
  return { rows, columns };
}

/** Quantiles interpolated between order statistics at (n - 1) p, like DuckDB's quantile_cont and pandas. */
export function quantilesOfCounts(values: { key: number; count: number }[], ps: number[]): number[] {
  const sorted = [...values].sort((a, b) => a.key - b.key);
  const n = sorted.reduce((s, v) => s + v.count, 0);
  // The value at 0-based order statistic i.
  const at = (i: number) => {
    let cum = 0;
    for (const v of sorted) {
      cum += v.count;
      if (i < cum) return v.key;
    }
    return sorted[sorted.length - 1]!.key;
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
