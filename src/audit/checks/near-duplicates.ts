/**
 * near_duplicates: rows equal to an earlier row once values are normalized, but not exact copies of any
 * earlier row. Text is compared trimmed, lower-cased and with runs of whitespace collapsed; decimal
 * numbers are rounded to `digits` significant digits (default 6); integers, booleans and datetimes
 * compare exactly. Identifier and ignored columns are left out, as in duplicate_rows. SQL over all rows.
 * Values that straddle a rounding boundary (1.2345649 and 1.2345651 at 6 digits) are not matched.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import type { ColumnSchema } from '../../data/schema.js';
import { finding } from '../../report/finding.js';
import type { AuditContext, Check } from '../check.js';
import { contentColumns, display, leftOutColumns, percent, plural } from '../stats/context.js';

export interface NearDuplicatePair {
  row: number;
  /** The earlier row it matches. */
  matches: number;
  /** Columns whose raw values differ: [value in the earlier row, value in this row]. */
  differences: Record<string, [string, string]>;
}

export interface NearDuplicates {
  rows: number;
  nearDuplicates: number;
  listed: number[];
  examples: NearDuplicatePair[];
  digits: number;
  leftOut: string[];
}

/** The normalized value of column `c` held in the SQL expression `q` (the column itself by default). */
function normalized(c: ColumnSchema, digits: number, q = ident(c.name)): string {
  if (c.type === 'numeric') {
    return `CASE WHEN ${q} IS NULL OR ${q} = 0 OR NOT isfinite(${q}) THEN ${q} ELSE round(${q}, ${digits - 1} - CAST(floor(log10(abs(${q}))) AS INTEGER)) END`;
  }
  if (c.type === 'integer' || c.type === 'boolean' || c.type === 'datetime') return q;
  return `lower(regexp_replace(trim(${q}), '\\s+', ' ', 'g'))`;
}

/**
 * The columns whose normalization merges some of their distinct values (two spellings, two values that
 * round alike), measured on each column's distinct values. Where no column merges any, normalized rows are
 * equal exactly when the rows are, and there are no near duplicates.
 */
async function mergingColumns(
  ctx: AuditContext,
  cols: ColumnSchema[],
  digits: number,
): Promise<ColumnSchema[]> {
  const candidates = cols.filter((c) => normalized(c, digits) !== ident(c.name));
  if (candidates.length === 0) return [];
  const sql = candidates
    .map(
      (c, j) =>
        `SELECT ${j} AS j, count(v) AS d, count(DISTINCT ${normalized(c, digits, 'v')}) AS nd FROM (SELECT DISTINCT ${ident(c.name)} AS v FROM ${ident(ctx.view)})`,
    )
    .join(' UNION ALL ');
  const merging = new Set<number>();
  for (const r of await ctx.table.db.rows(sql)) if (Number(r.nd) < Number(r.d)) merging.add(Number(r.j));
  return candidates.filter((_, j) => merging.has(j));
}

export const nearDuplicates: Check<NearDuplicates> = {
  id: 'near_duplicates',
  description:
    'Rows equal to an earlier row after normalizing case, whitespace and numeric rounding, but not exact copies.',
  defaults: { digits: 6, max_share: 0 },
  applies: (ctx) => contentColumns(ctx).length > 0,
  compute: (ctx, t) =>
    findNearDuplicates(ctx, contentColumns(ctx), Math.max(1, Math.min(15, Math.round(t?.digits ?? 6)))),
  condition(d, t) {
    const share = d.rows > 0 ? d.nearDuplicates / d.rows : 0;
    if (d.nearDuplicates === 0 || share <= t.max_share!) return [];
    const ignoring = d.leftOut.length > 0 ? `; ${d.leftOut.join(', ')} ignored` : '';
    return [
      finding({
        check: 'near_duplicates',
        // A warning at most: telling copies apart from distinct records needs a look (exact copies are
        // duplicate_rows', which can be an error).
        severity: 'warning',
        columns: [...new Set(d.examples.flatMap((e) => Object.keys(e.differences)))],
        rows: d.listed,
        count: d.nearDuplicates,
        value: share,
        threshold: t.max_share!,
        message: `${plural(d.nearDuplicates, 'row')} (${percent(share)}) ${d.nearDuplicates === 1 ? 'matches' : 'match'} an earlier row once case, spacing and rounding to ${d.digits} significant digits are ignored${ignoring}`,
        fix: 'Normalize the spellings (trim, one case) and the precision of these columns, then drop the repeated rows, keeping the first of each.',
        evidence: { examples: d.examples, digits: d.digits, ignoredColumns: d.leftOut },
      }),
    ];
  },
};

