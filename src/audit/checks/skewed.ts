/**
 * skewed: numeric features (and a numeric target) whose sample skewness g1 = m3 / m2^1.5 (the biased
 * moment estimator, as scipy.stats.skew with bias=True) exceeds `abs_skew` in absolute value, over every
 * row. Linear, distance-based and neural models fit such columns poorly; tree models do not mind. Columns
 * with fewer than 3 distinct values are skipped, and so are values disguised_missing takes for placeholders.
 * Info.
 *
 * defaults: abs_skew 2.
 */
import { ident } from '../../data/db.js';
import type { ColumnSchema } from '../../data/schema.js';
import { formatNumber } from '../../profile/format.js';
import { compensatedSum } from '../../profile/profile.js';
import { quantile } from '../../profile/types.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { DISGUISED_DEFAULTS, finite, judgePlaceholders, placeholderScan } from './disguised-missing.js';
import { modelColumns, num, numericCounts, profiles } from './support.js';

interface Skew {
  column: string;
  target: boolean;
  skewness: number;
  mean: number;
  median: number | null;
  min: number;
  max: number;
}

/** Columns per scan. */
const BATCH = 32;

export const skewed: Check<Skew[]> = {
  id: 'skewed',
  description: 'Numeric columns with a strongly skewed distribution (|skewness| > 2)',
  defaults: { abs_skew: 2 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    const skips = new Map(
      (await placeholderScan(ctx, DISGUISED_DEFAULTS)).map((s) => [
        s.column,
        judgePlaceholders(s, DISGUISED_DEFAULTS).map((p) => p.value),
      ]),
    );
    // Moments of the finite values, placeholders left out.
    const keep = (name: string) => {
      const skip = skips.get(name) ?? [];
      const f = finite(ident(name));
      return skip.length > 0 ? `(${f} AND ${ident(name)} NOT IN (${skip.map(num).join(', ')}))` : f;
    };
    const threads = Number((await ctx.table.db.one(`SELECT current_setting('threads') AS t`))!.t);
    const order = new Map(ctx.schema.columns.map((c, j) => [c.name, j]));
    const cols: { c: ColumnSchema; mean: number; median: number | null; min: number; max: number }[] = [];
    for (const c of modelColumns(ctx)) {
      const p = prof.get(c.name);
      if ((c.type !== 'numeric' && c.type !== 'integer') || !p || p.distinct < 3 || p.mean === null) continue;
      const allFinite = [p.mean, p.min, p.max].every((v) => v !== null && Number.isFinite(v));
      if (!skips.get(c.name)?.length && allFinite) {
        cols.push({ c, mean: p.mean, median: quantile(p, 0.5), min: p.min!, max: p.max! });
        continue;
      }
      // Placeholders (disguised_missing's) left out: 99999999 would make any column look skewed; so are
      // infinite values (outliers reports them).
      const x = ident(c.name);
      const r = (await ctx.table.db.one(
        `SELECT fsum(${x}) / count(${x}) AS m, quantile_cont(${x}, 0.5) AS md, min(${x}) AS lo, max(${x}) AS hi FROM ${ident(ctx.view)} WHERE ${keep(c.name)}`,
      ))!;
      if (r.m === null) continue;
      cols.push({ c, mean: Number(r.m), median: Number(r.md), min: Number(r.lo), max: Number(r.hi) });
    }
    // Compensated sums: accurate, and the same on every run whatever order threads add partial sums in.
    const out: Skew[] = [];
    const push = (col: (typeof cols)[number], mean: number, m2: number, m3: number) => {
      if (!(m2 > 0)) return;
      const { c, median, min, max } = col;
      out.push({
        column: c.name,
        target: c.role === 'target',
        skewness: m3 / m2 ** 1.5,
        mean,
        median,
        min,
        max,
      });
    };
    // Columns with few distinct values: moments from their value counts, summed in a fixed order.
    const scanned: typeof cols = [];
    for (const col of cols) {
      const counts = await numericCounts(ctx, col.c.name);
      if (!counts) {
        scanned.push(col);
        continue;
      }
      const skip = new Set(skips.get(col.c.name) ?? []);
      const { values: v, counts: n } = counts;
      const kept: number[] = [];
      for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!) && !skip.has(v[i]!)) kept.push(i);
      const total = compensatedSum(kept.map((i) => n[i]!));
      if (total === 0) continue;
      const mean = compensatedSum(kept.map((i) => v[i]! * n[i]!)) / total;
      const m2 = compensatedSum(kept.map((i) => n[i]! * (v[i]! - mean) ** 2)) / total;
      const m3 = compensatedSum(kept.map((i) => n[i]! * (v[i]! - mean) ** 3)) / total;
      push(col, mean, m2, m3);
    }
    // The others in SQL, on one thread so that the sums come out the same on every run.
    if (scanned.length > 0) await ctx.table.db.run('SET threads = 1');
    try {
      await scanMoments(scanned);
    } finally {
      if (scanned.length > 0) await ctx.table.db.run(`SET threads = ${threads}`);
    }
    return out.sort((a, b) => order.get(a.column)! - order.get(b.column)!);

    async function scanMoments(cols: typeof scanned) {
      for (let b = 0; b < cols.length; b += BATCH) {
        const batch = cols.slice(b, b + BATCH);
        const sel = batch.map(({ c, mean }, j) => {
          const d = `(${ident(c.name)} - ${num(mean)})`;
          const f = `FILTER (WHERE ${keep(c.name)})`;
          return `fsum(${d} * ${d}) ${f} / count(*) ${f} AS m2_${j}, fsum(${d} * ${d} * ${d}) ${f} / count(*) ${f} AS m3_${j}`;
        });
        const r = (await ctx.table.db.one(`SELECT ${sel.join(', ')} FROM ${ident(ctx.view)}`))!;
        for (const [j, col] of batch.entries())
          push(col, col.mean, Number(r[`m2_${j}`]), Number(r[`m3_${j}`]));
      }
    }
  },
  condition(value, t) {
    return value
      .filter((s) => Math.abs(s.skewness) > t.abs_skew!)
      .map((s) => {
        const right = s.skewness > 0;
        return finding({
          check: 'skewed',
          severity: 'info',
          columns: [s.column],
          value: s.skewness,
          threshold: t.abs_skew!,
          message: `${s.target ? 'target ' : ''}${s.column} is strongly ${right ? 'right' : 'left'}-skewed (skewness ${formatNumber(s.skewness, 3)}; mean ${formatNumber(s.mean)}, median ${formatNumber(s.median)})`,
          fix: s.target
            ? 'For a regression target, consider predicting log(1 + y) or a loss suited to skewed targets.'
            : `For linear, distance-based or neural models apply a ${right && s.min >= 0 ? 'log(1 + x)' : 'Yeo-Johnson'} transform (mlqa clean); tree models do not need it.`,
          evidence: { skewness: s.skewness, mean: s.mean, median: s.median, min: s.min, max: s.max },
        });
      });
  },
};
