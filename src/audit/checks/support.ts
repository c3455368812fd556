/**
 * What the per-column and expectation checks share: the column profiles of the audited table (taken from
 * the runner, or computed once per audit), value counts per column, row numbers matching a condition, the
 * cells a typed column could not read, and wording helpers. Everything here runs in SQL over every row.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import { type ColumnSchema, cleanText, isNumericType, type Role, typedExpr } from '../../data/schema.js';
import { profileRelation } from '../../profile/profile.js';
import type { ColumnProfile, Profile } from '../../profile/types.js';
import { MAX_ROWS_LISTED } from '../../report/finding.js';
import type { AuditContext } from '../check.js';

/** Per-audit caches, keyed on the context so nothing outlives the audit. */
const caches = new WeakMap<AuditContext, Map<string, Promise<unknown>>>();

/** Compute `make()` once per audit context and key. */
export function once<T>(ctx: AuditContext, key: string, make: () => Promise<T>): Promise<T> {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    cache.set(key, p);
  }
  return p;
}

/** Column profiles over every row: the runner's, or profiled once here. */
export function profileOf(ctx: AuditContext): Promise<Profile> {
  if (ctx.profile) return Promise.resolve(ctx.profile);
  return once(ctx, 'profile', () => profileRelation(ctx.table.db, ctx.view, ctx.schema));
}

export async function profiles(ctx: AuditContext): Promise<Map<string, ColumnProfile>> {
  return new Map((await profileOf(ctx)).columns.map((c) => [c.name, c]));
}

/** Columns with one of the roles, in table order. */
export function columnsWithRole(ctx: AuditContext, ...roles: Role[]): ColumnSchema[] {
  return ctx.schema.columns.filter((c) => roles.includes(c.role));
}

/** Features and the target: the columns a model reads. */
export function modelColumns(ctx: AuditContext): ColumnSchema[] {
  return columnsWithRole(ctx, 'feature', 'target');
}

/** SQL for a finite number as a DOUBLE literal. */
export function num(v: number): string {
  return `CAST('${v}' AS DOUBLE)`;
}

/** Data-row numbers (1-based, file order) where `condition` holds on the typed view, at most `limit`. */
export async function rowsWhere(
  ctx: AuditContext,
  condition: string,
  limit = MAX_ROWS_LISTED,
  from = ctx.view,
): Promise<number[]> {
  const rows = await ctx.table.db.columns(
    `SELECT ${ROW} FROM ${ident(from)} WHERE ${condition} ORDER BY ${ROW} LIMIT ${limit}`,
  );
  return (rows.values[0] ?? []).map(Number);
}

/** Rows where `condition` holds on the typed view. */
export async function countWhere(ctx: AuditContext, condition: string, from = ctx.view): Promise<number> {
  return Number((await ctx.table.db.one(`SELECT count(*) AS n FROM ${ident(from)} WHERE ${condition}`))!.n);
}

export interface ValueCount {
  /** The typed value: a number for numeric, boolean and datetime columns, a string otherwise. */
  value: number | string;
  count: number;
}

/** Every distinct non-missing value of a column with its count, most frequent first (ties by value). */
export function valueCounts(ctx: AuditContext, column: string): Promise<ValueCount[]> {
  return once(ctx, `values:${column}`, async () => {
    const q = ident(column);
    const res = await ctx.table.db.columns(
      `SELECT ${q} AS v, count(*) AS n FROM ${ident(ctx.view)} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v`,
    );
    const [vs = [], ns = []] = res.values;
    // Typed values of number-like columns may arrive as DECIMAL text (booleans are 1.0 / 0.0).
    const type = ctx.schema.columns.find((c) => c.name === column)?.type;
    const numeric = type !== undefined && isNumericType(type);
    return vs.map((v, i) => ({ value: numeric ? Number(v) : String(v), count: Number(ns[i]) }));
  });
}

/** Cells of a column holding text that its type cannot read (they are missing in the typed view). */
export interface ParseFailures {
  column: string;
  /** Cells that hold something (not a null token) but did not parse. */
  count: number;
  /** Cells holding something. */
  present: number;
  /** The most frequent unreadable values with their counts. */
  examples: { value: string; count: number }[];
  rows: number[];
}

