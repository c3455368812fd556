/**
 * Expectations suggested from audited data (`mlqa audit --suggest-expect FILE`), written as YAML or JSON.
 * They describe the data as it is: every column required with its type; a row count from half to twice
 * the audited one (ROW_RANGE); no missing values where there were none; the observed range of numbers and datetimes; the levels of categorical columns with at most
 * MAX_SUGGESTED_VALUES of them; uniqueness of identifiers. The data they came from meets them, so a later
 * file that does not has changed. Edit them into the contract you mean before relying on them.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Document, isMap, isPair, isScalar } from 'yaml';
import { ident } from '../data/db.js';
import { InputError } from '../errors.js';
import { isoTime } from '../profile/format.js';
import type { AuditContext } from './check.js';
import { profiles } from './checks/support.js';
import type { ColumnExpectation, Expectations } from './expectations.js';

/** Categorical columns with more levels than this get no `values` list. */
export const MAX_SUGGESTED_VALUES = 20;

/** Suggested row range, as factors of the audited row count: a later file of the same source within it. */
export const ROW_RANGE = { min: 0.5, max: 2 };

/** Expectations that the audited data meets. */
export async function suggestExpectations(ctx: AuditContext): Promise<Expectations> {
  const prof = await profiles(ctx);
  const columns: Record<string, ColumnExpectation> = {};
  const required: string[] = [];
  for (const c of ctx.schema.columns) {
    if (c.role === 'ignored') continue;
    required.push(c.name);
    const p = prof.get(c.name);
    const e: ColumnExpectation = { type: c.type };
    if (p && p.nulls === 0 && p.count > 0) e.nullable = false;
    if (
      (c.type === 'numeric' || c.type === 'integer' || c.type === 'datetime') &&
      p &&
      p.min !== null &&
      p.max !== null
    ) {
      e.min = p.min;
      e.max = p.max;
    }
    if (c.type === 'categorical' && p && p.distinct > 0 && p.distinct <= MAX_SUGGESTED_VALUES) {
      const q = ident(c.name);
      const res = await ctx.table.db.columns(
        `SELECT DISTINCT ${q} FROM ${ident(ctx.view)} WHERE ${q} IS NOT NULL ORDER BY 1`,
      );
      e.values = (res.values[0] ?? []).map(String);
    }
    if ((c.role === 'id' || c.type === 'identifier') && p && p.distinct === p.count - p.nulls)
      e.unique = true;
    columns[c.name] = e;
  }
  const rows = ctx.schema.rows;
  return {
    table: {
      rows: { min: Math.floor(rows * ROW_RANGE.min), max: Math.ceil(rows * ROW_RANGE.max) },
      required,
    },
    columns,
  };
}

/** Expectations as a plain document: datetime bounds as ISO text, keys in a fixed order. */
function toDocument(exp: Expectations): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (exp.table) out.table = exp.table;
  if (exp.columns) {
    const cols: Record<string, unknown> = {};
    for (const [name, e] of Object.entries(exp.columns)) {
      const bound = (v: number) => (e.type === 'datetime' ? isoTime(v) : v);
      const o: Record<string, unknown> = {};
      if (e.type !== undefined) o.type = e.type;
      if (e.nullable !== undefined) o.nullable = e.nullable;
      if (e.min !== undefined) o.min = bound(e.min);
      if (e.max !== undefined) o.max = bound(e.max);
      if (e.values !== undefined) o.values = e.values;
      if (e.regex !== undefined) o.regex = e.regex;
      if (e.unique !== undefined) o.unique = e.unique;
      cols[name] = o;
    }
    out.columns = cols;
  }
  return out;
}

/** Expectations as YAML text: one line per column. */
export function expectationsYaml(exp: Expectations, comment?: string): string {
  const doc = new Document(toDocument(exp));
  if (comment)
    doc.commentBefore = comment
      .split('\n')
      .map((l) => ` ${l}`)
      .join('\n');
  const columns = doc.get('columns', true);
  if (isMap(columns)) {
    for (const item of columns.items) if (isPair(item) && isMap(item.value)) item.value.flow = true;
  }
  const table = doc.get('table', true);
  if (isMap(table)) {
    for (const item of table.items)
      if (isPair(item) && !isScalar(item.value) && item.value) (item.value as { flow?: boolean }).flow = true;
  }
  return doc.toString({ lineWidth: 0 });
}

/** Write expectations to `path`: JSON for .json, YAML for .yaml or .yml. */
export function writeExpectations(path: string, exp: Expectations): void {
  const ext = extname(path).toLowerCase();
  let text: string;
  if (ext === '.json') text = `${JSON.stringify(toDocument(exp), null, 2)}\n`;
  else if (ext === '.yaml' || ext === '.yml') {
    text = expectationsYaml(
      exp,
      'Expectations suggested by mlqa from the audited data: edit them into the contract you mean.\nCheck a file against them with: mlqa audit FILE --expect THIS_FILE',
    );
  } else
    throw new InputError(
      `${path}: expectations are written as .yaml, .yml or .json (got '${ext || 'no extension'}')`,
    );
  try {
    writeFileSync(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: cannot write expectations${code ? ` (${code})` : ''}`);
  }
}
