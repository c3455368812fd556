/**
 * id_column: columns that identify rows rather than describe them: keys, row counters, hashes, UUIDs and
 * system timestamps (ingestion times that are unique and only increase). A model fed one memorizes rows
 * or learns the file's order, which does not carry over to new data.
 *
 * Evidence per column: every present value distinct (at least `unique_share` of them, with at least
 * `min_rows` rows), a name like id/key/uuid/row_number, integers stepping by one from row to row (a row
 * counter) or strictly monotonic in file order, values shaped like UUIDs or hex digests.
 *  - A feature with strong evidence (a name, a counter, monotonic, hash-like, or a monotonic unique
 *    timestamp) together with uniqueness is a warning; a feature that is only unique (integers or short
 *    strings) is info.
 *  - A column that schema inference already took for an identifier is info: it is left out of the
 *    features, say so. Columns declared with --id, the target, and a declared time column are not checked.
 * Floating-point measurements are never taken for identifiers on uniqueness alone.
 *
 * defaults: unique_share 0.99, min_rows 20, step_share 0.95, hash_share 0.9.
 */
import { ident } from '../../data/db.js';
import { ROW } from '../../data/load.js';
import { type ColumnSchema, ID_NAME } from '../../data/schema.js';
import { type Finding, finding } from '../../report/finding.js';
import type { AuditContext, Check, Thresholds } from '../check.js';
import { listed, pct, profiles } from './support.js';

const HEX_LIKE = `'[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}'`;

interface IdColumn {
  column: string;
  inferred: boolean;
  type: ColumnSchema['type'];
  present: number;
  distinct: number;
  rows: number;
  name: boolean;
  /** Share of consecutive rows where the value steps by exactly one. */
  step: number;
  monotonic: 'increasing' | 'decreasing' | null;
  hash: number;
}

async function order(
  ctx: AuditContext,
  name: string,
): Promise<{ step: number; monotonic: IdColumn['monotonic'] }> {
  const x = `TRY_CAST(${ident(name)} AS DOUBLE)`;
  const r = (await ctx.table.db.one(
    `SELECT count(*) FILTER (WHERE d = 1) AS ones, count(*) FILTER (WHERE d > 0) AS up, count(*) FILTER (WHERE d < 0) AS down, count(d) AS n
     FROM (SELECT ${x} - lag(${x}) OVER (ORDER BY ${ROW}) AS d FROM ${ident(ctx.view)} WHERE ${x} IS NOT NULL)`,
  ))!;
  const n = Number(r.n);
  if (n === 0) return { step: 0, monotonic: null };
  return {
    step: Number(r.ones) / n,
    monotonic: Number(r.up) === n ? 'increasing' : Number(r.down) === n ? 'decreasing' : null,
  };
}

async function hashShare(ctx: AuditContext, name: string): Promise<number> {
  const x = ident(name);
  const r = (await ctx.table.db.one(
    `SELECT count(*) FILTER (WHERE regexp_full_match(trim(${x}), ${HEX_LIKE})) AS h, count(${x}) AS n FROM ${ident(ctx.view)}`,
  ))!;
  return Number(r.n) === 0 ? 0 : Number(r.h) / Number(r.n);
}

function reasons(c: IdColumn, t: Thresholds): { strong: string[]; unique: boolean } {
  const unique = c.present >= t.min_rows! && c.distinct / c.present >= t.unique_share!;
  const strong: string[] = [];
  if (c.name) strong.push(`named like an identifier`);
  if (c.type !== 'datetime' && c.step >= t.step_share!)
    strong.push('steps by one from row to row (a row counter)');
  else if (c.monotonic && c.type !== 'datetime') strong.push(`${c.monotonic} in file order`);
  if (c.type === 'datetime' && c.monotonic === 'increasing')
    strong.push('a timestamp that only increases (system-generated?)');
  if (c.hash >= t.hash_share!) strong.push('shaped like UUIDs or hex digests');
  return { strong, unique };
}

export const idColumn: Check<IdColumn[]> = {
  id: 'id_column',
  description:
    'Columns that identify rows (keys, row counters, hashes, ingestion timestamps) rather than describe them',
  defaults: { unique_share: 0.99, min_rows: 20, step_share: 0.95, hash_share: 0.9 },
  async compute(ctx, t) {
    const th = { unique_share: 0.99, min_rows: 20, ...t };
    const prof = await profiles(ctx);
    const out: IdColumn[] = [];
    for (const c of ctx.schema.columns) {
      const inferred = c.role === 'id' && c.type === 'identifier';
      if (!inferred && c.role !== 'feature') continue;
      if (c.type === 'boolean' || c.type === 'text') continue;
      const p = prof.get(c.name);
      if (!p) continue;
      const present = p.count - p.nulls;
      const name = ID_NAME.test(c.name);
      const unique = present >= th.min_rows && p.distinct / present >= th.unique_share;
      // Floats are identifiers only by name; everything else needs (near-)uniqueness to be looked at further.
      if (!inferred && !unique) continue;
      if (!inferred && c.type === 'numeric' && !name) continue;
      const { step, monotonic } = await order(ctx, c.name);
      const textual = c.type === 'categorical' || c.type === 'identifier';
      const hash = textual ? await hashShare(ctx, c.name) : 0;
      out.push({
        column: c.name,
        inferred,
        type: c.type,
        present,
        distinct: p.distinct,
        rows: p.count,
        name,
        step,
        monotonic,
        hash,
      });
    }
    return out;
  },
  condition(value, t) {
    const out: Finding[] = [];
    for (const c of value) {
      const { strong, unique } = reasons(c, t);
      const why = [
        ...(unique
          ? [c.distinct === c.present ? 'unique per row' : `${pct(c.distinct / c.present)} distinct`]
          : []),
        ...strong,
      ];
      if (c.inferred) {
        out.push(
          finding({
            check: 'id_column',
            severity: 'info',
            columns: [c.column],
            count: c.present,
            value: c.distinct / Math.max(1, c.present),
            threshold: t.unique_share!,
            message: `${c.column} is an identifier (${listed(why)}): it is left out of the features`,
            fix: 'Nothing to do if it is a key; if it is a real measurement, declare its type in an expectations file.',
            evidence: { distinct: c.distinct, present: c.present, reasons: why },
          }),
        );
        continue;
      }
      if (!unique || (strong.length === 0 && c.type === 'numeric')) continue;
      const severity = strong.length > 0 ? 'warning' : 'info';
      out.push(
        finding({
          check: 'id_column',
          severity,
          columns: [c.column],
          count: c.present,
          value: c.distinct / c.present,
          threshold: t.unique_share!,
          message: `${c.column} looks like an identifier (${listed(why)}): a model would memorize rows or learn the file's order`,
          fix: `Declare it with --id ${c.column} (or drop it, mlqa clean) so it is not used as a feature.`,
          evidence: {
            distinct: c.distinct,
            present: c.present,
            reasons: why,
            step_share: c.step,
            monotonic: c.monotonic,
            hash_share: c.hash,
          },
        }),
      );
    }
    return out;
  },
};
