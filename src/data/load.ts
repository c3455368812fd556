/**
 * Loading files into DuckDB. CSV/TSV are read with every column as text (so null spellings, sentinels and
 * mixed types stay visible to the audit) and typed afterwards by schema inference; Parquet, JSON, NDJSON
 * keep their own types; Arrow IPC goes through apache-arrow. Row numbers are 1-based data rows in file order.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { Db, ident, literal } from './db.js';

export type Format = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson' | 'arrow';

export interface Table {
  db: Db;
  /** The file as given by the user. */
  path: string;
  format: Format;
  /** DuckDB table holding the data; column `__row` is the 1-based data-row number. */
  name: string;
  columns: { name: string; duckType: string }[];
  rowCount: number;
  /** True when every column was read as text (CSV/TSV) and must be typed by inference. */
  textual: boolean;
  /** Notes for the report: delimiter, encoding, ragged rows, ... */
  notes: string[];
  /** Rows the reader could not parse (ragged rows), 1-based, when known. */
  rejectedRows: { row: number; error: string }[];
}

export const ROW = '__row';

const EXTENSIONS: Record<string, Format> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
};

export function formatOf(path: string): Format {
  const ext = extname(path).toLowerCase();
  const f = EXTENSIONS[ext];
  if (!f)
    throw new InputError(
      `${path}: unsupported file type '${ext || '(none)'}' (use .csv, .tsv, .parquet, .json, .ndjson or .arrow)`,
    );
  return f;
}

function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Sniff the text encoding from the first bytes: BOMs, then whether the bytes are valid UTF-8. */
export function sniffEncoding(path: string, bytes: Buffer): 'utf-8' | 'utf-16' | 'latin-1' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16';
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    throw new InputError(`${path}: UTF-16 big-endian text is not supported; convert it to UTF-8`);
  // A cut multi-byte sequence at the end of the sample is not an error.
  const sample = bytes.subarray(0, Math.max(0, bytes.length - 4));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return 'utf-8';
  } catch {
    // Text that is not UTF-8: accept it as Latin-1 only if it is mostly printable.
    let printable = 0;
    for (const b of sample) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++;
    if (printable / Math.max(1, sample.length) > 0.95) return 'latin-1';
    throw new InputError(`${path}: text is not valid UTF-8 or Latin-1 and cannot be decoded`);
  }
}

function checkFile(path: string): void {
  if (!existsSync(path)) throw new InputError(`${path}: no such file`);
  const st = statSync(path);
  if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a data file`);
  if (st.size === 0) throw new InputError(`${path}: file is empty`);
}

function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

let counter = 0;

export interface LoadOptions {
  /** Open the table in this database instead of a new in-memory one. */
  db?: Db;
  /** Table name to create (default: a fresh name). */
  name?: string;
}

/** Load a data file into DuckDB. Throws InputError with a one-line message on bad input. */
export async function loadTable(path: string, options: LoadOptions = {}): Promise<Table> {
  checkFile(path);
  const format = formatOf(path);
  const db = options.db ?? (await Db.open());
  try {
    return await loadInto(db, path, format, options);
  } catch (e) {
    // A database opened here is closed again when the file cannot be loaded.
    if (!options.db) db.close();
    throw e;
  }
}

async function loadInto(db: Db, path: string, format: Format, options: LoadOptions): Promise<Table> {
  const name = options.name ?? `t${++counter}`;
  const abs = resolve(path);
  const notes: string[] = [];
  const rejectedRows: { row: number; error: string }[] = [];
  let textual = false;
  let numbered = false;
  const bytes = head(path, 65536);

  try {
    if (format === 'csv' || format === 'tsv') {
      const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
      if (!utf16 && looksBinary(bytes)) throw new InputError(`${path}: binary file, not delimited text`);
      const enc = sniffEncoding(path, bytes);
      textual = true;
      // Sniff dialect with DuckDB's own sniffer, then read with it pinned (the sniffer is less reliable
      // when combined with null padding and lenient parsing).
      const sniff = await db
        .one(
          `SELECT Delimiter AS d, Quote AS q, Escape AS e FROM sniff_csv(${literal(abs)}, encoding = ${literal(enc)}, all_varchar = true${format === 'tsv' ? ", delim = '\\t'" : ''})`,
        )
        .catch(() => undefined);
      const delim = pickDelimiter(sniff?.d, headerLine(bytes, enc), format);
      const opts = [
        'all_varchar = true',
        'header = true',
        `encoding = ${literal(enc)}`,
        `delim = ${literal(delim)}`,
        `quote = ${literal(oneChar(sniff?.q, '"'))}`,
        `escape = ${literal(oneChar(sniff?.e, '"'))}`,
        // Rows with too few or too many fields are rejected (and reported), not padded into extra columns.
        'null_padding = false',
        'store_rejects = true',
        "rejects_table = 'mlqa_rejects'",
      ];
      await db.run(`DROP TABLE IF EXISTS mlqa_rejects`);
      await db.run(`DROP TABLE IF EXISTS mlqa_rejects_scan`);
      await db.run(
        `CREATE TABLE ${ident(name)} AS SELECT * FROM read_csv(${literal(abs)}, ${opts.join(', ')}, rejects_scan = 'mlqa_rejects_scan')`,
      );
      if (delim !== ',') notes.push(`delimiter '${delim.replace('\t', '\\t')}'`);
      if (enc !== 'utf-8') notes.push(`decoded as ${enc}`);
      const rej = await db
        .rows(
          `SELECT line, any_value(error_message ORDER BY column_idx) AS error_message FROM mlqa_rejects GROUP BY line ORDER BY line`,
        )
        .catch(() => []);
      for (const r of rej) rejectedRows.push({ row: Number(r.line) - 1, error: String(r.error_message) });
    } else if (format === 'parquet') {
      // The reader numbers the rows itself (much faster than adding and filling the column afterwards);
      // a file with its own column named file_row_number takes the general path.
      numbered = await db
        .run(
          `CREATE TABLE ${ident(name)} AS SELECT * EXCLUDE (file_row_number), CAST(file_row_number + 1 AS INTEGER) AS ${ROW}
           FROM read_parquet(${literal(abs)}, file_row_number = true)`,
        )
        .then(() => true)
        .catch(() => false);
      if (!numbered)
        await db.run(`CREATE TABLE ${ident(name)} AS SELECT * FROM read_parquet(${literal(abs)})`);
    } else if (format === 'json' || format === 'ndjson') {
      if (looksBinary(bytes)) throw new InputError(`${path}: binary file, not JSON text`);
      const fmt = format === 'ndjson' ? 'newline_delimited' : 'auto';
      await db.run(
        `CREATE TABLE ${ident(name)} AS SELECT * FROM read_json_auto(${literal(abs)}, format = ${literal(fmt)})`,
      );
    } else {
      const { loadArrow } = await import('./arrow.js');
      await loadArrow(db, path, name);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read as ${format}: ${firstLine(e)}`);
  }

  // Row numbers: DuckDB keeps insertion order, so rowid + 1 is the 1-based data row in file order.
  if (!numbered) {
    await db.run(`ALTER TABLE ${ident(name)} ADD COLUMN ${ROW} INTEGER`);
    await db.run(`UPDATE ${ident(name)} SET ${ROW} = CAST(rowid + 1 AS INTEGER)`);
  }
  if (rejectedRows.length > 0)
    await skipRejected(
      db,
      name,
      rejectedRows.map((r) => r.row),
    );
  const desc = await db.rows(`DESCRIBE ${ident(name)}`);
  const columns = desc
    .filter((d) => d.column_name !== ROW)
    .map((d) => ({ name: String(d.column_name), duckType: String(d.column_type) }));
  const rowCount = Number((await db.one(`SELECT count(*) AS n FROM ${ident(name)}`))!.n);

  if (columns.length === 0) throw new InputError(`${path}: no columns found`);
  if (rowCount === 0 && rejectedRows.length > 0) {
    const first = rejectedRows[0]!;
    throw new InputError(
      `${path}: no readable data rows: all ${rejectedRows.length} rows are malformed (row ${first.row}: ${first.error.split('\n')[0]})`,
    );
  }
  if (rowCount === 0) throw new InputError(`${path}: no data rows (header only)`);
  checkColumnNames(
    path,
    columns.map((c) => c.name),
  );
  return { db, path, format, name, columns, rowCount, textual, notes, rejectedRows };
}

