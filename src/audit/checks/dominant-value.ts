/**
 * dominant_value: a feature where one value fills nearly every non-missing cell (quasi-constant, like
 * caret's near-zero variance). The few other rows give a model little to learn from and make splits and
 * coefficients unstable across folds.
 */
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { columnsWithRole, pct, plural, profiles, show } from './support.js';

interface Dominant {
  column: string;
  value: string;
  count: number;
  present: number;
  distinct: number;
}

export const dominantValue: Check<Dominant[]> = {
  id: 'dominant_value',
  description: 'Features where one value fills nearly every cell',
  defaults: { share: 0.99 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    const out: Dominant[] = [];
    for (const c of columnsWithRole(ctx, 'feature')) {
      const p = prof.get(c.name);
      const top = p?.top[0];
      if (!p || !top || p.distinct < 2) continue;
      out.push({
        column: c.name,
        value: top.value,
        count: top.count,
        present: p.count - p.nulls,
        distinct: p.distinct,
      });
    }
    return out;
  },
  condition(value, t) {
    return value
      .filter((d) => d.count / d.present >= t.share!)
      .map((d) => {
        const share = d.count / d.present;
        const others = d.present - d.count;
        return finding({
          check: 'dominant_value',
          severity: 'info',
          columns: [d.column],
          count: others,
          value: share,
          threshold: t.share!,
          message: `${d.column} is ${show(d.value)} in ${pct(share)} of its values; only ${plural(others, 'row')} differ`,
          fix: 'Drop the column, or keep it only if the rare values are known to matter (then check they reach every fold).',
          evidence: { value: d.value, count: d.count, present: d.present, distinct: d.distinct },
        });
      });
  },
};
