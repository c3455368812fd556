/**
 * outliers: values of a numeric feature or target beyond Tukey's far-out fences, Q1 - k IQR and
 * Q3 + k IQR (k = `iqr_factor`, quartiles interpolated like pandas over every row). Columns with few
 * distinct values (counts, codes) or no spread between the quartiles are skipped, and so are values that
 * sentinel_values takes for placeholders. Info: in skewed columns far values are often real.
 */
import { ident } from '../../data/db.js';
import { formatNumber } from '../../profile/format.js';
import { quantile } from '../../profile/types.js';
import { finding } from '../../report/finding.js';
import type { AuditContext, Check } from '../check.js';
import { modelColumns, num, pct, plural, profiles, rowsWhere } from './support.js';

const fmt = (v: number) => formatNumber(v, 6);

import { SENTINEL_DEFAULTS, sentinelCandidates, sentinelsOf } from './sentinel-values.js';

interface Tail {
  column: string;
  q1: number;
  q3: number;
  present: number;
  /** Placeholder values left out. */
  excluded: number[];
  /** The fence factor the counts are for. */
  k: number;
  below: number;
  above: number;
  lowest: number | null;
  highest: number | null;
  rows: number[];
}

/** Fewer distinct values than this: a count or a code, where "outlier" means little. */
const MIN_DISTINCT = 10;

export const OUTLIER_DEFAULTS = { iqr_factor: 3 };

/** Values outside the fences at factor k, per column (columns with none are left out). */
export async function outlierTails(ctx: AuditContext, k: number): Promise<Tail[]> {
  const prof = await profiles(ctx);
  const placeholders = new Map(
    (await sentinelCandidates(ctx)).map((s) => [
      s.column,
      sentinelsOf(s, SENTINEL_DEFAULTS.iqr_factor!).map((x) => x.value),
    ]),
  );
  const cols = modelColumns(ctx)
    .filter((c) => c.type === 'numeric' || c.type === 'integer')
    .map((c) => ({ c, p: prof.get(c.name)! }))
    .filter(({ p }) => p && p.distinct > MIN_DISTINCT)
    .map(({ c, p }) => ({
      name: c.name,
      present: p.count - p.nulls,
      q1: quantile(p, 0.25),
      q3: quantile(p, 0.75),
    }))
    .filter(
      (c): c is { name: string; present: number; q1: number; q3: number } =>
        c.q1 !== null && c.q3 !== null && c.q3 > c.q1,
    );
  if (cols.length === 0) return [];
  const cond = (name: string, q1: number, q3: number) => {
    const x = ident(name);
    const skip = placeholders.get(name) ?? [];
    const keep = skip.length > 0 ? ` AND ${x} NOT IN (${skip.map(num).join(', ')})` : '';
    return {
      below: `(${x} < ${num(q1 - k * (q3 - q1))}${keep})`,
      above: `(${x} > ${num(q3 + k * (q3 - q1))}${keep})`,
    };
  };
  const sel = cols.map((c, j) => {
    const { below, above } = cond(c.name, c.q1, c.q3);
    const x = ident(c.name);
    return `count(*) FILTER (WHERE ${below}) AS b${j}, count(*) FILTER (WHERE ${above}) AS a${j}, min(${x}) FILTER (WHERE ${below}) AS lo${j}, max(${x}) FILTER (WHERE ${above}) AS hi${j}`;
  });
  const r = (await ctx.table.db.one(`SELECT ${sel.join(', ')} FROM ${ident(ctx.view)}`))!;
  const out: Tail[] = [];
  for (const [j, c] of cols.entries()) {
    const below = Number(r[`b${j}`]);
    const above = Number(r[`a${j}`]);
    if (below + above === 0) continue;
    const f = cond(c.name, c.q1, c.q3);
    out.push({
      column: c.name,
      q1: c.q1,
      q3: c.q3,
      present: c.present,
      excluded: placeholders.get(c.name) ?? [],
      k,
      below,
      above,
      lowest: r[`lo${j}`] === null ? null : Number(r[`lo${j}`]),
      highest: r[`hi${j}`] === null ? null : Number(r[`hi${j}`]),
      rows: await rowsWhere(ctx, `(${f.below} OR ${f.above})`),
    });
  }
  return out;
}

export const outliers: Check<Tail[]> = {
  id: 'outliers',
  description: "Numeric values beyond Tukey's far-out fences (Q1 - 3 IQR, Q3 + 3 IQR)",
  defaults: OUTLIER_DEFAULTS,
  compute(ctx, t) {
    return outlierTails(ctx, t?.iqr_factor ?? OUTLIER_DEFAULTS.iqr_factor);
  },
  condition(value) {
    return value.map((o) => {
      const n = o.below + o.above;
      const iqr = o.q3 - o.q1;
      const sides = [
        o.below > 0
          ? `${o.below.toLocaleString('en-US')} below ${fmt(o.q1 - o.k * iqr)} (lowest ${fmt(o.lowest!)})`
          : '',
        o.above > 0
          ? `${o.above.toLocaleString('en-US')} above ${fmt(o.q3 + o.k * iqr)} (highest ${fmt(o.highest!)})`
          : '',
      ].filter(Boolean);
      return finding({
        check: 'outliers',
        severity: 'info',
        columns: [o.column],
        rows: o.rows,
        count: n,
        value: n / o.present,
        threshold: o.k,
        message: `${o.column} has ${plural(n, 'value')} (${pct(n / o.present)}) beyond ${o.k} IQR from the quartiles: ${sides.join(', ')}`,
        fix: 'Check the rows: correct data-entry errors; for real but extreme values prefer robust models or a log transform over dropping them.',
        evidence: {
          q1: o.q1,
          q3: o.q3,
          below: o.below,
          above: o.above,
          lowest: o.lowest,
          highest: o.highest,
          excluded: o.excluded,
        },
      });
    });
  },
};
