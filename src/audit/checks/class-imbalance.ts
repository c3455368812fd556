/**
 * class_imbalance: the classes of a classification target (decided as training decides it). The smallest
 * class at less than `min_ratio` of the largest is info, under `warning_ratio` a warning: accuracy then
 * says little, and a model may never predict the small class. Classes with fewer than `min_class_rows`
 * rows are a warning of their own: too few to learn from or to reach every stratified fold.
 */
import { ident, literal } from '../../data/db.js';
import { encodeTarget } from '../../data/matrix.js';
import { formatValue } from '../../profile/format.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { listed, num, plural, rowsWhere, show, valueCounts } from './support.js';

interface Classes {
  target: string;
  classes: { value: string; count: number }[];
  /** Rows of the classes below `min_class_rows`. */
  smallRows: number[];
}

export const classImbalance: Check<Classes | null> = {
  id: 'class_imbalance',
  description: 'Uneven or tiny classes in a classification target',
  defaults: { min_ratio: 0.2, warning_ratio: 0.1, min_class_rows: 10 },
  applies: (ctx) => ctx.target !== undefined,
  async compute(ctx, t) {
    const target = ctx.target!;
    const c = ctx.schema.columns.find((x) => x.name === target)!;
    try {
      if (encodeTarget(ctx.frame, target).task === 'regression') return null;
    } catch {
      return null;
    }
    const counts = await valueCounts(ctx, target);
    const minRows = t?.min_class_rows ?? 10;
    const small = counts
      .filter((v) => v.count < minRows)
      .map((v) => (typeof v.value === 'number' ? num(v.value) : literal(v.value)));
    return {
      target,
      classes: counts.map((v) => ({ value: formatValue(c.type, v.value), count: v.count })),
      smallRows: small.length > 0 ? await rowsWhere(ctx, `${ident(target)} IN (${small.join(', ')})`) : [],
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
    const tiny = classes.filter((c) => c.count < t.min_class_rows!);
    if (tiny.length > 0) {
      const rows = tiny.reduce((s, c) => s + c.count, 0);
      out.push(
        finding({
          check: 'class_imbalance',
          severity: 'warning',
          columns: [target],
          rows: value.smallRows,
          count: rows,
          value: tiny[tiny.length - 1]!.count,
          threshold: t.min_class_rows!,
          message: `${target} has ${plural(tiny.length, 'class', 'classes')} with fewer than ${t.min_class_rows} rows: ${listed(tiny.map((c) => `${show(c.value)} (${c.count})`))}`,
          fix: 'Collect more rows of these classes, merge them with a related class, or drop them: a model cannot learn them and stratified folds cannot all hold them.',
          evidence,
        }),
      );
    }
    return out;
  },
};
