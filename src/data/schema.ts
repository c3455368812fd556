/**
 * Schema: per column a type, a role, nullability and a domain. Inferred in SQL over all rows, then
 * overridden by flags (--target, --id, --time, --ignore) or an expectations file.
 */

import { InputError } from '../errors.js';
import { ident, literal } from './db.js';
import { ROW, type Table } from './load.js';

export type ColumnType =
  | 'numeric'
  | 'integer'
  | 'boolean'
  | 'categorical'
  | 'datetime'
  | 'text'
  | 'identifier';
export type Role = 'feature' | 'target' | 'id' | 'time' | 'weight' | 'sensitive' | 'ignored';

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  role: Role;
  /** Type as stored in DuckDB (VARCHAR for CSV, where every column is read as text). */
  storage: string;
  nullable: boolean;
  /** Missing cells after null tokens ('', 'NA', 'null', ...) are read as missing. */
  missing: number;
  /** Exact number of distinct non-missing values. */
  distinct: number;
  /**
   * Text storage only: cells read as missing because they hold a null spelling. When 0, the column's
   * text is already clean and its typed value needs no cleaning (absent: unknown, cleaned).
   */
  nullSpellings?: number;
  /**
   * Text storage only: false when no value reads as another number or timestamp once trimmed, so casts
   * need no trim first (absent: unknown, trimmed).
   */
  trimMatters?: boolean;
  domain?: { min: number; max: number } | { values: string[] };
}

export interface Schema {
  rows: number;
  columns: ColumnSchema[];
}

/** Spellings read as missing (compared trimmed and lower-cased). */
export const NULL_TOKENS = ['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-', '#n/a', 'missing', 'nil'];
// Membership as list_contains on a list literal: several times faster in DuckDB than `x IN (...)` with many literals.
const NULL_TOKEN_SQL = `[${NULL_TOKENS.map(literal).join(', ')}]`;
const TRUE_TOKENS = ['true', 'yes', 't', 'y'];
const FALSE_TOKENS = ['false', 'no', 'f', 'n'];
const BOOL_SQL = `[${[...TRUE_TOKENS, ...FALSE_TOKENS].map(literal).join(', ')}]`;

/** Names that usually mark a key or row identifier. */
export const ID_NAME =
  /(^|[_\s.-])(id|key|uuid|guid|pk|index|idx|row_?num(ber)?)$|^(id|key|uuid|guid|index|idx|row|rownum|unnamed: ?0)$/i;

export interface InferOptions {
  target?: string;
  id?: string[];
  time?: string;
  ignore?: string[];
  /** Column type overrides (from an expectations file). */
  types?: Record<string, ColumnType>;
}

const isNumericStorage = (t: string) =>
  /^(DOUBLE|FLOAT|REAL|DECIMAL|HUGEINT|UHUGEINT|BIGINT|INTEGER|SMALLINT|TINYINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)/.test(
    t,
  );
const isIntegerStorage = (t: string) => /INT/.test(t);
const isTimeStorage = (t: string) => /^(DATE|TIMESTAMP|TIME)/.test(t);
const isBoolStorage = (t: string) => t === 'BOOLEAN';

/** A SQL expression giving the cell as text with null tokens as NULL (for textual columns). */
export function cleanText(col: string): string {
  return `CASE WHEN list_contains(${NULL_TOKEN_SQL}, lower(trim(${ident(col)}))) THEN NULL ELSE ${ident(col)} END`;
}

