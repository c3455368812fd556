/**
 * duplicate_rows: rows identical to an earlier row in every column except identifiers (and ignored
 * columns). Runs in SQL over all rows of the typed table, so values compare as typed ("5.0" equals "5"
 * in a numeric column) and missing equals missing. The later copies are listed; the first of each group
 * is kept as the original. Rows are first matched on a 64-bit hash of their values (sorted), then the few rows
 * whose hash repeats are grouped on the values themselves, so a hash collision never makes a duplicate.
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
    const rowHash = `hash(${cols.join(', ')})`;
    const shared = ident(`${ctx.view}_dup_candidates`);
    const groups = ident(`${ctx.view}_dup_groups`);
    const out: DuplicateRows = {
      rows: ctx.table.rowCount,
      duplicates: 0,
      groups: 0,
      largest: 0,
      listed: [],
      examples: [],
      compared,
      leftOut: leftOutColumns(ctx),
    };
    // Identical rows have the same hash (missing equals missing). Sorting one 64-bit key per row (less work
    // than grouping millions of distinct keys) puts equal hashes side by side: the rows next to an equal
    // hash (usually few) are then grouped on their values, which settles hash collisions exactly.
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${shared} AS SELECT r FROM (
         SELECT r, h, lag(h) OVER w AS prev, lead(h) OVER w AS next FROM (SELECT ${rowHash} AS h, ${ROW} AS r FROM ${v})
         WINDOW w AS (ORDER BY h)) WHERE h = prev OR h = next`,
    );
    try {
      if (Number((await db.one(`SELECT count(*) AS n FROM ${shared}`))!.n) === 0) return out;
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${groups} AS SELECT count(*) AS n, min(r) AS first, list(r ORDER BY r) AS rows
         FROM (SELECT ${ROW} AS r, ${cols.join(', ')} FROM ${v} WHERE ${ROW} IN (SELECT r FROM ${shared}))
         GROUP BY ${cols.join(', ')} HAVING count(*) > 1`,
      );
      const summary = (await db.one(
        `SELECT count(*) AS groups, coalesce(sum(n - 1), 0) AS dup, coalesce(max(n), 0) AS largest FROM ${groups}`,
      ))!;
      out.duplicates = Number(summary.dup);
      out.groups = Number(summary.groups);
      out.largest = Number(summary.largest);
      if (out.duplicates === 0) return out;
      // Later copies: every row of a group but its first.
      const listed = await db.rows(`SELECT unnest(rows[2:]) AS r FROM ${groups} ORDER BY 1 LIMIT 1000`);
      out.listed = listed.map((x) => Number(x.r));
      const examples = await db.rows(
        `SELECT rows[1:10] AS rows, n FROM ${groups} ORDER BY n DESC, first LIMIT 5`,
      );
      out.examples = examples.map((x) => ({ rows: (x.rows as number[]).map(Number), count: Number(x.n) }));
      return out;
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${shared}`);
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
