/**
 * duplicate_rows: rows identical to an earlier row in every column except identifiers (and ignored
 * columns). Runs in SQL over all rows of the typed table, so values compare as typed ("5.0" equals "5"
 * in a numeric column) and missing equals missing. The later copies are listed; the first of each group
 * is kept as the original.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import { finding } from '../../report/finding.js';
import type { Check } from '../check.js';
import { contentColumns, leftOutColumns, percent, plural } from '../stats/context.js';

export interface DuplicateRows {
  rows: number;
  /** Rows that repeat an earlier row (later copies). */
  duplicates: number;
  groups: number;
  largest: number;
  /** Later copies in file order, at most 1000. */
  listed: number[];
  /** Largest groups first: their first rows and size. */
  examples: { rows: number[]; count: number }[];
  compared: string[];
  leftOut: string[];
}

export const duplicateRows: Check<DuplicateRows> = {
  id: 'duplicate_rows',
  description: 'Rows that exactly repeat an earlier row (identifier columns ignored).',
  defaults: { max_share: 0, error_share: 0.1 },
  applies: (ctx) => contentColumns(ctx).length > 0,
  async compute(ctx) {
    const db = ctx.table.db;
    const compared = contentColumns(ctx).map((c) => c.name);
    const cols = compared.map(ident);
    const v = ident(ctx.view);
    const r = ROW;
    const groups = ident(`${ctx.view}_dup_groups`);
    // One aggregation over every row keeps the groups of identical rows (usually few); the rows of a group
    // are then found by joining back on the values (missing equals missing).
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${groups} AS SELECT ${cols.map((c, j) => `${c} AS k${j}`).join(', ')}, count(*) AS n, min(${r}) AS first
       FROM ${v} GROUP BY ALL HAVING count(*) > 1`,
    );
    try {
      const summary = (await db.one(
        `SELECT count(*) AS groups, coalesce(sum(n - 1), 0) AS dup, coalesce(max(n), 0) AS largest FROM ${groups}`,
      ))!;
      const out: DuplicateRows = {
        rows: ctx.table.rowCount,
        duplicates: Number(summary.dup),
        groups: Number(summary.groups),
        largest: Number(summary.largest),
        listed: [],
        examples: [],
        compared,
        leftOut: leftOutColumns(ctx),
      };
      if (out.duplicates === 0) return out;
      const on = (g: string) => cols.map((c, j) => `${v}.${c} IS NOT DISTINCT FROM ${g}.k${j}`).join(' AND ');
      const listed = await db.rows(
        `SELECT ${v}.${r} AS r FROM ${v} JOIN ${groups} g ON ${on('g')} WHERE ${v}.${r} > g.first ORDER BY 1 LIMIT 1000`,
      );
      out.listed = listed.map((x) => Number(x.r));
      const examples = await db.rows(
        `WITH top AS (SELECT * FROM ${groups} ORDER BY n DESC, first LIMIT 5)
         SELECT list(${v}.${r} ORDER BY ${v}.${r})[1:10] AS rows, top.n AS n FROM ${v} JOIN top ON ${on('top')}
         GROUP BY top.first, top.n ORDER BY top.n DESC, top.first`,
      );
      out.examples = examples.map((x) => ({ rows: (x.rows as number[]).map(Number), count: Number(x.n) }));
      return out;
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${groups}`);
    }
  },
  condition(d, t) {
    const share = d.rows > 0 ? d.duplicates / d.rows : 0;
    if (d.duplicates === 0 || share <= t.max_share!) return [];
    const ignoring = d.leftOut.length > 0 ? `, ignoring ${d.leftOut.join(', ')}` : '';
    return [
      finding({
        check: 'duplicate_rows',
        severity: share >= t.error_share! ? 'error' : 'warning',
        columns: [],
        rows: d.listed,
        count: d.duplicates,
        value: share,
        threshold: t.max_share!,
        message: `${plural(d.duplicates, 'row')} (${percent(share)}) ${d.duplicates === 1 ? 'repeats' : 'repeat'} an earlier row exactly (${plural(d.groups, 'group')} of identical rows${ignoring})`,
        fix: 'Drop the later copies (keep the first of each group) before splitting: copies that land in both train and test inflate validation scores. If repeats are genuine events, add a column that tells them apart.',
        evidence: {
          groups: d.groups,
          largestGroup: d.largest,
          examples: d.examples,
          ignoredColumns: d.leftOut,
        },
      }),
    ];
  },
};