/** True when the column's typed value is parsed out of text (so some cells may fail to parse). */
export function parsedFromText(c: ColumnSchema): boolean {
  return c.storage === 'VARCHAR' && c.type !== 'categorical' && c.type !== 'text' && c.type !== 'identifier';
}

/** SQL condition: the raw cell holds something its typed expression cannot read. */
export function unreadable(c: ColumnSchema): string {
  return `(${cleanText(c.name)} IS NOT NULL AND (${typedExpr(c)}) IS NULL)`;
}

/**
 * Where per-cell SQL over a raw (text) column should read from: for a column with few distinct values
 * (at most a quarter of the rows), its value counts, so that text functions run once per distinct value
 * rather than once per row; otherwise the raw table. `weight` is the number of rows each line stands for.
 */
export async function rawSource(
  ctx: AuditContext,
  c: ColumnSchema,
): Promise<{ from: string; weight: string }> {
  const distinct = (await profiles(ctx)).get(c.name)?.distinct ?? Number.POSITIVE_INFINITY;
  const raw = ident(ctx.table.name);
  if (distinct > ctx.table.rowCount / 4) return { from: raw, weight: '1' };
  return {
    from: `(SELECT ${ident(c.name)}, count(*) AS __n FROM ${raw} GROUP BY 1)`,
    weight: '__n',
  };
}

/** For each column, the number of rows where each of its named SQL conditions holds (one statement for all). */
export async function rawCounts(
  ctx: AuditContext,
  cols: ColumnSchema[],
  measures: (c: ColumnSchema) => Record<string, string>,
): Promise<Record<string, number>[]> {
  if (cols.length === 0) return [];
  const parts = await Promise.all(
    cols.map(async (c, j) => {
      const { from, weight } = await rawSource(ctx, c);
      const sel = Object.entries(measures(c)).map(
        ([k, cond]) => `coalesce(sum(${weight}) FILTER (WHERE ${cond}), 0) AS ${ident(k)}`,
      );
      return `SELECT ${j} AS __j, ${sel.join(', ')} FROM ${from}`;
    }),
  );
  const out: Record<string, number>[] = cols.map(() => ({}));
  for (const r of await ctx.table.db.rows(parts.join(' UNION ALL '))) {
    const o = out[Number(r.__j)]!;
    for (const [k, v] of Object.entries(r)) if (k !== '__j') o[k] = Number(v);
  }
  return out;
}

/** The most frequent raw values (shown as `value`) of column `c` where `cond` holds, with their counts. */
export async function rawExamples(
  ctx: AuditContext,
  c: ColumnSchema,
  cond: string,
  value: string,
  limit = 5,
): Promise<{ value: string; count: number }[]> {
  const { from, weight } = await rawSource(ctx, c);
  const ex = await ctx.table.db.rows(
    `SELECT ${value} AS v, sum(${weight}) AS n FROM ${from} WHERE ${cond} GROUP BY 1 ORDER BY n DESC, v LIMIT ${limit}`,
  );
  return ex.map((e) => ({ value: String(e.v), count: Number(e.n) }));
}

/** Unreadable cells of text-stored typed columns, measured on the raw table (on value counts where few). */
export async function parseFailures(ctx: AuditContext, columns: ColumnSchema[]): Promise<ParseFailures[]> {
  // An unreadable cell is missing in the typed view: columns with no missing value there have none.
  const prof = await profiles(ctx);
  const cols = columns.filter((c) => parsedFromText(c) && (prof.get(c.name)?.nulls ?? 1) > 0);
  const counts = await rawCounts(ctx, cols, (c) => ({
    f: unreadable(c),
    p: `${cleanText(c.name)} IS NOT NULL`,
  }));
  const out: ParseFailures[] = [];
  for (const [j, c] of cols.entries()) {
    const count = counts[j]!.f!;
    if (count === 0) continue;
    const cond = unreadable(c);
    out.push({
      column: c.name,
      count,
      present: counts[j]!.p!,
      examples: await rawExamples(ctx, c, cond, cleanText(c.name)),
      rows: await rowsWhere(ctx, cond, MAX_ROWS_LISTED, ctx.table.name),
    });
  }
  return out;
}

