/**
 * outliers: values of a numeric feature or target far from the bulk, by two robust rules that must both
 * agree, over every row in SQL:
 *  - Tukey's far-out fences: outside [Q1 - k IQR, Q3 + k IQR] (k = `iqr_factor`; quartiles interpolated like
 *    pandas' default);
 *  - robust z-score: |x - median| / (1.4826 MAD) > `mad_z` (Iglewicz-Hoaglin; skipped when MAD is 0).
 * Columns with fewer than `min_distinct` distinct values (counts, codes) or no spread between the quartiles
 * are skipped, and so are values disguised_missing takes for placeholders. Columns with fewer than
 * `scale_distinct` values (scores on a short scale) report gross outliers only. When more than `max_share` of a
 * column's values fall outside, they describe its shape (a long tail, a mass of zeros: see skewed,
 * many_zeros), not a few bad values, and nothing is reported.
 *
 * Severity: info, since in skewed columns far values are often real. Warning when some of them are gross:
 * a positive value outside the k-IQR fences of log(x) and at least `gross_ratio` times above (or below)
 * the median (a wrong unit or a slipped decimal point, not a long tail); for values <= 0 or columns with a
 * median <= 0, beyond `gross_factor` IQR from the quartiles.
 *
 * defaults: iqr_factor 3, mad_z 3.5, max_share 0.05, gross_ratio 10, gross_factor 10, min_distinct 10,
 * scale_distinct 20.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import { formatNumber } from '../../profile/format.js';
import { finding, MAX_ROWS_LISTED } from '../../report/finding.js';
import type { AuditContext, Check, Thresholds } from '../check.js';
import { DISGUISED_DEFAULTS, finite, judgePlaceholders, placeholderScan } from './disguised-missing.js';
import {
  countedMad,
  countedQuantiles,
  countWhereCounted,
  modelColumns,
  num,
  numericCounts,
  pct,
  plural,
  profiles,
  rowsWhere,
} from './support.js';

export const OUTLIER_DEFAULTS: Thresholds = {
  iqr_factor: 3,
  mad_z: 3.5,
  max_share: 0.05,
  gross_ratio: 10,
  gross_factor: 10,
  min_distinct: 10,
  scale_distinct: 20,
};

/** MAD scaled to estimate the standard deviation of normal data. */
const MAD_SCALE = 1.4826;

export interface ColumnOutliers {
  column: string;
  present: number;
  q1: number;
  median: number;
  q3: number;
  mad: number;
  lower: number;
  upper: number;
  /** Placeholder values left out. */
  excluded: number[];
  below: number;
  above: number;
  /** Outliers that are gross (see the header). */
  gross: number;
  /** The most extreme outliers, farthest from the median first. */
  extremes: { row: number; value: number; z: number | null }[];
  rows: number[];
}

const fmt = (v: number) => formatNumber(v, 6);

/** Infinite (or NaN) values of a numeric column: no statistic or model can use them. */
export interface NonFinite {
  column: string;
  count: number;
  /** Each kind ('inf', '-inf', 'NaN') with its count, most frequent first. */
  kinds: { value: string; count: number }[];
  rows: number[];
}

export interface Outliers {
  columns: ColumnOutliers[];
  nonFinite: NonFinite[];
}

const kindOf = (v: number) => (Number.isNaN(v) ? 'NaN' : v > 0 ? 'inf' : '-inf');

