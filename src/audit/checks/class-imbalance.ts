/**
 * class_imbalance: the classes of a classification target (decided as training decides it). The smallest
 * class at less than `min_ratio` of the largest is info, under `warning_ratio` a warning: accuracy then
 * says little, and a model may never predict the small class. Classes too small to learn from at all are
 * small_sample's (one fact, one finding).
 *
 * defaults: min_ratio 0.2, warning_ratio 0.1.
 */
import { ident } from '../../data/db.js';
import { encodeTarget } from '../../data/matrix.js';
import { typedExpr } from '../../data/schema.js';
import { formatValue } from '../../profile/format.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { plural, show, valueCounts } from './support.js';

interface Classes {
  target: string;
  classes: { value: string; count: number }[];
}

export const classImbalance: Check<Classes | null> = {
  id: 'class_imbalance',
  description: 'Uneven classes in a classification target (smallest class far below the largest)',
  defaults: { min_ratio: 0.2, warning_ratio: 0.1 },
  applies: (ctx) => ctx.target !== undefined,
  async compute(ctx) {
    const target = ctx.target!;
    const c = ctx.schema.columns.find((x) => x.name === target)!;
    try {
      if (encodeTarget(ctx.frame, target).task === 'regression') return null;
    } catch {
      return null;
    }
    const counts = await valueCounts(ctx, target);
    // A yes/no target read as boolean is named by its most frequent spelling in the file, not true/false.
    const spelling = new Map<number | string, string>();
    if (c.type === 'boolean' && c.storage === 'VARCHAR') {
      const rows = await ctx.table.db.rows(
        `SELECT ${typedExpr(c)} AS b, trim(${ident(c.name)}) AS s, count(*) AS n FROM ${ident(ctx.table.name)} GROUP BY 1, 2 ORDER BY n DESC, s`,
      );
      for (const r of rows)
        if (r.b !== null && !spelling.has(Number(r.b))) spelling.set(Number(r.b), String(r.s));
    }
    return {
      target,
      classes: counts.map((v) => ({
        value: spelling.get(v.value) ?? formatValue(c.type, v.value),
        count: v.count,
      })),
    };
  },
  condition(value, t) {
    if (!value || value.classes.length < 2) return [];
    const { target, classes } = value;
    const largest = classes[0]!;
    const smallest = classes[classes.length - 1]!;
    const ratio = smallest.count / largest.count;
    const total = classes.reduce((s, c) => s + c.count, 0);
    const evidence = { classes: classes.slice(0, 50), total };
    const out: Finding[] = [];
    if (ratio < t.min_ratio!) {
      out.push(
        finding({
          check: 'class_imbalance',
          severity: ratio < t.warning_ratio! ? 'warning' : 'info',
          columns: [target],
          count: smallest.count,
          value: ratio,
          threshold: ratio < t.warning_ratio! ? t.warning_ratio! : t.min_ratio!,
          message: `${target} is imbalanced: the smallest class ${show(smallest.value)} has ${plural(smallest.count, 'row')}, ${(1 / ratio).toFixed(1)} times fewer than ${show(largest.value)} (${largest.count.toLocaleString('en-US')})`,
          fix: 'Evaluate with balanced accuracy, F1, PR AUC or log loss rather than accuracy; stratify splits; consider class weights.',
          evidence,
        }),
      );
    }
    return out;
  },
};
