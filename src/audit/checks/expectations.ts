/**
 * Expectation checks: the data against what the user declared (--expect FILE, see expectations-parse.ts).
 * Every violation is an error: the declaration is the contract. One finding per column and expectation,
 * listing the offending rows (1-based, file order) and the most frequent offending values.
 *
 *  - missing_column: a column the file requires (table.required, or named under columns) is absent;
 *  - row_count: the number of rows is outside table.rows {min, max};
 *  - wrong_type: cells whose text is not of the declared type (numeric, integer, boolean, datetime);
 *  - out_of_range: numbers (or datetimes) below min or above max;
 *  - not_allowed_value: values not in the declared `values` list;
 *  - regex_mismatch: text that does not match `regex` as a whole (RE2 syntax, as DuckDB's regexp_full_match);
 *  - unexpected_null: missing cells in a column declared `nullable: false`;
 *  - not_unique: repeated values in a column declared `unique: true` (every row holding a repeat is listed).
 *
 * defaults: none (the thresholds are the declarations).
 */
import { ident, literal } from '../../data/db.js';
import { type ColumnSchema, type ColumnType, cleanText, isNumericType } from '../../data/schema.js';
import { formatValue, isoTime } from '../../profile/format.js';
import { type Finding, finding } from '../../report/finding.js';
import type { AuditContext, Check } from '../check.js';
import type { ColumnExpectation } from '../expectations.js';
import { listed, num, pct, plural, rowsWhere, show } from './support.js';

const TRUE_TOKENS = ['true', 'yes', 't', 'y', '1', '1.0'];
const FALSE_TOKENS = ['false', 'no', 'f', 'n', '0', '0.0'];

/** Declared columns present in the table, with their expectation. */
function declared(
  ctx: AuditContext,
  has: (e: ColumnExpectation) => boolean,
): { c: ColumnSchema; e: ColumnExpectation }[] {
  const byName = new Map(ctx.schema.columns.map((c) => [c.name, c]));
  const out: { c: ColumnSchema; e: ColumnExpectation }[] = [];
  for (const [name, e] of Object.entries(ctx.expectations?.columns ?? {})) {
    const c = byName.get(name);
    if (c && has(e)) out.push({ c, e });
  }
  return out;
}

const anyDeclared = (has: (e: ColumnExpectation) => boolean) => (ctx: AuditContext) =>
  Object.values(ctx.expectations?.columns ?? {}).some(has);

interface Violation {
  column: string;
  count: number;
  present: number;
  rows: number[];
  examples: { value: string; count: number }[];
  /** What was expected, for the message. */
  expected: string;
}

/** Count, rows and the most frequent offending values where `cond` holds (on `from`, the typed view by default). */
async function violation(
  ctx: AuditContext,
  c: ColumnSchema,
  cond: string,
  expected: string,
  shown: string = ident(c.name),
  from: string = ctx.view,
): Promise<Violation | null> {
  const db = ctx.table.db;
  const r = (await db.one(
    `SELECT count(*) FILTER (WHERE ${cond}) AS n, count(${ident(c.name)}) AS p FROM ${ident(from)}`,
  ))!;
  const count = Number(r.n);
  if (count === 0) return null;
  const ex = await db.rows(
    `SELECT ${shown} AS v, count(*) AS n FROM ${ident(from)} WHERE ${cond} GROUP BY 1 ORDER BY n DESC, v NULLS FIRST LIMIT 5`,
  );
  return {
    column: c.name,
    count,
    present: Number(r.p),
    rows: await rowsWhere(ctx, cond, undefined, from),
    examples: ex.map((e) => ({
      value: e.v === null || e.v === undefined ? '' : formatValue(c.type, e.v),
      count: Number(e.n),
    })),
    expected,
  };
}