/** Numeric model columns holding infinite or NaN values, with their rows (read off the profile first). */
async function nonFiniteValues(ctx: AuditContext): Promise<NonFinite[]> {
  const prof = await profiles(ctx);
  const cols = modelColumns(ctx).filter((c) => {
    const p = prof.get(c.name);
    return (
      (c.type === 'numeric' || c.type === 'integer') &&
      p !== undefined &&
      p.min !== null &&
      (!Number.isFinite(p.min) || !Number.isFinite(p.max) || (p.mean !== null && !Number.isFinite(p.mean)))
    );
  });
  const out: NonFinite[] = [];
  for (const c of cols) {
    const x = ident(c.name);
    const cond = `NOT ${finite(x)}`;
    const kinds = await ctx.table.db.rows(
      `SELECT ${x} AS v, count(*) AS n FROM ${ident(ctx.view)} WHERE ${cond} GROUP BY 1 ORDER BY n DESC, 1`,
    );
    if (kinds.length === 0) continue;
    const list = kinds.map((k) => ({ value: kindOf(Number(k.v)), count: Number(k.n) }));
    out.push({
      column: c.name,
      count: list.reduce((a, k) => a + k.count, 0),
      kinds: list,
      rows: await rowsWhere(ctx, cond),
    });
  }
  return out;
}

/** Outliers per column at thresholds `t` (columns with none are left out), and infinite values. */
export async function findOutliers(ctx: AuditContext, t: Thresholds): Promise<Outliers> {
  return { columns: await fenceOutliers(ctx, t), nonFinite: await nonFiniteValues(ctx) };
}

