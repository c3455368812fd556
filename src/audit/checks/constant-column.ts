/**
 * constant_column: a feature or target holding a single value in every row where it is present (columns
 * with no value at all are reported by missing_values). A constant feature carries no information
 * (warning; info when missing cells make a second "value", so only missingness varies); a target with one
 * class or value leaves nothing to learn (error). Distinct values are counted on typed values ("1" and
 * "1.0" are one value).
 *
 * defaults: max_distinct 1.
 */
import { finding, type Severity } from '../../report/finding.js';
import type { Check } from '../check.js';
import { modelColumns, plural, profiles, show } from './support.js';

interface Constant {
  column: string;
  target: boolean;
  distinct: number;
  missing: number;
  rows: number;
  value: string | null;
}

export const constantColumn: Check<Constant[]> = {
  id: 'constant_column',
  description: 'Columns holding a single value',
  defaults: { max_distinct: 1 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    const out: Constant[] = [];
    for (const c of modelColumns(ctx)) {
      const p = prof.get(c.name);
      // One present value says nothing about being constant.
      if (!p || p.distinct === 0 || p.count - p.nulls < 2) continue;
      out.push({
        column: c.name,
        target: c.role === 'target',
        distinct: p.distinct,
        missing: p.nulls,
        rows: p.count,
        value: p.top[0]?.value ?? null,
      });
    }
    return out;
  },
  condition(value, t) {
    return value
      .filter((c) => c.distinct <= t.max_distinct!)
      .map((c) => {
        const severity: Severity = c.target ? 'error' : c.missing === 0 ? 'warning' : 'info';
        const what = c.target ? `target ${c.column}` : c.column;
        return finding({
          check: 'constant_column',
          severity,
          columns: [c.column],
          count: c.rows - c.missing,
          value: c.distinct,
          threshold: t.max_distinct!,
          message:
            c.missing > 0
              ? `${what} holds only ${show(c.value)} apart from ${plural(c.missing, 'missing cell')}`
              : `${what} holds the single value ${show(c.value)} in all ${plural(c.rows, 'row')}`,
          fix: c.target
            ? 'Check the target column and the rows selected: a model needs at least two classes or values to learn from.'
            : c.missing > 0
              ? 'Replace the column by a missing-value indicator, or drop it (mlqa clean).'
              : 'Drop the column: it cannot help a model (mlqa clean).',
          evidence: { distinct: c.distinct, missing: c.missing, value: c.value },
        });
      });
  },
};
