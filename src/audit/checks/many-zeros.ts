/**
 * many_zeros: numeric features where 0 is at least `share` of the present values (zero-inflated: counts of
 * rare events, amounts that are usually nothing). Such a column is two signals in one, whether the value
 * is 0 and how large it is otherwise; a single transform or a linear term fits it badly, and a 0 that means
 * "unknown" biases everything. Columns with fewer than 3 distinct values (flags) and columns that are 0 in
 * at least `max_share` of the values (quasi_constant's) are skipped. Info.
 *
 * defaults: share 0.5, max_share 0.99.
 */
import { formatNumber } from '../../profile/format.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { columnsWithRole, pct, plural, profiles } from './support.js';

interface Zeros {
  column: string;
  zeros: number;
  present: number;
  distinct: number;
  max: number;
}

export const manyZeros: Check<Zeros[]> = {
  id: 'many_zeros',
  description: 'Numeric features that are mostly zero',
  defaults: { share: 0.5, max_share: 0.99 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    const out: Zeros[] = [];
    for (const c of columnsWithRole(ctx, 'feature')) {
      if (c.type !== 'numeric' && c.type !== 'integer') continue;
      const p = prof.get(c.name);
      if (!p || p.zeros === null || p.zeros === 0 || p.distinct < 3) continue;
      out.push({
        column: c.name,
        zeros: p.zeros,
        present: p.count - p.nulls,
        distinct: p.distinct,
        max: p.max!,
      });
    }
    return out;
  },
  condition(value, t) {
    return value
      .filter((z) => z.zeros / z.present >= t.share! && z.zeros / z.present < t.max_share!)
      .map((z) => {
        const share = z.zeros / z.present;
        return finding({
          check: 'many_zeros',
          severity: 'info',
          columns: [z.column],
          count: z.zeros,
          value: share,
          threshold: t.share!,
          message: `${z.column} is 0 in ${plural(z.zeros, 'row')} (${pct(share)} of its values); the others go up to ${formatNumber(z.max)}`,
          fix: 'Add an "is zero" indicator next to the value for linear models, or use a tree model; if 0 stands for "unknown", set it to missing (mlqa clean).',
          evidence: { zeros: z.zeros, present: z.present, distinct: z.distinct, max: z.max },
        });
      });
  },
};
