/**
 * sentinel_values: numbers that stand for "missing" or "not applicable" in a numeric column: -1, -9, -99,
 * -999 ... below a column that is otherwise never negative, and 99, 999, 9999 ... (negative or positive)
 * lying beyond every other value and past the far-out fence (Q1 - k IQR, Q3 + k IQR, with k =
 * `iqr_factor`; quartiles of the other values). Statistics and models take them as real magnitudes.
 */
import { ident } from '../../data/db.js';
import { finding, MAX_ROWS_LISTED } from '../../report/finding.js';
import type { AuditContext, Check, Thresholds } from '../check.js';
import { listed, modelColumns, num, once, pct, plural, profiles, rowsWhere } from './support.js';

export interface SentinelCandidate {
  value: number;
  count: number;
  rows: number[];
}

/** A numeric column holding values shaped like placeholders, with what decides whether they are. */
export interface SentinelColumn {
  column: string;
  present: number;
  /** Smallest and largest value that is not placeholder-shaped. */
  lo: number;
  hi: number;
  q1: number;
  q3: number;
  candidates: SentinelCandidate[];
}

export const SENTINEL_DEFAULTS: Thresholds = { iqr_factor: 3 };

/** SQL: the value has the shape of a placeholder (-1, or all nines with an optional minus sign). */
const shaped = (x: string) =>
  `(${x} = -1 OR (${x} = floor(${x}) AND abs(${x}) >= 9 AND abs(${x}) < 1e18 AND regexp_full_match(CAST(CAST(abs(${x}) AS BIGINT) AS VARCHAR), '9+')))`;

/** Numeric model columns holding placeholder-shaped values (one scan, cached per audit). */
export function sentinelCandidates(ctx: AuditContext): Promise<SentinelColumn[]> {
  return once(ctx, 'sentinel-candidates', async () => {
    const prof = await profiles(ctx);
    const cols = modelColumns(ctx).filter((c) => {
      const p = prof.get(c.name);
      return (c.type === 'numeric' || c.type === 'integer') && p !== undefined && p.count > p.nulls;
    });
    if (cols.length === 0) return [];
    const sel = cols.map((c, j) => {
      const x = ident(c.name);
      return `histogram(${x}) FILTER (WHERE ${shaped(x)}) AS h${j}, min(${x}) FILTER (WHERE NOT ${shaped(x)}) AS lo${j}, max(${x}) FILTER (WHERE NOT ${shaped(x)}) AS hi${j}`;
    });
    const r = (await ctx.table.db.one(`SELECT ${sel.join(', ')} FROM ${ident(ctx.view)}`))!;
    const found = cols
      .map((c, j) => ({ c, j, h: r[`h${j}`] as { key: unknown; value: unknown }[] | null }))
      .filter(({ h, j }) => h && h.length > 0 && r[`lo${j}`] !== null);
    if (found.length === 0) return [];
    // Quartiles of the other values, so that frequent placeholders do not move their own fence.
    const qs = (await ctx.table.db.one(
      `SELECT ${found.map(({ c, j }) => `quantile_cont(${ident(c.name)}, [0.25, 0.75]) FILTER (WHERE NOT ${shaped(ident(c.name))}) AS q${j}`).join(', ')} FROM ${ident(ctx.view)}`,
    ))!;
    const out: SentinelColumn[] = [];
    for (const { c, j, h } of found) {
      const [q1, q3] = (qs[`q${j}`] as unknown[]).map(Number) as [number, number];
      const candidates: SentinelCandidate[] = [];
      for (const e of h!) {
        const value = Number(e.key);
        candidates.push({
          value,
          count: Number(e.value),
          rows: await rowsWhere(ctx, `${ident(c.name)} = ${num(value)}`),
        });
      }
      const p = prof.get(c.name)!;
      out.push({
        column: c.name,
        present: p.count - p.nulls,
        lo: Number(r[`lo${j}`]),
        hi: Number(r[`hi${j}`]),
        q1,
        q3,
        candidates,
      });
    }
    return out;
  });
}

/** The candidates that are placeholders at fence factor `k`, most frequent first. */
export function sentinelsOf(c: SentinelColumn, k: number): SentinelCandidate[] {
  const spread = c.q3 - c.q1 > 0 ? c.q3 - c.q1 : c.hi - c.lo;
  return c.candidates
    .filter(
      ({ value: v }) =>
        (v < 0 && c.lo >= 0) ||
        (spread > 0 && ((v > c.hi && v >= c.q3 + k * spread) || (v < c.lo && v <= c.q1 - k * spread))),
    )
    .sort((a, b) => b.count - a.count || a.value - b.value);
}

export const sentinelValues: Check<SentinelColumn[]> = {
  id: 'sentinel_values',
  description: 'Placeholder numbers (-1, 999, -9999 ...) standing for missing values',
  defaults: SENTINEL_DEFAULTS,
  compute: sentinelCandidates,
  condition(value, t) {
    return value.flatMap((c) => {
      const found = sentinelsOf(c, t.iqr_factor!);
      if (found.length === 0) return [];
      const count = found.reduce((a, v) => a + v.count, 0);
      const rows = found
        .flatMap((f) => f.rows)
        .sort((a, b) => a - b)
        .slice(0, MAX_ROWS_LISTED);
      const one = found.length === 1;
      return [
        finding({
          check: 'sentinel_values',
          severity: 'warning',
          columns: [c.column],
          rows,
          count,
          value: count / c.present,
          threshold: t.iqr_factor!,
          message: `${c.column} holds ${listed(found.map((v) => `${v.value} (${plural(v.count, 'row')})`))}, far from every other value (${c.lo} to ${c.hi}): ${one ? 'a placeholder' : 'placeholders'} for missing? (${pct(count / c.present)} of values)`,
          fix: `If ${one ? 'it means' : 'they mean'} "unknown", replace with missing before training: models and statistics read ${one ? 'it' : 'them'} as real magnitudes.`,
          evidence: {
            values: found.map(({ value, count }) => ({ value, count })),
            range: [c.lo, c.hi],
            quartiles: [c.q1, c.q3],
          },
        }),
      ];
    });
  },
};