/** The SQL expression that yields a column's typed value: DOUBLE for numeric, boolean and datetime (epoch ms), VARCHAR otherwise. */
export function typedExpr(c: ColumnSchema): string {
  const q = ident(c.name);
  const st = c.storage;
  const text = st !== 'VARCHAR' ? `CAST(${q} AS VARCHAR)` : c.nullSpellings === 0 ? q : cleanText(c.name);
  const trimmed = c.trimMatters === false ? q : `trim(${q})`;
  switch (c.type) {
    case 'numeric':
    case 'integer':
      if (isNumericStorage(st)) return `CAST(${q} AS DOUBLE)`;
      if (isBoolStorage(st)) return `CAST(${q} AS DOUBLE)`;
      // No null spelling parses as a number except 'nan' (NaN, equal to itself in DuckDB): cheaper than cleanText.
      if (st === 'VARCHAR') return `nullif(TRY_CAST(${trimmed} AS DOUBLE), 'NaN'::DOUBLE)`;
      return `TRY_CAST(trim(${text}) AS DOUBLE)`;
    case 'boolean':
      if (isBoolStorage(st) || isNumericStorage(st)) return `CAST(${q} AS DOUBLE)`;
      return `CASE WHEN list_contains([${TRUE_TOKENS.map(literal).join(', ')}, '1', '1.0'], lower(trim(${text}))) THEN 1.0::DOUBLE WHEN list_contains([${FALSE_TOKENS.map(literal).join(', ')}, '0', '0.0'], lower(trim(${text}))) THEN 0.0::DOUBLE ELSE NULL END`;
    case 'datetime':
      if (isTimeStorage(st)) return `CAST(epoch_ms(CAST(${q} AS TIMESTAMP)) AS DOUBLE)`;
      // No null spelling parses as a timestamp, so the raw text needs no cleaning first.
      if (st === 'VARCHAR') return `CAST(epoch_ms(TRY_CAST(${trimmed} AS TIMESTAMP)) AS DOUBLE)`;
      return `CAST(epoch_ms(TRY_CAST(trim(${text}) AS TIMESTAMP)) AS DOUBLE)`;
    default:
      return text;
  }
}

/**
 * True when the typed value is the stored value or a cast of typed storage: cheap enough to compute on
 * every scan, so a typed view of such columns needs no materialized copy.
 */
export function typedIsCheap(c: ColumnSchema): boolean {
  const st = c.storage;
  switch (c.type) {
    case 'numeric':
    case 'integer':
    case 'boolean':
      return isNumericStorage(st) || isBoolStorage(st);
    case 'datetime':
      return /^(DATE|TIMESTAMP)/.test(st);
    default:
      return st === 'VARCHAR' && c.nullSpellings === 0;
  }
}

/** True when the typed value of this column is a number (numeric, integer, boolean, datetime). */
export function isNumericType(t: ColumnType): boolean {
  return t === 'numeric' || t === 'integer' || t === 'boolean' || t === 'datetime';
}

interface Stats {
  n: number;
  rawNonNull: number;
  nonNull: number;
  num: number;
  int: number;
  bool: number;
  date: number;
  distinct: number;
  avgLen: number;
  spaced: number;
  min: number | null;
  max: number | null;
  hexLike: number;
  /** Distinct values that read as another number or timestamp once trimmed (text storage). */
  trimMatters: number;
}

const NO_STATS = '0';
const DATE_LIKE = `SIMILAR TO '\\s*\\d{4}-\\d{1,2}-\\d{1,2}.*'`;
const HEX_LIKE = `'[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}'`;
/** Columns of typed storage measured per scan (more aggregates per query makes wide tables slower). */
const STATS_BATCH = 8;

const isTextual = (st: string) => !isNumericStorage(st) && !isBoolStorage(st) && !isTimeStorage(st);

/**
 * Aggregates for a column with typed storage (Parquet numbers, booleans, timestamps), prefixed `p` so
 * several columns share one SELECT. Text-shape statistics are never read for these, so they are constants;
 * casting them to text is injective, so distinct counts are taken on the raw value.
 */
function typedStatsSelect(c: { name: string; duckType: string }, p: string): string {
  const q = ident(c.name);
  const st = c.duckType;
  const numeric = isNumericStorage(st);
  const num = `CAST(${q} AS DOUBLE)`;
  const parts: [string, string][] = [
    ['n', 'count(*)'],
    ['rawNonNull', `count(${q})`],
    ['nonNull', `count(${q})`],
    ['num', numeric ? `count(${num})` : NO_STATS],
    ['int', numeric ? `count(*) FILTER (WHERE ${num} = floor(${num}))` : NO_STATS],
    ['bool', NO_STATS],
    ['date', isTimeStorage(st) ? `count(${q})` : NO_STATS],
    ['distinct', `count(DISTINCT ${q})`],
    ['avgLen', NO_STATS],
    ['spaced', NO_STATS],
    ['min', numeric ? `min(${num})` : 'NULL'],
    ['max', numeric ? `max(${num})` : 'NULL'],
    ['hexLike', NO_STATS],
    ['trimMatters', NO_STATS],
  ];
  return parts.map(([k, e]) => `${e} AS ${ident(`${p}${k}`)}`).join(', ');
}