/** Values beyond both robust rules, over the finite values of each column. */
async function fenceOutliers(ctx: AuditContext, t: Thresholds): Promise<ColumnOutliers[]> {
  const db = ctx.table.db;
  const from = ident(ctx.view);
  const skips = new Map(
    (await placeholderScan(ctx, DISGUISED_DEFAULTS)).map((s) => [
      s.column,
      judgePlaceholders(s, DISGUISED_DEFAULTS).map((p) => p.value),
    ]),
  );
  const prof = await profiles(ctx);
  const cols = modelColumns(ctx).filter(
    (c) =>
      (c.type === 'numeric' || c.type === 'integer') && (prof.get(c.name)?.distinct ?? 0) >= t.min_distinct!,
  );
  if (cols.length === 0) return [];
  // Statistics and fences use the finite values; infinite ones (and NaN) are counted apart.
  const keep = (name: string) => {
    const skip = skips.get(name) ?? [];
    const f = finite(ident(name));
    return skip.length > 0 ? `(${f} AND ${ident(name)} NOT IN (${skip.map(num).join(', ')}))` : f;
  };
  // Quartiles, median, MAD and quartiles of log(x): from the value counts of columns with few distinct values,
  // in one SQL scan for the others.
  interface Stats {
    present: number;
    q: number[] | null;
    mad: number;
    lq: number[] | null;
  }
  const stats = new Map<string, Stats>();
  const scanned: typeof cols = [];
  for (const c of cols) {
    const counts = await numericCounts(ctx, c.name);
    if (!counts) {
      scanned.push(c);
      continue;
    }
    const skip = new Set(skips.get(c.name) ?? []);
    const v = counts.values;
    const kept = (i: number) => Number.isFinite(v[i]!) && !skip.has(v[i]!);
    const q = countedQuantiles(counts, [0.25, 0.5, 0.75], kept);
    stats.set(c.name, {
      present: countWhereCounted(counts, (i) => Number.isFinite(v[i]!)),
      q,
      mad: q ? countedMad(counts, q[1]!, kept)! : Number.NaN,
      lq: countedQuantiles(counts, [0.25, 0.75], (i) => kept(i) && v[i]! > 0, Math.log),
    });
  }
  if (scanned.length > 0) {
    const r = (await db.one(
      `SELECT ${scanned
        .map((c, j) => {
          const x = ident(c.name);
          const f = `FILTER (WHERE ${keep(c.name)})`;
          return `quantile_cont(${x}, [0.25, 0.5, 0.75]) ${f} AS q${j}, mad(${x}) ${f} AS m${j}, count(${x}) FILTER (WHERE ${finite(x)}) AS p${j}, quantile_cont(ln(CASE WHEN ${x} > 0 THEN ${x} END), [0.25, 0.75]) FILTER (WHERE ${keep(c.name)} AND ${x} > 0) AS lq${j}`;
        })
        .join(', ')} FROM ${from}`,
    ))!;
    for (const [j, c] of scanned.entries()) {
      const q = r[`q${j}`] as unknown[] | null;
      const lq = r[`lq${j}`] as unknown[] | null;
      stats.set(c.name, {
        present: Number(r[`p${j}`]),
        q: q ? q.map(Number) : null,
        mad: Number(r[`m${j}`]),
        lq: lq ? lq.map(Number) : null,
      });
    }
  }
  const out: ColumnOutliers[] = [];
  for (const c of cols) {
    const st = stats.get(c.name)!;
    if (st.q === null) continue;
    const [q1, median, q3] = st.q as [number, number, number];
    const iqr = q3 - q1;
    if (!(iqr > 0)) continue;
    const mad = st.mad;
    const lower = q1 - t.iqr_factor! * iqr;
    const upper = q3 + t.iqr_factor! * iqr;
    const x = ident(c.name);
    const z = mad > 0 ? `abs(${x} - ${num(median)}) / ${num(MAD_SCALE * mad)}` : null;
    const far = `(${x} < ${num(lower)} OR ${x} > ${num(upper)})`;
    let cond = `(${far}${z ? ` AND ${z} > ${num(t.mad_z!)}` : ''} AND ${keep(c.name)})`;
    // Gross: for positive values of a column with a positive median, outside the fences of log(x) and at least
    // `gross_ratio` times away from the median; otherwise beyond `gross_factor` IQR from the quartiles.
    const linear = `(${x} < ${num(q1 - t.gross_factor! * iqr)} OR ${x} > ${num(q3 + t.gross_factor! * iqr)})`;
    let grossCond = linear;
    if (median > 0 && st.lq) {
      const [l1, l3] = st.lq as [number, number];
      const li = l3 - l1;
      const lx = `ln(CASE WHEN ${x} > 0 THEN ${x} END)`;
      const logFar =
        li > 0
          ? `(${lx} < ${num(l1 - t.iqr_factor! * li)} OR ${lx} > ${num(l3 + t.iqr_factor! * li)})`
          : 'true';
      const ratio = `(${x} >= ${num(t.gross_ratio! * median)} OR ${x} <= ${num(median / t.gross_ratio!)})`;
      grossCond = `(CASE WHEN ${x} > 0 THEN ${logFar} AND ${ratio} ELSE ${linear} END)`;
    }
    // On a short scale (a 0-15 score) values at its ends are not outliers; only gross ones are.
    if ((prof.get(c.name)?.distinct ?? 0) < t.scale_distinct!) cond = `(${cond} AND ${grossCond})`;
    // Counted on the value counts where the column has them (one row per distinct value).
    const counted = !scanned.includes(c);
    const src = counted
      ? `(SELECT ${x}, count(*) AS __n FROM ${from} WHERE ${x} IS NOT NULL GROUP BY 1)`
      : from;
    const w = counted ? 'sum(__n)' : 'count(*)';
    const r = (await db.one(
      `SELECT coalesce(${w} FILTER (WHERE ${x} < ${num(median)}), 0) AS b, coalesce(${w} FILTER (WHERE ${x} > ${num(median)}), 0) AS a, coalesce(${w} FILTER (WHERE ${grossCond}), 0) AS g FROM ${src} WHERE ${cond}`,
    ))!;
    const below = Number(r.b);
    const above = Number(r.a);
    // Many "outliers" describe the shape of the column (a long tail, a mass of zeros), not a few bad values.
    if (below + above === 0 || (below + above) / st.present > t.max_share!) continue;
    // One scan finds the rows outside: the 5 most extreme (k = 1) and the first listed in file order (k = 2).
    const hits = await db.rows(
      `WITH o AS MATERIALIZED (SELECT ${ROW} AS r, ${x} AS v FROM ${from} WHERE ${cond})
       SELECT 1 AS k, r, v FROM (SELECT r, v FROM o ORDER BY abs(v - ${num(median)}) DESC, r LIMIT 5)
       UNION ALL SELECT 2 AS k, r, v FROM (SELECT r, v FROM o ORDER BY r LIMIT ${MAX_ROWS_LISTED})`,
    );
    const distance = (h: Record<string, unknown>) => Math.abs(Number(h.v) - median);
    const ex = hits
      .filter((h) => Number(h.k) === 1)
      .sort((a, b) => distance(b) - distance(a) || Number(a.r) - Number(b.r));
    const listed = hits
      .filter((h) => Number(h.k) === 2)
      .map((h) => Number(h.r))
      .sort((a, b) => a - b);
    out.push({
      column: c.name,
      present: st.present,
      q1,
      median,
      q3,
      mad,
      lower,
      upper,
      excluded: skips.get(c.name) ?? [],
      below,
      above,
      gross: Number(r.g),
      extremes: ex.map((e) => {
        const v = Number(e.v);
        return { row: Number(e.r), value: v, z: mad > 0 ? Math.abs(v - median) / (MAD_SCALE * mad) : null };
      }),
      rows: listed,
    });
  }
  return out;
}

