/** Read a table (or a sample of it) from DuckDB into a Frame, typed by the schema. */
import { ident } from './db.js';
import type { Column, Frame } from './frame.js';
import { ROW, type Table } from './load.js';
import { isNumericType, type Schema, typedView } from './schema.js';

export interface FrameOptions {
  /** Columns to read (default: all in the schema). */
  columns?: string[];
  /** Read at most this many rows, chosen by a seeded reservoir sample, kept in file order. */
  sample?: number;
  seed?: number;
  /** Extra SQL condition on the typed view. */
  where?: string;
  /** An existing typed relation to read (a typed view or a table materialized from it); default: the table's typed view. */
  from?: string;
}

export interface FrameResult {
  frame: Frame;
  /** True when the frame holds a sample rather than every row. */
  sampled: boolean;
}

export async function toFrame(
  table: Table,
  schema: Schema,
  options: FrameOptions = {},
): Promise<FrameResult> {
  const view = options.from ?? (await typedView(table, schema));
  const names = options.columns ?? schema.columns.map((c) => c.name);
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  const sampled = options.sample !== undefined && options.sample < table.rowCount;
  const where = options.where ? `WHERE ${options.where}` : '';
  const cols = [ROW, ...names].map(ident).join(', ');
  // A sample draws the row numbers alone (the reservoir then holds one integer per row rather than every
  // value), then reads their values with a join: the same rows, for less work.
  const sql = sampled
    ? `SELECT ${cols} FROM ${ident(view)} JOIN (SELECT ${ROW} FROM ${ident(view)} ${where} USING SAMPLE reservoir(${Math.floor(options.sample!)} ROWS) REPEATABLE (${options.seed ?? 0})) USING (${ROW}) ORDER BY ${ROW}`
    : `SELECT ${cols} FROM ${ident(view)} ${where} ORDER BY ${ROW}`;
  const numeric = [true, ...names.map((name) => isNumericType(byName.get(name)!.type))];
  const { rows: n, values } = await table.db.typedColumns(sql, numeric);
  const rowNumbers = Int32Array.from(values[0] as Float64Array);
  const columns: Column[] = names.map((name, j) => {
    const raw = values[j + 1]!;
    if (raw instanceof Float64Array) return { kind: 'numeric', name, values: raw };
    const dict = [...new Set(raw.filter((x) => x !== null && x !== undefined).map(String))].sort();
    const index = new Map(dict.map((d, k) => [d, k]));
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const x = raw[i];
      codes[i] = x === null || x === undefined ? -1 : index.get(String(x))!;
    }
    return { kind: 'categorical', name, codes, dictionary: dict };
  });
  return { frame: { nRows: n, columns, rowNumbers }, sampled };
}