/**
 * True for a value that reads as another number or timestamp once trimmed. Casts skip ASCII spaces at
 * either end, but trim also removes other Unicode spaces (a no-break space): only for such values is the
 * costly trim before a cast needed.
 */
const trimMatters = (v: string) =>
  `(TRY_CAST(trim(${v}) AS DOUBLE) IS DISTINCT FROM TRY_CAST(${v} AS DOUBLE) OR TRY_CAST(trim(${v}) AS TIMESTAMP) IS DISTINCT FROM TRY_CAST(${v} AS TIMESTAMP))`;

/**
 * Statistics of a text column, computed on its distinct values weighted by their counts: each text test
 * (number, boolean, date, identifier shapes) then runs once per distinct value instead of once per row.
 */
function textStatsSql(table: Table, c: { name: string; duckType: string }): string {
  const x = c.duckType === 'VARCHAR' ? cleanText('v') : 'CAST(v AS VARCHAR)';
  const w = (cond: string) => `coalesce(sum(w) FILTER (WHERE ${cond}), 0)`;
  return `WITH g AS (SELECT ${ident(c.name)} AS v, count(*) AS w FROM ${ident(table.name)} GROUP BY ALL),
    d AS (SELECT v, w, x, TRY_CAST(trim(x) AS DOUBLE) AS num FROM (SELECT v, w, ${x} AS x FROM g))
    SELECT coalesce(sum(w), 0) AS n, ${w('v IS NOT NULL')} AS rawNonNull, ${w('x IS NOT NULL')} AS nonNull,
      ${w('num IS NOT NULL')} AS num, ${w('num = floor(num)')} AS int,
      ${w(`list_contains(${BOOL_SQL}, lower(trim(x)))`)} AS bool,
      ${w(`x ${DATE_LIKE} AND TRY_CAST(trim(x) AS TIMESTAMP) IS NOT NULL`)} AS date,
      count(x) AS distinct,
      coalesce(sum(w * length(x)) / sum(w) FILTER (WHERE x IS NOT NULL), 0) AS avgLen,
      ${w("contains(trim(x), ' ')")} AS spaced, min(num) AS min, max(num) AS max,
      ${w(`regexp_full_match(x, ${HEX_LIKE})`)} AS hexLike,
      count(*) FILTER (WHERE ${trimMatters('v')}) AS trimMatters
    FROM d`;
}

function toStats(get: (k: string) => unknown): Stats {
  const g = (k: string) => {
    const v = get(k);
    return v === null || v === undefined ? null : Number(v);
  };
  return {
    n: g('n')!,
    rawNonNull: g('rawNonNull')!,
    nonNull: g('nonNull')!,
    num: g('num')!,
    int: g('int')!,
    bool: g('bool')!,
    date: g('date')!,
    distinct: g('distinct')!,
    avgLen: g('avgLen')!,
    spaced: g('spaced')!,
    min: g('min'),
    max: g('max'),
    hexLike: g('hexLike')!,
    trimMatters: g('trimMatters')!,
  };
}

/** Statistics for every column: typed columns a batch per scan, text columns one grouped query each. */
async function columnStats(table: Table): Promise<Stats[]> {
  const out: Stats[] = new Array(table.columns.length);
  const typed = table.columns.map((c, j) => ({ c, j })).filter(({ c }) => !isTextual(c.duckType));
  for (let b = 0; b < typed.length; b += STATS_BATCH) {
    const batch = typed.slice(b, b + STATS_BATCH);
    const r = (await table.db.one(
      `SELECT ${batch.map(({ c, j }) => typedStatsSelect(c, `c${j}_`)).join(', ')} FROM ${ident(table.name)}`,
    ))!;
    for (const { j } of batch) out[j] = toStats((k) => r[`c${j}_${k}`]);
  }
  for (const [j, c] of table.columns.entries()) {
    if (!isTextual(c.duckType)) continue;
    const r = (await table.db.one(textStatsSql(table, c)))!;
    out[j] = toStats((k) => r[k]);
  }
  return out;
}

async function isSequential(table: Table, name: string, expr: string): Promise<boolean> {
  // Integers that step by one in file order (a row counter), or that increase monotonically.
  const r =
    await table.db.one(`SELECT count(*) FILTER (WHERE d = 1) AS ones, count(*) FILTER (WHERE d > 0) AS pos, count(d) AS n
    FROM (SELECT ${expr} - lag(${expr}) OVER (ORDER BY ${ROW}) AS d FROM ${ident(table.name)})`);
  void name;
  const n = Number(r!.n);
  return n > 0 && (Number(r!.ones) / n > 0.95 || Number(r!.pos) === n);
}

