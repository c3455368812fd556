/**
 * quasi_constant: a feature where one value fills at least `share` of the present cells (near-zero
 * variance, as caret's nzv). The few other rows give a model little to learn from and make splits and
 * coefficients unstable across folds. Info: rare values sometimes matter (a fraud flag); the rows holding
 * them are listed. Columns with a single value are constant_column's.
 *
 * defaults: share 0.99.
 */
import { ident, literal } from '../../data/db.js';
import { formatValue } from '../../profile/format.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { columnsWithRole, num, pct, plural, profiles, rowsWhere, show, valueCounts } from './support.js';

interface Dominant {
  column: string;
  value: string;
  count: number;
  present: number;
  distinct: number;
  others: { value: string; count: number }[];
  rows: number[];
}

export const quasiConstant: Check<Dominant[]> = {
  id: 'quasi_constant',
  description: 'Features where one value fills nearly every cell',
  defaults: { share: 0.99 },
  async compute(ctx, t) {
    const share = t?.share ?? 0.99;
    const prof = await profiles(ctx);
    const out: Dominant[] = [];
    for (const c of columnsWithRole(ctx, 'feature')) {
      const p = prof.get(c.name);
      const top = p?.top[0];
      const present = p ? p.count - p.nulls : 0;
      if (!p || !top || p.distinct < 2 || top.count / present < share) continue;
      const counts = await valueCounts(ctx, c.name);
      const mode = counts[0]!.value;
      const x = ident(c.name);
      out.push({
        column: c.name,
        value: formatValue(c.type, mode),
        count: counts[0]!.count,
        present,
        distinct: p.distinct,
        others: counts.slice(1, 11).map((v) => ({ value: formatValue(c.type, v.value), count: v.count })),
        rows: await rowsWhere(
          ctx,
          `${x} IS NOT NULL AND ${x} <> ${typeof mode === 'number' ? num(mode) : literal(mode)}`,
        ),
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
          check: 'quasi_constant',
          severity: 'info',
          columns: [d.column],
          rows: d.rows,
          count: others,
          value: share,
          threshold: t.share!,
          message: `${d.column} is ${show(d.value)} in ${pct(share)} of its values; only ${plural(others, 'row')} differ`,
          fix: 'Drop the column (mlqa clean), or keep it only if the rare values are known to matter (then check they reach every fold).',
          evidence: {
            value: d.value,
            count: d.count,
            present: d.present,
            distinct: d.distinct,
            others: d.others,
          },
        });
      });
  },
};
