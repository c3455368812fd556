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
    const key = compared.map(ident).join(', ');
    const v = ident(ctx.view);
    const r = ROW;
    const summary = (await db.one(
      `SELECT count(*) AS groups, coalesce(sum(n - 1), 0) AS dup, coalesce(max(n), 0) AS largest
       FROM (SELECT count(*) AS n FROM ${v} GROUP BY ${key} HAVING count(*) > 1)`,
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
    const listed = await db.rows(
      `SELECT ${r} AS r FROM (SELECT ${r}, min(${r}) OVER (PARTITION BY ${key}) AS first FROM ${v}) WHERE ${r} > first ORDER BY ${r} LIMIT 1000`,
    );
    out.listed = listed.map((x) => Number(x.r));
    const examples = await db.rows(
      `SELECT list(${r} ORDER BY ${r})[1:10] AS rows, count(*) AS n FROM ${v} GROUP BY ${key} HAVING count(*) > 1 ORDER BY n DESC, min(${r}) LIMIT 5`,
    );
    out.examples = examples.map((x) => ({ rows: (x.rows as number[]).map(Number), count: Number(x.n) }));
    return out;
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