/** Renumber rows after rejected ones so `__row` stays the data row in the file. */
async function skipRejected(db: Db, name: string, rejected: number[]): Promise<void> {
  const total = Number((await db.one(`SELECT count(*) AS n FROM ${ident(name)}`))!.n) + rejected.length;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE mlqa_rejected_rows AS SELECT unnest([${rejected.join(', ')}]::INTEGER[]) AS r`,
  );
  await db.run(`UPDATE ${ident(name)} SET ${ROW} = m.f FROM (
      SELECT f, row_number() OVER (ORDER BY f) AS k
      FROM (SELECT CAST(range AS INTEGER) AS f FROM range(1, ${total + 1})) WHERE f NOT IN (SELECT r FROM mlqa_rejected_rows)
    ) m WHERE ${ident(name)}.${ROW} = m.k`);
  await db.run('DROP TABLE mlqa_rejected_rows');
}

function checkColumnNames(path: string, names: string[]): void {
  // DuckDB renames duplicate headers to name_1, name_2...; detect both real duplicates and that renaming.
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new InputError(`${path}: duplicate column name '${n}'`);
    seen.add(n);
  }
  for (const n of names) {
    const m = /^(.*)_(\d+)$/.exec(n);
    if (m && seen.has(m[1]!)) {
      throw new InputError(`${path}: duplicate column name '${m[1]}' (appears more than once in the header)`);
    }
  }
}

/** The first line of the file as text (for checking the sniffed delimiter). */
function headerLine(bytes: Buffer, enc: string): string {
  const text = new TextDecoder(enc === 'utf-16' ? 'utf-16le' : enc === 'latin-1' ? 'latin1' : 'utf-8').decode(
    bytes.subarray(0, 8192),
  );
  return text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
}

/**
 * DuckDB's sniffer can pick a delimiter absent from the header when rows are ragged; then the most
 * frequent common delimiter in the header wins (a single-column file keeps the format's default).
 */
function pickDelimiter(sniffed: unknown, header: string, format: Format): string {
  const fallback = format === 'tsv' ? '\t' : ',';
  const d = sniffed === undefined || sniffed === null ? '' : String(sniffed);
  if (d.length > 0 && header.includes(d)) return d;
  let best = fallback;
  let most = 0;
  for (const c of [',', '\t', ';', '|']) {
    const n = header.split(c).length - 1;
    if (n > most) {
      best = c;
      most = n;
    }
  }
  return best;
}

function oneChar(v: unknown, fallback: string): string {
  const s = v === undefined || v === null ? '' : String(v);
  return s.length === 1 ? s : fallback;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (
    msg
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? 'unknown error'
  );
}
