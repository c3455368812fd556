/**
 * Reading an expectations file (YAML or JSON; JSON is read as YAML, so both work whatever the extension).
 * The file is validated strictly: an unknown key, a wrong type or an impossible range is an InputError
 * naming the file and the place in it, never a silently ignored expectation.
 *
 * ```yaml
 * table:
 *   rows: { min: 1000 }
 *   required: [id, price]
 * columns:
 *   price: { type: numeric, min: 0, nullable: false }
 *   sold_at: { type: datetime, min: 2020-01-01 }
 *   status: { values: [open, closed] }
 *   id: { unique: true, regex: "[A-Z]{2}-\\d+" }
 * ```
 * `columns` may also be a list of mappings with a `name`. Datetime bounds may be ISO dates or epoch ms.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ColumnType } from '../data/schema.js';
import { InputError } from '../errors.js';
import type { ColumnExpectation, Expectations } from './expectations.js';

const TYPES: ColumnType[] = [
  'numeric',
  'integer',
  'boolean',
  'categorical',
  'datetime',
  'text',
  'identifier',
];
const COLUMN_KEYS = ['type', 'min', 'max', 'values', 'regex', 'nullable', 'unique'] as const;
const TABLE_KEYS = ['rows', 'required'] as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function kind(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Why a pattern cannot be used, or null. Patterns run as RE2 (DuckDB's regexp_full_match), which has no
 * lookaround and no backreferences; other syntax errors are found by compiling the pattern as JavaScript
 * (with RE2's `(?P<name>` spelled `(?<name>`), which agrees with RE2 on the syntax both share.
 */
