/**
 * missing_values: columns with missing cells (null tokens, empty cells, or values their type cannot read).
 * Info below `warning_share` of rows, warning from it; any missing target value is a warning, since those
 * rows cannot be used to train or to evaluate. Columns with no value at all are left to constant_column.
 */
import { ident } from '../../data/db.js';
import type { Role } from '../../data/schema.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { pct, plural, profiles, rowsWhere } from './support.js';

interface Missing {
  column: string;
  role: Role;
  missing: number;
  rows: number;
  listed: number[];
}

export const missingValues: Check<Missing[]> = {
  id: 'missing_values',
  description: 'Columns with missing cells',
  defaults: { warning_share: 0.05 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    const out: Missing[] = [];
    for (const c of ctx.schema.columns) {
      const p = prof.get(c.name);
      if (c.role === 'ignored' || !p || p.nulls === 0 || p.nulls === p.count) continue;
      out.push({
        column: c.name,
        role: c.role,
        missing: p.nulls,
        rows: p.count,
        listed: await rowsWhere(ctx, `${ident(c.name)} IS NULL`),
      });
    }
    return out;
  },
  condition(value, t) {
    return value.map((m) => {
      const share = m.missing / m.rows;
      const target = m.role === 'target';
      return finding({
        check: 'missing_values',
        severity: target || share >= t.warning_share! ? 'warning' : 'info',
        columns: [m.column],
        rows: m.listed,
        count: m.missing,
        value: share,
        threshold: t.warning_share!,
        message: target
          ? `target ${m.column} is missing in ${plural(m.missing, 'row')} (${pct(share)}); they cannot be used to train or evaluate`
          : `${m.column} is missing in ${plural(m.missing, 'row')} (${pct(share)})`,
        fix: target
          ? 'Label the rows or drop them before training.'
          : share >= 0.5
            ? 'Most values are missing: drop the column, or keep only a missing-value indicator.'
            : 'Impute inside the training pipeline (median or most frequent value), adding a missing-value indicator if missingness may carry signal.',
        evidence: { missing: m.missing, rows: m.rows, role: m.role },
      });
    });
  },
};