/** Findings of a violation check: `what` is [one, many] ("value out of range", "values out of range"). */
function report(check: string, what: [string, string], fix: string) {
  return (value: Violation[]): Finding[] =>
    value.map((v) =>
      finding({
        check,
        severity: 'error',
        columns: [v.column],
        rows: v.rows,
        count: v.count,
        value: v.present > 0 ? v.count / v.present : v.count,
        threshold: v.expected,
        message: `${v.column} has ${plural(v.count, what[0], what[1])} (expected ${v.expected})${v.examples.length > 0 && v.examples[0]!.value !== '' ? `: ${listed(v.examples.map((e) => `${show(e.value)} (${e.count.toLocaleString('en-US')})`))}` : ''}`,
        fix,
        evidence: { expected: v.expected, examples: v.examples, present: v.present },
      }),
    );
}

/** Text of a raw cell (null tokens as NULL), from the raw table. */
const rawText = (c: ColumnSchema) =>
  c.storage === 'VARCHAR' ? cleanText(c.name) : `CAST(${ident(c.name)} AS VARCHAR)`;

const fmtBound = (c: ColumnSchema, v: number) => (c.type === 'datetime' ? isoTime(v) : String(v));

export const missingColumn: Check<{ missing: string[]; columns: string[] }> = {
  id: 'missing_column',
  description: 'Columns the expectations require that the data does not have',
  defaults: {},
  applies: (ctx) => ctx.expectations !== undefined,
  compute(ctx) {
    const have = new Set(ctx.schema.columns.map((c) => c.name));
    const wanted = [
      ...new Set([
        ...(ctx.expectations?.table?.required ?? []),
        ...Object.keys(ctx.expectations?.columns ?? {}),
      ]),
    ];
    return { missing: wanted.filter((n) => !have.has(n)), columns: [...have] };
  },
  condition(value) {
    if (value.missing.length === 0) return [];
    return [
      finding({
        check: 'missing_column',
        severity: 'error',
        columns: value.missing,
        count: value.missing.length,
        value: value.missing.length,
        threshold: 0,
        message: `${plural(value.missing.length, 'expected column')} ${value.missing.length === 1 ? 'is' : 'are'} missing: ${listed(
          value.missing.map((m) => show(m)),
          10,
        )}`,
        fix: 'Check the export that produced the file (renamed or dropped columns), or update the expectations.',
        evidence: { missing: value.missing, present: value.columns.slice(0, 50) },
      }),
    ];
  },
};

export const rowCount: Check<{ rows: number; min?: number; max?: number }> = {
  id: 'row_count',
  description: 'Number of rows outside the expected range',
  defaults: {},
  applies: (ctx) => ctx.expectations?.table?.rows !== undefined,
  compute(ctx) {
    return { rows: ctx.schema.rows, ...ctx.expectations!.table!.rows! };
  },
  condition(v) {
    const low = v.min !== undefined && v.rows < v.min;
    const high = v.max !== undefined && v.rows > v.max;
    if (!low && !high) return [];
    const range =
      v.min !== undefined && v.max !== undefined
        ? `${v.min} to ${v.max}`
        : v.min !== undefined
          ? `at least ${v.min}`
          : `at most ${v.max}`;
    return [
      finding({
        check: 'row_count',
        severity: 'error',
        count: v.rows,
        value: v.rows,
        threshold: low ? v.min! : v.max!,
        message: `the data has ${plural(v.rows, 'row')}, expected ${range}`,
        fix: low
          ? 'Check for a truncated export or an over-eager filter upstream.'
          : 'Check for duplicated loads or a missing filter upstream.',
        evidence: { rows: v.rows, min: v.min ?? null, max: v.max ?? null },
      }),
    ];
  },
};

/** SQL: the raw text is not of the declared type. */
function notOfType(text: string, type: ColumnType): string | null {
  const t = `trim(${text})`;
  switch (type) {
    case 'numeric':
      return `TRY_CAST(${t} AS DOUBLE) IS NULL`;
    case 'integer':
      return `(TRY_CAST(${t} AS DOUBLE) IS NULL OR TRY_CAST(${t} AS DOUBLE) <> floor(TRY_CAST(${t} AS DOUBLE)))`;
    case 'boolean':
      return `lower(${t}) NOT IN (${[...TRUE_TOKENS, ...FALSE_TOKENS].map(literal).join(', ')})`;
    case 'datetime':
      return `TRY_CAST(${t} AS TIMESTAMP) IS NULL`;
    default:
      return null;
  }
}

