/**
 * Write a Frame to CSV, TSV or Parquet through DuckDB, atomically: the file is written under a temporary
 * name beside the target and renamed, so a failed run never leaves a partial file. Numeric columns whose
 * present values are all whole numbers are written as integers, datetime columns (epoch ms) as
 * timestamps, boolean columns (0/1) as true/false or their source spellings; text as text; missing as empty cells (CSV) or nulls.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { InputError } from '../errors.js';
import { Db, ident, literal } from './db.js';
import type { Frame } from './frame.js';

export type OutFormat = 'csv' | 'tsv' | 'parquet';

export interface WriteOptions {
  /** Columns holding datetimes as epoch milliseconds (written as TIMESTAMP). */
  datetime?: string[];
  /** Columns holding booleans as 0/1 (written as true/false). */
  boolean?: string[];
  /** Boolean columns written with their source spellings instead: [false, true], e.g. ['no', 'yes']. */
  booleanText?: Record<string, [string, string]>;
}

export function outFormat(path: string): OutFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new InputError(
    `${path}: cannot write '${ext || '(no extension)'}' files; use .csv, .tsv or .parquet`,
  );
}

/** Check that `path` can be written (format known, directory exists, not a directory) before doing any work. */
export function checkWritable(path: string): OutFormat {
  const f = outFormat(path);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(`${path}: directory ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`${path}: is a directory`);
  return f;
}

function isWhole(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isNaN(x) && (!Number.isInteger(x) || Math.abs(x) > Number.MAX_SAFE_INTEGER)) return false;
  }
  return true;
}

export async function writeFrame(frame: Frame, path: string, options: WriteOptions = {}): Promise<void> {
  const format = checkWritable(path);
  const datetime = new Set(options.datetime ?? []);
  const boolean = new Set(options.boolean ?? []);
  const db = await Db.open();
  const tmp = `${path}.tmp-${process.pid}${extname(path)}`;
  try {
    const cols = frame.columns.map((c, j) => ({ c, name: `c${j}` }));
    await db.run(
      `CREATE TABLE t (${cols.map(({ c, name }) => `${name} ${c.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'}`).join(', ') || 'dummy INTEGER'})`,
    );
    const app = await db.conn.createAppender('t');
    for (let i = 0; i < frame.nRows; i++) {
      for (const { c } of cols) {
        if (c.kind === 'numeric') {
          const x = c.values[i]!;
          if (Number.isNaN(x)) app.appendNull();
          else app.appendDouble(x);
        } else {
          const k = c.codes[i]!;
          if (k < 0) app.appendNull();
          else app.appendVarchar(c.dictionary[k]!);
        }
      }
      app.endRow();
    }
    app.closeSync();
    const select = cols.map(({ c, name }) => {
      const q = ident(name);
      let e = q;
      if (c.kind === 'numeric') {
        if (datetime.has(c.name)) e = `make_timestamp(CAST(${q} * 1000 AS BIGINT))`;
        else if (
          options.booleanText?.[c.name] &&
          c.values.every((x) => Number.isNaN(x) || x === 0 || x === 1)
        ) {
          const [f, t] = options.booleanText[c.name]!;
          e = `CASE WHEN ${q} = 1 THEN ${literal(t)} WHEN ${q} = 0 THEN ${literal(f)} END`;
        } else if (boolean.has(c.name) && c.values.every((x) => Number.isNaN(x) || x === 0 || x === 1))
          e = `CAST(${q} AS BOOLEAN)`;
        else if (isWhole(c.values)) e = `CAST(${q} AS BIGINT)`;
      }
      return `${e} AS ${ident(c.name)}`;
    });
    const opts =
      format === 'parquet'
        ? 'FORMAT parquet'
        : `FORMAT csv, HEADER true, DELIMITER ${literal(format === 'tsv' ? '\t' : ',')}`;
    await db.run(`COPY (SELECT ${select.join(', ')} FROM t) TO ${literal(tmp)} (${opts})`);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof InputError) throw e;
    throw new InputError(
      `${path}: cannot write: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  } finally {
    db.close();
  }
}
