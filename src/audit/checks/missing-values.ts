/**
 * missing_values: missing cells per column (empty cells, null spellings such as 'NA' or '?', and values the
 * column's type cannot read), over every row; and rows where every feature is missing.
 *
 * Severity per column: info for any missing cell, warning from `warning_share` of the rows, error from
 * `error_share` (the column is mostly empty). A missing target is at least a warning: those rows can be
 * neither trained on nor evaluated. Rows with no feature at all are a warning. A column whose missing
 * cells are all written one unusual way ("None" in every one of them) is left to disguised_missing: the
 * spelling may name a category ("no veneer") rather than a missing value.
 *
 * defaults: warning_share 0.05, error_share 0.5.
 */
import { ident } from '../../data/db.js';
import type { Role } from '../../data/schema.js';
import { type Finding, finding, type Severity } from '../../report/finding.js';
import type { AuditContext, Check } from '../check.js';
import { nullSpellings, onlyUnusualSpelling } from './disguised-missing.js';
import { countWhere, pct, plural, profiles, rowsWhere } from './support.js';

interface ColumnMissing {
  column: string;
  role: Role;
  missing: number;
  rows: number;
  listed: number[];
}

interface Missing {
  columns: ColumnMissing[];
  /** Rows where every feature is missing (only with two or more features). */
  empty: { features: string[]; count: number; rows: number[] } | null;
}

async function emptyRows(ctx: AuditContext): Promise<Missing['empty']> {
  if (ctx.features.length < 2) return null;
  const cond = ctx.features.map((f) => `${ident(f)} IS NULL`).join(' AND ');
  const count = await countWhere(ctx, cond);
  return count === 0 ? null : { features: ctx.features, count, rows: await rowsWhere(ctx, cond) };
}

export const missingValues: Check<Missing> = {
  id: 'missing_values',
  description: 'Missing cells per column, and rows with no feature at all',
  defaults: { warning_share: 0.05, error_share: 0.5 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    const spelled = new Map((await nullSpellings(ctx)).map((s) => [s.column, s]));
    const columns: ColumnMissing[] = [];
    for (const c of ctx.schema.columns) {
      const p = prof.get(c.name);
      if (c.role === 'ignored' || !p || p.nulls === 0) continue;
      // Every "missing" cell spelled "None" (say): maybe a category, maybe missing; disguised_missing asks.
      const s = spelled.get(c.name);
      if (s && onlyUnusualSpelling(s, p.nulls)) continue;
      columns.push({
        column: c.name,
        role: c.role,
        missing: p.nulls,
        rows: p.count,
        listed: await rowsWhere(ctx, `${ident(c.name)} IS NULL`),
      });
    }
    return { columns, empty: await emptyRows(ctx) };
  },
  condition(value, t) {
    const out: Finding[] = value.columns.map((m) => {
      const share = m.missing / m.rows;
      const target = m.role === 'target';
      let severity: Severity =
        share >= t.error_share! ? 'error' : share >= t.warning_share! ? 'warning' : 'info';
      if (target && severity === 'info') severity = 'warning';
      const all = m.missing === m.rows;
      return finding({
        check: 'missing_values',
        severity,
        columns: [m.column],
        rows: m.listed,
        count: m.missing,
        value: share,
        threshold: severity === 'error' ? t.error_share! : t.warning_share!,
        message: all
          ? `${target ? 'target ' : ''}${m.column} has no value in any of ${plural(m.rows, 'row')}`
          : target
            ? `target ${m.column} is missing in ${plural(m.missing, 'row')} (${pct(share)}): they can be neither trained on nor evaluated`
            : `${m.column} is missing in ${plural(m.missing, 'row')} (${pct(share)})`,
        fix: target
          ? 'Label those rows, or drop them before training (mlqa clean drops rows without a target).'
          : share >= t.error_share!
            ? 'Most values are missing: drop the column, or keep only a missing-value indicator (mlqa clean).'
            : 'Impute inside the training pipeline (median or most frequent value), with a missing-value indicator if missingness may carry signal (mlqa clean).',
        evidence: { missing: m.missing, rows: m.rows, role: m.role },
      });
    });
    const e = value.empty;
    if (e) {
      const rows = value.columns[0]?.rows ?? e.count;
      out.push(
        finding({
          check: 'missing_values',
          severity: 'warning',
          columns: e.features,
          rows: e.rows,
          count: e.count,
          value: e.count / rows,
          threshold: null,
          message: `${plural(e.count, 'row')} ${e.count === 1 ? 'has' : 'have'} no value in any of the ${e.features.length} features`,
          fix: 'Drop these rows: a model can only predict a constant for them (mlqa clean).',
          evidence: { features: e.features.length, rows: e.count },
        }),
      );
    }
    return out;
  },
};