export const wrongType: Check<Violation[]> = {
  id: 'wrong_type',
  description: 'Cells whose text is not of the declared type',
  defaults: {},
  applies: anyDeclared((e) => e.type !== undefined),
  async compute(ctx) {
    const out: Violation[] = [];
    for (const { c, e } of declared(ctx, (e) => e.type !== undefined)) {
      const text = rawText(c);
      const bad = notOfType(text, e.type!);
      if (!bad) continue;
      const inferred = c.type !== e.type ? `; inferred ${c.type}` : '';
      const v = await violation(
        ctx,
        c,
        `(${text} IS NOT NULL AND ${bad})`,
        `${e.type}${inferred}`,
        text,
        ctx.table.name,
      );
      if (v) out.push(v);
    }
    return out;
  },
  condition: report(
    'wrong_type',
    ['value of the wrong type', 'values of the wrong type'],
    'Correct the values at the source, or change the declared type if the data is right.',
  ),
};

export const outOfRange: Check<Violation[]> = {
  id: 'out_of_range',
  description: 'Numbers or dates below the declared min or above the declared max',
  defaults: {},
  applies: anyDeclared((e) => e.min !== undefined || e.max !== undefined),
  async compute(ctx) {
    const out: Violation[] = [];
    for (const { c, e } of declared(ctx, (e) => e.min !== undefined || e.max !== undefined)) {
      const x = isNumericType(c.type) ? ident(c.name) : `TRY_CAST(${ident(c.name)} AS DOUBLE)`;
      const parts: string[] = [];
      if (e.min !== undefined) parts.push(`${x} < ${num(e.min)}`);
      if (e.max !== undefined) parts.push(`${x} > ${num(e.max)}`);
      const range = `${e.min !== undefined ? fmtBound(c, e.min) : '-inf'} to ${e.max !== undefined ? fmtBound(c, e.max) : 'inf'}`;
      const v = await violation(ctx, c, `(${parts.join(' OR ')})`, range, x);
      if (v) out.push(v);
    }
    return out;
  },
  condition: report(
    'out_of_range',
    ['value out of range', 'values out of range'],
    'Correct the listed values (units, typing errors), set impossible ones to missing (mlqa clean), or widen the declared range.',
  ),
};

/** The allowed values as SQL literals of the column's typed value. */
function allowedList(c: ColumnSchema, values: (string | number | boolean)[]): string {
  if (!isNumericType(c.type) || c.type === 'datetime')
    return values.map((v) => literal(String(v))).join(', ');
  const nums: number[] = [];
  for (const v of values) {
    if (typeof v === 'number') nums.push(v);
    else if (typeof v === 'boolean') nums.push(v ? 1 : 0);
    else if (TRUE_TOKENS.includes(v.trim().toLowerCase())) nums.push(1);
    else if (FALSE_TOKENS.includes(v.trim().toLowerCase())) nums.push(0);
    else if (v.trim() !== '' && Number.isFinite(Number(v))) nums.push(Number(v));
  }
  return nums.length > 0 ? nums.map(num).join(', ') : 'NULL';
}

export const notAllowedValue: Check<Violation[]> = {
  id: 'not_allowed_value',
  description: 'Values outside the declared list of allowed values',
  defaults: {},
  applies: anyDeclared((e) => e.values !== undefined),
  async compute(ctx) {
    const out: Violation[] = [];
    for (const { c, e } of declared(ctx, (e) => e.values !== undefined)) {
      const x = ident(c.name);
      const allowed = e.values!.map(String);
      const v = await violation(
        ctx,
        c,
        `(${x} IS NOT NULL AND ${x} NOT IN (${allowedList(c, e.values!)}))`,
        `one of ${listed(
          allowed.map((a) => show(a)),
          8,
        )}`,
      );
      if (v) out.push(v);
    }
    return out;
  },
  condition: report(
    'not_allowed_value',
    ['value not allowed', 'values not allowed'],
    'Map the values to allowed ones (typos, spelling variants), or add them to the declared values if they are legitimate.',
  ),
};

