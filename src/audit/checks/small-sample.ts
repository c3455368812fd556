/**
 * small_sample: too few rows for what is asked of them. Two rules, each a warning with its numbers:
 *  - fewer than `rows_per_feature` (default 10) rows with a target (all rows without one) per feature
 *    column: models overfit and validation scores swing from split to split;
 *  - a class (classification target) with fewer than `min_class_rows` (default 20) rows: too few to
 *    learn the class, and 5-fold cross-validation tests it on under 4 rows per fold.
 * Counts are SQL over every row.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import { type Finding, finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { display, isClassification, num, plural, targetSql } from '../stats/context.js';

export interface SmallSample {
  /** Rows with a target (all rows without one). */
  rows: number;
  features: number;
  /** Columns after one-hot encoding categorical features (one per level beyond the first). */
  encodedWidth: number;
  /** Class counts, largest first (classification only). */
  classes: { label: string; count: number }[] | null;
  /** Rows of each class, for the classes below 100 rows (at most 1000 in all). */
  classRows: Record<string, number[]>;
}

export const smallSample: Check<SmallSample> = {
  id: 'small_sample',
  description: 'Too few rows for the number of features, or for a class.',
  defaults: { rows_per_feature: 10, min_class_rows: 20 },
  applies: (ctx) => ctx.features.length > 0,
  async compute(ctx) {
    const db = ctx.table.db;
    const v = ident(ctx.view);
    const byName = new Map(ctx.schema.columns.map((c) => [c.name, c]));
    let encodedWidth = 0;
    for (const f of ctx.features) {
      const c = byName.get(f)!;
      encodedWidth += c.type === 'categorical' || c.type === 'text' ? Math.max(1, c.distinct - 1) : 1;
    }
    const out: SmallSample = {
      rows: ctx.table.rowCount,
      features: ctx.features.length,
      encodedWidth,
      classes: null,
      classRows: {},
    };
    if (!ctx.target) return out;
    const t = targetSql(ctx);
    out.rows = Number((await db.one(`SELECT count(${t}) AS n FROM ${v}`))!.n);
    if (!isClassification(ctx)) return out;
    const counts = await db.rows(
      `SELECT ${t} AS label, count(*) AS n FROM ${v} WHERE ${t} IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1`,
    );
    out.classes = counts.map((r) => ({ label: display(r.label), count: Number(r.n) }));
    const small = counts.filter((r) => Number(r.n) < 100);
    if (small.length > 0) {
      const rows = await db.rows(
        `SELECT ${t} AS label, list(${ROW} ORDER BY ${ROW})[1:1000] AS rows FROM ${v} WHERE ${t} IN (SELECT ${t} FROM ${v} GROUP BY 1 HAVING count(*) < 100) GROUP BY 1`,
      );
      for (const r of rows) out.classRows[display(r.label)] = (r.rows as number[]).map(Number);
    }
    return out;
  },
  condition(d, t, ctx) {
    const out: Finding[] = [];
    const perFeature = d.rows / d.features;
    if (perFeature < t.rows_per_feature!) {
      const width =
        d.encodedWidth > d.features ? ` (${d.encodedWidth} columns once categories are one-hot encoded)` : '';
      out.push(
        finding({
          check: 'small_sample',
          severity: 'warning',
          columns: [],
          value: perFeature,
          threshold: t.rows_per_feature!,
          message: `${plural(d.rows, 'row')}${ctx.target ? ` with a ${ctx.target}` : ''} for ${plural(d.features, 'feature')}${width}: ${num(perFeature, 3)} ${perFeature === 1 ? 'row' : 'rows'} per feature, fewer than ${t.rows_per_feature}`,
          fix: 'Collect more rows, or drop or merge features (keep the informative ones) and prefer strongly regularized models; expect wide variation between validation folds.',
          evidence: { rows: d.rows, features: d.features, encodedWidth: d.encodedWidth },
        }),
      );
    }
    if (d.classes) {
      const small = d.classes.filter((c) => c.count < t.min_class_rows!);
      if (small.length > 0) {
        const rows = small.flatMap((c) => d.classRows[c.label] ?? []).sort((a, b) => a - b);
        const count = small.reduce((s, c) => s + c.count, 0);
        const list =
          small
            .slice(0, 5)
            .map((c) => `'${c.label}' (${c.count})`)
            .join(', ') + (small.length > 5 ? `, and ${small.length - 5} more` : '');
        out.push(
          finding({
            check: 'small_sample',
            severity: 'warning',
            columns: [ctx.target!],
            rows,
            count,
            value: Math.min(...small.map((c) => c.count)),
            threshold: t.min_class_rows!,
            message: `${plural(small.length, 'class', 'classes')} of ${ctx.target} ${small.length === 1 ? 'has' : 'have'} fewer than ${t.min_class_rows} rows: ${list}`,
            fix: 'Collect more rows of these classes, merge them into a related class, or drop them; otherwise stratify splits and read their scores with care.',
            evidence: { classes: d.classes.slice(0, 50) },
          }),
        );
      }
    }
    return out;
  },
};