export const outliers: Check<Outliers> = {
  id: 'outliers',
  description:
    'Numeric values beyond the far-out fences (Q1 - 3 IQR, Q3 + 3 IQR) and a robust z-score of 3.5',
  defaults: OUTLIER_DEFAULTS,
  compute(ctx, t) {
    return findOutliers(ctx, { ...OUTLIER_DEFAULTS, ...t });
  },
  condition(value, t) {
    const fences = value.columns.map((o) => {
      const n = o.below + o.above;
      const sides = [
        o.below > 0 ? `${o.below.toLocaleString('en-US')} below ${fmt(o.lower)}` : '',
        o.above > 0 ? `${o.above.toLocaleString('en-US')} above ${fmt(o.upper)}` : '',
      ].filter(Boolean);
      const extreme = o.extremes[0]!;
      return finding({
        check: 'outliers',
        severity: o.gross > 0 ? 'warning' : 'info',
        columns: [o.column],
        rows: o.rows,
        count: n,
        value: n / o.present,
        threshold: t.iqr_factor!,
        message: `${o.column} has ${plural(n, 'outlier')} (${pct(n / o.present)}): ${sides.join(', ')}; most extreme ${fmt(extreme.value)} at row ${extreme.row}${o.gross > 0 ? `, ${plural(o.gross, 'gross value')}` : ''}`,
        fix:
          o.gross > 0
            ? 'Check the listed rows for unit or decimal-point errors and correct them; if they are errors that cannot be fixed, set them to missing (mlqa clean).'
            : 'Check the rows; if the values are real, prefer robust models or a log transform to dropping them, or clip them (mlqa clean: winsorize).',
        evidence: {
          q1: o.q1,
          median: o.median,
          q3: o.q3,
          mad: o.mad,
          fences: [o.lower, o.upper],
          below: o.below,
          above: o.above,
          gross: o.gross,
          extremes: o.extremes,
          excluded: o.excluded,
        },
      });
    });
    const infinite = value.nonFinite.map((v) =>
      finding({
        check: 'outliers',
        severity: 'warning',
        columns: [v.column],
        rows: v.rows,
        count: v.count,
        value: v.count,
        threshold: 0,
        message: `${v.column} holds ${plural(v.count, 'non-finite value')}: ${v.kinds.map((k) => `${k.value} (${k.count.toLocaleString('en-US')})`).join(', ')}, first at row ${v.rows[0]}; sums, means and most models fail on them`,
        fix: 'Find where they come from (a division by zero, an overflow, a log of 0) and correct them, or set them to missing (mlqa clean).',
        evidence: { kinds: v.kinds },
      }),
    );
    return [...infinite, ...fences];
  },
};