export const regexMismatch: Check<Violation[]> = {
  id: 'regex_mismatch',
  description: 'Text that does not match the declared pattern',
  defaults: {},
  applies: anyDeclared((e) => e.regex !== undefined),
  async compute(ctx) {
    const out: Violation[] = [];
    for (const { c, e } of declared(ctx, (e) => e.regex !== undefined)) {
      const text = rawText(c);
      const v = await violation(
        ctx,
        c,
        `(${text} IS NOT NULL AND NOT regexp_full_match(${text}, ${literal(e.regex!)}))`,
        `to match /${e.regex}/`,
        text,
        ctx.table.name,
      );
      if (v) out.push(v);
    }
    return out;
  },
  condition: report(
    'regex_mismatch',
    ['value not matching the pattern', 'values not matching the pattern'],
    'Correct the values at the source, or fix the pattern if the data is right.',
  ),
};

export const unexpectedNull: Check<Violation[]> = {
  id: 'unexpected_null',
  description: 'Missing cells in columns declared not nullable',
  defaults: {},
  applies: anyDeclared((e) => e.nullable === false),
  async compute(ctx) {
    const out: Violation[] = [];
    for (const { c } of declared(ctx, (e) => e.nullable === false)) {
      const v = await violation(ctx, c, `${ident(c.name)} IS NULL`, 'no missing value');
      if (v) out.push({ ...v, present: ctx.schema.rows, examples: [] });
    }
    return out;
  },
  condition(value) {
    return value.map((v) =>
      finding({
        check: 'unexpected_null',
        severity: 'error',
        columns: [v.column],
        rows: v.rows,
        count: v.count,
        value: v.count / v.present,
        threshold: 0,
        message: `${v.column} is declared not nullable but is missing in ${plural(v.count, 'row')} (${pct(v.count / v.present)})`,
        fix: 'Fill the values at the source, or drop the rows; if missing values are legitimate, declare nullable: true.',
        evidence: { missing: v.count, rows: v.present },
      }),
    );
  },
};

export const notUnique: Check<Violation[]> = {
  id: 'not_unique',
  description: 'Repeated values in columns declared unique',
  defaults: {},
  applies: anyDeclared((e) => e.unique === true),
  async compute(ctx) {
    const out: Violation[] = [];
    for (const { c } of declared(ctx, (e) => e.unique === true)) {
      const x = ident(c.name);
      const dups = `${x} IN (SELECT ${x} FROM ${ident(ctx.view)} WHERE ${x} IS NOT NULL GROUP BY 1 HAVING count(*) > 1)`;
      const v = await violation(ctx, c, dups, 'every value once');
      if (v) out.push(v);
    }
    return out;
  },
  condition(value) {
    return value.map((v) =>
      finding({
        check: 'not_unique',
        severity: 'error',
        columns: [v.column],
        rows: v.rows,
        count: v.count,
        value: v.count / v.present,
        threshold: 1,
        message: `${v.column} is declared unique but ${plural(v.count, 'row')} share a value: ${listed(v.examples.map((e) => `${show(e.value)} (${e.count.toLocaleString('en-US')}x)`))}`,
        fix: 'Remove duplicated records (mlqa clean: drop duplicates) or fix the key generation upstream.',
        evidence: { repeated: v.examples, present: v.present },
      }),
    );
  },
};

/** The expectation checks, in the order they run. */
export const expectationChecks = [
  missingColumn,
  rowCount,
  wrongType,
  outOfRange,
  notAllowedValue,
  regexMismatch,
  unexpectedNull,
  notUnique,
] as Check[];
