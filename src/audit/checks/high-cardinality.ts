/**
 * high_cardinality: a categorical feature with many levels. Nearly one level per row (at least
 * `unique_share` of present values distinct) means the column names rows rather than describing them, a
 * warning; more than `max_distinct` levels is info: one-hot encoding would add that many columns.
 *
 * defaults: max_distinct 50, unique_share 0.9.
 */
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { columnsWithRole, pct, profiles } from './support.js';

interface Cardinality {
  column: string;
  distinct: number;
  present: number;
}

/** Below this many present values, "nearly unique" says little. */
const MIN_PRESENT = 20;

export const highCardinality: Check<Cardinality[]> = {
  id: 'high_cardinality',
  description: 'Categorical features with very many levels',
  defaults: { max_distinct: 50, unique_share: 0.9 },
  async compute(ctx) {
    const prof = await profiles(ctx);
    return columnsWithRole(ctx, 'feature')
      .filter((c) => c.type === 'categorical')
      .map((c) => {
        const p = prof.get(c.name)!;
        return { column: c.name, distinct: p.distinct, present: p.count - p.nulls };
      });
  },
  condition(value, t) {
    return value.flatMap((c) => {
      const share = c.present > 0 ? c.distinct / c.present : 0;
      const unique = c.present >= MIN_PRESENT && share >= t.unique_share!;
      if (!unique && c.distinct <= t.max_distinct!) return [];
      return [
        finding({
          check: 'high_cardinality',
          severity: unique ? 'warning' : 'info',
          columns: [c.column],
          count: c.distinct,
          value: c.distinct,
          threshold: unique ? t.unique_share! : t.max_distinct!,
          message: unique
            ? `${c.column} has ${c.distinct.toLocaleString('en-US')} distinct values in ${c.present.toLocaleString('en-US')} rows (${pct(share)} unique): it identifies rows rather than describing them`
            : `${c.column} has ${c.distinct.toLocaleString('en-US')} distinct values`,
          fix: unique
            ? 'Mark it as an identifier (--id) or drop it; if it is free text, extract features from it instead.'
            : 'Group rare levels, or use an encoding that does not grow with the levels (target or frequency encoding, native categorical splits).',
          evidence: { distinct: c.distinct, present: c.present, unique_share: share },
        }),
      ];
    });
  },
};
