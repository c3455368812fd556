/**
 * rare_categories: levels of a categorical feature held by fewer than `min_count` rows. A model cannot
 * learn them, cross-validation folds miss them, and unseen levels at prediction time follow. Columns with
 * more than `max_levels` levels are left to high_cardinality.
 */
import { ident, literal } from '../../data/db.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { columnsWithRole, listed, plural, profiles, rowsWhere, show, valueCounts } from './support.js';

interface Rare {
  column: string;
  levels: number;
  rare: { value: string; count: number }[];
  rows: number[];
}

export const rareCategories: Check<Rare[]> = {
  id: 'rare_categories',
  description: 'Categorical levels held by very few rows',
  defaults: { min_count: 5, max_levels: 50 },
  async compute(ctx, t) {
    const minCount = t?.min_count ?? 5;
    const maxLevels = t?.max_levels ?? 50;
    const prof = await profiles(ctx);
    const out: Rare[] = [];
    for (const c of columnsWithRole(ctx, 'feature')) {
      const d = prof.get(c.name)?.distinct ?? 0;
      if (c.type !== 'categorical' || d < 2 || d > maxLevels) continue;
      const rare = (await valueCounts(ctx, c.name))
        .filter((v) => v.count < minCount)
        .map((v) => ({ value: String(v.value), count: v.count }));
      if (rare.length === 0) continue;
      out.push({
        column: c.name,
        levels: d,
        rare,
        rows: await rowsWhere(ctx, `${ident(c.name)} IN (${rare.map((r) => literal(r.value)).join(', ')})`),
      });
    }
    return out;
  },
  condition(value, t) {
    return value.map((r) => {
      const rows = r.rare.reduce((s, v) => s + v.count, 0);
      return finding({
        check: 'rare_categories',
        severity: 'info',
        columns: [r.column],
        rows: r.rows,
        count: rows,
        value: r.rare.length,
        threshold: t.min_count!,
        message: `${r.column} has ${plural(r.rare.length, 'level')} of ${r.levels} with fewer than ${t.min_count} rows: ${listed(r.rare.map((v) => `${show(v.value)} (${v.count})`))}`,
        fix: 'Merge rare levels into an "other" level, or check them for typos.',
        evidence: { levels: r.levels, rare: r.rare.slice(0, 50) },
      });
    });
  },
};