/** "3 rows", "1 row". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** A share as a percentage for messages: 0.0123 -> "1.23%", tiny shares keep one significant digit. */
export function pct(share: number): string {
  const p = share * 100;
  if (p === 0 || p >= 10) return `${Number(p.toFixed(1))}%`;
  if (p >= 0.01) return `${Number(p.toFixed(2))}%`;
  return `${Number(p.toPrecision(1))}%`;
}

/** A value quoted for a message: strings in quotes (whitespace visible), numbers as they are. */
export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A list for a message: the first `max` items, then "and N more". */
export function listed(items: string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The distinct non-missing values of a numeric column in ascending order (NaN last), with their counts. */
export interface NumericCounts {
  values: Float64Array;
  counts: Float64Array;
}

/** Columns with at most this many distinct values (and at most a quarter of the rows) are read as counts. */
export const MAX_COUNTED = 100_000;

/**
 * A numeric column's value counts (one aggregation, cached per audit), or null when it has too many
 * distinct values: statistics of a column with few distinct values (counts, codes, rounded measures) are
 * then computed in memory from the counts instead of scanning and sorting every row.
 */
export function numericCounts(ctx: AuditContext, column: string): Promise<NumericCounts | null> {
  return once(ctx, `numeric-counts:${column}`, async () => {
    const distinct = (await profiles(ctx)).get(column)?.distinct ?? Number.POSITIVE_INFINITY;
    if (distinct > MAX_COUNTED || distinct > ctx.table.rowCount / 4) return null;
    const q = ident(column);
    const { values } = await ctx.table.db.columns(
      `SELECT ${q} AS v, count(*) AS n FROM ${ident(ctx.view)} WHERE ${q} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    const [vs = [], ns = []] = values;
    return { values: Float64Array.from(vs, Number), counts: Float64Array.from(ns, Number) };
  });
}

/**
 * Quantiles of the values of `c` selected by `keep` (their indices), interpolated between order
 * statistics at (n - 1) p like DuckDB's quantile_cont; null when none is selected. With `transform` (an
 * increasing function such as Math.log), the quantiles of the transformed values.
 */
export function countedQuantiles(
  c: NumericCounts,
  ps: number[],
  keep: (i: number) => boolean,
  transform: (x: number) => number = (x) => x,
): number[] | null {
  const idx: number[] = [];
  const cum: number[] = [];
  let n = 0;
  for (let i = 0; i < c.values.length; i++) {
    if (!keep(i)) continue;
    n += c.counts[i]!;
    idx.push(i);
    cum.push(n);
  }
  if (n === 0) return null;
  const at = (k: number) => {
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return transform(c.values[idx[lo]!]!);
  };
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const x0 = at(lo);
    if (h === lo) return x0;
    return x0 + (h - lo) * (at(lo + 1) - x0);
  });
}

/** Median absolute deviation from `median` of the values selected by `keep` (as DuckDB's mad). */
export function countedMad(c: NumericCounts, median: number, keep: (i: number) => boolean): number | null {
  const order: number[] = [];
  for (let i = 0; i < c.values.length; i++) if (keep(i)) order.push(i);
  const dev = order.map((i) => Math.abs(c.values[i]! - median));
  const byDev = order.map((_, k) => k).sort((a, b) => dev[a]! - dev[b]!);
  const d: NumericCounts = {
    values: Float64Array.from(byDev, (k) => dev[k]!),
    counts: Float64Array.from(byDev, (k) => c.counts[order[k]!]!),
  };
  return countedQuantiles(d, [0.5], () => true)?.[0] ?? null;
}

/** Sum of the counts of the values of `c` selected by `keep`. */
export function countWhereCounted(c: NumericCounts, keep: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < c.values.length; i++) if (keep(i)) n += c.counts[i]!;
  return n;
}