function inferType(s: Stats, name: string): ColumnType {
  const nn = s.nonNull;
  if (nn === 0) return 'categorical';
  if (s.bool === nn && s.distinct <= 2) return 'boolean';
  if (s.num / nn >= 0.9) {
    if (s.distinct <= 2 && s.min === 0 && s.max === 1) return 'boolean';
    return s.int === s.num ? 'integer' : 'numeric';
  }
  if (s.date / nn >= 0.9) return 'datetime';
  const unique = s.distinct === nn && nn === s.n;
  if (unique && (ID_NAME.test(name) || s.hexLike / nn > 0.9)) return 'identifier';
  if (s.avgLen > 25 && s.spaced / nn > 0.5 && s.distinct / nn > 0.5) return 'text';
  if (unique && s.spaced / nn < 0.1 && nn > 20) return 'identifier';
  return 'categorical';
}

/** Infer the schema of a loaded table: types from the values, roles from flags and names. */
export async function inferSchema(table: Table, options: InferOptions = {}): Promise<Schema> {
  const names = new Set(table.columns.map((c) => c.name));
  const need = (col: string | undefined, flag: string) => {
    if (col !== undefined && !names.has(col)) {
      throw new InputError(
        `${table.path}: ${flag} column '${col}' does not exist (columns: ${[...names].slice(0, 20).join(', ')})`,
      );
    }
  };
  need(options.target, '--target');
  need(options.time, '--time');
  for (const c of options.id ?? []) need(c, '--id');
  for (const c of options.ignore ?? []) need(c, '--ignore');

  const columns: ColumnSchema[] = [];
  const stats = await columnStats(table);
  for (const [j, c] of table.columns.entries()) {
    const s = stats[j]!;
    let type: ColumnType;
    const st = c.duckType;
    if (options.types?.[c.name]) type = options.types[c.name]!;
    else if (isBoolStorage(st)) type = 'boolean';
    else if (isTimeStorage(st)) type = 'datetime';
    else if (isNumericStorage(st))
      type =
        s.distinct <= 2 && s.min === 0 && s.max === 1
          ? 'boolean'
          : isIntegerStorage(st) || s.int === s.num
            ? 'integer'
            : 'numeric';
    else type = inferType(s, c.name);
    const col: ColumnSchema = {
      name: c.name,
      type,
      role: 'feature',
      storage: st,
      nullable: s.nonNull < s.n,
      missing: s.n - s.nonNull,
      distinct: s.distinct,
    };
    if (st === 'VARCHAR') {
      col.nullSpellings = s.rawNonNull - s.nonNull;
      col.trimMatters = s.trimMatters > 0;
    }
    if (
      type === 'integer' &&
      c.name !== options.target &&
      s.distinct === s.nonNull &&
      s.nonNull === s.n &&
      s.n > 20
    ) {
      // A unique integer column named like an id, or counting rows, is an identifier.
      if (ID_NAME.test(c.name) || (await isSequential(table, c.name, typedExpr(col))))
        col.type = 'identifier';
    }
    if (isNumericType(col.type) && s.min !== null && s.max !== null && col.type !== 'datetime')
      col.domain = { min: s.min, max: s.max };
    columns.push(col);
  }
  for (const col of columns) {
    if (col.name === options.target) col.role = 'target';
    else if (options.id?.includes(col.name) || col.type === 'identifier') col.role = 'id';
    else if (col.name === options.time) col.role = 'time';
    else if (options.ignore?.includes(col.name)) col.role = 'ignored';
  }
  return { rows: table.rowCount, columns };
}

/** Create (or replace) a view of the table with every column typed; returns its name. Column `__row` is kept. */
export async function typedView(table: Table, schema: Schema): Promise<string> {
  const name = `${table.name}_typed`;
  const cols = schema.columns.map((c) => `${typedExpr(c)} AS ${ident(c.name)}`);
  await table.db.run(
    `CREATE OR REPLACE VIEW ${ident(name)} AS SELECT ${ROW}, ${cols.join(', ')} FROM ${ident(table.name)}`,
  );
  return name;
}
