/** Small helpers the relational checks share: which columns take part, the target's task, wording. */

import { ident } from '../../data/db.js';
import { column } from '../../data/frame.js';
import { encodeTarget, type Target } from '../../data/matrix.js';
import { type ColumnSchema, isNumericType } from '../../data/schema.js';
import type { AuditContext } from '../check.js';

/** Columns that describe a row's content: every column except identifiers and ignored ones. */
export function contentColumns(ctx: AuditContext): ColumnSchema[] {
  return ctx.schema.columns.filter((c) => c.role !== 'id' && c.role !== 'ignored');
}

/** Columns left out of row comparisons (identifiers and ignored), for the evidence. */
export function leftOutColumns(ctx: AuditContext): string[] {
  return ctx.schema.columns.filter((c) => c.role === 'id' || c.role === 'ignored').map((c) => c.name);
}

/**
 * The target encoded as the learners see it (classification for categorical, boolean or few distinct
 * integers; regression otherwise), or null when there is no usable target in the frame.
 */
export function frameTarget(ctx: AuditContext): Target | null {
  if (!ctx.target) return null;
  try {
    column(ctx.frame, ctx.target);
    return encodeTarget(ctx.frame, ctx.target);
  } catch {
    return null;
  }
}

/** SQL for the target's typed value: numbers as DOUBLE (so labels read 1, not 1.0), text as it is. */
export function targetSql(ctx: AuditContext): string {
  const c = ctx.schema.columns.find((x) => x.name === ctx.target)!;
  return isNumericType(c.type) ? `CAST(${ident(c.name)} AS DOUBLE)` : ident(c.name);
}

export function isClassification(ctx: AuditContext): boolean {
  const t = frameTarget(ctx);
  return t !== null && t.task !== 'regression';
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** A share as a percentage with up to 2 decimals: 0.0067 -> "0.67%". */
export function percent(share: number): string {
  const p = share * 100;
  return `${p >= 10 ? p.toFixed(1) : p >= 0.01 || p === 0 ? p.toFixed(2) : p.toPrecision(1)}%`;
}

/** A number with `digits` significant digits, without trailing zeros. */
export function num(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/** The note added to messages about row-level results computed on the in-memory sample. */
export function sampleNote(ctx: AuditContext): string {
  return ctx.sampled
    ? ` (in a sample of ${ctx.frame.nRows.toLocaleString('en-US')} of ${ctx.table.rowCount.toLocaleString('en-US')} rows)`
    : '';
}

/** The same note for inside parentheses: ", in a sample of 100,000 of 3,000,000 rows", or ''. */
export function sampleClause(ctx: AuditContext): string {
  return ctx.sampled
    ? `, in a sample of ${ctx.frame.nRows.toLocaleString('en-US')} of ${ctx.table.rowCount.toLocaleString('en-US')} rows`
    : '';
}

/** Display text of a typed SQL value. */
export function display(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}