export function regexProblem(pattern: string): string | null {
  // Escaped characters cannot open a group or be a backreference: drop them first.
  const bare = pattern.replace(/\\[^1-9]/g, '');
  if (/\(\?<?[=!]/.test(bare)) return 'lookaround ((?=, (?!, (?<=, (?<!) is not supported';
  if (/\\[1-9]/.test(bare)) return 'backreferences (\\1 ...) are not supported';
  try {
    new RegExp(pattern.replaceAll('(?P<', '(?<'), 'u');
    return null;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return `invalid pattern (${msg.replace(/^Invalid regular expression: \/.*\/u?: /, '')})`;
  }
}

class Reader {
  constructor(readonly path: string) {}

  fail(where: string, msg: string): never {
    throw new InputError(`${this.path}: ${where}: ${msg}`);
  }

  keys(o: Obj, where: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(where, `unknown key '${k}' (expected ${allowed.join(', ')})`);
    }
  }

  /** A number, or (when `dates`) an ISO date/time given as text or parsed by YAML, as epoch ms. */
  bound(v: unknown, where: string): number {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v.trim())) {
      const s = v.trim();
      // Dates without a zone are UTC, as the audit reads them.
      const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) || s.length <= 10 ? s : `${s.replace(' ', 'T')}Z`);
      if (!Number.isNaN(ms)) return ms;
    }
    return this.fail(where, `expected a number or an ISO date, got ${kind(v)}`);
  }

  bool(v: unknown, where: string): boolean {
    if (typeof v !== 'boolean') this.fail(where, `expected true or false, got ${kind(v)}`);
    return v;
  }

  column(raw: unknown, where: string): ColumnExpectation {
    if (raw === null || raw === undefined) return {};
    if (!isObj(raw)) this.fail(where, `expected a mapping of expectations, got ${kind(raw)}`);
    this.keys(raw, where, [...COLUMN_KEYS]);
    const e: ColumnExpectation = {};
    if (raw.type !== undefined) {
      if (!TYPES.includes(raw.type as ColumnType))
        this.fail(`${where}.type`, `expected one of ${TYPES.join(', ')}, got ${kind(raw.type)}`);
      e.type = raw.type as ColumnType;
    }
    if (raw.min !== undefined) e.min = this.bound(raw.min, `${where}.min`);
    if (raw.max !== undefined) e.max = this.bound(raw.max, `${where}.max`);
    if (e.min !== undefined && e.max !== undefined && e.min > e.max)
      this.fail(where, `min (${raw.min}) is greater than max (${raw.max})`);
    if (raw.values !== undefined) {
      const vs = raw.values;
      if (!Array.isArray(vs) || vs.length === 0)
        this.fail(`${where}.values`, `expected a non-empty list, got ${kind(vs)}`);
      e.values = vs.map((v, i) => {
        if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
          return v;
        return this.fail(`${where}.values[${i}]`, `expected a string, number or boolean, got ${kind(v)}`);
      });
    }
    if (raw.regex !== undefined) {
      if (typeof raw.regex !== 'string' || raw.regex === '')
        this.fail(`${where}.regex`, `expected a pattern, got ${kind(raw.regex)}`);
      const problem = regexProblem(raw.regex);
      if (problem) this.fail(`${where}.regex`, `${problem} in ${JSON.stringify(raw.regex)}`);
      e.regex = raw.regex;
    }
    if (raw.nullable !== undefined) e.nullable = this.bool(raw.nullable, `${where}.nullable`);
    if (raw.unique !== undefined) e.unique = this.bool(raw.unique, `${where}.unique`);
    return e;
  }

  columns(raw: unknown): Record<string, ColumnExpectation> {
    const out: Record<string, ColumnExpectation> = {};
    if (raw === null || raw === undefined) return out;
    if (Array.isArray(raw)) {
      raw.forEach((item, i) => {
        const where = `columns[${i}]`;
        if (!isObj(item) || typeof item.name !== 'string' || item.name === '')
          this.fail(where, 'expected a mapping with a name');
        const { name, ...rest } = item as Obj & { name: string };
        if (name in out) this.fail(where, `column '${name}' is listed twice`);
        out[name] = this.column(rest, `columns.${name}`);
      });
      return out;
    }
    if (!isObj(raw))
      this.fail('columns', `expected a mapping from column names to expectations, got ${kind(raw)}`);
    for (const [name, e] of Object.entries(raw)) out[name] = this.column(e, `columns.${name}`);
    return out;
  }

  table(raw: unknown): NonNullable<Expectations['table']> {
    if (!isObj(raw)) this.fail('table', `expected a mapping, got ${kind(raw)}`);
    this.keys(raw, 'table', TABLE_KEYS);
    const t: NonNullable<Expectations['table']> = {};
    if (raw.rows !== undefined) {
      if (!isObj(raw.rows))
        this.fail('table.rows', `expected a mapping with min and/or max, got ${kind(raw.rows)}`);
      this.keys(raw.rows, 'table.rows', ['min', 'max']);
      const count = (v: unknown, where: string) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
          this.fail(where, `expected a whole number >= 0, got ${kind(v)}`);
        return v;
      };
      t.rows = {};
      if (raw.rows.min !== undefined) t.rows.min = count(raw.rows.min, 'table.rows.min');
      if (raw.rows.max !== undefined) t.rows.max = count(raw.rows.max, 'table.rows.max');
      if (t.rows.min !== undefined && t.rows.max !== undefined && t.rows.min > t.rows.max)
        this.fail('table.rows', 'min is greater than max');
    }
    if (raw.required !== undefined) {
      const r = raw.required;
      if (!Array.isArray(r) || !r.every((x) => typeof x === 'string' && x !== ''))
        this.fail('table.required', `expected a list of column names, got ${kind(r)}`);
      t.required = r as string[];
    }
    return t;
  }

  expectations(raw: unknown): Expectations {
    if (raw === null || raw === undefined) return {};
    if (!isObj(raw))
      this.fail('top level', `expected a mapping with 'columns' and/or 'table', got ${kind(raw)}`);
    this.keys(raw, 'top level', ['columns', 'table']);
    const out: Expectations = {};
    if (raw.columns !== undefined) out.columns = this.columns(raw.columns);
    if (raw.table !== undefined) out.table = this.table(raw.table);
    return out;
  }
}

/** Validate a parsed expectations document (`path` names it in errors). */
export function validateExpectations(raw: unknown, path = 'expectations'): Expectations {
  return new Reader(path).expectations(raw);
}

/** Read and validate an expectations file. */
export function parseExpectations(path: string): Expectations {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: cannot read expectations file${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InputError(`${path}: not valid YAML or JSON: ${msg}`);
  }
  return validateExpectations(doc, path);
}