async function findNearDuplicates(
  ctx: AuditContext,
  cols: ColumnSchema[],
  digits: number,
): Promise<NearDuplicates> {
  const db = ctx.table.db;
  const out: NearDuplicates = {
    rows: ctx.table.rowCount,
    nearDuplicates: 0,
    listed: [],
    examples: [],
    digits,
    leftOut: leftOutColumns(ctx),
  };
  const r = ROW;
  // Only columns whose normalization merges distinct values can make rows equal that are not copies.
  const merging = await mergingColumns(ctx, cols, digits);
  if (merging.length === 0) return out;
  const mergingNames = new Set(merging.map((c) => c.name));
  const exact = cols.map((c) => ident(c.name));
  const norm = cols.map((c) => (mergingNames.has(c.name) ? normalized(c, digits) : ident(c.name)));
  const view = ident(ctx.view);
  const groups = ident(`${ctx.view}_near_groups`);
  const tmp = ident(`${ctx.view}_near`);
  // Groups of rows equal once normalized whose merging columns hold different values: one aggregation over
  // every row; the window functions below then run on the rows of these groups only.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${groups} AS SELECT ${norm.map((e, j) => `${e} AS k${j}`).join(', ')}
     FROM ${view} GROUP BY ALL
     HAVING count(*) > 1 AND (${merging.map((c) => `min(${ident(c.name)}) <> max(${ident(c.name)})`).join(' OR ')})`,
  );
  const on = norm.map((e, j) => `${e} IS NOT DISTINCT FROM g.k${j}`).join(' AND ');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${tmp} AS SELECT r, first FROM (
       SELECT ${r} AS r, min(${r}) OVER wn AS first, row_number() OVER (wn ORDER BY ${r}) AS kn,
         row_number() OVER (PARTITION BY ${exact.join(', ')} ORDER BY ${r}) AS ke
       FROM (SELECT ${view}.* FROM ${view} SEMI JOIN ${groups} g ON ${on})
       WINDOW wn AS (PARTITION BY ${norm.join(', ')})
     ) WHERE kn > 1 AND ke = 1`,
  );
  try {
    out.nearDuplicates = Number((await db.one(`SELECT count(*) AS n FROM ${tmp}`))!.n);
    if (out.nearDuplicates === 0) return out;
    out.listed = (await db.rows(`SELECT r FROM ${tmp} ORDER BY r LIMIT 1000`)).map((x) => Number(x.r));
    const pairs = await db.rows(`SELECT r, first FROM ${tmp} ORDER BY r LIMIT 5`);
    const wanted = [...new Set(pairs.flatMap((p) => [Number(p.r), Number(p.first)]))];
    const names = cols.map((c) => c.name);
    const values = await db.rows(
      `SELECT ${r} AS __r, ${names.map(ident).join(', ')} FROM ${ident(ctx.view)} WHERE ${r} IN (${wanted.join(', ')})`,
    );
    const byRow = new Map(values.map((v) => [Number(v.__r), v]));
    out.examples = pairs.map((p) => {
      const a = byRow.get(Number(p.first))!;
      const b = byRow.get(Number(p.r))!;
      const differences: Record<string, [string, string]> = {};
      for (const n of names)
        if (display(a[n]) !== display(b[n])) differences[n] = [display(a[n]), display(b[n])];
      return { row: Number(p.r), matches: Number(p.first), differences };
    });
    return out;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${tmp}`);
    await db.run(`DROP TABLE IF EXISTS ${groups}`);
  }
}
